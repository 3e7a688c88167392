#!/usr/bin/env bats
# scenarios.bats: the blocked waiter and network against files, relationally.

load helper

# latency KIND: the latency in ms of "KIND probe done: ... (latency X.Yms".
latency() {
	printf '%s\n' "$output" | sed -n "s/^$1 probe done: [0-9]*ms (latency \([0-9.]*\)ms.*/\1/p"
}

# ge A B: A >= B, as decimals.
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

@test "blocked: the heartbeat stalls for the blocking hash and results wait" {
	run_split "$POOLVIZ" --scenario blocked --calls 4 --pool 4 --iterations 20000
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	start=$(line_ms "Start Synchronous Hash")
	# "End Synchronous Hash: 706ms (2 hashes on the main thread)"
	end=$(printf '%s\n' "$output" | sed -n 's/^End Synchronous Hash: \([0-9]*\)ms.*/\1/p')
	stall=$(line_ms "Heartbeat stalled")
	[ -n "$start" ]
	[ -n "$end" ]
	[ -n "$stall" ]
	# The longest gap covers the block.
	ge "$stall" "$(( (end - start) * 8 / 10 ))"
	# At least one hash ended during the block and was delivered after it.
	late=$(printf '%s\n' "$output" | sed -n 's/^Async Hash [0-9]* Done: \([0-9]*\)ms (finished \([0-9]*\)ms earlier, waited for the main thread)$/\1 \2/p')
	[ -n "$late" ]
	# Each ended (done - waited) before the block did, and came after it.
	while read -r finished waited; do
		[ "$finished" -ge "$end" ]
		[ $((finished - waited)) -le "$end" ]
	done <<<"$late"
	# The queue went first: Scheduled precedes the blocking hash.
	[[ "${lines[0]}" =~ ^Scheduled ]]
	[ "$(printf '%s\n' "$output" | grep -c '^Async Hash')" -eq 4 ]
}

@test "blocked: with no calls the heartbeat still shows the stall" {
	run "$POOLVIZ" --scenario blocked --calls 0 --iterations 20000
	[ "$status" -eq 0 ]
	start=$(line_ms "Start Synchronous Hash")
	end=$(printf '%s\n' "$output" | sed -n 's/^End Synchronous Hash: \([0-9]*\)ms.*/\1/p')
	stall=$(line_ms "Heartbeat stalled")
	ge "$stall" "$(( (end - start) * 8 / 10 ))"
}

@test "starve: files and DNS wait for the pool, TCP does not" {
	run_split "$POOLVIZ" --scenario starve --calls 4 --pool 4 --iterations 50000
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	fs=$(latency File)
	dns=$(latency DNS)
	tcp=$(latency TCP)
	[ -n "$fs" ]
	[ -n "$dns" ]
	[ -n "$tcp" ]
	sched=$(line_ms "Scheduled all async tasks")
	first=$(printf '%s\n' "$output" | sed -n 's/^Async Hash [0-9]* Done: \([0-9]*\)ms$/\1/p' | head -n 1)
	hash=$(( first - sched ))
	# The file probe waited for a worker: at least half a hash.
	ge "$fs" "$(awk -v h="$hash" 'BEGIN { print h / 2 }')"
	ge "$dns" "$(awk -v h="$hash" 'BEGIN { print h / 2 }')"
	# The TCP round trip is at least ten times faster than the file probe.
	ge "$fs" "$(awk -v t="$tcp" 'BEGIN { print t * 10 }')"
	[ "$(printf '%s\n' "$output" | grep -c Synchronous)" -eq 0 ]
}

@test "starve: with more workers than calls the file probe is fast" {
	run "$POOLVIZ" --scenario starve --calls 2 --pool 6 --iterations 50000
	[ "$status" -eq 0 ]
	fs=$(latency File)
	sched=$(line_ms "Scheduled all async tasks")
	first=$(printf '%s\n' "$output" | sed -n 's/^Async Hash [0-9]* Done: \([0-9]*\)ms$/\1/p' | head -n 1)
	hash=$(( first - sched ))
	# Under half a hash, where a full pool makes it wait a whole one.
	ge "$(awk -v h="$hash" 'BEGIN { print h / 2 }')" "$fs"
}

@test "scenario names and options that do not apply are refused" {
	run_split "$POOLVIZ" --scenario lunch
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: --scenario 'lunch': unknown scenario (expected article, blocked, starve, offload or dns) (see poolviz --help)" ]
	run_split "$POOLVIZ" --scenario blocked --no-sync
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "poolviz: --no-sync: does not apply to --scenario blocked"* ]]
	run_split "$POOLVIZ" --scenario starve --no-sync
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	run_split "$POOLVIZ" --scenario ''
	[ "$status" -eq 2 ]
}

@test "--scenario article is the default experiment" {
	run "$POOLVIZ" --scenario article --calls 2 --pool 2 --iterations 1000
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Start Synchronous Hash: 0ms" ]
	[ "${#lines[@]}" -eq 5 ]
}
