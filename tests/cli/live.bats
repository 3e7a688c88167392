#!/usr/bin/env bats
# live.bats: --live and Ctrl-C in a real terminal: a detached tmux session
# of a fixed size, its pane captured while the run goes and what it was
# sent recorded whole. Every wait polls the pane for a condition, bounded,
# or waits on a tmux channel; none sleeps for a guessed time. A test of
# frames that come and go reads them from the recording (split_frames).

load helper

setup() {
	command -v tmux >/dev/null 2>&1 || skip "tmux is not installed (scripts/deps.sh test installs it)"
	sock="$BATS_TEST_TMPDIR/tmux.sock"
	out="$BATS_TEST_TMPDIR/out"
	t=s0
}

teardown() {
	explain_failure
	[ -z "${sock:-}" ] || tmux -S "$sock" kill-server 2>/dev/null || true
	stop_spinner
}

# pane CMD...: run CMD in a new 100x50 terminal (pane_w x pane_h when
# set), a session of its own
# (named in $t); when it ends, the pane says EXIT=<status>, signals the
# tmux channel "$t-exit" (until_exit waits on it) and stays until the
# test ends. What the pane is sent is recorded whole in $rec (tmux
# pipe-pane, attached before CMD starts: the pane's shell waits on the
# channel "$t-go" for it), for split_frames.
pane() {
	local cmd sig go
	printf -v cmd '%q ' "$@"
	t=s$((${t#s} + 1))
	rec="$BATS_TEST_TMPDIR/$t.out"
	printf -v go '%q ' tmux -S "$sock" wait-for "$t-go"
	printf -v sig '%q ' tmux -S "$sock" wait-for -S "$t-exit"
	tmux -S "$sock" new-session -d -x "${pane_w:-100}" -y "${pane_h:-50}" -s "$t" \
	    "$go; TERM=xterm-256color $cmd; echo EXIT=\$?; $sig; exec cat"
	tmux -S "$sock" pipe-pane -t "$t" "cat >>$(printf '%q' "$rec")"
	tmux -S "$sock" wait-for -S "$t-go"
}

capture() {
	tmux -S "$sock" capture-pane -p -t "$t"
}

# until_pane ERE [NOT_ERE]: poll until the pane matches ERE (and not
# NOT_ERE), at most about 60 s times slowness (helper.bash); the capture
# is left in $screen. NOT_ERE names what comes too late and stays (an
# exit, a Done line, a lane): once the pane shows it, the wait has failed,
# at once and with the screen, not after the test's timeout.
# (untraced: helper.bash; so are the polls and the scan below, which
# call poll_pane, already untraced, rather than until_pane.)
until_pane() {
	untraced poll_pane "$@"
}
poll_pane() {
	local rc end=$((SECONDS + $(ceiling 60)))
	while [ "$SECONDS" -lt "$end" ]; do
		screen=$(capture)
		rc=0
		matches "$1" "${2:-}" || rc=$?
		if [ "$rc" -eq 0 ]; then return 0; fi
		if [ "$rc" -eq 2 ]; then
			echo "the pane showed '$2' before '$1':"; printf '%s\n' "$screen"
			return 1
		fi
		nap 0.03
	done
	echo "the pane never matched '$1':"; printf '%s\n' "$screen"
	return 1
}

# matches ERE NOT_ERE: of $screen's lines, 2 when one matches NOT_ERE
# (when given), else 0 when one matches ERE, else 1. One awk for both,
# as a poll runs it on every look (the EREs reach awk through its
# environment, which keeps their backslashes).
matches() {
	M_ERE=$1 M_NOT=$2 awk '
	    ENVIRON["M_NOT"] != "" && $0 ~ ENVIRON["M_NOT"] { late = 1 }
	    $0 ~ ENVIRON["M_ERE"] { yes = 1 }
	    END { exit late ? 2 : yes ? 0 : 1 }' <<<"$screen"
}

# until_exit: wait for the pane's command to end, on the tmux channel
# its shell signals once EXIT=<status> is written (no polling while the
# run goes), at most about 60 s times slowness; then until_pane 'EXIT='
# for the screen, as the server may read the pane's last output after
# the signal.
until_exit() {
	if ! timeout "$(ceiling 60)" tmux -S "$sock" wait-for "$t-exit"; then
		echo "the pane's command never ended:"; capture
		return 1
	fi
	until_pane 'EXIT='
}

# recorded: true once $rec holds the pane's EXIT line (the recording's
# cat may write after the pane's shell signals its channel).
recorded() {
	grep -q 'EXIT=' "$rec" 2>/dev/null
}

# split_frames: after until_exit, what poolviz wrote, cut where it
# erased a frame (ESC [ J), with escape sequences and carriage returns
# taken out: "$rec.K", K from 0 to $nframes - 1, the lines said since
# the last erase and the frame drawn below them (a file that would be
# empty is not made); the last is the final chart. A test that needs a
# frame reads it here rather than polling captures: beside two spinners
# and the suite's other files, a poll was starved past every frame of a
# 400 to 700 ms wait (ci27), past a 1.4 to 2 s blocking hash, three
# runs in a row, and past every frame of a growing heartbeat gap (ci31).
split_frames() {
	wait_until 10 recorded || return 1
	nframes=$(sed 's/\x1b\[J/\n@@FRAME@@\n/g; s/\x1b\[[0-9;?]*[A-Za-z]//g' "$rec" | tr -d '\r' |
	    awk -v p="$rec" '/^@@FRAME@@$/ { n++; next } { print > (p "." (n + 0)) } END { print n + 1 }')
}

# frame K: the Kth piece split_frames made (nothing for an empty one).
frame() {
	cat "$rec.$1" 2>/dev/null || true
}

# watch_frames CHECK CMD...: run CMD in a new pane and CHECK its frames (a
# function that returns 1 as soon as the pane is past what it awaited).
# Beside load the poll may be starved past a frame, so a missed one runs
# CMD again, five runs at most; 1 when all five missed. (Three runs of
# the blocked scenario in a row drew no wait, once in sixteen make tests,
# in the pool of a quiet one: ci64.)
watch_frames() {
	local check=$1 tries=0
	shift
	while :; do
		tries=$((tries + 1))
		pane "$@"
		if "$check"; then
			return 0
		fi
		until_exit || return 1
		[ "$tries" -lt 5 ] || return 1
	done
}

# next_frame ERE NOT_ERE: poll, as until_pane does, until the pane shows a
# frame other than the one in $screen that still matches ERE (and not
# NOT_ERE); 1 when it never does.
next_frame() {
	untraced poll_next_frame "$@"
}
poll_next_frame() {
	local was=$screen end=$((SECONDS + $(ceiling 60)))
	while [ "$SECONDS" -lt "$end" ]; do
		poll_pane "$1" "$2" || return 1
		if [ "$screen" != "$was" ]; then return 0; fi
		nap 0.03
	done
	echo "the pane never changed from:"; printf '%s\n' "$was"
	return 1
}

# until_frame NOT_ERE ERE...: poll, as until_pane does, until one capture
# matches every ERE (and not NOT_ERE). A frame is one write(2), but the
# pty hands it to tmux in pieces (2 KB at most), so a capture may hold
# the top of a frame without its bottom yet; a frame's lines are looked
# for in the same capture, never one after the other.
until_frame() {
	untraced poll_frame "$@"
}
poll_frame() {
	local not=$1 e whole end=$((SECONDS + $(ceiling 60)))
	shift
	while [ "$SECONDS" -lt "$end" ]; do
		poll_pane "$1" "$not" || return 1
		whole=1
		for e in "$@"; do
			matches "$e" '' || whole=0
		done
		if [ "$whole" -eq 1 ]; then return 0; fi
		nap 0.03
	done
	echo "no one capture matched all of: $*"; printf '%s\n' "$screen"
	return 1
}

# rows SCREEN LABEL: how many chart rows begin with LABEL.
rows() {
	printf '%s\n' "$1" | grep -c -- "^$2 " || true
}

# cells SCREEN LABEL: the '#' cells on the first row that begins with LABEL.
cells() {
	printf '%s\n' "$1" | grep -m1 -- "^$2 " | tr -cd '#' | wc -c
}

# axis SCREEN: the axis's labels in ms.
axis() {
	printf '%s\n' "$1" | grep -m1 '^ms '
}

# labels SCREEN: the chart's lane names, in order.
labels() {
	printf '%s\n' "$1" | grep -E '^(main|queue|worker [0-9]+) ' |
	    sed -E 's/^(main|queue|worker [0-9]+) .*/\1/'
}

# first_frame FROM TO ERE [NOT_ERE]: the first K from FROM up to TO - 1
# whose piece (split_frames) matches ERE and not NOT_ERE; 1 when none does.
first_frame() {
	local k
	for ((k = $1; k < $2; k++)); do
		frame "$k" | grep -Eq -- "$3" || continue
		if [ -n "${4:-}" ] && frame "$k" | grep -Eq -- "$4"; then
			continue
		fi
		echo "$k"
		return 0
	done
	return 1
}

# frames: of the frames the run drew (split_frames), $a and $b, two
# different ones while the main thread hashes (its lane, no worker's, and
# before the lines say End Synchronous), $c the first after them with
# worker 2's lane, then a hash waiting in the queue lane and a result's
# delivery mark, each in a frame before the final chart. 1, with what
# was missing, when the run drew no such frames.
frames() {
	untraced find_frames
}
find_frames() {
	local end ka kb kc k last final_title='^4 hashes on a pool'
	split_frames || return 1
	last=$((nframes - 1))
	end=$(first_frame 0 "$last" '^End Synchronous') || {
		echo "End Synchronous was not said before the final chart"; return 1; }
	ka=$(first_frame 0 "$end" '^main +#' '^worker') || {
		echo "no frame of the main thread's hash alone"; return 1; }
	a=$(frame "$ka")
	for ((kb = ka + 1; kb < end; kb++)); do
		b=$(frame "$kb")
		printf '%s\n' "$b" | grep -Eq '^main +#' || continue
		if printf '%s\n' "$b" | grep -Eq '^worker'; then continue; fi
		if [ "$b" != "$a" ]; then break; fi
	done
	[ "$kb" -lt "$end" ] || { echo "the main thread's frame never changed"; return 1; }
	kc=$(first_frame $((kb + 1)) "$last" '^worker 2 +.*#' "$final_title") || {
		echo "no frame with worker 2's lane before the final chart"; return 1; }
	c=$(frame "$kc")
	# The lines stream above the frames: Scheduled is said while the run
	# goes, before the final chart (a worker's frame may come first).
	said=$(for ((k = 0; k < last; k++)); do frame "$k"; done)
	first_frame "$kc" "$last" '^queue +.*\.' "$final_title" >/dev/null || {
		echo "no frame with a hash waiting in the queue lane"; return 1; }
	first_frame "$kc" "$last" '^main +.*\*' "$final_title" >/dev/null || {
		echo "no frame with a result's delivery mark"; return 1; }
}

@test "--live draws frames that change while the run goes, then the timeline's chart" {
	pane "$POOLVIZ" --live --notes --ascii --calls 4 --pool 2 --iterations "$(iters 100000)"
	until_exit
	final=$screen
	frames
	[ "$(tmux -S "$sock" display -p -t "$t" '#{cursor_flag}')" = 1 ]

	[ "$a" != "$b" ]
	[ "$b" != "$c" ]
	[ "$(rows "$a" worker)" -eq 0 ]
	[ "$(rows "$c" worker)" -ge 1 ]
	# The main lane grew under the blocking hash: more cells on the same
	# axis, or the axis stepped out past it (it only ever widens).
	if [ "$(axis "$a")" = "$(axis "$b")" ]; then
		[ "$(cells "$b" main)" -gt "$(cells "$a" main)" ]
	else
		# Its last label (a fraction of a ms early on) is further out.
		awk -v a="$(axis "$a" | awk '{print $NF}')" \
		    -v b="$(axis "$b" | awk '{print $NF}')" 'BEGIN { exit !(b + 0 > a + 0) }'
	fi
	# The lines stream above the frame.
	printf '%s\n' "$said" | grep -q '^Scheduled all async tasks: '
	# The last frame is the timeline: one chart, whole, with its axis,
	# legend and notes, and lanes as --timeline draws them in this terminal.
	[[ "$final" == *"EXIT=0"* ]]
	[ "$(rows "$final" main)" -eq 1 ]
	[ "$(rows "$final" 'worker 1')" -eq 1 ]
	[ "$(rows "$final" 'worker 2')" -eq 1 ]
	[ "$(rows "$final" 'worker 3')" -eq 0 ]
	[ "$(rows "$final" ms)" -eq 1 ]
	printf '%s\n' "$final" | grep -q '^# hashing'
	printf '%s\n' "$final" | grep -q '^4 hashes on a pool of 2'
	[ "$(printf '%s\n' "$final" | grep -c '^Async Hash [0-9] Done')" -eq 4 ]
	pane "$POOLVIZ" --timeline --notes --ascii --calls 4 --pool 2 --iterations "$(iters 100000)"
	until_exit
	[ "$(labels "$final")" = "$(labels "$screen")" ]
	[ "$(printf '%s\n' "$final" | grep -A1 '^ ' | head -1 | wc -c)" -eq \
	    "$(printf '%s\n' "$screen" | grep -A1 '^ ' | head -1 | wc -c)" ]
}

@test "--live in the blocked scenario: the heartbeat's gap grows while the main thread hashes" {
	pane "$POOLVIZ" --live --ascii --scenario blocked --calls 2 --pool 2 --iterations "$(iters 150000)"
	until_exit
	[[ "$screen" == *"EXIT=0"* ]]
	split_frames
	# The gap each frame drew, in order, the final chart left out: the
	# first, and the last, longer.
	gaps=$(for ((k = 0; k < nframes - 1; k++)); do frame "$k"; done |
	    sed -nE 's/^heartbeat .*[^0-9]([0-9]+) ms gap.*/\1/p')
	g1=$(printf '%s\n' "$gaps" | head -n 1)
	g2=$(printf '%s\n' "$gaps" | tail -n 1)
	[ -n "$g1" ]
	[ "$g2" -gt "$g1" ]
}

# waits SCREEN: the longest run of '~' (the wait for the loop) on a worker row.
waits() {
	printf '%s\n' "$1" | grep -E '^worker [0-9]+ ' | grep -oE '~+' |
	    awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }'
}

# waits_written FILE: of the frames poolviz wrote (FILE, the pane's
# output as tmux piped it), worker 1's rows in order until the first with
# a delivery mark: the first wait drawn ($n1 cells) and the longest after
# it ($n2), "0 0" when there were none.
waits_written() {
	sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$1" | tr '\r' '\n' | awk '
	    /^worker 1 / { if (index($0, "*")) exit
		n = 0; s = $0
		while (match(s, /~+/)) { if (RLENGTH > n) n = RLENGTH; s = substr(s, RSTART + RLENGTH) }
		if (n > 0 && a == 0) a = n; else if (n > b) b = n }
	    END { print a + 0, b + 0 }'
}

# wait_grows: in the pane just started (the blocked scenario), a frame
# with the worker's unit ended and waiting for the loop ($n1 cells of
# wait), then a later one with a longer wait ($n2), both before the
# delivery. The frames are read from what poolviz wrote (tmux
# pipe-pane), not polled: beside two spinners and the suite's other
# files a poll was starved past every frame of a 400 to 700 ms wait, in
# all three runs (ci27). 1 when the run drew no growing wait.
wait_grows() {
	# Not until_exit: watch_frames waits on the channel when this fails.
	until_pane 'EXIT=' || return 1
	wait_until 10 recorded || return 1
	read -r n1 n2 < <(waits_written "$rec")
	if [ "$n1" -gt 0 ] && [ "$n2" -gt "$n1" ]; then return 0; fi
	echo "the frames drew worker 1's wait as $n1, then at most $n2 cells"
	return 1
}

@test "--live in the blocked scenario: a unit's wait for the loop grows in the frames before its delivery" {
	# One worker beside the main thread's two units: its unit ends about
	# half way, and waits the other half, long enough for several frames.
	# A busy machine's scheduler may starve the worker until the main
	# thread is nearly done (a quiet fresh clone's make test once saw a
	# wait of 149 ms of 5.7 s): then the run is tried again (five runs
	# at most). A poolviz that never draws the wait fails all five.
	watch_frames wait_grows "$POOLVIZ" --live --ascii --scenario blocked --calls 1 --pool 1 --iterations "$(iters 300000)"
	[[ "$screen" == *"EXIT=0"* ]]
	[ "$n2" -gt "$n1" ]
	# The final chart: the wait ends in its delivery mark.
	[ "$(printf '%s\n' "$screen" | grep -cE '^worker 1 +.*~+\*')" -eq 1 ]
}

# thread_frames: two frames of the offload run, $a and $b, with the
# worker thread's lane, before the loop hears of its result; 1 as soon
# as the pane is past them.
thread_frames() {
	until_pane '^worker thread +.*#' 'EXIT=|^Worker Thread .* Done' || return 1
	a=$screen
	next_frame '^worker thread +.*#' 'EXIT=|^Worker Thread .* Done' || return 1
	b=$screen
}

@test "--live in the offload scenario: the worker thread's lane is drawn while it hashes" {
	# The thread hashes for about a second; a poll starved past it (a
	# quiet fresh clone's make test, beside its parallel files, once
	# was) tries the run again, five runs at most.
	watch_frames thread_frames "$POOLVIZ" --live --ascii --scenario offload --calls 2 --pool 2 --iterations "$(iters 150000)"
	until_exit
	[[ "$screen" == *"EXIT=0"* ]]
	# Two different frames, both with the lane, and none of them the end.
	[ "$a" != "$b" ]
	[ "$(rows "$b" 'worker thread')" -eq 1 ]
	[ "$(printf '%s\n' "$b" | grep -c '^Worker Thread .* Done')" -eq 0 ]
	# The heartbeat goes on ticking, and the frame draws its ticks.
	[ "$(printf '%s\n' "$b" | grep -m1 '^heartbeat ' | tr -cd "'" | wc -c)" -ge 5 ]
	# The last frame, the timeline's chart, keeps it.
	[ "$(rows "$screen" 'worker thread')" -eq 1 ]
}

# At most RENDER_LIVE_FPS (20) frames a second, as the next frame waits a
# period after the last is out; and frames at all, on any machine.
@test "--live draws at most 20 frames a second, and more than a few" {
	pane sh -c 'POOLVIZ_LIVE_COST=1 exec "$0" --live --ascii --calls 4 --pool 2 --iterations 150000 2>"$1"' "$POOLVIZ" "$out"
	until_exit
	[[ "$screen" == *"EXIT=0"* ]]
	frames=$(sed -nE 's/^poolviz: live drawing used .*, ([0-9]+) frames in [0-9]+ ms$/\1/p' "$out")
	ms=$(sed -nE 's/^poolviz: live drawing used .*, [0-9]+ frames in ([0-9]+) ms$/\1/p' "$out")
	[ -n "$frames" ]
	[ -n "$ms" ]
	# The view's life bounds the frames: 20 a second, plus one.
	[ "$frames" -le $(( (ms + 1) * 20 / 1000 + 1 )) ]
	[ "$frames" -ge 3 ]
	# and that life spans the run's: it starts before the run's clock, so
	# it is at least as long as the last Done (both are truncated to ms).
	done_ms=$(printf '%s\n' "$screen" | sed -nE 's/^Async Hash [0-9] Done: ([0-9]+)ms$/\1/p' | sort -n | tail -1)
	[ "$ms" -ge "$done_ms" ]
}

# coloured: of what the pane was sent ($rec), erase by erase (ESC [ J),
# "DRAWN DURING FINAL": how many frames were drawn before the final
# chart, how many of those hold a colour (an SGR setting a foreground or
# background), and 1 when the final chart does, else 0.
coloured() {
	sed 's/\x1b\[J/\n@@FRAME@@\n/g' "$rec" | awk '
	    /^@@FRAME@@$/ { n++; next }
	    /\033\[[0-9;]*[34][0-9]m/ { c[n] = 1 }
	    END { for (k = 1; k < n; k++) during += c[k]
		print n - 1, during + 0, c[n] + 0 }'
}

# colour_run ENV...: a short --live run in a new pane, under env ENV...;
# once it has ended and its recording is whole, sets drawn, during and
# final (coloured). The frames are read from what the pane was sent, so
# the run need only last a few frames, however busy the machine.
colour_run() {
	pane env "$@" "$POOLVIZ" --live --ascii --calls 4 --pool 2 --iterations 40000
	until_exit || return 1
	[[ "$screen" == *"EXIT=0"* ]] || return 1
	wait_until 10 recorded || return 1
	read -r drawn during final < <(coloured)
	echo "under env $*: $during of $drawn frames in colour, the final chart $final"
}

# Colour follows --timeline's rules: on in a terminal, off with NO_COLOR,
# in the frames drawn while the run goes as in the last one.
@test "--live's frames are in colour on a terminal, and not with NO_COLOR" {
	colour_run -u NO_COLOR
	[ "$drawn" -ge 2 ]
	[ "$during" -ge 2 ]
	[ "$final" -eq 1 ]
	colour_run NO_COLOR=1
	[ "$drawn" -ge 2 ]
	[ "$during" -eq 0 ]
	[ "$final" -eq 0 ]
}

@test "--live needs a terminal, and is refused where it would be ignored" {
	run_split "$POOLVIZ" --live
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "poolviz: --live needs a terminal; use --timeline" ]
	run_split "$POOLVIZ" --live --format json
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "poolviz: --live: does not apply to --format json"* ]]
	run_split "$POOLVIZ" --live --repeat 2
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == "poolviz: --live: does not apply with --repeat"* ]]
}

