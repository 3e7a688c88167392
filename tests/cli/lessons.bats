#!/usr/bin/env bats
# lessons.bats: --hash-ms, the offload remedy, and what each scenario says,
# all as relations between this run's own numbers.

load helper

# ge A B: A >= B, as decimals.
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
# lt A B: A < B, as decimals.
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

setup() { tmp=$(mktemp -d); }
teardown() {
	explain_failure
	rm -rf "$tmp"
}

@test "offload: the heartbeat keeps ticking where blocked stalls for the whole block" {
	run "$POOLVIZ" --scenario blocked --calls 4 --pool 2 --iterations "$(iters 20000)" --format json
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >"$tmp/b.json"
	bgap=$(jq '.heartbeat.max_gap_ms' "$tmp/b.json")
	block=$(jq '.sync.end_ms - .sync.start_ms' "$tmp/b.json")
	# The main thread ran whole hashes and says how many: one more than
	# a worker has to run, ceil(4 / 2) + 1.
	[ "$(jq '.sync.units' "$tmp/b.json")" -eq 3 ]
	ge "$bgap" "$(awk -v b="$block" 'BEGIN { print b * 0.8 }')"

	run "$POOLVIZ" --scenario offload --calls 4 --pool 2 --iterations "$(iters 20000)" --format json
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >"$tmp/o.json"
	ogap=$(jq '.heartbeat.max_gap_ms' "$tmp/o.json")
	work=$(jq '.worker_thread.end_ms - .worker_thread.start_ms' "$tmp/o.json")
	[ "$(jq -r '.worker_thread.lane' "$tmp/o.json")" = "worker thread" ]
	[ "$(jq '.sync' "$tmp/o.json")" = null ]
	# The same work as blocked's, for the same options.
	[ "$(jq '.worker_thread.units' "$tmp/o.json")" -eq "$(jq '.sync.units' "$tmp/b.json")" ]
	# Delivered through uv_async_send soon after it ended: a tenth of the work.
	lt "$(jq '.worker_thread.done_ms - .worker_thread.end_ms' "$tmp/o.json")" \
	    "$(awk -v w="$work" 'BEGIN { print w / 10 }')"
	lt "$ogap" "$(awk -v w="$block" 'BEGIN { print w / 4 }')"
	lt "$ogap" "$(awk -v w="$work" 'BEGIN { print w / 4 }')"
}

@test "blocked and offload record the same units for the same options" {
	for opts in "--calls 5 --pool 2" "--calls 0 --pool 4" "--calls 3 --pool 8"; do
		# shellcheck disable=SC2086
		run "$POOLVIZ" --scenario blocked $opts --iterations "$(iters 2000)" --format json
		[ "$status" -eq 0 ]
		b=$(printf '%s\n' "$output" | jq '.sync.units')
		# shellcheck disable=SC2086
		run "$POOLVIZ" --scenario offload $opts --iterations "$(iters 2000)" --format json
		[ "$status" -eq 0 ]
		o=$(printf '%s\n' "$output" | jq '.worker_thread.units')
		[ "$b" -eq "$o" ] || { echo "$opts: blocked $b, offload $o"; return 1; }
		calls=$(printf '%s\n' "$output" | jq '.config.calls')
		pool=$(printf '%s\n' "$output" | jq '.config.pool')
		[ "$b" -eq $(((calls + pool - 1) / pool + 1)) ]
	done
}

@test "offload: its lines, its lane and its lesson" {
	run_split "$POOLVIZ" --scenario offload --calls 2 --pool 2 --iterations "$(iters 20000)" --timeline --ascii
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "$output" == *"Start Worker Thread Hash: "* ]]
	[[ "$output" =~ Worker\ Thread\ Hash\ Done:\ [0-9]+ms\ \([0-9]+\ hash ]]
	[[ "$output" =~ Heartbeat\ longest\ gap:\ [0-9]+ms ]]
	printf '%s\n' "$output" | grep -q '^worker thread '
	[ "$(printf '%s\n' "$output" | grep -c Synchronous)" -eq 0 ]
	[[ "$(printf '%s\n' "$output" | tail -n 4)" == *"--scenario blocked"* ]]
	"$POOLVIZ" --scenario offload --calls 2 --pool 2 --iterations "$(iters 2000)" --svg "$tmp/o.svg" >/dev/null
	grep -q '>worker thread<' "$tmp/o.svg"
	grep -q 'offloaded work' "$tmp/o.svg"
	run_split "$POOLVIZ" --scenario offload --check
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"--check: does not apply to --scenario offload"* ]]
}

