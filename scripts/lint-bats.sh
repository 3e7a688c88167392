#!/bin/sh
# lint-bats.sh: reject test lines that can never fail a test.
#
# Under bats, bash's errexit ignores a command that begins with `!` and
# every command of an `A && B` list but the last, so such a line fails a
# test only as the test's last command. This check reads every @test body
# and every function body (setup, teardown, helpers) and prints FILE:LINE
# for
#   - a command that begins with `!`: write `run ! CMD` (with
#     bats_require_minimum_version 1.5.0), or test the output apart;
#   - an `A && B` list that is not its body's last command: write the
#     checks apart, or an `if` where B is an action taken when A holds;
#   - `run wait PID`, which waits in a subshell that is not PID's parent:
#     write `wait PID || status=$?`.
# It parses as much shell as that needs: `&&` inside quotes, $(...),
# [[ ... ]], (( ... )), ${...} or a case pattern joins no list; the
# conditions of if, elif, while and until may use `!` and `&&`; a list
# whose last operator is `||` can fail (`A && B || return 1`); any list
# inside if, a loop, case, { } or ( ) is checked as a middle one.
# Then, where shellcheck is installed (and LINT_BATS_SHELLCHECK is not 0),
# it runs shellcheck, --shell=bats on .bats files, at the severity
# LINT_BATS_SEVERITY (default error: SC2314 and SC2315 are the `!` lines;
# warning lists the style warnings too).
#
# usage: scripts/lint-bats.sh [FILE...]   (default: tests/cli/*.bats and
#        tests/cli/*.bash, from the repository root). Exit 0 when clean,
#        1 on a finding, 2 on a body it cannot parse.
set -u
if [ "$#" -eq 0 ]; then
	cd "$(dirname "$0")/.." || exit 2
	set -- tests/cli/*.bats tests/cli/*.bash
fi

rc=0
awk -v Q="'" '
function report(where, what) { print where ": " what; bad = 1 }
function push(c) { cs[++n] = c }
function pop() { if (n > 0) n-- }
# A list (pipelines joined by && or ||) begins: any command after a
# pending "A && B" makes that one not its body'"'"'s last.
function begin_list(cond) {
	if (lhas) return
	if (pending != "") { report(pending, MSG_AND); pending = "" }
	lhas = 1; lcond = cond || ccond[cd]; land = 0; lastop = ""
	lwhere = FILENAME ":" FNR
}
function end_list() {
	if (lhas && !lcond && land && lastop == "&&") {
		if (cd == 0) pending = lwhere
		else report(lwhere, MSG_AND)
	}
	lhas = 0; lcond = 0; land = 0; lastop = ""
}
# A compound command opens inside the current list: keep that list.
function open_comp(t,   incond) {
	begin_list(0)
	incond = lcond
	cd++; comp[cd] = t; cstate[cd] = ""; ccond[cd] = incond
	shas[cd] = lhas; scond[cd] = lcond; sand[cd] = land
	sop[cd] = lastop; swhere[cd] = lwhere
	lhas = 0; lcond = 0; land = 0; lastop = ""
	if (t == "if" || t == "loop") begin_list(1)
}
function close_comp() {
	end_list()
	if (cd == 0) return
	lhas = shas[cd]; lcond = scond[cd]; land = sand[cd]
	lastop = sop[cd]; lwhere = swhere[cd]
	cd--; cmdpos = 0
}
function end_body() {
	end_list()
	pending = ""	# the last command of a body can fail it
	inbody = 0
}
# wordat(s, i): the shell word that starts at i, up to a metacharacter.
function wordat(s, i,   r) {
	r = substr(s, i)
	if (match(r, /^[^[:space:];&|()<>]+/)) return substr(r, 1, RLENGTH)
	return ""
}
function wordstart(s, i) {
	return i == 1 || substr(s, i - 1, 1) ~ /[[:space:];&|(]/
}
function kw(s, i, w,   nx) {
	if (substr(s, i, length(w)) != w) return 0
	nx = substr(s, i + length(w), 1)
	return nx == "" || nx ~ /[[:space:];&|()<>]/
}
function content() { if (n == 0) { begin_list(0); cmdpos = 0 } }
function scan(s, i,   len, c, c2, top, w, d) {
	len = length(s)
	cont = 0
	for (; i <= len; i++) {
		c = substr(s, i, 1); c2 = substr(s, i, 2)
		top = n ? cs[n] : ""
		if (top == Q) { if (c == Q) pop(); continue }
		if (top == "$" Q || top == "`") {
			if (c == "\\") i++
			else if (c == Q && top == "$" Q) pop()
			else if (c == "`" && top == "`") pop()
			continue
		}
		if (top == "\"" || top == "${") {
			if (c == "\\") { i++; continue }
			if (top == "\"" && c == "\"") { pop(); continue }
			if (top == "${" && c == "}") { pop(); continue }
			if (top == "${" && (c == Q || c == "\"")) { push(c); continue }
			if (substr(s, i, 3) == "$((") { push("$(("); i += 2; continue }
			if (c2 == "$(") { push("$("); i++; continue }
			if (c2 == "${") { push("${"); i++; continue }
			if (c == "`") push("`")
			continue
		}
		# code: the body itself (n == 0) or code inside $( ), [[ ]], (( ))
		if (c ~ /[[:space:]]/) continue
		if (n == 0 && c != "&" && c != "|") afterop = 0
		if (c == "\\") { if (i == len) cont = 1; else content(); i++; continue }
		if (c == "#" && wordstart(s, i)) break
		if (c2 == "$" Q) { content(); push("$" Q); i++; continue }
		if (c == Q || c == "\"" || c == "`") { content(); push(c); continue }
		if (substr(s, i, 3) == "$((") { content(); push("$(("); i += 2; continue }
		if (c2 == "$(" || c2 == "<(" || c2 == ">(") { content(); push("$("); i++; continue }
		if (c2 == "${") { content(); push("${"); i++; continue }
		if (n > 0) {
			if (c == "(") push("(")
			else if (c == ")") {
				if (top == "(" || top == "$(") pop()
				else if (substr(s, i + 1, 1) == ")") { pop(); i++ }
			} else if (top == "[[" && c2 == "]]") { pop(); i++ }
			continue
		}
		# the body'"'"'s own code
		if (cd > 0 && comp[cd] == "case" && cstate[cd] != "cmd") {
			w = wordat(s, i)
			if (cstate[cd] == "head") {
				if (w == "in") cstate[cd] = "pat"
				if (w != "") i += length(w) - 1
				continue
			}
			if (kw(s, i, "esac")) { i += 3; close_comp(); continue }
			d = index(substr(s, i), ")")	# a pattern, up to its ")"
			if (d == 0) { i = len; continue }
			i += d - 1; cstate[cd] = "cmd"; cmdpos = 1
			continue
		}
		if (cmdpos) {
			if (kw(s, i, "!")) {
				begin_list(0)
				if (!lcond) report(FILENAME ":" FNR, MSG_BANG)
				continue
			}
			if (kw(s, i, "if")) { open_comp("if"); i++; continue }
			if (kw(s, i, "while") || kw(s, i, "until") || kw(s, i, "for")) {
				w = wordat(s, i); open_comp("loop"); i += length(w) - 1; continue
			}
			if (kw(s, i, "elif")) { end_list(); begin_list(1); i += 3; continue }
			if (kw(s, i, "then") || kw(s, i, "else") || kw(s, i, "do")) {
				w = wordat(s, i); end_list(); i += length(w) - 1; continue
			}
			if (kw(s, i, "fi") || kw(s, i, "done")) {
				w = wordat(s, i); close_comp(); i += length(w) - 1; continue
			}
			if (kw(s, i, "esac") && cd > 0 && comp[cd] == "case") {
				i += 3; close_comp(); continue
			}
			if (kw(s, i, "case")) { open_comp("case"); cstate[cd] = "head"; i += 3; continue }
			if (kw(s, i, "{")) { open_comp("{"); continue }
			if (kw(s, i, "}")) {
				if (cd == 0) { end_body(); return }
				close_comp(); continue
			}
			if (kw(s, i, "[[")) { content(); push("[["); i++; continue }
			if (c2 == "((") { content(); push("(("); i++; continue }
			if (c == "(") { open_comp("("); continue }
		}
		if (c2 == "&&") { land = 1; lastop = "&&"; cmdpos = 1; afterop = 1; i++; continue }
		if (c2 == "||") { lastop = "||"; cmdpos = 1; afterop = 1; i++; continue }
		if (c2 == ";;" || c2 == ";&") {
			end_list(); i++
			if (substr(s, i + 1, 1) == "&") i++
			if (cd > 0 && comp[cd] == "case") cstate[cd] = "pat"
			cmdpos = 1; continue
		}
		if (c == "|") { cmdpos = 1; afterop = 1; continue }
		if (c == ";") { end_list(); cmdpos = 1; continue }
		if (c == "&") {
			if (c2 == "&>" || (i > 1 && substr(s, i - 1, 1) ~ /[<>]/)) continue
			end_list(); cmdpos = 1; continue
		}
		if (c == ")") {
			if (cd > 0 && comp[cd] == "(") close_comp()
			continue
		}
		if (c == "(") {
			if (i > 1 && substr(s, i - 1, 1) == "=") { content(); push("("); continue }
			if (substr(s, i + 1, 1) == ")") { i++; end_list(); cmdpos = 1; continue }
			content(); push("("); continue
		}
		if (substr(s, i, 3) == "<<<") { content(); i += 2; continue }
		if (c2 == "<<") {
			w = substr(s, i + 2); sub(/^-?[[:space:]]*/, "", w)
			w = wordat(w, 1); gsub("[\"" Q "\\\\]", "", w)
			if (w != "") heredoc = w
			i++; continue
		}
		content()
	}
}
BEGIN {
	MSG_BANG = "a command that begins with ! cannot fail the test (write run ! CMD)"
	MSG_AND = "A && B before the last command cannot fail the test (write the checks apart, or an if)"
	TEST_RE = "^@test[[:space:]]+(\"([^\"\\\\]|\\\\.)*\"|" Q "[^" Q "]*" Q ")[[:space:]]*\\{"
	FUNC_RE = "^(function[[:space:]]+)?[A-Za-z_][A-Za-z0-9_:-]*[[:space:]]*\\(\\)[[:space:]]*\\{"
	FUNC2_RE = "^function[[:space:]]+[A-Za-z_][A-Za-z0-9_:-]*[[:space:]]*\\{"
}
FNR == 1 {
	if (inbody) { report(prevfile, "a body does not end"); parse = 1 }
	inbody = 0; heredoc = ""; prevfile = FILENAME
}
heredoc != "" {
	t = $0; sub(/^\t*/, "", t)
	if (t == heredoc) heredoc = ""
	next
}
{
	first = 0
	if (!inbody) {
		if (!(match($0, TEST_RE) || match($0, FUNC_RE) || match($0, FUNC2_RE))) next
		inbody = 1; n = 0; cd = 0; cmdpos = 1; pending = ""; ccond[0] = 0
		lhas = 0; lcond = 0; land = 0; lastop = ""; afterop = 0
		scan($0, RLENGTH + 1)
	} else {
		if ($0 ~ /^@test/ && n == 0) { report(FILENAME ":" FNR, "a @test inside a body: cannot parse"); parse = 1 }
		scan($0, 1)
	}
	if (inbody && n == 0 && !cont && !afterop) { end_list(); cmdpos = 1 }
}
END {
	if (inbody) { report(prevfile, "a body does not end"); parse = 1 }
	exit parse ? 2 : bad ? 1 : 0
}
' "$@" || rc=$?

# `run wait PID`: run's subshell is not PID's parent, so wait there returns
# 127 or 255 when PID has not yet been reaped: a test that fails by chance.
found=$(grep -H -n -E \
    '(^|[;&|[:space:]])run[[:space:]]+(-[^[:space:]]+[[:space:]]+)*wait([[:space:]]|$)' "$@")
if [ -n "$found" ]; then
	printf '%s\n' "$found" | sed 's/$/   <- run wait: write wait PID || status=$?/'
	[ "$rc" -ne 0 ] || rc=1
fi

sev=${LINT_BATS_SEVERITY:-error}
if [ "${LINT_BATS_SHELLCHECK:-1}" != 0 ] && command -v shellcheck >/dev/null; then
	for f in "$@"; do
		case $f in
		*.bats) shellcheck --shell=bats --severity="$sev" --format=gcc "$f" ;;
		*) shellcheck --shell=bash --severity="$sev" --format=gcc "$f" ;;
		esac || { [ "$rc" -ne 0 ] || rc=1; }
	done
fi
exit "$rc"
