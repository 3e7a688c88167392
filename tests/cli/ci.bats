#!/usr/bin/env bats
# ci.bats: what CI systems read: the verdict line, the JSON verdict, JUnit
# against docs/ci/junit.xsd, Markdown through a real GFM parser, '-' as
# stdout, colour under every TTY, NO_COLOR and TERM, the man page's header,
# and baselines that make sense.

load helper

root="$BATS_TEST_DIRNAME/../.."
xsd="$root/docs/ci/junit.xsd"

# These test what the CI formats say, not what the machine had: every run
# judges on a quiet fixture machine (check.bats says why), so that a busy
# one's "inconclusive" does not stand in for the verdict under test.
setup() {
	tmp=$(mktemp -d)
	export POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quiet"
}

teardown() {
	explain_failure
	[ -z "${sock:-}" ] || tmux -L "$sock" kill-server 2>/dev/null || true
	rm -rf "$tmp"
}

# A run whose checks hold wherever it runs: one worker, a wide tolerance
# (its iterations from iters, helper.bash: as long on ASan as on release).
# With --retries 2 (here and in FAIL_RUN), a set that the sampler's stop
# rule found stopped is measured again: on the quiet fixture that rule,
# which reads the real /proc, is the one way to an inconclusive verdict,
# and in ci23 (a fresh clone's make test beside two spinners) FAIL_RUN
# once exited with a status other than 1, which the log did not keep.
OK_RUN="--calls 2 --pool 1 --iterations $(iters 20000) --repeat 3 --check --tolerance 1000 --retries 2"
# With no tolerance and calls a multiple of the lanes, the two makespan
# bounds meet: a real run cannot land exactly on them.
FAIL_RUN="--calls 4 --pool 2 --iterations $(iters 20000) --check --tolerance 0 --retries 2"

@test "verdict line: ok, last in text mode, nothing on stderr" {
	# shellcheck disable=SC2086
	run_split "$POOLVIZ" $OK_RUN
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[-1]}" = "poolviz: ok: 5 checks held, 1 not judged" ]
}

@test "verdict line: on stderr in JSON mode, with verdict and reasons in the document" {
	# shellcheck disable=SC2086
	run_split "$POOLVIZ" $OK_RUN --format json
	[ "$status" -eq 0 ]
	[ "$stderr" = "poolviz: ok: 5 checks held, 1 not judged" ]
	printf '%s' "$output" | jq -e '.verdict == "ok" and .reasons == []
		and (.checks | length == 6)
		and all(.checks[] | select(.name != "runnable_workers"); .verdict == "ok")
		and (.checks[] | select(.name == "runnable_workers") | .verdict == "not_judged")' >/dev/null
	# Without --check or --baseline there is no verdict, and no line.
	run_split "$POOLVIZ" --calls 1 --iterations "$(iters 1000)" --format json
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	printf '%s' "$output" | jq -e 'has("verdict") == false and has("reasons") == false' >/dev/null
	run_split "$POOLVIZ" --calls 1 --iterations "$(iters 1000)"
	[ "$(printf '%s\n' "$output" | grep -c '^poolviz:')" -eq 0 ]
}

@test "verdict line: a forced FAIL names the failed checks, in text and JSON" {
	# shellcheck disable=SC2086
	run_split "$POOLVIZ" $FAIL_RUN
	[ "$status" -eq 1 ]
	[[ "${lines[-1]}" =~ ^poolviz:\ FAIL:\ (.*, )?makespan_(max|min) ]]
	# shellcheck disable=SC2086
	run_split "$POOLVIZ" $FAIL_RUN --format json
	[ "$status" -eq 1 ]
	[[ "$stderr" =~ ^poolviz:\ FAIL:\ (.*, )?makespan_(max|min) ]]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	printf '%s' "$output" | jq -e '.verdict == "fail"
		and any(.reasons[]; test("^makespan_(max|min)$"))
		and all(.checks[]; .verdict == (if .ok then "ok" else "fail" end))' >/dev/null
}

