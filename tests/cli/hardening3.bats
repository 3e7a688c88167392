#!/usr/bin/env bats
# hardening3.bats: the third hostile round (issue 25): writes that block
# after a first signal, faults, names too long, long paths in messages,
# every name of stdout, a non-blocking stderr, bind mounts, huge numbers.

load helper

# Every wait is bounded, and teardown kills what a failed test left.

setup() {
	tmp=$(mktemp -d)
	pids=()
}

teardown() {
	explain_failure
	local p
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
	done
	exec 7>&- 2>/dev/null || true
	rm -rf "$tmp"
}

# bg CMD...: start CMD in the background with every default action back
# and no core file; sets pid.
bg() {
	env --default-signal=HUP,INT,QUIT,TERM,USR1,USR2,ALRM \
	    bash -c 'ulimit -c 0; exec "$@"' bg "$@" &
	pid=$!
	pids+=("$pid")
}

# ends_within SECS PID: PID ends within ceiling SECS; sets status.
ends_within() {
	timeout "$(ceiling "$1")" tail --pid="$2" -f /dev/null || return 1
	status=0
	wait "$2" || status=$?
}

# only_left NAMES...: $tmp holds exactly these names (no temporary file).
only_left() {
	local got want=
	got=$(ls -A "$tmp" | sort | tr '\n' ' ')
	[ $# -eq 0 ] || want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$got" = "$want" ] || { echo "left: '$got', want '$want'" >&2; return 1; }
}

# has_temp NAME: $tmp holds a temporary file of NAME.
has_temp() {
	ls -A "$tmp" | grep -q "^$1\\.."
}

# has_child: whether $pid has a child yet; sets child.
has_child() {
	child=$(pgrep -P "$pid" || true)
	[ -n "$child" ]
}

# gone_or_zombie PID: PID is gone, or a zombie waiting for init to reap it.
gone_or_zombie() {
	local st
	st=$(ps -o stat= -p "$1" || true)
	[ -z "$st" ] || [[ "$st" == Z* ]]
}

# part_fill NAME: $tmp/NAME, a FIFO held open on fd 7 that nobody reads,
# with room left (one page of sixteen) at first, so that a signal finds it
# writable and a later write of more than a page waits for ever.
part_fill() {
	mkfifo "$tmp/$1"
	exec 7<>"$tmp/$1"
	head -c 61440 /dev/zero >&7
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

sanitized() {
	[ -n "${POOLVIZ_SANITIZED:-}" ]
}

# --- defect 2: a write that blocks after the first signal -------------------

# The first signal waits for the running hash: one of 100000 iterations
# (under half a second quiet; 300000 made four rounds take 35 s loaded),
# in a run of 50 that the signal always cuts.
@test "a first signal, then a report to a stalled pipe or FIFO: ends with the signal's status" {
	for sig in TERM INT; do
		# --format json into a pipe that stops being read.
		part_fill p
		bg "$POOLVIZ" --no-sync --pool 1 --calls 50 --iterations "$(iters 100000)" \
		    --format json --svg "$tmp/out.svg" >"$tmp/p" 2>"$tmp/err"
		wait_for_pool "$pid"
		wait_until 10 has_temp out.svg
		kill -"$sig" "$pid"
		ends_within 20 "$pid"
		echo "$sig json: status $status; $(cat "$tmp/err")"
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
		exec 7>&-
		rm -f "$tmp/p" "$tmp/err"
		only_left
		# --svg FIFO with a reader that never reads.
		part_fill f
		bg "$POOLVIZ" --no-sync --pool 1 --calls 50 --iterations "$(iters 100000)" \
		    --svg "$tmp/f" --trace "$tmp/out.json" >/dev/null 2>&1
		wait_for_pool "$pid"
		wait_until 10 has_temp out.json
		kill -"$sig" "$pid"
		ends_within 20 "$pid"
		echo "$sig trace: status $status"
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
		exec 7>&-
		rm -f "$tmp/f"
		only_left
	done
}

# --- defect 3: faults clean up too ------------------------------------------------

@test "SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGTRAP remove the temporary file and the sweep's child" {
	echo old >"$tmp/out.svg"
	for sig in SEGV BUS FPE ILL TRAP; do
		bg "$POOLVIZ" --no-sync --calls 8 --pool 1 --iterations 300000 \
		    --svg "$tmp/out.svg" >/dev/null 2>&1
		wait_for_pool "$pid"
		wait_until 10 has_temp out.svg
		kill -"$sig" "$pid"
		ends_within 10 "$pid"
		echo "$sig: status $status; $(ls -A "$tmp")"
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
		only_left out.svg
		[ "$(cat "$tmp/out.svg")" = old ]
	done
	rm -f "$tmp/out.svg"
	for sig in SEGV BUS FPE ILL TRAP; do
		bg "$POOLVIZ" sweep -p 1 -c 20 -i 300000 --svg "$tmp/s.svg" >/dev/null 2>&1
		child=
		wait_until 10 has_child
		[ -n "$child" ]
		wait_until 10 has_temp s.svg
		kill -"$sig" "$pid"
		ends_within 10 "$pid"
		echo "sweep $sig: status $status; $(ls -A "$tmp")"
		[ "$status" -eq $(( $(kill -l "$sig") + 128 )) ]
		only_left
		wait_until 10 gone_or_zombie "$child"
	done
}

# --- defects 5 and 6, and a trailing slash: names refused before the run ----------

@test "a 256-byte file name is refused before anything runs, its echo cut at 40 bytes" {
	cd "$tmp"
	name=$(printf 'n%.0s' $(seq 256))
	for opt in --svg --trace --save-baseline; do
		# A run of minutes: refused at once, or the ceiling fails it.
		run --separate-stderr timeout "$(ceiling 20)" "$POOLVIZ" --no-sync \
		    --pool 1 --calls 1000 --iterations 1000000 "$opt" "$name"
		echo "$opt -> $status: $stderr"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$stderr" = "poolviz: $opt '${name:0:40}…': cannot create: File name too long (see poolviz --help)" ]
		only_left
	done
	run --separate-stderr timeout "$(ceiling 20)" "$POOLVIZ" sweep -p 1 -c 1000 -i 1000000 --svg "$name"
	[ "$status" -eq 2 ]
	[ "$stderr" = "poolviz: --svg '${name:0:40}…': cannot create: File name too long (see poolviz sweep --help)" ]
	only_left
}

@test "long paths are echoed cut at 40 bytes in every message, the reason kept" {
	cd "$tmp"
	for len in 600 4000; do
		long=$tmp/nosuch
		while [ "${#long}" -lt "$len" ]; do long=$long/abcdefghi; done
		for opt in --svg --trace --save-baseline; do
			run --separate-stderr "$POOLVIZ" --iterations 1000 --calls 1 "$opt" "$long/x"
			echo "$opt $len -> $status: $stderr"
			[ "$status" -eq 2 ]
			[ "$stderr" = "poolviz: $opt '${long:0:40}…': cannot create: No such file or directory (see poolviz --help)" ]
		done
		run --separate-stderr "$POOLVIZ" --iterations 1000 --calls 1 --baseline "$long/b.json"
		echo "--baseline $len -> $status: $stderr"
		[ "$status" -eq 2 ]
		[ "$stderr" = "poolviz: --baseline '${long:0:40}…': cannot read it: No such file or directory (see poolviz --help)" ]
	done
	# jansson's own text names no path: a bad document under a long name.
	mkdir -p "$tmp/$(printf 'd%.0s' $(seq 100))"
	bad=$tmp/$(printf 'd%.0s' $(seq 100))/bad.json
	echo '{ nope' >"$bad"
	run --separate-stderr "$POOLVIZ" --iterations 1000 --calls 1 --baseline "$bad"
	echo "$stderr"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "poolviz: --baseline '${bad:0:40}…': cannot read it: "* ]]
	[[ "$stderr" != *"bad.json"* ]]
	[ "${#stderr}" -lt 200 ]
}

