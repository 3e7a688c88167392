#!/usr/bin/env bats
# busy.bats: on the machine as it is, beside a process spinning on a CPU,
# and in a cgroup with a CPU quota. Whatever else runs here, a spinner
# takes most of a CPU, so the assertions hold under any load: others took
# at least half a CPU, and nothing measured beside them is a FAIL.

load helper

setup() {
	tmp=$(mktemp -d)
	unset POOLVIZ_MACHINE_ROOT
	spinner=""
	cg=""
}

teardown() {
	explain_failure
	stop_spinner
	remove_cgroup
	rm -rf "$tmp"
}

# ge A B: A >= B, as decimals.
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

# make_cgroup: a child cgroup with a quota of one CPU; 0, or 1 with $why.
why=""
procs=""
make_cgroup() {
	local period
	if [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
		procs=tasks
		cg=/sys/fs/cgroup/cpu/poolviz-test-$$
		mkdir "$cg" 2>/dev/null || { why="cannot make $cg (not root?)"; cg=""; return 1; }
		period=$(cat "$cg/cpu.cfs_period_us") && echo "$period" >"$cg/cpu.cfs_quota_us" ||
			{ why="cannot set the quota in $cg"; return 1; }
		return 0
	fi
	if [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
		procs=cgroup.procs
		echo +cpu >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
		cg=/sys/fs/cgroup/poolviz-test-$$
		mkdir "$cg" 2>/dev/null || { why="cannot make $cg (not root?)"; cg=""; return 1; }
		echo "100000 100000" >"$cg/cpu.max" 2>/dev/null || { why="cannot set cpu.max in $cg"; return 1; }
		return 0
	fi
	why="no cgroup v1 or v2 cpu controller here"
	return 1
}

remove_cgroup() {
	local pid parent
	[ -n "$cg" ] && [ -d "$cg" ] || return 0
	parent=$(dirname "$cg")
	while read -r pid; do
		echo "$pid" >"$parent/$procs" 2>/dev/null
	done <"$cg/$procs"
	rmdir "$cg"
}

# in_cgroup CMD...: CMD in the cgroup, by way of a shell that moves itself.
in_cgroup() {
	sh -c 'echo $$ >"$1/$2" && shift 2 && exec "$@"' sh "$cg" "$procs" "$@"
}

# One busy worker beside the spinner: each has a CPU of its own on 2,
# and the spinner's is counted as other processes'.
@test "beside a spinning process: never a FAIL, and the load says what others took" {
	spin
	run_split "$POOLVIZ" --calls 2 --pool 1 --iterations "$(iters 20000)" --check --format json
	[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	printf '%s' "$output" | jq -e '
		.load.other_cpus >= 0.5 and .load.available_cpus <= .machine.usable_cpus
		and .load.steal_cpus >= 0 and (.machine.affinity_cpus >= 1)' >/dev/null
	# Tolerance 0 fails a quiet machine (check.bats); beside the spinner
	# the checks expect the CPUs it left, and what fails proves nothing.
	# A sanitizer's own slowdown is not the neighbour's (serial.bats).
	[ -z "${POOLVIZ_SANITIZED:-}" ] || skip "timed verdicts at tolerance 0: release build only"
	run_split "$POOLVIZ" --calls 4 --pool 2 --iterations "$(iters 20000)" --check --tolerance 0
	[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	printf '%s\n' "$output" | grep -Eq '(Other processes used|The machine was too busy to judge: other processes used) [0-9.]+ of the [0-9]+ CPUs? during this run'
}

# A failure that is sure to come, a doctored baseline, beside the spinner:
# inconclusive (exit 3), naming both the regression and the neighbour.
@test "beside a spinning process: a sure failure is inconclusive, never FAIL" {
	POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quiet" \
	    run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 20000)" --save-baseline "$tmp/b.json"
	[ "$status" -eq 0 ]
	jq '.baseline.parallelism_per_lane = 20 | .baseline.makespan_per_wave = 0.1' "$tmp/b.json" >"$tmp/d.json"
	spin
	# Long enough for /proc/stat's ticks to see the spinner's share.
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 20000)" --baseline "$tmp/d.json"
	[ "$status" -eq 3 ]
	printf '%s\n' "$output" | grep -Eq '^parallelism_per_lane .* REGRESSED$'
	printf '%s\n' "$output" | grep -Eq '^Inconclusive: other processes used [0-9.]+ of [0-9]+ CPUs?'
	[ "${lines[-1]}" = "$(printf '%s\n' "$output" | grep -E '^poolviz: inconclusive: .*parallelism_per_lane regressed.*; other processes used [0-9.]+ of [0-9]+ CPUs?')" ]
	[ -z "$stderr" ]
}

@test "beside a spinning process: the notes under --timeline say so with numbers" {
	spin
	run "$POOLVIZ" --calls 2 --pool 1 --iterations "$(iters 20000)" --timeline --notes --ascii
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | tr '\n' ' ' | grep -Eq 'Other processes used [0-9.]+ of the [0-9]+ CPUs? during this run'
}

@test "--save-baseline beside a spinning process: not saved, the old file kept, exit 3" {
	printf '{"old": true}\n' >"$tmp/b.json"
	spin
	run_split "$POOLVIZ" --calls 2 --pool 1 --iterations "$(iters 5000)" --save-baseline "$tmp/b.json"
	[ "$status" -eq 3 ]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[[ "$stderr" == "poolviz: --save-baseline '$tmp/b.json': not saved: other processes used "*" of "*" during the runs, and a baseline needs a quiet machine"* ]]
	[ "$(cat "$tmp/b.json")" = '{"old": true}' ]
	[ "$(ls "$tmp" | wc -l)" -eq 1 ]	# no temporary file left
	# --retries waits for a quieter machine first, within its budget,
	# saying what it waited for; beside the spinner the budget runs out.
	run_split "$POOLVIZ" --calls 2 --pool 1 --iterations "$(iters 5000)" --save-baseline "$tmp/c.json" \
	    --retries 1 --retry-budget 3
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"no retry 1 of 1: waited "*" s for a quieter machine"*", and the retry budget of 3 s is spent"* ]]
	# The wait is said before it begins, and what it saw after. A first
	# measurement that took half the budget (a slow build on a loaded
	# machine) leaves no time to wait: then nothing was waited or seen,
	# and nothing is said of it.
	if [[ "$stderr" == *"waiting up to"* ]]; then
		[[ "$stderr" =~ ^poolviz:\ (disturbed|inconclusive):\ waiting\ up\ to\ [0-9]+\ s\ for\ a\ quieter\ machine\ before\ retry\ 1\ of\ 1 ]]
		[[ "$stderr" == *"s for a quieter machine; others took "*" CPUs in the last window, and the retry budget"* ]]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 3 ]
	else
		[[ "$stderr" == *"no retry 1 of 1: waited 0.0 s"* ]]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 2 ]
	fi
	[ ! -e "$tmp/c.json" ]
}

