# measure.sh: helpers sourced by compare-node.sh and bench.sh (timing, RSS, medians).
# shellcheck shell=bash
#
# Needs bash (EPOCHREALTIME when there is one) and awk. Set measure_tmp to a
# private directory before calling timed.

# GNU time reports a child's peak RSS; without it RSS is "n/a".
# MEASURE_GNU_TIME names another one; set empty, it tries the fallback.
measure_gnu_time=${MEASURE_GNU_TIME-/usr/bin/time}
if [ -z "$measure_gnu_time" ] || [ ! -x "$measure_gnu_time" ] ||
	! "$measure_gnu_time" -f '%M' -o /dev/null true 2>/dev/null; then
	measure_gnu_time=
fi

# stamp: set now to the wall clock in microseconds, without a subshell
# where bash has EPOCHREALTIME (bash 5), so the stamp costs no fork.
stamp() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		now=${EPOCHREALTIME/[.,]/}
	else
		now=$(date +%s%6N)
	fi
}

# timed OUT ERR CMD...: run CMD, stdout to OUT, stderr to ERR. Sets timed_rc,
# timed_ms (whole-process wall time, in ms, from this shell's clock; the
# 10 ms steps of GNU time's %e are too coarse) and timed_kib (peak RSS in
# KiB from GNU time's %M, or n/a).
# shellcheck disable=SC2034  # timed_* are this function's results
timed() {
	local out=$1 err=$2 t0
	shift 2
	: "${measure_tmp:?measure.sh: set measure_tmp before calling timed}"
	timed_rc=0
	timed_kib=n/a
	if [ -n "$measure_gnu_time" ]; then
		stamp
		t0=$now
		"$measure_gnu_time" -f '%M' -o "$measure_tmp/gnu-time" "$@" \
			>"$out" 2>"$err" || timed_rc=$?
		stamp
		timed_kib=$(tail -n 1 "$measure_tmp/gnu-time")
	else
		stamp
		t0=$now
		"$@" >"$out" 2>"$err" || timed_rc=$?
		stamp
	fi
	timed_ms=$(awk -v a="$t0" -v b="$now" 'BEGIN { printf "%.3f", (b - a) / 1000 }')
}

# article_times FILE: "BLOCKING MAKESPAN" in ms from the article's lines:
# End minus Start, and the last Done minus Scheduled; n/a where a line is missing.
article_times() {
	awk '
	/^Start Synchronous Hash: [0-9]+ms$/ { s = $NF + 0; hs = 1 }
	/^End Synchronous Hash: [0-9]+ms$/ { e = $NF + 0; he = 1 }
	/^Scheduled all async tasks: [0-9]+ms$/ { q = $NF + 0; hq = 1 }
	/^Async Hash [0-9]+ Done: [0-9]+ms$/ {
		d = $NF + 0
		if (!hd || d > last)
			last = d
		hd = 1
	}
	END { print (hs && he ? e - s : "n/a"), (hq && hd ? last - q : "n/a") }
	' "$1"
}

# median FILE: the median of the numbers in FILE, one per line; n/a lines
# are left out, and a file with no number gives n/a.
median() {
	awk '$1 != "n/a" { print $1 }' "$1" | sort -g | awk '
	{ v[n++] = $1 }
	END {
		if (n == 0)
			print "n/a"
		else if (n % 2)
			print v[(n - 1) / 2]
		else
			print (v[n / 2 - 1] + v[n / 2]) / 2
	}'
}

# ratio A B: A / B to three places, or n/a (goals are judged on it).
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "n/a" || b == "n/a" || b + 0 == 0)
			print "n/a"
		else
			printf "%.3f\n", a / b
	}'
}

# fixed N PLACES: N to PLACES decimals, or n/a.
fixed() {
	awk -v n="$1" -v p="$2" 'BEGIN {
		if (n == "n/a")
			print "n/a"
		else
			printf("%." p "f\n", n)
	}'
}

# mib KIB: KiB to MiB to one place, or n/a.
mib() {
	awk -v k="$1" 'BEGIN { if (k == "n/a") print "n/a"; else printf "%.1f\n", k / 1024 }'
}
