#!/usr/bin/env bats
# check.bats: --repeat, --check and baselines.

load helper

# The machine as a fixture sees it: a /proc/stat that never moves, so
# others took nothing and a verdict is never inconclusive. These tests
# are about the mechanics, and that checks can fail; busy.bats runs on
# the machine as it is.
setup() {
	tmp=$(mktemp -d)
	export POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quiet"
}

teardown() {
	explain_failure
	rm -rf "$tmp"
}

# A generous tolerance: the machine is shared, and these tests are about
# the mechanics. Tight bounds are for a CI job on a machine of its own.
# One worker: each hash runs alone, as the blocking one did, so their CPU
# times compare (hashes sharing a core each burn more CPU).
@test "--check passes on a normal run and names every check" {
	run_split "$POOLVIZ" --calls 2 --pool 1 --iterations "$(iters 20000)" --repeat 3 --check --tolerance 1000
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	for c in scheduled_first sync_work makespan_max makespan_min lag; do
		printf '%s\n' "$output" | grep -Eq "^check $c: ok measured=[0-9.]+ expected=(<=|>=|<)?[0-9.-]+\$"
	done
	# One worker asks for one CPU: demand cannot tell, and says so.
	printf '%s\n' "$output" | grep -Eq '^check runnable_workers: not judged \(.+\)$'
	[ "$(printf '%s\n' "$output" | grep -c '^check ')" -eq 6 ]
}

# With no tolerance and calls a multiple of the lanes, the makespan bounds
# leave only [W T, W T'], and a real run's makespan is over W T': each
# worker's hashes take at least their CPU time, and delivery comes after.
@test "--check fails with exit 1 and names the failing check" {
	run "$POOLVIZ" --calls 4 --pool 2 --iterations "$(iters 20000)" --check --tolerance 0
	[ "$status" -eq 1 ]
	printf '%s\n' "$output" | grep -Eq '^check makespan_(max|min): FAIL measured='
	# The article's lines still came first.
	[ "${lines[0]}" = "Start Synchronous Hash: 0ms" ]
}

@test "--check without the blocking hash drops sync_work" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 20000)" --no-sync --check --tolerance 1000
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^check sync_work')" -eq 0 ]
	printf '%s\n' "$output" | grep -q '^check makespan_max: ok'
}

@test "--repeat in json: runs and stats, warm-ups left out" {
	run --separate-stderr "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --repeat 3 --warmup 1 --format json
	[ "$status" -eq 0 ]
	printf '%s' "$output" | jq -e '
		(.runs | length == 3)
		and all(.runs[]; .schema == 1 and (.tasks | length == 2))
		and all(.stats | to_entries[]; .value.min <= .value.median and .value.median <= .value.max)
		and ([.stats | keys[]] | sort == ["makespan_ms","makespan_over_hash","max_lag_ms","mean_task_ms","one_hash_ms","parallelism","sync_ms"])
		and .stats.makespan_ms.median > 0
	' >/dev/null
	# Without --repeat the document has neither.
	run --separate-stderr "$POOLVIZ" --calls 1 --iterations "$(iters 1000)" --format json
	printf '%s' "$output" | jq -e 'has("runs") == false and has("stats") == false' >/dev/null
}

@test "--repeat in text: a statistics table, no per-run lines" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --repeat 3
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "3 runs:" ]
	[ "$(printf '%s\n' "$output" | grep -c 'Hash')" -eq 0 ]
	printf '%s\n' "$output" | grep -Eq '^makespan_ms +[0-9.]+ +[0-9.]+ +[0-9.]+$'
}

@test "--check in json: a checks array, same exit status, the verdict line on stderr" {
	run_split "$POOLVIZ" --calls 4 --pool 2 --iterations "$(iters 5000)" --check --tolerance 0 --format json
	[ "$status" -eq 1 ]
	[[ "$stderr" == "poolviz: FAIL: "* ]]
	printf '%s' "$output" | jq -e '(.checks | length == 6) and any(.checks[]; .ok == false)' >/dev/null
}

