#!/bin/bash
# busy.sh: issue 19's acceptance: the CI recipe's verdicts and the chart's
# prediction, for a healthy pool and a serial one, quiet, beside neighbours,
# under a CPU quota and under an affinity of one CPU.
set -u
export LC_ALL=C

me=busy.sh
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-10}
conditions=${CONDITIONS:-quiet spinner two quota affinity crowd}
pools=${POOLS:-healthy serial}
poolviz=${POOLVIZ:-$root/poolviz}
serial=${SERIAL:-$root/build/serial.so}

usage() {
	cat <<EOF
usage: scripts/busy.sh
       scripts/busy.sh -h

Runs, RUNS times (default 10) under each of the CONDITIONS and for each of
the POOLS (default both), two commands:
  the README's CI recipe, with --format json to read what it decided:
    poolviz --calls 8 --pool 4 --repeat 5 --warmup 1 --retries 3 --check \\
            --baseline docs/ci-baseline.json
  and the class's chart, read as a class reads it:
    poolviz --calls 6 --pool 2 --timeline --notes
CONDITIONS (default all six):
  quiet     nothing else running
  spinner   beside one process spinning on a CPU (sh -c 'while :; do :; done')
  two       beside two of them
  quota     in a child cgroup with a CPU quota of one CPU (cgroup v1
            cpu.cfs_quota_us = cpu.cfs_period_us, else cgroup v2 cpu.max);
            needs root, and is skipped, saying why, where none can be made
  affinity  under taskset -c 0
  crowd     beside three spinners: the recipe only, for its time
POOLS: healthy (libuv's pool) and serial (LD_PRELOAD=build/serial.so, one
global lock around each unit; make unit-tests builds it).

It prints one Markdown row per condition and pool: the recipe's exit
statuses (0 ok, 1 FAIL, 3 inconclusive, other), how many recipes and
charts had measured / predicted makespan inside the band (0.8 to 1.25
quiet, 0.7 to 1.4 elsewhere), how many recipes had a baseline metric
that poolviz judged better, and the recipe's longest wall time. On
stderr: each recipe that was not ok with the checks, metrics and
reasons that made it so, and each better metric by name.
The recipe's ratio is the median over its runs of makespan_ms /
predicted_ms; the chart's is "All were done after M ms" over the last
"N ms" of the sentence before it: the prediction a class reads.
Issue 19's goals: a healthy pool never FAILs, is ok in at least 9 of 10
quiet, beside one spinner, under the quota and under the affinity, has
its ratios in the band in at least 9 of 10 and no metric that poolviz
judges better; a serial pool FAILs in at least 9 of 10 everywhere and is
never ok; beside three spinners the recipe ends within 60 s.
The spinners and the cgroup are removed on exit. POOLVIZ names the
binary (default ./poolviz), SERIAL the double.
EOF
}

case ${1:-} in
-h | --help) usage; exit 0 ;;
"") ;;
*) usage >&2; exit 2 ;;
esac
case $runs in
'' | *[!0-9]* | 0) echo "$me: RUNS must be a positive whole number, not '$runs'" >&2; exit 2 ;;
esac
[ -x "$poolviz" ] || { echo "$me: no poolviz at $poolviz: run make" >&2; exit 2; }
for tool in jq bc taskset; do
	command -v "$tool" >/dev/null || { echo "$me: $tool is needed" >&2; exit 2; }
done
case " $pools " in
*" serial "*) [ -f "$serial" ] || { echo "$me: no serial double at $serial: run make unit-tests" >&2; exit 2; } ;;
esac

recipe=(--calls 8 --pool 4 --repeat 5 --warmup 1 --retries 3 --check
	--baseline "$root/docs/ci-baseline.json" --format json)
chart=(--calls 6 --pool 2 --timeline --notes)

spinner=""	# the neighbours' PIDs while they spin
child=""	# the run's PID while it runs
cg=""		# the child cgroup while it exists
cgkind=""	# v1 or v2
cgparent=""	# where its tasks go back to
out=$(mktemp)
err=$(mktemp)

stop_spinner() {
	local pid
	for pid in $spinner; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	spinner=""
}

