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
start_bg() {
	coproc BG { exec "$@"; }
	bg_pid=$BG_PID
	exec {bg_out}<&"${BG[0]}"
}
