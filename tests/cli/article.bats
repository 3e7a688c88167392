#!/usr/bin/env bats
# article.bats: the article's lines, their format and their order.

load helper

@test "the default experiment prints exactly the article's seven lines" {
	run_split "$POOLVIZ" --calls 4 --pool 4 --iterations "$(iters 2000)"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 7 ]
	[ "${lines[0]}" = "Start Synchronous Hash: 0ms" ]
	[[ "${lines[1]}" =~ ^End\ Synchronous\ Hash:\ [0-9]+ms$ ]]
	[[ "${lines[2]}" =~ ^Scheduled\ all\ async\ tasks:\ [0-9]+ms$ ]]
	for i in 3 4 5 6; do
		[[ "${lines[$i]}" =~ ^Async\ Hash\ [1-4]\ Done:\ [0-9]+ms$ ]]
	done
	# Every id once.
	ids=$(printf '%s\n' "${lines[@]:3}" | sed 's/^Async Hash \([0-9]*\) Done.*/\1/' | sort -n | tr '\n' ' ')
	[ "$ids" = "1 2 3 4 " ]
}

@test "times never go backwards and no Done comes before Scheduled" {
	run "$POOLVIZ" --calls 6 --pool 3 --iterations "$(iters 3000)"
	[ "$status" -eq 0 ]
	prev=0
	for l in "${lines[@]}"; do
		ms=${l##*: }
		ms=${ms%ms}
		[ "$ms" -ge "$prev" ]
		prev=$ms
	done
	end=$(line_ms "End Synchronous Hash")
	sched=$(line_ms "Scheduled all async tasks")
	[ "$sched" -ge "$end" ]
	[ "${lines[2]%%:*}" = "Scheduled all async tasks" ]
}

@test "--no-sync drops the blocking hash's two lines" {
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 1000)" --no-sync
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" =~ ^Scheduled\ all\ async\ tasks:\ [0-9]+ms$ ]]
	[ "$(printf '%s\n' "$output" | grep -c Synchronous)" -eq 0 ]
}

@test "--calls 0 prints the blocking hash and Scheduled only" {
	run "$POOLVIZ" --calls 0 --iterations "$(iters 1000)"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "Start Synchronous Hash: 0ms" ]
}

# With one worker the second hash cannot start before the first ends: an
# order in the record (each hash's start and end, read on its worker),
# which load cannot change. The Done lines' gaps can: beside two spinners
# ASan's second hash once took less than half the first's wall time.
# serialized JSON: the two tasks, by start, ran one after the other on
# one worker.
serialized='.tasks | sort_by(.start_ms) | length == 2
	and .[1].start_ms >= .[0].end_ms and .[0].worker == .[1].worker'

@test "a pool of one runs the hashes one after another" {
	run "$POOLVIZ" --calls 2 --pool 1 --iterations "$(iters 20000)" --no-sync
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^Async Hash [12] Done: [0-9]*ms$')" -eq 2 ]
	run "$POOLVIZ" --calls 2 --pool 1 --iterations "$(iters 20000)" --no-sync --format json
	[ "$status" -eq 0 ]
	printf '%s' "$output" | jq -e "$serialized" >/dev/null
}

@test "UV_THREADPOOL_SIZE sets the pool when --pool is absent" {
	UV_THREADPOOL_SIZE=1 run "$POOLVIZ" --calls 2 --iterations "$(iters 20000)" --no-sync --format json
	[ "$status" -eq 0 ]
	printf '%s' "$output" | jq -e '.config.pool == 1' >/dev/null
	printf '%s' "$output" | jq -e "$serialized" >/dev/null
}

# The first Done line must reach a pipe while the second hash still runs,
# not when the process exits.
@test "each line reaches a pipe as soon as it is reached" {
	start_bg "$POOLVIZ" --no-sync --calls 2 --pool 1 --iterations "$(iters 300000)"
	pid=$bg_pid
	read -r l1 <&"$bg_out"
	read -r l2 <&"$bg_out"
	alive=0
	if kill -0 "$pid" 2>/dev/null; then alive=1; fi
	read -r l3 <&"$bg_out"
	wait "$pid"
	[[ "$l1" =~ ^Scheduled ]]
	[[ "$l2" =~ ^Async\ Hash\ 1\ Done ]]
	[[ "$l3" =~ ^Async\ Hash\ 2\ Done ]]
	[ "$alive" -eq 1 ]
}
