#!/bin/bash
# bench.sh: measure poolviz against bare OpenSSL and Node, and write BENCHMARKS.md.
set -eu
export LC_ALL=C

me=bench.sh
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${BENCH_RUNS:-11}
out=${BENCH_OUT:-$root/BENCHMARKS.md}
NODE=${NODE:-node}
startup_runs=200

usage() {
	cat <<EOF
usage: scripts/bench.sh
       scripts/bench.sh -h

Builds poolviz (make -s poolviz) and bench/pbkdf2_once.c, then measures,
in BENCH_RUNS paired runs that alternate which side goes first:
  a. the blocking hash (End - Start of poolviz --calls 0) against one bare
     PKCS5_PBKDF2_HMAC call (goal: ratio at most 1.02)
  b. 100000 one-iteration hashes: poolviz against node, wall time and
     peak RSS (goals: at most 0.25x and 0.15x node's)
  c. start-up of poolviz --calls 0 --no-sync against node -e ''
     (hyperfine when there is one; goal: under 2 ms)
  d. peak RSS of poolviz --calls 4 --pool 4 against node running
     scripts/article.mjs (goal: under 8 MiB)
and writes the table to BENCHMARKS.md (and stdout). Takes 2 to 3 minutes.
Not part of make test. Rows that need node are skipped, saying so, when
there is no node.

environment:
  BENCH_RUNS  paired runs per row (default 11)
  BENCH_OUT   where the Markdown goes (default BENCHMARKS.md at the root)
  NODE        the node binary (default node)
EOF
}

case ${1:-} in
-h | --help)
	usage
	exit 0
	;;
'') ;;
*)
	echo "$me: '$1': takes no arguments (see $me -h)" >&2
	exit 2
	;;
esac
case $runs in
'' | *[!0-9]* | 0)
	echo "$me: BENCH_RUNS '$runs': expected a whole number from 1" >&2
	exit 2
	;;
esac

cd "$root"
make -s poolviz
pv=./poolviz

measure_tmp=$(mktemp -d)
trap 'rm -rf "$measure_tmp"' EXIT
# shellcheck source=measure.sh
. "$root/scripts/measure.sh"
t=$measure_tmp

# shellcheck disable=SC2046  # pkg-config's flags are meant to split
cc -std=c11 -D_GNU_SOURCE -O2 -o "$t/pbkdf2_once" bench/pbkdf2_once.c \
	$(pkg-config --cflags --libs libcrypto)

have_node=
if command -v "$NODE" >/dev/null 2>&1; then
	have_node=yes
else
	echo "$me: node not found (NODE=$NODE): rows against node are skipped" >&2
fi
# Both sides get a pool of 4, Node's default, whatever the caller's shell says.
export UV_THREADPOOL_SIZE=4

note() {
	echo "$me: $*" >&2
}

# must WHO: stop when the last timed run failed.
must() {
	if [ "$timed_rc" -ne 0 ]; then
		echo "$me: $1 failed with exit status $timed_rc:" >&2
		head -n 5 "$t/err" >&2
		exit 1
	fi
}

# paired NAME: run pv_NAME and ref_NAME BENCH_RUNS times, alternating
# which goes first; each appends its numbers to files under $t.
paired() {
	local r
	for ((r = 1; r <= runs; r++)); do
		note "$1: run $r of $runs"
		if ((r % 2)); then
			"pv_$1"
			"ref_$1"
		else
			"ref_$1"
			"pv_$1"
		fi
	done
}

# met VALUE OP LIMIT: yes, no, or n/a.
met() {
	awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
		if (v == "n/a")
			print "n/a"
		else if (op == "<=")
			print (v + 0 <= l + 0 ? "yes" : "no")
		else
			print (v + 0 < l + 0 ? "yes" : "no")
	}'
}

rows=()
# row WHAT PV REF RATIO GOAL MET
row() {
	rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |")
}