@test "verdict line: a doctored baseline names the regressed metrics" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --save-baseline "$tmp/b.json"
	[ "$status" -eq 0 ]
	# Twenty lanes' worth at once, in a tenth of the time.
	jq '.baseline.parallelism_per_lane = 20 | .baseline.makespan_per_wave = 0.1' "$tmp/b.json" >"$tmp/d.json"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/d.json"
	[ "$status" -eq 1 ]
	[ -z "$stderr" ]
	[[ "${lines[-1]}" =~ ^poolviz:\ FAIL:\ [2-4]\ metrics\ regressed\ \(makespan_per_wave\ \+[0-9]+%,\ parallelism_per_lane\ -[0-9]+% ]]
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/d.json" --format json
	[ "$status" -eq 1 ]
	[[ "$stderr" == "poolviz: FAIL: "*"metrics regressed (makespan_per_wave +"* ]]
	printf '%s' "$output" | jq -e '.verdict == "fail"
		and any(.reasons[]; startswith("parallelism_per_lane regressed"))
		and any(.comparison.metrics[]; .name == "parallelism_per_lane" and .verdict == "REGRESSED")' >/dev/null
}

@test "--junit: valid against the schema, failures when checks fail" {
	command -v xmllint >/dev/null || skip "xmllint is not installed"
	# shellcheck disable=SC2086
	run_split "$POOLVIZ" $OK_RUN --junit "$tmp/ok.xml"
	[ "$status" -eq 0 ]
	xmllint --noout --schema "$xsd" "$tmp/ok.xml"
	[ "$(xmllint --xpath 'string(/testsuite/@failures)' "$tmp/ok.xml")" = 0 ]
	[ "$(xmllint --xpath 'count(/testsuite/testcase[@classname="poolviz.check"])' "$tmp/ok.xml")" = 6 ]
	# One worker: runnable_workers is not judged, so skipped, never passed.
	xmllint --xpath '//testcase[@name="runnable_workers"]/skipped/@message' "$tmp/ok.xml" |
	    grep -q 'not judged: '
	[ "$(xmllint --xpath 'string(//property[@name="machine.cpus"]/@value)' "$tmp/ok.xml")" -ge 1 ]
	[ "$(xmllint --xpath 'string(//property[@name="runs"]/@value)' "$tmp/ok.xml")" = 3 ]
	# shellcheck disable=SC2086
	run_split "$POOLVIZ" $FAIL_RUN --junit "$tmp/fail.xml"
	[ "$status" -eq 1 ]
	xmllint --noout --schema "$xsd" "$tmp/fail.xml"
	[ "$(xmllint --xpath 'string(/testsuite/@failures)' "$tmp/fail.xml")" -ge 1 ]
	xmllint --xpath '//testcase[starts-with(@name, "makespan_")]/failure/@message' "$tmp/fail.xml" |
	    grep -q 'measured '
	# The suite's time is seconds: about the run, not its milliseconds.
	t=$(xmllint --xpath 'string(/testsuite/@time)' "$tmp/fail.xml")
	awk -v t="$t" 'BEGIN { exit !(t > 0 && t < 120) }'
}

# The testcase names of a report, one "classname name" a line, sorted.
junit_cases() {
	xmllint --xpath '//testcase' "$1" | grep -o 'classname="[^"]*" name="[^"]*"' | sort
}

@test "--junit: the same testcases for ok and FAIL, poolviz.run/verdict among them" {
	command -v xmllint >/dev/null || skip "xmllint is not installed"
	# shellcheck disable=SC2086
	run_split "$POOLVIZ" $OK_RUN --junit "$tmp/ok.xml"
	[ "$status" -eq 0 ]
	# shellcheck disable=SC2086
	run_split "$POOLVIZ" $FAIL_RUN --junit "$tmp/fail.xml"
	[ "$status" -eq 1 ]
	# An inconclusive report has the same set too: test_render_ci builds
	# one by hand, as no fixture makes a machine busy for real.
	for f in ok fail; do
		[ -s "$tmp/$f.xml" ]
		xmllint --noout --schema "$xsd" "$tmp/$f.xml"
		[ "$(xmllint --xpath 'count(//testcase[@classname="poolviz.run" and @name="verdict"])' "$tmp/$f.xml")" = 1 ]
		[ "$(xmllint --xpath 'string(/testsuite/@tests)' "$tmp/$f.xml")" = 7 ]
	done
	[ "$(junit_cases "$tmp/ok.xml")" = "$(junit_cases "$tmp/fail.xml")" ]
	# The run's testcase carries the verdict: passed, failed, skipped.
	[ "$(xmllint --xpath 'count(//testcase[@classname="poolviz.run"]/*)' "$tmp/ok.xml")" = 0 ]
	xmllint --xpath 'string(//testcase[@classname="poolviz.run"]/failure/@message)' "$tmp/fail.xml" |
	    grep -q '^poolviz: FAIL: '
}

