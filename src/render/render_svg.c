/* render_svg: the timeline as a standalone SVG image, lanes over time. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "render/render_svg.h"
#include "report/report.h"
#include "render/chart.h"
#include "render/fmt.h"
#include "render/notes.h"
#include "render/xmlw.h"

/*
 * Layout in pixels. Text widths are estimates: 12px sans, 6.6px a
 * character. The picture is 800 wide so that on a slide 1600 px wide it
 * is scaled by 2 and its smallest text, 12px, is 24 px there: readable
 * from the back of a room.
 */
#define WIDTH		800
#define LEFT		130	/* the lane labels */
#define RIGHT		30
#define PAD		12	/* inside the plot's right end: whole marks */
#define TOP		64	/* the title and the machine line */
#define LANE_H		28
#define BAR_H		18
#define CHAR_W		6.6
#define NOTE_CHARS	116	/* (WIDTH - 2 * 16) / CHAR_W */
#define LINE_H		17

#define C_SYNC		"#d1495b"
#define C_TASK		"#2e6fba"
#define C_WAIT		"#9ec3ea"
#define C_DONE		"#2a9d4b"
#define C_LATENCY	"#e07b00"
#define C_DNS		"#8e44ad"	/* a lookup, beside file reads in C_TASK */
#define C_AWAIT		"#b07d00"	/* done, waiting for the loop */
#define AWAIT_PX	4	/* a wait for the loop this wide is drawn */

struct svg {
	struct fmt_sink out;	/* every write goes through here */
	const struct record *r;
	struct chart c;
	struct chart_lanes l;	/* a queue lane only when a wait shows */
	char notes[NOTES_MAX][NOTE_LEN];
	size_t nnotes;
	int note_lines, legend_rows, peak;
	double axis_y, legend_y, notes_y, height;
	size_t run, of;		/* which run of a --repeat, or 0 */
	bool page;		/* for the replay page: scale attributes */
	/*
	 * Density: the page always, and --svg where some hash's bar would be
	 * thinner than a pixel. Bars that thin are added up a pixel column at
	 * a time, and waits, results and the queue's steps are merged by
	 * column, so 100,000 hashes draw as a few thousand shapes, not one
	 * each (tens of megabytes).
	 */
	bool dense;
};

typedef void span_fn(struct svg *s, size_t lane, int64_t from, int64_t to,
    size_t count);
static void lane_unions(struct svg *s, int64_t (*w)[3], size_t n,
    span_fn *draw);
static void await_line(struct svg *s, size_t lane, int64_t a, int64_t b,
    const char *tip);

#define out(s, ...)	fmt_out(&(s)->out, __VA_ARGS__)
#define text(s, str, max)	xmlw_sink_text(&(s)->out, (str), (max))

static double
x_of(const struct svg *s, int64_t us)
{
	return LEFT + chart_x(&s->c, us);
}

static double
lane_y(size_t lane)
{
	return TOP + (double)lane * LANE_H;
}

/* The configuration, as the visible title shows it. */
static void
title(struct svg *s)
{
	const struct record_config *c = &s->r->config;

	out(s, "poolviz: %" PRIu64 " %s, pool %u, ", c->calls,
	    fmt_plural(c->calls, "call", "calls"), c->pool);
	text(s, c->work.title, sizeof(c->work.title));
	if (!scenario_is_default(c->scenario))
		out(s, ", scenario %s", scenario_name(c->scenario));
	if (!c->sync)
		out(s, ", no sync %s", s->r->config.work.noun[0] != '\0' ?
		    s->r->config.work.noun : "hash");
	if (s->r->interrupted)
		out(s, ", interrupted");
	if (s->of > 1)
		out(s, ", run %zu of %zu%s", s->run, s->of, s->run == s->of ?
		    ", the last" : "");
}

static void
machine(struct svg *s)
{
	const struct record_machine *m = &s->r->machine;

	out(s, "%u %s, libuv ", m->cpus, fmt_plural(m->cpus, "CPU", "CPUs"));
	text(s, m->libuv, sizeof(m->libuv));
	out(s, ", ");
	text(s, m->openssl, sizeof(m->openssl));
}

/*
 * A bar from a to b on a lane, at least a pixel wide, with a tooltip; an
 * edged one has a thin white outline, so back-to-back hashes on one
 * worker stay apart.
 */
static void
bar(struct svg *s, size_t lane, int64_t a, int64_t b, const char *fill,
    bool edged, const char *tip)
{
	char x[32], y[32], w[32];
	double x0 = x_of(s, a), x1 = x_of(s, b);

	out(s, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%d\" "
	    "fill=\"%s\"%s><title>%s</title></rect>\n", xmlw_num(x, x0),
	    xmlw_num(y, lane_y(lane) + (LANE_H - BAR_H) / 2.0),
	    xmlw_num(w, fmax(x1 - x0, 1)), BAR_H, fill,
	    edged ? " stroke=\"#fff\" stroke-width=\"0.6\"" : "", tip);
}

