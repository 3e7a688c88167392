/* render_timeline: lanes of character cells over time, notes below. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/render_timeline.h"
#include "render/chart.h"
#include "render/fmt.h"
#include "render/notes.h"

enum paint {
	P_NONE,
	P_SYNC,		/* the main thread's hash */
	P_TASK_A,	/* odd and even units on a worker, so neighbours stand apart */
	P_TASK_B,
	P_WAIT,
	P_DONE,
	P_LATENCY,	/* a gap or a probe, measured on the loop */
	P_AWAIT,	/* a unit done on its worker, its result not yet delivered */
	P_TICK,		/* a heartbeat tick */
};

/* SGR colours, indexed by enum paint. */
static const char *const sgr[] = { "", "31", "36", "34", "90", "32", "35",
    "33", "35" };

/*
 * A cell first gathers how much of it running and waiting spans cover,
 * then resolves to one glyph; labels and marks are written over that.
 */
struct cell {
	/* Covered by running spans from its left edge, its right, neither. */
	double left, right, inside;
	double wait;		/* the most one waiting span covers */
	double best;		/* the most one running span covers */
	bool force;		/* a span shorter than a cell shows here */
	unsigned char run_paint;
	uint32_t cp;		/* the glyph, 0 for blank */
	unsigned char paint;
	bool reverse;		/* a label over a bar: reverse video */
};

struct glyphs {
	uint32_t full, shade, done, hline, lcap, rcap, bar, tick, axis;
	uint32_t right_half, right_eighth;
	uint32_t left[9];	/* left[n]: the left n eighths */
	uint32_t seam;		/* where one unit follows another, without colour */
	uint32_t await;		/* done, waiting for the loop to deliver it */
	uint32_t beat;		/* a heartbeat tick */
};

static const struct glyphs unicode = {
	0x2588, 0x2591, 0x2022, 0x2500, 0x251c, 0x2524, 0x2502, 0x252c, 0x2500,
	0x2590, 0x2595,
	{ 0, 0x258f, 0x258e, 0x258d, 0x258c, 0x258b, 0x258a, 0x2589, 0x2588 },
	0x258f,
	0x2504, 0x00b7,
};

static const struct glyphs ascii = {
	'#', '.', '*', '-', '|', '|', '|', '+', '-',
	'#', '#',
	{ 0, '#', '#', '#', '#', '#', '#', '#', '#' },
	'|',
	'~', '\'',
};

#define LABEL_LEN	24

struct timeline {
	const struct record *r;
	const struct render_style *st;
	const struct glyphs *g;
	struct chart c;
	int label_w, cols;
	/* The queue has a lane only where hashes can wait in it (queueing). */
	struct chart_lanes l;
	bool queueing;
	char (*labels)[LABEL_LEN];
	struct cell *cells;	/* l.n rows of cols cells */
	bool frame;		/* a live frame: no notes below */
	int64_t axis_us;	/* a live frame's axis runs to at least this */
	int64_t now_us;		/* a live frame's now: undelivered results wait until it */
};

static struct cell *
row(const struct timeline *t, size_t lane)
{
	return t->cells + lane * (size_t)t->cols;
}

static double
clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int
col(const struct timeline *t, int64_t us)
{
	int i = (int)floor(clampd(chart_x(&t->c, us), 0, t->cols));

	return i < t->cols ? i : t->cols - 1;
}

/* Add a running (or waiting) span's coverage to the cells of a lane. */
static void
cover(struct timeline *t, size_t lane, int64_t a_us, int64_t b_us, bool wait,
    enum paint p)
{
	struct cell *c = row(t, lane);
	double a = clampd(chart_x(&t->c, a_us), 0, t->cols);
	double b = clampd(chart_x(&t->c, b_us), 0, t->cols);
	double part;
	int i0, i1, mid;