@test "--svg newname/ names a directory: refused, no file called newname" {
	cd "$tmp"
	for opt in --svg --trace; do
		run --separate-stderr "$POOLVIZ" --iterations 1000 --calls 1 "$opt" newname/
		[ "$status" -eq 2 ]
		[ "$stderr" = "poolviz: $opt 'newname/': is a directory (expected a file to write) (see poolviz --help)" ]
		only_left
	done
}

# --- defect 7: one output on stdout, whatever its name -----------------------------

@test "one output on stdout for every name of stdout: /dev/stdout, /proc/self/fd/1, its own file" {
	cd "$tmp"
	# A second output on stdout, by any name, is refused before the run.
	for args in "--svg - --trace /dev/stdout" "--svg /dev/stdout --trace /proc/self/fd/1" \
	    "--format json --svg /dev/stdout" "--format csv --trace /dev/fd/1" \
	    "--svg out.txt --format json"; do
		run bash -c '"$0" --iterations 1000 --calls 2 $1 >out.txt 2>err.txt; echo "rc=$?"' "$POOLVIZ" "$args"
		echo "$args -> $output: $(cat err.txt)"
		[ "$output" = "rc=2" ]
		[ "$(wc -l <err.txt)" -eq 1 ]
		grep -q "writes to stdout too (expected one output on stdout" err.txt
		[ ! -s out.txt ]
	done
	# stdout's own file by device and inode: the SVG alone there.
	run bash -c '"$0" --iterations 1000 --calls 2 --svg out.txt >out.txt 2>err.txt; echo "rc=$?"' "$POOLVIZ"
	[ "$output" = "rc=0" ]
	xmllint --noout out.txt
	[ "$(grep -c '^Async Hash' err.txt)" -eq 2 ]
	# The same for the sweep's --svg.
	run bash -c '"$0" sweep -p 1 -c 1 -i 1000 --format json --svg /dev/stdout >out.txt 2>err.txt; echo "rc=$?"' "$POOLVIZ"
	[ "$output" = "rc=2" ]
	grep -q "writes to stdout too" err.txt
	# /dev/null stays a file to discard into, stdout or not.
	# (the text stays on stdout, not moved to stderr).
	run bash -c '"$0" --iterations 1000 --calls 2 --svg /dev/null >/dev/null; echo "rc=$?"' "$POOLVIZ"
	[ "$output" = "rc=0" ]
	only_left err.txt out.txt
}

