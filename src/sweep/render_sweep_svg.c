/*
 * render_sweep_svg: a sweep as an SVG plot, makespan against pool size, a
 * line per call count; with a single pool size, makespan against calls.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/chart.h"
#include "render/fmt.h"
#include "render/xmlw.h"
#include "sweep/render_sweep.h"
#include "sweep/sweep_stats.h"

/*
 * Layout in pixels. Text widths are estimates: 15px sans, 8.4px a
 * character. On a slide 1600 px wide the picture is scaled by 1600 / 960,
 * so its smallest text is 25 px there, readable from the back of a room.
 */
#define WIDTH		960
#define FONT		15	/* every text but the title */
#define TITLE_FONT	20
#define LEFT		100	/* the y ticks' labels and the y axis's title */
#define RIGHT		30
#define TOP		100	/* the title and the two configuration lines */
#define PLOT_H		400
#define PAD		28	/* between the frame and the outermost pool sizes */
#define CHAR_W		8.4
#define LINE_H		26
#define LINE_W		"3.5"	/* measured and predicted lines: for a projector */
#define DOT_R		"6"
#define STEPS_MAX	400	/* a staircase with more steps is drawn straight */
#define NCOLORS		10

static const char *const colors[NCOLORS] = {
	"#2e6fba", "#d1495b", "#2a9d4b", "#e07b00", "#7b4ea3",
	"#00a3a3", "#8c564b", "#c2185b", "#5f6b7a", "#b59a00",
};

struct plot {
	struct fmt_sink out;	/* every write goes through here */
	const struct sweep_result *r;
	struct chart y;		/* makespan: 0 to y.end_us across PLOT_H */
	int64_t ystep;
	double lo, hi;		/* log2 of the smallest and largest pool */
	bool by_calls;		/* one pool size: x is calls, on a linear scale */
	double legend_y, height;
};

/* The x values: pool sizes, or call counts with one pool size. */
static size_t
nx(const struct plot *p)
{
	return p->by_calls ? p->r->config->ncalls : p->r->config->npools;
}

static uint64_t
xval(const struct plot *p, size_t j)
{
	return p->by_calls ? p->r->config->calls[j] : p->r->config->pools[j];
}

/* Lines: one per call count, or the one pool size's. */
static size_t
nseries(const struct plot *p)
{
	return p->by_calls ? 1 : p->r->config->ncalls;
}

#define out(p, ...)	fmt_out(&(p)->out, __VA_ARGS__)
#define text(p, str, max)	xmlw_sink_text(&(p)->out, (str), (max))

static double
x_of(const struct plot *p, uint64_t v)
{
	double a = LEFT + PAD, b = WIDTH - RIGHT - PAD;
	double x = p->by_calls ? (double)v : log2((double)v);

	if (p->hi <= p->lo)
		return (a + b) / 2;
	return a + (x - p->lo) / (p->hi - p->lo) * (b - a);
}

static double
y_of(const struct plot *p, double ms)
{
	return TOP + PLOT_H - chart_x(&p->y, llround(ms * 1000));
}

/* What was run: parts 1 (the work and the runs), 2 (the machine), or 0 both. */
static void
describe(struct plot *p, int part)
{
	const struct sweep_config *c = p->r->config;
	const struct sweep_machine *m = &p->r->machine;

	if (part == 2)
		goto machine;
	if (c->work.kind != WORK_PBKDF2) {
		text(p, c->desc.title, strlen(c->desc.title));
		out(p, ", ");
	} else {
		out(p, "%" PRIu64 " %s of ", c->work.iterations,
		    fmt_plural(c->work.iterations, "iteration", "iterations"));
		text(p, c->work.digest, strlen(c->work.digest));
		out(p, ", %" PRIu64 "-byte keys, ", c->work.keylen);
	}
	if (c->repeat == 1)
		out(p, "one run per point");
	else
		out(p, "median of %u runs per point", c->repeat);
	if (part == 1)
		return;
	out(p, "; ");
machine:
	out(p, "%u %s, libuv ", m->cpus, fmt_plural(m->cpus, "CPU", "CPUs"));
	text(p, m->libuv, sizeof(m->libuv));
	out(p, ", ");
	text(p, m->openssl, sizeof(m->openssl));
}