	if (b < a)
		return;
	i0 = (int)floor(a);
	i1 = (int)ceil(b) - 1;
	if (i1 < i0)
		i1 = i0;
	if (i1 >= t->cols)
		i1 = t->cols - 1;
	if (i0 > i1)
		i0 = i1;
	for (int i = i0; i <= i1; i++) {
		part = fmin(b, i + 1) - fmax(a, i);
		if (part < 0)
			part = 0;
		if (wait) {
			c[i].wait = fmax(c[i].wait, part);
			continue;
		}
		if (a <= i)
			c[i].left += part;
		else if (b >= i + 1)
			c[i].right += part;
		else
			c[i].inside += part;
		if (part >= c[i].best) {
			c[i].best = part;
			c[i].run_paint = p;
		}
	}
	if (!wait && b - a < 1) {
		mid = (int)floor((a + b) / 2);
		mid = mid < t->cols ? mid : t->cols - 1;
		c[mid].force = true;
		if (c[mid].best == 0)
			c[mid].run_paint = p;
	}
}

/* Eighths of a cell, rounded, at most 8. */
static int
eighths(double part)
{
	return part >= 1 ? 8 : (int)lround(part * 8);
}

/*
 * One cell's glyph: full where spans cover it (two meeting in it count),
 * else the eighths of the span at its larger edge, a shade where a wait
 * covers half, or blank.
 * ASCII has no eighths: a cell gets '#' when spans cover half of it.
 */
static void
resolve(const struct timeline *t, struct cell *c)
{
	const struct glyphs *g = t->g;
	int all = eighths(c->left + c->right + c->inside);
	int l = eighths(c->left), r = eighths(c->right);

	if (all == 0 && c->force)
		all = 1;
	if (!t->st->unicode && all < 4 && !c->force)
		all = 0;
	if (all == 0) {
		if (c->wait >= 0.5) {
			c->cp = g->shade;
			c->paint = P_WAIT;
		}
		return;
	}
	c->paint = c->run_paint;
	if (l == 8 || r >= 7 ||
	    (l > 0 && r > 0 && eighths(c->left + c->right) >= 7))
		c->cp = g->full;
	else if (l > 0 && l >= r)
		c->cp = g->left[l];
	else if (r > 0)
		c->cp = r >= 3 ? g->right_half : g->right_eighth;
	else
		c->cp = g->left[all];
}

/* Write text over the whole cells of a span, centred, if it fits with room. */
static bool
label_span(struct timeline *t, size_t lane, int64_t a_us, int64_t b_us,
    const char *text)
{
	struct cell *c = row(t, lane);
	double a = clampd(chart_x(&t->c, a_us), 0, t->cols);
	double b = clampd(chart_x(&t->c, b_us), 0, t->cols);
	/* Cells a span covers to within 1/16 are drawn whole, so count them. */
	int first = (int)ceil(a - 1.0 / 16);
	int whole = (int)floor(b + 1.0 / 16) - first;
	int len = (int)strlen(text), at;

	if (len + 2 > whole)
		return false;
	at = first + (whole - len) / 2;
	for (int i = 0; i < len; i++) {
		c[at + i].cp = (unsigned char)text[i];
		c[at + i].reverse = t->st->color;
	}
	return true;
}

/*
 * The blocking work, named as fully as room allows, with how many units it
 * ran when more than one ("blocking work: 2 hashes").
 */
static void
label_hash(struct timeline *t, size_t lane, int64_t a_us, int64_t b_us,
    uint64_t units)
{
	const char *noun = record_unit(t->r, units > 1 ? units : 1);
	char full[80], brief[48];

	if (units > 1) {
		snprintf(full, sizeof(full), "%s: %" PRIu64 " %s",
		    lane == 0 ? "blocking work" : "offloaded work", units, noun);
		snprintf(brief, sizeof(brief), "%" PRIu64 " %s", units, noun);
	} else {
		snprintf(full, sizeof(full), "%s %s", lane == 0 ? "blocking" :
		    "offloaded", noun);
		snprintf(brief, sizeof(brief), "%s", lane == 0 ? "sync" : noun);
	}
	if (!label_span(t, lane, a_us, b_us, full))
		label_span(t, lane, a_us, b_us, brief);
}

