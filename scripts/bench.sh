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
usage: scripts/bench.sh [stream]
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
and, in BENCH_STREAM_RUNS runs each, with bench/bare_loop.c:
  e. peak RSS of 100000 tiny calls (--iterations 1 --keylen 16 --no-sync)
     with --format json against text mode (goal: at most 1.3x)
  f. the same with --trace FILE (goal: at most 1.3x)
  g. wall time of 1000000 tiny calls in text mode against bench/bare_loop,
     the same uv_queue_work calls with no recording (goal: at most 1.2x),
     and against bare_loop -c, which also reads poolviz's clocks
and writes the tables to BENCHMARKS.md (and stdout). Takes 5 to 8 minutes.
With "stream", runs e to g only and replaces their section of
BENCHMARKS.md, keeping the rest. Not part of make test. Rows that need
node are skipped, saying so, when there is no node.

environment:
  BENCH_RUNS  paired runs per row (default 11)
  BENCH_STREAM_RUNS  runs per row for e to g (default 5)
  BENCH_OUT   where the Markdown goes (default BENCHMARKS.md at the root)
  NODE        the node binary (default node)
EOF
}

only_stream=
case ${1:-} in
-h | --help)
	usage
	exit 0
	;;
stream)
	only_stream=yes
	;;
'') ;;
*)
	echo "$me: '$1': takes no arguments (see $me -h)" >&2
	exit 2
	;;
esac
stream_runs=${BENCH_STREAM_RUNS:-5}
for n in "BENCH_RUNS=$runs" "BENCH_STREAM_RUNS=$stream_runs"; do
	case ${n#*=} in
	'' | *[!0-9]* | 0)
		echo "$me: ${n%%=*} '${n#*=}': expected a whole number from 1" >&2
		exit 2
		;;
	esac
done

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
# shellcheck disable=SC2046
cc -std=c11 -D_GNU_SOURCE -O2 -o "$t/bare_loop" bench/bare_loop.c \
	$(pkg-config --cflags --libs libuv libcrypto)

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

# --- e, f, g: streaming output and the per-call cost --------------------------
# Their own table, in their own section of BENCHMARKS.md, so that
# "bench.sh stream" can rewrite it alone.
srows=()
srow() {
	srows+=("| $1 | $2 | $3 | $4 | $5 | $6 |")
}
small=(--calls 100000 --iterations 1 --keylen 16 --no-sync)
big=(--calls 1000000 --iterations 1 --keylen 16 --no-sync)
for ((r = 1; r <= stream_runs; r++)); do
	note "e, f: 100000 tiny calls, text, json and trace: run $r of $stream_runs"
	timed /dev/null "$t/err" "$pv" "${small[@]}"
	must 'poolviz (text)'
	echo "$timed_kib" >>"$t/e.text"
	timed /dev/null "$t/err" "$pv" "${small[@]}" --format json
	must 'poolviz --format json'
	echo "$timed_kib" >>"$t/e.json"
	timed /dev/null "$t/err" "$pv" "${small[@]}" --trace "$t/trace.json"
	must 'poolviz --trace'
	echo "$timed_kib" >>"$t/f.trace"
done
e_text=$(median "$t/e.text")
e_json=$(median "$t/e.json")
f_trace=$(median "$t/f.trace")
e_ratio=$(ratio "$e_json" "$e_text")
f_ratio=$(ratio "$f_trace" "$e_text")
srow 'e. 100000 tiny calls, peak RSS MiB: --format json vs text mode' \
	"$(mib "$e_json")" "$(mib "$e_text")" "$e_ratio" '<= 1.3' \
	"$(met "$e_ratio" '<=' 1.3)"
srow 'f. 100000 tiny calls, peak RSS MiB: --trace FILE vs text mode' \
	"$(mib "$f_trace")" "$(mib "$e_text")" "$f_ratio" '<= 1.3' \
	"$(met "$f_ratio" '<=' 1.3)"