@test "Ctrl-C during --live leaves the cursor shown, one whole chart, and exits 130" {
	pane "$POOLVIZ" --live --ascii --no-sync --calls 6 --pool 2 --iterations "$(iters 400000)"
	until_pane '^worker 2 +.*#' 'EXIT='
	[ "$(tmux -S "$sock" display -p -t "$t" '#{cursor_flag}')" = 0 ]
	tmux -S "$sock" send-keys -t "$t" C-c
	until_exit
	[[ "$screen" == *"EXIT=130"* ]] || { printf "%s\n" "$screen"; false; }
	[ "$(tmux -S "$sock" display -p -t "$t" '#{cursor_flag}')" = 1 ]
	printf '%s\n' "$screen" | grep -q '^poolviz: stopping: waiting for 2 running hashes (Ctrl-C again to quit now)$'
	[ "$(rows "$screen" main)" -le 1 ]
	[ "$(rows "$screen" 'worker 1')" -eq 1 ]
	[ "$(rows "$screen" ms)" -eq 1 ]
}

# hashes_running: in the pane just started, the hashes scheduled and
# none done yet: the moment to interrupt the run. 1 once one is done (a
# poll beside two spinners was once starved past the first hashes'
# 1.6 s, ci34): watch_frames then runs it again.
hashes_running() {
	until_pane '^Scheduled all async tasks' 'EXIT=|Done'
}

