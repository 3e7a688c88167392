#!/usr/bin/env bats
# sweep.bats: poolviz sweep, its formats, its bad input, failing children and signals.

load helper

# Hashes of 20000 iterations take about 90 ms here, so each sweep is short.
ITER=20000

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	explain_failure
	rm -rf "$tmp"
}

# refused WANT ARGS...: `poolviz sweep ARGS` exits 2 with nothing on
# stdout and one line on stderr that starts "poolviz: " and contains WANT.
refused() {
	local want=$1
	shift
	run_split "$POOLVIZ" sweep "$@"
	if [ "$status" -ne 2 ] || [ -n "$output" ] ||
	    [ "$(printf '%s\n' "$stderr" | wc -l)" -ne 1 ] ||
	    [[ "$stderr" != "poolviz: "*"$want"*" (see poolviz sweep --help)" ]]; then
		echo "args: $* -> status $status, stdout '$output', stderr '$stderr'" >&2
		return 1
	fi
}

# wrapper NAME BODY: an executable script $tmp/NAME that runs BODY, in
# which "$POOLVIZ" is the poolviz under test.
wrapper() {
	printf '#!/bin/sh\nPOOLVIZ=%q\n%s\n' "$POOLVIZ" "$2" >"$tmp/$1"
	chmod +x "$tmp/$1"
}

@test "sweep --help prints the sweep's own usage to stdout, exit 0" {
	run_split "$POOLVIZ" sweep --help
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "usage: poolviz sweep [-p pools] [-c calls] [--repeat N] [--check]" ]
	for opt in --pool --calls --repeat --check --iterations --keylen --digest \
	    --password --salt --format --svg --help POOLVIZ_SWEEP_EXE; do
		printf '%s\n' "$output" | grep -q -- "$opt"
	done
	run_split "$POOLVIZ" sweep -h
	[ "$status" -eq 0 ]
	[[ "$output" == "usage: poolviz sweep "* ]]
}

@test "--format json: the contract's fields, medians of --repeat runs" {
	# Pool 64: more threads than CPUs, so that min(pool, cpus) is cpus.
	run_split "$POOLVIZ" sweep --pool 1,64 --calls 0,3 --repeat 2 --iterations 2000 --format json
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	printf '%s' "$output" | jq -e '
		.one_hash_ms as $t
		| (keys_unsorted == ["tool", "version", "schema", "sweep", "machine", "one_hash_ms", "points"])
		and .tool == "poolviz" and (.version | type == "string") and .schema == 1
		and .sweep == {"pool": [1, 64], "calls": [0, 3], "repeat": 2,
			"iterations": 2000, "keylen": 512, "digest": "sha512"}
		and (.machine | keys_unsorted == ["cpus", "libuv", "openssl"])
		and (.machine.cpus | type == "number" and . >= 1)
		and ([.points[] | [.pool, .calls]] == [[1,0],[64,0],[1,3],[64,3]])
		and all(.points[]; keys_unsorted == ["pool", "calls", "makespan_ms",
			"predicted_ms", "ratio", "one_hash_ms", "speedup", "parallelism",
			"expected_waves", "runs", "other_cpus", "disturbed", "verdict"])
		and all(.points[]; (.disturbed | type == "boolean")
			and (.other_cpus | type == "number" and . >= 0)
			and (.verdict | IN("ok", "fail", "inconclusive")))
		and all(.points[]; (.parallelism * 1000 | (. - round) | fabs < 1e-6)
			and (.makespan_ms * 1000 | (. - round) | fabs < 1e-6)
			and ((.predicted_ms - .expected_waves * $t) | fabs) <= 0.001 * (.expected_waves + 1))
		and $t == ([.points[] | select(.calls > 0)][0].one_hash_ms)
		and all(.points[] | select(.calls == 3); .ratio > 0
			and ((.ratio - .makespan_ms / .predicted_ms) | fabs) < 0.001)
		and all(.points[] | select(.calls == 0); .ratio == null)
		and all(.points[]; .runs == 2)
		and all(.points[] | select(.calls == 0); .makespan_ms == 0 and .speedup == null
			and .expected_waves == 0)
		and all(.points[] | select(.calls == 3); .makespan_ms > 0 and .speedup > 0
			and .parallelism > 0)
	' >/dev/null
	# expected_waves is ceil(calls / min(pool, cpus)), with the children's cpus.
	printf '%s' "$output" | jq -e '.machine.cpus as $c | all(.points[];
		.expected_waves == ((.calls / ([.pool, $c] | min)) | ceil))' >/dev/null
}

