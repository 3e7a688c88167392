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
# that execs it) and has a thread besides its main one, that is until
# libuv's pool exists and the loop handles signals. Polls a condition with
# builtins only, bounded, rather than sleeping for a guessed time.
wait_for_pool() {
	local n=0 comm tasks
	while [ "$n" -lt 1000000 ]; do
		comm=
		read -r comm 2>/dev/null <"/proc/$1/comm" || return 1
		tasks=(/proc/"$1"/task/*)
		[ "$comm" = poolviz ] && [ "${#tasks[@]}" -gt 1 ] && return 0
		n=$((n + 1))
	done
	return 1
}
