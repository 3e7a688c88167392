#!/bin/sh
# run.sh: run every suite, count TAP results, end with "N passed, N failed".
# Suites: cmocka unit tests and bats CLI tests, on the release build and on
# the ASan/UBSan build (and TSan, valgrind and fuzzing where they exist).
# usage: tests/run.sh [quick]   (quick: the release build's unit tests and
#        the quick loop's CLI files, below)
#        tests/run.sh job KIND [FILE]   (one job of the pool, below)
set -u
mode=${1:-full}
case $mode in
full | quick | job) ;;
*) echo "usage: tests/run.sh [quick | job KIND [FILE]]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.." || exit 2

# A test that hangs fails after this many seconds instead of hanging the suite.
export BATS_TEST_TIMEOUT="${BATS_TEST_TIMEOUT:-180}"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# since: ", ended N s after the suites began", for a phase's header.
run_t0=$(date +%s)
since() {
	printf ', ended %s s after the suites began' $(($(date +%s) - run_t0))
}
passed=0 failed=0 skipped=0

# busy_ticks: the clock ticks all CPUs spent busy so far (/proc/stat's cpu
# line less idle and iowait), or nothing where there is no /proc/stat.
busy_ticks() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat 2>/dev/null
}
# cpu_share TICKS0 SECS: ", N% of the CPUs": how busy the machine's CPUs
# were, whoever used them, since busy_ticks printed TICKS0, SECS ago; where
# the time is spent waiting, not computing, the share is low.
cpu_share() {
	b1=$(busy_ticks)
	[ -n "$1" ] && [ -n "$b1" ] && [ "$2" -gt 0 ] || return 0
	hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
	n=$(nproc 2>/dev/null || echo 1)
	printf ', %s%% of the CPUs' $(((b1 - $1) * 100 / (hz * n * $2)))
}

# suite NAME CMD...: run one TAP producer; a crash or a non-zero exit with
# no failing test in it counts as one failure, so nothing is lost quietly.
suite() {
	name=$1
	shift
	t0=$(date +%s)
	b0=$(busy_ticks)
	"$@" >"$log" 2>&1
	rc=$?
	t1=$(($(date +%s) - t0))
	tally "$name" "$log" "$rc" "${t1}s$(cpu_share "$b0" "$t1")$(since)"
}

# tally NAME LOG STATUS WHAT [EMPTY_OK]: count one suite's TAP results
# from LOG, its header "== NAME (WHAT)"; the whole log when something
# failed. A log with no result at all is a failure but with EMPTY_OK.
tally() {
	printf '== %s (%s)\n' "$1" "$4"
	[ -f "$2" ] || echo "not ok - $1 left no log" >"$2"
	p=$(grep -c '^ok ' "$2" | tr -d ' ')
	s=$(grep -c '^ok .*# [sS][kK][iI][pP]' "$2" | tr -d ' ')
	f=$(grep -c '^not ok ' "$2" | tr -d ' ')
	p=$((p - s))
	if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $1 exited with status $3" >>"$2"
	elif [ "$p" -eq 0 ] && [ "$s" -eq 0 ] && [ "$f" -eq 0 ] && [ -z "${5:-}" ]; then
		# A suite that ran no test at all did not run what it is for
		# (a build, which has none, says so: EMPTY_OK).
		f=1
		echo "not ok - $1 reported no test" >>"$2"
	fi
	if [ "$f" -gt 0 ]; then
		cat "$2"
	else
		grep -E '^(ok|not ok|==) ' "$2" | sed 's/^/  /'
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
}

# counted NAME LOG RCFILE [MORE [EMPTY_OK]]: tally LOG with the status and
# seconds that RCFILE holds ("STATUS SECS"; none there is a failure), MORE
# after the seconds in its header; where RCFILE.cpu holds what times(1)
# said after the job, the CPU-seconds of its processes too.
counted() {
	rc=1 secs=0 cpu=
	[ -r "$3" ] && read -r rc secs <"$3"
	[ -r "$3.cpu" ] && cpu=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) {
		split($i, a, /[ms]/); s += a[1] * 60 + a[2] }
		printf ", %.0f CPU-s", s }' "$3.cpu")
	tally "$1" "$2" "${rc:-1}" "${secs:-0}s$cpu${4:-}" "${5:-}"
}