@test "every child gets --no-sync, --format json and the options given" {
	wrapper log.sh 'printf "%s\n" "$*" >>"$(dirname "$0")/args"; exec "$POOLVIZ" "$@"'
	POOLVIZ_SWEEP_EXE="$tmp/log.sh" run_split "$POOLVIZ" sweep --pool 2,1 --calls 1 --repeat 2 \
	    -i 1500 -k 32 -d sha256 --password 'p w' --salt '' --format json
	[ "$status" -eq 0 ]
	# A point's runs follow one another: uniq folds them (and any re-run).
	[ "$(uniq "$tmp/args")" = "--calls=1 --pool=1 --no-sync --format=json --iterations=1500 --keylen=32 --digest=sha256 --password=p w --salt=
--calls=1 --pool=2 --no-sync --format=json --iterations=1500 --keylen=32 --digest=sha256 --password=p w --salt=" ]
	[ "$(wc -l <"$tmp/args")" -ge 4 ]
	printf '%s' "$output" | jq -e '.sweep.iterations == 1500 and .sweep.keylen == 32
		and .sweep.digest == "sha256" and .sweep.pool == [1, 2]' >/dev/null
}

@test "--hash-ms: sized once, every child is given the same iterations" {
	wrapper log.sh 'printf "%s\n" "$*" >>"$(dirname "$0")/args"; exec "$POOLVIZ" "$@"'
	POOLVIZ_SWEEP_EXE="$tmp/log.sh" run_split "$POOLVIZ" sweep --pool 1,2 --calls 1,2 --repeat 2 \
	    --hash-ms 10 --format json
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(wc -l <"$tmp/args")" -ge 8 ]
	[ "$(grep -c -- ' --iterations=[0-9]* ' "$tmp/args")" -eq "$(wc -l <"$tmp/args")" ]
	[ "$(grep -o -- ' --iterations=[0-9]* ' "$tmp/args" | sort -u | wc -l)" -eq 1 ]
	iters=$(grep -o -- ' --iterations=[0-9]* ' "$tmp/args" | sort -u | tr -dc 0-9)
	printf '%s' "$output" | jq -e --argjson i "$iters" '.sweep.hash_ms == 10
		and .sweep.iterations == $i and $i >= 1' >/dev/null
	# The other works turn their own knob, once too.
	rm "$tmp/args"
	POOLVIZ_SWEEP_EXE="$tmp/log.sh" run_split "$POOLVIZ" sweep --pool 1,2 --calls 1 \
	    --work deflate --hash-ms 10 --format csv
	[ "$status" -eq 0 ]
	[ "$(grep -o -- ' --size=[0-9]* ' "$tmp/args" | sort -u | wc -l)" -eq 1 ]
}

@test "--hash-ms: out of range, or with the knob it sets, is refused" {
	refused "--hash-ms '5': out of range (expected 10 to 60000)" --hash-ms 5
	refused "--hash-ms: cannot be combined with --iterations" --hash-ms 20 --iterations "$(iters 1000)"
	refused "--hash-ms: cannot be combined with --scrypt-n" --work scrypt --hash-ms 20 --scrypt-n 1024
	refused "--hash-ms: cannot be combined with --scrypt-r" --work scrypt --hash-ms 20 --scrypt-r 4
	refused "--hash-ms: does not apply with --scenario dns" --scenario dns --hash-ms 20
}

# One T for every prediction: a point that measured a slower hash than
# another cannot make the prediction rise from one pool size to the next.
@test "the predictions for one calls value never rise with the pool" {
	run_split "$POOLVIZ" sweep --pool 1,2,3,4,6,8 --calls 1,3,5,8 --iterations "$(iters 2000)" --format json
	[ "$status" -eq 0 ]
	printf '%s' "$output" | jq -e '.one_hash_ms > 0 and (.points | length) == 24' >/dev/null
	printf '%s' "$output" | jq -e '[.points | group_by(.calls)[] | sort_by(.pool)
		| [.[].predicted_ms] as $p | range(1; $p | length) | $p[.] <= $p[. - 1]]
		| length == 20 and all' >/dev/null
	# And a bigger call count never predicts less at one pool size.
	printf '%s' "$output" | jq -e '[.points | group_by(.pool)[] | sort_by(.calls)
		| [.[].predicted_ms] as $p | range(1; $p | length) | $p[.] >= $p[. - 1]]
		| length == 18 and all' >/dev/null
}