@test "a baseline round trip: saved, then compared with a new run, all ok" {
	run "$POOLVIZ" --calls 2 --pool 1 --iterations "$(iters 20000)" --repeat 3 --save-baseline "$tmp/b.json"
	[ "$status" -eq 0 ]
	jq -e '.tool == "poolviz" and .schema == 1 and (.runs | length == 3)
		and (.baseline | has("cpus") and has("makespan_per_wave")
		and has("parallelism_per_lane") and has("mean_task_per_hash") and has("max_lag_ms"))' "$tmp/b.json" >/dev/null
	run_split "$POOLVIZ" --calls 2 --pool 1 --iterations "$(iters 20000)" --repeat 3 --baseline "$tmp/b.json" --tolerance 1000
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(printf '%s\n' "$output" | grep -Ec '^(makespan_per_wave|parallelism_per_lane|mean_task_per_hash|max_lag_ms) .* (ok|better)$')" -eq 4 ]
}

@test "a doctored baseline makes the comparison fail with exit 1" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --save-baseline "$tmp/b.json"
	[ "$status" -eq 0 ]
	# Claim the pool once ran twenty lanes' worth at once, in a tenth of the time.
	jq '.baseline.parallelism_per_lane = 20 | .baseline.makespan_per_wave = 0.1' "$tmp/b.json" >"$tmp/d.json"
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/d.json"
	[ "$status" -eq 1 ]
	printf '%s\n' "$output" | grep -Eq '^parallelism_per_lane .* REGRESSED$'
	printf '%s\n' "$output" | grep -Eq '^makespan_per_wave .* REGRESSED$'
}

@test "a baseline of another configuration or no baseline at all is refused" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --save-baseline "$tmp/b.json"
	[ "$status" -eq 0 ]
	run_split "$POOLVIZ" --calls 3 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/b.json"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "poolviz: --baseline: it was recorded with --calls 2, this run has --calls 3"* ]]
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --digest sha256 --baseline "$tmp/b.json"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--digest sha512, this run has --digest sha256"* ]]
	echo '{"tool": "other"}' >"$tmp/o.json"
	run_split "$POOLVIZ" --baseline "$tmp/o.json"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"not a poolviz baseline"* ]]
	jq '.schema = 2' "$tmp/b.json" >"$tmp/s.json"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/s.json"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"expected schema 1"* ]]
	jq 'del(.baseline)' "$tmp/b.json" >"$tmp/n.json"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/n.json"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"baseline metrics are missing or malformed"* ]]
	printf 'not json' >"$tmp/g.json"
	run_split "$POOLVIZ" --baseline "$tmp/g.json"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"cannot read it"* ]]
	run_split "$POOLVIZ" --baseline "$tmp/missing.json"
	[ "$status" -eq 2 ] && [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
}

@test "a baseline records the machine, and a comparison shows both side by side" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --save-baseline "$tmp/b.json"
	[ "$status" -eq 0 ]
	jq -e '.baseline | (.affinity_cpus >= 1) and (.quota_cpus == null)
		and (.usable_cpus >= 1) and (.other_cpus == 0) and (.available_cpus > 0)' "$tmp/b.json" >/dev/null
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/b.json" --tolerance 1000
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -Eq '^machine: baseline [0-9]+ CPUs? \(no quota\), others took 0\.0 CPU; now [0-9]+ CPUs? \(no quota\), others took 0\.0 CPU$'
	# JSON and Markdown show both machines too.
	run --separate-stderr "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/b.json" --tolerance 1000 --format json
	[ "$status" -eq 0 ]
	printf '%s' "$output" | jq -e --slurpfile b "$tmp/b.json" '.comparison
		| (.baseline == $b[0].baseline) and (.now.usable_cpus >= 1)
		and (.now | has("quota_cpus") and has("other_cpus") and has("available_cpus"))
		and (.now.makespan_per_wave == (.metrics[] | select(.name == "makespan_per_wave") | .now))' >/dev/null
	run --separate-stderr "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/b.json" --tolerance 1000 --format markdown
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -Eq '^Machine: baseline [0-9]+ CPUs? \(no quota\), others took 0\.0 CPU; now [0-9]+ CPUs? \(no quota\), others took 0\.0 CPU\. Tolerance'
	# A baseline from before poolviz read the machine still loads.
	jq 'del(.baseline.affinity_cpus, .baseline.quota_cpus, .baseline.usable_cpus,
		.baseline.other_cpus, .baseline.steal_cpus, .baseline.available_cpus)' "$tmp/b.json" >"$tmp/old.json"
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/old.json" --tolerance 1000
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -Eq '^machine: baseline [0-9]+ CPUs? \(not recorded\); now '
}