/*
 * Where a unit follows another on the same worker within a cell, without
 * colour to tell them apart: a seam in its first cell.
 */
static void
seams(struct timeline *t, const int64_t *prev_end)
{
	const struct record *r = t->r;

	if (t->st->color)
		return;
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *k = &r->tasks[i];
		struct cell *c;
		int at;

		if (k->worker == 0 || prev_end[i] < 0)
			continue;
		at = col(t, k->start_us);
		if (col(t, prev_end[i]) + 1 < at)
			continue;	/* a gap shows the boundary already */
		c = row(t, t->l.worker + k->worker - 1);
		/* A part-filled or waiting cell shows the boundary already. */
		if (c[at].cp == t->g->full && c[at].paint != P_WAIT)
			c[at].cp = t->g->seam;
	}
}

/* Write plain text at a column, painted p. */
static void
text_at(struct cell *c, int at, const char *text, enum paint p)
{
	for (int i = 0; text[i] != '\0'; i++) {
		c[at + i].cp = (unsigned char)text[i];
		c[at + i].paint = p;
	}
}

/* A latency as |----| with its label inside, else beside it where it fits. */
static void
interval(struct timeline *t, size_t lane, int64_t a_us, int64_t b_us,
    const char *text)
{
	const struct glyphs *g = t->g;
	struct cell *c = row(t, lane);
	int a = col(t, a_us), b = col(t, b_us), len = (int)strlen(text);

	if (b < a)
		b = a;
	for (int i = a; i <= b; i++) {
		c[i].cp = i == a ? g->lcap : i == b ? g->rcap : g->hline;
		c[i].paint = P_LATENCY;
	}
	if (a == b)
		c[a].cp = g->bar;
	/* Beside it, a blank either side keeps it apart from the ticks. */
	if (len + 2 <= b - a - 1)
		text_at(c, a + 1 + (b - a - 1 - len) / 2, text, P_LATENCY);
	else if (b + 2 + len <= t->cols) {
		c[b + 1].cp = 0;
		text_at(c, b + 2, text, P_LATENCY);
		if (b + 2 + len < t->cols)
			c[b + 2 + len].cp = 0;
	} else if (a - 1 - len >= 0) {
		c[a - 1].cp = 0;
		text_at(c, a - 1 - len, text, P_LATENCY);
		if (a - 2 - len >= 0)
			c[a - 2 - len].cp = 0;
	}
}

/*
 * A unit done on its thread whose result the loop delivered later: from
 * its end to its delivery, where at least a whole cell lies between, a
 * dotted line to a delivery mark. In a live frame a result not delivered
 * yet (done_us < end_us) waits until the frame's now, without the mark:
 * the line grows frame by frame, and delivery only adds the mark. Bars
 * drawn there win: the thread ran its next unit meanwhile.
 */
static void
await(struct timeline *t, size_t lane, int64_t end_us, int64_t done_us)
{
	struct cell *c = row(t, lane);
	bool delivered = done_us >= end_us;
	int a, b;

	if (!delivered && !t->frame)
		return;
	a = col(t, end_us);
	b = col(t, delivered ? done_us : t->now_us);
	if ((!delivered && t->now_us < end_us) || b - a < 2)
		return;
	/* From the end's own cell, where the bar left it blank (ASCII). */
	for (int i = a; i < b; i++)
		if (c[i].cp == 0) {
			c[i].cp = t->g->await;
			c[i].paint = P_AWAIT;
		}
	if (delivered && c[b].cp == 0) {
		c[b].cp = t->g->done;
		c[b].paint = P_DONE;
	}
}