@test "defaults: pool 1,2,4,8 and calls 8" {
	wrapper log.sh 'printf "%s\n" "$*" >>"$(dirname "$0")/args"; exec "$POOLVIZ" "$@"'
	POOLVIZ_SWEEP_EXE="$tmp/log.sh" run_split "$POOLVIZ" sweep --iterations 1000 --format csv
	[ "$status" -eq 0 ]
	# A point others disturbed is run again at once: uniq folds those.
	[ "$(cut -d' ' -f1-2 "$tmp/args" | uniq | tr '\n' ' ')" = "--calls=8 --pool=1 --calls=8 --pool=2 --calls=8 --pool=4 --calls=8 --pool=8 " ]
	grep -q -- '--iterations=1000 --keylen=512 --digest=sha512 --password=password --salt=salt$' "$tmp/args"
}

# A run others disturbed is made again, up to twice, while the load looks
# like a passing spell; a load that stayed through a run's re-runs is
# steady, and the runs after it are kept as they come, marked.
@test "a steady load: the first disturbed run is made again twice, the others are kept" {
	wrapper steady.sh 'printf "%s\n" "$*" >>"$(dirname "$0")/args"
"$POOLVIZ" "$@" | jq ".load.other_cpus = 1.5 | .load.steal_cpus = 0"'
	POOLVIZ_SWEEP_EXE="$tmp/steady.sh" run_split "$POOLVIZ" sweep --pool 1-4 --calls 1 --iterations "$(iters 1000)" --format csv
	[ "$status" -eq 0 ]
	[ "$(cut -d' ' -f2 "$tmp/args" | tr '\n' ' ')" = "--pool=1 --pool=1 --pool=1 --pool=2 --pool=3 --pool=4 " ]
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -d, -f12 | sort -u)" = true ]
	# A passing spell: the first run alone disturbed, made again once.
	: >"$tmp/spell"
	wrapper spell.sh 'n=$(wc -l <"$(dirname "$0")/spell")
printf "%s\n" "$*" >>"$(dirname "$0")/spell"
o=0; [ "$n" -ne 0 ] || o=1.5
"$POOLVIZ" "$@" | jq --argjson o "$o" ".load.other_cpus = \$o | .load.steal_cpus = 0"'
	POOLVIZ_SWEEP_EXE="$tmp/spell.sh" run_split "$POOLVIZ" sweep --pool 1-4 --calls 1 --iterations "$(iters 1000)" --format csv
	[ "$status" -eq 0 ]
	[ "$(cut -d' ' -f2 "$tmp/spell" | tr '\n' ' ')" = "--pool=1 --pool=1 --pool=2 --pool=3 --pool=4 " ]
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -d, -f12 | sort -u)" = false ]
}

@test "--format csv: a header and one row per point, parsed back" {
	run_split "$POOLVIZ" sweep --pool 1-2 --calls 0,2 --iterations "$(iters 2000)" --format csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "pool,calls,makespan_ms,predicted_ms,ratio,one_hash_ms,speedup,parallelism,expected_waves,runs,other_cpus,disturbed,verdict" ]
	[ "${#lines[@]}" -eq 5 ]
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -d, -f1,2 | tr '\n' ' ')" = "1,0 2,0 1,2 2,2 " ]
	printf '%s\n' "${lines[@]:1}" | awk -F, '
		NF != 13 || $10 != 1 { bad = 1 }
		$12 != "true" && $12 != "false" { bad = 1 }
		$13 != "ok" && $13 != "fail" && $13 != "inconclusive" { bad = 1 }
		$2 == 0 && ($3 != "0.000" || $5 != "" || $7 != "" || $9 != 0 || $13 != "ok") { bad = 1 }
		$2 == 2 && ($3 <= 0 || $4 <= 0 || $5 <= 0 || $6 <= 0 || $7 <= 0 || $9 < 1) { bad = 1 }
		$8 !~ /^[0-9]+\.[0-9][0-9][0-9]$/ || $4 !~ /^[0-9]+\.[0-9][0-9][0-9]$/ { bad = 1 }
		END { exit bad }'
}