/* Text centred in a bar, when the bar is wide enough for it. */
static void
bar_label(struct svg *s, size_t lane, int64_t a, int64_t b, const char *label)
{
	char x[32], y[32];
	double x0 = x_of(s, a), x1 = x_of(s, b);

	if (x1 - x0 < strlen(label) * CHAR_W + 6)
		return;
	out(s, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" fill=\"#fff\">"
	    "%s</text>\n", xmlw_num(x, (x0 + x1) / 2),
	    xmlw_num(y, lane_y(lane) + LANE_H / 2.0 + 4), label);
}

/*
 * Where latency() writes a label too long for its line, beside it: the
 * span [*x0, *x1] it takes, with a margin; false when it goes above.
 */
static bool
label_beside(const struct svg *s, int64_t a, int64_t b, const char *label,
    double *x0, double *x1)
{
	double w = strlen(label) * CHAR_W;

	if (x_of(s, b) - x_of(s, a) >= w + 8)
		return false;
	if (x_of(s, b) + 6 + w <= WIDTH - 8) {
		*x0 = x_of(s, b) + 2;
		*x1 = x_of(s, b) + 10 + w;
	} else {
		*x0 = x_of(s, a) - 10 - w;
		*x1 = x_of(s, a) - 2;
	}
	return true;
}

/* A latency as a line with end caps, its label above the middle. */
static void
latency(struct svg *s, size_t lane, int64_t a, int64_t b, const char *label,
    const char *tip)
{
	char x0[32], x1[32], xm[32], y[32], yt[32];
	double mid = lane_y(lane) + LANE_H / 2.0 + 4;

	xmlw_num(x0, x_of(s, a));
	xmlw_num(x1, x_of(s, b));
	xmlw_num(y, mid);
	out(s, "<g stroke=\"%s\" stroke-width=\"2\"><title>%s</title>"
	    "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>"
	    "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>"
	    "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/></g>\n",
	    C_LATENCY, tip, x0, y, x1, y,
	    x0, xmlw_num(yt, mid - 5), x0, xmlw_num(xm, mid + 5),
	    x1, yt, x1, xm);
	/* Too short for its label: beside it, clear of the lane names. */
	if (x_of(s, b) - x_of(s, a) >= strlen(label) * CHAR_W + 8)
		out(s, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" "
		    "fill=\"%s\">%s</text>\n", xmlw_num(xm, (x_of(s, a) +
		    x_of(s, b)) / 2), xmlw_num(yt, mid - 6), C_LATENCY, label);
	else if (x_of(s, b) + 6 + strlen(label) * CHAR_W <= WIDTH - 8)
		out(s, "<text x=\"%s\" y=\"%s\" fill=\"%s\">%s</text>\n",
		    xmlw_num(xm, x_of(s, b) + 6), xmlw_num(yt, mid + 4),
		    C_LATENCY, label);
	else
		out(s, "<text x=\"%s\" y=\"%s\" text-anchor=\"end\" "
		    "fill=\"%s\">%s</text>\n", xmlw_num(xm, x_of(s, a) - 6),
		    xmlw_num(yt, mid + 4), C_LATENCY, label);
}

/*
 * A downward triangle where a result was delivered, inside its lane's top
 * and inside the plot: over main, or at the end of its wait for the loop.
 */
static void
done_mark(struct svg *s, size_t lane, const struct record_task *t)
{
	char x[32], y[32];

	out(s, "<path d=\"M%s %sl-4 -7h8z\" fill=\"%s\"><title>%s %" PRIu32
	    " delivered at %.3f ms</title></path>\n",
	    xmlw_num(x, fmin(x_of(s, t->done_us), WIDTH - RIGHT - 4)),
	    xmlw_num(y, lane_y(lane) + (LANE_H - BAR_H) / 2.0 + 7), C_DONE,
	    record_task_noun(s->r, t->id), t->id,
	    us_to_ms(t->done_us));
}

/* Whether a unit's wait for the loop is wide enough to draw on its lane. */
static bool
await_shown(const struct svg *s, const struct record_task *t)
{
	return t->worker != 0 && t->done_us >= t->end_us &&
	    x_of(s, t->done_us) - x_of(s, t->end_us) >= AWAIT_PX;
}

