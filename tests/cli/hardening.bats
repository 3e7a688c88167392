#!/usr/bin/env bats
# hardening.bats: closed standard streams, exhausted resources, fatal
# signals, blocking opens and sweeps whose children misbehave.

load helper

# Signals go to PIDs the test started, with the default actions given
# back (a script's background jobs start with SIGINT and SIGQUIT ignored).
# Every wait is bounded: a process that ignored its signal fails the test
# instead of hanging it, and teardown kills what is left.

setup() {
	tmp=$(mktemp -d)
	pids=()
}

teardown() {
	explain_failure
	local p
	for p in "${pids[@]}" $(cat "$tmp"/*.pid 2>/dev/null); do
		kill -KILL "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
	# A poolviz that replaced /dev/stdout as root (the bug the stdout
	# test looks for) must not leave the system without it.
	if [ "$(id -u)" -eq 0 ] && [ -f /dev/stdout ] && [ ! -L /dev/stdout ]; then
		if rm -f /dev/stdout; then ln -s /proc/self/fd/1 /dev/stdout; fi
	fi
}

# bg CMD...: start CMD in the background with every default action back;
# sets pid. Its stdout and stderr go where the caller redirected them.
bg() {
	env --default-signal=HUP,INT,QUIT,TERM,USR1,USR2,ALRM "$@" &
	pid=$!
	pids+=("$pid")
}

# has_child: whether $pid has a child yet; sets child.
has_child() {
	child=$(pgrep -P "$pid" || true)
	[ -n "$child" ]
}

# child_is_poolviz: whether $pid's child is poolviz yet (no longer the
# shell that execs it); sets child.
child_is_poolviz() {
	has_child || return 1
	[ "$(cat "/proc/$child/comm")" = poolviz ]
}

# gone_or_zombie PID: PID is gone, or a zombie waiting for init to reap it.
gone_or_zombie() {
	local st
	st=$(ps -o stat= -p "$1" || true)
	[ -z "$st" ] || [[ "$st" == Z* ]]
}

# ends_within SECS PID: PID ends within ceiling SECS seconds (SECS on a
# quiet machine, helper.bash); then sets status to its exit status as the
# shell reports it (128 + N for signal N).
ends_within() {
	timeout "$(ceiling "$1")" tail --pid="$2" -f /dev/null || return 1
	status=0
	wait "$2" || status=$?
}

# blocked_in PID WCHAN: until PID sleeps in the kernel function WCHAN
# (a prefix), polled every 25 ms for ceiling 10 s (helper.bash).
blocked_in() {
	local w
	for _ in $(seq $((400 * $(slowness)))); do
		w=$(cat "/proc/$1/wchan" 2>/dev/null) || return 1
		if [[ "$w" == *"$2"* ]]; then return 0; fi
		sleep 0.025
	done
	echo "pid $1 never blocked in $2 (last: $w)" >&2
	return 1
}

# only_left NAMES...: $tmp holds exactly these names (no temporary file).
only_left() {
	local got want=
	got=$(ls -A "$tmp" | grep -v '\.pid' | sort | tr '\n' ' ')
	[ $# -eq 0 ] || want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$got" = "$want" ] || { echo "left: '$got', want '$want'" >&2; return 1; }
}

sanitized() {
	[ -n "${POOLVIZ_SANITIZED:-}" ]
}

# --- 1. closed standard streams ---------------------------------------------------

@test "closed stdin or stderr changes nothing, in a run and in a sweep" {
	run bash -c '"$0" --iterations 1000 --calls 2 <&-; echo "rc=$?"' "$POOLVIZ"
	[[ "$output" == *"Async Hash"* ]]
	[[ "$output" == *"rc=0" ]]
	run bash -c '"$0" --iterations 1000 --calls 2 2>&-; echo "rc=$?"' "$POOLVIZ"
	[[ "$output" == *"Async Hash"* ]]
	[[ "$output" == *"rc=0" ]]
	run bash -c '"$0" --iterations 1000 --calls 2 --format json <&- 2>&- | jq -e .summary >/dev/null; echo "rc=${PIPESTATUS[0]}"' "$POOLVIZ"
	[ "$output" = "rc=0" ]
	run bash -c '"$0" sweep -p 1,2 -c 1 -i 1000 --format csv <&-; echo "rc=$?"' "$POOLVIZ"
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 4 ]
	[[ "$output" == *"rc=0" ]]
	run bash -c '"$0" sweep -p 1 -c 1 -i 1000 --format json 2>&- | jq -e .points >/dev/null; echo "rc=${PIPESTATUS[0]}"' "$POOLVIZ"
	[ "$output" = "rc=0" ]
}

@test "closed stdout is an output error: exit 1, one line, never an abort" {
	for args in "--iterations 1000 --calls 2" "--iterations 1000 --format json" \
	    "--iterations 1000 --format csv" "--help" "--version" \
	    "sweep -p 1 -c 1 -i 1000" "sweep --help"; do
		run --separate-stderr bash -c '"$0" $1 >&-' "$POOLVIZ" "$args"
		echo "$args -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ "$stderr" = "poolviz: write error: Bad file descriptor" ]
	done
	# A file it was told to write is still written whole.
	run --separate-stderr bash -c '"$0" --iterations 1000 --svg "$1" >&-' "$POOLVIZ" "$tmp/o.svg"
	[ "$status" -eq 1 ]
	xmllint --noout "$tmp/o.svg"
}

@test "all three closed at once: exit 1 and no crash" {
	run bash -c '"$0" --iterations 1000 --calls 2 <&- >&- 2>&-; echo "rc=$?"' "$POOLVIZ"
	[ "$output" = "rc=1" ]
	run bash -c '"$0" sweep -p 1 -c 1 -i 1000 <&- >&- 2>&-; echo "rc=$?"' "$POOLVIZ"
	[ "$output" = "rc=1" ]
	# Bad input is still bad input.
	run bash -c '"$0" --calls x <&- >&- 2>&-; echo "rc=$?"' "$POOLVIZ"
	[ "$output" = "rc=2" ]
}

# --- 2. resources that run out -------------------------------------------------------

# pool_refused OUTPUT_STATUS: exit 1, nothing on stdout, one line.
pool_refused() {
	echo "status $status, stdout '$output', stderr '$stderr'"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[[ "$stderr" =~ ^poolviz:\ cannot\ start\ $1\ pool\ threads:\ .+\ \(try\ a\ smaller\ --pool\)$ ]]
}

@test "pool threads that cannot start (ulimit -v): one line, exit 1, nothing printed" {
	if sanitized; then skip "the sanitizers reserve more address space than ulimit -v allows"; fi
	run --separate-stderr bash -c 'ulimit -v 1000000; exec "$0" --pool 1024 --iterations 1000' "$POOLVIZ"
	pool_refused 1024
	run --separate-stderr bash -c 'ulimit -v 1000000; exec "$0" --pool 512 --iterations 1000 --format json' "$POOLVIZ"
	pool_refused 512
	run --separate-stderr bash -c 'ulimit -v 1000000; UV_THREADPOOL_SIZE=1024 exec "$0" --iterations 1000 --scenario blocked' "$POOLVIZ"
	pool_refused 1024
	# No temporary file is left for the files it would have written.
	run --separate-stderr bash -c 'ulimit -v 1000000; exec "$0" --pool 1024 --iterations 1000 --svg "$1"' "$POOLVIZ" "$tmp/p.svg"
	pool_refused 1024
	only_left
	# A pool that fits still runs under the same limit.
	run --separate-stderr bash -c 'ulimit -v 1000000; exec "$0" --pool 2 --iterations 1000' "$POOLVIZ"
	[ "$status" -eq 0 ]
	# A sweep's child says so, and the sweep names the point.
	run --separate-stderr bash -c 'ulimit -v 1000000; exec "$0" sweep -p 2,1024 -c 1 -i 1000' "$POOLVIZ"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "poolviz: sweep: pool 1024, calls 1: the child exited with status 1: cannot start 1024 pool threads: "* ]]
}

@test "pool threads that cannot start (ulimit -u, as nobody): one line, exit 1" {
	nobody_turn
	for n in 64 1024; do
		run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		    bash -c 'ulimit -u 3; exec "$0" --pool "$1" --iterations 1000' "$POOLVIZ" "$n"
		pool_refused "$n"
	done
}

@test "descriptors that run out: one line, exit 1, no temporary file left" {
	cd "$tmp"
	run --separate-stderr bash -c 'ulimit -n 8; exec "$0" --svg u.svg --trace u.json --save-baseline u.base' "$POOLVIZ"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" =~ ^poolviz:\ too\ few\ file\ descriptors:\ [0-9]+\ free.*raise\ ulimit\ -n\)$ ]]
	only_left
	for n in 6 8 12; do
		run --separate-stderr bash -c 'ulimit -n "$1"; exec "$0" --iterations 1000 --svg u.svg' "$POOLVIZ" "$n"
		echo "ulimit -n $n -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		only_left
	done
	# Enough of them: the run goes ahead (on a quiet fixture machine, since
	# --save-baseline refuses to keep what a busy one measured).
	POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quiet" \
	    run --separate-stderr bash -c 'ulimit -n 64; exec "$0" --iterations 1000 --svg u.svg --trace u.json --save-baseline u.base' "$POOLVIZ"
	[ "$status" -eq 0 ]
	only_left u.svg u.json u.base
}

@test "a sweep with too few descriptors is an error, never an abort" {
	cd "$tmp"
	for n in 6 8 12; do
		run --separate-stderr bash -c 'ulimit -n "$1"; exec "$0" sweep -p 1 -c 1 -i 1000 --svg s.svg' "$POOLVIZ" "$n"
		echo "ulimit -n $n -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		only_left
	done
}

# --- 3. fatal signals clean up ---------------------------------------------------------

@test "every fatal signal removes the temporary file and is the wait status" {
	echo old >"$tmp/out.svg"
	for sig in HUP QUIT USR1 USR2 ALRM VTALRM PROF XCPU PWR RTMIN+2; do
		bg "$POOLVIZ" --no-sync --calls 8 --pool 1 --iterations 300000 \
		    --svg "$tmp/out.svg" >/dev/null 2>&1
		wait_for_pool "$pid"
		[ -n "$(ls "$tmp" | grep '^out\.svg\..')" ]
		kill -"$sig" "$pid"
		ends_within 10 "$pid"
		want=$(( $(kill -l "$sig" 2>/dev/null || kill -l "SIG$sig") + 128 ))
		echo "$sig: status $status, want $want; $(ls "$tmp")"
		[ "$status" -eq "$want" ]
		only_left out.svg
		[ "$(cat "$tmp/out.svg")" = old ]
	done
}

@test "a fatal signal ignored at start stays ignored" {
	bg bash -c 'trap "" HUP USR1; exec "$0" --no-sync --calls 4 --pool 1 --iterations "$2" --svg "$1"' \
	    "$POOLVIZ" "$tmp/out.svg" "$(iters 100000)" >/dev/null
	wait_for_pool "$pid"
	kill -HUP "$pid"
	kill -USR1 "$pid"
	ends_within 60 "$pid"
	[ "$status" -eq 0 ]
	xmllint --noout "$tmp/out.svg"
}

@test "a file over ulimit -f is a write error, exit 1, no temporary file" {
	run --separate-stderr bash -c 'ulimit -f 1; exec "$0" --no-sync --calls 3000 --iterations 1 --keylen 16 --trace "$1"' "$POOLVIZ" "$tmp/big.json"
	[ "$status" -eq 1 ]
	[ "$stderr" = "poolviz: --trace '$tmp/big.json': write error: File too large" ]
	only_left
	run --separate-stderr bash -c 'ulimit -f 1; exec "$0" --no-sync --calls 3000 --iterations 1 --keylen 16 --format json >"$1"' "$POOLVIZ" "$tmp/out.json"
	[ "$status" -eq 1 ]
	[ "$stderr" = "poolviz: write error: File too large" ]
	run --separate-stderr bash -c 'ulimit -f 1; exec "$0" sweep -p 1,2 -c 1 -i 1 -k 1 --svg "$1"' "$POOLVIZ" "$tmp/s.svg"
	[ "$status" -eq 1 ]
	[ "$stderr" = "poolviz: --svg '$tmp/s.svg': write error: File too large" ]
	only_left out.json
}

# forked PID: until PID has a child, read from /proc with builtins only
# (pgrep takes some 10 ms, longer than the moment this test is about);
# sets child. Bounded by a count, as it is not meant to wait long.
forked() {
	local n=0
	child=
	while [ -z "$child" ] && [ "$n" -lt 2000000 ]; do
		# The file has no newline: read fails at its end, with child set.
		read -r child _ 2>/dev/null <"/proc/$1/task/$1/children" || true
		n=$((n + 1))
	done
	[ -n "$child" ]
}

# The sweep knows its child only once uv_spawn returns, after the child
# has exec'd: a signal in between used to end the sweep and leave the
# child hashing on, an orphan, 30 times out of 30 (signals_defer); the
# first round here failed so, on the release build and on ASan.
@test "a fatal signal the moment the sweep forks still takes its child with it" {
	for round in 1 2; do
		for sig in USR1 TERM HUP; do
			bg "$POOLVIZ" sweep -p 1 -c 20 -i 300000 >/dev/null 2>&1
			untraced forked "$pid"
			pids+=("$child")		# for the teardown, should it be left
			kill -"$sig" "$pid"
			ends_within 10 "$pid"
			echo "round $round, $sig: status $status, child $child"
			[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
			wait_until 10 gone_or_zombie "$child"
			unset 'pids[-1]'
		done
	done
}

@test "a fatal signal during a sweep removes its SVG's temporary file and its child" {
	for sig in HUP USR1 ALRM; do
		bg "$POOLVIZ" sweep -p 1 -c 20 -i 300000 --svg "$tmp/s.svg" >/dev/null 2>&1
		child=
		wait_until 10 has_child
		[ -n "$child" ]
		kill -"$sig" "$pid"
		ends_within 10 "$pid"
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
		only_left
		# The child is gone (or a zombie waiting for init to reap it).
		wait_until 10 gone_or_zombie "$child"
	done
}

# --- 4. blocking opens honour the first signal ----------------------------------------

@test "--svg FIFO with no reader: the first SIGTERM or SIGINT ends it" {
	mkfifo "$tmp/f"
	for sig in TERM INT; do
		# The SVG's temporary file is made before the trace's FIFO blocks.
		bg "$POOLVIZ" --iterations 1000 --svg "$tmp/o.svg" --trace "$tmp/f"
		blocked_in "$pid" wait_for_partner
		kill -"$sig" "$pid"
		ends_within 10 "$pid"
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
		only_left f
	done
}

@test "--baseline FIFO with no writer: the first SIGTERM or SIGINT ends it" {
	mkfifo "$tmp/b"
	for sig in TERM INT; do
		bg "$POOLVIZ" --iterations 1000 --baseline "$tmp/b" --svg "$tmp/o.svg"
		blocked_in "$pid" wait_for_partner
		kill -"$sig" "$pid"
		ends_within 10 "$pid"
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
		only_left b
	done
}

@test "--baseline /dev/stdin on a silent pipe: the first SIGTERM or SIGINT ends it" {
	mkfifo "$tmp/p"
	exec 7<>"$tmp/p"	# a writer that never writes
	for sig in TERM INT; do
		# Not bg: an asynchronous command's stdin would be /dev/null.
		env --default-signal=INT,TERM "$POOLVIZ" --iterations 1000 \
		    --baseline /dev/stdin <"$tmp/p" &
		pid=$!
		pids+=("$pid")
		blocked_in "$pid" pipe_read
		kill -"$sig" "$pid"
		ends_within 10 "$pid"
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
	done
	exec 7>&-
}

@test "a write blocked on a full stdout pipe: the first SIGTERM or SIGINT ends it" {
	for sig in TERM INT; do
		# Live lines, written from the loop's callbacks, to a reader
		# that never reads.
		mkfifo "$tmp/p1"
		exec 7<>"$tmp/p1"
		bg "$POOLVIZ" --no-sync --calls 200000 --iterations 1 --keylen 16 \
		    --svg "$tmp/o.svg" >"$tmp/p1"
		blocked_in "$pid" pipe_write
		kill -"$sig" "$pid"
		ends_within 10 "$pid"
		exec 7>&-
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
		only_left p1
		# One document, written after the loop.
		mkfifo "$tmp/p2"
		exec 7<>"$tmp/p2"
		bg "$POOLVIZ" --no-sync --calls 20000 --iterations 1 --keylen 16 \
		    --format json --trace "$tmp/t.json" >"$tmp/p2"
		blocked_in "$pid" pipe_write
		kill -"$sig" "$pid"
		ends_within 10 "$pid"
		exec 7>&-
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
		only_left p1 p2
		rm -f "$tmp/p1" "$tmp/p2"
	done
}

# --- 5. a sweep never hangs -------------------------------------------------------------

# wrapper NAME BODY: an executable script $tmp/NAME that runs BODY, with
# "$POOLVIZ" the poolviz under test and "$PIDS" a file for its pids.
wrapper() {
	printf '#!/bin/sh\nPOOLVIZ=%q\nPIDS=%q\n%s\n' "$POOLVIZ" "$tmp/$1.pid" "$2" >"$tmp/$1"
	chmod +x "$tmp/$1"
}

@test "a child that leaves a grandchild holding its pipes: the sweep goes on" {
	# Whole JSON, then a process that keeps stdout and stderr open.
	wrapper gc.sh '"$POOLVIZ" "$@"; sleep 300 & echo $! >>"$PIDS"; exit 0'
	start=$SECONDS
	POOLVIZ_SWEEP_EXE="$tmp/gc.sh" run --separate-stderr timeout -s KILL "$(ceiling 60)" \
	    "$POOLVIZ" sweep -p 1,2 -c 1 -i 1000 --format csv
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 3 ]
	[ $((SECONDS - start)) -lt "$(ceiling 20)" ]
	# Nothing at all, and the pipes held: a failure named, not a hang.
	wrapper gc2.sh 'sleep 300 & echo $! >>"$PIDS"; exit 0'
	POOLVIZ_SWEEP_EXE="$tmp/gc2.sh" run --separate-stderr timeout -s KILL "$(ceiling 60)" \
	    "$POOLVIZ" sweep -p 1 -c 1 -i 1000
	[ "$status" -eq 1 ]
	[[ "$stderr" == "poolviz: sweep: pool 1, calls 1: the child's output is not JSON"* ]]
	# Only stderr held, after a whole run.
	wrapper gc3.sh '"$POOLVIZ" "$@"; sleep 300 >/dev/null & echo $! >>"$PIDS"; exit 0'
	POOLVIZ_SWEEP_EXE="$tmp/gc3.sh" run --separate-stderr timeout -s KILL "$(ceiling 60)" \
	    "$POOLVIZ" sweep -p 1 -c 1 -i 1000 --format json
	[ "$status" -eq 0 ]
	printf '%s' "$output" | jq -e '.points | length == 1' >/dev/null
	# A process left behind that writes without end is read for a while
	# only, then cut off.
	wrapper gc4.sh '"$POOLVIZ" "$@"; yes >&2 & echo $! >>"$PIDS"; exit 0'
	POOLVIZ_SWEEP_EXE="$tmp/gc4.sh" run --separate-stderr timeout -s KILL "$(ceiling 60)" \
	    "$POOLVIZ" sweep -p 1,2 -c 1 -i 1000 --format json
	[ "$status" -eq 0 ]
	printf '%s' "$output" | jq -e '.points | length == 2' >/dev/null
}

@test "a signal ends the sweep promptly while a grandchild holds the pipes" {
	wrapper hold.sh 'sleep 300 & echo $! >>"$PIDS"; wait'
	for sig in TERM INT; do
		POOLVIZ_SWEEP_EXE="$tmp/hold.sh" bg "$POOLVIZ" sweep -p 1 -c 1 -i 1000 >/dev/null 2>&1
		wait_until 10 test -s "$tmp/hold.sh.pid"
		kill -"$sig" "$pid"
		ends_within 5 "$pid"
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
		kill "$(cat "$tmp/hold.sh.pid")" 2>/dev/null || true
		rm -f "$tmp/hold.sh.pid"
	done
}

@test "a child's impossible numbers are an error naming the point" {
	for edit in '.summary.makespan_ms = -1' '.summary.parallelism = -0.5' \
	    '.summary.makespan_ms = -1e-9' '.summary.parallelism = -1e300'; do
		wrapper bad.sh "case \" \$* \" in *\" --pool=2 \"*) \"\$POOLVIZ\" \"\$@\" | jq -c '$edit';; *) exec \"\$POOLVIZ\" \"\$@\";; esac"
		POOLVIZ_SWEEP_EXE="$tmp/bad.sh" run --separate-stderr "$POOLVIZ" sweep -p 1,2 -c 1 -i 1000
		echo "$edit -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[[ "$stderr" == "poolviz: sweep: pool 2, calls 1: the child reported an impossible "* ]]
	done
}

@test "a sweep started with SIGINT ignored starts its children with SIGINT ignored" {
	# sigign PID: the signals PID ignores, as a number.
	sigign() { printf '%d' "0x$(sed -n 's/^SigIgn:\t//p' "/proc/$1/status")"; }
	# Two hashes of 100000 iterations (iters: as long on every build): the
	# child runs for about a second on a quiet machine, ample for the
	# checks below, and the sweep, which ignores the signal, runs it whole
	# (four of 300000 took 6 s quiet and over a minute on a loaded machine).
	bg bash -c 'trap "" INT; exec "$0" sweep -p 1 -c 2 -i "$1" --format csv' "$POOLVIZ" "$(iters 100000)" >"$tmp/out.csv"
	child=
	wait_until 10 child_is_poolviz
	[ -n "$child" ]
	# Wait until the child has read its dispositions, then Ctrl-C it.
	wait_for_pool "$child"
	(( $(sigign "$child") & (1 << 1) ))
	kill -INT "$child"
	kill -INT "$pid"
	ends_within 60 "$pid"
	[ "$status" -eq 0 ]
	[ "$(wc -l <"$tmp/out.csv")" -eq 2 ]
	# Without the trap, the child handles SIGINT itself.
	bg "$POOLVIZ" sweep -p 1 -c 4 -i "$(iters 100000)" >/dev/null 2>&1
	wait_until 10 child_is_poolviz
	wait_for_pool "$child"
	(( ($(sigign "$child") & (1 << 1)) == 0 ))
	kill -INT "$pid"
	ends_within 10 "$pid"
	[ "$status" -eq 130 ]
}

@test "a password or salt too long for a child's argument is bad input, before any child" {
	wrapper log.sh 'echo ran >>"$PIDS.ran"; exit 1'
	long=$(head -c 131065 /dev/zero | tr '\0' a)
	POOLVIZ_SWEEP_EXE="$tmp/log.sh" run --separate-stderr "$POOLVIZ" sweep -p 1 -c 1 --password "$long"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: --password: 131065 bytes, too long for a child's argument (at most 131060) (see poolviz sweep --help)" ]
	POOLVIZ_SWEEP_EXE="$tmp/log.sh" run --separate-stderr "$POOLVIZ" sweep -p 1 -c 1 --salt "$long"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "poolviz: --salt: 131065 bytes, too long for a child's argument (at most 131064) "* ]]
	[ ! -e "$tmp/log.sh.pid.ran" ]
	# One that fits does reach the child.
	POOLVIZ_SWEEP_EXE="$tmp/log.sh" run --separate-stderr "$POOLVIZ" sweep -p 1 -c 1 --password "${long:0:131000}"
	[ "$status" -eq 1 ]
	[ -e "$tmp/log.sh.pid.ran" ]
}

# --- round two (issue 13): probes, output paths, blocked writes, whole errors -----------

@test "starve under a low ulimit -n: exit 1 with the real error, never a DNS misreport" {
	cd "$tmp"
	refused=0
	for n in 12 16 19 20 21 22; do
		run --separate-stderr bash -c 'ulimit -n "$1"; exec "$0" --scenario starve --iterations 1000 --svg u.svg --trace u.json' "$POOLVIZ" "$n"
		echo "ulimit -n $n -> $status: $stderr"
		[[ "$stderr" != *"unknown node"* && "$stderr" != *"not known"* ]]
		if [ "$status" -eq 0 ]; then
			[[ "$output" == *"DNS probe done"* ]]
			[ -z "$stderr" ]
		else
			[ "$status" -eq 1 ]
			refused=$((refused + 1))
			# Each line names a resource that ran out.
			[ "$(printf '%s\n' "$stderr" | grep -c -v -E '^poolviz: (too few file descriptors|the (file|DNS|TCP) probe failed: (too many open files|.*descriptor))')" -eq 0 ]
		fi
		rm -f u.svg u.json
		only_left
	done
	[ "$refused" -ge 1 ]
}

@test "--svg LINK replaces the target through the link; the link stays a link" {
	cd "$tmp"
	mkdir d
	echo old >d/real.svg
	chmod 640 d/real.svg
	ln -s d/real.svg link.svg
	run "$POOLVIZ" --iterations 1000 --calls 2 --svg link.svg
	[ "$status" -eq 0 ]
	[ -L link.svg ]
	[ "$(readlink link.svg)" = d/real.svg ]
	xmllint --noout d/real.svg
	[ "$(stat -c %a d/real.svg)" = 640 ]
	# A chain of links, and a dangling one that names the file to create.
	ln -s link.svg link2.svg
	ln -s d/new.json dangling.json
	run "$POOLVIZ" --iterations 1000 --calls 2 --svg link2.svg --trace dangling.json
	[ "$status" -eq 0 ]
	[ -L link2.svg ]
	[ -L dangling.json ]
	jq -e . d/new.json >/dev/null
	only_left d dangling.json link.svg link2.svg
	[ "$(ls -A d | sort | tr '\n' ' ')" = "new.json real.svg " ]
}

@test "a path naming stdout is stdout, as '-' is; /dev/stdout is never replaced" {
	[ -L /dev/stdout ] || [ -c /dev/stdout ] || skip "/dev/stdout is neither a link nor a device here"
	cd "$tmp"
	for p in /dev/stdout /proc/self/fd/1 /dev/fd/1; do
		run bash -c '"$0" --iterations 1000 --calls 2 --svg "$1" >out.txt 2>err.txt; echo "rc=$?"' "$POOLVIZ" "$p"
		[ "$output" = "rc=0" ]
		# The SVG alone on stdout, the lines on stderr (issue 25, defect 7).
		xmllint --noout out.txt
		[ "$(grep -c '^Async Hash' err.txt)" -eq 2 ]
		[ -L /dev/stdout ] || [ -c /dev/stdout ]
	done
	# A reader that goes away: quietly 141, as for stdout itself.
	run --separate-stderr bash -c '"$0" --iterations 1000 --calls 200 --svg /dev/stdout | head -1 >/dev/null; echo "rc=${PIPESTATUS[0]}"' "$POOLVIZ"
	[ "$output" = "rc=141" ]
	[[ "$stderr" != *"poolviz:"* ]]
	only_left err.txt out.txt
}

@test "a device or a FIFO is written in place, with no temporary file" {
	cd "$tmp"
	run "$POOLVIZ" --iterations 1000 --calls 2 --svg /dev/null --trace /dev/zero
	[ "$status" -eq 0 ]
	[ -c /dev/null ]
	[ -c /dev/zero ]
	mkfifo f
	cat f >got.svg &
	reader=$!
	run "$POOLVIZ" --iterations 1000 --calls 2 --svg f
	[ "$status" -eq 0 ]
	wait "$reader"
	xmllint --noout got.svg
	[ -p f ]
	only_left f got.svg
}

@test "a Unix socket named by --trace is connected to and written in place" {
	command -v python3 >/dev/null || skip "no python3 to listen on a Unix socket"
	cd "$tmp"
	# Bounded, and off bats' descriptors, so that a failure cannot hang it.
	python3 -c '
import socket
s = socket.socket(socket.AF_UNIX); s.bind("s.sock"); s.listen(1)
s.settimeout(60)
open("ready", "w").close()
c, _ = s.accept(); c.settimeout(60); out = open("got.json", "wb")
while True:
    b = c.recv(65536)
    if not b: break
    out.write(b)' >/dev/null 2>&1 3>&- &
	srv=$!
	pids+=("$srv")
	wait_until 10 test -e ready
	run "$POOLVIZ" --iterations 1000 --calls 2 --trace s.sock
	[ "$status" -eq 0 ]
	[ -S s.sock ]
	wait "$srv"
	jq -e .traceEvents got.json >/dev/null
}

@test "two names of one file are refused, existing or not, for every file option" {
	cd "$tmp"
	mkdir d
	ln -s s.svg l.svg
	for pair in "--svg s.svg --trace ./s.svg" "--svg s.svg --save-baseline d/../s.svg" \
	    "--trace ./s.svg --save-baseline $tmp/s.svg" "--svg l.svg --trace s.svg" \
	    "--svg s.svg --baseline ./s.svg"; do
		run --separate-stderr "$POOLVIZ" --iterations 1000 $pair
		echo "$pair -> $status: $stderr"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[[ "$stderr" == *"names the same file as"* ]]
		[ ! -e s.svg ]
	done
	# Two names of stdout would run into each other: refused (issue 25).
	run bash -c '"$0" --iterations 1000 --calls 2 --svg /dev/stdout --trace /dev/fd/1 >o 2>e; echo "rc=$?"' "$POOLVIZ"
	[ "$output" = "rc=2" ]
	grep -q "writes to stdout too" e
}

@test "a repeated file option, or a value that is itself an option, is a usage error" {
	cd "$tmp"
	for args in "--svg a --svg b" "--trace a --trace b" "--save-baseline a --save-baseline b" \
	    "--baseline a --baseline b" "--svg --timeline" "--trace -x" "--save-baseline --check" \
	    "--baseline --svg" "--password --check" "--salt -c" "--calls --pool" "--digest --work"; do
		run --separate-stderr "$POOLVIZ" --iterations 1000 $args
		echo "$args -> $status: $stderr"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		[[ "$stderr" == *"given twice"* || "$stderr" == *"missing value ("* ]]
	done
	only_left
	# Written with '=', the value is taken as it is.
	run "$POOLVIZ" --iterations 1000 --calls 1 --svg=./--timeline --password=--check
	[ "$status" -eq 0 ]
	xmllint --noout ./--timeline
	# A password may begin with '-' when it is no option.
	run "$POOLVIZ" --iterations 1 --calls 1 --password -secret --salt -x --print-key
	[ "$status" -eq 0 ]
}

@test "a replaced file keeps its mode; a read-only one is refused, not replaced" {
	cd "$tmp"
	echo old >a.svg
	chmod 604 a.svg
	run bash -c 'umask 077; exec "$0" --iterations 1000 --calls 1 --svg a.svg' "$POOLVIZ"
	[ "$status" -eq 0 ]
	[ "$(stat -c %a a.svg)" = 604 ]
	# A new file gets the umask's mode.
	run bash -c 'umask 027; exec "$0" --iterations 1000 --calls 1 --svg b.svg' "$POOLVIZ"
	[ "$status" -eq 0 ]
	[ "$(stat -c %a b.svg)" = 640 ]
	echo keep >ro.svg
	chmod 444 ro.svg
	for opt in --svg --trace --save-baseline; do
		run --separate-stderr "$POOLVIZ" --iterations 1000 --calls 1 "$opt" ro.svg
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[[ "$stderr" == "poolviz: $opt 'ro.svg': is read-only"* ]]
		[ "$(cat ro.svg)" = keep ]
	done
	only_left a.svg b.svg ro.svg
}

@test "names too long for NAME.XXXXXX are written through a shorter temporary name" {
	cd "$tmp"
	for len in 248 250 253 255; do
		name=$(printf 'n%.0s' $(seq "$len"))
		run "$POOLVIZ" --iterations 1000 --calls 1 --svg "$name"
		echo "$len -> $status: $output"
		[ "$status" -eq 0 ]
		xmllint --noout "$name"
		only_left "$name"
		rm -f "$name"
	done
}

# fill_fifo NAME: $tmp/NAME, a FIFO held open on fd 7 and already full,
# so that the first write to it waits.
fill_fifo() {
	mkfifo "$tmp/$1"
	exec 7<>"$tmp/$1"
	head -c 65536 /dev/zero >&7
}

@test "a write blocked on a FIFO named by --svg, after the loop: the first signal ends it" {
	for sig in TERM INT; do
		fill_fifo f
		bg "$POOLVIZ" --iterations 1000 --calls 2 --svg "$tmp/f" --trace "$tmp/t.json" >/dev/null
		blocked_in "$pid" pipe_write
		kill -"$sig" "$pid"
		ends_within 10 "$pid"
		exec 7>&-
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
		only_left f
		rm -f "$tmp/f"
	done
}

@test "a sweep printing to a full pipe: the first signal ends it" {
	for sig in TERM INT; do
		fill_fifo p
		for fmt in text json; do
			bg "$POOLVIZ" sweep -p 1,2 -c 1 -i 1000 --format "$fmt" --svg "$tmp/s.svg" >"$tmp/p"
			blocked_in "$pid" pipe_write
			kill -"$sig" "$pid"
			ends_within 10 "$pid"
			[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
			# The SVG may be whole (stdout is flushed last); no
			# temporary file is left either way.
			rm -f "$tmp/s.svg"
			only_left p
		done
		exec 7>&-
		rm -f "$tmp/p"
	done
}

@test "an O_NONBLOCK stdout is written whole, waiting for the reader" {
	command -v perl >/dev/null || skip "no perl to set O_NONBLOCK"
	mkfifo "$tmp/p"
	perl -MFcntl -e 'fcntl(STDOUT, F_SETFL, fcntl(STDOUT, F_GETFL, 0) | O_NONBLOCK) or die; exec @ARGV' \
	    "$POOLVIZ" --iterations 1 --keylen 16 --calls 20000 --format json >"$tmp/p" 2>"$tmp/err" &
	pid=$!
	pids+=("$pid")
	exec 8<"$tmp/p"
	# It fills the pipe and waits in poll(2), rather than failing with EAGAIN.
	blocked_in "$pid" poll
	cat <&8 >"$tmp/doc.json"
	exec 8<&-
	wait "$pid"
	[ ! -s "$tmp/err" ]
	[ "$(stat -c %s "$tmp/doc.json")" -gt 65536 ]
	jq -e '.tasks | length == 20000' "$tmp/doc.json" >/dev/null
}

@test "error lines stay whole: a long value is shortened, never the message" {
	long=$(printf '9%.0s' $(seq 600))x
	for opt in --calls --pool --iterations --keylen --repeat --warmup --tolerance \
	    --format --scenario --work --digest; do
		run --separate-stderr "$POOLVIZ" "$opt" "$long"
		echo "$opt -> $status: $stderr"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		[[ "$stderr" == *"(see poolviz --help)" ]]
		[[ "$stderr" == *"${long:0:40}…"* ]]
		[ "${#stderr}" -lt 400 ]
	done
	run --separate-stderr "$POOLVIZ" --calls "$long"
	[[ "$stderr" == *"not a whole number (expected 0 to 1000000) (see poolviz --help)" ]]
	run --separate-stderr "$POOLVIZ" "--${long}"
	[ "$status" -eq 2 ] && [[ "$stderr" == *"…: unknown option (see poolviz --help)" ]]
}

@test "a broken OPENSSL_CONF is a configuration error, not an unknown --digest" {
	printf 'openssl_conf = c\n[c]\nproviders = p\n[p]\nnone = n\n[n]\nactivate = 1\n' >"$tmp/bad.cnf"
	OPENSSL_CONF="$tmp/bad.cnf" run --separate-stderr "$POOLVIZ" --iterations 1000 --calls 1
	echo "$status: $stderr"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[[ "$stderr" == *"configuration"*"OPENSSL_CONF=$tmp/bad.cnf"* ]]
	[[ "$stderr" != *"unknown digest"* ]]
	# With a sound configuration, a wrong name is still bad input.
	run --separate-stderr "$POOLVIZ" --iterations 1000 --digest nosuch
	[ "$status" -eq 2 ] && [[ "$stderr" == *"unknown digest"* ]]
}

@test "the sweep refuses a --svg value that is an option, and a repeated --svg" {
	cd "$tmp"
	run --separate-stderr "$POOLVIZ" sweep -p 1 -c 1 --svg --format
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"--svg: missing value ('--format' is an option"* ]]
	run --separate-stderr "$POOLVIZ" sweep -p 1 -c 1 --svg a --svg b
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"given twice"* ]]
	only_left
}
