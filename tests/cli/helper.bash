# helper.bash: shared set-up for the CLI tests.
POOLVIZ=${POOLVIZ:-$BATS_TEST_DIRNAME/../../poolviz}

# line_ms LABEL: the ms of the line "LABEL: Nms" in $output.
line_ms() {
	printf '%s\n' "$output" | sed -n "s/^$1: \([0-9][0-9]*\)ms\$/\1/p"
}

# openssl_key DIGEST PASS SALT ITER KEYLEN: lowercase hex from openssl kdf.
openssl_key() {
	openssl kdf -keylen "$5" -kdfopt "digest:$1" -kdfopt "pass:$2" \
	    -kdfopt "salt:$3" -kdfopt "iter:$4" PBKDF2 | tr -d ':\n' | tr 'A-F' 'a-f'
}

bats_require_minimum_version 1.5.0

# explain_failure: for a teardown. After a test that failed, the last
# run's status and the end of what it wrote, so that a failure in CI's
# log says what poolviz said, not only which assertion fell; nothing
# after a test that passed or ran nothing. (bats shows a teardown's
# output only for a test that failed.)
explain_failure() {
	[ -z "${BATS_TEST_COMPLETED:-}" ] || return 0
	[ -n "${status+x}" ] || return 0
	echo "the last run's status: $status"
	printf '%s\n' "${output-}" | tail -n 20 | sed "s/^/the last run's stdout: /"
	[ -z "${stderr-}" ] || printf '%s\n' "$stderr" | tail -n 20 | sed "s/^/the last run's stderr: /"
}

# A file with no teardown of its own still explains its failures; one
# with its own calls explain_failure first.
teardown() {
	explain_failure
}

# spin: one process spinning on a CPU, a noisy neighbour, its PID in
# $spinner; stop_spinner, in a test or its teardown, ends it by that PID
# and forgets it (status 0, as the spinner's own is that of its kill).
spin() {
	sh -c 'while :; do :; done' &
	spinner=$!
}
stop_spinner() {
	if [ -n "${spinner:-}" ]; then
		kill "$spinner" 2>/dev/null
		wait "$spinner" 2>/dev/null
		spinner=""
	fi
}

# slowness: how many times longer than on a quiet machine a wait may take
# now: the load average over the CPUs, rounded up, at least 1, read at each
# call (POOLVIZ_TEST_SLOWNESS, a whole number, overrides it). A test bounds
# a wait by ceiling rather than by a fixed number of seconds, so that one
# run beside other work does not fail for it.
slowness() {
	local load rest cpus
	if [ -n "${POOLVIZ_TEST_SLOWNESS:-}" ]; then
		echo "$POOLVIZ_TEST_SLOWNESS"
		return
	fi
	read -r load rest </proc/loadavg 2>/dev/null || load=0
	cpus=$(nproc 2>/dev/null || echo 1)
	awk -v l="$load" -v n="$cpus" 'BEGIN { f = l / n; if (f > int(f)) f = int(f) + 1
	    print (f < 1) ? 1 : f }'
}

# ceiling SECS: SECS times slowness, the bound of a wait for an event.
ceiling() {
	echo $(($1 * $(slowness)))
}

# untraced CMD...: CMD (a function of this shell: it may set variables)
# with bats's DEBUG trap off, its status kept. bats runs that trap before
# each simple command of a test, to know the line of a failure: about
# 0.3 ms of CPU each here, where a poll's loop runs thousands of commands
# (a loop of 20,000 took 7.7 s instead of 0.04). A poll runs untraced: a
# failure in it is reported at the line that called it. CMD runs as the
# left of ||, so errexit does not stop it: a poll says its failures by
# its status, and never relies on errexit. (Its locals are named for it:
# CMD may set any other variable of the caller.)
untraced() {
	local untraced_trap untraced_rc=0
	untraced_trap=$(trap -p DEBUG)
	trap - DEBUG
	"$@" || untraced_rc=$?
	nap_close
	eval "$untraced_trap"
	return "$untraced_rc"
}

# nap SECS: wait SECS (a fraction) between two looks of a poll, without
# a process: sleep(1) is a fork and an exec each time, about 7 ms of CPU
# here (a nap, 0.2), and a poll looks thousands of times. It reads, with
# a time limit, a pipe of its own that nothing writes (opened on first
# use; the untraced call around the poll closes it, so that no run
# started later inherits it).
nap() {
	[ -n "${nap_fd:-}" ] || exec {nap_fd}<> <(:)
	read -r -t "$1" -u "$nap_fd" _ || true
}
nap_close() {
	[ -z "${nap_fd:-}" ] || exec {nap_fd}>&-
	nap_fd=
}