/* The y scale: from 0 to a whole number of ticks above every line's top. */
static void
scale(struct plot *p)
{
	const struct sweep_result *r = p->r;
	const struct sweep_config *c = r->config;
	int64_t top = 1000, us;

	for (size_t i = 0; i < r->npoints; i++) {
		us = llround(fmax(r->points[i].makespan_ms,
		    sweep_predicted_ms(&r->points[i])) * 1000);
		if (us > top)
			top = us;
	}
	p->y.end_us = top;
	p->y.units = PLOT_H;
	p->ystep = chart_tick_step(&p->y, 7);
	if (top % p->ystep != 0 && top <= INT64_MAX - p->ystep)
		p->y.end_us = (top / p->ystep + 1) * p->ystep;
	p->by_calls = c->npools == 1 && c->ncalls > 1;
	if (p->by_calls) {
		p->lo = (double)c->calls[0];
		p->hi = (double)c->calls[c->ncalls - 1];
	} else {
		p->lo = log2((double)c->pools[0]);
		p->hi = log2((double)c->pools[c->npools - 1]);
	}
}

/* The frame, the grid, the ticks and the axes' titles. */
static void
axes(struct plot *p)
{
	double bottom = TOP + PLOT_H, last = -1e9, x, w;
	char a[32], b[32], d[32], label[32];

	out(p, "<g stroke=\"#e1e4e8\">\n");
	for (int64_t us = 0; us <= p->y.end_us; us += p->ystep) {
		xmlw_num(a, y_of(p, (double)us / 1000));
		out(p, "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\"/>\n", LEFT,
		    a, WIDTH - RIGHT, a);
		if (us > INT64_MAX - p->ystep)
			break;
	}
	for (size_t i = 0; i < nx(p); i++)
		out(p, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%s\"/>\n",
		    xmlw_num(a, x_of(p, xval(p, i))), TOP, a, xmlw_num(b, bottom));
	out(p, "</g>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"none\" stroke=\"#555\"/>\n", LEFT, TOP,
	    WIDTH - LEFT - RIGHT, PLOT_H);
	out(p, "<g fill=\"#444\" text-anchor=\"end\">\n");
	for (int64_t us = 0; us <= p->y.end_us; us += p->ystep) {
		chart_tick_label(label, sizeof(label), us, p->ystep);
		out(p, "<text x=\"%d\" y=\"%s\">%s</text>\n", LEFT - 8,
		    xmlw_num(a, y_of(p, (double)us / 1000) + 5), label);
		if (us > INT64_MAX - p->ystep)
			break;
	}
	/* Every pool size gets a tick; its label only where there is room. */
	out(p, "</g>\n<g fill=\"#444\" text-anchor=\"middle\">\n");
	for (size_t i = 0; i < nx(p); i++) {
		x = x_of(p, xval(p, i));
		snprintf(label, sizeof(label), "%" PRIu64, xval(p, i));
		w = strlen(label) * CHAR_W;
		out(p, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
		    "stroke=\"#555\"/>\n", xmlw_num(a, x), xmlw_num(b, bottom), a,
		    xmlw_num(d, bottom + 5));
		if (x - w / 2 < last + 8)
			continue;
		out(p, "<text x=\"%s\" y=\"%s\">%s</text>\n", a,
		    xmlw_num(b, bottom + 24), label);
		last = x + w / 2;
	}
	out(p, "<text x=\"%s\" y=\"%s\">%s</text>\n</g>\n",
	    xmlw_num(a, (LEFT + WIDTH - RIGHT) / 2.0), xmlw_num(b, bottom + 52),
	    p->by_calls ? "calls (hashes queued)" :
	    "pool size (threads, log scale)");
	out(p, "<text transform=\"translate(26 %s) rotate(-90)\" "
	    "text-anchor=\"middle\" fill=\"#444\">makespan (ms)</text>\n",
	    xmlw_num(a, TOP + PLOT_H / 2.0));
}