for ((r = 1; r <= stream_runs; r++)); do
	note "g: 1000000 tiny calls, poolviz, bare_loop, -c, -m: run $r of $stream_runs"
	timed /dev/null "$t/err" "$pv" "${big[@]}"
	must poolviz
	echo "$timed_ms" >>"$t/g.pv"
	timed /dev/null "$t/err" "$t/bare_loop" 1000000 1 16
	must bare_loop
	echo "$timed_ms" >>"$t/g.bare"
	timed /dev/null "$t/err" "$t/bare_loop" -c 1000000 1 16
	must 'bare_loop -c'
	echo "$timed_ms" >>"$t/g.clocks"
	timed /dev/null "$t/err" "$t/bare_loop" -m 1000000 1 16
	must 'bare_loop -m'
	echo "$timed_ms" >>"$t/g.mono"
done
g_pv=$(median "$t/g.pv")
g_bare=$(median "$t/g.bare")
g_clocks=$(median "$t/g.clocks")
g_mono=$(median "$t/g.mono")
g_ratio=$(ratio "$g_pv" "$g_bare")
srow 'g. 1000000 tiny calls, wall ms: poolviz (text) vs bench/bare_loop' \
	"$(fixed "$g_pv" 1)" "$(fixed "$g_bare" 1)" "$g_ratio" '<= 1.2' \
	"$(met "$g_ratio" '<=' 1.2)"
srow 'g. the same poolviz runs vs bare_loop -c (which reads the same clocks)' \
	"$(fixed "$g_pv" 1)" "$(fixed "$g_clocks" 1)" "$(ratio "$g_pv" "$g_clocks")" \
	'-' '-'
srow 'g. what the readings cost: bare_loop -m (CLOCK_MONOTONIC only) vs bare_loop' \
	"$(fixed "$g_mono" 1)" "$(fixed "$g_bare" 1)" "$(ratio "$g_mono" "$g_bare")" \
	'-' '-'
srow 'g. and bare_loop -c (the thread CPU clock too) vs bare_loop' \
	"$(fixed "$g_clocks" 1)" "$(fixed "$g_bare" 1)" "$(ratio "$g_clocks" "$g_bare")" \
	'-' '-'
clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource \
	2>/dev/null || echo unknown)
{
	echo '## Streaming and per-call cost'
	echo
	echo "Written by \`scripts/bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), BENCH_STREAM_RUNS=$stream_runs:"
	echo "$("$pv" --version), $(nproc) CPUs, clock source $clocksource. Medians."
	echo
	echo '| what | poolviz median | reference median | ratio | goal | met |'
	echo '|---|---:|---:|---:|---|---|'
	printf '%s\n' "${srows[@]}"
	echo
	cat <<'EOF'
- e, f: `poolviz --calls 100000 --iterations 1 --keylen 16 --no-sync`,
  stdout to /dev/null, with `--format json`, with `--trace FILE`, and
  as it is (text mode); peak RSS from GNU time's %M. JSON and the trace
  are written as the record is walked, so they need no more than text.
- g: `poolviz --calls 1000000 --iterations 1 --keylen 16 --no-sync` against
  `bench/bare_loop 1000000 1 16`, which queues the same PBKDF2 calls with
  uv_queue_work, each worker deriving with its own EVP_KDF context, and
  records nothing. `bare_loop -c` also reads the six clocks poolviz reads
  per call (CLOCK_MONOTONIC when queued, started, ended and delivered;
  CLOCK_THREAD_CPUTIME_ID before and after); `-m` only the four
  CLOCK_MONOTONIC ones. CLOCK_MONOTONIC is read in the vDSO; the thread's
  CPU clock is a system call on every Linux, dear on a VM: those two
  readings per call, which are the measurement itself, are most of the gap
  between poolviz and the bare loop.
EOF
} >"$t/stream.md"
if [ -n "$only_stream" ]; then
	# Replace the section (up to the next "## " heading), or append it.
	if [ -f "$out" ]; then
		awk -v sec="$t/stream.md" '
		/^## Streaming and per-call cost$/ {
			skip = 1
			done = 1
			while ((getline l < sec) > 0)
				print l
			next
		}
		skip && /^## / {
			skip = 0
			print ""
		}
		!skip { print }
		END {
			if (!done) {
				print ""
				while ((getline l < sec) > 0)
					print l
			}
		}' "$out" >"$t/spliced.md"
		cp "$t/spliced.md" "$out"
	else
		cp "$t/stream.md" "$out"
	fi
	cat "$t/stream.md"
	exit 0
fi

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
	echo
	cat "$t/stream.md"
} >"$t/report.md"
cp "$t/report.md" "$out"
cat "$out"
