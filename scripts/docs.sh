#!/bin/sh
# docs.sh: the sample outputs in README.md and docs/*.md, made by real runs.
# usage: scripts/docs.sh          rewrite every sample block from a fresh run
#        scripts/docs.sh check    run each sample's command again and compare
#                                 shapes; exit 1 naming the samples that differ
#        scripts/docs.sh list     the samples' names and commands
# (POOLVIZ=path picks the binary; the samples show it as ./poolviz)
#
# A sample is the text between `<!-- sample: NAME -->` and `<!-- /sample -->`:
# a fenced block whose first line is `$ COMMAND`, then what COMMAND printed
# (stdout and stderr, piped, at 80 columns, without colour). NAME's command
# comes from the table below, never from the document, so a hand edit of a
# block is undone by the next `make docs` and caught by `check`.
#
# Timings change from run to run, so `check` compares shapes, not numbers:
# digits blanked, the first line exactly, and the set of line kinds (the
# article's lines, probe and heartbeat lines, checks, verdicts, chart lanes,
# table rows). Prose that depends on the machine's load is not compared.
set -u
cd "$(dirname "$0")/.." || exit 2
poolviz=${POOLVIZ:-./poolviz}
mode=${1:-write}

# The samples: NAME, then the arguments after ./poolviz. Small iteration
# counts keep `make docs` and the test quick; the article runs as it is.
samples() {
	cat <<'EOF'
article
timeline	--calls 4 --pool 1 --iterations 20000 --timeline --notes
waves	--calls 6 --pool 2 --iterations 20000 --timeline --ascii
blocked	--scenario blocked --iterations 20000
offload	--scenario offload --iterations 20000
starve	--scenario starve --iterations 20000
starve-pool8	--scenario starve --pool 8 --iterations 20000
sweep	sweep --pool 1,2,4 --calls 1,2,4 --iterations 20000
check	--calls 8 --pool 4 --repeat 3 --iterations 20000 --check
doctor	doctor --pool 4
EOF
}

# args NAME: the arguments of sample NAME; fails for an unknown name.
args() {
	samples | awk -F '\t' -v n="$1" '$1 == n { print $2; f = 1 } END { exit !f }'
}

# run NAME: what the sample's command prints now, with its `$` line first.
run_sample() {
	a=$(args "$1") || { echo "docs.sh: unknown sample '$1'" >&2; return 2; }
	echo "\$ ./poolviz${a:+ $a}"
	# shellcheck disable=SC2086 # the table's arguments are split on purpose
	COLUMNS=80 NO_COLOR=1 LC_ALL=C.UTF-8 "$poolviz" $a 2>&1 </dev/null
	return 0
}

# kinds: the shape of a sample's output (its `$` line excluded): one line per
# kind of line it holds, numbers blanked, sorted and unique.
kinds() {
	sed -e 's/[0-9][0-9]*\(\.[0-9][0-9]*\)\{0,1\}/N/g' -e 's/  */ /g' -e 's/ *$//' |
	    sed -n \
	    -e 's/^\(\(Start\|End\) [A-Za-z ]*\):.*/\1/p' \
	    -e 's/^\(Scheduled all async tasks\):.*/\1/p' \
	    -e 's/^\(Async [A-Za-z]* N Done\):.*/\1/p' \
	    -e 's/^\(Worker Thread [A-Za-z]* Done\):.*/\1/p' \
	    -e 's/^\(\(TCP\|DNS\|File\) probe done\):.*/\1/p' \
	    -e 's/^\(Heartbeat [a-z ]*\):.*/\1/p' \
	    -e 's/^\(check [a-z_]*\):.*/\1/p' \
	    -e 's/^poolviz: \(ok\|FAIL\|inconclusive\):.*/poolviz: VERDICT/p' \
	    -e 's/^\(N runs\):.*/\1/p' \
	    -e 's/^\(main\|queue\|worker N\|worker thread\|heartbeat\|ms\)\( .*\)\{0,1\}$/lane \1/p' \
	    -e 's/^\(metric median min max\)$/\1/p' \
	    -e 's/^\([a-z_]*\) -\{0,1\}N -\{0,1\}N -\{0,1\}N$/stat \1/p' \
	    -e 's/^\(pool calls waves .*\)/\1/p' \
	    -e 's/^ \{0,1\}N N N N N N N N N .*/sweep point/p' \
	    -e 's/^pool N threads\{0,1\}$/doctor pool/p' \
	    -e 's/^\(dns at most\|cpus affinity\) .*/doctor \1/p' |
	    sort -u
}

