#!/usr/bin/env bats
# signals.bats: interruptions and readers that go away.

load helper

# Each run is wrapped in `timeout -s KILL`: if a signal were ignored, the
# status would be 137, not the one asserted, instead of a hung suite.

@test "a reader that goes away ends poolviz quietly with 141" {
	run --separate-stderr bash -c '"$0" --calls 200000 --iterations 1 --keylen 16 --no-sync | head -1; echo "${PIPESTATUS[0]}" >&2' "$POOLVIZ"
	[[ "$output" =~ ^Scheduled\ all\ async\ tasks:\ [0-9]+ms$ ]]
	[ "$stderr" = "141" ]
}

@test "Ctrl-C while the pool works keeps the lines reached and exits 130" {
	start_bg timeout -s KILL 60 "$POOLVIZ" --no-sync --calls 6 --pool 1 --iterations 200000
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

@test "SIGTERM exits 143" {
	start_bg timeout -s KILL 60 "$POOLVIZ" --no-sync --calls 4 --pool 1 --iterations 200000
	pid=$bg_pid
	read -r l1 <&"$bg_out"
	kill -TERM "$pid"
	cat <&"$bg_out" >/dev/null
	wait "$pid" || status=$?
	[ "${status:-0}" -eq 143 ]
}

@test "Ctrl-C during the blocking hash exits at once, Start line kept" {
	# About a minute of hashing: only an immediate exit passes.
	start_bg timeout -s KILL 30 "$POOLVIZ" --calls 4 --iterations 2000000000 --keylen 64
	pid=$bg_pid
	read -r l1 <&"$bg_out"
	kill -INT "$pid"
	rest=$(cat <&"$bg_out")
	wait "$pid" || status=$?
	[ "$l1" = "Start Synchronous Hash: 0ms" ]
	[ -z "$rest" ]
	[ "${status:-0}" -eq 130 ]
}