@test "in a cgroup with a quota of one CPU: named, and the checks are for one lane" {
	make_cgroup || skip "$why"
	run --separate-stderr in_cgroup "$POOLVIZ" --calls 4 --pool 2 --iterations "$(iters 20000)" --check --format json
	[ "$status" -ne 2 ]
	printf '%s' "$output" | jq -e '
		.machine.quota_cpus == 1 and .machine.usable_cpus == 1
		and (.machine.quota_cgroup | startswith("cgroup v"))
		and .summary.expected_waves == 4
		and (.load.throttled_ms == null or .load.throttled_ms >= 0)
		and ((.checks[] | select(.name == "makespan_min") | .bound)
			/ (0.75 * 4 * .summary.one_hash_ms) - 1) as $d
		| $d < 0.001 and $d > -0.001' >/dev/null
	run in_cgroup "$POOLVIZ" --calls 4 --pool 2 --iterations "$(iters 20000)" --check
	[ "$status" -ne 2 ]
	printf '%s\n' "$output" | grep -Eq '^A CPU quota of 1\.0 CPU \(cgroup v[12]\) held this process to one CPU.* The checks expect 1 lane\.$'
}

# A set of runs beside the spinner: what others took is one figure, the
# median over the runs, in the chart's notes, the report and the JSON.
@test "beside a spinning process: a set of runs shows one figure for others, their median" {
	spin
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 20000)" --repeat 3 --check --timeline --ascii
	[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	printf '%s\n' "$output" | tr '\n' ' ' >"$tmp/text"
	grep -Eo '[Oo]ther processes used [0-9.]+ of the [0-9]+ CPUs? during these runs' "$tmp/text" |
	    grep -Eo 'used [0-9.]+' | sort -u >"$tmp/figures"
	[ "$(wc -l <"$tmp/figures")" -eq 1 ]
	run ! grep -q 'during this run' "$tmp/text"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 20000)" --repeat 3 --check --format json
	[ "$status" -eq 0 ] || [ "$status" -eq 3 ]
	printf '%s' "$output" | jq -e '
		([.runs[].load.other_cpus] | sort | .[1]) as $m
		| (.load.other_cpus - $m | fabs) < 0.011' >/dev/null
	printf '%s' "$output" | jq -r '.load.notes[]' >"$tmp/notes"
	run ! grep -q 'during this run' "$tmp/notes"
}

