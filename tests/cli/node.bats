#!/usr/bin/env bats
# node.bats: poolviz against Node running the same experiment (scripts/article.mjs).
#
# Only shapes, orders and keys are compared, never times. Tests that need
# node skip when it is absent. POOLVIZ names the binary under test.

setup() {
	ROOT="$BATS_TEST_DIRNAME/../.."
	POOLVIZ=${POOLVIZ:-"$ROOT/poolviz"}
	NODE=${NODE:-node}
	ARTICLE="$ROOT/scripts/article.mjs"
}

need_node() {
	command -v "$NODE" >/dev/null 2>&1 || skip "node is not installed (NODE=$NODE)"
}

# Both programs on the same experiment, their stdout in $BATS_TEST_TMPDIR.
run_both() {
	"$POOLVIZ" --pool 4 "$@" >"$BATS_TEST_TMPDIR/pv.out"
	UV_THREADPOOL_SIZE=4 "$NODE" "$ARTICLE" "$@" >"$BATS_TEST_TMPDIR/node.out"
}

# The lines with every time blanked; those before the first Done line keep
# their order, the Done lines (and Key lines) after them are sorted, since
# the pool finishes hashes in any order.
shape() {
	sed -E 's/: [0-9]+ms$/: Nms/' "$1" >"$1.blank"
	awk '/^Async Hash / { exit } { print }' "$1.blank"
	awk 'f || /^Async Hash / { f = 1; print }' "$1.blank" | LC_ALL=C sort
}

# Fail unless the two files have the same lines, showing both if not.
same_lines() {
	if ! cmp -s "$1" "$2"; then
		diff -u "$1" "$2" >&2 || true
		return 1
	fi
}

# The times in the order printed never go down.
times_never_go_back() {
	sed -nE 's/.*: ([0-9]+)ms$/\1/p' "$1" |
		awk 'NR > 1 && $1 < prev { bad = 1 } { prev = $1 } END { exit bad }'
}

# Same experiment with --print-key: identical Key lines, one per hash, of
# 2 * keylen hex digits.
same_keys() {
	local keylen=$1 calls=2
	shift
	run_both --calls "$calls" --iterations 1000 --keylen "$keylen" --print-key "$@"
	grep '^Key: ' "$BATS_TEST_TMPDIR/pv.out" >"$BATS_TEST_TMPDIR/pv.keys"
	grep '^Key: ' "$BATS_TEST_TMPDIR/node.out" >"$BATS_TEST_TMPDIR/node.keys"
	same_lines "$BATS_TEST_TMPDIR/pv.keys" "$BATS_TEST_TMPDIR/node.keys"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/pv.keys")" -eq $((calls + 1)) ]
	[ "$(sort -u "$BATS_TEST_TMPDIR/pv.keys" | wc -l)" -eq 1 ]
	grep -qE "^Key: [0-9a-f]{$((2 * keylen))}\$" "$BATS_TEST_TMPDIR/pv.keys"
	shape "$BATS_TEST_TMPDIR/pv.out" >"$BATS_TEST_TMPDIR/pv.shape"
	shape "$BATS_TEST_TMPDIR/node.out" >"$BATS_TEST_TMPDIR/node.shape"
	same_lines "$BATS_TEST_TMPDIR/pv.shape" "$BATS_TEST_TMPDIR/node.shape"
}

@test "node: same lines as poolviz once times are blanked and Done lines sorted" {
	need_node
	run_both --calls 4 --iterations 2000
	shape "$BATS_TEST_TMPDIR/pv.out" >"$BATS_TEST_TMPDIR/pv.shape"
	shape "$BATS_TEST_TMPDIR/node.out" >"$BATS_TEST_TMPDIR/node.shape"
	same_lines "$BATS_TEST_TMPDIR/pv.shape" "$BATS_TEST_TMPDIR/node.shape"
	# and that shape is the article's: three lines, then hashes 1 to 4
	printf '%s\n' 'Start Synchronous Hash: Nms' 'End Synchronous Hash: Nms' \
		'Scheduled all async tasks: Nms' 'Async Hash 1 Done: Nms' \
		'Async Hash 2 Done: Nms' 'Async Hash 3 Done: Nms' \
		'Async Hash 4 Done: Nms' >"$BATS_TEST_TMPDIR/want"
	same_lines "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/node.shape"
}

