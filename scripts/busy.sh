#!/bin/bash
# busy.sh: the CI recipe's verdicts on a quiet machine, beside a neighbour, and under a quota.
set -u
export LC_ALL=C

me=busy.sh
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-20}
conditions=${CONDITIONS:-quiet spinner retries crowd quota}
poolviz=${POOLVIZ:-$root/poolviz}

usage() {
	cat <<EOF
usage: scripts/busy.sh
       scripts/busy.sh -h

Runs the README's CI recipe,
  poolviz --calls 8 --pool 4 --repeat 5 --warmup 1 --check \\
          --baseline docs/ci-baseline.json
RUNS times (default 20) under each of the CONDITIONS (default all five):
  quiet     nothing else running
  spinner   beside one process spinning on a CPU (sh -c 'while :; do :; done')
  retries   the same, with --retries 3
  crowd     beside three spinning processes, which take most of the CPUs:
            judged on what they leave, or inconclusive; never a FAIL
  quota     in a child cgroup with a CPU quota of one CPU (cgroup v1
            cpu.cfs_quota_us = cpu.cfs_period_us, else cgroup v2 cpu.max);
            needs root, and is skipped, saying why, where no cgroup can be made
and prints a Markdown table of exit statuses: 0 ok, 1 FAIL, 3 inconclusive
(the machine was too busy to judge). Under the quota it also counts the
runs whose output names the quota, and checks once that --format json
reports machine.quota_cpus. POOLVIZ names the binary (default ./poolviz).
Issue 10's acceptance: quiet 0 every run; spinner never 1; retries mostly
0; quota named every run; and crowd never 1. The spinner and the cgroup are removed on exit.
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

recipe=(--calls 8 --pool 4 --repeat 5 --warmup 1 --check
	--baseline "$root/docs/ci-baseline.json")

spinner=""	# the neighbour's PID while it spins
child=""	# the run's PID while it runs
cg=""		# the child cgroup while it exists
cgkind=""	# v1 or v2
cgparent=""	# where its tasks go back to
out=$(mktemp)

stop_spinner() {
	local pid
	for pid in $spinner; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	spinner=""
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
	rm -f "$out"
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
# only in a subshell of its own (a background job or a pipeline), so that
# $! is CMD's PID and the script itself stays out of the cgroup.
in_cgroup() {
	local procs=tasks
	[ "$cgkind" = v2 ] && procs=cgroup.procs
	[ "$BASHPID" != "$$" ] || { echo "$me: in_cgroup in the script's own shell" >&2; exit 2; }
	echo "$BASHPID" >"$cg/$procs" || exit 125
	exec "$@"
}

# tally NAME PREFIX...: RUNS runs of the recipe under PREFIX (may be empty)
# with extra options after "--"; one table row.
ok=0 fail=0 inc=0 other=0 named=0
tally() {
	local rc i
	ok=0 fail=0 inc=0 other=0 named=0
	for ((i = 1; i <= runs; i++)); do
		# In the background, so that a signal to this script is handled
		# at once (a foreground child would defer it to the run's end).
		"$@" >"$out" 2>&1 &
		child=$!
		wait "$child"
		rc=$?
		child=""
		case $rc in
		0) ok=$((ok + 1)) ;;
		1) fail=$((fail + 1)) ;;
		3) inc=$((inc + 1)) ;;
		*) other=$((other + 1)); echo "$me: exit $rc: $(tail -1 "$out")" >&2 ;;
		esac
		grep -qi quota "$out" && named=$((named + 1))
		printf '.' >&2
	done
	printf '\n' >&2
}

rows=()
row() {	# row CONDITION QUOTA-COLUMN
	rows+=("| $1 | $runs | $ok | $fail | $inc | $other | $2 |")
}

for c in $conditions; do
	case $c in
	quiet)
		echo "$me: quiet, $runs runs" >&2
		tally "$poolviz" "${recipe[@]}"
		row "quiet" "-"
		;;
	spinner | retries)
		extra=()
		[ "$c" = retries ] && extra=(--retries 3)
		echo "$me: $c, $runs runs beside a spinning process" >&2
		sh -c 'while :; do :; done' &
		spinner=$!
		tally "$poolviz" "${recipe[@]}" "${extra[@]}"
		stop_spinner
		if [ "$c" = retries ]; then
			row "one spinning process, \`--retries 3\`" "-"
		else
			row "one spinning process" "-"
		fi
		;;
	quota)
		if ! make_cgroup; then
			echo "$me: quota skipped: $why" >&2
			rows+=("| CPU quota of 1 CPU | skipped: $why | | | | | |")
			continue
		fi
		echo "$me: quota, $runs runs in $cg ($cgkind)" >&2
		tally in_cgroup "$poolviz" "${recipe[@]}"
		json=$(in_cgroup "$poolviz" --calls 2 --pool 2 --format json 2>/dev/null |
			jq -r 'if (.machine | has("quota_cpus")) then (.machine.quota_cpus | tostring) else "missing" end' 2>/dev/null)
		remove_cgroup
		row "CPU quota of 1 CPU ($cgkind)" "$named of $runs; JSON quota_cpus ${json:-missing}"
		;;
	crowd)
		echo "$me: crowd, $runs runs beside three spinning processes" >&2
		for _ in 1 2 3; do
			sh -c 'while :; do :; done' &
			spinner="$spinner $!"
		done
		tally "$poolviz" "${recipe[@]}"
		stop_spinner
		row "three spinning processes" "-"
		;;
	*)
		echo "$me: unknown condition '$c' (quiet, spinner, retries, crowd, quota)" >&2
		exit 2
		;;
	esac
done

echo "$("$poolviz" --version 2>/dev/null | head -1), $(nproc) CPUs, $(date -u +%Y-%m-%d)"
echo
echo "| condition | runs | ok (0) | FAIL (1) | inconclusive (3) | other | quota named |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