start_spinners() {	# start_spinners N
	local i
	for ((i = 0; i < $1; i++)); do
		sh -c 'while :; do :; done' &
		spinner="$spinner $!"
	done
}

remove_cgroup() {
	local procs pid
	[ -n "$cg" ] || return 0
	if [ -d "$cg" ]; then
		# Anything still in it (a run cut short) goes back to the parent.
		procs=tasks
		[ "$cgkind" = v2 ] && procs=cgroup.procs
		while read -r pid; do
			echo "$pid" >"$cgparent/$procs" 2>/dev/null
		done <"$cg/$procs"
		rmdir "$cg" || echo "$me: could not remove $cg" >&2
	fi
	cg=""
}

cleanup() {
	if [ -n "$child" ]; then
		kill "$child" 2>/dev/null
		wait "$child" 2>/dev/null
	fi
	stop_spinner
	remove_cgroup
	rm -f "$out" "$err"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# make_cgroup: a child cgroup with a quota of one CPU; 0, or 1 with why.
why=""
make_cgroup() {
	local period
	if [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
		cgkind=v1
		cgparent=/sys/fs/cgroup/cpu
		cg=$cgparent/poolviz-busy-$$
		mkdir "$cg" 2>/dev/null || { why="cannot make $cg"; cg=""; return 1; }
		if ! period=$(cat "$cg/cpu.cfs_period_us") ||
			! echo "$period" >"$cg/cpu.cfs_quota_us"; then
			why="cannot set the quota in $cg"
			remove_cgroup
			return 1
		fi
		return 0
	fi
	if [ -f /sys/fs/cgroup/cgroup.controllers ] &&
		grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
		cgkind=v2
		cgparent=/sys/fs/cgroup
		echo +cpu >"$cgparent/cgroup.subtree_control" 2>/dev/null
		cg=$cgparent/poolviz-busy-$$
		mkdir "$cg" 2>/dev/null || { why="cannot make $cg"; cg=""; return 1; }
		echo "100000 100000" >"$cg/cpu.max" 2>/dev/null ||
			{ why="cannot set cpu.max in $cg"; remove_cgroup; return 1; }
		return 0
	fi
	why="no cgroup v1 cpu controller and no cgroup v2 cpu controller here"
	return 1
}

# in_cgroup CMD...: move this shell into the cgroup and become CMD. Call it
# only in a subshell of its own (a background job), so that $! is CMD's
# PID and the script itself stays out of the cgroup.
in_cgroup() {
	local procs=tasks
	[ "$cgkind" = v2 ] && procs=cgroup.procs
	[ "$BASHPID" != "$$" ] || { echo "$me: in_cgroup in the script's own shell" >&2; exit 2; }
	echo "$BASHPID" >"$cg/$procs" || exit 125
	exec "$@"
}

# one CMD...: run CMD in the background (so that a signal to this script is
# handled at once), its output in $out and $err; sets rc and secs.
rc=0 secs=0
one() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >"$out" 2>"$err" &
	child=$!
	wait "$child"
	rc=$?
	child=""
	t1=$(date +%s.%N)
	secs=$(echo "$t1 - $t0" | bc)
}

# in_band RATIO LO HI: 0 when LO <= RATIO <= HI
in_band() {
	[ -n "$1" ] && [ "$(echo "$1 >= $2 && $1 <= $3" | bc)" = 1 ]
}

# The recipe's ratio: the median over its runs of makespan / prediction.
ratio_jq='[.runs[]? | select(.summary.predicted_ms > 0)
	| .summary.makespan_ms / .summary.predicted_ms] | sort
	| if length == 0 then "" else .[(length - 1) / 2 | floor] * 1000
	| round / 1000 | tostring end'
# The baseline metrics poolviz itself judged better (past the tolerance,
# and for the lag past its bound as well), by name.
better_jq='[.comparison.metrics[]? | select(.verdict == "better") | .name]
	| join(",")'
# What a run that was not ok held against the pool: each check that did
# not hold, each metric that regressed, and the reasons it gives.
why_jq='[(.checks[]? | select(.verdict != "ok")
	| "\(.name) \(.verdict): \(.measured) \(.cmp) \(.bound)"),
	(.comparison.metrics[]? | select(.verdict == "REGRESSED")
	| "\(.name) REGRESSED"), (.reasons[]? | tostring)] | join("; ")'