@test "Ctrl-C on a terminal says what it waits for, and the running hashes still get their lines" {
	watch_frames hashes_running "$POOLVIZ" --no-sync --calls 6 --pool 2 --iterations 400000
	tmux -S "$sock" send-keys -t "$t" C-c
	until_exit
	[[ "$screen" == *"EXIT=130"* ]] || { printf "%s\n" "$screen"; false; }
	after=$(printf '%s\n' "$screen" | sed -n '/^poolviz: stopping: waiting for 2 running hashes (Ctrl-C again to quit now)$/,$p')
	[ -n "$after" ]
	# The two running get their lines, and no queued hash starts: two
	# lines after the message, whichever two hashes ran (hash 1 may end
	# between the look and the key, so that 2 and 3 ran: beside two
	# spinners, ci63).
	[ "$(printf '%s\n' "$after" | grep -c '^Async Hash [0-9] Done: ')" -eq 2 ]
}

@test "SIGTERM on a terminal says what it waits for too, and exits 143" {
	watch_frames hashes_running "$POOLVIZ" --no-sync --calls 6 --pool 2 --iterations 400000
	# The pane's shell runs poolviz as its child: signal that PID alone.
	shell=$(tmux -S "$sock" display -p -t "$t" '#{pane_pid}')
	pid=$(pgrep -P "$shell" -x poolviz)
	[ -n "$pid" ]
	kill -TERM "$pid"
	until_exit
	[[ "$screen" == *"EXIT=143"* ]] || { printf "%s\n" "$screen"; false; }
	after=$(printf '%s\n' "$screen" | sed -n '/^poolviz: stopping: waiting for 2 running hashes (Ctrl-C again to quit now)$/,$p')
	[ -n "$after" ]
	[ "$(printf '%s\n' "$after" | grep -c '^Async Hash [0-9] Done: ')" -eq 2 ]
}