@test "lessons: each scenario but the article's ends with a sentence of its numbers" {
	run "$POOLVIZ" --scenario blocked --calls 2 --pool 2 --iterations "$(iters 20000)"
	[ "$status" -eq 0 ]
	last=$(printf '%s\n' "$output" | sed -n '/^The pool finished its work/,$p' | tr '\n' ' ')
	[[ "$last" =~ waited\ up\ to\ [0-9]+\ ms.*stalled\ for\ [0-9]+\ ms ]]
	run "$POOLVIZ" --scenario starve --calls 2 --pool 2 --iterations "$(iters 20000)"
	[ "$status" -eq 0 ]
	last=$(printf '%s\n' "$output" | sed -n '/^File and DNS work waited/,$p' | tr '\n' ' ')
	[[ "$last" =~ through\ epoll\ in\ [0-9.]+\ ms ]]
	# The article's run prints the article's lines and nothing else.
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	[ "$(printf '%s\n' "$output" | grep -c -vE '^(Start|End) Synchronous Hash: [0-9]+ms$|^Scheduled all async tasks: [0-9]+ms$|^Async Hash [0-9]+ Done: [0-9]+ms')" -eq 0 ]
}

@test "blocked: the line and the chart count the main thread's hashes" {
	run "$POOLVIZ" --scenario blocked --calls 4 --pool 2 --iterations "$(iters 20000)" --format json
	[ "$status" -eq 0 ]
	units=$(printf '%s\n' "$output" | jq '.sync.units')
	text=$(printf '%s\n' "$output" | jq -r '.lines[] | select(.text | startswith("End Synchronous")) | .text')
	if [ "$units" -gt 1 ]; then
		[[ "$text" == *"($units hashes on the main thread)" ]]
	else
		[[ "$text" =~ ^End\ Synchronous\ Hash:\ [0-9]+ms$ ]]
	fi
}

@test "timeline: a boundary between consecutive units on a worker" {
	run "$POOLVIZ" --calls 6 --pool 2 --iterations "$(iters 5000)" --timeline --ascii
	[ "$status" -eq 0 ]
	# Six units on two workers: at least four boundaries between them,
	# each a seam where one unit follows the next at once, else the wait
	# or gap between them.
	n=0
	for w in 1 2; do
		lane=$(printf '%s\n' "$output" | grep -E "^worker $w " || true)
		k=$(printf '%s\n' "${lane#worker $w }" | sed 's/^[ .]*//' | { grep -oE '#[|. ]+#' || true; } | wc -l)
		n=$((n + k))
	done
	[ "$n" -ge 4 ] || { printf '%s\n' "$output" | grep '^worker'; return 1; }
}

@test "--hash-ms: picks the iterations, records them, and the keys are real" {
	run_split "$POOLVIZ" --hash-ms 40 --calls 1 --pool 1 --print-key --format json
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >"$tmp/h.json"
	it=$(jq '.config.iterations' "$tmp/h.json")
	[ "$(jq '.config.hash_ms' "$tmp/h.json")" -eq 40 ]
	[ "$it" -gt 0 ]
	# Not a terminal: nothing on stderr.
	[ -z "$stderr" ]
	run "$POOLVIZ" --iterations "$it" --calls 1 --pool 1 --print-key --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | jq -r '.tasks[0].key')" = "$(jq -r '.tasks[0].key' "$tmp/h.json")" ]
	[ "$(printf '%s\n' "$output" | jq -r '.config.hash_ms')" = null ]
}

@test "--hash-ms: the size it chose is said, in CPU time, to be given again" {
	# Piped: in the notes, beside the chart, and nothing on stderr.
	run_split "$POOLVIZ" --hash-ms 40 --calls 1 --pool 1 --timeline --notes
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	note=$(printf '%s\n' "$output" | tr '\n' ' ' | tr -s ' ')
	[[ "$note" == *"--hash-ms 40 chose --iterations "*": about 40 ms of CPU time for each hash"* ]]
	it=$(printf '%s\n' "$note" | sed -n 's/.*--hash-ms 40 chose --iterations \([0-9]*\):.*/\1/p')
	[ "$it" -gt 0 ]
	[[ "$note" == *"Give --iterations $it to do the same work again."* ]]
	# On a terminal: one line on stderr that can be given again as it is.
	run script -qec "'$POOLVIZ' --hash-ms 40 --calls 1 --pool 1 --format json >'$tmp/h.json'" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" =~ "poolviz: --hash-ms 40 chose --iterations "([0-9]+) ]]
	it=${BASH_REMATCH[1]}
	[ "$(jq '.config.iterations' "$tmp/h.json")" -eq "$it" ]
}