/* Each heartbeat tick the record kept, a small mark in its cell. */
static void
ticks(struct timeline *t)
{
	const struct record_heartbeat *h = &t->r->heartbeat;
	struct cell *c = row(t, t->l.heartbeat);

	for (size_t i = 0; i < h->ntick_us; i++) {
		c[col(t, h->tick_us[i])].cp = t->g->beat;
		c[col(t, h->tick_us[i])].paint = P_TICK;
	}
}

static void
name_lanes(struct timeline *t)
{
	for (size_t i = 0; i < t->l.n; i++)
		chart_lane_name(t->labels[i], LABEL_LEN, &t->l, t->r, i);
}

static void
draw(struct timeline *t)
{
	const struct record *r = t->r;
	const struct record_heartbeat *h = &r->heartbeat;
	char text[LABEL_LEN];
	size_t lane;
	/* Per worker: units so far and the last one's end; per task: its predecessor's end. */
	uint64_t *nth = calloc(t->c.workers + 1, sizeof(*nth));
	int64_t *last = calloc(t->c.workers + 1, sizeof(*last));
	int64_t *prev_end = calloc(r->ntasks + 1, sizeof(*prev_end));

	if (r->sync.ran)
		cover(t, 0, r->sync.start_us, r->sync.end_us, false, P_SYNC);
	if (r->offload.ran)
		cover(t, t->l.thread, r->offload.start_us, r->offload.end_us,
		    false, P_SYNC);
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *k = &r->tasks[i];
		bool odd = k->id % 2;

		if (t->queueing)
			cover(t, t->l.queue, k->queued_us, chart_wait_end(k),
			    true, P_WAIT);
		if (k->worker == 0)
			continue;
		lane = t->l.worker + k->worker - 1;
		/* A worker takes units in queue order: its nth is by id. */
		if (nth != NULL && last != NULL && prev_end != NULL &&
		    k->worker <= t->c.workers) {
			odd = nth[k->worker] % 2 == 0;
			prev_end[i] = nth[k->worker] > 0 ? last[k->worker] : -1;
			nth[k->worker]++;
			last[k->worker] = k->end_us;
		}
		if (t->queueing)
			cover(t, lane, k->queued_us, k->start_us, true, P_WAIT);
		cover(t, lane, k->start_us, k->end_us, false,
		    odd ? P_TASK_A : P_TASK_B);
	}
	for (size_t i = 0; i < t->l.n * (size_t)t->cols; i++)
		resolve(t, &t->cells[i]);
	if (nth != NULL && last != NULL && prev_end != NULL)
		seams(t, prev_end);
	free(nth);
	free(last);
	free(prev_end);

	if (r->sync.ran)
		label_hash(t, 0, r->sync.start_us, r->sync.end_us,
		    r->heartbeat.block_hashes);
	if (r->offload.ran) {
		struct cell *c = row(t, 0) + col(t, r->offload.done_us);

		label_hash(t, t->l.thread, r->offload.start_us,
		    r->offload.end_us, r->offload.units);
		/* A live frame's result not delivered yet has done_us < 0. */
		if (c->cp == 0 && r->offload.done_us >= r->offload.end_us) {
			c->cp = t->g->done;
			c->paint = P_DONE;
		}
	}
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *k = &r->tasks[i];
		struct cell *c = row(t, 0) + col(t, k->done_us);

		if (k->worker == 0)
			continue;
		/* The dns scenario names each request's kind where it fits. */
		snprintf(text, sizeof(text), "%s %" PRIu32,
		    task_kind_name(record_task_kind(r, k->id)), k->id);
		if (record_task_kind(r, k->id) == TASK_WORK ||
		    !label_span(t, t->l.worker + k->worker - 1, k->start_us,
		    k->end_us, text)) {
			snprintf(text, sizeof(text), "%" PRIu32, k->id);
			label_span(t, t->l.worker + k->worker - 1, k->start_us,
			    k->end_us, text);
		}
		/* A live frame's result not delivered yet has done_us < end_us. */
		if (c->cp == 0 && k->done_us >= k->end_us) {
			c->cp = t->g->done;
			c->paint = P_DONE;
		}
		await(t, t->l.worker + k->worker - 1, k->end_us, k->done_us);
	}
	if (r->offload.ran)
		await(t, t->l.thread, r->offload.end_us, r->offload.done_us);
	if (h->ran) {
		ticks(t);
		/* Whole milliseconds, cut as the article's lines and the notes
		 * cut them, so the lane and the sentence give one number. */
		snprintf(text, sizeof(text), "%.0f ms gap",
		    (double)(h->max_gap_us / 1000));
		interval(t, t->l.heartbeat, h->gap_start_us,
		    h->gap_start_us + h->max_gap_us, text);
	}
	lane = t->l.probe;
	for (int k = 0; k < PROBE_COUNT; k++) {
		const struct record_probe *p = &r->probes[k];

		if (!p->ran)
			continue;
		if (p->status != 0)
			snprintf(text, sizeof(text), "failed");
		else
			snprintf(text, sizeof(text), "%.1f ms",
			    us_to_ms(p->done_us - p->start_us));
		interval(t, lane++, p->start_us, p->done_us, text);
	}
}

