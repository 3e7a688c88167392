#!/usr/bin/env bats
# tables.bats: adding a work is one file in src/work/, one row in work.c's
# table and the docs. The work's options and names come from its row, so
# nothing else under src/ spells them: options.c, the sweep, --help and the
# usage errors read the rows.

bats_require_minimum_version 1.5.0

load helper

src="$BATS_TEST_DIRNAME/../../src"

# The works other than pbkdf2, as their rows name them (.name = "scrypt").
# pbkdf2 is the article's default: a baseline without a work is pbkdf2's,
# and its parameters are fields of the JSON schemas, so the record, the
# baseline and the sweep's documents name it and its options by design.
other_works() {
	grep -h '^	\.name = "' "$src"/work/*.c | sed 's/.*"\(.*\)".*/\1/' |
	    grep -vx pbkdf2
}

# The options those works declare in their rows ({ "--scrypt-n", ...).
other_options() {
	for w in $(other_works); do
		grep -l "^	\.name = \"$w\"" "$src"/work/*.c
	done | xargs grep -ho '^	{ "--[a-z0-9-]*"' | sed 's/.*"--\(.*\)"/\1/'
}

# Lines under src/ but outside src/work/ that match any of the patterns.
outside_work() {
	grep -rn "$@" "$src" --include='*.c' --include='*.h' |
	    grep -v "^$src/work/" || true
}

@test "tables: the rows declare the works and options this test looks for" {
	run other_works
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | wc -l)" -ge 2 ]
	echo "$output" | grep -qx scrypt
	echo "$output" | grep -qx deflate
	run other_options
	[ "$status" -eq 0 ]
	echo "$output" | grep -qx scrypt-n
	echo "$output" | grep -qx size
	echo "$output" | grep -qx level
}

@test "tables: a work's options are spelled only under src/work/" {
	for o in $(other_options); do
		# As an option (--size, --size=) or a getopt row ("size", ...).
		run outside_work -e "--$o\\b" -e "\"$o\","
		# The doctor's pool.size (issue 23's contract) is the pool's, not deflate's.
		hits=$(printf '%s\n' "$output" | grep -v 'doctor/render_doctor.c:.*"size", json_integer(r->pool.size)' || true)
		[ -z "$hits" ] || { echo "--$o outside src/work/:"; echo "$hits"; return 1; }
	done
}

@test "tables: a work's name is spelled only under src/work/" {
	for w in $(other_works); do
		run outside_work -w "$w"
		[ -z "$output" ] || { echo "$w outside src/work/:"; echo "$output"; return 1; }
	done
}

@test "tables: --help and sweep --help list every work and its options" {
	run "$POOLVIZ" --help
	[ "$status" -eq 0 ]
	help="$output"
	run "$POOLVIZ" sweep --help
	[ "$status" -eq 0 ]
	sweep_help="$output"
	for w in $(other_works); do
		echo "$help" | grep -q -- "--work pbkdf2|.*$w"
		echo "$sweep_help" | grep -q -- "--work W .*$w"
	done
	for o in $(other_options); do
		echo "$help" | grep -q -- "^      --$o "
		echo "$sweep_help" | grep -q -- "--$o "
	done
}

@test "tables: an unknown work's error lists the table's works" {
	run "$POOLVIZ" --work nosuch
	[ "$status" -eq 2 ]
	echo "$output" | grep -qF "poolviz: --work 'nosuch': unknown work (expected pbkdf2, scrypt or deflate)"
	run "$POOLVIZ" sweep --work nosuch
	[ "$status" -eq 2 ]
	echo "$output" | grep -qF "poolviz: --work 'nosuch': unknown work (expected pbkdf2, scrypt or deflate)"
}

@test "tables: every file output's option takes no option as its file name" {
	for o in --svg --trace --junit --save-baseline; do
		run "$POOLVIZ" "$o" --check
		[ "$status" -eq 2 ]
		echo "$output" | grep -qF -- "$o: missing value ('--check' is an option, not a file name; to mean it, write $o=./--check)"
	done
}