@test "Ctrl-C in a chart's run: the chart starts on a fresh line" {
	watch_frames hashes_running "$POOLVIZ" --timeline --ascii --no-sync --calls 6 --pool 2 --iterations 400000
	tmux -S "$sock" send-keys -t "$t" C-c
	until_exit
	[[ "$screen" == *"EXIT=130"* ]] || { printf "%s\n" "$screen"; false; }
	# Every row of the chart begins at the left edge.
	[ "$(rows "$screen" main)" -eq 1 ]
	[ "$(rows "$screen" ms)" -eq 1 ]
	[ "$(printf '%s\n' "$screen" | grep -c '^^Cmain')" -eq 0 ]
}

@test "an interrupted --repeat counts its runs of how many, in text and JSON" {
	pane "$POOLVIZ" --repeat 10 --check --no-sync --calls 2 --pool 2 --iterations 100000
	until_pane 'poolviz: run 3 of 10' 'EXIT='
	tmux -S "$sock" send-keys -t "$t" C-c
	until_exit
	[[ "$screen" == *"EXIT=130"* ]] || { printf "%s\n" "$screen"; false; }
	printf '%s\n' "$screen" | grep -Eq '^[0-9]+ of 10 runs \(interrupted\):$'
	printf '%s\n' "$screen" | grep -Eq '^The checks below judge a partial set: [0-9]+ of 10 runs\.$'

	pane sh -c 'exec "$0" --repeat 10 --check --no-sync --calls 2 --pool 2 --iterations 100000 --format json >"$1"' "$POOLVIZ" "$out"
	until_pane 'poolviz: run 3 of 10' 'EXIT='
	tmux -S "$sock" send-keys -t "$t" C-c
	until_exit
	[[ "$screen" == *"EXIT=130"* ]] || { printf "%s\n" "$screen"; false; }
	jq -e '.runs_requested == 10 and .runs_done >= 2 and .runs_done < 10
		and (.runs | length) == .runs_done and .partial == true' "$out" >/dev/null
}