# wait_until SECS CMD...: until CMD succeeds, polled every 50 ms; 1 when it
# has not after ceiling SECS. CMD runs in this shell: it may set variables.
wait_until() {
	untraced poll_until "$@"
}
poll_until() {
	local secs=$1 end
	end=$((SECONDS + $(ceiling "$1")))
	shift
	until "$@"; do
		if [ "$SECONDS" -ge "$end" ]; then
			echo "wait_until: '$*' still fails after $(ceiling "$secs") s" >&2
			return 1
		fi
		nap 0.05
	done
}

# iters N: N iterations for a run whose length a test needs (one it
# watches, interrupts or signals while it goes, or, in the files that
# time the machine, one whose times it compares), not for a count it
# checks: N over POOLVIZ_HASH_SLOWDOWN, how many times longer a
# sanitized build takes over a hash (tests/run.sh sets it), so that the
# run lasts about as long on every build.
iters() {
	echo $(($1 / ${POOLVIZ_HASH_SLOWDOWN:-1}))
}

# run_split CMD...: like run, but stdout in $output and stderr in $stderr.
run_split() {
	run --separate-stderr "$@"
}

# start_bg CMD...: run CMD in the background with its stdout on a pipe.
# Sets bg_pid and bg_out, a descriptor of our own: bash closes a coproc's
# descriptors when it exits, which would race with reading what it wrote.
# A script's background job starts with SIGINT ignored, and poolviz keeps
# a signal ignored at start ignored: CMD gets the default actions back, as
# a terminal's foreground job has them.
start_bg() {
	coproc BG { exec env --default-signal=INT,TERM "$@"; }
	bg_pid=$BG_PID
	exec {bg_out}<&"${BG[0]}"
}

# wait_for_pool PID: until PID is poolviz (not yet the shell or env(1)
# that execs it) and libuv's pool exists, that is until the loop handles
# signals. The pool's threads are told apart from pool_probe's short-lived
# ones (just as many, made before the run) by their signal mask: the
# probe's block every signal, the pool's only SIGINT and SIGTERM, so a
# thread with SIGHUP (bit 0 of SigBlk) open is the pool's. Polls with
# builtins only, bounded, rather than sleeping for a guessed time.
wait_for_pool() {
	local n=0 comm t key blk
	while [ "$n" -lt 1000000 ]; do
		comm=
		read -r comm 2>/dev/null <"/proc/$1/comm" || return 1
		if [ "$comm" = poolviz ]; then
			for t in /proc/"$1"/task/*; do
				if [ "${t##*/}" = "$1" ]; then continue; fi
				# A thread may end between the glob and the read.
				key='' blk=''
				{ while read -r key blk; do
					if [ "$key" = SigBlk: ]; then break; fi
				done <"$t/status"; } 2>/dev/null || continue
				if [ "$key" = SigBlk: ] && [ -n "$blk" ] &&
				    (( (16#$blk & 1) == 0 )); then
					return 0
				fi
			done
		fi
		n=$((n + 1))
	done
	return 1
}

# nobody_turn: for a test that runs poolviz as nobody (setpriv to uid
# 65534): skips where that cannot be done, then takes its turn. make test
# runs hardening.bats's and hardening3.bats's release and ASan copies side
# by side, and each such test needs nobody to itself: without the turns
# one saw another's processes as nobody's and skipped (ci32, beside two
# spinners). The lock is held until the test's shell ends.
nobody_turn() {
	[ "$(id -u)" -eq 0 ] || skip "setpriv to nobody needs root"
	command -v setpriv >/dev/null || skip "no setpriv"
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$POOLVIZ" ||
	    skip "nobody cannot run $POOLVIZ"
	exec {nobody_lock}>"${TMPDIR:-/tmp}/poolviz-tests-nobody.lock"
	flock -w "$(ceiling 60)" "$nobody_lock"
	[ -z "$(pgrep -u 65534 || true)" ] || skip "nobody already runs processes here"
}

# min_px FILE: the smallest text of SVG FILE, in px, on a slide 1600 px
# wide: the least font-size times 1600 over the viewBox's width.
min_px() {
	local w
	w=$(grep -o 'viewBox="0 0 [0-9.]*' "$1" | head -n 1 | awk '{ print $3 }')
	grep -o 'font-size="[0-9.]*"' "$1" | tr -dc '0-9.\n' |
	    awk -v w="$w" 'NR == 1 || $1 < m { m = $1 }
		END { if (w > 0 && NR > 0) printf "%d\n", m * 1600 / w; else print 0 }'
}