static int
cmp_event(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	/* By time; at one time, a task leaving before one arriving. */
	if (x[0] != y[0])
		return (x[0] > y[0]) - (x[0] < y[0]);
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/*
 * The page's delivery marks: one a pixel column, so 10,000 results draw
 * as at most a plot's width of marks; a column with one result is drawn
 * as --svg draws it, one with more says how many.
 */
static void
done_columns(struct svg *s)
{
	const struct record *r = s->r;
	size_t n = 0, i, j;
	int64_t (*at)[2];
	char x[32], y[32];

	if ((at = calloc(r->ntasks + 1, sizeof(*at))) == NULL) {
		s->out.bad = 1;
		return;
	}
	for (i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0 && !await_shown(s, &r->tasks[i])) {
			at[n][0] = r->tasks[i].done_us;
			at[n++][1] = (int64_t)i;
		}
	qsort(at, n, sizeof(*at), cmp_event);
	for (i = 0; i < n; i = j) {
		double col = floor(x_of(s, at[i][0]));

		for (j = i + 1; j < n && floor(x_of(s, at[j][0])) == col; j++)
			;
		if (j - i == 1) {
			done_mark(s, 0, &r->tasks[at[i][1]]);
			continue;
		}
		out(s, "<path d=\"M%s %sl-4 -7h8z\" fill=\"%s\"><title>%zu "
		    "results delivered from %.3f to %.3f ms</title></path>\n",
		    xmlw_num(x, fmin(x_of(s, at[i][0]), WIDTH - RIGHT - 4)),
		    xmlw_num(y, lane_y(0) + (LANE_H - BAR_H) / 2.0 + 7), C_DONE,
		    j - i, us_to_ms(at[i][0]), us_to_ms(at[j - 1][0]));
	}
	free(at);
}

/*
 * The queue's depth over time as a stepped area, its peak the bar's
 * height. Returns the peak, or -1 without memory.
 */
static int
queue_depth(struct svg *s, bool draw)
{
	const struct record *r = s->r;
	int64_t (*ev)[2];
	size_t n = 0;
	int depth = 0, peak = 0;
	double base = lane_y(s->l.queue) + (LANE_H + BAR_H) / 2.0;
	char x[32], y[32];

	if (r->ntasks == 0)
		return 0;
	if ((ev = calloc(2 * r->ntasks, sizeof(*ev))) == NULL)
		return -1;
	for (size_t i = 0; i < r->ntasks; i++) {
		ev[n][0] = r->tasks[i].queued_us;
		ev[n++][1] = 1;
		ev[n][0] = chart_wait_end(&r->tasks[i]);
		ev[n++][1] = -1;
	}
	qsort(ev, n, sizeof(*ev), cmp_event);
	for (size_t i = 0; i < n; i++)
		if ((depth += (int)ev[i][1]) > peak)
			peak = depth;
	if (draw && peak > 0) {
		out(s, "<path fill=\"url(#wait)\" stroke=\"%s\" d=\"M%s %s",
		    C_WAIT, xmlw_num(x, x_of(s, ev[0][0])), xmlw_num(y, base));
		depth = 0;
		for (size_t i = 0; i < n; i++) {
			depth += (int)ev[i][1];
			/* Dense: a pixel column's last depth stands for it. */
			if (s->dense && i + 1 < n && floor(x_of(s, ev[i][0])) ==
			    floor(x_of(s, ev[i + 1][0])))
				continue;
			out(s, "H%s", xmlw_num(x, x_of(s, ev[i][0])));
			out(s, "V%s",
			    xmlw_num(y, base - (double)depth * BAR_H / peak));
		}
		out(s, "Z\"><title>%s waiting in the queue, at most %d"
		    "</title></path>\n", record_unit(r, 2), peak);
	}
	free(ev);
	return peak;
}

static void
draw_main(struct svg *s)
{
	const struct record *r = s->r;
	char tip[128];

	char label[80];
	uint64_t units = r->heartbeat.block_hashes;

	if (r->sync.ran) {
		snprintf(tip, sizeof(tip), "blocking work on main: %" PRIu64
		    " %s, %.3f to %.3f ms", units > 1 ? units : 1,
		    record_unit(r, units > 1 ? units : 1),
		    us_to_ms(r->sync.start_us), us_to_ms(r->sync.end_us));
		bar(s, 0, r->sync.start_us, r->sync.end_us, C_SYNC, false, tip);
		if (units > 1)
			snprintf(label, sizeof(label), "blocking work: %" PRIu64
			    " %s", units, record_unit(r, units));
		else
			snprintf(label, sizeof(label), "blocking %s",
			    record_unit(r, 1));
		bar_label(s, 0, r->sync.start_us, r->sync.end_us, label);
	}
	if (r->offload.ran) {
		const struct record_offload *o = &r->offload;
		char x[32], y[32];

		snprintf(tip, sizeof(tip), "offloaded work on its own thread: "
		    "%" PRIu64 " %s, %.3f to %.3f ms", o->units,
		    record_unit(r, o->units),
		    us_to_ms(o->start_us), us_to_ms(o->end_us));
		bar(s, s->l.thread, o->start_us, o->end_us, C_SYNC, false, tip);
		snprintf(label, sizeof(label), "offloaded work: %" PRIu64 " %s",
		    o->units, record_unit(r, o->units));
		bar_label(s, s->l.thread, o->start_us, o->end_us, label);
		/* Heard late, when the loop was busy: its wait, as a unit's. */
		if (o->done_us >= o->end_us &&
		    x_of(s, o->done_us) - x_of(s, o->end_us) >= AWAIT_PX) {
			snprintf(tip, sizeof(tip), "offloaded work done, waiting "
			    "for the loop: %.3f to %.3f ms", us_to_ms(o->end_us),
			    us_to_ms(o->done_us));
			await_line(s, s->l.thread, o->end_us, o->done_us, tip);
		}
		out(s, "<path d=\"M%s %sl-4 -7h8z\" fill=\"%s\"><title>"
		    "offloaded work delivered at %.3f ms</title></path>\n",
		    xmlw_num(x, fmin(x_of(s, o->done_us), WIDTH - RIGHT - 4)),
		    xmlw_num(y, lane_y(0) + (LANE_H - BAR_H) / 2.0 + 7), C_DONE,
		    us_to_ms(o->done_us));
	}
	if (s->dense) {
		done_columns(s);
		return;
	}
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0 && !await_shown(s, &r->tasks[i]))
			done_mark(s, 0, &r->tasks[i]);
}