@test "a quota in the cgroup files: named in JSON, and the checks expect one lane" {
	POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quota-1" \
		run --separate-stderr "$POOLVIZ" --calls 4 --pool 4 --iterations "$(iters 5000)" --check --tolerance 1000 --format json
	# The fixture's quota is not enforced, so the hashes may beat one lane.
	[ "$status" -ne 2 ]
	printf '%s' "$output" | jq -e '
		.machine.quota_cpus == 1 and .machine.quota_cgroup == "cgroup v1"
		and .machine.usable_cpus == 1 and .summary.expected_waves == 4
		and (.load | has("throttled_ms"))' >/dev/null
	POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quota-1" \
		run --separate-stderr "$POOLVIZ" --calls 4 --pool 4 --iterations "$(iters 5000)" --check --tolerance 50 --format json
	[ "$status" -ne 2 ]
	# makespan_min = (1 - tol) calls T / 1 lane.
	printf '%s' "$output" | jq -e '
		(.checks[] | select(.name == "makespan_min") | .bound) as $b
		| ($b / (0.5 * 4 * .summary.one_hash_ms) - 1) as $d | $d < 0.001 and $d > -0.001' >/dev/null
	# A CI summary in Markdown names the quota too.
	POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quota-1" \
		run --separate-stderr "$POOLVIZ" --calls 4 --pool 4 --iterations "$(iters 5000)" --check --tolerance 1000 --format markdown
	[ "$status" -ne 2 ]
	[ "${lines[-1]}" = "A CPU quota of 1.0 CPU (cgroup v1) held this process to one CPU. The checks expect 1 lane." ]
}

@test "--retries applies only where there is a verdict, and stays within 0 to 10" {
	run_split "$POOLVIZ" --calls 2 --retries 2
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--retries: applies only with --check, --baseline or --save-baseline"* ]]
	run_split "$POOLVIZ" --calls 2 --check --retries 11
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--retries"* ]]
	# On a quiet machine nothing is retried; JSON says how many were.
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --check --tolerance 1000 --retries 3 --format json
	# stderr holds the verdict line alone, as with any JSON run: no retry.
	[ "$status" -eq 0 ]
	[[ "$stderr" == "poolviz: ok: "* ]]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	printf '%s' "$output" | jq -e '.retries_used == 0' >/dev/null
}

@test "--tolerance past 100% floors the lower bound at 0" {
	run --separate-stderr "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --check --tolerance 300 --format json
	[ "$status" -ne 2 ]
	printf '%s' "$output" | jq -e '.checks[] | select(.name == "makespan_min") | .bound == 0' >/dev/null
}

@test "--warmup alone still prints the measured run's lines" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --warmup 1
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Start Synchronous Hash: 0ms" ]
	[ "${#lines[@]}" -eq 5 ]
}

