#!/usr/bin/env bats
# signals.bats: interruptions and readers that go away.

load helper

# Signals go to poolviz itself, not through timeout(1), which would send
# each one twice (to its child, then to its process group). A run that
# ignored a signal would hang: tests/run.sh sets BATS_TEST_TIMEOUT, and
# teardown kills what is left.

teardown() {
	explain_failure
	[ -z "${bg_pid:-}" ] || kill -KILL "$bg_pid" 2>/dev/null || true
}

@test "a reader that goes away ends poolviz quietly with 141" {
	run --separate-stderr bash -c '"$0" --calls 200000 --iterations 1 --keylen 16 --no-sync | head -1; echo "${PIPESTATUS[0]}" >&2' "$POOLVIZ"
	[[ "$output" =~ ^Scheduled\ all\ async\ tasks:\ [0-9]+ms$ ]]
	[ "$stderr" = "141" ]
}

@test "Ctrl-C while the pool works keeps the lines reached and exits 130" {
	start_bg "$POOLVIZ" --no-sync --calls 6 --pool 1 --iterations "$(iters 200000)"
	pid=$bg_pid
	read -r l1 <&"$bg_out"
	read -r l2 <&"$bg_out"
	kill -INT "$pid"
	rest=$(cat <&"$bg_out")
	wait "$pid" || status=$?
	[[ "$l1" =~ ^Scheduled ]]
	[[ "$l2" =~ ^Async\ Hash\ 1\ Done ]]
	# Queued hashes were cancelled: at most the one running, and nothing after.
	[ "$(printf '%s' "$rest" | grep -c 'Done' || true)" -le 1 ]
	[ "${status:-0}" -eq 130 ]
}

# JSON shows the handler at work: SIGTERM's default action would give 143
# too, but no document.
@test "SIGTERM exits 143 with a whole document marked interrupted" {
	start_bg "$POOLVIZ" --no-sync --calls 4 --pool 1 --iterations "$(iters 200000)" --format json --svg "$BATS_TEST_TMPDIR/t.svg"
	pid=$bg_pid
	wait_for_pool "$pid"
	kill -TERM "$pid"
	doc=$(cat <&"$bg_out")
	wait "$pid" || status=$?
	[ "${status:-0}" -eq 143 ]
	printf '%s' "$doc" | jq -e '.interrupted == true' >/dev/null
	xmllint --noout "$BATS_TEST_TMPDIR/t.svg"
	[ -z "$(ls "$BATS_TEST_TMPDIR" | grep -v '^t\.svg$')" ]
}

@test "an interrupted run is never saved as a baseline" {
	echo old >"$BATS_TEST_TMPDIR/b.json"
	start_bg "$POOLVIZ" --no-sync --calls 6 --pool 1 --iterations "$(iters 200000)" --save-baseline "$BATS_TEST_TMPDIR/b.json"
	pid=$bg_pid
	wait_for_pool "$pid"
	kill -INT "$pid"
	cat <&"$bg_out" >/dev/null
	wait "$pid" || status=$?
	[ "${status:-0}" -eq 130 ]
	[ "$(cat "$BATS_TEST_TMPDIR/b.json")" = old ]
	[ "$(ls "$BATS_TEST_TMPDIR")" = b.json ]
}

@test "a signal ignored at start stays ignored, as for a script's background job" {
	# trap "" is how a shell hands a command an ignored signal.
	start_bg bash -c 'trap "" INT; exec "$0" --no-sync --calls 2 --pool 1 --iterations "$1"' "$POOLVIZ" "$(iters 100000)"
	pid=$bg_pid
	read -r l1 <&"$bg_out"
	kill -INT "$pid"
	rest=$(cat <&"$bg_out")
	wait "$pid" || status=$?
	[ "${status:-0}" -eq 0 ]
	[ "$(printf '%s\n' "$rest" | grep -c Done)" -eq 2 ]
}

@test "the blocked scenario ends when its reader goes away" {
	run --separate-stderr bash -c 'timeout -s KILL 60 "$0" --scenario blocked --calls 8 --pool 2 --iterations 20000 | head -1; echo "${PIPESTATUS[0]}" >&2' "$POOLVIZ"
	[[ "$output" =~ ^Scheduled ]]
	[ "$stderr" = "141" ]
}

@test "Ctrl-C during the blocking hash exits at once, Start line kept" {
	# About a minute of hashing: only an immediate exit passes.
	start_bg "$POOLVIZ" --calls 4 --iterations 2000000000 --keylen 64
	pid=$bg_pid
	read -r l1 <&"$bg_out"
	kill -INT "$pid"
	rest=$(cat <&"$bg_out")
	wait "$pid" || status=$?
	[ "$l1" = "Start Synchronous Hash: 0ms" ]
	[ -z "$rest" ]
	[ "${status:-0}" -eq 130 ]
}
