#!/bin/sh
# run.sh: run every suite, count TAP results, end with "N passed, N failed".
# Suites: cmocka unit tests and bats CLI tests, on the release build and on
# the ASan/UBSan build (and TSan, valgrind and fuzzing where they exist).
# usage: tests/run.sh [quick]   (quick: the release build's unit tests and
#        the quick loop's CLI files, below)
set -u
mode=${1:-full}
cd "$(dirname "$0")/.." || exit 2

# A test that hangs fails after this many seconds instead of hanging the suite.
export BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-180}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0 failed=0 skipped=0

# busy_ticks: the clock ticks all CPUs spent busy so far (/proc/stat's cpu
# line less idle and iowait), or nothing where there is no /proc/stat.
busy_ticks() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat 2>/dev/null
}
# cpu_share TICKS0 SECS: ", N% of the CPUs": how busy the machine's CPUs
# were, whoever used them, since busy_ticks printed TICKS0, SECS ago; where
# the time is spent waiting, not computing, the share is low.
cpu_share() {
	b1=$(busy_ticks)
	[ -n "$1" ] && [ -n "$b1" ] && [ "$2" -gt 0 ] || return 0
	hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
	n=$(nproc 2>/dev/null || echo 1)
	printf ', %s%% of the CPUs' $(((b1 - $1) * 100 / (hz * n * $2)))
}

# suite NAME CMD...: run one TAP producer; a crash or a non-zero exit with
# no failing test in it counts as one failure, so nothing is lost quietly.
suite() {
	name=$1
	shift
	t0=$(date +%s)
	b0=$(busy_ticks)
	"$@" >"$log" 2>&1
	rc=$?
	t1=$(($(date +%s) - t0))
	printf '== %s (%ss%s)\n' "$name" "$t1" "$(cpu_share "$b0" "$t1")"
	p=$(grep -c '^ok ' "$log" | tr -d ' ')
	s=$(grep -c '^ok .*# [sS][kK][iI][pP]' "$log" | tr -d ' ')
	f=$(grep -c '^not ok ' "$log" | tr -d ' ')
	p=$((p - s))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	if [ "$f" -gt 0 ]; then
		cat "$log"
	else
		grep -E '^(ok|not ok|==) ' "$log" | sed 's/^/  /'
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
}

builds="release asan"
[ "$mode" = quick ] && builds=release
for build in $builds; do
	for t in build/$build/tests/test_*; do
		[ -x "$t" ] || continue
		suite "$build unit $(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
	done
done

