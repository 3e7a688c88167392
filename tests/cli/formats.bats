#!/usr/bin/env bats
# formats.bats: JSON, CSV, the timeline, SVG and trace files from live runs.

load helper

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	explain_failure
	rm -rf "$tmp"
}

@test "--format json has every contract field with its type" {
	run_split "$POOLVIZ" --calls 3 --pool 2 --iterations 2000 --format json
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	printf '%s' "$output" | jq -e '
		.tool == "poolviz" and (.version | type == "string") and .schema == 1
		and .config.calls == 3 and .config.pool == 2 and .config.iterations == 2000
		and .config.keylen == 512 and .config.digest == "sha512"
		and .config.sync == true and .config.scenario == "article"
		and (.machine.cpus | type == "number") and (.machine.libuv | type == "string")
		and (.machine.openssl | type == "string")
		and (.lines | length == 6)
		and (.sync | has("start_ms") and has("end_ms") and has("cpu_ms"))
		and (.tasks | length == 3)
		and all(.tasks[]; has("id") and has("worker") and has("queued_ms")
			and has("start_ms") and has("end_ms") and has("done_ms") and has("cpu_ms")
			and (has("key") | not))
		and (.summary | has("sync_ms") and has("makespan_ms") and has("mean_task_ms")
			and has("parallelism") and has("expected_waves") and has("max_lag_ms"))
	' >/dev/null
}

# The record's invariants on a live run.
@test "json: queued <= start <= end <= done, workers within the pool" {
	run "$POOLVIZ" --calls 8 --pool 3 --iterations 2000 --no-sync --format json
	[ "$status" -eq 0 ]
	printf '%s' "$output" | jq -e '
		.sync == null and
		all(.tasks[]; .queued_ms <= .start_ms and .start_ms <= .end_ms
			and .end_ms <= .done_ms and .worker >= 1 and .worker <= 3)
		and ([.tasks[].id] | sort == [1,2,3,4,5,6,7,8])
		and .summary.expected_waves == ((8 / ([3, .machine.cpus] | min)) | ceil)
		and .summary.parallelism <= ([3, .machine.cpus] | min) * 1.25
	' >/dev/null
}

@test "json lines are exactly what text mode prints" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations 1000 --format json
	[ "$status" -eq 0 ]
	texts=$(printf '%s' "$output" | jq -r '.lines[].text')
	# The same run in text mode has the same shape once numbers are blanked.
	run "$POOLVIZ" --calls 2 --pool 2 --iterations 1000
	[ "$(printf '%s\n' "$texts" | sed 's/[0-9]*ms/Nms/; s/Hash [0-9]/Hash I/' | sort)" = \
	  "$(printf '%s\n' "$output" | sed 's/[0-9]*ms/Nms/; s/Hash [0-9]/Hash I/' | sort)" ]
	# Each line's ms is the number in its text.
	run "$POOLVIZ" --calls 2 --pool 2 --iterations 1000 --format json
	printf '%s' "$output" | jq -e 'all(.lines[]; (.text | capture(": (?<n>[0-9]+)ms").n | tonumber) == .ms)' >/dev/null
}

@test "json escapes whatever the password and salt hold, keys with --print-key" {
	run "$POOLVIZ" --calls 1 --pool 1 --iterations 10 --keylen 8 --print-key \
	    --password $'q"uo\\te\n' --salt '<&>' --format json
	[ "$status" -eq 0 ]
	key=$(printf '%s' "$output" | jq -r '.tasks[0].key')
	want=$(openssl kdf -keylen 8 -kdfopt digest:sha512 -kdfopt "hexpass:$(printf 'q"uo\\te\n' | od -An -tx1 | tr -d ' \n')" -kdfopt salt:'<&>' -kdfopt iter:10 PBKDF2 | tr -d ':' | tr 'A-F' 'a-f')
	[ "$key" = "$want" ]
}

@test "--format csv: a header and one row per task, parsed back" {
	run "$POOLVIZ" --calls 3 --pool 2 --iterations 1000 --format csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id,worker,queued_ms,start_ms,end_ms,done_ms,cpu_ms" ]
	[ "${#lines[@]}" -eq 4 ]
	printf '%s\n' "${lines[@]:1}" | awk -F, '
		NF != 7 || $3 > $4 || $4 > $5 || $5 > $6 || $2 < 1 || $2 > 2 { bad = 1 }
		END { exit bad }'
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -d, -f1 | sort -n | tr '\n' ' ')" = "1 2 3 " ]
}