@test "--repeat's progress line shares the sweep's wording and erases to the end of the line" {
	command -v script >/dev/null || skip "no script(1)"
	run script -qec "$POOLVIZ --repeat 2 --warmup 1 --calls 1 --iterations 1000 >/dev/null" /dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\rpoolviz: warm-up 1 of 1\e[K'* ]]
	[[ "$output" == *$'\rpoolviz: run 1 of 2\e[K'* ]]
	[[ "$output" == *$'\rpoolviz: run 2 of 2\e[K'* ]]
}

@test "Ctrl-C during --live's blocking hash ends poolviz at once, the cursor shown" {
	pane "$POOLVIZ" --live --ascii --calls 2 --pool 2 --iterations 2000000
	until_pane '^main +#' 'EXIT=|^End Synchronous'
	[ "$(tmux -S "$sock" display -p -t "$t" '#{cursor_flag}')" = 0 ]
	tmux -S "$sock" send-keys -t "$t" C-c
	until_exit
	[[ "$screen" == *"EXIT=130"* ]] || { printf '%s\n' "$screen"; false; }
	[ "$(tmux -S "$sock" display -p -t "$t" '#{cursor_flag}')" = 1 ]
	[ "$(printf '%s\n' "$screen" | grep -c '^End Synchronous')" -eq 0 ]
}

@test "--live in the dns scenario: lookups and file reads are drawn on the workers" {
	pane "$POOLVIZ" --live --ascii --scenario dns --calls 8 --pool 4
	until_exit
	[[ "$screen" == *"EXIT=0"* ]] || { printf '%s\n' "$screen"; false; }
	[ "$(rows "$screen" 'worker [0-9]')" -eq 4 ]
	printf '%s\n' "$screen" | grep -q 'dns N a lookup'
	printf '%s\n' "$screen" | grep -q '^DNS lookups hold at most (n + 1) / 2'
}

# joined: the pane as its lines were written, wrapped rows joined again.
joined() {
	tmux -S "$sock" capture-pane -p -J -t "$t"
}

# fits WHAT WIDTH: the pane, its run over, shows the main lane, worker 1,
# the axis and the legend, each once, and no chart row wider than WIDTH.
fits() {
	local all
	all=$(joined)
	echo "$1:"
	printf '%s\n' "$all"
	[[ "$all" == *"EXIT=0"* ]]
	[ "$(rows "$all" main)" -eq 1 ]
	[ "$(rows "$all" 'worker 1')" -eq 1 ]
	[ "$(rows "$all" ms)" -eq 1 ]
	[ "$(printf '%s\n' "$all" | grep -cE '^# (hashing|running)')" -eq 1 ]
	printf '%s\n' "$all" | grep -E '^(main|worker|heartbeat|queue|ms|[a-z]+ probe|# |\.\.\. ) ' |
	    awk -v w="$2" 'length > w { bad = 1 } END { exit bad }'
}

# lesson SCENARIO: the first words of the scenario's lesson ("" for the article).
lesson() {
	case $1 in
	blocked) echo 'The pool finished' ;;
	offload) echo 'With the blocking work' ;;
	starve) echo '(File and DNS work waited|With workers free)' ;;
	dns) echo 'DNS lookups hold' ;;
	*) echo '' ;;
	esac
}