@test "--junit: no message also in the element's text; figures carry their units" {
	command -v xmllint >/dev/null || skip "xmllint is not installed"
	# shellcheck disable=SC2086
	run_split "$POOLVIZ" $FAIL_RUN --junit "$tmp/fail.xml"
	[ "$status" -eq 1 ]
	n=$(xmllint --xpath 'count(//failure | //skipped)' "$tmp/fail.xml")
	[ "$n" -ge 2 ]
	for i in $(seq 1 "$n"); do
		msg=$(xmllint --xpath "string((//failure | //skipped)[$i]/@message)" "$tmp/fail.xml")
		text=$(xmllint --xpath "string((//failure | //skipped)[$i])" "$tmp/fail.xml")
		[ -n "$msg" ]
		[ -n "$text" ]
		[[ "$text" != *"$msg"* ]]
	done
	xmllint --xpath 'string(//testcase[starts-with(@name, "makespan_")]/failure/@message)' "$tmp/fail.xml" |
	    grep -Eq '^measured [0-9]+\.[0-9]{3} ms, expected (<=|>=)[0-9]+\.[0-9]{3} ms$'
}

@test "--junit: baseline metrics are testcases; a regressed one fails" {
	command -v xmllint >/dev/null || skip "xmllint is not installed"
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --save-baseline "$tmp/b.json"
	jq '.baseline.parallelism_per_lane = 20' "$tmp/b.json" >"$tmp/d.json"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/d.json" --junit "$tmp/j.xml"
	[ "$status" -eq 1 ]
	xmllint --noout --schema "$xsd" "$tmp/j.xml"
	[ "$(xmllint --xpath 'count(/testsuite/testcase[@classname="poolviz.baseline"])' "$tmp/j.xml")" = 4 ]
	[ "$(xmllint --xpath 'count(//testcase[@name="parallelism_per_lane"]/failure)' "$tmp/j.xml")" = 1 ]
	# Nothing to report without a verdict: refused.
	run_split "$POOLVIZ" --junit "$tmp/x.xml"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "poolviz: --junit: applies only with --check or --baseline"* ]]
	[ ! -e "$tmp/x.xml" ]
}

@test "--format markdown: the verdict as a heading, titled tables that a GFM parser reads as tables" {
	command -v cmark-gfm >/dev/null || skip "cmark-gfm is not installed (scripts/deps.sh test)"
	# shellcheck disable=SC2086
	run_split "$POOLVIZ" $FAIL_RUN --format markdown
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" =~ ^##\ poolviz:\ FAIL:\ . ]]
	# The heading is the verdict line that stderr carries, word for word.
	[ "${lines[0]}" = "## $stderr" ]
	[[ "$stderr" == "poolviz: FAIL: "* ]]
	html=$(printf '%s\n' "$output" | cmark-gfm -e table)
	printf '%s\n' "$html" | grep -q '^<h2>poolviz: FAIL: '
	printf '%s\n' "$html" | grep -q '^<h3>Lines</h3>$'
	printf '%s\n' "$html" | grep -q '^<h3>Checks</h3>$'
	printf '%s\n' "$html" | grep -q '<td>Scheduled all async tasks: [0-9]*ms</td>'
	printf '%s\n' "$html" | grep -q '<th align="right">measured</th>'
	printf '%s\n' "$html" | grep -Eq '<td>makespan_(max|min)</td>'
	printf '%s\n' "$html" | grep -q '<td>fail</td>'
	printf '%s\n' "$html" | grep -q '<td align="right">&gt;=0.900</td>'
	printf '%s\n' "$html" | grep -Eq '<td align="right">&lt;[0-9]+\.[0-9]{3}</td>'
	[ "$(printf '%s\n' "$html" | grep -c '<table>')" -eq 2 ]
	# Every row of a table has as many cells as its header: 4 for the checks.
	[ "$(printf '%s\n' "$html" | grep -c '<td align="right">')" -ge 17 ]
	# The source is aligned: each table's rows are as long as its header.
	printf '%s\n' "$output" | awk '/^\|/ { if (w == 0) w = length($0); else if (length($0) != w) exit 1; next } { w = 0 }'
}

