#!/usr/bin/env bats
# docs.bats: the README, docs/*.md, --help and the man page agree with what
# poolviz does: options, JSON fields, links and sample outputs.

load helper

root="$BATS_TEST_DIRNAME/../.."

# The JSON documents and CSV headers the field tests read, made once: a
# baseline; a repeat with checks, a baseline and retries; every scenario;
# --hash-ms and --print-key; scrypt and deflate; a --repeat a signal stopped
# (interrupted, partial, cancelled); sweeps of each kind of work; the doctor;
# the dns scenario's JSON and CSV.
# shellcheck disable=SC2154 # start_bg (helper.bash) sets bg_pid and bg_out
setup_file() {
	d="$BATS_FILE_TMPDIR"
	p=(--calls 2 --pool 2 --iterations 2000)
	POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quota-1" \
	    "$POOLVIZ" "${p[@]}" --save-baseline "$d/b.json" >/dev/null
	POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quota-1" \
	    "$POOLVIZ" "${p[@]}" --repeat 2 --check --baseline "$d/b.json" --retries 1 \
	    --format json >"$d/r.json" 2>/dev/null || true
	"$POOLVIZ" "${p[@]}" --scenario blocked --format json >"$d/bl.json"
	"$POOLVIZ" "${p[@]}" --scenario offload --print-key --format json >"$d/o.json"
	"$POOLVIZ" "${p[@]}" --scenario starve --format json >"$d/s.json"
	"$POOLVIZ" --scenario dns --calls 4 --pool 2 --format json >"$d/dns.json"
	"$POOLVIZ" --hash-ms 20 --calls 1 --pool 1 --format json >"$d/h.json" 2>/dev/null
	"$POOLVIZ" --work scrypt --scrypt-n 16 --calls 1 --format json >"$d/sc.json"
	"$POOLVIZ" --work deflate --size 1000 --calls 1 --format json >"$d/df.json"
	# A set the retry budget cut: budget_cut.
	"$POOLVIZ" --calls 2 --pool 2 --hash-ms 200 --repeat 10 --check --tolerance 1000 \
	    --retries 2 --retry-budget 1 --format json >"$d/bc.json" 2>/dev/null || true
	# One call: runnable_workers is not judged, with its reason.
	"$POOLVIZ" --calls 1 --pool 2 --iterations 2000 --check --format json \
	    >"$d/nj.json" 2>/dev/null || true
	start_bg "$POOLVIZ" --no-sync --calls 4 --pool 1 --iterations 200000 \
	    --repeat 3 --format json
	wait_for_pool "$bg_pid"
	kill -TERM "$bg_pid"
	cat <&"$bg_out" >"$d/int.json"
	wait "$bg_pid" || true
	"$POOLVIZ" sweep --pool 1 --calls 1 --iterations 2000 --format json >"$d/sw.json"
	"$POOLVIZ" sweep --pool 1 --calls 1 --work scrypt --scrypt-n 16 --format json >"$d/sw2.json"
	"$POOLVIZ" sweep --pool 1 --calls 1 --work deflate --size 1000 --format json >"$d/sw3.json"
	UV_THREADPOOL_SIZE=8abc POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quota-1" \
	    "$POOLVIZ" doctor --format json >"$d/doc.json"
	"$POOLVIZ" "${p[@]}" --format csv | head -n 1 >"$d/csv"
	"$POOLVIZ" --scenario dns --calls 2 --pool 2 --format csv | head -n 1 >>"$d/csv"
	"$POOLVIZ" sweep --pool 1 --calls 1 --iterations 2000 --format csv | head -n 1 >>"$d/csv"
	"$POOLVIZ" sweep --scenario dns --pool 1 --calls 2 --format json >"$d/sw4.json"
	"$POOLVIZ" sweep --scenario dns --pool 1 --calls 2 --format csv | head -n 1 >>"$d/csv"
}