static int
put_cp(FILE *f, uint32_t cp)
{
	unsigned char b[3];
	size_t n;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else {
		b[0] = (unsigned char)(0xe0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	}
	return fwrite(b, 1, n, f) == n ? 0 : -1;
}

/* Switch the pen to paint p, reversed or not; only ever with colour on. */
static int
pen(FILE *f, int *cur, bool *cur_rev, int p, bool rev)
{
	if (p == *cur && rev == *cur_rev)
		return 0;
	if ((*cur != P_NONE || *cur_rev) && fputs("\x1b[0m", f) == EOF)
		return -1;
	if (p != P_NONE &&
	    fprintf(f, "\x1b[%s%sm", rev ? "7;" : "", sgr[p]) < 0)
		return -1;
	*cur = p;
	*cur_rev = rev;
	return 0;
}

/* A label padded to its column, then the cells, with no trailing blanks. */
static int
put_row(const struct timeline *t, FILE *f, const char *label,
    const struct cell *c)
{
	int last = t->cols - 1, cur = P_NONE;
	bool cur_rev = false;

	while (last >= 0 && c[last].cp == 0)
		last--;
	if (fprintf(f, "%-*s", last >= 0 ? t->label_w : 0, label) < 0)
		return -1;
	for (int i = 0; i <= last; i++) {
		int p = c[i].cp ? c[i].paint : P_NONE;

		if (t->st->color &&
		    pen(f, &cur, &cur_rev, p, c[i].cp && c[i].reverse) != 0)
			return -1;
		if (put_cp(f, c[i].cp ? c[i].cp : ' ') != 0)
			return -1;
	}
	if (t->st->color && pen(f, &cur, &cur_rev, P_NONE, false) != 0)
		return -1;
	return putc('\n', f) == EOF ? -1 : 0;
}

/* Tick marks on one row and their labels in ms on the next. */
static int
put_axis(struct timeline *t, FILE *f)
{
	struct cell *ticks = row(t, t->l.n), *labels = row(t, t->l.n + 1);
	int64_t step = chart_tick_step(&t->c, t->cols / 8);
	char text[32];
	int at, len, free_at = 0;

	for (int i = 0; i < t->cols; i++)
		ticks[i].cp = t->g->axis;
	/* i * step never passes end_us, so nothing here can overflow. */
	for (int64_t i = 0, us = 0; i <= t->c.end_us / step; us = ++i * step) {
		at = col(t, us);
		ticks[at].cp = t->g->tick;
		len = chart_tick_label(text, sizeof(text), us, step);
		if (at < free_at || at + len > t->cols)
			continue;
		text_at(labels, at, text, P_NONE);
		free_at = at + len + 1;
	}
	if (put_row(t, f, "", ticks) != 0 || put_row(t, f, "ms", labels) != 0)
		return -1;
	return 0;
}

struct legend_item {
	uint32_t cp[3];
	enum paint paint;
	const char *text;
};

static bool
painted(const struct timeline *t, enum paint p)
{
	for (size_t i = 0; i < t->l.n * (size_t)t->cols; i++)
		if (t->cells[i].cp != 0 && t->cells[i].paint == p)
			return true;
	return false;
}

/* What the glyphs drawn mean, wrapped by whole items to the width. */
static int
put_legend(const struct timeline *t, FILE *f)
{
	const struct glyphs *g = t->g;
	const struct legend_item all[] = {
		{ { g->full }, P_TASK_A, t->r->io.ran ? "running: dns N a lookup "
		    "(odd N), fs N a file read (even N)" : record_unit_doing(t->r) },
		{ { g->shade }, P_WAIT, "waiting in the queue" },
		{ { g->await }, P_AWAIT, "done, waiting for the loop" },
		{ { g->done }, P_DONE, "result delivered" },
		{ { g->lcap, g->hline, g->rcap }, P_LATENCY,
		    "latency on the loop" },
		{ { g->beat }, P_TICK, "tick" },
		{ { 0 }, P_NONE, "(the probes' own pool work is not drawn)" },
	};
	const bool shown[] = {
		painted(t, P_SYNC) || painted(t, P_TASK_A) ||
		    painted(t, P_TASK_B),
		painted(t, P_WAIT), painted(t, P_AWAIT), painted(t, P_DONE),
		painted(t, P_LATENCY), painted(t, P_TICK),
		t->r->probes[PROBE_FS].ran || t->r->probes[PROBE_DNS].ran,
	};
	int used = 0, w, cur = P_NONE;
	bool cur_rev = false;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (!shown[i])
			continue;
		w = (all[i].cp[1] ? 3 : all[i].cp[0] ? 1 : -1) + 1 +
		    (int)strlen(all[i].text);
		if (used > 0 && used + 3 + w > t->st->width) {
			if (putc('\n', f) == EOF)
				return -1;
			used = 0;
		} else if (used > 0) {
			if (fputs("   ", f) == EOF)
				return -1;
			used += 3;
		}
		if (t->st->color &&
		    pen(f, &cur, &cur_rev, all[i].paint, false) != 0)
			return -1;
		for (int k = 0; k < 3 && all[i].cp[k]; k++)
			if (put_cp(f, all[i].cp[k]) != 0)
				return -1;
		if (t->st->color && pen(f, &cur, &cur_rev, P_NONE, false) != 0)
			return -1;
		if (fprintf(f, "%s%s", all[i].cp[0] ? " " : "", all[i].text) < 0)
			return -1;
		used += w;
	}
	return used > 0 && putc('\n', f) == EOF ? -1 : 0;
}