@test "--timeline draws lanes for main and each worker after the lines" {
	COLUMNS=100 LC_ALL=C.UTF-8 run "$POOLVIZ" --calls 4 --pool 2 --iterations 2000 --timeline --notes
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Start Synchronous Hash: 0ms" ]
	printf '%s\n' "$output" | grep -q '^main '
	printf '%s\n' "$output" | grep -q '^worker 1 '
	printf '%s\n' "$output" | grep -q '^worker 2 '
	[ "$(printf '%s\n' "$output" | grep -c '^worker 3 ')" -eq 0 ]
	# Not a terminal: no colour escapes; no line wider than COLUMNS.
	[ "$(printf '%s' "$output" | grep -c $'\e')" -eq 0 ]
	# Characters, not bytes: the chart's blocks are three bytes each.
	while IFS= read -r l; do
		[ "${#l}" -le 100 ]
	done <<<"$output"
	printf '%s\n' "$output" | grep -q 'Parallelism'
}

@test "--timeline --ascii is plain ASCII" {
	COLUMNS=80 LC_ALL=C.UTF-8 run "$POOLVIZ" --calls 2 --pool 2 --iterations 1000 --timeline --ascii
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | LC_ALL=C grep -c '[^[:print:][:space:]]')" -eq 0 ]
}

@test "--svg writes a valid picture that renders" {
	run_split "$POOLVIZ" --calls 4 --pool 2 --iterations 1000 --svg "$tmp/run.svg"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "Start Synchronous Hash: 0ms" ]
	xmllint --noout "$tmp/run.svg"
	grep -q 'worker 2' "$tmp/run.svg"
	rsvg-convert -o "$tmp/run.png" "$tmp/run.svg"
	[ "$(head -c 8 "$tmp/run.png" | od -An -tx1 | tr -d ' ')" = "89504e470d0a1a0a" ]
	[ -z "$(ls "$tmp" | grep -v '^run\.\(svg\|png\)$')" ]
}

@test "--svg: on a slide 1600 px wide, its text is at least 24 px" {
	"$POOLVIZ" --calls 4 --pool 2 --iterations 1000 --svg "$tmp/run.svg" >/dev/null
	[ "$(grep -c 'font-size="' "$tmp/run.svg")" -ge 2 ]
	[ "$(grep -c 'font-size:\|font:' "$tmp/run.svg")" -eq 0 ]
	px=$(min_px "$tmp/run.svg")
	echo "smallest text: $px px at 1600"
	[ "$px" -ge 24 ]
}

# 100,000 hashes of one iteration: each bar is far thinner than a pixel,
# so they are drawn as density, not as 100,000 rectangles (once 45 MB).
@test "--svg of 100,000 hashes is under 2 MB, drawn as density, and renders" {
	"$POOLVIZ" --calls 100000 --pool 4 --iterations 1 --keylen 16 --no-sync --svg "$tmp/big.svg" >/dev/null
	size=$(wc -c <"$tmp/big.svg")
	echo "big.svg: $size bytes"
	[ "$size" -lt 2000000 ]
	[ "$size" -gt 1000 ]
	grep -q 'hashes on worker 1, each under a pixel wide' "$tmp/big.svg"
	[ "$(grep -c '<rect ' "$tmp/big.svg")" -lt 10000 ]
	xmllint --noout "$tmp/big.svg"
	rsvg-convert -o "$tmp/big.png" "$tmp/big.svg"
	[ "$(head -c 8 "$tmp/big.png" | od -An -tx1 | tr -d ' ')" = "89504e470d0a1a0a" ]
	[ "$(min_px "$tmp/big.svg")" -ge 24 ]
}

@test "--trace writes Chrome trace events, one track per thread" {
	run "$POOLVIZ" --calls 3 --pool 3 --iterations 1000 --trace "$tmp/t.json" --format json
	[ "$status" -eq 0 ]
	jq -e '
		(.traceEvents | length > 0)
		and ([.traceEvents[] | select(.ph == "X")] | length >= 4)
		and ([.traceEvents[] | select(.ph == "M" and .name == "thread_name") | .args.name]
			| index("main") != null and index("worker 1") != null)
	' "$tmp/t.json" >/dev/null
}

@test "files that cannot be written: exit 2 before the run, nothing left behind" {
	run_split "$POOLVIZ" --calls 1 --iterations 10 --svg "$tmp/no/such/dir/x.svg"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "poolviz: --svg '$tmp/no/such/dir/x.svg': cannot create: No such file or directory"* ]]
	run_split "$POOLVIZ" --calls 1 --iterations 10 --trace "$tmp"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"is a directory"* ]]
	run_split "$POOLVIZ" --svg ''
	[ "$status" -eq 2 ]
	[ -z "$(ls -A "$tmp")" ]
}