@test "text: the table, what its columns mean and the law, no progress off a terminal" {
	run_split "$POOLVIZ" sweep --pool 1,2 --calls 2 --iterations $ITER
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "${lines[0]}" == "poolviz sweep: 20000 iterations of sha512, 512-byte keys" ]]
	[ "${lines[1]}" = "each point: one run" ]
	[[ "${lines[2]}" == "machine: "*" CPU"* ]]
	[ "${lines[3]}" = "pool  calls  waves  makespan_ms  predicted_ms  ratio  speedup  parallelism  runs  others" ]
	[[ "${lines[4]}" =~ ^\ +1\ +2\ +2\ +[0-9.]+\ +[0-9.]+\ +[0-9.]+\ +[0-9.]+\ +[0-9.]+\ +1\ +[0-9.]+(\ \*)?$ ]]
	[[ "${lines[5]}" =~ ^\ +2\ +2\ +[12]\ + ]]
	flat=$(printf '%s ' "${lines[@]}")
	# "is" or, on a busy machine, "should be": the numbers decide.
	[[ "$flat" =~ Makespan\ (is|should\ be)\ about\ ceil\(calls\ /\ min\(pool,\ CPUs\)\)\ times\ one\ hash ]]
	[[ "$flat" =~ measured\ /\ predicted\ runs\ from\ [0-9.]+\ to\ [0-9.]+\ over\ 2\ points\. ]]
}

@test "progress goes to stderr on a terminal" {
	command -v script >/dev/null || skip "no script(1)"
	run script -qec "$POOLVIZ sweep --pool 1,2 --calls 1 --iterations 1000 >/dev/null" /dev/null
	[ "$status" -eq 0 ]
	# One wording with poolviz --repeat's, each erased to the end of the line.
	[[ "$output" == *$'poolviz: point 1 of 2 (pool 1, calls 1)\e[K'* ]]
	[[ "$output" == *$'poolviz: point 2 of 2 (pool 2, calls 1)\e[K'* ]]
	run script -qec "$POOLVIZ sweep --pool 1 --calls 1 --repeat 2 --iterations 1000 >/dev/null" /dev/null
	[[ "$output" == *$'poolviz: run 2 of 2 (pool 1, calls 1, repeat 2 of 2)\e[K'* ]]
	# Before the first child: how long the sweep should take.
	[[ "$output" == *"poolviz: sweep: 1 point x 2 runs, about "*" s on a quiet machine (one hash: "*" ms of CPU here)"* ]]
	before=${output%%poolviz: run 1 of 2*}
	[[ "$before" == *"poolviz: sweep: 1 point x 2 runs"* ]]
}

@test "on a terminal with --repeat, a point's row comes before the next point's runs" {
	command -v script >/dev/null || skip "no script(1)"
	run script -qec "$POOLVIZ sweep --pool 1,2 --calls 1 --repeat 2 --iterations 1000" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"poolviz: run 3 of 4 (pool 2, calls 1, repeat 1 of 2)"* ]]
	before=${output%%poolviz: run 3 of 4*}
	after=${output#*poolviz: run 3 of 4}
	# rows TEXT POOL: how many table rows of that pool TEXT holds.
	rows() {
		printf '%s' "$1" | tr '\r' '\n' | sed 's/\x1b\[K//g' |
		    grep -cE "^ +$2 +1 +1 +[0-9.]+ +[0-9.]+" || true
	}
	# Pool 1's row is out before pool 2's runs begin; pool 2's after them.
	[ "$(rows "$before" 1)" -eq 1 ]
	[ "$(rows "$before" 2)" -eq 0 ]
	[ "$(rows "$after" 2)" -eq 1 ]
}

