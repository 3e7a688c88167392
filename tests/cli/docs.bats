#!/usr/bin/env bats
# docs.bats: --help, the man page and the README name the same options.

load helper

root="$BATS_TEST_DIRNAME/../.."

@test "every long option in --help is in poolviz.1 and README.md" {
	run "$POOLVIZ" --help
	[ "$status" -eq 0 ]
	opts=$(printf '%s\n' "$output" | grep -o -- '--[a-z][a-z-]*' | sort -u)
	[ "$(printf '%s\n' "$opts" | wc -l)" -ge 20 ]
	missing=
	for o in $opts; do
		# mdoc writes --no-sync as "Fl \-no\-sync".
		src="Fl $(printf '%s' "${o#-}" | sed 's/-/\\-/g')"
		grep -qF -- "$src" "$root/poolviz.1" || missing="$missing $o(man)"
		grep -qF -- "$o" "$root/README.md" || missing="$missing $o(README)"
	done
	[ -z "$missing" ] || { echo "missing:$missing" >&2; false; }
}

# Every field name a JSON document can carry is a contract: each one is
# named in README.md's JSON table (as `name`), down to the objects' members.
@test "every JSON field name poolviz writes is in README.md" {
	tmp=$(mktemp -d)
	export POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quota-1"
	"$POOLVIZ" --calls 2 --pool 2 --iterations 2000 --save-baseline "$tmp/b.json" >/dev/null
	docs=("$tmp/b.json")
	"$POOLVIZ" --calls 2 --pool 2 --iterations 2000 --repeat 2 --check \
	    --baseline "$tmp/b.json" --retries 1 --format json >"$tmp/r.json" 2>/dev/null || true
	"$POOLVIZ" --scenario offload --calls 2 --pool 2 --iterations 2000 --format json >"$tmp/o.json"
	"$POOLVIZ" --scenario starve --calls 2 --pool 2 --iterations 2000 --format json >"$tmp/s.json"
	"$POOLVIZ" --hash-ms 20 --calls 1 --pool 1 --format json >"$tmp/h.json" 2>/dev/null
	docs+=("$tmp/r.json" "$tmp/o.json" "$tmp/s.json" "$tmp/h.json")
	keys=$(jq -r '[paths | .[] | strings] | unique[]' "${docs[@]}" | sort -u)
	rm -rf "$tmp"
	[ "$(printf '%s\n' "$keys" | wc -l)" -ge 40 ]
	# The JSON table's rows: a name as `name`, or in a {a, b} list there.
	table=$(sed -n '/^### JSON and CSV/,/^`--format csv`/p' "$root/README.md" | grep '^| ')
	[ "$(printf '%s\n' "$table" | wc -l)" -ge 20 ]
	missing=
	for k in $keys; do
		printf '%s\n' "$table" | grep -qF -- "\`$k\`" ||
		    printf '%s\n' "$table" | grep -qE -- "[{,] ?\"?$k\"?[,}:]|[ (\`]$k: " ||
		    missing="$missing $k"
	done
	[ -z "$missing" ] || { echo "not in README.md:$missing" >&2; false; }
}

@test "the README gives the two commands and CI runs the second" {
	grep -q '^make run' "$root/README.md"
	grep -q '^make test' "$root/README.md"
	grep -q 'make test' "$root/.ci/run"
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