/* A dashed line on a lane: a wait for the loop, from a to b. */
static void
await_line(struct svg *s, size_t lane, int64_t a, int64_t b, const char *tip)
{
	char x0[32], x1[32], y[32];

	out(s, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" "
	    "stroke-width=\"2\" stroke-dasharray=\"4 3\"><title>%s</title>"
	    "</line>\n", xmlw_num(x0, x_of(s, a)),
	    xmlw_num(y, lane_y(lane) + LANE_H / 2.0), xmlw_num(x1, x_of(s, b)),
	    y, C_AWAIT, tip);
}

/* count units' waits for the loop, merged into one line on a lane. */
static void
await_span(struct svg *s, size_t lane, int64_t from, int64_t to, size_t count)
{
	char tip[160];

	snprintf(tip, sizeof(tip), "%zu %s done, waiting for the loop: "
	    "%.3f to %.3f ms", count, record_unit(s->r, count),
	    us_to_ms(from), us_to_ms(to));
	await_line(s, lane, from, to, tip);
}

/*
 * The waits for the loop, under the bars (a worker runs its next unit
 * meanwhile): one a unit, or on the page and among thin bars the union
 * of a lane's, so that thousands draw as a few lines.
 */
static void
draw_awaits(struct svg *s)
{
	const struct record *r = s->r;
	int64_t (*w)[3];
	size_t n = 0, i;
	char tip[160];

	if ((w = calloc(r->ntasks + 1, sizeof(*w))) == NULL) {
		s->out.bad = 1;
		return;
	}
	for (i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];

		if (!await_shown(s, t))
			continue;
		if (!s->dense) {
			snprintf(tip, sizeof(tip), "%s %" PRIu32 " done, waiting "
			    "for the loop: %.3f to %.3f ms",
			    record_task_noun(r, t->id), t->id,
			    us_to_ms(t->end_us), us_to_ms(t->done_us));
			await_line(s, s->l.worker + t->worker - 1, t->end_us,
			    t->done_us, tip);
			continue;
		}
		w[n][0] = t->worker;
		w[n][1] = t->end_us;
		w[n++][2] = t->done_us;
	}
	lane_unions(s, w, n, await_span);
	free(w);
}

/* The delivery marks at the ends of the waits drawn, over the bars. */
static void
await_marks(struct svg *s)
{
	const struct record *r = s->r;
	/* Per lane, the pixel column of its last mark. */
	double *last = calloc(s->c.workers + 1, sizeof(*last));

	if (last == NULL) {
		s->out.bad = 1;
		return;
	}
	for (size_t i = 0; i <= s->c.workers; i++)
		last[i] = -1;
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];
		double col = floor(x_of(s, t->done_us));

		if (!await_shown(s, t) || t->worker > s->c.workers)
			continue;
		/* Dense: one mark a pixel column of a lane is enough. */
		if (s->dense && col == last[t->worker])
			continue;
		last[t->worker] = col;
		done_mark(s, s->l.worker + t->worker - 1, t);
	}
	free(last);
}

/*
 * The heartbeat's ticks as short strokes on its lane, one a pixel column
 * at most: a run of minutes ticks thousands of times; none under the
 * longest gap's label, where that goes beside its line.
 */
static void
heartbeat_ticks(struct svg *s, const char *label)
{
	const struct record_heartbeat *h = &s->r->heartbeat;
	double last = -1, x, skip0 = 0, skip1 = -1;
	char xs[32], y[32];

	if (h->ntick_us == 0)
		return;
	label_beside(s, h->gap_start_us, h->gap_start_us + h->max_gap_us,
	    label, &skip0, &skip1);
	/* Across the line the longest gap is drawn on (latency()). */
	xmlw_num(y, lane_y(s->l.heartbeat) + LANE_H / 2.0 + 1);
	out(s, "<path stroke=\"%s\" stroke-width=\"1\" stroke-opacity=\"0.7\" "
	    "d=\"", C_LATENCY);
	for (size_t i = 0; i < h->ntick_us; i++) {
		x = floor(x_of(s, h->tick_us[i])) + 0.5;
		if (x == last || (x >= skip0 && x <= skip1))
			continue;
		last = x;
		out(s, "M%s %sv6", xmlw_num(xs, x), y);
	}
	out(s, "\"><title>%zu heartbeat ticks, due every %u ms</title></path>\n",
	    h->ntick_us, h->interval_ms);
}

static void
draw_latencies(struct svg *s)
{
	const struct record *r = s->r;
	const struct record_heartbeat *h = &r->heartbeat;
	char label[64], tip[128];
	size_t lane = s->l.probe;

	if (h->ran) {
		snprintf(label, sizeof(label), "longest gap %.1f ms",
		    us_to_ms(h->max_gap_us));
		heartbeat_ticks(s, label);
		snprintf(tip, sizeof(tip), "heartbeat every %u ms, %" PRIu64
		    " ticks; longest gap %.3f ms", h->interval_ms, h->ticks,
		    us_to_ms(h->max_gap_us));
		latency(s, s->l.heartbeat, h->gap_start_us,
		    h->gap_start_us + h->max_gap_us, label, tip);
	}
	for (int k = 0; k < PROBE_COUNT; k++) {
		const struct record_probe *p = &r->probes[k];

		if (!p->ran)
			continue;
		snprintf(label, sizeof(label), "%s%.1f ms",
		    p->status ? "failed after " : "",
		    us_to_ms(p->done_us - p->start_us));
		snprintf(tip, sizeof(tip), "%s probe: %.3f to %.3f ms",
		    probe_name(p->kind), us_to_ms(p->start_us),
		    us_to_ms(p->done_us));
		latency(s, lane++, p->start_us, p->done_us, label, tip);
	}
}