@test "--svg writes a valid plot that renders, and the table still prints" {
	run_split "$POOLVIZ" sweep --pool 1,2,4 --calls 1,2 --iterations "$(iters 2000)" --svg "$tmp/sweep.svg"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "${lines[0]}" == "poolviz sweep: "* ]]
	xmllint --noout "$tmp/sweep.svg"
	# A marker per point and one per call count in the legend (and one for
	# disturbed points where there are any); a line per call count, and its prediction.
	legend=2
	if grep -q 'hollow: disturbed' "$tmp/sweep.svg"; then legend=3; fi
	[ "$(grep -o '<circle ' "$tmp/sweep.svg" | wc -l)" -eq $((6 + legend)) ]
	[ "$(grep -o '<polyline ' "$tmp/sweep.svg" | wc -l)" -eq 4 ]
	grep -q '>calls 2</text>' "$tmp/sweep.svg"
	grep -q '>makespan (ms)</text>' "$tmp/sweep.svg"
	# Readable on a projector: text of 24 px or more on a slide 1600 px wide,
	# and the predictions drawn thick, as steps.
	[ "$(min_px "$tmp/sweep.svg")" -ge 24 ]
	[ "$(grep -c 'class="predicted"' "$tmp/sweep.svg")" -eq 2 ]
	[ "$(grep 'class="predicted"' "$tmp/sweep.svg" | grep -c 'stroke-width="3.5"')" -eq 2 ]
	rsvg-convert -o "$tmp/sweep.png" "$tmp/sweep.svg"
	[ "$(head -c 8 "$tmp/sweep.png" | od -An -tx1 | tr -d ' ')" = "89504e470d0a1a0a" ]
	[ -z "$(ls "$tmp" | grep -v '^sweep\.\(svg\|png\)$')" ]
}

@test "a write error on stdout is an error, exit 1" {
	[ -w /dev/full ] || skip "no /dev/full"
	run_split bash -c '"$0" sweep --pool 1 --calls 0 --iterations 1 --format json >/dev/full' "$POOLVIZ"
	[ "$status" -eq 1 ]
	[ "$stderr" = "poolviz: write error: No space left on device" ]
}

@test "malformed lists are refused, each with one clear line" {
	refused "--pool '1,,2': empty item" --pool 1,,2
	refused "--pool '8-1': range '8-1' runs downwards (expected low-high, such as 1-8)" --pool 8-1
	refused "--pool 'a': not a whole number (expected 1 to 1024)" --pool a
	refused "--pool ',1': empty item" --pool ,1
	refused "--pool '1,': empty item" --pool 1,
	refused "--pool '1-': item '1-' is neither a number nor a low-high range" --pool 1-
	refused "--pool '': empty list" --pool ''
	refused "--calls '': empty list" --calls ''
	refused "--calls '1,,2': empty item" --calls 1,,2
	refused "--calls '4-2': range '4-2' runs downwards" --calls 4-2
	refused "--calls '1,x,3': item 'x': not a whole number (expected 0 to 1000000)" --calls 1,x,3
	refused "--calls '1-2-3': item '1-2-3' is neither" --calls 1-2-3
	refused "--pool '1,2,1': 1 appears twice (expected each value once)" --pool 1,2,1
	refused "--pool '1, 2': item ' 2': not a whole number" --pool '1, 2'
	refused "--pool 'a?b': not a whole number" --pool $'a\nb'
}

@test "values out of range are refused" {
	refused "--pool '0': out of range (expected 1 to 1024)" --pool 0
	refused "--pool '1-1025': item '1025': out of range (expected 1 to 1024)" --pool 1-1025
	refused "--calls '1000001': out of range (expected 0 to 1000000)" --calls 1000001
	refused "--calls '0-1000000': more than 10000 values (expected at most 10000)" --calls 0-1000000
	refused "--repeat '0': out of range (expected 1 to 100)" --repeat 0
	refused "--repeat '101': out of range (expected 1 to 100)" --repeat 101
	refused "--iterations '0': out of range" --iterations 0
	refused "--keylen '1048577': out of range" --keylen 1048577
	refused "--digest 'nosuch': unknown digest" --digest nosuch
	refused "--format 'xml': unknown format (expected text, json, csv or markdown)" --format xml
}

@test "a sweep of more than 10000 runs is refused, with the sum" {
	refused "the sweep is too large: 1024 pool sizes x 10 call counts x 1 run each = 10240 runs (expected at most 10000)" \
	    --pool 1-1024 --calls 1-10
	refused "the sweep is too large: 2 pool sizes x 100 call counts x 51 runs each = 10200 runs (expected at most 10000)" \
	    --pool 1,2 --calls 1-100 --repeat 51
}