# --- a. the blocking hash against one bare PKCS5_PBKDF2_HMAC ---------------
pv_a() {
	timed "$t/a.out" "$t/err" "$pv" --calls 0
	must poolviz
	article_times "$t/a.out" | awk '{ print $1 }' >>"$t/a.pv"
}
ref_a() {
	timed "$t/a.ref.out" "$t/err" "$t/pbkdf2_once"
	must pbkdf2_once
	cat "$t/a.ref.out" >>"$t/a.ref"
}
paired a
paste "$t/a.pv" "$t/a.ref" | awk '{ print $1 / $2 }' >"$t/a.pairs"
a_pv=$(median "$t/a.pv")
a_ref=$(median "$t/a.ref")
a_ratio=$(ratio "$a_pv" "$a_ref")
a_pairs=$(fixed "$(median "$t/a.pairs")" 2)
row 'a. blocking hash, ms: poolviz End - Start vs one PKCS5_PBKDF2_HMAC (ratio of medians)' \
	"$(fixed "$a_pv" 1)" "$(fixed "$a_ref" 1)" "$a_ratio" '<= 1.02' \
	"$(met "$a_ratio" '<=' 1.02)"
row 'a. the same, median of the paired ratios' '' '' "$a_pairs" '<= 1.02' \
	"$(met "$a_pairs" '<=' 1.02)"

# --- b. 100000 one-iteration hashes, against node ----------------------------
tiny=(--calls 100000 --iterations 1 --keylen 64 --no-sync)
if [ -n "$have_node" ]; then
	pv_b() {
		timed /dev/null "$t/err" "$pv" "${tiny[@]}"
		must poolviz
		echo "$timed_ms" >>"$t/b.pv.wall"
		echo "$timed_kib" >>"$t/b.pv.rss"
	}
	ref_b() {
		timed /dev/null "$t/err" "$NODE" scripts/article.mjs "${tiny[@]}"
		must node
		echo "$timed_ms" >>"$t/b.ref.wall"
		echo "$timed_kib" >>"$t/b.ref.rss"
	}
	paired b
	b_pv=$(median "$t/b.pv.wall")
	b_ref=$(median "$t/b.ref.wall")
	b_ratio=$(ratio "$b_pv" "$b_ref")
	row 'b. 100000 tiny hashes, wall ms: poolviz vs node scripts/article.mjs' \
		"$(fixed "$b_pv" 1)" "$(fixed "$b_ref" 1)" "$b_ratio" '<= 0.25' \
		"$(met "$b_ratio" '<=' 0.25)"
	b_pv=$(median "$t/b.pv.rss")
	b_ref=$(median "$t/b.ref.rss")
	b_ratio=$(ratio "$b_pv" "$b_ref")
	row 'b. 100000 tiny hashes, peak RSS MiB' "$(mib "$b_pv")" "$(mib "$b_ref")" \
		"$b_ratio" '<= 0.15' "$(met "$b_ratio" '<=' 0.15)"
else
	row 'b. 100000 tiny hashes: skipped, no node' '' '' '' '<= 0.25, <= 0.15' 'n/a'
fi

# --- c. start-up ---------------------------------------------------------------
c_how=
if command -v hyperfine >/dev/null 2>&1; then
	note "c: start-up, hyperfine, $startup_runs runs each"
	hf=(hyperfine --style none --warmup 20 --runs "$startup_runs"
		--export-csv "$t/c.csv")
	if hyperfine --help 2>&1 | grep -qE '^ +-N'; then
		hf+=(-N)
		c_how="hyperfine -N, median of $startup_runs runs after 20 warm-up runs"
	else
		c_how="hyperfine (shell start-up subtracted), median of $startup_runs runs"
	fi
	cmds=("$pv --calls 0 --no-sync")
	[ -n "$have_node" ] && cmds+=("$(printf '%q' "$NODE") -e ''")
	if ! "${hf[@]}" "${cmds[@]}" >"$t/err" 2>&1; then
		echo "$me: hyperfine failed:" >&2
		head -n 5 "$t/err" >&2
		exit 1
	fi
	# command,mean,stddev,median,...: seconds
	c_pv=$(awk -F, 'NR == 2 { print $4 * 1000 }' "$t/c.csv")
	c_ref=$(awk -F, 'NR == 3 { print $4 * 1000 }' "$t/c.csv")
	[ -n "$c_ref" ] || c_ref=n/a
else
	note "c: start-up, no hyperfine: mean of a loop of $startup_runs runs"
	c_how="no hyperfine: a loop of $startup_runs runs, total / $startup_runs (a mean)"
	# loop_ms CMD...: the mean wall time of one run, in ms.
	loop_ms() {
		local i t0
		stamp
		t0=$now
		for ((i = 0; i < startup_runs; i++)); do
			"$@" >/dev/null
		done
		stamp
		awk -v a="$t0" -v b="$now" -v n="$startup_runs" \
			'BEGIN { print (b - a) / 1000 / n }'
	}
	c_pv=$(loop_ms "$pv" --calls 0 --no-sync)
	c_ref=n/a
	[ -n "$have_node" ] && c_ref=$(loop_ms "$NODE" -e '')