# written: every key of every document above, and every CSV column.
written() {
	{
		jq -r '[paths | .[] | strings] | unique[]' "$BATS_FILE_TMPDIR"/*.json
		tr ',' '\n' <"$BATS_FILE_TMPDIR/csv"
	} | sort -u
}

# documented: the names in the first column of docs/json.md's tables.
documented() {
	# shellcheck disable=SC2016 # backticks are Markdown here, not a command
	grep '^| `' "$root/docs/json.md" | awk -F '|' '{ print $2 }' |
	    grep -o '`[a-z_][a-z0-9_]*`' | tr -d '`' | sort -u
}

@test "README.md is at most 250 lines" {
	n=$(wc -l <"$root/README.md")
	echo "README.md: $n lines"
	[ "$n" -le 250 ]
}

@test "--help is at most 50 lines" {
	run "$POOLVIZ" --help
	[ "$status" -eq 0 ]
	# $lines leaves out empty lines: count them all.
	[ "$(printf '%s\n' "$output" | wc -l)" -le 50 ]
}

@test "sweep --help is at most 50 lines" {
	run "$POOLVIZ" sweep --help
	[ "$status" -eq 0 ]
	n=$(printf '%s\n' "$output" | wc -l)
	echo "sweep --help: $n lines"
	[ "$n" -le 50 ]
}

@test "the README's CI quick start is at most 20 lines" {
	n=$(sed -n '/^## CI quick start/,/^## /p' "$root/README.md" | sed '1d;$d' | wc -l)
	echo "CI quick start: $n lines"
	[ "$n" -ge 5 ]
	[ "$n" -le 20 ]
}

@test "every long option in --help and sweep --help is in poolviz.1" {
	missing=
	for cmd in "" sweep; do
		run "$POOLVIZ" $cmd --help
		[ "$status" -eq 0 ]
		opts=$(printf '%s\n' "$output" | grep -o -- '--[a-z][a-z-]*' | sort -u)
		[ "$(printf '%s\n' "$opts" | wc -l)" -ge 8 ]
		for o in $opts; do
			# mdoc writes --no-sync as "Fl \-no\-sync".
			src="Fl $(printf '%s' "${o#-}" | sed 's/-/\\-/g')"
			grep -qF -- "$src" "$root/poolviz.1" || missing="$missing $o"
		done
	done
	[ -z "$missing" ] || { echo "not in poolviz.1:$missing" >&2; false; }
}

@test "every long option in poolviz.1 is in README.md or docs/*.md" {
	opts=$(grep -o 'Fl \\-[a-z\\-]*' "$root/poolviz.1" | sed 's/^Fl \\-/--/; s/\\-/-/g' | sort -u)
	[ "$(printf '%s\n' "$opts" | wc -l)" -ge 30 ]
	missing=
	for o in $opts; do
		cat "$root/README.md" "$root"/docs/*.md | grep -qF -- "$o" || missing="$missing $o"
	done
	[ -z "$missing" ] || { echo "in no document:$missing" >&2; false; }
}

# Every field name a JSON document can carry, and every CSV column, is a
# contract: each is named in the first column of a table in docs/json.md.
@test "every JSON field and CSV column poolviz writes is in docs/json.md" {
	keys=$(written)
	[ "$(printf '%s\n' "$keys" | wc -l)" -ge 80 ]
	doc=$(documented)
	[ "$(printf '%s\n' "$doc" | wc -l)" -ge 80 ]
	missing=$(comm -23 <(printf '%s\n' "$keys") <(printf '%s\n' "$doc") | tr '\n' ' ')
	[ -z "$missing" ] || { echo "not in docs/json.md: $missing" >&2; false; }
}

# And back: a field the tables name must be one some run writes. Only a
# probe's `error` is left out: it needs a probe to fail after the run's own
# check of free descriptors passed (hardening.bats tests the failure).
@test "every field docs/json.md documents is written by some run" {
	doc=$(documented)
	unwritten=$(comm -13 <(written) <(printf '%s\n' "$doc") | grep -vx error | tr '\n' ' ' || true)
	[ -z "$unwritten" ] || { echo "documented, never written: $unwritten" >&2; false; }
}

# The interrupted run above must really have been interrupted, or the
# reverse test would pass for the wrong reason.
@test "the field runs include an interrupted --repeat" {
	jq -e '.interrupted == true and .partial == true' "$BATS_FILE_TMPDIR/int.json"
}

# A relative link names a file of the tree, and its #anchor a heading of
# that file, as GitHub spells it: lower case, punctuation dropped, spaces
# to hyphens.
@test "every relative link in README.md and docs/*.md resolves" {
	bad=
	n=0
	for f in "$root/README.md" "$root"/docs/*.md; do
		dir=$(dirname "$f")
		# shellcheck disable=SC2013 # a link holds no space
		for link in $(grep -o '\]([^)]*)' "$f" | sed 's/^](//; s/)$//'); do
			case $link in
			http://* | https://* | mailto:*) continue ;;
			esac
			n=$((n + 1))
			path=${link%%#*}
			anchor=
			[ "$path" = "$link" ] || anchor=${link#*#}
			target=$f
			[ -z "$path" ] || target="$dir/$path"
			if [ ! -e "$target" ]; then
				bad="$bad ${f#"$root"/}:$link"
				continue
			fi
			[ -n "$anchor" ] || continue
			grep '^#' "$target" | sed 's/^#* *//' | tr '[:upper:]' '[:lower:]' |
			    sed 's/[^a-z0-9 _-]//g; s/ /-/g' | grep -qx -- "$anchor" ||
			    bad="$bad ${f#"$root"/}:$link(anchor)"
		done
	done
	echo "$n relative links"
	[ "$n" -ge 20 ]
	[ -z "$bad" ] || { echo "broken:$bad" >&2; false; }
}

# The samples are written by scripts/docs.sh (make docs); each is run again
# here and compared by shape: its command, its first line with numbers
# blanked, and the kinds of lines it holds.
@test "every sample output in the documents has the shape of a fresh run" {
	run env POOLVIZ="$POOLVIZ" sh "$root/scripts/docs.sh" check
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"differ"* ]]
	n=$(printf '%s\n' "$output" | sed -n 's/^docs.sh: \([0-9]*\) samples.*/\1/p')
	[ "$n" -ge 8 ]
}

