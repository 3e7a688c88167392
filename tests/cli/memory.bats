#!/usr/bin/env bats
# memory.bats: JSON, the report and the trace are written as the record is
# walked, so they peak at about what text mode does, not at the size of a
# whole document (before they streamed, JSON took about 5x and a trace 20x).
load helper

setup() {
	[ -z "${POOLVIZ_SANITIZED:-}" ] ||
		skip "a sanitized build's memory is the sanitizer's, not poolviz's"
	/usr/bin/time -f %M -o /dev/null true 2>/dev/null ||
		skip "no GNU time at /usr/bin/time (Debian package time)"
}

tiny=(--calls 50000 --iterations 1 --keylen 16 --no-sync)

# peak_kib OUT ARGS...: poolviz's peak RSS in KiB, its stdout in OUT.
peak_kib() {
	local out=$1
	shift
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/rss" "$POOLVIZ" "$@" >"$out" ||
		return 1
	tail -n 1 "$BATS_TEST_TMPDIR/rss"
}

# within_twice A B: A <= 2 B, saying both when not.
within_twice() {
	if [ "$1" -gt $((2 * $2)) ]; then
		echo "peak RSS $1 KiB is more than twice text mode's $2 KiB" >&2
		return 1
	fi
}

@test "JSON mode peaks within 2x of text mode, and its document is whole" {
	text=$(peak_kib /dev/null "${tiny[@]}")
	json=$(peak_kib "$BATS_TEST_TMPDIR/out.json" "${tiny[@]}" --format json)
	within_twice "$json" "$text"
	run jq -r '[(.tasks | length), (.tasks[-1].id), .summary.expected_waves > 0] | @tsv' \
	    "$BATS_TEST_TMPDIR/out.json"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '50000\t50000\ttrue')" ]
}

@test "a trace file peaks within 2x of text mode, and is whole" {
	text=$(peak_kib /dev/null "${tiny[@]}")
	trace=$(peak_kib /dev/null "${tiny[@]}" --trace "$BATS_TEST_TMPDIR/t.json")
	within_twice "$trace" "$text"
	run jq -r '[([.traceEvents[] | select(.cat == "hash")] | length), .otherData.calls] | @tsv' \
	    "$BATS_TEST_TMPDIR/t.json"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '50000\t50000')" ]
}

@test "--repeat's JSON report, with every run, peaks within 2x of text mode" {
	text=$(peak_kib /dev/null --calls 20000 --iterations 1 --keylen 16 --no-sync \
	    --repeat 3)
	json=$(peak_kib "$BATS_TEST_TMPDIR/out.json" --calls 20000 --iterations 1 \
	    --keylen 16 --no-sync --repeat 3 --format json)
	within_twice "$json" "$text"
	run jq -r '[(.runs | length), (.runs[2].tasks | length), (.tasks | length)] | @tsv' \
	    "$BATS_TEST_TMPDIR/out.json"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '3\t20000\t20000')" ]
}
