/* render_sweep_table: the sweep's heading, table and law, for text and markdown. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/fmt.h"
#include "sweep/render_sweep_table.h"
#include "sweep/sweep_stats.h"

#define TEXT_WIDTH	78

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
void
sweep_table_heading_lines(char lines[3][1024], const struct sweep_result *r)
{
	const struct sweep_config *c = r->config;
	const struct sweep_machine *m = &r->machine;
	char digest[3 * 256 + 1], libuv[3 * 32 + 1], openssl[3 * 64 + 1];

	clean(digest, sizeof(digest), c->work.digest, strlen(c->work.digest));
	clean(libuv, sizeof(libuv), m->libuv, sizeof(m->libuv));
	clean(openssl, sizeof(openssl), m->openssl, sizeof(m->openssl));
	if (c->scenario != NULL)
		snprintf(lines[0], 1024, "poolviz sweep: --scenario %s, DNS "
		    "lookups and file reads, each slowed by poolviz", c->scenario);
	else if (c->work.kind != WORK_PBKDF2) {
		clean(digest, sizeof(digest), c->desc.title, strlen(c->desc.title));
		snprintf(lines[0], 1024, "poolviz sweep: %s", digest);
	} else
		snprintf(lines[0], 1024, "poolviz sweep: %" PRIu64 " %s of %s, %"
		    PRIu64 "-byte keys", c->work.iterations, fmt_plural(c->work.iterations,
		    "iteration", "iterations"), digest, c->work.keylen);
	if (c->repeat == 1)
		snprintf(lines[1], 1024, "each point: one run");
	else
		snprintf(lines[1], 1024, "each point: the median of %u runs",
		    c->repeat);
	snprintf(lines[2], 1024, "machine: %u %s, libuv %s, %s", m->cpus,
	    fmt_plural(m->cpus, "CPU", "CPUs"), libuv, openssl);
}

void
sweep_table_heading(struct fmt_sink *t, const struct sweep_result *r)
{
	char lines[3][1024];

	sweep_table_heading_lines(lines, r);
	fmt_out(t, "%s\n%s\n%s\n\n", lines[0], lines[1], lines[2]);
}

/* A point's cells; * marks one disturbed (sweep_point_disturbed). */
void
sweep_table_row_cells(char cells[NCOLS][CELL], const struct sweep_point *p,
    unsigned cpus, const struct sweep_config *c)
{
	const char *mark = sweep_point_disturbed(p, cpus) ? " *" : "";
	double ratio;

	if (c->scenario != NULL) {
		snprintf(cells[0], CELL, "%u", p->pool);
		snprintf(cells[1], CELL, "%" PRIu64, p->calls);
		if (p->io) {
			snprintf(cells[2], CELL, "%g", p->max_dns);
			snprintf(cells[4], CELL, "%g", p->fs_at_max_dns);
		} else {
			snprintf(cells[2], CELL, "-");
			snprintf(cells[4], CELL, "-");
		}
		snprintf(cells[3], CELL, "%u", p->dns_cap);
		snprintf(cells[5], CELL, "%.1f", p->makespan_ms);
		snprintf(cells[6], CELL, "%u", p->runs);
		return;
	}
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

const char *const sweep_table_head[NCOLS] = { "pool", "calls", "waves",
    "makespan_ms", "predicted_ms", "ratio", "speedup", "parallelism",
    "runs", "others" };

/* A dns sweep: the lookups that ran at once beside libuv's cap. */
static const char *const dns_head[] = { "pool", "calls", "dns_at_once",
    "(n+1)/2", "reads_beside", "makespan_ms", "runs" };

int
sweep_table_columns(const struct sweep_config *c, const char *const **head)
{
	if (c->scenario != NULL) {
		*head = dns_head;
		return (int)(sizeof(dns_head) / sizeof(dns_head[0]));
	}
	*head = sweep_table_head;
	return NCOLS;
}

/* Right-aligned columns, as wide as their widest cell. */
int
sweep_table(struct fmt_sink *t, const struct sweep_result *r)
{
	char (*cells)[NCOLS][CELL];
	size_t w[NCOLS];
	const char *const *head;
	int ncols = sweep_table_columns(r->config, &head);

	if ((cells = calloc(r->npoints, sizeof(*cells))) == NULL)
		return -1;
	for (int k = 0; k < ncols; k++)
		w[k] = strlen(head[k]);
	for (size_t i = 0; i < r->npoints; i++) {
		sweep_table_row_cells(cells[i], &r->points[i], r->machine.cpus,
		    r->config);
		for (int k = 0; k < ncols; k++)
			if (strlen(cells[i][k]) > w[k])
				w[k] = strlen(cells[i][k]);
	}
	for (int k = 0; k < ncols; k++)
		fmt_out(t, "%s%*s", k ? "  " : "", (int)w[k], head[k]);
	fmt_out(t, "\n");
	for (size_t i = 0; i < r->npoints; i++) {
		for (int k = 0; k < ncols; k++)
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

/* The sweep's one T, which every prediction uses. */
static void
t_value(char *buf, size_t len, const struct sweep_result *r,
    const struct sweep_law *l)
{
	snprintf(buf, len, "%.1f ms", r->law_t_ms > 0 ? r->law_t_ms :
	    l->min_t_ms);
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
 * The points others disturbed, re-runs and all: how many, and
 * how much they took, so that no one reads the pool's law into them.
 * Where the children could not measure the load, the points that ran
 * fewer hashes at once than they could (sweep_point_disturbed).
 */
void
sweep_table_disturbed(struct fmt_sink *t, const struct sweep_result *r)
{
	/* A dns sweep counts what ran at once: others change its times only. */
	if (r->config->scenario != NULL)
		return;
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
		    "%s marked * %s disturbed (up to %.1f of the %u %s taken): "
		    "%s makespan says more about the machine than about the "
		    "pool.", n, n == 1 ? "point" :
		    "points", n == 1 ? "was" : "were", most,
		    r->machine.cpus, fmt_plural(r->machine.cpus, "CPU", "CPUs"),
		    n == 1 ? "its" : "their");
	paragraph(t, s);
}

/*
 * The law, in one or two sentences made from the numbers: whether the
 * measured makespans follow expected_waves x T within the tolerance, how
 * far they stray, and where most.
 */
void
sweep_table_law(struct fmt_sink *t, const struct sweep_result *r)
{
	const struct sweep_point *w;
	struct sweep_law l;
	char s[768], tr[64], how[256];
	const char *cpus = fmt_plural(r->machine.cpus, "CPU", "CPUs");
	bool holds;
	int n;

	if (r->config->scenario != NULL) {
		bool all = r->npoints > 0;

		for (size_t i = 0; i < r->npoints; i++)
			all = all && r->points[i].io &&
			    r->points[i].max_dns == r->points[i].dns_cap;
		paragraph(t, "dns_at_once is the most lookups that ran at once "
		    "(the median over a point's runs), (n+1)/2 libuv's cap for a "
		    "pool of n, and reads_beside the most file reads that ran "
		    "beside them.");
		paragraph(t, all ? "libuv let lookups hold at most (n + 1) / 2 "
		    "of the n workers at every pool size, and file reads took "
		    "the others." : "Some points did not reach the cap: too few "
		    "lookups (--calls counts lookups and reads), or a machine too "
		    "busy for them to overlap.");
		return;
	}
	paragraph(t, "predicted_ms = waves x T, where waves = ceil(calls / "
	    "min(pool, CPUs)) and T is one hash's CPU time, one for the whole "
	    "sweep (the median of the first point's task cpu_ms); ratio = makespan_ms / predicted_ms; speedup "
	    "= calls x T / makespan_ms.");
	sweep_law(r, &l);
	if (l.compared == 0) {
		paragraph(t, "No point ran a hash, so there is no makespan "
		    "to predict.");
		return;
	}
	w = &r->points[l.worst];
	t_value(tr, sizeof(tr), r, &l);
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