@test "--format markdown with --repeat: the statistics table" {
	command -v cmark-gfm >/dev/null || skip "cmark-gfm is not installed (scripts/deps.sh test)"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --repeat 2 --format markdown
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# No verdict: the heading says what ran, and the statistics follow.
	[ "${lines[0]}" = "## poolviz: 2 calls, pool 2, pbkdf2" ]
	[ "${lines[1]}" = "### Statistics" ]
	[ "${lines[2]}" = "2 runs:" ]
	html=$(printf '%s\n' "$output" | cmark-gfm -e table)
	printf '%s\n' "$html" | grep -q '^<h3>Statistics</h3>$'
	printf '%s\n' "$html" | grep -q '<td>makespan_ms</td>'
	printf '%s\n' "$html" | grep -Eq '<td align="right">[0-9]+\.[0-9]{3}</td>'
	[ "$(printf '%s\n' "$html" | grep -c 'Async Hash')" -eq 0 ]
}

@test "--format markdown: two reports appended to one summary stay apart" {
	command -v cmark-gfm >/dev/null || skip "cmark-gfm is not installed (scripts/deps.sh test)"
	"$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --repeat 2 --format markdown >>"$tmp/summary.md"
	# The file ends in a blank line: what follows starts a block of its own.
	[ "$(tail -c 2 "$tmp/summary.md" | od -An -c | tr -d ' ')" = '\n\n' ]
	# shellcheck disable=SC2086
	"$POOLVIZ" $OK_RUN --format markdown >>"$tmp/summary.md" 2>/dev/null
	html=$(cmark-gfm -e table "$tmp/summary.md")
	[ "$(printf '%s\n' "$html" | grep -c '^<h2>poolviz: ')" -eq 2 ]
	[ "$(printf '%s\n' "$html" | grep -c '^<table>')" -eq 3 ]
	printf '%s\n' "$html" | grep -q '^<h2>poolviz: ok: '
	printf '%s\n' "$html" | grep -q '^<h3>Checks</h3>$'
}

@test "sweep --format markdown: a heading, the table and the law under titles, a blank line last" {
	command -v cmark-gfm >/dev/null || skip "cmark-gfm is not installed (scripts/deps.sh test)"
	"$POOLVIZ" sweep --pool 1,2 --calls 2 --iterations 2000 --format markdown \
	    >"$tmp/sweep.md" 2>"$tmp/err"
	[ ! -s "$tmp/err" ]
	[ "$(head -n 1 "$tmp/sweep.md")" = "## poolviz sweep: 2000 iterations of sha512, 512-byte keys" ]
	# The file ends in a blank line: what follows starts a block of its own.
	[ "$(tail -c 2 "$tmp/sweep.md" | od -An -c | tr -d ' ')" = '\n\n' ]
	html=$(cmark-gfm -e table "$tmp/sweep.md")
	printf '%s\n' "$html" | grep -q '^<h2>poolviz sweep: '
	printf '%s\n' "$html" | grep -q '^<h3>Points</h3>$'
	printf '%s\n' "$html" | grep -q '^<h3>The law</h3>$'
	printf '%s\n' "$html" | grep -q '<th align="right">predicted_ms</th>'
	[ "$(printf '%s\n' "$html" | grep -c '<tr>')" -eq 3 ]
	printf '%s\n' "$html" | grep -q '<p>predicted_ms = waves x T'
	# Two sweeps appended to one summary, then a run: three reports apart.
	cat "$tmp/sweep.md" "$tmp/sweep.md" >"$tmp/summary.md"
	"$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --format markdown >>"$tmp/summary.md"
	html=$(cmark-gfm -e table "$tmp/summary.md")
	[ "$(printf '%s\n' "$html" | grep -c '^<h2>poolviz sweep: ')" -eq 2 ]
	[ "$(printf '%s\n' "$html" | grep -c '^<h2>poolviz: 2 calls')" -eq 1 ]
	[ "$(printf '%s\n' "$html" | grep -c '^<table>')" -eq 3 ]
}

