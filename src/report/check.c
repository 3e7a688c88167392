/* check: the article's promises, with bounds this machine sets. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
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
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->judged = true;
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

/* A run's mean CPU time per pooled hash in microseconds; 0 when unknown. */
static double
worker_cpu_us(const struct record *r)
{
	int64_t cpu = 0;
	size_t ran = 0;

	for (size_t j = 0; j < r->ntasks; j++)
		if (r->tasks[j].worker != 0) {
			cpu += r->tasks[j].cpu_us;
			ran++;
		}
	return ran > 0 && cpu > 0 ? (double)cpu / (double)ran : 0;
}

/* A run's blocking hash's CPU time over its mean pooled hash's, or NaN. */
static double
sync_over_worker(const struct record *r)
{
	double w = worker_cpu_us(r);

	return w > 0 ? (double)r->sync.cpu_us / w : NAN;
}

/*
 * What one pooled hash cost while the pool ran, in ms: its mean CPU time
 * on the workers, NaN when unknown. Hashes that share a core's caches, or
 * a hyperthread's sibling, or a CPU that has slowed down, cost more than
 * the blocking hash that ran alone; a wave takes what its hashes cost.
 */
static double
worker_hash_ms(const struct record *r)
{
	double w = worker_cpu_us(r);

	return w > 0 ? w / 1000.0 : NAN;
}

/*
 * How late a finished hash may be delivered: 5 ms, widened by the
 * tolerance, and by how far busy workers and the loop thread outnumber the
 * CPUs the run had (cpus: what others left it). Then the loop has no CPU
 * of its own: a worker that finishes takes the next hash and keeps its
 * CPU, and the loop waits for the scheduler.
 */
double
check_lag_bound_ms(const struct record_config *c, double cpus,
    double tolerance_pct)
{
	double busy = (double)record_busy(c);
	double crowd = cpus > 0 ? (busy + 1) / cpus : 1;

	return CHECK_LAG_BOUND_MS * (1 + tolerance_pct / 100.0) *
	    (crowd > 1 ? crowd : 1);
}

/*
 * How long a throttled quota may stall the loop: once the cgroup's threads
 * have used its quota in a period, all of them wait for the next, up to
 * period x (1 - quota / CPUs). 0 where no run was throttled.
 */
double
check_throttle_ms(const struct record *runs, size_t n)
{
	const struct record_machine *m = &runs[n - 1].machine;
	double cpus = m->affinity_cpus ? m->affinity_cpus : m->cpus;
	bool throttled = false;

	for (size_t i = 0; i < n; i++)
		throttled |= runs[i].load.throttled_known &&
		    runs[i].load.throttled_ms > 0;
	if (!throttled || !m->quota_limited || cpus <= 0 ||
	    m->quota_cpus >= cpus)
		return 0;
	return m->quota_period_ms * (1 - m->quota_cpus / cpus);
}

/* The CPUs the runs had: the median over them of what others left. */
double
check_available(const struct record *runs, size_t n)
{
	return n > 0 ? stats_median_of(runs, n, record_available) : 0;
}

/* The makespan to expect, in hashes: record_expected_units. */
double
check_expected_hashes(const struct record *r, double avail)
{
	return record_expected_units(r, avail);
}

/*
 * What a pooled hash cost, from T (the runs' one_hash_ms): the median over
 * the runs of their pooled hashes' mean CPU time, within
 * CHECK_WAVE_HASH_MAX of T either way, so that workers that burn CPU while
 * they wait on each other (a lock that spins) cannot hide a serial pool.
 * Without the blocking hash, T already is a pooled hash's cost.
 */
double
check_pooled_hash_ms(const struct record *runs, size_t n, double t)
{
	double tw;

	if (n == 0 || !runs[n - 1].sync.ran)
		return t;
	tw = stats_median_of(runs, n, worker_hash_ms);
	if (!(tw > 0))
		return t;
	if (tw > CHECK_WAVE_HASH_MAX * t)
		tw = CHECK_WAVE_HASH_MAX * t;
	if (tw < t / CHECK_WAVE_HASH_MAX)
		tw = t / CHECK_WAVE_HASH_MAX;
	return tw;
}

/*
 * T', the hash a wave takes, for the bounds: the larger of T and what a
 * pooled hash cost (check_pooled_hash_ms), so that a bound is never
 * tighter than the blocking hash allows.
 */
double
check_wave_hash_ms(const struct record *runs, size_t n, double t)
{
	double tw = check_pooled_hash_ms(runs, n, t);

	return tw > t ? tw : t;
}

/*
 * Mark a check the run could not decide: it neither holds nor fails, and
 * no renderer may say "ok" for it.
 */
void
check_not_judged(struct check_result *c, const char *fmt, ...)
{
	va_list ap;

	c->judged = false;
	c->ok = true;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
}