static int
cmp_wait(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	for (int k = 0; k < 3; k++)
		if (x[k] != y[k])
			return (x[k] > y[k]) - (x[k] < y[k]);
	return 0;
}

/*
 * w holds n spans {worker, from, to}: sorted, each worker's overlapping
 * spans merged, and each union drawn once, with how many spans it holds.
 */
static void
lane_unions(struct svg *s, int64_t (*w)[3], size_t n, span_fn *draw)
{
	size_t i, j;

	qsort(w, n, sizeof(*w), cmp_wait);
	for (i = 0; i < n; i = j) {
		int64_t end = w[i][2];

		for (j = i + 1; j < n && w[j][0] == w[i][0] && w[j][1] <= end; j++)
			if (w[j][2] > end)
				end = w[j][2];
		draw(s, s->l.worker + (size_t)w[i][0] - 1, w[i][1], end, j - i);
	}
}

/* count units' waits in the queue, merged into one bar a pixel or wider. */
static void
queue_span(struct svg *s, size_t lane, int64_t from, int64_t to, size_t count)
{
	char tip[128];

	if (x_of(s, to) - x_of(s, from) < 1)
		return;
	snprintf(tip, sizeof(tip), "%zu %s waiting in the queue: %.3f "
	    "to %.3f ms", count, record_unit(s->r, count), us_to_ms(from),
	    us_to_ms(to));
	bar(s, lane, from, to, "url(#wait)", false, tip);
}

/*
 * The page's waits: on each lane the union of its tasks' waits, so
 * thousands of overlapping waits draw as a few bars (they look the same:
 * the running bars cover them wherever the worker was busy).
 */
static void
page_waits(struct svg *s)
{
	const struct record *r = s->r;
	int64_t (*w)[3];
	size_t n = 0, i;

	if ((w = calloc(r->ntasks + 1, sizeof(*w))) == NULL) {
		s->out.bad = 1;
		return;
	}
	for (i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0) {
			w[n][0] = r->tasks[i].worker;
			w[n][1] = r->tasks[i].queued_us;
			w[n++][2] = r->tasks[i].start_us;
		}
	lane_unions(s, w, n, queue_span);
	free(w);
}

/*
 * The page's bars narrower than a pixel, added up a pixel column at a
 * time on each worker's lane and drawn as one shade a column: how busy
 * the worker was there, in quarters.
 */
static void
page_density(struct svg *s)
{
	const struct record *r = s->r;
	size_t cols = WIDTH, lanes = s->c.workers;
	double *busy;
	size_t *count;
	char y[32];

	if (lanes == 0)
		return;
	busy = calloc(lanes * cols, sizeof(*busy));
	count = calloc(lanes, sizeof(*count));
	if (busy == NULL || count == NULL) {
		s->out.bad = 1;
		goto out;
	}
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];
		double x0 = x_of(s, t->start_us), x1 = x_of(s, t->end_us);

		if (t->worker == 0 || x1 - x0 >= 1 || x0 < 0 || x1 >= WIDTH)
			continue;
		count[t->worker - 1]++;
		/* Split at the column boundary it may cross. */
		for (double a = x0; a < x1; a = floor(a) + 1)
			busy[(t->worker - 1) * cols + (size_t)a] +=
			    fmin(x1, floor(a) + 1) - a;
	}
	for (size_t l = 0; l < lanes; l++) {
		const double *b = busy + l * cols;

		if (count[l] == 0)
			continue;
		out(s, "<g fill=\"%s\"><title>%zu %s on worker %zu, each "
		    "under a pixel wide: the shade is how busy it was</title>\n",
		    C_TASK, count[l], record_unit(s->r, count[l]), l + 1);
		for (size_t c = 0; c < cols; ) {
			int q = b[c] > 0 ? (int)ceil(fmin(b[c], 1) * 4) : 0;
			size_t e = c + 1;

			while (e < cols && (b[e] > 0 ? (int)ceil(fmin(b[e], 1) *
			    4) : 0) == q)
				e++;
			if (q > 0)
				out(s, "<rect x=\"%zu\" y=\"%s\" width=\"%zu\" "
				    "height=\"%d\" fill-opacity=\"%.2f\"/>\n", c,
				    xmlw_num(y, lane_y(s->l.worker + l) +
				    (LANE_H - BAR_H) / 2.0), e - c, BAR_H, q / 4.0);
			c = e;
		}
		out(s, "</g>\n");
	}
out:
	free(busy);
	free(count);
}