@test "the article's sample starts as the article does" {
	block=$(sed -n '/^<!-- sample: article -->/,/^<!-- \/sample -->/p' "$root/README.md")
	[ "$(printf '%s\n' "$block" | sed -n 3p)" = '$ ./poolviz' ]
	[ "$(printf '%s\n' "$block" | sed -n 4p)" = 'Start Synchronous Hash: 0ms' ]
	[ "$(printf '%s\n' "$block" | grep -c '^Async Hash [1-4] Done: [0-9]*ms$')" -eq 4 ]
}

# A check of the check: a sample edited by hand is caught.
@test "scripts/docs.sh check finds a sample edited by hand" {
	tmp="$BATS_TEST_TMPDIR/tree"
	mkdir -p "$tmp/scripts" "$tmp/docs"
	cp "$root/scripts/docs.sh" "$tmp/scripts/"
	sed '/^<!-- sample: article -->/,/^<!-- \/sample -->/s/^End Synchronous Hash/Ended Synchronous Hash/' \
	    "$root/README.md" >"$tmp/README.md"
	run env POOLVIZ="$POOLVIZ" sh "$tmp/scripts/docs.sh" check
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"sample 'article': its kinds of lines differ"* ]]
}

@test "the README gives the two commands and CI runs the second" {
	grep -q '^make run' "$root/README.md"
	grep -q '^make test' "$root/README.md"
	grep -q 'make test' "$root/.ci/run"
}

@test "the README's lesson gives its five commands in order" {
	lesson=$(sed -n '/^## A lesson in five commands/,/^## /p' "$root/README.md")
	# shellcheck disable=SC2016 # backticks are Markdown here, not a command
	got=$(printf '%s\n' "$lesson" | grep -o '^[1-5]\. `./poolviz[^`]*`' | cut -c1-2 | tr -d '\n')
	[ "$got" = "1.2.3.4.5." ]
	printf '%s\n' "$lesson" | grep -q -- '--scenario blocked --live'
	printf '%s\n' "$lesson" | grep -q -- '--scenario offload --live'
	printf '%s\n' "$lesson" | grep -q -- '--scenario starve'
	printf '%s\n' "$lesson" | grep -q -- '--pool 1 --timeline'
	printf '%s\n' "$lesson" | grep -q '80x24'
}

@test "make install honours PREFIX and DESTDIR, and uninstall undoes it" {
	dest=$(mktemp -d)
	run make -s -C "$root" install DESTDIR="$dest" PREFIX=/opt/pv
	[ "$status" -eq 0 ]
	[ -x "$dest/opt/pv/bin/poolviz" ]
	[ -f "$dest/opt/pv/share/man/man1/poolviz.1" ]
	run "$dest/opt/pv/bin/poolviz" --version
	[ "$status" -eq 0 ]
	run make -s -C "$root" uninstall DESTDIR="$dest" PREFIX=/opt/pv
	[ "$status" -eq 0 ]
	[ ! -e "$dest/opt/pv/bin/poolviz" ]
	[ ! -e "$dest/opt/pv/share/man/man1/poolviz.1" ]
	rm -rf "$dest"
}