# --check: the sweep as a gate. Children whose JSON is edited make each
# verdict sure: on the law (makespan = waves x T), ten times off it on a
# quiet machine, and ten times off it beside others (1.5 CPUs taken).
@test "sweep --check: ok on the law, exit 0, the verdict line last" {
	# One T for every point, as the sweep predicts with one T: each
	# child's own T varies under load, and the law is made of the first's.
	wrapper law.sh '"$POOLVIZ" "$@" | jq ".summary.one_hash_ms = 10 | .summary.makespan_ms = 10 * .summary.expected_waves | .load.other_cpus = 0 | .load.steal_cpus = 0"'
	POOLVIZ_SWEEP_EXE="$tmp/law.sh" run_split "$POOLVIZ" sweep --pool 1,2 --calls 2 --iterations "$(iters 2000)" --check
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[-1]}" = "poolviz: ok: 2 points within 25% of the law" ]
	# Without --check, no verdict line.
	POOLVIZ_SWEEP_EXE="$tmp/law.sh" run_split "$POOLVIZ" sweep --pool 1,2 --calls 2 --iterations "$(iters 2000)"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^poolviz: ')" -eq 0 ]
}

@test "sweep --check: a point off the law on a quiet machine fails, exit 1, named" {
	wrapper slow.sh '"$POOLVIZ" "$@" | jq ".summary.makespan_ms *= 10 | .load.other_cpus = 0 | .load.steal_cpus = 0"'
	POOLVIZ_SWEEP_EXE="$tmp/slow.sh" run_split "$POOLVIZ" sweep --pool 1,2 --calls 2 --iterations "$(iters 2000)" --check
	[ "$status" -eq 1 ]
	[ "${lines[-1]}" = "poolviz: FAIL: 2 of 2 points off the law by more than 25%: pool 1 calls 2, pool 2 calls 2" ]
	# Beside JSON, the line goes to stderr and the document stays whole.
	POOLVIZ_SWEEP_EXE="$tmp/slow.sh" run_split "$POOLVIZ" sweep --pool 1,2 --calls 2 --iterations "$(iters 2000)" --check --format json
	[ "$status" -eq 1 ]
	[ "$stderr" = "poolviz: FAIL: 2 of 2 points off the law by more than 25%: pool 1 calls 2, pool 2 calls 2" ]
	printf '%s' "$output" | jq -e '[.points[].verdict] == ["fail", "fail"]' >/dev/null
}

@test "sweep --check: only disturbed points failed, exit 3; a quiet failure beside them, exit 1" {
	wrapper busy.sh '"$POOLVIZ" "$@" | jq ".summary.makespan_ms *= 10 | .load.other_cpus = 1.5 | .load.steal_cpus = 0"'
	POOLVIZ_SWEEP_EXE="$tmp/busy.sh" run_split "$POOLVIZ" sweep --pool 1,2 --calls 2 --iterations "$(iters 2000)" --check
	[ "$status" -eq 3 ]
	[ "${lines[-1]}" = "poolviz: inconclusive: 2 of 2 points off the law by more than 25%, each beside other processes: pool 1 calls 2, pool 2 calls 2" ]
	# Pool 1 quiet and off the law, pool 2 disturbed: the quiet one decides.
	wrapper mixed.sh 'case "$*" in *--pool=1*) o=0 ;; *) o=1.5 ;; esac
"$POOLVIZ" "$@" | jq --argjson o "$o" ".summary.makespan_ms *= 10 | .load.other_cpus = \$o | .load.steal_cpus = 0"'
	POOLVIZ_SWEEP_EXE="$tmp/mixed.sh" run_split "$POOLVIZ" sweep --pool 1,2 --calls 2 --iterations "$(iters 2000)" --check
	[ "$status" -eq 1 ]
	[ "${lines[-1]}" = "poolviz: FAIL: 1 of 2 points off the law by more than 25%: pool 1 calls 2; 1 more beside other processes" ]
}

@test "unknown options, operands and missing values are refused" {
	refused "--bogus: unknown option" --bogus
	refused "-z: unknown option" -z
	refused "--repeat: missing value" --repeat
	refused "'now': unexpected argument (poolviz sweep takes options only)" now
	# A long operand is cut short, as poolviz's own are.
	refused "'$(printf 'b%.0s' $(seq 40))…': unexpected argument" "$(printf 'b%.0s' $(seq 100))"
	refused "--svg '': empty file name" --svg ''
}