# The CLI files. Those whose assertions compare times or CPU shares with
# what the machine had (a spinner's share, a pool's speed-up, a heartbeat's
# gap, a check's verdict on units of a few ms) run alone: one test at a
# time, with nothing else of the suite beside them. The others run --jobs at once (GNU parallel,
# scripts/deps.sh test installs it), each test in its own process and
# temporary directory; their waits are on events, bounded by ceilings that
# grow with the load (helper.bash).
alone="article busy check ci dns lessons pool scenarios serial sweep work"
jobs=${POOLVIZ_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
command -v parallel >/dev/null 2>&1 || jobs=1
# The quick loop's files (make check): the article's lines, checks and
# baselines, options, outputs and formats; make test adds the others
# (busy, dns, lessons, scenarios, serial, sweep, work, ci, signals,
# hardening, hardening3, live, docs, lint, memory and node).
quick="article check pool options kdf layout tables html doctor formats"
only=
[ "$mode" = quick ] && only=$quick
# cli_files alone|together [NAME...]: the CLI files of that kind, but
# NAMEs (and in the quick loop, only its files).
cli_files() {
	kind=$1
	shift
	for f in tests/cli/*.bats; do
		b=$(basename "$f" .bats)
		case " $* " in *" $b "*) continue ;; esac
		if [ -n "$only" ]; then
			case " $only " in *" $b "*) ;; *) continue ;; esac
		fi
		case " $alone " in
		*" $b "*) [ "$kind" = alone ] && printf '%s ' "$f" ;;
		*) [ "$kind" = together ] && printf '%s ' "$f" ;;
		esac
	done
}
release() {
	env POOLVIZ="$PWD/poolviz" "$@"
}
# ASan: every CLI file but docs.bats (the documents and make install, the
# same on any build), lint.bats (the bats lint, which runs no poolviz; its
# run over tests/cli took 42 s of shellcheck on each build) and live.bats,
# whose tmux waits take
# two and a half minutes on this build; of it, the drawing thread's run
# and its Ctrl-C, which cover every path of the live renderer's memory
# (the release build runs it whole).
# OpenSSL allocates and frees a context on each PBKDF2 iteration, and ASan's
# default 256 MB quarantine turns that churn into page faults: a unit took
# 3.5 times its release time. A 16 MB quarantine still holds poolviz's own
# freed blocks for many thousands of allocations, and halves the CLI files'
# time under ASan (check and work: 68 s to 38 s).
asan() {
	env POOLVIZ="$PWD/build/asan/poolviz" POOLVIZ_SANITIZED=1 \
	    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=16 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$@"
}
asan_skip="docs lint live"

# side_by_side CMD1 CMD2: both commands at once, each into a log of its
# own; then both logs, each ending with a line "== CMD: status N, Ts",
# and status 1 when either failed.
side_by_side() {
	l1=$(mktemp)
	l2=$(mktemp)
	t0=$(date +%s)
	("$1" >"$l1" 2>&1; echo "== $1: status $?, $(($(date +%s) - t0))s" >>"$l1") &
	p1=$!
	("$2" >"$l2" 2>&1; echo "== $2: status $?, $(($(date +%s) - t0))s" >>"$l2") &
	p2=$!
	wait "$p1"
	wait "$p2"
	cat "$l1" "$l2"
	rc=0
	grep -q "^== $1: status 0," "$l1" || rc=1
	grep -q "^== $2: status 0," "$l2" || rc=1
	rm -f "$l1" "$l2"
	return "$rc"
}

# The release side of the files run together.
release_together() {
	# shellcheck disable=SC2046 # the file list is split on purpose
	release bats --tap --timing --jobs "$jobs" $(cli_files together)
}

# The ASan side of the files run together: its files, then of live.bats
# the drawing thread's run and its Ctrl-C.
asan_together() {
	rc=0
	# shellcheck disable=SC2046 # the file list is split on purpose
	asan bats --tap --timing --jobs "$jobs" $(cli_files together $asan_skip) || rc=1
	asan bats --tap --timing --jobs "$jobs" \
		-f 'frames that change while the run goes|Ctrl-C during --live leaves' \
		tests/cli/live.bats || rc=1
	return "$rc"
}

# shellcheck disable=SC2046 # the file lists are split on purpose
suite "release cli, alone" release bats --tap --timing $(cli_files alone)
if [ "$mode" = quick ]; then
	# shellcheck disable=SC2046
	suite "release cli, together" release bats --tap --timing --jobs "$jobs" \
		$(cli_files together)
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
fi
# shellcheck disable=SC2046
suite "asan cli, alone" asan bats --tap --timing $(cli_files alone $asan_skip)
# The release and ASan builds' other files, side by side.
# shellcheck disable=SC2046
suite "release and asan cli, together" side_by_side release_together asan_together

# TSan: its own build, which the test target does not make (a failed build
# is one failure). Any report ends its run with status 66.
tsan_options=halt_on_error=1:exitcode=66:second_deadlock_stack=1
suite "tsan build" make -s -j"$(nproc 2>/dev/null || echo 2)" tsan-build
for t in build/tsan/tests/test_*; do
	[ -x "$t" ] || continue
	suite "tsan unit $(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP \
		TSAN_OPTIONS="$tsan_options" "$t"
done
# The CLI files whose runs start threads in every way poolviz does (the
# pool, offload's worker thread, signals while they run, the other works):
# races live there, and TSan triples a test's time, so the option, format,
# file and load tests run under the release and ASan builds only.
tsan() {
	env POOLVIZ="$PWD/build/tsan/poolviz" POOLVIZ_SANITIZED=1 \
	    TSAN_OPTIONS="$tsan_options" "$@"
}
tsan_cli="article pool scenarios signals lessons work"
suite "tsan cli" tsan bats --tap --timing \
	$(for f in $tsan_cli; do printf 'tests/cli/%s.bats ' "$f"; done)
# Of live.bats, the runs where --live's drawer races the loop, a blocked
# main thread, offload's thread and a Ctrl-C; the rest waits on tmux.
suite "tsan cli live" tsan bats --tap --timing \
	-f 'frames that change while the run goes|--live in the|Ctrl-C during --live' \
	tests/cli/live.bats

# Three suites that time nothing, side by side: memcheck on the release
# build (errors and definite or indirect leaks fail), which keeps one CPU;
# beside it libFuzzer on options_parse for 12 s and the baseline reader for
# 6 s (one TAP line each, their logs in .fuzz-out/), then the replay page
# (--html) in headless Chromium: every scenario's page from the release
# build, played, stepped, themed and screenshotted into build/browser/
# (projector-1920x1080.png among them).
memcheck() {
	sh scripts/valgrind.sh
}
fuzz_and_browser() {
	rc=0
	make -s -j"$(nproc 2>/dev/null || echo 2)" fuzz-short || rc=1
	env POOLVIZ="$PWD/poolviz" \
	    UNIT_HTML="$PWD/build/release/tests/test_render_html" \
	    node tests/browser/replay.test.mjs || rc=1
	return "$rc"
}
suite "valgrind, fuzz and browser" side_by_side memcheck fuzz_and_browser

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
