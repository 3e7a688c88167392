#!/usr/bin/env bats
# lint.bats: scripts/lint-bats.sh finds the lines that cannot fail a test,
# and passes the project's own test files; and a poll run untraced
# (helper.bash) still fails its test, reported where it was called.

load helper

root=$BATS_TEST_DIRNAME/../..
lint=$root/scripts/lint-bats.sh

setup() {
	tmp=$(mktemp -d)
	export LINT_BATS_SHELLCHECK=0
}

teardown() {
	explain_failure
	rm -rf "$tmp"
}

# fixture NAME: stdin to $tmp/NAME, each "%test" made "@test" (bats would
# take an "@test" in this file's here-documents for a test of its own) and
# "%run" made "run" (the lint would take it for this file's own).
fixture() {
	sed -e 's/^%test /@test /' -e 's/%run /run /' >"$tmp/$1"
}

@test "lint-bats: a ! line and a mid-test A && B line are refused, with FILE:LINE" {
	fixture bad.bats <<-'BATS'
	%test "negation cannot fail" {
		! true
		true
	}

	%test "mid-test && cannot fail" {
		[ 1 -eq 2 ] && [ -z "" ]
		true
	}
	BATS
	run "$lint" "$tmp/bad.bats"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == "$tmp/bad.bats:2: a command that begins with !"* ]]
	[[ "${lines[1]}" == "$tmp/bad.bats:7: A && B before the last command"* ]]
}

@test "lint-bats: && inside a body's compound commands, loops and helpers is refused" {
	fixture nested.bats <<-'BATS'
	helper() {
		[ -n "$1" ] && [ -n "$2" ]
		true
	}

	%test "in a loop" {
		for x in 1 2; do
			[ "$x" -gt 0 ] && [ "$x" -lt 3 ]
		done
	}

	%test "a one-liner" { [ 1 -eq 2 ] && [ -z "" ]; true; }

	%test "in an if's body, and a ! after ||" {
		if true; then
			[ 1 -eq 1 ] && true
		fi
		false || ! true
		true
	}
	BATS
	run "$lint" "$tmp/nested.bats"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 5 ]
	[[ "${lines[0]}" == "$tmp/nested.bats:2: A && B"* ]]
	[[ "${lines[1]}" == "$tmp/nested.bats:8: A && B"* ]]
	[[ "${lines[2]}" == "$tmp/nested.bats:12: A && B"* ]]
	[[ "${lines[3]}" == "$tmp/nested.bats:16: A && B"* ]]
	[[ "${lines[4]}" == "$tmp/nested.bats:18: a command that begins with !"* ]]
}

@test "lint-bats: && and ! that are no list, and lists that can fail, pass" {
	fixture good.bats <<-'BATS'
	%test "what can fail" {
		run ! true
		[[ "$output" == *a* && "$output" != *b* ]]
		run sh -c 'true && true'
		run bash -c "cd /tmp && ls"
		x=$(true && echo y)
		(( 1 && 1 ))
		echo "a && b" '! c'
		[ -z "" ] || { echo "not empty"; false; }
		[ 1 -eq 1 ] && [ 2 -eq 2 ] || return 1
		# a comment: [ 1 -eq 2 ] && true
		if [ 1 -eq 1 ] && ! false; then
			true
		elif [ 2 -eq 2 ] && true; then
			true
		fi
		while ! true && false; do :; done
		awk 'BEGIN { exit !(1 && 2 &&
		    3) }'
		case x in x) true ;; *) false ;; esac
		[ 1 -eq 1 ] && [ 2 -eq 2 ]
	}
	ge() { awk -v a="$1" 'BEGIN { exit !(a && 1) }'; }
	BATS
	run "$lint" "$tmp/good.bats"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "lint-bats: run wait, whose subshell cannot wait for the test's child, is refused" {
	fixture wait.bats <<-'BATS'
	%test "wait in run's subshell" {
		sleep 0 &
		%run wait "$!"
		%run -143 wait "$!"
		wait "$!" || status=$?
		[ "$status" -eq 0 ]
	}
	BATS
	run "$lint" "$tmp/wait.bats"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == "$tmp/wait.bats:3:"*"run wait: write wait PID"* ]]
	[[ "${lines[1]}" == "$tmp/wait.bats:4:"*"run wait: write wait PID"* ]]
}

@test "lint-bats: the project's tests/cli files pass, layout.bats and helper.bash included" {
	unset LINT_BATS_SHELLCHECK
	run "$lint"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "untraced: a poll runs without bats's trap, keeps its status and variables, and the trap comes back" {
	fixture poll.bats <<-BATS
	load $BATS_TEST_DIRNAME/helper
	poll() { local i; inside=\$(trap -p DEBUG); for ((i = 0; i < 20000; i++)); do got=\$i; done; return "\${1:-0}"; }
	%test "a poll that holds" {
		untraced poll
		[ "\$got" -eq 19999 ]
		[ -z "\$inside" ]
		[ -n "\$(trap -p DEBUG)" ]
	}
	%test "a poll that fails" {
		true
		untraced poll 3
	}
	%test "a failure after a poll" {
		untraced poll
		[ 1 -eq 2 ]
	}
	BATS
	run bats --tap "$tmp/poll.bats"
	[ "$status" -eq 1 ]
	[ "${lines[1]}" = "ok 1 a poll that holds" ]
	[ "${lines[2]}" = "not ok 2 a poll that fails" ]
	# Each failure at its test's own line: the call of the poll, and the
	# assertion after one.
	[[ "$output" == *"/poll.bats, line 11)"*"\`untraced poll 3' failed with status 3"* ]]
	[[ "$output" == *"not ok 3 a failure after a poll"*"/poll.bats, line 15)"* ]]
}
