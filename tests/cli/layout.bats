#!/usr/bin/env bats
# layout.bats: the folders under src/ are the parts, and their dependencies
# point one way (README, "How it is built"). Each test names the include
# that crossed a boundary the wrong way.

load helper

src="$BATS_TEST_DIRNAME/../../src"

# includes DIR PATTERN: the lines in DIR's files that include PATTERN.
includes() {
	grep -nE "^#[[:space:]]*include[[:space:]]+[<\"]($2)" "$src/$1"/*.[ch] || true
}

@test "layout: every source file sits in a part's folder or is one of the CLI's" {
	run sh -c "cd '$src' && ls *.c *.h"
	[ "$status" -eq 0 ]
	for f in $output; do
		case "$f" in
		main.c|argv.[ch]|cli.[ch]|cmd_run.[ch]|delivery.[ch]|hooks.[ch]|measure.[ch]|options.[ch]|run_sink.[ch]|usage.[ch]) ;;
		*) echo "src/$f belongs in a folder"; return 1 ;;
		esac
	done
}

@test "layout: renderers include neither the experiment, the work, the sweep nor the CLI" {
	run includes render 'core/experiment|core/probes|work/|sweep/|options\.h|cli\.h|delivery\.h|run_sink\.h|sys/signals\.h'
	[ -z "$output" ] || { echo "$output"; return 1; }
}

@test "layout: core, work and report include no renderer, no top-level header and no signals" {
	for d in core work report; do
		run includes "$d" 'render/|sweep/|sys/signals\.h|[a-z_]+\.h"'
		[ -z "$output" ] || { echo "$d: $output"; return 1; }
	done
}

@test "layout: work includes nothing of core (the record includes the work's description)" {
	run includes work 'core/'
	[ -z "$output" ] || { echo "$output"; return 1; }
}

@test "layout: sys/ includes nothing of poolviz but sys/" {
	# System headers and libuv's come in <>; poolviz's own in "".
	run grep -nE '^#[[:space:]]*include[[:space:]]+"' "$src"/sys/*.[ch]
	hits=$(printf '%s\n' "$output" | grep -v 'include[[:space:]]*"sys/' || true)
	[ -z "$hits" ] || { echo "$hits"; return 1; }
}

@test "layout: core, work and report never print" {
	run grep -nE '\b(printf|puts|perror)\(|\bstdout\b|\bstderr\b' \
	    "$src"/core/*.[ch] "$src"/work/*.[ch] "$src"/report/*.[ch]
	[ "$status" -eq 1 ] || { echo "$output"; return 1; }
}

@test "layout: only the scenario table and its files name a scenario" {
	run grep -rnE 'SCENARIO_[A-Z]|"(article|blocked|starve|offload)"' "$src"
	# The table (core/scenario.[ch]) and one file per scenario may.
	hits=$(printf '%s\n' "$output" | grep -v '/core/scenario[_.a-z]*:' || true)
	[ -z "$hits" ] || { echo "$hits"; return 1; }
}

@test "layout: the checks above can fail (an include that crosses is found)" {
	d=$(mktemp -d)
	mkdir "$d/render"
	printf '#include "core/experiment.h"\n' >"$d/render/bad.c"
	src=$d run includes render 'core/experiment'
	rm -rf "$d"
	[ -n "$output" ]
}

@test "layout: only the work's files include OpenSSL or zlib" {
	for d in "$src" "$src"/*/; do
		case "$d" in */work/) continue ;; esac
		run grep -nE '^#[[:space:]]*include[[:space:]]+[<"](openssl/|zlib\.h)' "$d"/*.[ch]
		[ -z "$output" ] || { echo "$output"; return 1; }
	done
}

@test "layout: the OpenSSL check can fail (an include outside work/ is found)" {
	d=$(mktemp -d)
	mkdir "$d/core"
	printf '#include <openssl/crypto.h>\n' >"$d/core/bad.c"
	run grep -nE '^#[[:space:]]*include[[:space:]]+[<"](openssl/|zlib\.h)' "$d"/core/*.[ch]
	rm -rf "$d"
	[ -n "$output" ]
}