@test "at 80x24 every scenario's last screen holds the last Done lines, the whole chart and a lesson of two lines" {
	pane_w=80
	pane_h=24
	for s in article blocked offload starve dns; do
		for mode in --timeline --live; do
			pane env -u COLUMNS "$POOLVIZ" "$mode" --ascii --scenario "$s" --iterations 20000
			until_exit
			fits "$s $mode" 80
			printf '%s\n' "$screen" | grep -qE '^Async (Hash|Lookup|File Read) [0-9]+ Done'
			first=$(lesson "$s")
			if [ -n "$first" ]; then
				# The lesson, then only the line that says the run is over
				# (and on a busy machine the note that says so).
				[ "$(joined | sed -nE "/^$first/,/^EXIT=/p" |
				    grep -vc '^poolviz: note: ')" -le 3 ]
				printf '%s\n' "$screen" | grep -qE "^$first"
			fi
		done
	done
}

@test "at 60x20 every scenario's last screen keeps the main lane, a worker, the axis and the legend" {
	pane_w=60
	pane_h=20
	for s in article blocked offload starve dns; do
		for mode in --timeline --live; do
			pane env -u COLUMNS "$POOLVIZ" "$mode" --ascii --scenario "$s" --iterations 20000
			until_exit
			fits "$s $mode" 60
		done
	done
}