# The unit tests: every binary of a build, each into a log of its own,
# then counted in order. Most run $units_jobs at a time: they wait more
# than they compute, and one after the other they took about a minute.
# Those whose tests run a real loop and read its clocks ($units_alone)
# run one at a time, with no build beside them, as the CLI files that
# time the machine do: beside a parallel build, three other binaries and
# two spinning processes, test_measure's quiet run once came out
# inconclusive (ci21).
units_jobs=$((2 * $(nproc 2>/dev/null || echo 2)))
units_alone="test_cpuclock test_experiment test_heartbeat test_measure test_repeat"
tsan_options=halt_on_error=1:exitcode=66:second_deadlock_stack=1
# ASan's: see asan(), below.
asan_options=detect_leaks=1:abort_on_error=1:quarantine_size_mb=4:thread_local_quarantine_size_kb=64
# shellcheck disable=SC2016 # the inner shell expands these
unit_sh='o=$1/$(printf %s "$4" | tr / _)
	t0=$(date +%s)
	env CMOCKA_MESSAGE_OUTPUT=TAP TSAN_OPTIONS="$2" ASAN_OPTIONS="$3" "$4" >"$o.log" 2>&1
	echo "$? $(($(date +%s) - t0))" >"$o.rc"'
# units_list DIR BUILD...: those builds' unit test binaries, in DIR's
# list (all, in order), together and alone.
units_list() {
	ud=$1
	shift
	for build in "$@"; do
		for t in build/"$build"/tests/test_*; do
			[ -x "$t" ] || continue
			case " $units_alone " in
			*" ${t##*/} "*) printf '%s\n' "$t" >>"$ud/alone" ;;
			*) printf '%s\n' "$t" >>"$ud/together" ;;
			esac
			printf '%s\n' "$t"
		done
	done >>"$ud/list"
}
# units_together DIR, units_alone DIR: run DIR's binaries of that kind.
units_together() {
	[ -s "$1/together" ] || return 0
	xargs -P "$units_jobs" -n 1 sh -c "$unit_sh" sh "$1" \
	    "$tsan_options" "$asan_options" <"$1/together"
}
units_alone() {
	[ -s "$1/alone" ] || return 0
	while read -r t; do
		sh -c "$unit_sh" sh "$1" "$tsan_options" "$asan_options" "$t"
	done <"$1/alone"
}
# units_count DIR: count DIR's binaries' logs, in order.
units_count() {
	[ -s "$1/list" ] || return 0
	while read -r t; do
		o=$1/$(printf %s "$t" | tr / _)
		b=${t#build/}
		counted "${b%%/*} unit ${t##*/}" "$o.log" "$o.rc"
	done <"$1/list"
}

# The CLI files. Those whose assertions compare times or CPU shares with
# what the machine had (a spinner's share, a pool's speed-up, a heartbeat's
# gap, a check's verdict on units of a few ms) run apart from the pool:
# one test at a time in each of two lanes (the release build's copies,
# then TSan's, beside ASan's), and quiet.bats alone (below). The others
# run in the pool (below), with TSan's other files, valgrind, the
# fuzzers and the browser: their waits are on events, bounded by
# ceilings that grow with the load (helper.bash). dns.bats is not apart:
# its checks count what ran at once in runs that sleep, and passed
# beside four spinning processes, on the release build and on ASan;
# alone it held the others up for 22 s.
alone="article busy check ci lessons pool quiet scenarios serial sweep work"
# The quick loop's files (make check): the article's lines, checks and
# baselines, options, outputs and formats; make test adds the others
# (busy, dns, lessons, quiet, scenarios, serial, sweep, work, ci, signals,
# hardening, hardening3, live, docs, lint, memory and node).
quick="article check pool options kdf layout tables html doctor formats"
only=
[ "$mode" = quick ] && only=$quick
# cli_files alone|together [NAME...]: the CLI files of that kind, but
# NAMEs (and in the quick loop, only its files).
cli_files() {
	kind=$1
	shift
	for f in tests/cli/*.bats; do
		b=$(basename "$f" .bats)
		case " $* " in *" $b "*) continue ;; esac
		if [ -n "$only" ]; then
			case " $only " in *" $b "*) ;; *) continue ;; esac
		fi
		case " $alone " in
		*" $b "*) [ "$kind" = alone ] && printf '%s ' "$f" ;;
		*) [ "$kind" = together ] && printf '%s ' "$f" ;;
		esac
	done
}
release() {
	env POOLVIZ="$PWD/poolviz" "$@"
}
# ASan: every CLI file but docs.bats (the documents and make install, the
# same on any build), lint.bats (the bats lint, which runs no poolviz; its
# run over tests/cli took 42 s of shellcheck on each build) and live.bats,
# whose tmux waits take
# two and a half minutes on this build; of it, the drawing thread's run
# and its Ctrl-C, which cover every path of the live renderer's memory
# (the release build runs it whole).
# OpenSSL allocates and frees a context on each PBKDF2 iteration, and ASan's
# quarantine turns that churn into fresh pages, each a page fault, which
# this virtual machine makes dear (about 14 us). Its default, 256 MB and
# 1 MB more in each thread, took twice the time a 16 MB one does (check
# and work: 68 s to 38 s). 4 MB, with 64 KB in each thread, still holds
# poolviz's own freed blocks for thousands of allocations, and cut a
# sweep child's run (--calls 8 --pool 8 --iterations 500) from 273 to
# 161 ms of CPU and 13,700 page faults to 6,300; sweep.bats, 37 to 34
# CPU-seconds; the ASan unit tests, 15 to 9 (their default was ASan's).
# Even so a hash takes about 4 times as long under ASan, and 3 under TSan
# (--calls 2 --pool 2 --iterations 200000: 2.4 s of CPU, 11.3 and 7.6): a
# test's run whose length is what it needs is that much shorter in
# iterations there (iters, helper.bash).
asan() {
	env POOLVIZ="$PWD/build/asan/poolviz" POOLVIZ_SANITIZED=1 POOLVIZ_HASH_SLOWDOWN=4 \
	    ASAN_OPTIONS="$asan_options" \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$@"
}
asan_skip="docs lint live"
# The CLI files whose runs start threads in every way poolviz does (the
# pool, offload's worker thread, signals while they run, the other works):
# races live there, and TSan triples a test's time, so the option, format,
# file and load tests run under the release and ASan builds only. Of
# live.bats, the runs where --live's drawer races the loop, a blocked
# main thread, offload's thread and a Ctrl-C; the rest waits on tmux.
tsan() {
	env POOLVIZ="$PWD/build/tsan/poolviz" POOLVIZ_SANITIZED=1 POOLVIZ_HASH_SLOWDOWN=3 \
	    TSAN_OPTIONS="$tsan_options" "$@"
}
tsan_cli="article pool scenarios signals lessons work"

# job KIND [FILE]: one job of the pool, its TAP on stdout. KIND release,
# asan or tsan runs FILE on that build; asan-live and tsan-live their
# part of live.bats; valgrind is memcheck on the release build (errors
# and definite or indirect leaks fail); fuzz is libFuzzer on options_parse
# for 12 s and the baseline reader for 6 s (one TAP line each, their logs
# in .fuzz-out/); browser is the replay page (--html) in headless
# Chromium: every scenario's page from the release build, played,
# stepped, themed and screenshotted into build/browser/
# (projector-1920x1080.png among them).
job() {
	case $1 in
	release | asan | tsan) "$1" bats --tap --timing "$2" ;;
	asan-live)
		asan bats --tap --timing \
			-f 'frames that change while the run goes|Ctrl-C during --live leaves' \
			tests/cli/live.bats ;;
	tsan-live)
		tsan bats --tap --timing \
			-f 'frames that change while the run goes|--live in the|Ctrl-C during --live' \
			tests/cli/live.bats ;;
	valgrind) sh scripts/valgrind.sh ;;
	fuzz) make -s -j"$(nproc 2>/dev/null || echo 2)" fuzz-short ;;
	browser)
		env POOLVIZ="$PWD/poolviz" \
		    UNIT_HTML="$PWD/build/release/tests/test_render_html" \
		    node tests/browser/replay.test.mjs ;;
	*) echo "tests/run.sh: no job '$1'" >&2; return 2 ;;
	esac
}
if [ "$mode" = job ]; then
	shift
	job "$@"
	exit
fi

# pool NAME JOB...: the jobs (each "KIND [FILE]", for job above),
# $pool_jobs at a time in the order given, so the longest go first, each
# into a log of its own; then each counted in that order.
#
# Each job is one bats file run whole, one test after the other. bats's
# own --jobs ran the tests of a file side by side, but its semaphore
# polls once a second and each test paid for it: with --jobs 2 three of
# the quick loop's files took 16 s and 19 CPU-seconds, one after the
# other 9 s and 10 CPU-seconds. The files run together took 329 s and
# 660 CPU-seconds so (ci33), and whole, four files at a time, 415.
pool_jobs=$((2 * $(nproc 2>/dev/null || echo 2)))
# shellcheck disable=SC2016 # the inner shell expands these
pool_sh='t0=$(date +%s)
	sh tests/run.sh job $(cat "$1/$2.job") >"$1/$2.log" 2>&1
	echo "$? $(($(date +%s) - t0))" >"$1/$2.rc"
	times >"$1/$2.rc.cpu"'
pool() {
	pname=$1
	shift
	pdir=$(mktemp -d)
	i=0
	for j in "$@"; do
		i=$((i + 1))
		printf '%s\n' "$j" >"$pdir/$i.job"
		printf '%s\n' "$i"
	done >"$pdir/list"
	t0=$(date +%s)
	b0=$(busy_ticks)
	xargs -r -P "$pool_jobs" -n 1 sh -c "$pool_sh" sh "$pdir" <"$pdir/list"
	t1=$(($(date +%s) - t0))
	printf '== %s, %s at a time (%ss%s%s)\n' "$pname" "$pool_jobs" "$t1" \
	    "$(cpu_share "$b0" "$t1")" "$(since)"
	while read -r i; do
		counted "$(cat "$pdir/$i.job")" "$pdir/$i.log" "$pdir/$i.rc"
	done <"$pdir/list"
	rm -rf "$pdir"
}

# built NAME LOG: count a build that ran beside the unit tests, its
# status and seconds in LOG.rc.
built() {
	counted "$1" "$2" "$2.rc" ", beside the unit tests" build
	rm -f "$2" "$2.rc"
}

# The unit tests. TSan's build and the fuzz targets', which the test
# target does not make, go on while the release and ASan ones that may
# run side by side do (a failed build is one failure); TSan's own that
# may, beside the fuzz build, as soon as TSan's build is done. Then the
# binaries that time the machine, one at a time, with no build beside.
if [ "$mode" = quick ]; then
	udir=$(mktemp -d)
	units_list "$udir" release
	units_together "$udir"
	units_alone "$udir"
	units_count "$udir"
	rm -rf "$udir"
else
	udir=$(mktemp -d)
	tdir=$(mktemp -d)
	tsan_log=$(mktemp)
	fuzz_log=$(mktemp)
	bg_t0=$(date +%s)
	# Two makes, so that a failed fuzz build (clang) stops no TSan job.
	(make -s -j"$(nproc 2>/dev/null || echo 2)" tsan-build >"$tsan_log" 2>&1
	 echo "$? $(($(date +%s) - bg_t0))" >"$tsan_log.rc"
	 (make -s -j"$(nproc 2>/dev/null || echo 2)" fuzz-build >"$fuzz_log" 2>&1
	  echo "$? $(($(date +%s) - bg_t0))" >"$fuzz_log.rc") &
	 units_list "$tdir" tsan
	 units_together "$tdir"
	 wait) &
	bg_pid=$!
	units_list "$udir" release asan
	units_together "$udir"
	wait "$bg_pid"
	units_alone "$udir"
	# Any report ends a TSan run with status 66.
	units_alone "$tdir"
	units_count "$udir"
	built "tsan build" "$tsan_log"
	built "fuzz build" "$fuzz_log"
	units_count "$tdir"
	rm -rf "$udir" "$tdir"
fi

# lane NAME CMD...: run one suite of the alone files into $alone_dir's
# NAME.log, its status and seconds into NAME.rc, for counted.
lane() {
	lname=$1
	shift
	lt0=$(date +%s)
	"$@" >"$alone_dir/$lname.log" 2>&1
	echo "$? $(($(date +%s) - lt0))" >"$alone_dir/$lname.rc"
}
# tsan_share: TSan's copies of the alone files (those of tsan_cli), the
# longest first, each run by the first lane to reach it (its mkdir claims
# it) into $alone_dir's tsan.FILE.log: whichever lane ends first takes
# more of them. (With the release build's copies, then all of TSan's, in
# one lane, that lane took 188 s and ASan's 171, in ci62.)
tsan_share() {
	for f in $(tsan_alone); do
		mkdir "$alone_dir/claim.$f" 2>/dev/null || continue
		lane "tsan.$f" tsan bats --tap --timing "tests/cli/$f.bats"
	done
}
# tsan_alone: the names of those files, the longest first (work.bats
# took 17 s, lessons 13, scenarios 5, article 4, pool 2), each once.
tsan_alone() {
	seen=" "
	for f in work lessons scenarios article pool $tsan_cli; do
		case " $alone " in *" $f "*) ;; *) continue ;; esac
		case $seen in *" $f "*) continue ;; esac
		seen="$seen$f "
		printf '%s\n' "$f"
	done
}

if [ "$mode" = quick ]; then
	# shellcheck disable=SC2046 # the file lists are split on purpose
	suite "release cli, alone" release bats --tap --timing $(cli_files alone)
else
	# Two lanes side by side: the release build's copies of the alone
	# files, and ASan's, then TSan's shared out. Each lane runs one test at a time,
	# so a test there has one other test beside it, never the pool; the
	# suite passes beside two spinning processes, more load than that
	# (ci50). One after the other the three took 259 s at 53 to 57% of
	# the CPUs (ci53), side by side 190 s at 90% (ci54).
	alone_dir=$(mktemp -d)
	at0=$(date +%s)
	ab0=$(busy_ticks)
	# shellcheck disable=SC2046 # the file lists are split on purpose
	# TSan's copies of those files are alone too: in the pool, beside two
	# spinners and three other files, work.bats's checks on the quiet
	# fixture, which cannot see the load, failed (ci38).
	(lane release release bats --tap --timing $(cli_files alone quiet)
	 tsan_share) &
	lane_pid=$!
	# shellcheck disable=SC2046,SC2086
	lane asan asan bats --tap --timing $(cli_files alone quiet $asan_skip)
	tsan_share
	wait "$lane_pid"
	at1=$(($(date +%s) - at0))
	printf '== the alone files in two lanes, release and ASan, then TSan (%ss%s%s)\n' \
	    "$at1" "$(cpu_share "$ab0" "$at1")" "$(since)"
	counted "release cli, alone" "$alone_dir/release.log" "$alone_dir/release.rc"
	counted "asan cli, alone" "$alone_dir/asan.log" "$alone_dir/asan.rc"
	for f in $(tsan_alone); do
		counted "tsan cli, $f.bats alone" "$alone_dir/tsan.$f.log" "$alone_dir/tsan.$f.rc"
	done
	rm -rf "$alone_dir"
	# quiet.bats's tests take one branch on a quiet machine and another
	# on a busy one: beside the other lane, --retries spent its budget
	# instead of keeping a measurement once its neighbour had gone
	# (ci54), and pool 1 against pool 2 skipped as busy (ci55). Alone,
	# each build's copy in turn takes the branch the machine calls for.
	# (busy.bats and sweep.bats whole took 46 s here, at 58% of the CPUs.)
	suite "release cli, quiet.bats alone" release bats --tap --timing tests/cli/quiet.bats
	suite "asan cli, quiet.bats alone" asan bats --tap --timing tests/cli/quiet.bats
fi

# The pool's jobs, the longest first (their seconds in a quiet run at
# 7a084bb, four at a time: ASan's hardening.bats 192, live.bats 142,
# hardening.bats 114, valgrind 88); the quick loop's are its release files.
if [ "$mode" = quick ]; then
	set --
	for f in $(cli_files together); do
		set -- "$@" "release $f"
	done
	pool "the other files" "$@"
else
	set -- "asan tests/cli/hardening.bats" "release tests/cli/live.bats" \
		"release tests/cli/hardening.bats" valgrind \
		"asan tests/cli/hardening3.bats" "release tests/cli/docs.bats" \
		"release tests/cli/hardening3.bats" tsan-live asan-live browser
	for f in $tsan_cli; do
		case " $alone " in *" $f "*) continue ;; esac
		set -- "$@" "tsan tests/cli/$f.bats"
	done
	set -- "$@" fuzz
	for f in $(cli_files together hardening hardening3 live docs); do
		set -- "$@" "release $f"
	done
	# shellcheck disable=SC2086 # the list is split on purpose
	for f in $(cli_files together hardening hardening3 $asan_skip); do
		set -- "$@" "asan $f"
	done
	pool "the other files, TSan, valgrind, fuzzing and the browser" "$@"
fi

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
