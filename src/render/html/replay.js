/* replay.js: plays a poolviz run back over its SVG, with a time cursor,
   the run's lines as the cursor passes them, steps, speeds and a pause
   to predict. Reads only the page: no network, no framework. */
(function () {
"use strict";

var SPEEDS = [0.1, 0.25, 0.5, 1, 2];
var SVGNS = "http://www.w3.org/2000/svg";
var PROBE = { fs: "file", dns: "DNS", tcp: "TCP" };
var FRAG_MS = 500;	/* while playing, the fragment follows this often */

function $(id) { return document.getElementById(id); }
function num(v) { return typeof v === "number" && isFinite(v); }
function fmt(ms) { return (Math.round(ms * 10) / 10).toFixed(1); }

var run = JSON.parse($("run").textContent);
var root = document.documentElement;
/* The work's unit as the record names it (config.noun), so one map of them. */
var unit = run.config && typeof run.config.noun === "string" &&
    run.config.noun !== "" ? run.config.noun : "unit";

/*
 * Every event, in time order: a unit queued, started, ended, delivered;
 * the blocking work's start and end; a probe's start and done. Equal
 * times keep a unit's order of life.
 */
function collect() {
	var ev = [];

	function add(ms, what, rank) {
		if (num(ms))
			ev.push({ ms: ms, what: what, rank: rank, n: ev.length });
	}
	if (run.sync) {
		add(run.sync.start_ms, "blocking work starts on main", 1);
		add(run.sync.end_ms, "blocking work ends on main", 2);
	}
	if (run.worker_thread) {
		var w = run.worker_thread;
		add(w.start_ms, "blocking work starts on the worker thread", 1);
		add(w.end_ms, "blocking work ends on the worker thread", 2);
		add(w.done_ms, "the worker thread's result delivered on main", 3);
	}
	(run.tasks || []).forEach(function (t) {
		var name = unit + " " + t.id;
		add(t.queued_ms, name + " queued", 0);
		add(t.start_ms, name + " starts on worker " + t.worker, 1);
		add(t.end_ms, name + " ends, done, waiting for the loop", 2);
		add(t.done_ms, name + " delivered on main", 3);
	});
	(run.probes || []).forEach(function (p) {
		var name = (PROBE[p.kind] || p.kind) + " probe";
		add(p.start_ms, name + " starts", 1);
		add(p.done_ms, name + " done", 3);
	});
	ev.sort(function (a, b) {
		return a.ms - b.ms || a.rank - b.rank || a.n - b.n;
	});
	return ev.map(function (e) { return { ms: e.ms, what: e.what }; });
}

var events = collect();
/* The lines in the order they printed, which is the order of their ms. */
var lines = (run.lines || []).filter(function (l) {
	return num(l.ms);
}).sort(function (a, b) { return a.ms - b.ms; });
var duration = 0;
events.forEach(function (e) { duration = Math.max(duration, e.ms); });
lines.forEach(function (l) { duration = Math.max(duration, l.ms); });
var scheduled = null;	/* when the predict mode asks */
lines.forEach(function (l) {
	if (scheduled === null && /^Scheduled all async tasks/.test(l.text))
		scheduled = l.ms;
});

/* The SVG's time axis, from the data-* attributes its renderer wrote. */
var svg = document.querySelector("#timeline svg");
var scale = null;
if (svg) {
	var a = ["data-t0-x", "data-px-per-ms", "data-plot-top",
	    "data-plot-bottom", "data-plot-right"].map(function (n) {
		return parseFloat(svg.getAttribute(n));
	});
	if (a.every(num))
		scale = { x0: a[0], k: a[1], top: a[2], bottom: a[3], right: a[4] };
}
var veil, cursor;
if (scale) {
	veil = document.createElementNS(SVGNS, "rect");
	veil.setAttribute("id", "veil");
	veil.setAttribute("fill", "#fff");
	veil.setAttribute("y", scale.top);
	veil.setAttribute("height", scale.bottom - scale.top);
	cursor = document.createElementNS(SVGNS, "line");
	cursor.setAttribute("id", "cursor");
	cursor.setAttribute("stroke", "#d00000");
	cursor.setAttribute("stroke-width", "2");
	cursor.setAttribute("y1", scale.top - 4);
	cursor.setAttribute("y2", scale.bottom + 4);
	svg.appendChild(veil);
	svg.appendChild(cursor);
}

var ui = {
	play: $("play"), prev: $("prev"), next: $("next"), speed: $("speed"),
	predict: $("predict"), theme: $("theme"), scrub: $("scrub"),
	clock: $("clock"), lines: $("lines"), now: $("now"), ask: $("ask"),
	go: $("go")
};
var items = lines.map(function (l) {
	var li = document.createElement("li");
	li.textContent = l.text;
	li.className = "future";
	ui.lines.appendChild(li);
	return li;
});

var state = {
	t: 0, ei: -1, shown: 0, playing: false, speed: 1, asking: false,
	pending: true, last: 0, frag: 0, raf: 0, fragSet: ""
};

/* How many of list, sorted by ms, are at or before t. */
function passed(list, t) {
	var lo = 0, hi = list.length;
	while (lo < hi) {
		var mid = (lo + hi) >> 1;
		if (list[mid].ms <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

function counts(t) {
	var c = { queue: 0, run: 0, wait: 0, done: 0 };
	(run.tasks || []).forEach(function (k) {
		if (num(k.done_ms) && k.done_ms <= t)
			c.done++;
		else if (num(k.end_ms) && k.end_ms <= t)
			c.wait++;
		else if (num(k.start_ms) && k.start_ms <= t)
			c.run++;
		else if (num(k.queued_ms) && k.queued_ms <= t)
			c.queue++;
	});
	return c;
}

function draw() {
	var t = state.t;
	if (scale) {
		var x = scale.x0 + t * scale.k;
		cursor.setAttribute("x1", x);
		cursor.setAttribute("x2", x);
		veil.setAttribute("x", x + 1);
		veil.setAttribute("width", Math.max(0, scale.right - x - 1));
		veil.setAttribute("fill-opacity", ui.predict.checked ? "1" : "0.8");
	}
	ui.scrub.value = t;
	ui.clock.textContent = fmt(t) + " ms";
	/* Only the lines between the last count and this one change. */
	var shown = passed(lines, t), lo = Math.min(shown, state.shown);
	for (var i = Math.max(0, lo - 1); i < items.length &&
	    i <= Math.max(shown, state.shown); i++)
		items[i].className = i < shown - 1 ? "" : i === shown - 1 ?
		    "now" : "future";
	state.shown = shown;
	var c = counts(t), e = events[state.ei];
	ui.now.textContent = (e ? fmt(e.ms) + " ms: " + e.what + ". " : "") +
	    "In the queue " + c.queue + ", on workers " + c.run +
	    ", done, waiting for the loop " + c.wait + ", delivered " + c.done +
	    ".";
	ui.play.textContent = state.playing ? "Pause" : "Play";
	ui.ask.hidden = !state.asking;
}

function setFragment() {
	var h = "#t=" + Math.round(state.t);
	if (location.hash === h)
		return;
	state.fragSet = h;
	try {
		history.replaceState(null, "", h);
	} catch (err) {
		location.replace(h);
	}
}

/* Moves the cursor to t; ei: the event it stands on, else the last passed. */
function to(t, ei) {
	state.t = Math.min(Math.max(0, t), duration);
	state.ei = ei === undefined ? passed(events, state.t) - 1 : ei;
	draw();
}

function seek(t) {
	state.asking = false;
	to(t);
	state.pending = scheduled !== null && state.t <= scheduled;
	setFragment();
	draw();
}

function pause() {
	state.playing = false;
	cancelAnimationFrame(state.raf);
	setFragment();
	draw();
}

/* Runs the clock on by dt ms of real time: the frame's, or a test's. */
function advance(dt) {
	var t = state.t + dt * state.speed;

	if (!state.playing)
		return;
	if (ui.predict.checked && state.pending && scheduled !== null &&
	    t >= scheduled) {
		state.pending = false;
		state.asking = true;
		to(scheduled);
		pause();
		ui.go.focus();
		return;
	}
	if (t >= duration) {
		to(duration);
		pause();
		return;
	}
	to(t);
	state.frag += dt;
	if (state.frag >= FRAG_MS) {
		state.frag = 0;
		setFragment();
	}
}

function frame(now) {
	var dt = Math.max(0, now - state.last);
	state.last = now;
	advance(dt);
	if (state.playing)
		state.raf = requestAnimationFrame(frame);
}

function play() {
	if (state.playing)
		return;
	if (state.t >= duration)
		seek(0);
	state.asking = false;
	state.playing = true;
	state.frag = 0;
	state.last = performance.now();
	state.raf = requestAnimationFrame(frame);
	draw();
}

function toggle() {
	if (state.playing)
		pause();
	else
		play();
}

function step(d) {
	var i = Math.min(Math.max(-1, state.ei + (d < 0 ? -1 : 1)),
	    events.length - 1);
	if (state.playing)
		pause();
	state.asking = false;
	to(i < 0 ? 0 : events[i].ms, i);
	state.pending = scheduled !== null && state.t <= scheduled;
	setFragment();
	draw();
}

function setSpeed(x) {
	var v = Number(x);
	if (SPEEDS.indexOf(v) < 0)
		return;
	state.speed = v;
	ui.speed.value = String(v);
}

function faster(d) {
	var i = SPEEDS.indexOf(state.speed) + d;
	setSpeed(SPEEDS[Math.min(Math.max(0, i), SPEEDS.length - 1)]);
}

function carryOn() {
	state.asking = false;
	play();
}

/* The theme: the system's colour scheme until the toggle picks one. */
var dark = window.matchMedia("(prefers-color-scheme: dark)");
var chosen = false;
function theme(name) {
	root.setAttribute("data-theme", name);
	ui.theme.textContent = name === "projector" ? "Plain theme" :
	    "Projector theme";
}
function systemTheme() {
	if (!chosen)
		theme(dark.matches ? "projector" : "plain");
}
if (dark.addEventListener)
	dark.addEventListener("change", systemTheme);

function fromFragment() {
	var m = /(?:^#|&)t=([0-9]+(?:\.[0-9]+)?)/.exec(location.hash);
	return m ? Number(m[1]) : null;
}

ui.play.addEventListener("click", toggle);
ui.prev.addEventListener("click", function () { step(-1); });
ui.next.addEventListener("click", function () { step(1); });
ui.go.addEventListener("click", carryOn);
ui.speed.addEventListener("change", function () { setSpeed(ui.speed.value); });
ui.predict.addEventListener("change", function () {
	state.pending = scheduled !== null && state.t <= scheduled;
	draw();
});
ui.scrub.addEventListener("input", function () {
	seek(Number(ui.scrub.value));
});
ui.theme.addEventListener("click", function () {
	chosen = true;
	theme(root.getAttribute("data-theme") === "projector" ? "plain" :
	    "projector");
});
window.addEventListener("hashchange", function () {
	var t = fromFragment();
	if (location.hash !== state.fragSet && t !== null)
		seek(t);
});
document.addEventListener("keydown", function (e) {
	var k = e.key;
	if (e.altKey || e.ctrlKey || e.metaKey)
		return;
	if (k === " " || k === "Spacebar") {
		if (state.asking)
			carryOn();
		else
			toggle();
	} else if (k === "Enter" && state.asking)
		carryOn();
	else if (k === "ArrowLeft")
		step(-1);
	else if (k === "ArrowRight")
		step(1);
	else if (k === "+" || k === "=")
		faster(1);
	else if (k === "-" || k === "_" || k === "\u2212")
		faster(-1);
	else
		return;
	e.preventDefault();
});
/* A focused button or checkbox would take the space again on its way up. */
document.addEventListener("keyup", function (e) {
	if (e.key === " " || e.key === "Spacebar")
		e.preventDefault();
});

ui.scrub.max = String(duration);
root.classList.add("js");
$("controls").hidden = false;
$("console").hidden = false;
systemTheme();
var start = fromFragment();
seek(start === null ? 0 : start);

/* For tests and the curious: the player's state and its controls. */
window.replay = {
	duration: duration, events: events, lines: lines, scheduled: scheduled,
	speeds: SPEEDS, scaled: scale !== null,
	now: function () { return state.t; },
	get state() {
		return { t: state.t, event: state.ei, playing: state.playing,
		    speed: state.speed, asking: state.asking,
		    predict: ui.predict.checked,
		    theme: root.getAttribute("data-theme"),
		    shown: state.shown };
	},
	seek: seek, step: step, play: play, pause: pause, setSpeed: setSpeed,
	carryOn: carryOn, theme: function (n) { chosen = true; theme(n); },
	predict: function (on) {
		ui.predict.checked = !!on;
		state.pending = scheduled !== null && state.t <= scheduled;
		draw();
	},
	/* Drives the clock by hand: dt ms of real time, without frames. */
	advance: function (dt) {
		cancelAnimationFrame(state.raf);
		advance(dt);
	}
};
})();