fi
row "c. start-up, wall ms: poolviz --calls 0 --no-sync vs node -e ''" \
	"$(fixed "$c_pv" 2)" "$(fixed "$c_ref" 2)" "$(ratio "$c_pv" "$c_ref")" \
	'poolviz < 2 ms' "$(met "$c_pv" '<' 2)"

# --- d. the default run's peak RSS ---------------------------------------------
pv_d() {
	timed "$t/d.out" "$t/err" "$pv" --calls 4 --pool 4
	must poolviz
	echo "$timed_ms" >>"$t/d.pv.wall"
	echo "$timed_kib" >>"$t/d.pv.rss"
}
ref_d() {
	if [ -z "$have_node" ]; then
		return
	fi
	timed "$t/d.out" "$t/err" "$NODE" scripts/article.mjs --calls 4
	must node
	echo "$timed_ms" >>"$t/d.ref.wall"
	echo "$timed_kib" >>"$t/d.ref.rss"
}
paired d
d_pv=$(median "$t/d.pv.rss")
d_ref=n/a
[ -n "$have_node" ] && d_ref=$(median "$t/d.ref.rss")
d_pv_mib=$(mib "$d_pv")
row 'd. default run (--calls 4 --pool 4), peak RSS MiB: poolviz vs node scripts/article.mjs' \
	"$d_pv_mib" "$(mib "$d_ref")" "$(ratio "$d_pv" "$d_ref")" 'poolviz < 8 MiB' \
	"$(met "$d_pv_mib" '<' 8)"
d_pv=$(median "$t/d.pv.wall")
d_ref=n/a
[ -n "$have_node" ] && d_ref=$(median "$t/d.ref.wall")
row 'd. the same runs, wall ms (for reading only)' "$(fixed "$d_pv" 1)" \
	"$(fixed "$d_ref" 1)" "$(ratio "$d_pv" "$d_ref")" '-' '-'

# --- the report ------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
node_version='not found: rows against node skipped'
if [ -n "$have_node" ]; then
	node_version=$("$NODE" -p 'process.version + " (libuv " + process.versions.uv +
		", OpenSSL " + process.versions.openssl + ")"')
fi
hf_version=$(hyperfine --version 2>/dev/null || echo 'not found')
rss_how='GNU time (/usr/bin/time -f %M)'
[ -n "$measure_gnu_time" ] || rss_how='n/a: no GNU time at /usr/bin/time (Debian package time)'

{
	echo '# Benchmarks'
	echo
	echo "Written by \`scripts/bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), BENCH_RUNS=$runs."
	echo 'Medians of paired runs that alternate which side goes first. The machine is'
	echo 'shared and noisy: read a few percent either way as a tie.'
	echo
	echo '## Machine'
	echo
	echo "- CPUs (nproc): $(nproc)"
	echo "- CPU: ${cpu:-unknown}"
	echo "- kernel: $(uname -sr)"
	echo "- poolviz: $("$pv" --version)"
	echo "- node: $node_version"
	echo "- hyperfine: $hf_version"
	echo
	echo '## Results'
	echo
	echo '| what | poolviz median | reference median | ratio | goal | met |'
	echo '|---|---:|---:|---:|---|---|'
	printf '%s\n' "${rows[@]}"
	echo
	echo '## How'
	echo
	echo '- Ratios are poolviz / reference. MiB is 1024 KiB.'
	echo "- Wall time: the whole process, from bash's EPOCHREALTIME around it. Peak RSS: $rss_how."
	cat <<'EOF'
- a: poolviz prints whole, truncated milliseconds, so its End - Start is
  within 1 ms of the truth; `bench/pbkdf2_once.c` times the call alone with
  CLOCK_MONOTONIC. Same parameters: password, salt, 100000, 512, sha512.
- b: `poolviz --calls 100000 --iterations 1 --keylen 64 --no-sync` and
  `node scripts/article.mjs` with the same flags, stdout to /dev/null,
  UV_THREADPOOL_SIZE=4 for both.
EOF
	echo "- c: $c_how."
	cat <<'EOF'
- d: `poolviz --calls 4 --pool 4` and
  `UV_THREADPOOL_SIZE=4 node scripts/article.mjs --calls 4`.
EOF
} >"$t/report.md"
cp "$t/report.md" "$out"
cat "$out"