@test "'-' is stdout for --svg, --trace, --junit and --save-baseline; the text goes to stderr" {
	cd "$tmp"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --svg -
	[ "$status" -eq 0 ]
	[[ "$output" == "<?xml"* ]]
	[[ "$output" == *"</svg>" ]]
	[[ "$stderr" == "Start Synchronous Hash: 0ms"* ]]
	printf '%s' "$output" | xmllint --noout -
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --trace -
	[ "$status" -eq 0 ]
	printf '%s' "$output" | jq -e '.traceEvents | length > 0' >/dev/null
	[[ "$stderr" == *"Async Hash"*"Done"* ]]
	# shellcheck disable=SC2086
	run_split "$POOLVIZ" $OK_RUN --junit -
	[ "$status" -eq 0 ]
	[[ "$output" == "<?xml"* ]]
	[ "${stderr##*$'\n'}" = "poolviz: ok: 5 checks held, 1 not judged" ]
	printf '%s' "$output" | xmllint --noout --schema "$xsd" -
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --save-baseline -
	[ "$status" -eq 0 ]
	printf '%s' "$output" | jq -e '.tool == "poolviz" and (.baseline | has("makespan_per_wave"))' >/dev/null
	printf '%s' "$output" >b.json
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 2000)" --baseline b.json --tolerance 1000
	[ "$status" -eq 0 ] || [ "$status" -eq 1 ]
	run_split "$POOLVIZ" sweep --pool 1 --calls 1 --iterations "$(iters 2000)" --svg -
	[ "$status" -eq 0 ]
	[[ "$output" == "<?xml"* ]]
	[[ "$stderr" == "poolviz sweep: "* ]]
	# No file was made of any of them.
	[ ! -e ./- ]
}

@test "'-' into a reader that goes away stops quietly, as stdout does" {
	run bash -c '"$1" --calls 20000 --pool 4 --iterations 1 --keylen 16 --no-sync --trace - 2>"$2" | head -c 1 >/dev/null; echo "${PIPESTATUS[0]}"' _ "$POOLVIZ" "$tmp/err"
	[ "$output" -eq 141 ] || [ "$output" -eq 0 ]
	run ! grep -q 'write error' "$tmp/err"
}

@test "two outputs on stdout, or '-' with a data format, are refused" {
	cd "$tmp"
	for args in "--svg - --trace -" "--svg - --format json" \
	    "--trace - --format csv" "--check --junit - --format markdown" \
	    "--save-baseline - --svg -" "--check --junit - --trace -"; do
		# shellcheck disable=SC2086
		run_split "$POOLVIZ" --calls 1 --iterations "$(iters 1000)" $args
		[ "$status" -eq 2 ] || { echo "$args: $status" >&2; false; }
		[ -z "$output" ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		[[ "$stderr" == *"(expected one output on stdout"* ]]
	done
	run_split "$POOLVIZ" sweep --calls 1 --svg - --format json
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"expected one output on stdout"* ]]
	[ ! -e ./- ]
}

# pane_ended N: the capture of pane N, in $tmp/paneN, has its END line.
pane_ended() {
	tmux -L "$sock" capture-pane -p -e -J -t "pv:w$1" -S 0 >"$tmp/pane$1"
	grep -q "^END$1\$" "$tmp/pane$1"
}

# color_case TTY NO_COLOR TERM: whether a --timeline in a tmux pane had
# colour. TTY is tty (stdout the pane) or pipe (through cat); NO_COLOR is
# unset, empty or 1. The pane keeps its content: the command ends in cat
# waiting on the pane's input, and signals a channel the test waits on.
color_case() {
	local n=$((++ncase)) env="env"
	case $2 in
	unset) env="$env -u NO_COLOR" ;;
	empty) env="$env NO_COLOR=" ;;
	*) env="$env NO_COLOR=$2" ;;
	esac
	env="$env TERM=$3 COLUMNS=100"
	local cmd
	cmd="$env $(printf '%q' "$POOLVIZ") --calls 1 --pool 1 --iterations 1000 --timeline"
	if [ "$1" = pipe ]; then cmd="$cmd | cat"; fi
	tmux -L "$sock" new-window -d -t pv -n "w$n" \
	    "$cmd; echo END$n; tmux wait-for -S done$n; exec cat"
	tmux -L "$sock" wait-for "done$n"
	# The server may read the pane's last bytes after the signal: the
	# capture is the pane's once the line after the run is in it.
	wait_until 10 pane_ended "$n" || return 2
	grep -q 'main' "$tmp/pane$n" || { echo "case $*: no chart in the pane" >&2; return 2; }
	grep -q $'\x1b\\[[0-9;]*[34][0-9]m' "$tmp/pane$n"
}