@test "options of a single run that do not apply to sweep say so" {
	refused "--timeline: does not apply to sweep" --timeline
	refused "--trace: does not apply to sweep" --trace x.json
	refused "--trace: does not apply to sweep" --trace=x.json
	refused "--trace: does not apply to sweep" --pool 1 --trace
	refused "--scenario blocked: does not apply to sweep (only a scenario of lookups and file reads does)" --scenario blocked
	refused "--print-key: does not apply to sweep" --print-key
	refused "--no-sync: does not apply to sweep, which runs every child with --no-sync" --no-sync
	refused "--ascii: does not apply to sweep" --ascii
	refused "--version: does not apply to sweep (use poolviz --version)" --version
	refused "-V: does not apply to sweep" -V
	refused "--timeline: does not apply to sweep" --timeline=yes
}

@test "an SVG that cannot be written is bad input, before any child runs" {
	wrapper log.sh 'printf "%s\n" "$*" >>"$(dirname "$0")/args"; exec "$POOLVIZ" "$@"'
	POOLVIZ_SWEEP_EXE="$tmp/log.sh" refused "--svg '$tmp/no/dir/x.svg': cannot create: No such file or directory" \
	    --pool 1 --calls 1 --svg "$tmp/no/dir/x.svg"
	[ ! -e "$tmp/args" ]
}

@test "a child that fails: its point and its first stderr line, exit 1, nothing printed" {
	wrapper fail2.sh 'case " $* " in *" --pool=2 "*) echo "poolviz: boom at pool 2" >&2; echo "second line" >&2; exit 3;; esac
exec "$POOLVIZ" "$@"'
	POOLVIZ_SWEEP_EXE="$tmp/fail2.sh" run_split "$POOLVIZ" sweep --pool 1,2,4 --calls 2 \
	    --iterations "$(iters 1000)" --svg "$tmp/x.svg"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: sweep: pool 2, calls 2: the child exited with status 3: boom at pool 2" ]
	[ -z "$(ls -A "$tmp" | grep -v '^fail2\.sh$')" ]
	POOLVIZ_SWEEP_EXE="$tmp/fail2.sh" run_split "$POOLVIZ" sweep --pool 1,2 --calls 2 --repeat 2 \
	    --iterations "$(iters 1000)" --format json
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: sweep: pool 2, calls 2 (run 1 of 2): the child exited with status 3: boom at pool 2" ]
}

@test "children that die, say nothing, or print what is not poolviz's JSON" {
	POOLVIZ_SWEEP_EXE=false run_split "$POOLVIZ" sweep --pool 1 --calls 2 --iterations "$(iters 1000)"
	[ "$status" -eq 1 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: sweep: pool 1, calls 2: the child exited with status 1 and wrote nothing on stderr" ]
	wrapper killed.sh 'kill -KILL $$'
	POOLVIZ_SWEEP_EXE="$tmp/killed.sh" run_split "$POOLVIZ" sweep --pool 1 --calls 2 --iterations "$(iters 1000)"
	[ "$status" -eq 1 ]
	[ "$stderr" = "poolviz: sweep: pool 1, calls 2: the child was killed by signal 9 (Killed)" ]
	wrapper garbage.sh 'echo "{\"tool\": "'
	POOLVIZ_SWEEP_EXE="$tmp/garbage.sh" run_split "$POOLVIZ" sweep --pool 1 --calls 2 --iterations "$(iters 1000)"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "poolviz: sweep: pool 1, calls 2: the child's output is not JSON: "* ]]
	wrapper other.sh 'exec "$POOLVIZ" --calls 5 --pool 3 --no-sync --iterations 10 --format json'
	POOLVIZ_SWEEP_EXE="$tmp/other.sh" run_split "$POOLVIZ" sweep --pool 1 --calls 2 --iterations "$(iters 1000)"
	[ "$status" -eq 1 ]
	[ "$stderr" = "poolviz: sweep: pool 1, calls 2: the child ran pool 3, calls 5 instead" ]
	POOLVIZ_SWEEP_EXE="$tmp/nonexistent" run_split "$POOLVIZ" sweep --pool 1 --calls 2 --iterations "$(iters 1000)"
	[ "$status" -eq 1 ]
	[ "$stderr" = "poolviz: sweep: pool 1, calls 2: cannot run '$tmp/nonexistent': no such file or directory" ]
}