# --- defect 8: a non-blocking stderr is guarded as stdout is -------------------------

@test "an O_NONBLOCK stderr is written whole when '-' moves the text there" {
	command -v perl >/dev/null || skip "no perl to set O_NONBLOCK"
	mkfifo "$tmp/e"
	perl -MFcntl -e 'fcntl(STDERR, F_SETFL, fcntl(STDERR, F_GETFL, 0) | O_NONBLOCK) or die; exec @ARGV' \
	    "$POOLVIZ" --no-sync --iterations 1 --keylen 16 --calls 20000 --svg - \
	    >"$tmp/out.svg" 2>"$tmp/e" &
	pid=$!
	pids+=("$pid")
	exec 8<"$tmp/e"
	# It fills the pipe and waits in poll(2), rather than failing with EAGAIN.
	blocked_in "$pid" poll
	cat <&8 >"$tmp/err.txt"
	exec 8<&-
	status=0
	wait "$pid" || status=$?
	[ "$status" -eq 0 ]
	[ "$(grep -c '^Async Hash [0-9]* Done' "$tmp/err.txt")" -eq 20000 ]
	run grep -c '^poolviz:' "$tmp/err.txt"
	[ "$output" = 0 ]
	xmllint --noout "$tmp/out.svg"
	rm -f "$tmp/e"
	only_left err.txt out.svg
}

# --- defect 9: a process stopped is no failure of the pool -------------------------