@test "--hash-ms beside a spinner, on a terminal: CPU time and the wall time to expect; stdout gets nothing more" {
	command -v taskset >/dev/null || skip "no taskset"
	# On one CPU with the spinner, whatever the machine's size: the
	# calibration has about half of it, a machine factor near 2. script(1)
	# gives poolviz a session, and with sched_autogroup a scheduling group,
	# of its own; so does setsid the spinner. Left in the suite's session,
	# the spinner's group also held whatever else the suite ran (beside
	# two spinners, make test), its weight on CPU 0 fell, and the
	# calibration had most of it: no machine factor to say.
	setsid taskset -c 0 sh -c 'while :; do :; done' &
	spinner=$!
	[ "$(ps -o sid= -p "$spinner" | tr -d ' ')" = "$spinner" ]
	run script -qec "taskset -c 0 '$POOLVIZ' --hash-ms 100 --calls 2 --pool 2 >'$tmp/out'" /dev/null
	[ "$status" -eq 0 ]
	line=$(printf '%s\n' "$output" | tr -d '\r' | grep '^poolviz: --hash-ms 100 chose ')
	echo "the line: $line"
	[[ "$line" =~ ^"poolviz: --hash-ms 100 chose --iterations "[0-9]+": about "([0-9]+)" ms of CPU time for each hash; others use "[0-9.]+" of 1 CPUs now, machine factor "([0-9.]+)": expect about "([0-9]+)" ms of wall time each"$ ]]
	cpu=${BASH_REMATCH[1]}
	factor=${BASH_REMATCH[2]}
	wall=${BASH_REMATCH[3]}
	ge "$factor" 1.1
	ge "$wall" "$cpu"
	# stdout, a file: the article's five lines, nothing of the note.
	[ "$(wc -l <"$tmp/out")" -eq 5 ]
	[ "$(grep -cE '^(Start Synchronous Hash|End Synchronous Hash|Scheduled all async tasks|Async Hash [12] Done): [0-9]+ms$' "$tmp/out")" -eq 5 ]
	# Piped, --notes says it after the run, with the wall time it became.
	run_split taskset -c 0 "$POOLVIZ" --hash-ms 100 --calls 2 --pool 2 --timeline --notes
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	note=$(printf '%s\n' "$output" | tr '\n' ' ' | tr -s ' ')
	[[ "$note" =~ "--hash-ms 100 chose --iterations "[0-9]+": about 100 ms of CPU time for each hash; others used "[0-9.]+" of 1 CPUs, machine factor "[0-9.]+": about "[0-9]+" ms of wall time each. Give --iterations " ]]
}