struct check_result *
check_find(struct checks *cs, const char *name)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->c[i].name, name) == 0)
			return &cs->c[i];
	return NULL;
}

/*
 * The workers a parallel pool keeps wanting a CPU, less the tolerance,
 * measured from one: a serial pool has one runnable worker (the others
 * sleep on its lock) whatever the machine gives it, a parallel one has
 * about the expected min(pool, units left). The share of the excess over
 * one that must show is 1 - tol, at least CHECK_DEMAND_SHARE_MIN, so that
 * no tolerance lets a serial pool pass, and at most CHECK_DEMAND_SHARE_MAX
 * (check.h).
 */
double
check_demand_bound(double expected, double tolerance_pct)
{
	double share = 1 - tolerance_pct / 100.0;

	if (share < CHECK_DEMAND_SHARE_MIN)
		share = CHECK_DEMAND_SHARE_MIN;
	if (share > CHECK_DEMAND_SHARE_MAX)
		share = CHECK_DEMAND_SHARE_MAX;
	return 1 + share * (expected - 1);
}

static double demand_mean(const struct record *r) { return r->demand.mean; }
static double demand_expected(const struct record *r) { return r->demand.expected; }
static double demand_samples(const struct record *r) { return (double)r->demand.samples; }

/* runnable_workers, on the medians of the runs' samples. */
static void
check_demand(struct checks *out, const struct record *runs, size_t n,
    double tolerance_pct)
{
	double mean, expected, samples;

	for (size_t i = 0; i < n; i++)
		if (!runs[i].demand.known) {
			add(out, "runnable_workers", 0, CHECK_GE, 0);
			check_not_judged(&out->c[out->n - 1], "the pool's demand "
			    "was not sampled (%s): throughput alone judges it",
			    runs[i].demand.why[0] ? runs[i].demand.why :
			    "unknown");
			return;
		}
	mean = stats_median_of(runs, n, demand_mean);
	expected = stats_median_of(runs, n, demand_expected);
	samples = stats_median_of(runs, n, demand_samples);
	add(out, "runnable_workers", mean, CHECK_GE,
	    check_demand_bound(expected, tolerance_pct));
	if (samples < CHECK_DEMAND_MIN_SAMPLES)
		check_not_judged(&out->c[out->n - 1], "%.0f samples of the "
		    "pool's demand, fewer than the %d it takes to judge it; "
		    "give the pool longer units", samples,
		    CHECK_DEMAND_MIN_SAMPLES);
	else if (expected < 1.5)
		check_not_judged(&out->c[out->n - 1], "about one unit at a time "
		    "was asked of the pool (%.2f): demand cannot tell a serial "
		    "pool", expected);
}

/*
 * Every check is on the medians of the runs. With T one hash, N the
 * calls, L = min(pool, usable CPUs) lanes (a quota counts: 1 CPU, 1 lane)
 * and A the CPUs the runs had: makespan <= (1 + tol) max(W, N / A) T',
 * since each wave takes about a hash, unless the CPUs left were fewer
 * than the lanes, where T' is what a pooled hash cost in CPU time, at
 * least T and at most 1.5 T (check_wave_hash_ms): a pool that ran one
 * hash at a time still takes N T' and fails; and makespan >=
 * (1 - tol) N T / L (0 past a tolerance of 100%), since no machine
 * hashes faster than its CPUs allow (if it did, the hashes did not do
 * their work).
 */
void
check_run(struct checks *out, const struct record *runs, size_t n,
    const struct stats *st, double tolerance_pct)
{
	const struct record *r = &runs[n - 1];
	double tol = tolerance_pct / 100.0, t = st->v[STAT_ONE_HASH_MS].median;
	double avail = check_available(runs, n);
	double tw = check_wave_hash_ms(runs, n, t);
	uint64_t lanes = record_lanes(&r->config, record_cpus(r));
	double low = 1 - tol > 0 ? 1 - tol : 0;

	memset(out, 0, sizeof(*out));
	out->all_ok = true;

	add(out, "scheduled_first", done_before_scheduled(runs, n), CHECK_EQ, 0);
	if (r->config.calls == 0)
		return;
	if (r->sync.ran)
		add(out, "sync_work", stats_median_of(runs, n, sync_over_worker), CHECK_GE,
		    CHECK_SYNC_WORK_MIN * low);
	add(out, "makespan_max", st->v[STAT_MAKESPAN_MS].median, CHECK_LE,
	    (1 + tol) * check_expected_hashes(r, avail) * tw);
	add(out, "makespan_min", st->v[STAT_MAKESPAN_MS].median, CHECK_GE,
	    low * (double)r->config.calls * t / (double)lanes);
	add(out, "lag", st->v[STAT_MAX_LAG_MS].median, CHECK_LT,
	    check_lag_bound_ms(&r->config, avail, tolerance_pct) +
	    check_throttle_ms(runs, n));
	check_demand(out, runs, n, tolerance_pct);
}