@test "SIGSTOP for 3 s while the pool works: inconclusive (exit 3), the stop named, never FAIL" {
	[ -r /proc/self/schedstat ] ||
		skip "no /proc/self/schedstat: this kernel cannot tell a stop"
	start_bg sh -c 'exec "$0" "$@" 2>&1' "$POOLVIZ" --check --calls 4 \
	    --pool 2 --no-sync --hash-ms 300
	pids+=("$bg_pid")
	# The pool works from the Scheduled line on: stop the process there.
	line=
	while read -r -t "$(ceiling 60)" line <&"$bg_out"; do
		if [[ "$line" == Scheduled* ]]; then break; fi
	done
	[[ "$line" == Scheduled* ]]
	kill -STOP "$bg_pid"
	sleep 3		# the stimulus: stopped this long, not a wait for anything
	kill -CONT "$bg_pid"
	out=$(timeout "$(ceiling 60)" cat <&"$bg_out")
	status=0
	wait "$bg_pid" || status=$?
	echo "$status: $out"
	[ "$status" -eq 3 ]
	verdict=$(printf '%s\n' "$out" | grep '^poolviz: inconclusive: ')
	[[ "$verdict" == *"the process was stopped for "*" ms while the pool worked"* ]]
	# About the 3 s it was stopped: at least two of them.
	ms=$(printf '%s\n' "$verdict" | sed -n 's/.*stopped for \([0-9]*\) ms.*/\1/p')
	[ "$ms" -ge 2000 ]
}

# --- defect 10: bind mounts ---------------------------------------------------------

@test "a bind mount of a directory is the same directory: two names of one file refused" {
	command -v unshare >/dev/null || skip "no unshare(1)"
	if ! unshare -rm true 2>/dev/null; then skip "no user namespaces here"; fi
	mkdir "$tmp/s" "$tmp/m"
	# In a mount namespace of its own, so nothing is left mounted.
	run --separate-stderr unshare -rm bash -c 'mount --bind "$1/s" "$1/m" || exit 99
	    exec "$0" --iterations 1000 --calls 1 --svg "$1/s/y.svg" --trace "$1/m/y.svg"' \
	    "$POOLVIZ" "$tmp"
	echo "$status: $stderr"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "poolviz: --svg '"*"': names the same file as --trace (expected one file each) (see poolviz --help)" ]]
	[ -z "$(ls -A "$tmp/s")" ]
	# Different names in the two are two files.
	run --separate-stderr unshare -rm bash -c 'mount --bind "$1/s" "$1/m" || exit 99
	    exec "$0" --iterations 1000 --calls 1 --svg "$1/s/y.svg" --trace "$1/m/z.json"' \
	    "$POOLVIZ" "$tmp"
	[ "$status" -eq 0 ]
	xmllint --noout "$tmp/s/y.svg"
	jq -e .traceEvents "$tmp/s/z.json" >/dev/null
}

# --- defect 13: a child's huge numbers -----------------------------------------------

@test "a sweep child's huge numbers are impossible, never an overflow in the plot" {
	# wrapper: the pool 2 point's JSON edited by jq; the others untouched.
	for edit in '.summary.makespan_ms = 1e300' '.summary.parallelism = 1e300' \
	    '.summary.makespan_ms = 9.3e18'; do
		printf '#!/bin/sh\nPOOLVIZ=%q\ncase " $* " in *" --pool=2 "*) "$POOLVIZ" "$@" | jq -c %q;; *) exec "$POOLVIZ" "$@";; esac\n' \
		    "$POOLVIZ" "$edit" >"$tmp/bad.sh"
		chmod +x "$tmp/bad.sh"
		POOLVIZ_SWEEP_EXE="$tmp/bad.sh" run --separate-stderr "$POOLVIZ" sweep -p 1,2 -c 1 -i 1000 --svg "$tmp/s.svg"
		echo "$edit -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		[[ "$stderr" == "poolviz: sweep: pool 2, calls 1: the child reported an impossible "* ]]
		rm -f "$tmp/bad.sh"
		only_left
	done
}

# --- defect 4: resource probes where the resources are taken -------------------------

@test "ulimit -v that the per-call arrays use up: one line, exit 1, never libuv's abort" {
	if sanitized; then skip "the sanitizers reserve more address space than ulimit -v allows"; fi
	cd "$tmp"
	run --separate-stderr bash -c 'ulimit -v 150000; exec "$0" --calls 100000 --pool 16 --iterations 1 --keylen 16 --no-sync --svg u.svg' "$POOLVIZ"
	echo "$status: $stderr"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[[ "$stderr" =~ ^poolviz:\ cannot\ start\ 16\ pool\ threads:\ .+\ \(try\ a\ smaller\ --pool\)$ ]]
	only_left
}