@test "--hash-ms: twice the target takes more time, each near its target" {
	[ -z "${POOLVIZ_SANITIZED:-}" ] || skip "timing under a sanitizer"
	# CPU time, not wall time: other processes slow neither. But this
	# host's CPU time for the same work moves by up to 1.8x in its slow
	# spells (BENCHMARKS.md), so the pair is measured again, up to three
	# times, before the relation is held not to hold.
	for _ in 1 2 3; do
		run "$POOLVIZ" --hash-ms 200 --calls 0 --format json
		[ "$status" -eq 0 ]
		a=$(printf '%s\n' "$output" | jq '.sync.cpu_ms')
		run "$POOLVIZ" --hash-ms 400 --calls 0 --format json
		[ "$status" -eq 0 ]
		b=$(printf '%s\n' "$output" | jq '.sync.cpu_ms')
		if awk -v a="$a" -v b="$b" 'BEGIN { exit !(b >= 1.3 * a && b <= 3 * a &&
		    a >= 50 && a <= 800 && b >= 100 && b <= 1600) }'; then
			break
		fi
	done
	ge "$b" "$(awk -v a="$a" 'BEGIN { print a * 1.3 }')"
	ge "$(awk -v a="$a" 'BEGIN { print a * 3 }')" "$b"
	ge "$a" 50
	ge 800 "$a"
	ge "$b" 100 && ge 1600 "$b"
}

@test "--hash-ms: other works turn their own knob; an explicit knob is refused" {
	run "$POOLVIZ" --work scrypt --hash-ms 20 --calls 1 --pool 1 --format json
	[ "$status" -eq 0 ]
	n=$(printf '%s\n' "$output" | jq '.config.scrypt_n')
	[ $((n & (n - 1))) -eq 0 ]
	[ "$(printf '%s\n' "$output" | jq '.config.scrypt_r >= 1')" = true ]
	run "$POOLVIZ" --work deflate --hash-ms 20 --calls 1 --pool 1 --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | jq '.config.size > 0')" = true ]
	for bad in "--iterations 1000" "--work scrypt --scrypt-n 1024" "--work scrypt --scrypt-r 4" "--work deflate --size 4096"; do
		run_split "$POOLVIZ" --hash-ms 100 $bad
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[[ "$stderr" == "poolviz: --hash-ms: cannot be combined with --"* ]]
	done
	for bad in 9 60001 x; do
		run_split "$POOLVIZ" --hash-ms "$bad"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
	done
}

@test "--hash-ms: scrypt turns N and r, each unit near its target, and says both to give again" {
	[ -z "${POOLVIZ_SANITIZED:-}" ] || skip "timing under a sanitizer"
	# N alone, a power of 2, missed by up to 41% (1380 ms for 1000). The
	# calibration's own prediction is within 25% of the target whatever
	# the load (test_work holds it to a step of r on a model of the
	# cost); the CPU time measured here, on a shared machine whose CPU
	# time moves by up to 1.8x in its slow spells, within [0.5, 2]x,
	# measured again up to three times.
	for t in 100 200 300; do
		for _ in 1 2 3; do
			run script -qec "'$POOLVIZ' --work scrypt --hash-ms $t --calls 0 --format json >'$tmp/s.json'" /dev/null
			[ "$status" -eq 0 ]
			cpu=$(jq '.sync.cpu_ms' "$tmp/s.json")
			if awk -v c="$cpu" -v t="$t" 'BEGIN { exit !(c >= t / 2 && c <= t * 2) }'; then
				break
			fi
		done
		ge "$cpu" "$((t / 2))"
		ge "$((t * 2))" "$cpu"
		n=$(jq '.config.scrypt_n' "$tmp/s.json")
		r=$(jq '.config.scrypt_r' "$tmp/s.json")
		[ $((n & (n - 1))) -eq 0 ]
		[[ "$output" =~ "poolviz: --hash-ms $t chose --scrypt-n $n --scrypt-r $r: about "([0-9]+)" ms of CPU time for each scrypt hash" ]]
		said=${BASH_REMATCH[1]}
		ge "$said" "$(awk -v t="$t" 'BEGIN { print t * 0.75 }')"
		ge "$(awk -v t="$t" 'BEGIN { print t * 1.25 }')" "$said"
	done
	# Given again as they were said: the same work, the same key.
	run "$POOLVIZ" --work scrypt --hash-ms 20 --calls 1 --pool 1 --print-key --format json
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >"$tmp/h.json"
	n=$(jq '.config.scrypt_n' "$tmp/h.json")
	r=$(jq '.config.scrypt_r' "$tmp/h.json")
	run "$POOLVIZ" --work scrypt --scrypt-n "$n" --scrypt-r "$r" --calls 1 --pool 1 --print-key --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | jq -r '.tasks[0].key')" = "$(jq -r '.tasks[0].key' "$tmp/h.json")" ]
}