/* Words filled into lines of at most width columns; ASCII text only. */
static int
put_wrapped(FILE *f, const char *s, int width)
{
	const char *line;
	size_t len;

	while ((len = fmt_wrap(&s, (size_t)width, &line)) > 0)
		if (fwrite(line, 1, len, f) != len || putc('\n', f) == EOF)
			return -1;
	return 0;
}

/* The legend's rows at this width. */
static int
legend_rows(const struct timeline *t)
{
	char *buf = NULL;
	size_t n = 0;
	int rows = 0;
	FILE *f = open_memstream(&buf, &n);

	if (f == NULL)
		return 1;
	if (put_legend(t, f) != 0)
		rows = 1;
	if (fclose(f) != 0)
		rows = 1;
	for (size_t i = 0; buf != NULL && i < n; i++)
		rows += buf[i] == '\n';
	free(buf);
	return rows;
}

/*
 * How many worker lanes to draw: all of them, or within st->height rows
 * the first ones, at least one, with a line counting the rest. The axis
 * and the legend are never cut.
 */
static size_t
workers_shown(const struct timeline *t)
{
	size_t workers = t->l.n - t->l.worker;
	int room;

	if (t->st->height <= 0 || workers <= 1)
		return workers;
	room = t->st->height - 2 - legend_rows(t) - (int)t->l.worker;
	if (room >= (int)workers)
		return workers;
	return room - 1 > 1 ? (size_t)(room - 1) : 1;
}

