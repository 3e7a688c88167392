#!/bin/sh
# valgrind.sh: poolviz under valgrind's memcheck, one TAP line per run.
# usage: scripts/valgrind.sh   (POOLVIZ=path picks the binary; ./poolviz)
#
# A run passes when poolviz exits as expected and memcheck found no error:
# leaks definitely or indirectly lost count as errors, "still reachable"
# does not, since OpenSSL's atexit clean-up is off on purpose
# (OPENSSL_INIT_NO_ATEXIT in src/work/pbkdf2.c and src/work/scrypt.c). memcheck's findings for a failed run follow it as comments.
set -u
cd "$(dirname "$0")/.." || exit 2
poolviz=${POOLVIZ:-./poolviz}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
n=0 failed=0

# vg STATUS NAME ARGS...: poolviz ARGS under memcheck must exit STATUS
# (a comma-separated list where more than one status is fine).
vg() {
	want=$1 name=$2
	shift 2
	n=$((n + 1))
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --error-exitcode=99 "$poolviz" "$@" >/dev/null 2>"$log"
	rc=$?
	case ",$want," in
	*",$rc,"*) rc_ok=1 ;;
	*) rc_ok=0 ;;
	esac
	if [ "$rc_ok" -eq 1 ]; then
		echo "ok $n - $name"
	else
		failed=$((failed + 1))
		why="exit $rc, expected $want"
		[ "$rc" -eq 99 ] && why="memcheck found errors"
		echo "not ok $n - $name: $why"
		echo "# poolviz $*"
		sed 's/^/# /' "$log"
	fi
}

if ! command -v valgrind >/dev/null 2>&1; then
	echo "not ok 1 - valgrind is not installed (make deps-test installs it)"
	exit 1
fi
if [ ! -x "$poolviz" ]; then
	echo "not ok 1 - no $poolviz to run (make poolviz)"
	exit 1
fi

# One line per run: the exit status it must end with, a name, the arguments.
# 200 iterations take the same paths as 2000: under memcheck the
# scenarios print the same lines but for their numbers (blocked and starve
# compared so); 2000 took 3.0 s a run, 200 take 1.3.
vg 0 "the article's run"		--calls 4 --pool 4 --iterations 200
vg 0 "--no-sync"			--calls 4 --pool 4 --iterations 200 --no-sync
vg 0 "--calls 0"			--calls 0 --iterations 200
vg 0 "--print-key"			--calls 4 --pool 4 --iterations 200 --print-key
vg 0 "more hashes than workers"		--calls 12 --pool 3 --iterations 200 --no-sync
vg 0 "scenario blocked"		--scenario blocked --calls 2 --pool 2 --iterations 200
vg 0 "scenario starve"		--scenario starve --calls 2 --pool 2 --iterations 200
vg 0 "--format json"		--calls 2 --pool 2 --iterations 200 --format json
vg 0 "timeline"			--calls 2 --pool 2 --iterations 200 --timeline
# valgrind runs one thread at a time: the checks' timing may fail (1), or
# be inconclusive (3: at times no thread of it runs or waits, which looks
# like a stop); memory may not.
vg 0,1,3 "repeat, check and json"	--calls 1 --pool 1 --iterations 200 --repeat 2 --check --tolerance 1000 --format json
vg 2 "bad input: exit 2"		--calls 4x
vg 2 "unknown digest: exit 2"		--digest sha999
vg 2 "digest unusable for PBKDF2"	--digest shake256
vg 0 "--help"				--help
vg 0 "--version"			--version

echo "1..$n"
[ "$failed" -eq 0 ]