@test "node: same lines as poolviz with --no-sync and with --calls 0" {
	need_node
	run_both --calls 3 --iterations 2000 --no-sync
	shape "$BATS_TEST_TMPDIR/pv.out" >"$BATS_TEST_TMPDIR/pv.shape"
	shape "$BATS_TEST_TMPDIR/node.out" >"$BATS_TEST_TMPDIR/node.shape"
	same_lines "$BATS_TEST_TMPDIR/pv.shape" "$BATS_TEST_TMPDIR/node.shape"
	[ "$(head -n 1 "$BATS_TEST_TMPDIR/node.shape")" = 'Scheduled all async tasks: Nms' ]

	run_both --calls 0 --iterations 2000
	shape "$BATS_TEST_TMPDIR/pv.out" >"$BATS_TEST_TMPDIR/pv.shape"
	shape "$BATS_TEST_TMPDIR/node.out" >"$BATS_TEST_TMPDIR/node.shape"
	same_lines "$BATS_TEST_TMPDIR/pv.shape" "$BATS_TEST_TMPDIR/node.shape"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/node.shape")" -eq 3 ]
}

@test "node: times never go back in either output" {
	need_node
	run_both --calls 6 --iterations 3000
	times_never_go_back "$BATS_TEST_TMPDIR/pv.out"
	times_never_go_back "$BATS_TEST_TMPDIR/node.out"
}

@test "node: same keys with sha1, keylen 20, and RFC 6070's answer" {
	need_node
	same_keys 20 --digest sha1
	# RFC 6070, 2 iterations: both must print it
	run_both --calls 1 --iterations 2 --keylen 20 --digest sha1 --print-key
	grep -qx 'Key: ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957' "$BATS_TEST_TMPDIR/pv.out"
	grep -qx 'Key: ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957' "$BATS_TEST_TMPDIR/node.out"
}

@test "node: same keys with sha256, keylen 1" {
	need_node
	same_keys 1 --digest sha256
}

@test "node: same keys with sha512, keylen 64 and 512" {
	need_node
	same_keys 64 --digest sha512
	same_keys 512 --digest sha512
}

@test "node: same keys with sha3-256, keylen 512" {
	need_node
	same_keys 512 --digest sha3-256
}

@test "node: same keys with an empty password, and with an empty salt" {
	need_node
	same_keys 20 --digest sha256 --password ''
	same_keys 64 --digest sha512 --salt ''
	same_keys 20 --digest sha1 --password '' --salt ''
}

@test "article.mjs: a bad flag is one line on stderr and exit 2" {
	need_node
	for args in '--calls x' '--calls' '--frobnicate' '--pool 4' '--digest nope' \
		'--keylen 0' 'stray'; do
		# shellcheck disable=SC2086
		run "$NODE" "$ARTICLE" $args
		[ "$status" -eq 2 ] || { echo "$args: status $status" >&2; return 1; }
		[ "${#lines[@]}" -eq 1 ] || { echo "$args: ${#lines[@]} lines" >&2; return 1; }
		[[ "${lines[0]}" == article.mjs:* ]]
	done
}

@test "compare-node.sh: prints both outputs and a table of medians" {
	need_node
	run env COMPARE_ROUNDS=2 POOLVIZ="$POOLVIZ" "$ROOT/scripts/compare-node.sh" \
		--calls 2 --pool 2 --iterations 2000
	[ "$status" -eq 0 ]
	[[ "$output" == *'Async Hash 2 Done'* ]]
	for row in 'blocking hash ms' 'makespan ms' 'wall ms' 'peak RSS MiB'; do
		printf '%s\n' "${lines[@]}" | grep -qE "^$row +([0-9.]+|n/a) +([0-9.]+|n/a) +([0-9.]+|n/a)\$" ||
			{ echo "no row: $row" >&2; return 1; }
	done
}

@test "compare-node.sh: refuses an option it cannot translate, exit 2" {
	run env POOLVIZ="$POOLVIZ" "$ROOT/scripts/compare-node.sh" --format json
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == *--format* ]]
}

@test "compare-node.sh: without node, one line and exit 0" {
	run env NODE=/nonexistent/node POOLVIZ="$POOLVIZ" "$ROOT/scripts/compare-node.sh" --calls 1
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == *node* ]]
}