static int
put_chart(struct timeline *t, FILE *f)
{
	char notes[NOTES_MAX][NOTE_LEN];
	size_t n, shown = t->l.worker + workers_shown(t);

	for (size_t lane = 0; lane < shown; lane++)
		if (put_row(t, f, t->labels[lane], row(t, lane)) != 0)
			return -1;
	if (shown < t->l.n && fprintf(f, "%s %zu more workers\n",
	    t->st->unicode ? "\xe2\x80\xa6" : "...", t->l.n - shown) < 0)
		return -1;
	if (put_axis(t, f) != 0 || put_legend(t, f) != 0)
		return -1;
	if (t->frame || t->st->brief)
		return 0;
	if (putc('\n', f) == EOF)
		return -1;
	n = notes_make(t->r, notes);
	for (size_t i = 0; i < n; i++)
		if (put_wrapped(f, notes[i], t->st->width) != 0)
			return -1;
	return 0;
}

/*
 * The chart, st->width columns wide at most: every glyph is one column
 * and colour escapes take none. Returns 0, or -1 on a write error, without
 * memory, or (EINVAL) when the width leaves under 10 columns for time.
 */
static int
timeline(FILE *f, const struct record *r, const struct render_style *st,
    bool frame, int64_t axis_us, int64_t now_us)
{
	struct timeline t;
	int rc = -1, len;

	memset(&t, 0, sizeof(t));
	t.frame = frame;
	t.axis_us = axis_us;
	t.now_us = now_us;
	t.r = r;
	t.st = st;
	t.g = st->unicode ? &unicode : &ascii;
	chart_init(&t.c, r, 1);
	t.queueing = chart_queueing(r);
	chart_lanes(&t.l, r, &t.c, t.queueing);
	if ((t.labels = calloc(t.l.n, sizeof(*t.labels))) == NULL)
		return -1;
	name_lanes(&t);
	t.label_w = (int)strlen("ms");
	for (size_t i = 0; i < t.l.n; i++)
		if ((len = (int)strlen(t.labels[i])) > t.label_w)
			t.label_w = len;
	t.label_w++;
	t.cols = st->width - t.label_w;
	if (t.cols < 10) {
		errno = EINVAL;
		goto out;
	}
	chart_init(&t.c, r, t.cols);
	if (t.c.end_us < t.axis_us)
		t.c.end_us = t.axis_us;
	/* Two more rows: the axis's ticks and its labels. */
	if ((t.cells = calloc((t.l.n + 2) * (size_t)t.cols,
	    sizeof(*t.cells))) == NULL)
		goto out;
	draw(&t);
	rc = put_chart(&t, f);
out:
	free(t.cells);
	free(t.labels);
	return rc;
}

int
render_timeline(FILE *f, const struct record *r, const struct render_style *st)
{
	return timeline(f, r, st, false, 0, 0);
}

/*
 * One frame of a run still going (see core/live.h): the chart without
 * its notes, its axis running to axis_us at least, so that lanes grow
 * across a steady scale. now_us is the frame's now, which the caller
 * read when it took the record: a unit ended and not yet delivered waits
 * for the loop until then.
 */
int
render_timeline_frame(FILE *f, const struct record *r,
    const struct render_style *st, int64_t axis_us, int64_t now_us)
{
	return timeline(f, r, st, true, axis_us, now_us);
}