@test "scrypt: a unit costs alike wherever it runs, the blocking one and a worker's first or fourth" {
	[ -z "${POOLVIZ_SANITIZED:-}" ] || skip "timing under a sanitizer"
	# glibc handed a freed scrypt block (under 32 MiB) back warm, so the
	# third unit of a size on a thread cost under half the first: the
	# blocking unit and a worker's first took 75 to 107 ms of CPU, a
	# worker's third and fourth 32 ms (Node's N 16384, r 8), and --hash-ms,
	# timing fresh units, missed the blocking one by a third. Each unit
	# now maps its memory afresh. Each pooled unit's CPU time within
	# [0.55, 1.8]x the blocking one's (it was 0.32 to 0.43x for the
	# third), measured again up to three times on a shared machine.
	for _ in 1 2 3; do
		run "$POOLVIZ" --work scrypt --calls 4 --pool 1 --format json
		[ "$status" -eq 0 ]
		lo=$(printf '%s\n' "$output" | jq '[.tasks[].cpu_ms] | min')
		hi=$(printf '%s\n' "$output" | jq '[.tasks[].cpu_ms] | max')
		sync=$(printf '%s\n' "$output" | jq '.sync.cpu_ms')
		if awk -v l="$lo" -v h="$hi" -v s="$sync" 'BEGIN { exit !(l >= s * 0.55 && h <= s * 1.8) }'; then
			break
		fi
	done
	[ "$(printf '%s\n' "$output" | jq '.tasks | length')" -eq 4 ]
	ge "$lo" "$(awk -v s="$sync" 'BEGIN { print s * 0.55 }')"
	ge "$(awk -v s="$sync" 'BEGIN { print s * 1.8 }')" "$hi"
}

@test "--hash-ms on a terminal: the wall time to expect only where the machine it reads holds the run back" {
	# A fixture machine: a /proc/stat that never moves is quiet; a quota
	# of one CPU holds four units on two CPUs to half: machine factor 2.0.
	fx="$BATS_TEST_DIRNAME/../fixtures/machine"
	run script -qec "POOLVIZ_MACHINE_ROOT='$fx/quiet' '$POOLVIZ' --hash-ms 40 --calls 4 --pool 4 >/dev/null" /dev/null
	[ "$status" -eq 0 ]
	line=$(printf '%s\n' "$output" | tr -d '\r' | grep '^poolviz: --hash-ms 40 chose ')
	[[ "$line" =~ ^"poolviz: --hash-ms 40 chose --iterations "[0-9]+": about "[0-9]+" ms of CPU time for each hash"$ ]]
	run script -qec "POOLVIZ_MACHINE_ROOT='$fx/quota-1' '$POOLVIZ' --hash-ms 40 --calls 4 --pool 4 >/dev/null" /dev/null
	[ "$status" -eq 0 ]
	line=$(printf '%s\n' "$output" | tr -d '\r' | grep '^poolviz: --hash-ms 40 chose ')
	[[ "$line" =~ ^"poolviz: --hash-ms 40 chose --iterations "[0-9]+": about "([0-9]+)" ms of CPU time for each hash; a CPU quota of 1.0 now, machine factor 2.0: expect about "([0-9]+)" ms of wall time each"$ ]]
	# Twice the CPU time, give or take the rounding of each.
	[ "${BASH_REMATCH[2]}" -ge $((2 * BASH_REMATCH[1] - 1)) ]
	[ "${BASH_REMATCH[2]}" -le $((2 * BASH_REMATCH[1] + 1)) ]
}

@test "sweep on a terminal: each row appears as its point finishes" {
	command -v script >/dev/null || skip "script(1) is not installed"
	run script -qec "'$POOLVIZ' sweep --pool 1,2 --calls 1 --iterations 2000" /dev/null
	[ "$status" -eq 0 ]
	out=$(printf '%s' "$output" | tr -d '\r')
	# The first point's row comes before the second point's progress line.
	row=$(printf '%s\n' "$out" | grep -n -m1 -E '^ +1 +1 +1 ' | cut -d: -f1)
	before=${out%%point 2 of 2*}
	[ -n "$row" ]
	[ "$before" != "$out" ]
	[[ "$before" =~ pool\ \ calls.*$'\n'\ +1\ +1\ +1\  ]]
	# The law still follows the table.
	[[ "$out" == *"predicted_ms = waves x T"* ]]
	# Piped, the table is printed once at the end, as a whole.
	run "$POOLVIZ" sweep --pool 1,2 --calls 1 --iterations "$(iters 2000)"
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c '^pool  calls')" -eq 1 ]
}