@test "offload's worker thread that cannot start (ulimit -u, as nobody): an error, not exit 0" {
	nobody_turn
	chmod 777 "$tmp"	# nobody writes o.svg's temporary file there
	# LeakSanitizer's exit check needs a thread of its own, which the
	# limit leaves no room for.
	if sanitized; then export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1; fi
	# The main thread and one pool thread fit; the worker thread does not.
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
	    bash -c 'ulimit -u 2; exec "$0" --scenario offload --pool 1 --calls 2 --iterations 1000 --format json --svg "$1"' \
	    "$POOLVIZ" "$tmp/o.svg"
	echo "$status: $stderr"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: cannot start the worker thread: resource temporarily unavailable (raise ulimit -u)" ]
	only_left
}

# --- defect 11: one OpenSSL configuration check for every work ------------------------

@test "a broken OpenSSL configuration is one error for every work and the sweep" {
	# Default properties that no loaded provider has: nothing can be fetched.
	printf 'openssl_conf = c\n[c]\nalg_section = a\n[a]\ndefault_properties = fips=yes\n' >"$tmp/fips.cnf"
	want="poolviz: OpenSSL cannot fetch any digest, not even sha256: its configuration is broken (check OPENSSL_CONF=$tmp/fips.cnf)"
	for w in pbkdf2 scrypt deflate; do
		OPENSSL_CONF="$tmp/fips.cnf" run --separate-stderr "$POOLVIZ" --work "$w" \
		    --calls 1 --print-key --svg "$tmp/o.svg"
		echo "$w -> $status: $stderr"
		[ "$status" -eq 1 ]
		[ -z "$output" ]
		[ "$stderr" = "$want" ]
	done
	OPENSSL_CONF="$tmp/fips.cnf" run --separate-stderr "$POOLVIZ" sweep --work deflate -p 1 -c 1
	echo "sweep -> $status: $stderr"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: sweep: ${want#poolviz: }" ]
	only_left fips.cnf
}

# --- also found: messages ---------------------------------------------------------------

@test "--svg -x: a name beginning with '-' is refused, and not called an option" {
	cd "$tmp"
	run --separate-stderr "$POOLVIZ" --iterations 1000 --calls 1 --svg -x
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: --svg: missing value ('-x' begins with '-', as an option does, not a file name; to mean it, write --svg=./-x) (see poolviz --help)" ]
	# One that is an option is still called one.
	run --separate-stderr "$POOLVIZ" --iterations 1000 --calls 1 --trace -c
	[ "$status" -eq 2 ]
	[ "$stderr" = "poolviz: --trace: missing value ('-c' is an option, not a file name; to mean it, write --trace=./-c) (see poolviz --help)" ]
	only_left
}

# --- also found: links in a sticky world-writable directory -------------------------------

@test "another user's link in a sticky world-writable directory is not followed, as the kernel would not" {
	[ "$(id -u)" -eq 0 ] || skip "chown -h to another user needs root"
	cd "$tmp"
	mkdir x
	chmod 1777 x
	echo keep >target
	ln -s ../target x/report.svg
	chown -h 65534 x/report.svg
	run --separate-stderr "$POOLVIZ" --iterations 1000 --calls 1 --svg x/report.svg
	echo "$status: $stderr"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: --svg 'x/report.svg': cannot create: Permission denied (see poolviz --help)" ]
	[ "$(cat target)" = keep ]
	[ -L x/report.svg ]
	# Our own link there is followed: the target is replaced, the link stays.
	chown -h "$(id -u)" x/report.svg
	run "$POOLVIZ" --iterations 1000 --calls 1 --svg x/report.svg
	[ "$status" -eq 0 ]
	xmllint --noout target
	[ -L x/report.svg ]
	[ -z "$(ls -A x | grep -v '^report\.svg$' || true)" ]
}

# --- also found: memory bounded -----------------------------------------------------------

@test "--print-key's keys are bounded before the run, never 20 GB asked of malloc" {
	cd "$tmp"
	run --separate-stderr timeout "$(ceiling 20)" "$POOLVIZ" --calls 20000 --keylen 1048576 --print-key
	echo "$status: $stderr"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: --print-key: 20000 keys of 1048576 bytes would hold 20000 MiB (expected at most 256 MiB of keys: fewer --calls or a smaller --keylen) (see poolviz --help)" ]
	# Up to the bound, they are printed.
	run --separate-stderr "$POOLVIZ" --calls 2 --keylen 1048576 --iterations 1 --print-key
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^Key: ')" -eq 3 ]
	only_left
}

# fake_child FILE: a sweep child that prints, for its --calls and --pool,
# poolviz's JSON with a line and a task per call, at once (awk streams it).
fake_child() {
	cat >"$1" <<'SH'
#!/bin/sh
calls=1 pool=1
for a; do case $a in --calls=*) calls=${a#--calls=};; --pool=*) pool=${a#--pool=};; esac; done
exec awk -v n="$calls" -v p="$pool" 'BEGIN {
	printf "{\"tool\": \"poolviz\", \"schema\": 1, \"config\": {\"calls\": %d, \"pool\": %d},\n", n, p
	printf " \"machine\": {\"cpus\": 2, \"libuv\": \"1.44.2\", \"openssl\": \"OpenSSL 3\"},\n \"lines\": ["
	for (i = 1; i <= n; i++)
		printf "%s\n  {\"text\": \"Async Hash %d Done: 1ms\", \"ms\": 1}", (i > 1 ? "," : ""), i
	printf "],\n \"tasks\": ["
	for (i = 1; i <= n; i++)
		printf "%s\n  {\"id\": %d, \"worker\": 1, \"queued_ms\": 0.001, \"start_ms\": 0.002, \"end_ms\": 0.003, \"done_ms\": 0.004, \"cpu_ms\": 0.001}", (i > 1 ? "," : ""), i
	printf "],\n \"summary\": {\"makespan_ms\": 10.5, \"parallelism\": 1.0, \"one_hash_ms\": 0.001}}\n"
}'
SH
	chmod +x "$1"
}