/* A dashed line where the pool has as many threads as there are CPUs. */
static void
cpus_mark(struct plot *p)
{
	const struct sweep_config *c = p->r->config;
	unsigned cpus = p->r->machine.cpus;
	char a[32], b[32];
	double x;

	if (p->by_calls || c->npools < 2 || cpus < c->pools[0] ||
	    cpus > c->pools[c->npools - 1])
		return;
	x = x_of(p, cpus);
	/* Its label above the frame, clear of every line. */
	out(p, "<line x1=\"%s\" y1=\"%d\" x2=\"%s\" y2=\"%d\" stroke=\"#888\" "
	    "stroke-dasharray=\"2 3\"/>\n<text x=\"%s\" y=\"%d\" fill=\"#666\" "
	    "text-anchor=\"middle\">pool = CPUs (%u)</text>\n", xmlw_num(a, x),
	    TOP, a, TOP + PLOT_H, xmlw_num(b, x), TOP - 8, cpus);
}

/* The points of one line: k-th in the calls, pool sizes ascending; or all. */
static const struct sweep_point *
row(const struct plot *p, size_t k)
{
	return p->by_calls ? p->r->points :
	    &p->r->points[k * p->r->config->npools];
}

static uint64_t
pt_x(const struct plot *p, const struct sweep_point *pt)
{
	return p->by_calls ? pt->calls : pt->pool;
}

/* The prediction at x, a pool size or a call count, with the line's T. */
static double
predicted_at(const struct plot *p, const struct sweep_point *pt, uint64_t x)
{
	unsigned cpus = p->r->machine.cpus;

	return p->by_calls ? (double)sweep_expected_waves(x, pt->pool, cpus) *
	    pt->law_t_ms : (double)sweep_expected_waves(pt->calls, (unsigned)x,
	    cpus) * pt->law_t_ms;
}

/*
 * The prediction as the staircase it is: ceil(calls / min(pool, CPUs))
 * whole waves, constant from one whole pool size (or call count) to the
 * next, stepping where a wave is gained or lost. Where the steps would
 * be denser than the picture can show, the points are joined straight.
 */
static void
staircase(struct plot *p, const struct sweep_point *pt)
{
	uint64_t lo = xval(p, 0), hi = xval(p, nx(p) - 1);
	unsigned lanes = pt->pool < p->r->machine.cpus ? pt->pool :
	    p->r->machine.cpus;
	double prev, v;
	char a[32], b[32];

	if (p->by_calls && (hi - lo) / (lanes ? lanes : 1) > STEPS_MAX) {
		for (size_t j = 0; j < nx(p); j++)
			out(p, "%s%s,%s", j ? " " : "", xmlw_num(a, x_of(p,
			    pt_x(p, &pt[j]))), xmlw_num(b, y_of(p,
			    sweep_predicted_ms(&pt[j]))));
		return;
	}
	prev = predicted_at(p, pt, lo);
	out(p, "%s,%s", xmlw_num(a, x_of(p, lo)), xmlw_num(b, y_of(p, prev)));
	for (uint64_t x = lo + 1; x <= hi; x++) {
		if ((v = predicted_at(p, pt, x)) == prev)
			continue;
		xmlw_num(a, x_of(p, x));
		out(p, " %s,%s", a, xmlw_num(b, y_of(p, prev)));
		out(p, " %s,%s", a, xmlw_num(b, y_of(p, v)));
		prev = v;
	}
	if (hi > lo)
		out(p, " %s,%s", xmlw_num(a, x_of(p, hi)), xmlw_num(b,
		    y_of(p, prev)));
}