@test "a baseline is not overwritten by another output, under any name" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --save-baseline "$tmp/b.json"
	[ "$status" -eq 0 ]
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --baseline "$tmp/b.json" --trace "$tmp/./b.json"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"names the same file as --trace"* ]]
	jq -e '.tool == "poolviz"' "$tmp/b.json" >/dev/null
	run_split "$POOLVIZ" --calls 2 --svg "$tmp/b.json" --trace "$tmp/../$(basename "$tmp")/b.json"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --no-sync --baseline "$tmp/b.json"
	[ "$status" -eq 2 ]
}

@test "repeat, check and baseline options that do not fit are refused" {
	for args in "--repeat 0" "--repeat 101" "--warmup x" "--tolerance -1" \
	    "--tolerance 1001" "--tolerance 10" "--tolerance 25" \
	    "--check --scenario blocked" "--format csv --repeat 2" \
	    "--save-baseline a --svg a" "--check --format csv" \
	    "--baseline a --format csv" "--repeat 2 --scenario starve" \
	    "--repeat 2 --print-key"; do
		# shellcheck disable=SC2086
		run_split "$POOLVIZ" $args
		[ "$status" -eq 2 ] || { echo "$args: $status" >&2; false; }
		[ -z "$output" ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	done
}

# A baseline is what later runs are held to: a run whose check failed
# saves none, keeps the old file, exits 1 and says why in one line.
@test "--save-baseline: a failing --check saves no baseline" {
	echo old >"$tmp/b.json"
	POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quiet" \
	    run_split "$POOLVIZ" --calls 4 --pool 2 --iterations "$(iters 5000)" --check \
	    --tolerance 0 --save-baseline "$tmp/b.json"
	[ "$status" -eq 1 ]
	[ "$(cat "$tmp/b.json")" = old ]
	[[ "$stderr" == *"--save-baseline '$tmp/b.json': not saved: "*" failed, and a baseline must come from runs that pass (any old file is kept)"* ]]
	[ "$(printf '%s\n' "$stderr" | grep -c 'not saved')" -eq 1 ]
}

# A baseline's version is read: another poolviz's gives a note, a missing
# or non-string one is not a poolviz baseline; a directory is named so.
@test "--baseline: its version is read, and a directory is refused as one" {
	POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quiet" \
	    run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --save-baseline "$tmp/b.json"
	[ "$status" -eq 0 ]
	jq '.version = "9.9.9"' "$tmp/b.json" >"$tmp/v.json"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --baseline "$tmp/v.json"
	[ "$(printf '%s\n' "$stderr" | grep -c "was saved by poolviz 9.9.9")" -eq 1 ]
	for v in 'del(.version)' '.version = null' '.version = 42'; do
		jq "$v" "$tmp/b.json" >"$tmp/n.json"
		run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --baseline "$tmp/n.json"
		[ "$status" -eq 2 ]
		[[ "$stderr" == *"not a poolviz baseline (its version is missing or not a string"* ]]
	done
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --baseline "$tmp"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--baseline '$tmp': is a directory"* ]]
}

# A signal that cuts a --repeat --check: nothing was concluded, so the
# verdict is "interrupted" and the set partial, never ok.
# shellcheck disable=SC2154 # start_bg (helper.bash) sets bg_pid and bg_out
@test "an interrupted --repeat --check never says ok" {
	start_bg "$POOLVIZ" --no-sync --calls 4 --pool 1 --iterations "$(iters 200000)" \
	    --repeat 3 --check --format json
	wait_for_pool "$bg_pid"
	kill -TERM "$bg_pid"
	cat <&"$bg_out" >"$tmp/int.json"
	# Not "run wait": run's subshell cannot wait for this shell's child.
	status=0
	wait "$bg_pid" || status=$?
	[ "$status" -eq 143 ]
	jq -e '.verdict == "interrupted" and .partial == true
		and (.reasons[0] | startswith("interrupted after"))' "$tmp/int.json" >/dev/null
	run jq -r .verdict "$tmp/int.json"
	[ "$output" != ok ]
}