@test "colour in a real terminal: every combination of TTY, NO_COLOR and TERM" {
	command -v tmux >/dev/null || skip "tmux is not installed (scripts/deps.sh test)"
	sock="poolviz-test-$$"
	ncase=0
	tmux -L "$sock" -f /dev/null new-session -d -s pv -x 120 -y 60 cat
	for tty in tty pipe; do
		for nc in unset empty 1; do
			for term in xterm-256color dumb; do
				want=1
				if [ "$tty" = tty ] && [ "$nc" != 1 ] && [ "$term" != dumb ]; then want=0; fi
				rc=0
				color_case "$tty" "$nc" "$term" || rc=$?
				[ "$rc" -ne 2 ] || false
				[ "$rc" -eq "$want" ] || { echo "tty=$tty NO_COLOR=$nc TERM=$term: colour $([ "$rc" -eq 0 ] && echo on || echo off)" >&2; false; }
			done
		done
	done
	[ "$ncase" -eq 12 ]
}

@test "man -l poolviz.1: poolviz's own header and footer, no BSD" {
	command -v man >/dev/null || skip "man is not installed"
	run env MANWIDTH=80 man -l "$root/poolviz.1"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "POOLVIZ(1)"*"poolviz General Commands Manual"*"POOLVIZ(1)" ]]
	[[ "${lines[-1]}" == "poolviz $(sed -n 's/^VERSION *= *//p' "$root/Makefile")"* ]]
	[ "$(printf '%s\n' "$output" | grep -c 'BSD')" -eq 0 ]
}

# Defect 12: 1e-308 made a change of +inf%, which JSON cannot hold, and a
# half-streamed document came out. Out of [1e-6, 1e6] is no baseline.
@test "baselines: a metric of 1e-308 is refused in one line, in every format, never half a document" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --save-baseline "$tmp/b.json"
	[ "$status" -eq 0 ]
	jq '.baseline.makespan_per_wave = 1e-308' "$tmp/b.json" >"$tmp/t.json"
	grep -q '"makespan_per_wave": 1e-308' "$tmp/t.json"
	for fmt in json text markdown; do
		run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/t.json" --format "$fmt"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		[[ "$stderr" == "poolviz: --baseline '$tmp/t.json': baseline.makespan_per_wave is 1e-308 (expected a number from 1e-06 to 1e+06; save one with --save-baseline)"* ]]
	done
	# The smallest metric taken: a change of millions of percent, and a
	# whole document, each number a number.
	jq '.baseline.makespan_per_wave = 1e-6' "$tmp/b.json" >"$tmp/s.json"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/s.json" --format json
	[ "$status" -ne 2 ]
	printf '%s' "$output" | jq -e '.comparison.metrics[]
		| select(.name == "makespan_per_wave")
		| (.change_pct > 1000000) and .verdict == "REGRESSED"' >/dev/null
	[[ "$stderr" == "poolviz: "*"makespan_per_wave +"*"%"* ]]
}

@test "baselines: a file over 1 MiB is refused before it is read whole" {
	{ printf '{'; head -c 1100000 /dev/zero | tr '\0' ' '; printf '}'; } >"$tmp/big.json"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/big.json"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "poolviz: --baseline '$tmp/big.json': larger than 1024 KiB (a file --save-baseline wrote is a few KiB)"* ]]
	# Through a pipe, which has no size to check first, the same.
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline <(cat "$tmp/big.json")
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"': larger than 1024 KiB (a file --save-baseline wrote is a few KiB)"* ]]
}