@test "a file on a full disk is an error and the old file stays" {
	[ -w /dev/full ] || skip "no /dev/full"
	echo old >"$tmp/keep.svg"
	# /dev/full is not a regular file, so it is written directly and fails.
	run_split "$POOLVIZ" --calls 1 --iterations 10 --pool 1 --svg /dev/full
	[ "$status" -eq 1 ]
	[[ "$stderr" == "poolviz: --svg '/dev/full': write error: No space left on device" ]]
	[ "$(cat "$tmp/keep.svg")" = old ]
}

@test "format and chart options that do not fit are refused" {
	run_split "$POOLVIZ" --format yaml
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "poolviz: --format 'yaml': unknown format (expected text, json, csv or markdown)"* ]]
	run_split "$POOLVIZ" --format json --timeline
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	run_split "$POOLVIZ" --ascii
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	run_split "$POOLVIZ" --svg "$tmp/a" --trace "$tmp/a"
	[ "$status" -eq 2 ] && [ -z "$output" ]
}

@test "Ctrl-C in json mode gives a complete document marked interrupted" {
	start_bg "$POOLVIZ" --no-sync --calls 6 --pool 1 --iterations "$(iters 300000)" --format json
	pid=$bg_pid
	# JSON prints nothing before the end: wait for the pool, not the clock.
	wait_for_pool "$pid"
	kill -INT "$pid"
	doc=$(cat <&"$bg_out")
	wait "$pid" || status=$?
	[ "${status:-0}" -eq 130 ]
	printf '%s' "$doc" | jq -e '.interrupted == true and (.tasks | length == 6)
		and ([.tasks[] | select(.cancelled == true)] | length >= 1)
		and all(.tasks[] | select(.cancelled == true);
			.worker == null and .start_ms == null and .end_ms == null
			and .done_ms == null and .cpu_ms == null and .queued_ms != null)
		and all(.tasks[] | select(.cancelled != true); .worker >= 1)' >/dev/null
}

@test "--notes: every note under the chart; without it only the lesson; alone it is bad input" {
	run "$POOLVIZ" --scenario blocked --calls 2 --pool 2 --iterations 2000 --timeline --ascii
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | grep -c 'Parallelism')" -eq 0 ]
	printf '%s\n' "$output" | grep -q '^The pool finished its work'
	run "$POOLVIZ" --scenario blocked --calls 2 --pool 2 --iterations 2000 --timeline --ascii --notes
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q 'Parallelism'
	printf '%s\n' "$output" | grep -q '^The pool finished its work'
	run_split "$POOLVIZ" --notes
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: --notes: applies only with --timeline or --live (see poolviz --help)" ]
}