# sweep_peak_kib CALLS: the sweep's peak RSS in KiB over one point of the
# fake child (GNU time reports the most of the sweep and its child).
sweep_peak_kib() {
	POOLVIZ_SWEEP_EXE="$tmp/child.sh" /usr/bin/time -f %M -o "$tmp/rss" \
	    "$POOLVIZ" sweep -p 4 -c "$1" --format csv >"$tmp/out.csv" || return 1
	tail -n 1 "$tmp/rss"
}

@test "the sweep's parent never holds a child's whole JSON: a 300,000-call point peaks as a 4-call one" {
	[ -z "${POOLVIZ_SANITIZED:-}" ] ||
		skip "a sanitized build's memory is the sanitizer's, not poolviz's"
	/usr/bin/time -f %M -o /dev/null true 2>/dev/null ||
		skip "no GNU time at /usr/bin/time (Debian package time)"
	fake_child "$tmp/child.sh"
	small=$(sweep_peak_kib 4)
	big=$(sweep_peak_kib 300000)
	# The child's 52 MB document took 500 MB when it was held and parsed whole.
	echo "4 calls: $small KiB, 300000 calls: $big KiB"
	[ "$big" -le $((4 * small)) ]
	# The point is read: its tasks counted one per call, or it was refused.
	[ "$(sed -n 2p "$tmp/out.csv" | cut -d, -f1-2)" = "4,300000" ]
	# A document too big besides its lines and tasks is refused in one line:
	# 5 MB of spaces, which are not kept, then a string of 5 MB, which is.
	printf '#!/bin/sh\nhead -c 5000000 /dev/zero | tr "\\0" " "; printf "{\\"x\\": \\"%%05000000d\\"}" 0\n' >"$tmp/child.sh"
	POOLVIZ_SWEEP_EXE="$tmp/child.sh" run --separate-stderr "$POOLVIZ" sweep -p 1 -c 1
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: sweep: pool 1, calls 1: the child's output holds over 4 MiB besides its lines and tasks, or more than memory allows" ]
}
