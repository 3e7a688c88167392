#!/bin/bash
# compare-node.sh: run the article's experiment under Node and under poolviz, and compare the two.
set -eu
export LC_ALL=C

me=compare-node.sh
root=$(cd "$(dirname "$0")/.." && pwd)
POOLVIZ=${POOLVIZ:-$root/poolviz}
NODE=${NODE:-node}
rounds=${COMPARE_ROUNDS:-5}
show=${COMPARE_LINES:-40}
article=$root/scripts/article.mjs

usage() {
	cat <<EOF
usage: scripts/compare-node.sh [poolviz options]
       scripts/compare-node.sh -h | --help

Runs the same experiment with poolviz and with node (scripts/article.mjs),
alternating which goes first, for COMPARE_ROUNDS rounds. Prints the last
round's two outputs side by side, then the medians over all rounds:
  blocking hash ms   End minus Start
  makespan ms        the last Done minus Scheduled
  wall ms            the whole process, start to exit
  peak RSS MiB       the whole process (needs GNU time, /usr/bin/time)
and poolviz/node for each.

poolviz options it translates for node: -c/--calls, -i/--iterations,
-k/--keylen, -d/--digest, --password, --salt, --no-sync, --print-key, and
-p/--pool, which becomes UV_THREADPOOL_SIZE for both. Without --pool both
read UV_THREADPOOL_SIZE from the environment (unset: 4). Any other option
is refused, since node would not run the same experiment.

environment:
  COMPARE_ROUNDS  rounds, each running both once (default 5)
  COMPARE_LINES   lines of each output shown side by side (default 40)
  POOLVIZ         the poolviz binary (default: poolviz at the repository root)
  NODE            the node binary (default: node)
EOF
}

refuse() {
	echo "$me: $1" >&2
	exit 2
}

pv_args=()
node_args=()
pool=
while [ $# -gt 0 ]; do
	arg=$1
	shift
	case $arg in
	-h | --help)
		usage
		exit 0
		;;
	--no-sync | --print-key)
		pv_args+=("$arg")
		node_args+=("$arg")
		continue
		;;
	-c | -d | -i | -k | -p | --calls | --digest | --iterations | --keylen | \
		--password | --pool | --salt)
		[ $# -gt 0 ] || refuse "$arg: missing value"
		name=$arg
		value=$1
		shift
		;;
	--calls=* | --digest=* | --iterations=* | --keylen=* | --password=* | \
		--pool=* | --salt=*)
		name=${arg%%=*}
		value=${arg#*=}
		;;
	-[cdikp]?*)
		name=${arg:0:2}
		value=${arg:2}
		;;
	-*)
		refuse "${arg%%=*}: no Node counterpart in scripts/article.mjs, so no like-for-like run (see $me --help)"
		;;
	*)
		refuse "'$arg': unexpected argument (poolviz takes options only)"
		;;
	esac
	case $name in
	-c) name=--calls ;;
	-d) name=--digest ;;
	-i) name=--iterations ;;
	-k) name=--keylen ;;
	-p) name=--pool ;;
	esac
	if [ "$name" = --pool ]; then
		pool=$value
	else
		node_args+=("$name" "$value")
	fi
	pv_args+=("$name" "$value")
done

case $rounds in
'' | *[!0-9]* | 0) refuse "COMPARE_ROUNDS '$rounds': expected a whole number from 1" ;;
esac
case $show in
'' | *[!0-9]*) refuse "COMPARE_LINES '$show': expected a whole number" ;;
esac

if ! command -v "$NODE" >/dev/null 2>&1; then
	echo "$me: node not found (NODE=$NODE), so there is nothing to compare poolviz with; skipped"
	exit 0
fi
if [ ! -x "$POOLVIZ" ]; then
	echo "$me: no poolviz at $POOLVIZ (run make first, or set POOLVIZ)" >&2
	exit 1
fi

# poolviz's --pool sets UV_THREADPOOL_SIZE for itself; node is given the same.
if [ -n "$pool" ]; then
	export UV_THREADPOOL_SIZE="$pool"
fi

measure_tmp=$(mktemp -d)
trap 'rm -rf "$measure_tmp"' EXIT
# shellcheck source=measure.sh
. "$root/scripts/measure.sh"

t=$measure_tmp
# run_one WHO: one run of poolviz or node; appends its numbers to $t/WHO.*.
run_one() {
	local who=$1
	if [ "$who" = poolviz ]; then
		timed "$t/$who.out" "$t/$who.err" "$POOLVIZ" ${pv_args[@]+"${pv_args[@]}"}
	else
		timed "$t/$who.out" "$t/$who.err" "$NODE" "$article" ${node_args[@]+"${node_args[@]}"}
	fi
	if [ "$timed_rc" -ne 0 ]; then
		echo "$me: $who failed with exit status $timed_rc:" >&2
		head -n 5 "$t/$who.err" >&2
		[ "$timed_rc" -eq 2 ] && exit 2
		exit 1
	fi
	article_times "$t/$who.out" | {
		read -r blocking makespan
		echo "$blocking" >>"$t/$who.blocking"
		echo "$makespan" >>"$t/$who.makespan"
	}
	echo "$timed_ms" >>"$t/$who.wall"
	echo "$timed_kib" >>"$t/$who.rss"
}

printf 'poolviz: %q' "$POOLVIZ"
printf ' %q' ${pv_args[@]+"${pv_args[@]}"}
printf '\nnode:    UV_THREADPOOL_SIZE=%s %q scripts/article.mjs' \
	"${UV_THREADPOOL_SIZE:-(unset: 4)}" "$NODE"
printf ' %q' ${node_args[@]+"${node_args[@]}"}
echo
echo "$rounds rounds, alternating which runs first"
for ((r = 1; r <= rounds; r++)); do
	if ((r % 2)); then
		run_one node
		run_one poolviz
	else
		run_one poolviz
		run_one node
	fi
done

echo
echo "last round, side by side:"
printf '%-44s  %s\n' poolviz node
paste -d '\t' <(head -n "$show" "$t/poolviz.out") <(head -n "$show" "$t/node.out") |
	awk -F '\t' '{
		l = $1
		if (length(l) > 44)
			l = substr(l, 1, 41) "..."
		printf "%-44s  %s\n", l, $2
	}'
for who in poolviz node; do
	n=$(wc -l <"$t/$who.out")
	if [ "$n" -gt "$show" ]; then
		echo "($who: first $show of $n lines; set COMPARE_LINES for more)"
	fi
done

echo
printf '%-18s %10s %10s %13s\n' "median of $rounds" poolviz node poolviz/node
row() {
	printf '%-18s %10s %10s %13s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")"
}
row 'blocking hash ms' "$(fixed "$(median "$t/poolviz.blocking")" 1)" \
	"$(fixed "$(median "$t/node.blocking")" 1)"
row 'makespan ms' "$(fixed "$(median "$t/poolviz.makespan")" 1)" \
	"$(fixed "$(median "$t/node.makespan")" 1)"
row 'wall ms' "$(fixed "$(median "$t/poolviz.wall")" 1)" \
	"$(fixed "$(median "$t/node.wall")" 1)"
row 'peak RSS MiB' "$(mib "$(median "$t/poolviz.rss")")" \
	"$(mib "$(median "$t/node.rss")")"
if [ -z "$measure_gnu_time" ]; then
	echo "(peak RSS n/a: no GNU time at /usr/bin/time; Debian package 'time')"
fi