static void
polyline(struct plot *p, size_t k, bool predicted)
{
	const struct sweep_point *pt = row(p, k);
	char a[32], b[32];

	out(p, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\""
	    LINE_W "\" %s points=\"", colors[k % NCOLORS], predicted ?
	    "stroke-dasharray=\"12 6\" stroke-opacity=\"0.7\" "
	    "stroke-linejoin=\"miter\" class=\"predicted\"" :
	    "class=\"measured\"");
	if (predicted)
		staircase(p, pt);
	else
		for (size_t j = 0; j < nx(p); j++)
			out(p, "%s%s,%s", j ? " " : "", xmlw_num(a, x_of(p,
			    pt_x(p, &pt[j]))), xmlw_num(b, y_of(p,
			    pt[j].makespan_ms)));
	out(p, "\"/>\n");
}

static void
markers(struct plot *p, size_t k)
{
	const struct sweep_point *pt = row(p, k);
	char a[32], b[32], ratio[32];
	double v;

	char busy[96];
	bool hollow;

	out(p, "<g fill=\"%s\" stroke=\"#fff\">\n", colors[k % NCOLORS]);
	for (size_t j = 0; j < nx(p); j++) {
		if (sweep_ratio(&pt[j], &v))
			snprintf(ratio, sizeof(ratio), ", ratio %.2f", v);
		else
			ratio[0] = '\0';
		/* A disturbed point is hollow: the machine's, not the pool's. */
		hollow = sweep_point_disturbed(&pt[j], p->r->machine.cpus);
		if (hollow && pt[j].load_known)
			snprintf(busy, sizeof(busy), "; disturbed: other "
			    "processes used %.1f CPUs", pt[j].other_cpus);
		else if (hollow)
			snprintf(busy, sizeof(busy), "; disturbed: fewer hashes "
			    "ran at once than could");
		else
			busy[0] = '\0';
		out(p, "<circle cx=\"%s\" cy=\"%s\" r=\"" DOT_R "\"%s%s%s><title>"
		    "pool %u, calls %" PRIu64 ": makespan %.1f ms, predicted "
		    "%.1f ms%s%s</title></circle>\n", xmlw_num(a, x_of(p, pt_x(p, &pt[j]))), xmlw_num(b, y_of(p, pt[j].makespan_ms)),
		    hollow ? " fill=\"#fff\" stroke=\"" : "",
		    hollow ? colors[k % NCOLORS] : "",
		    hollow ? "\" stroke-width=\"3\"" : "", pt[j].pool,
		    pt[j].calls, pt[j].makespan_ms, sweep_predicted_ms(&pt[j]),
		    ratio, busy);
	}
	out(p, "</g>\n");
}