@test "more workers than rows: the first lanes and a count, never the axis or the legend cut" {
	pane_w=80
	pane_h=24
	pane env -u COLUMNS "$POOLVIZ" --live --ascii --no-sync --calls 32 --pool 32 --iterations 30000
	# A frame while the run goes: the count, the axis and the legend.
	until_frame 'EXIT=' '^\.\.\. [0-9]+ more workers$' '^ms ' '^# hashing'
	until_exit
	fits "--live, 32 workers" 80
	printf '%s\n' "$screen" | grep -qE '^\.\.\. [0-9]+ more workers$'
	[ "$(printf '%s\n' "$screen" | grep -cE '^worker [0-9]+ ')" -le 16 ]
	pane env -u COLUMNS "$POOLVIZ" --timeline --ascii --no-sync --calls 32 --pool 32 --iterations 2000
	until_exit
	fits "--timeline, 32 workers" 80
	printf '%s\n' "$screen" | grep -qE '^\.\.\. [0-9]+ more workers$'
	# Not on a terminal the chart has a lane for each worker up to the
	# highest that hashed: as many as the same run's trace names, and
	# as its hashes' highest thread id. (How many hashed is the
	# machine's: a worker that ended early takes another hash before a
	# late one starts: beside load, 15 of 32 once did.)
	run "$POOLVIZ" --timeline --ascii --no-sync --calls 32 --pool 32 \
	    --iterations "$(iters 20000)" --trace "$BATS_TEST_TMPDIR/32.json"
	[ "$status" -eq 0 ]
	lanes=$(printf '%s\n' "$output" | grep -cE '^worker [0-9]+ ')
	workers=$(jq '[.traceEvents[] | select(.ph == "M" and (.args.name | startswith("worker ")))] | length' \
	    "$BATS_TEST_TMPDIR/32.json")
	highest=$(jq '[.traceEvents[] | select(.ph == "X" and .cat == "hash") | .tid] | max' \
	    "$BATS_TEST_TMPDIR/32.json")
	[ "$workers" -ge 2 ]
	[ "$highest" -eq "$workers" ]
	[ "$lanes" -eq "$workers" ]
	[ "$(printf '%s\n' "$output" | grep -c 'more workers')" -eq 0 ]
}