# blank: a line with its numbers blanked and its spaces squeezed.
blank() {
	sed -e 's/[0-9][0-9]*\(\.[0-9][0-9]*\)\{0,1\}/N/g' -e 's/  */ /g' -e 's/ *$//'
}

docs() {
	ls README.md docs/*.md
}

if [ "$mode" = list ]; then
	samples | awk -F '\t' '{ printf "%-14s ./poolviz %s\n", $1, $2 }'
	exit 0
fi
if [ "$mode" != write ] && [ "$mode" != check ]; then
	echo "usage: scripts/docs.sh [check|list]" >&2
	exit 2
fi
if [ ! -x "$poolviz" ]; then
	echo "docs.sh: no $poolviz to run (make poolviz)" >&2
	exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0 n=0
for doc in $(docs); do
	grep -q '^<!-- sample: ' "$doc" || continue
	: >"$tmp/new"
	name='' inside=0
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		'<!-- sample: '*' -->')
			name=${line#<!-- sample: }
			name=${name% -->}
			inside=1
			: >"$tmp/block"
			printf '%s\n' "$line" >>"$tmp/new"
			continue ;;
		'<!-- /sample -->')
			[ "$inside" -eq 1 ] || { echo "$doc: $line without a start" >&2; exit 2; }
			inside=0 n=$((n + 1))
			run_sample "$name" >"$tmp/fresh" || exit 2
			if [ "$mode" = write ]; then
				{ echo '```'; cat "$tmp/fresh"; echo '```'; } >>"$tmp/new"
			else
				grep -v '^```' "$tmp/block" >"$tmp/old"
				why=
				[ "$(head -n 1 "$tmp/old")" = "$(head -n 1 "$tmp/fresh")" ] ||
				    why="its command is not '$(head -n 1 "$tmp/fresh")'"
				[ -z "$why" ] && [ "$(sed -n 2p "$tmp/old" | blank)" != \
				    "$(sed -n 2p "$tmp/fresh" | blank)" ] &&
				    why="its first line is not '$(sed -n 2p "$tmp/fresh" | blank)'"
				if [ -z "$why" ]; then
					sed 1d "$tmp/old" | kinds >"$tmp/k.old"
					sed 1d "$tmp/fresh" | kinds >"$tmp/k.new"
					[ -s "$tmp/k.new" ] || why="no line of a known kind"
					cmp -s "$tmp/k.old" "$tmp/k.new" ||
					    why="${why:+$why; }its kinds of lines differ: $(diff "$tmp/k.old" "$tmp/k.new" |
					    sed -n 's/^\([<>]\) /\1/p' | tr '\n' ' ')"
				fi
				if [ -n "$why" ]; then
					echo "$doc: sample '$name': $why (make docs rewrites it)"
					bad=$((bad + 1))
				fi
			fi
			printf '%s\n' "$line" >>"$tmp/new"
			continue ;;
		esac
		if [ "$inside" -eq 1 ]; then
			printf '%s\n' "$line" >>"$tmp/block"
		else
			printf '%s\n' "$line" >>"$tmp/new"
		fi
	done <"$doc"
	[ "$inside" -eq 0 ] || { echo "$doc: sample '$name' has no end" >&2; exit 2; }
	if [ "$mode" = write ] && ! cmp -s "$tmp/new" "$doc"; then
		cat "$tmp/new" >"$doc"
		echo "docs.sh: rewrote the samples in $doc"
	fi
done
if [ "$mode" = check ]; then
	echo "docs.sh: $n samples, $bad differ"
	[ "$bad" -eq 0 ]
fi
