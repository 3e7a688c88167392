#!/usr/bin/env bats
# html.bats: --html, the replay page: written whole, self-contained, escaped, small.
# (tests/browser/replay.test.mjs plays the pages in a real browser.)

load helper

setup() {
	tmp=$(mktemp -d)
}

teardown() {
	explain_failure
	rm -rf "$tmp"
}

# page_json FILE: the run's JSON from the page's <script type="application/json">.
page_json() {
	sed -n '/^<script type="application\/json" id="run">$/{n;p;}' "$1"
}

@test "--html writes the page: the SVG with its scale, the run's JSON, the notes" {
	run_split "$POOLVIZ" --calls 4 --pool 2 --iterations 1000 --html "$tmp/run.html"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${lines[0]}" = "Start Synchronous Hash: 0ms" ]
	[ "$(head -n 1 "$tmp/run.html")" = "<!DOCTYPE html>" ]
	[ "$(tail -n 1 "$tmp/run.html")" = "</html>" ]
	[ "$(grep -c '^<svg xmlns="http://www.w3.org/2000/svg" data-t0-x="130" data-px-per-ms="' "$tmp/run.html")" -eq 1 ]
	grep -q '<text x="16" y="[0-9.]*">worker 2</text>' "$tmp/run.html"
	grep -q '^<p>4 hashes on a pool of 2' "$tmp/run.html"
	run grep -c '@@' "$tmp/run.html"
	[ "$output" -eq 6 ]	# the template's comment names the six markers
	page_json "$tmp/run.html" >"$tmp/run.json"
	jq -e '.tool == "poolviz" and (.tasks | length) == 4 and (.lines | length) == 7' "$tmp/run.json" >/dev/null
	# Compact, on one line.
	[ "$(wc -l <"$tmp/run.json")" -eq 1 ]
	# Written to a temporary file and renamed: nothing else is left.
	[ -z "$(ls -A "$tmp" | grep -v '^run\.\(html\|json\)$')" ]
}

@test "the page names no external URL: no src or href but data: and anchors" {
	"$POOLVIZ" --scenario starve --calls 2 --pool 2 --iterations 1000 --html "$tmp/p.html" >/dev/null
	grep -Eo '(src|href|action|poster)=["'"'"']?[^"'"'"' >]*' "$tmp/p.html" >"$tmp/refs" || true
	[ -z "$(grep -Ev '^(src|href)="(data:|#)' "$tmp/refs")" ]
	# http appears once: the SVG's namespace, which is a name, not a request.
	[ "$(grep -Eo 'https?://[^"'"'"' )]*' "$tmp/p.html" | sort -u)" = "http://www.w3.org/2000/svg" ]
	run grep -Eic '@import|url\( *["'"'"']?(https?:|//)' "$tmp/p.html"
	[ "$output" -eq 0 ]
	grep -q "default-src 'none'" "$tmp/p.html"
}

@test "a password with </script> in it does not reach the page as markup" {
	run_split "$POOLVIZ" --calls 1 --iterations 1000 --password '</script><script>pwned()</script>' \
	    --html "$tmp/p.html"
	[ "$status" -eq 0 ]
	[ "$(grep -c '<script' "$tmp/p.html")" -eq 2 ]
	[ "$(grep -c '</script>' "$tmp/p.html")" -eq 2 ]
	run grep -c 'pwned' "$tmp/p.html"
	[ "$output" -eq 0 ]
	# Whatever strings the run has are escaped in its JSON: no raw < or >.
	run grep -c '[<>]' <(page_json "$tmp/p.html")
	[ "$output" -eq 0 ]
}

@test "--html - writes the page to stdout and the lines to stderr; one output on stdout" {
	run_split "$POOLVIZ" --calls 2 --pool 2 --iterations 1000 --html -
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "<!DOCTYPE html>" ]
	[[ "$output" == *"</html>" ]]
	[[ "$stderr" == "Start Synchronous Hash: "* ]]
	for args in "--html - --svg -" "--html - --format json" "--trace - --html -"; do
		# shellcheck disable=SC2086
		run_split "$POOLVIZ" --calls 1 --iterations 10 $args
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[[ "$stderr" == *"--html"* ]]
	done
}

@test "--html to a path that cannot be created: exit 2 before the run" {
	run_split "$POOLVIZ" --calls 1 --iterations 10 --html "$tmp/no/such/dir/x.html"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "poolviz: --html '$tmp/no/such/dir/x.html': cannot create: No such file or directory"* ]]
	run_split "$POOLVIZ" --calls 1 --iterations 10 --html "$tmp"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *"is a directory"* ]]
	run_split "$POOLVIZ" --calls 1 --iterations 10 --html "$tmp/a.html" --svg "$tmp/./a.html"
	[ "$status" -eq 2 ]
	[ -z "$(ls -A "$tmp")" ]
}

@test "every scenario and work has a page; with --repeat it plays the last run" {
	for s in article blocked starve offload; do
		"$POOLVIZ" --scenario "$s" --calls 2 --pool 2 --iterations 1000 --html "$tmp/$s.html" >/dev/null
		[ "$(grep -c '^<svg ' "$tmp/$s.html")" -eq 1 ]
		[ "$(page_json "$tmp/$s.html" | jq -r .config.scenario)" = "$s" ]
	done
	"$POOLVIZ" --work scrypt --scrypt-n 16 --calls 2 --html "$tmp/scrypt.html" >/dev/null
	[ "$(page_json "$tmp/scrypt.html" | jq -r .config.work)" = scrypt ]
	"$POOLVIZ" --work deflate --size 1000 --calls 2 --html "$tmp/deflate.html" >/dev/null
	[ "$(page_json "$tmp/deflate.html" | jq -r .config.work)" = deflate ]
	"$POOLVIZ" --calls 2 --pool 2 --iterations 1000 --repeat 2 --html "$tmp/r.html" >/dev/null
	grep -q '^poolviz: 2 calls, pool 2, .*, run 2 of 2, the last$' "$tmp/r.html"
	[ "$(page_json "$tmp/r.html" | jq 'has("runs")')" = false ]
}

@test "sizes: the article's page under 200 KB, 10,000 units under 2 MB" {
	"$POOLVIZ" --iterations 20000 --html "$tmp/article.html" >/dev/null
	"$POOLVIZ" --calls 10000 --iterations 1 --keylen 16 --no-sync --format json \
	    --html "$tmp/many.html" >"$tmp/many.json"
	a=$(wc -c <"$tmp/article.html")
	m=$(wc -c <"$tmp/many.html")
	echo "# article: $a bytes; 10,000 units: $m bytes" >&3
	[ "$a" -lt 204800 ]
	[ "$m" -lt 2097152 ]
	[ "$(page_json "$tmp/many.html" | jq '.tasks | length')" -eq 10000 ]
	# The bars thinner than a pixel are drawn as shades: few rectangles.
	[ "$(grep -c '<rect' "$tmp/many.html")" -lt 2000 ]
	grep -q 'fill-opacity=' "$tmp/many.html"
}