/* Waits first, so the running bars cover them wherever a worker was busy. */
static void
draw_workers(struct svg *s)
{
	const struct record *r = s->r;
	char tip[160], id[16];

	/* A wait before a start is queueing only where there is a queue lane;
	 * otherwise it is the threads starting up, and not drawn. */
	bool queue = s->l.queue < s->l.worker;

	if (s->dense && queue)
		page_waits(s);
	draw_awaits(s);
	for (size_t i = 0; !s->dense && queue && i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];

		if (t->worker == 0 ||
		    x_of(s, t->start_us) - x_of(s, t->queued_us) < 1)
			continue;
		snprintf(tip, sizeof(tip), "%s %" PRIu32 " waiting in the "
		    "queue: %.3f to %.3f ms", record_task_noun(r, t->id), t->id, us_to_ms(t->queued_us),
		    us_to_ms(t->start_us));
		bar(s, s->l.worker + t->worker - 1, t->queued_us, t->start_us,
		    "url(#wait)", false, tip);
	}
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];
		size_t lane = s->l.worker + t->worker - 1;
		enum task_kind kind = record_task_kind(r, t->id);

		if (t->worker == 0 || (s->dense &&
		    x_of(s, t->end_us) - x_of(s, t->start_us) < 1))
			continue;
		snprintf(tip, sizeof(tip), "%s %" PRIu32 " on worker %" PRIu32
		    ": %.3f to %.3f ms, CPU %.3f ms", record_task_noun(r, t->id),
		    t->id, t->worker, us_to_ms(t->start_us), us_to_ms(t->end_us),
		    us_to_ms(t->cpu_us));
		bar(s, lane, t->start_us, t->end_us, kind == TASK_DNS ? C_DNS :
		    C_TASK, true, tip);
		if (kind == TASK_WORK)
			snprintf(id, sizeof(id), "%" PRIu32, t->id);
		else
			snprintf(id, sizeof(id), "%s %" PRIu32,
			    task_kind_name(kind), t->id);
		bar_label(s, lane, t->start_us, t->end_us, id);
	}
	if (s->dense)
		page_density(s);
	await_marks(s);
}