rows=()
# measure CONDITION POOL PREFIX...: RUNS recipes and charts under PREFIX.
measure() {
	local cond=$1 pool=$2 i lo=0.7 hi=1.4 r better
	local ok=0 fail=0 inc=0 other=0 rband=0 cband=0 nbetter=0 longest=0
	local rlist="" clist="" cb pre=()
	shift 2
	[ "$cond" = quiet ] && lo=0.8 hi=1.25
	[ "$pool" = serial ] && pre=(env LD_PRELOAD="$serial")
	for ((i = 1; i <= runs; i++)); do
		one "$@" "${pre[@]}" "$poolviz" "${recipe[@]}"
		case $rc in
		0) ok=$((ok + 1)) ;;
		1) fail=$((fail + 1)) ;;
		3) inc=$((inc + 1)) ;;
		*) other=$((other + 1)); echo "$me: exit $rc: $(tail -1 "$err")" >&2 ;;
		esac
		[ "$(echo "$secs > $longest" | bc)" = 1 ] && longest=$secs
		r=$(jq -r "$ratio_jq" "$out" 2>/dev/null)
		rlist="$rlist ${r:-?}"
		in_band "$r" $lo $hi && rband=$((rband + 1))
		better=$(jq -r "$better_jq" "$out" 2>/dev/null)
		if [ -n "$better" ]; then
			nbetter=$((nbetter + 1))
			echo "$me: $cond, $pool, run $i: better: $better" >&2
		fi
		if [ "$rc" -ne 0 ]; then
			echo "$me: $cond, $pool, run $i: exit $rc: $(jq -r "$why_jq" "$out" 2>/dev/null)" >&2
		fi
		printf '.' >&2
		[ "$cond" = crowd ] && continue
		one "$@" "${pre[@]}" "$poolviz" "${chart[@]}"
		r=$(tr '\n' ' ' <"$out" |
			sed -n 's/.* \([0-9][0-9.]*\) ms[^0-9]*All were done after \([0-9][0-9.]*\) ms.*/\2 \1/p' |
			awk '$2 > 0 { printf "%.3f", $1 / $2 }')
		clist="$clist ${r:-?}"
		in_band "$r" $lo $hi && cband=$((cband + 1))
	done
	printf '\n' >&2
	echo "$me: $cond, $pool: recipe ratios$rlist; chart ratios${clist:- -}" >&2
	cb="$cband of $runs"
	[ "$cond" = crowd ] && cb="-"
	rows+=("| $cond | $pool | $ok | $fail | $inc | $other | $rband of $runs | $cb | $nbetter | $(printf '%.1f' "$longest") |")
}

for c in $conditions; do
	for p in $pools; do
		case $c in
		quiet)
			echo "$me: quiet, $p pool, $runs runs" >&2
			measure quiet "$p"
			;;
		spinner | two | crowd)
			n=1
			[ "$c" = two ] && n=2
			[ "$c" = crowd ] && n=3
			echo "$me: $c, $p pool, $runs runs beside $n spinning processes" >&2
			start_spinners $n
			measure "$c" "$p"
			stop_spinner
			;;
		quota)
			if ! make_cgroup; then
				echo "$me: quota skipped: $why" >&2
				rows+=("| quota | $p | skipped: $why | | | | | | | |")
				continue
			fi
			echo "$me: quota, $p pool, $runs runs in $cg ($cgkind)" >&2
			measure quota "$p" in_cgroup
			remove_cgroup
			;;
		affinity)
			echo "$me: affinity, $p pool, $runs runs under taskset -c 0" >&2
			measure affinity "$p" taskset -c 0
			;;
		*)
			echo "$me: unknown condition '$c' (quiet, spinner, two, quota, affinity, crowd)" >&2
			exit 2
			;;
		esac
	done
done

echo "$("$poolviz" --version 2>/dev/null | head -1), $(nproc) CPUs, $(date -u '+%Y-%m-%d %H:%M') UTC"
echo
echo "| condition | pool | ok (0) | FAIL (1) | inconclusive (3) | other | recipe ratio in band | chart ratio in band | a metric better | longest recipe (s) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