# sweep_child PID: the pid of the sweep's running child, waiting up to
# ceiling 10 s (helper.bash) for one.
sweep_child() {
	local c
	wait_until 10 child_of "$1" || return 1
	echo "$c"
}

# child_of PID: whether PID has a child; sets c (sweep_child's local).
child_of() {
	c=$(pgrep -P "$1" || true)
	[ -n "$c" ]
}

# Each sweep is wrapped in `timeout -s KILL`: a signal that were lost would
# show as status 137 rather than a hung suite. The signal goes to poolviz
# alone, not to its child, so the test sees whether poolviz passes it on:
# the child's 20 hashes on one worker would take 20 s or more, while a
# child told to stop ends within a hash, and is killed 2 s after at most.
@test "SIGINT during a sweep stops the child, prints nothing and exits 130" {
	start_bg timeout -s KILL "$(ceiling 90)" "$POOLVIZ" sweep --pool 1,2 --calls 20 --iterations "$(iters 300000)"
	pv=$(sweep_child "$bg_pid")
	child=$(sweep_child "$pv")
	start=$SECONDS
	kill -INT "$pv"
	rest=$(cat <&"$bg_out")
	wait "$bg_pid" || status=$?
	[ "${status:-0}" -eq 130 ]
	[ -z "$rest" ]
	run ! kill -0 "$child"
	[ -z "$(pgrep -P "$pv" || true)" ]
	[ $((SECONDS - start)) -lt "$(ceiling 10)" ]
}

@test "SIGTERM during a sweep exits 143 and leaves no child" {
	start_bg timeout -s KILL "$(ceiling 90)" "$POOLVIZ" sweep --pool 1,2 --calls 20 --iterations "$(iters 300000)" --format json
	pv=$(sweep_child "$bg_pid")
	child=$(sweep_child "$pv")
	start=$SECONDS
	kill -TERM "$pv"
	rest=$(cat <&"$bg_out")
	wait "$bg_pid" || status=$?
	[ "${status:-0}" -eq 143 ]
	[ -z "$rest" ]
	run ! kill -0 "$child"
	[ $((SECONDS - start)) -lt "$(ceiling 10)" ]
}

@test "Ctrl-C at a terminal, to the whole process group, exits 130 with no child left" {
	# setsid: a group of its own, as a shell's foreground job has, so that
	# the signal reaches poolviz and its child at once, as Ctrl-C does.
	start_bg setsid timeout -s KILL "$(ceiling 60)" "$POOLVIZ" sweep --pool 1,2 --calls 6 --iterations "$(iters 300000)" --svg "$tmp/x.svg"
	pv=$(sweep_child "$bg_pid")
	child=$(sweep_child "$pv")
	kill -INT -- "-$bg_pid"
	rest=$(cat <&"$bg_out")
	wait "$bg_pid" || status=$?
	[ "${status:-0}" -eq 130 ]
	[ -z "$rest" ]
	run ! kill -0 "$child"
	[ -z "$(ls -A "$tmp")" ]
}

@test "a child that ignores the signal is killed after the grace period" {
	wrapper deaf.sh 'trap "" INT TERM; exec sleep 300'
	POOLVIZ_SWEEP_EXE="$tmp/deaf.sh" start_bg timeout -s KILL "$(ceiling 60)" "$POOLVIZ" sweep --pool 1,2 --calls 1
	pv=$(sweep_child "$bg_pid")
	child=$(sweep_child "$pv")
	start=$SECONDS
	kill -INT "$pv"
	rest=$(cat <&"$bg_out")
	wait "$bg_pid" || status=$?
	[ "${status:-0}" -eq 130 ]
	[ -z "$rest" ]
	run ! kill -0 "$child"
	# About the 2 s grace, far from sleep's 300 s.
	[ $((SECONDS - start)) -lt "$(ceiling 15)" ]
}

@test "valgrind: no errors and no leaks" {
	[ -z "${POOLVIZ_SANITIZED:-}" ] || skip "a sanitized build does not run under valgrind"
	command -v valgrind >/dev/null || skip "no valgrind"
	run_split valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --error-exitcode=99 "$POOLVIZ" sweep --pool 1,2 --calls 2 --iterations "$(iters 1000)"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -gt 5 ]
}
