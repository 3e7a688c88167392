#!/usr/bin/env bats
# quiet.bats: the tests whose assertions take one branch on a quiet
# machine and another on a busy one, and need the machine to themselves
# to take the quiet one. tests/run.sh runs this file alone, on the
# release build and on ASan, after the lanes; busy.bats and sweep.bats,
# whose other tests hold under any load, run in the lanes. (Beside the
# other lane, the --retries test spent its 12 s budget instead of
# keeping a measurement, and pool 1 against pool 2 skipped as busy.)

load helper

setup() {
	tmp=$(mktemp -d)
	unset POOLVIZ_MACHINE_ROOT
	spinner=""
}

teardown() {
	explain_failure
	stop_spinner
	rm -rf "$tmp"
}

# Hashes of 20000 iterations take about 90 ms here, so each sweep is short.
ITER=20000

# --retries keeps the first conclusive measurement: the neighbour leaves
# once the first retry is announced, and a later measurement is saved.
# A budget of 12 s, not the default 45: on a quiet machine the first
# window after the neighbour left (1 s) is quiet, and the retry is kept
# within 3 s; on a machine other work keeps busy, the budget runs out,
# and that branch's assertions hold after 12 s rather than 45.
@test "--retries: once the neighbour has gone, the next measurement is kept" {
	spin
	mkfifo "$tmp/errp"
	"$POOLVIZ" --calls 2 --pool 1 --iterations "$(iters 20000)" --save-baseline "$tmp/b.json" \
	    --retries 10 --retry-budget 12 --format json >"$tmp/out" 2>"$tmp/errp" &
	pv=$!
	# Wait for the announcement, or for poolviz to end without one: its
	# stderr read line by line, as it comes (no polling).
	exec {errfd}<"$tmp/errp"
	while IFS= read -r line <&"$errfd"; do
		printf '%s\n' "$line" >>"$tmp/err"
		if [[ "$line" == *"waiting up to"* ]]; then break; fi
	done
	kill "$spinner"
	wait "$spinner" 2>/dev/null || true
	spinner=""
	cat <&"$errfd" >>"$tmp/err"
	exec {errfd}<&-
	status=0
	wait "$pv" || status=$?
	first=$(head -1 "$tmp/err")
	if [[ "$first" == *"no retry 1 of 10: waited 0.0 s"* ]]; then
		# A first measurement that took the whole budget (a sanitizer's
		# build on a loaded machine) left no time to wait: nothing was
		# announced, nothing retried, nothing saved.
		[ "$status" -eq 3 ]
		[ "$(grep -c 'and the retry budget of 12 s is spent$' "$tmp/err")" -eq 1 ]
		[ ! -e "$tmp/b.json" ]
		return
	fi
	[[ "$first" == "poolviz: disturbed: waiting up to "*" s for a quieter machine before retry 1 of 10" ]]
	if [ "$status" -eq 3 ]; then
		# Other work than the spinner kept the machine busy until the
		# retry budget was spent: it says so, and nothing was saved.
		[ "$(grep -c 'and the retry budget of 12 s is spent$' "$tmp/err")" -eq 1 ]
		# Given --retries, it is never advised.
		[ "$(grep -c 'or with --retries' "$tmp/err")" -eq 0 ]
		[ ! -e "$tmp/b.json" ]
		return
	fi
	[ "$status" -eq 0 ]
	n=$(grep -c 'measuring again, retry' "$tmp/err")
	jq -e --argjson n "$n" '.retries_used == $n and .load.disturbed == false' "$tmp/out" >/dev/null
	jq -e '.baseline.parallelism_per_lane > 0' "$tmp/b.json" >/dev/null
}

@test "pool 1 and pool 2 at 4 calls: two points, pool 1 slower" {
	for try in 1 2 3; do
		run_split "$POOLVIZ" sweep --pool 1,2 --calls 4 --iterations $ITER --format json
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		printf '%s' "$output" | jq -e '[.points[] | [.pool, .calls]] == [[1,4],[2,4]]' >/dev/null
		cpus=$(printf '%s' "$output" | jq '.machine.cpus')
		[ "$cpus" -ge 2 ] || skip "1 CPU: pool 2 cannot be faster than pool 1 here"
		printf '%s' "$output" | jq -e '.points[0].expected_waves == 4 and .points[1].expected_waves == 2' >/dev/null
		# Under ASan a hash's CPU time about doubles when two run at once.
		[ -z "${POOLVIZ_SANITIZED:-}" ] || skip "a sanitized build's hashes slow each other down"
		# Generous: two hashes at once make it about 2 times faster.
		if printf '%s' "$output" | jq -e '.points[0].makespan_ms > 1.3 * .points[1].makespan_ms' >/dev/null; then
			return 0
		fi
		echo "try $try: $(printf '%s' "$output" | jq -c '[.points[] | {pool, makespan_ms, parallelism}]')" >&3
	done
	# Three tries failed. A child that measured fewer than 1.3 hashes at
	# once on 2 workers did not get two CPUs: the machine is busy.
	par=$(printf '%s' "$output" | jq '.points[1].parallelism')
	if printf '%s' "$output" | jq -e '.points[1].parallelism < 1.3' >/dev/null; then
		skip "the machine is busy: pool 2 ran only $par hashes at once"
	fi
	# A point that poolviz itself marked disturbed (others took CPUs while
	# it ran) is not a comparison either.
	if printf '%s' "$output" | jq -e 'any(.points[]; .disturbed)' >/dev/null; then
		skip "the machine is busy: a point was disturbed"
	fi
	false
}
