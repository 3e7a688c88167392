/* render_sweep: a sweep as a table with the law it shows, as JSON, as CSV. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/fmt.h"
#include "render/jsonw.h"
#include "render/mdw.h"
#include "sweep/render_sweep.h"
#include "sweep/sweep_stats.h"

#define TEXT_WIDTH	78
#define NCOLS		10
#define CELL		32

/* A string from a child or the user, made valid UTF-8 with no control characters. */
static void
clean(char *dst, size_t len, const char *src, size_t max)
{
	if (max > 256)
		max = 256;
	fmt_utf8_clean(dst, len, src, max);
	for (char *p = dst; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

/* The heading's three lines: the work, the runs per point, the machine. */
static void
heading_lines(char lines[3][1024], const struct sweep_result *r)
{
	const struct sweep_config *c = r->config;
	const struct sweep_machine *m = &r->machine;
	char digest[3 * 256 + 1], libuv[3 * 32 + 1], openssl[3 * 64 + 1];

	clean(digest, sizeof(digest), c->digest, strlen(c->digest));
	clean(libuv, sizeof(libuv), m->libuv, sizeof(m->libuv));
	clean(openssl, sizeof(openssl), m->openssl, sizeof(m->openssl));
	if (c->work.kind != WORK_PBKDF2) {
		clean(digest, sizeof(digest), c->desc.title, strlen(c->desc.title));
		snprintf(lines[0], 1024, "poolviz sweep: %s", digest);
	} else
		snprintf(lines[0], 1024, "poolviz sweep: %" PRIu64 " %s of %s, %"
		    PRIu64 "-byte keys", c->iterations, fmt_plural(c->iterations,
		    "iteration", "iterations"), digest, c->keylen);
	if (c->repeat == 1)
		snprintf(lines[1], 1024, "each point: one run");
	else
		snprintf(lines[1], 1024, "each point: the median of %u runs",
		    c->repeat);
	snprintf(lines[2], 1024, "machine: %u %s, libuv %s, %s", m->cpus,
	    fmt_plural(m->cpus, "CPU", "CPUs"), libuv, openssl);
}

static void
heading(struct fmt_sink *t, const struct sweep_result *r)
{
	char lines[3][1024];

	heading_lines(lines, r);
	fmt_out(t, "%s\n%s\n%s\n\n", lines[0], lines[1], lines[2]);
}

/* A point's cells; * marks one disturbed (sweep_point_disturbed). */
static void
row_cells(char cells[NCOLS][CELL], const struct sweep_point *p,
    unsigned cpus)
{
	const char *mark = sweep_point_disturbed(p, cpus) ? " *" : "";
	double ratio;

	snprintf(cells[0], CELL, "%u", p->pool);
	snprintf(cells[1], CELL, "%" PRIu64, p->calls);
	snprintf(cells[2], CELL, "%" PRIu64, p->expected_waves);
	snprintf(cells[3], CELL, "%.1f", p->makespan_ms);
	snprintf(cells[4], CELL, "%.1f", sweep_predicted_ms(p));
	if (sweep_ratio(p, &ratio))
		snprintf(cells[5], CELL, "%.2f", ratio);
	else
		snprintf(cells[5], CELL, "-");
	if (p->has_speedup)
		snprintf(cells[6], CELL, "%.2f", p->speedup);
	else
		snprintf(cells[6], CELL, "-");
	snprintf(cells[7], CELL, "%.2f", p->parallelism);
	snprintf(cells[8], CELL, "%u", p->runs);
	if (p->load_known)
		snprintf(cells[9], CELL, "%.1f%s", p->other_cpus, mark);
	else
		snprintf(cells[9], CELL, "-%s", mark);
}

static const char *const table_head[NCOLS] = { "pool", "calls", "waves",
    "makespan_ms", "predicted_ms", "ratio", "speedup", "parallelism",
    "runs", "others" };

/* Right-aligned columns, as wide as their widest cell. */
static int
table(struct fmt_sink *t, const struct sweep_result *r)
{
	char (*cells)[NCOLS][CELL];
	size_t w[NCOLS];

	if ((cells = calloc(r->npoints, sizeof(*cells))) == NULL)
		return -1;
	for (int k = 0; k < NCOLS; k++)
		w[k] = strlen(table_head[k]);
	for (size_t i = 0; i < r->npoints; i++) {
		row_cells(cells[i], &r->points[i], r->machine.cpus);
		for (int k = 0; k < NCOLS; k++)
			if (strlen(cells[i][k]) > w[k])
				w[k] = strlen(cells[i][k]);
	}
	for (int k = 0; k < NCOLS; k++)
		fmt_out(t, "%s%*s", k ? "  " : "", (int)w[k], table_head[k]);
	fmt_out(t, "\n");
	for (size_t i = 0; i < r->npoints; i++) {
		for (int k = 0; k < NCOLS; k++)
			fmt_out(t, "%s%*s", k ? "  " : "", (int)w[k], cells[i][k]);
		fmt_out(t, "\n");
	}
	free(cells);
	return 0;
}

/* A paragraph of ASCII words, wrapped to TEXT_WIDTH. */
static void
paragraph(struct fmt_sink *t, const char *s)
{
	const char *line;
	size_t len;

	fmt_out(t, "\n");
	while ((len = fmt_wrap(&s, TEXT_WIDTH, &line)) > 0)
		fmt_out(t, "%.*s\n", (int)len, line);
}

static void
t_range(char *buf, size_t len, const struct sweep_law *l)
{
	if (round(l->min_t_ms * 10) == round(l->max_t_ms * 10))
		snprintf(buf, len, "%.1f ms", l->min_t_ms);
	else
		snprintf(buf, len, "%.1f to %.1f ms", l->min_t_ms, l->max_t_ms);
}

/*
 * The worst point's clause: how far off, and, when fewer hashes ran at
 * once than the pool and the CPUs allowed, that something else had the
 * CPUs, which is the usual reason on a busy machine.
 */
static void
worst_clause(char *buf, size_t len, const struct sweep_result *r,
    const struct sweep_law *l)
{
	const struct sweep_point *w = &r->points[l->worst];
	uint64_t could = sweep_room(w, r->machine.cpus);
	double off = fabs(l->worst_ratio - 1) * 100;
	int n;

	n = snprintf(buf, len, "%.0f%% %s the prediction", off,
	    l->worst_ratio > 1 ? "above" : "below");
	if (n < 0 || (size_t)n >= len)
		return;
	if (l->worst_ratio > 1 + SWEEP_LAW_TOLERANCE && w->load_known &&
	    w->disturbed)
		snprintf(buf + n, len - (size_t)n, ", while other processes "
		    "used %.1f of the %u %s, leaving the hashes about %.1f",
		    w->other_cpus, r->machine.cpus, fmt_plural(r->machine.cpus,
		    "CPU", "CPUs"), w->available_cpus);
	else if (sweep_point_disturbed(w, r->machine.cpus))
		snprintf(buf + n, len - (size_t)n, ", with %.2f hashes running "
		    "at once on average where %" PRIu64 " could: other work was "
		    "using the CPUs", w->parallelism, could);
}

/*
 * The points others disturbed, even after their re-runs: how many, and
 * how much they took, so that no one reads the pool's law into them.
 * Where the children could not measure the load, the points that ran
 * fewer hashes at once than they could (sweep_point_disturbed).
 */
static void
disturbed(struct fmt_sink *t, const struct sweep_result *r)
{
	double most = 0;
	size_t n = 0, guessed = 0;
	char s[400];

	for (size_t i = 0; i < r->npoints; i++) {
		const struct sweep_point *p = &r->points[i];

		if (!sweep_point_disturbed(p, r->machine.cpus))
			continue;
		n++;
		if (!p->load_known)
			guessed++;
		else if (p->other_cpus > most)
			most = p->other_cpus;
	}
	if (n == 0)
		return;
	if (guessed == n)
		snprintf(s, sizeof(s), "%zu %s marked * ran fewer hashes at "
		    "once than the pool and the CPUs allowed, where the load "
		    "could not be measured: other work was likely using the "
		    "CPUs, and %s makespan says more about the machine than "
		    "about the pool.", n, n == 1 ? "point" : "points",
		    n == 1 ? "its" : "their");
	else
		snprintf(s, sizeof(s), "others = the CPUs other processes (and "
		    "a hypervisor's steal) used during the point's runs. %zu "
		    "%s marked * %s disturbed even after %d re-runs (up to "
		    "%.1f of the %u %s taken): %s makespan says more about the "
		    "machine than about the pool.", n, n == 1 ? "point" :
		    "points", n == 1 ? "was" : "were", SWEEP_REDO_MAX, most,
		    r->machine.cpus, fmt_plural(r->machine.cpus, "CPU", "CPUs"),
		    n == 1 ? "its" : "their");
	paragraph(t, s);
}

/*
 * The law, in one or two sentences made from the numbers: whether the
 * measured makespans follow expected_waves x T within the tolerance, how
 * far they stray, and where most.
 */
static void
law(struct fmt_sink *t, const struct sweep_result *r)
{
	const struct sweep_point *w;
	struct sweep_law l;
	char s[768], tr[64], how[256];
	const char *cpus = fmt_plural(r->machine.cpus, "CPU", "CPUs");
	bool holds;
	int n;

	paragraph(t, "predicted_ms = waves x T, where waves = ceil(calls / "
	    "min(pool, CPUs)) and T is one hash's CPU time (the median of the "
	    "point's task cpu_ms); ratio = makespan_ms / predicted_ms; speedup "
	    "= calls x T / makespan_ms.");
	sweep_law(r, &l);
	if (l.compared == 0) {
		paragraph(t, "No point ran a hash, so there is no makespan "
		    "to predict.");
		return;
	}
	w = &r->points[l.worst];
	t_range(tr, sizeof(tr), &l);
	worst_clause(how, sizeof(how), r, &l);
	holds = fabs(l.min_ratio - 1) <= SWEEP_LAW_TOLERANCE &&
	    fabs(l.max_ratio - 1) <= SWEEP_LAW_TOLERANCE;
	if (l.compared == 1) {
		snprintf(s, sizeof(s), "Makespan should be about ceil(calls / "
		    "min(pool, CPUs)) times one hash (T = %s of CPU time, %u %s): "
		    "the one point with hashes took %.2f times that%s%s.", tr,
		    r->machine.cpus, cpus, l.worst_ratio, holds ? "" : ", ",
		    holds ? "" : how);
		paragraph(t, s);
		return;
	}
	n = snprintf(s, sizeof(s), "Makespan %s about ceil(calls / min(pool, "
	    "CPUs)) times one hash (T = %s of CPU time, %u %s)%s measured / "
	    "predicted runs from %.2f to %.2f over %zu points.",
	    holds ? "is" : "should be", tr, r->machine.cpus, cpus,
	    holds ? ":" : ", but", l.min_ratio, l.max_ratio, l.compared);
	if (n > 0 && (size_t)n < sizeof(s)) {
		if (fabs(l.worst_ratio - 1) < 0.01)
			snprintf(s + n, sizeof(s) - (size_t)n, " Every point is "
			    "within 1%% of it.");
		else
			snprintf(s + n, sizeof(s) - (size_t)n, " The furthest "
			    "from it is pool %u, calls %" PRIu64 ", %s.", w->pool,
			    w->calls, how);
	}
	paragraph(t, s);
}

static void
md_cell(void *ctx, size_t row, int col, char *buf, size_t len)
{
	const struct sweep_result *r = ctx;
	char cells[NCOLS][CELL];

	row_cells(cells, &r->points[row], r->machine.cpus);
	snprintf(buf, len, "%s", cells[col]);
}

/*
 * The same as Markdown, for a CI job's summary: the heading's lines as
 * paragraphs, the table as a GFM table, then the law.
 */
int
render_sweep_markdown(FILE *f, const struct sweep_result *r)
{
	struct fmt_sink t = { f, 0 };
	char lines[3][1024];

	heading_lines(lines, r);
	for (int i = 0; i < 3; i++) {
		mdw_text(&t, lines[i]);
		fmt_out(&t, "\n\n");
	}
	mdw_table(&t, NCOLS, table_head, "rrrrrrrrrr", r->npoints, md_cell,
	    (void *)r);
	law(&t, r);
	return t.bad ? -1 : 0;
}

/* The table, what its columns mean, and the law; 0, or -1 on a write error. */
int
render_sweep_text(FILE *f, const struct sweep_result *r)
{
	struct fmt_sink t = { f, 0 };

	heading(&t, r);
	if (table(&t, r) != 0)
		return -1;
	law(&t, r);
	disturbed(&t, r);
	return t.bad ? -1 : 0;
}

int
render_sweep_text_head(FILE *f, const struct sweep_result *r)
{
	struct fmt_sink t = { f, 0 };

	heading(&t, r);
	for (int k = 0; k < NCOLS; k++)
		fmt_out(&t, "%s%s", k ? "  " : "", table_head[k]);
	fmt_out(&t, "\n");
	return t.bad ? -1 : 0;
}

int
render_sweep_text_row(FILE *f, const struct sweep_point *p, unsigned cpus)
{
	struct fmt_sink t = { f, 0 };
	char cells[NCOLS][CELL];

	row_cells(cells, p, cpus);
	for (int k = 0; k < NCOLS; k++)
		fmt_out(&t, "%s%*s", k ? "  " : "", (int)strlen(table_head[k]),
		    cells[k]);
	fmt_out(&t, "\n");
	return t.bad ? -1 : 0;
}

int
render_sweep_text_tail(FILE *f, const struct sweep_result *r)
{
	struct fmt_sink t = { f, 0 };

	law(&t, r);
	return t.bad ? -1 : 0;
}

/* --- JSON ----------------------------------------------------------------- */

static json_t *
integer(uint64_t n)
{
	return json_integer((json_int_t)n);
}

static json_t *
list(const uint64_t *v, size_t n, int *bad)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		jsonw_append(a, integer(v[i]), bad);
	return a;
}

static json_t *
config(const struct sweep_config *c, int *bad)
{
	json_t *o = json_object();

	jsonw_set(o, "pool", list(c->pools, c->npools, bad), bad);
	jsonw_set(o, "calls", list(c->calls, c->ncalls, bad), bad);
	jsonw_set(o, "repeat", integer(c->repeat), bad);
	if (c->work.kind != WORK_PBKDF2) {
		/* Another work: its name and its own parameters. */
		jsonw_set(o, "work", json_string(c->desc.name), bad);
		for (size_t i = 0; i < c->desc.nparams; i++) {
			const struct record_param *p = &c->desc.params[i];

			jsonw_set(o, p->name, p->text ? jsonw_string(p->s,
			    strlen(p->s)) : integer(p->n), bad);
		}
		return o;
	}
	jsonw_set(o, "iterations", integer(c->iterations), bad);
	jsonw_set(o, "keylen", integer(c->keylen), bad);
	jsonw_set(o, "digest", jsonw_string(c->digest, strlen(c->digest)),
	    bad);
	return o;
}

static json_t *
machine(const struct sweep_machine *m, int *bad)
{
	json_t *o = json_object();

	jsonw_set(o, "cpus", integer(m->cpus), bad);
	jsonw_set(o, "libuv", jsonw_string(m->libuv, sizeof(m->libuv)), bad);
	jsonw_set(o, "openssl", jsonw_string(m->openssl,
	    sizeof(m->openssl)), bad);
	return o;
}

/* Ratios and parallelism: three decimals, as the CSV prints them. */
static double
round3(double v)
{
	return round(v * 1000) / 1000;
}

/*
 * The field names of a point are a contract (README): the table's
 * columns, T, and whether other work disturbed the point, with its
 * verdict. Milliseconds are rounded to microseconds, ratios to three
 * decimals.
 */
static json_t *
point(const struct sweep_point *p, unsigned cpus, int *bad)
{
	json_t *o = json_object();
	double ratio;

	jsonw_set(o, "pool", integer(p->pool), bad);
	jsonw_set(o, "calls", integer(p->calls), bad);
	jsonw_set(o, "makespan_ms", json_real(fmt_round_us(p->makespan_ms)),
	    bad);
	jsonw_set(o, "predicted_ms", json_real(fmt_round_us(
	    sweep_predicted_ms(p))), bad);
	jsonw_set(o, "ratio", sweep_ratio(p, &ratio) ?
	    json_real(round3(ratio)) : json_null(), bad);
	jsonw_set(o, "one_hash_ms", json_real(fmt_round_us(p->one_hash_ms)),
	    bad);
	jsonw_set(o, "speedup", p->has_speedup ?
	    json_real(round3(p->speedup)) : json_null(), bad);
	jsonw_set(o, "parallelism", json_real(round3(p->parallelism)), bad);
	jsonw_set(o, "expected_waves", integer(p->expected_waves), bad);
	jsonw_set(o, "runs", integer(p->runs), bad);
	jsonw_set(o, "other_cpus", p->load_known ?
	    json_real(round(p->other_cpus * 100) / 100) : json_null(), bad);
	jsonw_set(o, "disturbed", json_boolean(sweep_point_disturbed(p, cpus)),
	    bad);
	jsonw_set(o, "verdict", json_string(verdict_name(
	    sweep_point_verdict(p, cpus))), bad);
	return o;
}

/* The sweep as a new jansson object the caller owns, or NULL without memory. */
json_t *
render_sweep_json_doc(const struct sweep_result *r)
{
	json_t *doc = json_object(), *points = json_array();
	int bad = 0;

	jsonw_set(doc, "tool", json_string("poolviz"), &bad);
	jsonw_set(doc, "version", json_string(POOLVIZ_VERSION), &bad);
	jsonw_set(doc, "schema", json_integer(RENDER_SWEEP_SCHEMA), &bad);
	jsonw_set(doc, "sweep", config(r->config, &bad), &bad);
	jsonw_set(doc, "machine", machine(&r->machine, &bad), &bad);
	for (size_t i = 0; i < r->npoints; i++)
		jsonw_append(points, point(&r->points[i], r->machine.cpus, &bad),
		    &bad);
	jsonw_set(doc, "points", points, &bad);
	if (bad) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/* Write the document and a newline; 0, or -1 without memory or on a write error. */
int
render_sweep_json(FILE *f, const struct sweep_result *r)
{
	return jsonw_dump(f, render_sweep_json_doc(r));
}

/* --- CSV ------------------------------------------------------------------ */

/*
 * The JSON points' fields, in their order, one row per point; numbers,
 * booleans and verdict names only, so nothing needs quoting. A speedup
 * or a ratio that is 0 / 0, and an unknown other_cpus, are empty.
 */
int
render_sweep_csv(FILE *f, const struct sweep_result *r)
{
	char speedup[CELL], ratio_s[CELL];
	double ratio;

	char other[CELL];

	if (fputs("pool,calls,makespan_ms,predicted_ms,ratio,one_hash_ms,"
	    "speedup,parallelism,expected_waves,runs,other_cpus,disturbed,"
	    "verdict\n", f) == EOF)
		return -1;
	for (size_t i = 0; i < r->npoints; i++) {
		const struct sweep_point *p = &r->points[i];
		unsigned cpus = r->machine.cpus;

		if (p->has_speedup)
			snprintf(speedup, sizeof(speedup), "%.3f", p->speedup);
		else
			speedup[0] = '\0';
		if (sweep_ratio(p, &ratio))
			snprintf(ratio_s, sizeof(ratio_s), "%.3f", ratio);
		else
			ratio_s[0] = '\0';
		if (p->load_known)
			snprintf(other, sizeof(other), "%.2f", p->other_cpus);
		else
			other[0] = '\0';
		if (fprintf(f, "%u,%" PRIu64 ",%.3f,%.3f,%s,%.3f,%s,%.3f,%" PRIu64
		    ",%u,%s,%s,%s\n", p->pool, p->calls, fmt_round_us(p->makespan_ms),
		    fmt_round_us(sweep_predicted_ms(p)), ratio_s,
		    fmt_round_us(p->one_hash_ms), speedup, p->parallelism,
		    p->expected_waves, p->runs, other,
		    sweep_point_disturbed(p, cpus) ? "true" : "false",
		    verdict_name(sweep_point_verdict(p, cpus))) < 0)
			return -1;
	}
	return 0;
}