static void lane_label(struct svg *s, size_t lane, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
lane_label(struct svg *s, size_t lane, const char *fmt, ...)
{
	char y[32];
	va_list ap;

	out(s, "<text x=\"16\" y=\"%s\">",
	    xmlw_num(y, lane_y(lane) + LANE_H / 2.0 + 4));
	va_start(ap, fmt);
	fmt_vout(&s->out, fmt, ap);
	va_end(ap);
	out(s, "</text>\n");
}

/* Shaded stripes behind every other lane, and the lanes' names. */
static void
lanes(struct svg *s)
{
	char y[32], name[32];

	for (size_t i = 0; i < s->l.n; i += 2)
		out(s, "<rect x=\"%d\" y=\"%s\" width=\"%d\" height=\"%d\" "
		    "fill=\"#f3f4f6\"/>\n", LEFT, xmlw_num(y, lane_y(i)),
		    WIDTH - LEFT - RIGHT, LANE_H);
	out(s, "<g fill=\"#222\">\n");
	for (size_t i = 0; i < s->l.n; i++) {
		chart_lane_name(name, sizeof(name), &s->l, s->r, i);
		if (i == s->l.queue && s->l.queue < s->l.worker) {
			out(s, "<text x=\"16\" y=\"%s\">waiting in queue"
			    "</text>\n", xmlw_num(y, lane_y(i) + LANE_H / 2.0 - 2));
			out(s, "<text x=\"16\" y=\"%s\" "
			    "fill=\"#555\">up to %d at once</text>\n",
			    xmlw_num(y, lane_y(i) + LANE_H / 2.0 + 11), s->peak);
		} else
			lane_label(s, i, "%s", name);
	}
	out(s, "</g>\n");
}

/* Grid lines through the lanes and labelled ticks under them. */
static void
axis(struct svg *s)
{
	int64_t step = chart_tick_step(&s->c, 10);
	char x[32], y0[32], y1[32], label[32];

	xmlw_num(y0, TOP);
	xmlw_num(y1, s->axis_y);
	out(s, "<g stroke=\"#d0d4da\">\n");
	/* i * step never passes end_us, so nothing here can overflow. */
	for (int64_t i = 0; i <= s->c.end_us / step; i++)
		out(s, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>\n",
		    xmlw_num(x, x_of(s, i * step)), y0, x, y1);
	out(s, "</g>\n<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" "
	    "stroke=\"#555\"/>\n<g fill=\"#444\" text-anchor=\"middle\">\n",
	    LEFT, y1, WIDTH - RIGHT, y1);
	for (int64_t i = 0, us = 0; i <= s->c.end_us / step; us = ++i * step) {
		chart_tick_label(label, sizeof(label), us, step);
		out(s, "<text x=\"%s\" y=\"%s\">%s</text>\n",
		    xmlw_num(x, x_of(s, us)), xmlw_num(y0, s->axis_y + 16), label);
	}
	out(s, "</g>\n<text x=\"16\" y=\"%s\" fill=\"#444\">time (ms)</text>\n",
	    xmlw_num(y0, s->axis_y + 16));
}

struct legend_item {
	const char *text;
	int kind;	/* 0 bar, 1 triangle, 2 latency line, 3 none, 4 dashes, 5 ticks */
	const char *fill;
};

/* Only what the image shows. */
static size_t
legend_items(const struct svg *s, struct legend_item *it,
    char *running, size_t len)
{
	const struct record *r = s->r;
	bool ran = false, awaits = false;
	size_t n = 0;

	for (size_t i = 0; i < r->ntasks; i++) {
		ran |= r->tasks[i].worker != 0;
		awaits |= await_shown(s, &r->tasks[i]);
	}
	awaits |= r->offload.ran && r->offload.done_us >= r->offload.end_us &&
	    x_of(s, r->offload.done_us) - x_of(s, r->offload.end_us) >= AWAIT_PX;
	snprintf(running, len, "%s running on a worker", record_unit(r, 1));
	if (r->sync.ran)
		it[n++] = (struct legend_item){ "blocking work on main", 0,
		    C_SYNC };
	if (r->offload.ran)
		it[n++] = (struct legend_item){ "offloaded work on its thread",
		    0, C_SYNC };
	if (ran && r->io.ran) {
		it[n++] = (struct legend_item){ "DNS lookup on a worker", 0,
		    C_DNS };
		it[n++] = (struct legend_item){ "file read on a worker", 0,
		    C_TASK };
	} else if (ran)
		it[n++] = (struct legend_item){ running, 0, C_TASK };
	if (s->l.queue < s->l.worker)
		it[n++] = (struct legend_item){ "waiting in the queue", 0,
		    "url(#wait)" };
	if (awaits)
		it[n++] = (struct legend_item){ "done, waiting for the loop", 4,
		    C_AWAIT };
	if (ran)
		it[n++] = (struct legend_item){ "result delivered on main", 1,
		    C_DONE };
	if (s->l.heartbeat != s->l.queue)	/* a heartbeat or a probe lane */
		it[n++] = (struct legend_item){ "latency seen by the loop", 2,
		    C_LATENCY };
	if (r->heartbeat.ran && r->heartbeat.ntick_us > 0)
		it[n++] = (struct legend_item){ "heartbeat tick", 5, C_LATENCY };
	if (r->probes[PROBE_FS].ran || r->probes[PROBE_DNS].ran)
		it[n++] = (struct legend_item){ "(the probes' own pool work is "
		    "not drawn)", 3, NULL };
	return n;
}

/* A legend item's sample of what it names, its left edge at x. */
static void
swatch(struct svg *s, const struct legend_item *it, double x, double y)
{
	char xs[32], ys[32];

	if (it->kind == 0)
		out(s, "<rect x=\"%s\" y=\"%s\" width=\"16\" height=\"12\" "
		    "fill=\"%s\"/>", xmlw_num(xs, x), xmlw_num(ys, y - 10), it->fill);
	else if (it->kind == 1)
		out(s, "<path d=\"M%s %sl-5 -9h10z\" fill=\"%s\"/>",
		    xmlw_num(xs, x + 8), xmlw_num(ys, y + 1), it->fill);
	else if (it->kind == 2)
		out(s, "<path d=\"M%s %sv8m0 -4h16m0 -4v8\" stroke=\"%s\" "
		    "stroke-width=\"2\" fill=\"none\"/>", xmlw_num(xs, x),
		    xmlw_num(ys, y - 8), it->fill);
	else if (it->kind == 4)
		out(s, "<path d=\"M%s %sh16\" stroke=\"%s\" stroke-width=\"2\" "
		    "stroke-dasharray=\"4 3\"/>", xmlw_num(xs, x),
		    xmlw_num(ys, y - 4), it->fill);
	else if (it->kind == 5)
		out(s, "<path d=\"M%s %sv6m5 -6v6m5 -6v6\" stroke=\"%s\" "
		    "stroke-width=\"1\"/>", xmlw_num(xs, x + 3),
		    xmlw_num(ys, y - 8), it->fill);
}

/* Items left to right, wrapping; returns the rows used. */
static int
legend(struct svg *s, bool draw)
{
	struct legend_item it[10];
	char running[64];
	size_t n = legend_items(s, it, running, sizeof(running));
	double x = 16, w, y = s->legend_y;
	char xt[32], ys[32];
	int rows = 1;

	for (size_t i = 0; i < n; i++) {
		double sw = it[i].kind == 3 ? 0 : 22;

		w = sw + strlen(it[i].text) * CHAR_W + 24;
		if (x + w > WIDTH - 16) {
			x = 16;
			y += LINE_H + 4;
			rows++;
		}
		if (draw) {
			swatch(s, &it[i], x, y);
			out(s, "<text x=\"%s\" y=\"%s\">%s</text>\n",
			    xmlw_num(xt, x + sw), xmlw_num(ys, y), it[i].text);
		}
		x += w;
	}
	return rows;
}

static int
count_note_lines(const struct svg *s)
{
	const char *p, *line;
	int n = 0;

	for (size_t i = 0; i < s->nnotes; i++)
		for (p = s->notes[i]; fmt_wrap(&p, NOTE_CHARS, &line) > 0; )
			n++;
	return n;
}

static void
notes(struct svg *s)
{
	const char *p, *line;
	double y = s->notes_y;
	size_t len;
	char ys[32];

	out(s, "<g fill=\"#222\">\n");
	for (size_t i = 0; i < s->nnotes; i++)
		for (p = s->notes[i]; (len = fmt_wrap(&p, NOTE_CHARS,
		    &line)) > 0; y += LINE_H)
			out(s, "<text x=\"16\" y=\"%s\">%.*s</text>\n",
			    xmlw_num(ys, y), (int)len, line);
	out(s, "</g>\n");
}

/* Whether some hash's bar on a worker is thinner than a pixel. */
static bool
has_thin_bars(const struct svg *s)
{
	for (size_t i = 0; i < s->r->ntasks; i++) {
		const struct record_task *t = &s->r->tasks[i];

		if (t->worker != 0 && x_of(s, t->end_us) - x_of(s,
		    t->start_us) < 1)
			return true;
	}
	return false;
}

/* Whether any wait in the queue is wide enough to see. */
static bool
queue_visible(const struct svg *s)
{
	for (size_t i = 0; i < s->r->ntasks; i++) {
		const struct record_task *t = &s->r->tasks[i];

		if (x_of(s, chart_wait_end(t)) - x_of(s, t->queued_us) >= 1)
			return true;
	}
	return false;
}

static void
lay_out(struct svg *s)
{
	const struct record *r = s->r;

	chart_init(&s->c, r, WIDTH - LEFT - RIGHT - PAD);
	s->dense = s->page || has_thin_bars(s);
	chart_lanes(&s->l, r, &s->c, chart_queueing(r) && queue_visible(s));
	s->axis_y = lane_y(s->l.n) + 4;
	s->legend_y = s->axis_y + 48;
	s->legend_rows = legend(s, false);
	s->nnotes = notes_make(r, s->notes);
	s->note_lines = count_note_lines(s);
	s->notes_y = s->legend_y + (s->legend_rows - 1) * (LINE_H + 4) + 30;
	s->height = s->notes_y + (s->note_lines - 1) * LINE_H + 16;
}

/* The SVG document; 0, or -1 on a write error or without memory. */
int
render_svg(FILE *f, const struct record *r)
{
	return render_svg_run(f, r, 0, 0);
}

static int
document(FILE *f, const struct record *r, size_t run, size_t of, bool page)
{
	struct svg s;
	char h[32];

	memset(&s, 0, sizeof(s));
	s.out.f = f;
	s.r = r;
	s.run = run;
	s.of = of;
	s.page = page;
	lay_out(&s);
	if ((s.peak = queue_depth(&s, false)) < 0)
		return -1;
	xmlw_num(h, s.height);
	if (!page)
		out(&s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	out(&s, "<svg xmlns=\"http://www.w3.org/2000/svg\" ");
	if (page) {
		char y1[32];

		/* The scale the page's script draws its cursor by. */
		out(&s, "data-t0-x=\"%d\" data-px-per-ms=\"%.9g\" "
		    "data-plot-top=\"%d\" data-plot-bottom=\"%s\" "
		    "data-plot-right=\"%d\" ", LEFT,
		    (double)(WIDTH - LEFT - RIGHT - PAD) * 1000.0 /
		    (double)s.c.end_us, TOP, xmlw_num(y1, s.axis_y),
		    WIDTH - RIGHT);
	}
	out(&s, "width=\"%d\" "
	    "height=\"%s\" viewBox=\"0 0 %d %s\" font-family=\"sans-serif\" "
	    "font-size=\"12\">\n<title>", WIDTH, h, WIDTH, h);
	title(&s);
	out(&s, "; ");
	machine(&s);
	out(&s, "</title>\n<defs><pattern id=\"wait\" width=\"6\" height=\"6\" "
	    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"6\" height=\"6\" fill=\"#e3eefa\"/>"
	    "<rect width=\"2\" height=\"6\" fill=\"%s\"/></pattern></defs>\n"
	    "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n"
	    "<text x=\"16\" y=\"26\" font-size=\"16\" font-weight=\"bold\">",
	    C_WAIT);
	title(&s);
	out(&s, "</text>\n<text x=\"16\" y=\"46\" fill=\"#555\">");
	machine(&s);
	out(&s, "</text>\n");
	lanes(&s);
	axis(&s);
	draw_main(&s);
	draw_latencies(&s);
	if (s.l.queue < s.l.worker && queue_depth(&s, true) < 0)
		return -1;
	draw_workers(&s);
	legend(&s, true);
	notes(&s);
	out(&s, "</svg>\n");
	return s.out.bad ? -1 : 0;
}

int
render_svg_output(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	/* Interrupted, the last run counted is not the last one asked for. */
	if (rp->with_runs && rp->runs_requested > 1)
		return render_svg_run(f, report_shown(rp), rp->nruns,
		    rp->runs_requested);
	return render_svg(f, report_shown(rp));
}

int
render_svg_run(FILE *f, const struct record *r, size_t run, size_t of)
{
	return document(f, r, run, of, false);
}

int
render_svg_page(FILE *f, const struct record *r, size_t run, size_t of)
{
	return document(f, r, run, of, true);
}

int
render_svg_title(FILE *f, const struct record *r, size_t run, size_t of)
{
	struct svg s;

	memset(&s, 0, sizeof(s));
	s.out.f = f;
	s.r = r;
	s.run = run;
	s.of = of;
	title(&s);
	return s.out.bad ? -1 : 0;
}
