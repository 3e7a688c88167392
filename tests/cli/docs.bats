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