@test "baselines: zero, negative and unreadable metrics are refused; digest case is ignored" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --save-baseline "$tmp/b.json"
	[ "$status" -eq 0 ]
	for edit in '.baseline.makespan_per_wave = 0' '.baseline.max_lag_ms = 0' \
	    '.baseline.parallelism_per_lane = -1' '.baseline.mean_task_per_hash = "1"'; do
		jq "$edit" "$tmp/b.json" >"$tmp/e.json"
		run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/e.json"
		[ "$status" -eq 2 ] || { echo "$edit: $status" >&2; false; }
		[ -z "$output" ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	done
	jq '.baseline.makespan_per_wave = 0' "$tmp/b.json" >"$tmp/e.json"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/e.json"
	[[ "$stderr" == *"baseline.makespan_per_wave is 0 (expected a number from 1e-06 to 1e+06"* ]]
	# 1e400 is no double: jansson refuses the file as it reads it.
	sed 's/"max_lag_ms": [0-9.e+-]*/"max_lag_ms": 1e400/' "$tmp/b.json" >"$tmp/i.json"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/i.json"
	[ "$status" -eq 2 ]
	# OpenSSL resolves SHA512 as sha512: the baseline applies.
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --digest SHA512 --baseline "$tmp/b.json" --tolerance 1000
	[ "$status" -ne 2 ]
	[[ "${lines[-1]}" == "poolviz: "* ]]
}

@test "baselines: absurd magnitudes print in a bounded width" {
	run "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --save-baseline "$tmp/b.json"
	# On a busy machine nothing is saved (exit 3), and nothing below
	# would be about the table.
	[ "$status" -eq 0 ]
	# The largest and the smallest a baseline may hold (1e6, 1e-6).
	jq '.baseline.makespan_per_wave = 1e6 | .baseline.mean_task_per_hash = 1e-6' "$tmp/b.json" >"$tmp/h.json"
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations "$(iters 5000)" --baseline "$tmp/h.json"
	[ "$status" -eq 1 ]
	row=$(printf '%s\n' "$output" | grep '^makespan_per_wave ')
	[[ "$row" == *" 1e+06 "* ]]
	# Every row of the table (from its header to the machine line, which
	# is prose and may wrap) fits in 80 columns.
	long=$(printf '%s\n' "$output" | awk '/^metric /{t=1} /^machine:/{t=0} t && length > 80')
	[ -n "$(printf '%s\n' "$output" | grep '^metric ')" ]
	[ -z "$long" ] || { echo "over 80 columns: $long"; false; }
	printf '%s\n' "$output" | grep -q '^mean_task_per_hash  *0.000 '
}

@test "--help says what a tolerance above 100 does" {
	run "$POOLVIZ" --help
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | tr -s ' \n' ' ' | grep -q 'above 100 the lower bounds (makespan_min) are zero, not negative'
}

# --retry-budget bounds the whole command, the first set of runs too: a
# set it cuts is partial and inconclusive (exit 3), never ok, and says so
# (a wide tolerance: on this shared machine the checks themselves hold).
# On the machine as it is, not the quiet fixture: where other work held
# the CPUs, the fixture made poolviz judge the timed checks as if alone,
# and at load 10 beside spinners makespan_max failed even 11 times over
# (exit 1); measured, such a run is inconclusive for that too, and the
# assertions on the budget's cut (budget_cut, runs_done and its reason)
# still say whether the budget cut the set.
@test "--retry-budget cuts the first set short: partial, inconclusive, exit 3" {
	unset POOLVIZ_MACHINE_ROOT
	run_split "$POOLVIZ" --calls 2 --pool 2 --hash-ms 200 --repeat 10 --check --tolerance 1000 --retries 2 --retry-budget 1 --format json
	[ "$status" -eq 3 ]
	printf '%s' "$output" | jq -e '.verdict == "inconclusive" and .partial == true
		and .budget_cut == true and .runs_done < .runs_requested
		and (.interrupted | not)
		and (.reasons | any(test("retry budget of 1 s cut the set")))' >/dev/null
	run_split "$POOLVIZ" --calls 2 --pool 2 --hash-ms 200 --repeat 10 --check --tolerance 1000 --retries 2 --retry-budget 1
	[ "$status" -eq 3 ]
	printf '%s\n' "$output" | grep -q '^poolviz: inconclusive: .*the retry budget of 1 s cut the set after [0-9]* of 10 runs'
	run ! grep -q -- 'or with --retries' <<<"$output$stderr"
}