@test "--live follows a resize: one copy of each lane, none wider than the new width" {
	pane_w=100
	pane_h=30
	pane env -u COLUMNS "$POOLVIZ" --live --ascii --scenario blocked --calls 4 --pool 4 --iterations 400000
	until_pane '^main +#' 'EXIT=|^End Synchronous'
	tmux -S "$sock" resize-window -t "$t" -x 60 -y 20
	# A frame drawn at the new size while the run goes: its axis fits.
	until_pane '^ms ' 'EXIT=|^End Synchronous'
	[ "$(joined | grep -m1 '^ms ' | awk '{ print length }')" -le 60 ]
	until_exit
	fits "shrunk to 60x20" 60
	all=$(joined)
	for lane in heartbeat 'worker 2' 'worker 3' 'worker 4'; do
		[ "$(rows "$all" "$lane")" -eq 1 ]
	done
	# The lines go on above the chart: the last one before it is there once.
	[ "$(printf '%s\n' "$all" | grep -c '^Heartbeat stalled: ')" -eq 1 ]
}

@test "a run a CPU quota held says how much slower on a terminal, after its lines; piped, nothing" {
	[ "$(nproc)" -ge 2 ] || skip "a quota of one CPU binds only with two or more"
	pane env POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quota-1" \
	    "$POOLVIZ" --calls 2 --pool 2 --iterations 20000
	until_exit
	[[ "$screen" == *"EXIT=0"* ]]
	# The last line before the end, after every Done line.
	last=$(joined | grep -B1 '^EXIT=' | head -1)
	[ "$last" = "poolviz: note: a CPU quota of 1.0: expect 2.0x a quiet machine's times" ]
	[ "$(printf '%s\n' "$screen" | grep -c '^poolviz: note:')" -eq 1 ]
	POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quota-1" \
	    run_split "$POOLVIZ" --calls 2 --pool 2 --iterations 20000
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# A quiet machine: no note on the terminal either.
	pane env POOLVIZ_MACHINE_ROOT="$BATS_TEST_DIRNAME/../fixtures/machine/quiet" \
	    "$POOLVIZ" --calls 2 --pool 2 --iterations 20000
	until_exit
	[[ "$screen" == *"EXIT=0"* ]]
	[ "$(printf '%s\n' "$screen" | grep -c '^poolviz: note:')" -eq 0 ]
}

@test "beside a spinning process a plain run on a terminal says how much slower to expect; piped, nothing" {
	spin
	pane env -u POOLVIZ_MACHINE_ROOT "$POOLVIZ" --calls 2 --pool 2 --iterations 100000
	until_exit
	env -u POOLVIZ_MACHINE_ROOT "$POOLVIZ" --calls 2 --pool 2 --iterations 100000 >"$out" 2>"$out.err"
	kill "$spinner"
	wait "$spinner" || true
	spinner=""
	[[ "$screen" == *"EXIT=0"* ]]
	last=$(joined | grep -B1 '^EXIT=' | head -1)
	printf '%s\n' "$last" | grep -Eq "^poolviz: note: others used [0-9.]+ of [0-9]+ CPUs.*: expect ([0-9]+\\.[0-9]x a quiet machine's times|far longer than on a quiet machine)\$"
	[ "$(printf '%s\n' "$screen" | grep -c '^poolviz: note:')" -eq 1 ]
	[ ! -s "$out.err" ]
	[ "$(grep -c '^Async Hash [0-9]* Done' "$out")" -eq 2 ]
}

# queue_rows K: the queue lane's rows in piece K (split_frames); a blank
# lane is its name alone.
queue_rows() {
	frame "$1" | grep -cE '^queue( |$)' || true
}

@test "--live: the queue lane is there from the first frame when hashes can queue, and never when they cannot" {
	# The frames are read from what the pane was sent (split_frames),
	# so the run need only last a few frames, however busy the machine.
	pane env -u COLUMNS "$POOLVIZ" --live --ascii --calls 4 --pool 2 --iterations "$(iters 100000)"
	until_exit
	[[ "$screen" == *"EXIT=0"* ]]
	split_frames
	# A frame before any worker: the queue lane already holds its row.
	k=$(first_frame 0 $((nframes - 1)) '^main +#' '^worker')
	[ "$(queue_rows "$k")" -eq 1 ]
	[ "$(printf '%s\n' "$screen" | grep -cE '^queue( |$)')" -eq 1 ]
	# As many workers as calls: the threads' start-up is no queue, in
	# any frame.
	pane env -u COLUMNS "$POOLVIZ" --live --ascii --calls 2 --pool 2 --iterations "$(iters 100000)"
	until_exit
	[[ "$screen" == *"EXIT=0"* ]]
	split_frames
	first_frame 0 $((nframes - 1)) '^worker 1 +.*#' >/dev/null
	queued=0
	for ((k = 0; k < nframes; k++)); do
		queued=$((queued + $(queue_rows "$k")))
	done
	[ "$queued" -eq 0 ]
	[ "$(printf '%s\n' "$screen" | grep -cE '^queue( |$)')" -eq 0 ]
}