/* Items left to right, wrapping: one per call count, then the prediction's. */
static int
legend(struct plot *p, bool draw)
{
	static const char pred[] = "dashed steps: predicted, ceil(calls / "
	    "min(pool, CPUs)) \xc3\x97 T";
	static const char busy[] = "hollow: disturbed, other processes took "
	    "the CPUs";
	const struct sweep_config *c = p->r->config;
	double x = 16, y = p->legend_y, w;
	char label[48], xs[32], xc[32], xt[32], ys[32], yl[32];
	int rows = 1;
	bool any = false;
	size_t n = nseries(p);

	for (size_t i = 0; i < p->r->npoints; i++)
		any |= sweep_point_disturbed(&p->r->points[i],
		    p->r->machine.cpus);
	for (size_t k = 0; k <= n + any; k++) {
		if (k < n && p->by_calls)
			snprintf(label, sizeof(label), "pool %" PRIu64, c->pools[0]);
		else if (k < n)
			snprintf(label, sizeof(label), "calls %" PRIu64, c->calls[k]);
		w = 40 + (k < n ? strlen(label) : k == n ?
		    strlen(pred) - 1 : strlen(busy)) * CHAR_W + 24;
		if (x + w > WIDTH - 16 && x > 16) {
			x = 16;
			y += LINE_H;
			rows++;
		}
		xmlw_num(xs, x);
		xmlw_num(xc, x + 15);
		xmlw_num(xt, x + 40);
		xmlw_num(ys, y);
		xmlw_num(yl, y - 5);
		if (draw && k < n)
			out(p, "<path d=\"M%s %sh30\" stroke=\"%s\" stroke-width="
			    "\"" LINE_W "\"/><circle cx=\"%s\" cy=\"%s\" r=\"" DOT_R
			    "\" fill=\"%s\"/>"
			    "<text x=\"%s\" y=\"%s\">%s</text>\n", xs, yl,
			    colors[k % NCOLORS], xc, yl, colors[k % NCOLORS], xt,
			    ys, label);
		else if (draw && k == n)
			out(p, "<path d=\"M%s %sh30\" stroke=\"#555\" stroke-width="
			    "\"" LINE_W "\" stroke-dasharray=\"12 6\"/><text x=\"%s\" "
			    "y=\"%s\">%s</text>\n", xs, yl, xt, ys, pred);
		else if (draw)
			out(p, "<circle cx=\"%s\" cy=\"%s\" r=\"" DOT_R "\" "
			    "fill=\"#fff\" stroke=\"#555\" stroke-width=\"3\"/><text x=\"%s\" "
			    "y=\"%s\">%s</text>\n", xc, yl, xt, ys, busy);
		x += w;
	}
	return rows;
}

/* The SVG document; 0, or -1 on a write error or a result it cannot draw. */
int
render_sweep_svg(FILE *f, const struct sweep_result *r)
{
	const struct sweep_config *c = r->config;
	struct plot p;
	char h[32];

	if (c->npools == 0 || c->ncalls == 0 ||
	    r->npoints != c->npools * c->ncalls)
		return -1;
	memset(&p, 0, sizeof(p));
	p.out.f = f;
	p.r = r;
	scale(&p);
	p.legend_y = TOP + PLOT_H + 88;
	p.height = p.legend_y + (legend(&p, false) - 1) * LINE_H + 20;
	xmlw_num(h, p.height);
	out(&p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%s\" viewBox=\"0 0 %d %s\" font-family=\"sans-serif\" "
	    "font-size=\"%d\">\n<title>poolviz sweep: makespan against %s; ",
	    WIDTH, h, WIDTH, h, FONT, p.by_calls ? "calls" : "pool size");
	describe(&p, 0);
	out(&p, "</title>\n<rect width=\"100%%\" height=\"100%%\" "
	    "fill=\"#fff\"/>\n<text x=\"16\" y=\"30\" font-size=\"%d\" "
	    "font-weight=\"bold\">poolviz sweep: makespan against %s",
	    TITLE_FONT, p.by_calls ? "calls" : "pool size");
	if (p.by_calls)
		out(&p, " (pool %" PRIu64 ")", c->pools[0]);
	out(&p, "</text>\n<text x=\"16\" y=\"54\" fill=\"#555\">");
	describe(&p, 1);
	out(&p, "</text>\n<text x=\"16\" y=\"76\" fill=\"#555\">");
	describe(&p, 2);
	out(&p, "</text>\n");
	axes(&p);
	cpus_mark(&p);
	for (size_t k = 0; k < nseries(&p); k++)
		polyline(&p, k, true);
	for (size_t k = 0; k < nseries(&p); k++) {
		polyline(&p, k, false);
		markers(&p, k);
	}
	out(&p, "<g fill=\"#222\">\n");
	legend(&p, true);
	out(&p, "</g>\n</svg>\n");
	return p.out.bad ? -1 : 0;
}
