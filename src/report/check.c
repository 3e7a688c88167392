/* check: the article's promises, with bounds this machine sets. */
#include <stdlib.h>
#include <string.h>

#include "report/check.h"

static void
add(struct checks *cs, const char *name, double measured, enum check_cmp cmp,
    double bound)
{
	struct check_result *c;
	bool ok = false;

	if (cs->n == CHECK_MAX)
		return;
	switch (cmp) {
	case CHECK_EQ:
		ok = measured == bound;
		break;
	case CHECK_LE:
		ok = measured <= bound;
		break;
	case CHECK_GE:
		ok = measured >= bound;
		break;
	case CHECK_LT:
		ok = measured < bound;
		break;
	}
	c = &cs->c[cs->n++];
	c->name = name;
	c->ok = ok;
	c->measured = measured;
	c->cmp = cmp;
	c->bound = bound;
	if (!ok)
		cs->all_ok = false;
}

const char *
check_cmp_text(enum check_cmp c)
{
	switch (c) {
	case CHECK_EQ:
		return "";
	case CHECK_LE:
		return "<=";
	case CHECK_GE:
		return ">=";
	case CHECK_LT:
		return "<";
	}
	return "?";
}

/* Done lines reached before the Scheduled line, over all runs. */
static double
done_before_scheduled(const struct record *runs, size_t n)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < runs[i].nlines; j++) {
			if (runs[i].lines[j].kind == LINE_SCHEDULED)
				break;
			if (runs[i].lines[j].kind == LINE_ASYNC_DONE)
				bad++;
		}
	}
	return (double)bad;
}

/* The blocking hash's CPU time over the mean async hash's, median of runs. */
static double
sync_work_ratio(const struct record *runs, size_t n)
{
	double *v = calloc(n > 0 ? n : 1, sizeof(*v)), m;
	size_t k = 0;

	if (v == NULL)
		return 0;

	for (size_t i = 0; i < n; i++) {
		const struct record *r = &runs[i];
		int64_t cpu = 0;
		size_t ran = 0;

		for (size_t j = 0; j < r->ntasks; j++)
			if (r->tasks[j].worker != 0) {
				cpu += r->tasks[j].cpu_us;
				ran++;
			}
		if (ran > 0 && cpu > 0)
			v[k++] = (double)r->sync.cpu_us / ((double)cpu / (double)ran);
	}
	m = stats_median(v, k);
	free(v);
	return m;
}

/*
 * How late a finished hash may be delivered: 5 ms, widened by the
 * tolerance, and by how far busy workers and the loop thread outnumber the
 * CPUs. Then the loop has no CPU of its own: a worker that finishes takes
 * the next hash and keeps its CPU, and the loop waits for the scheduler.
 */
double
check_lag_bound_ms(const struct record_config *c, unsigned cpus,
    double tolerance_pct)
{
	double busy = (double)record_busy(c);
	double crowd = cpus > 0 ? (busy + 1) / (double)cpus : 1;

	return CHECK_LAG_BOUND_MS * (1 + tolerance_pct / 100.0) *
	    (crowd > 1 ? crowd : 1);
}

/*
 * Every check is on the medians of the runs. With T one hash, W the
 * expected waves, N the calls and L = min(pool, cpus):
 * makespan <= (1 + tol) W T, since each wave takes about a hash; and
 * makespan >= (1 - tol) N T / L, since no machine hashes faster than its
 * CPUs allow (if it did, the hashes did not do their work).
 */
void
check_run(struct checks *out, const struct record *runs, size_t n,
    const struct stats *st, double tolerance_pct)
{
	const struct record *r = &runs[n - 1];
	double tol = tolerance_pct / 100.0, t = st->v[STAT_ONE_HASH_MS].median;
	uint64_t lanes = record_lanes(&r->config, r->machine.cpus);
	struct record_summary s;

	memset(out, 0, sizeof(*out));
	out->all_ok = true;
	record_summarize(r, &s);

	add(out, "scheduled_first", done_before_scheduled(runs, n), CHECK_EQ, 0);
	if (r->config.calls == 0)
		return;
	if (r->sync.ran)
		add(out, "sync_work", sync_work_ratio(runs, n), CHECK_GE,
		    CHECK_SYNC_WORK_MIN);
	add(out, "makespan_max", st->v[STAT_MAKESPAN_MS].median, CHECK_LE,
	    (1 + tol) * (double)s.expected_waves * t);
	add(out, "makespan_min", st->v[STAT_MAKESPAN_MS].median, CHECK_GE,
	    (1 - tol) * (double)r->config.calls * t / (double)lanes);
	add(out, "lag", st->v[STAT_MAX_LAG_MS].median, CHECK_LT,
	    check_lag_bound_ms(&r->config, r->machine.cpus, tolerance_pct));
}
