#!/usr/bin/env bats
# dns.bats: --scenario dns: lookups (slow I/O) hold at most (n + 1) / 2 of
# the pool's n workers, and file reads (fast I/O) take the others. The
# checks are counts of what ran at once, not times.

load helper

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	explain_failure
	rm -rf "$tmp"
}

@test "dns: for pools of 1 to 6, at most (n + 1) / 2 lookups ran at once, and reads took the rest" {
	for n in 1 2 3 4 5 6; do
		cap=$(((n + 1) / 2))
		# 4n lookups and 4n reads: more lookups than the cap lets run,
		# and reads enough to keep the other workers busy meanwhile.
		"$POOLVIZ" --scenario dns --pool "$n" --calls $((8 * n)) \
		    --format json >"$tmp/$n.json"
		got=$(jq -r .summary.max_concurrent_dns "$tmp/$n.json")
		beside=$(jq -r .summary.fs_at_max_dns "$tmp/$n.json")
		echo "pool $n: cap $cap, lookups at once $got, reads beside them $beside"
		[ "$got" -eq "$cap" ]
		[ "$(jq -r .summary.dns_cap "$tmp/$n.json")" -eq "$cap" ]
		[ "$beside" -eq $((n - cap)) ]
		# Every request ran, on one of the pool's n workers.
		[ "$(jq '[.tasks[] | select(.worker != null and .worker <= '"$n"')] | length' "$tmp/$n.json")" -eq $((8 * n)) ]
		[ "$(jq '[.tasks[] | select(.kind == "dns")] | length' "$tmp/$n.json")" -eq $((4 * n)) ]
		[ "$(jq '[.tasks[] | select(.kind == "fs")] | length' "$tmp/$n.json")" -eq $((4 * n)) ]
	done
}

@test "dns: the output says the lookups were slowed and by how much, and the lesson gives the formula" {
	run "$POOLVIZ" --scenario dns --pool 4 --calls 8
	[ "$status" -eq 0 ]
	flat=$(printf '%s' "$output" | tr '\n' ' ')
	[[ "$flat" == *"Async Lookup 1 Done: "* ]]
	[[ "$flat" == *"Async File Read 2 Done: "* ]]
	[[ "$flat" == *"poolviz slowed each lookup by 80 ms and each read by 20 ms"* ]]
	[[ "$flat" == *"DNS lookups hold at most (n + 1) / 2 of libuv's n workers: pool 4, at most 2 at once"* ]]
	run "$POOLVIZ" --scenario dns --pool 2 --calls 4 --format json
	[ "$(printf '%s' "$output" | jq -r .slowed.lookup_ms)" = 80 ]
	[ "$(printf '%s' "$output" | jq -r .slowed.read_ms)" = 20 ]
	[ "$(printf '%s' "$output" | jq -r .config.scenario)" = dns ]
}

@test "dns: --timeline, --svg, --trace and CSV show lookups and reads apart" {
	run "$POOLVIZ" --scenario dns --pool 2 --calls 6 --timeline --ascii \
	    --svg "$tmp/d.svg" --trace "$tmp/d.trace"
	[ "$status" -eq 0 ]
	[[ "$output" == *"worker 1"* ]]
	[[ "$output" == *"dns N a lookup (odd N), fs N a file read (even N)"* ]]
	grep -q 'DNS lookup on a worker' "$tmp/d.svg"
	grep -q '<title>lookup 1 on worker' "$tmp/d.svg"
	[ "$(jq '[.traceEvents[] | select(.cat == "dns" and .ph == "X")] | length' "$tmp/d.trace")" -eq 3 ]
	[ "$(jq '[.traceEvents[] | select(.cat == "fs" and .ph == "X")] | length' "$tmp/d.trace")" -eq 3 ]
	run "$POOLVIZ" --scenario dns --pool 2 --calls 4 --format csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id,worker,queued_ms,start_ms,end_ms,done_ms,cpu_ms,kind" ]
	[[ "${lines[1]}" == 1,*,dns ]]
	[[ "${lines[2]}" == 2,*,fs ]]
}

@test "dns: other scenarios' tasks are hashes, with nothing slowed" {
	run "$POOLVIZ" --scenario starve --pool 2 --calls 2 --iterations "$(iters 2000)" --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | jq '.slowed')" = null ]
	[ "$(printf '%s' "$output" | jq '.summary | has("max_concurrent_dns")')" = false ]
	[ "$(printf '%s' "$output" | jq '[.tasks[] | has("kind")] | any')" = false ]
}

@test "sweep --scenario dns: the table shows the lookups at once beside (n+1)/2" {
	run --separate-stderr "$POOLVIZ" sweep --scenario dns --pool 1,2,3,4,5,8 --calls 24
	[ "$status" -eq 0 ]
	printf '%s\n' "$output"
	[[ "${lines[0]}" == "poolviz sweep: --scenario dns"* ]]
	head=$(printf '%s\n' "$output" | grep -m1 '^ *pool  calls')
	[[ "$head" == *"dns_at_once  (n+1)/2  reads_beside"* ]]
	# Each point's measured count equals the cap: columns 3 and 4.
	rows=$(printf '%s\n' "$output" | awk '$1 ~ /^[0-9]+$/ && NF >= 7 { print $1, $3, $4 }')
	[ "$(printf '%s\n' "$rows" | wc -l)" -eq 6 ]
	while read -r n got cap; do
		[ "$cap" -eq $(((n + 1) / 2)) ]
		[ "$got" = "$cap" ]
	done <<<"$rows"
	run "$POOLVIZ" sweep --scenario dns --pool 2,4 --calls 8 --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | jq -r '.sweep.scenario')" = dns ]
	[ "$(printf '%s' "$output" | jq -c '[.points[] | .dns_cap]')" = '[1,2]' ]
}

@test "sweep --scenario: only a scenario of lookups and reads applies" {
	run --separate-stderr "$POOLVIZ" sweep --scenario blocked
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--scenario blocked: does not apply to sweep"* ]]
	run --separate-stderr "$POOLVIZ" sweep --scenario nope
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"'nope': unknown scenario"* ]]
}
