/* check: what the article promises, as verdicts relative to this machine. */
#ifndef POOLVIZ_CHECK_H
#define POOLVIZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/record.h"
#include "report/stats.h"

#define CHECK_MAX		8
/*
 * runnable_workers: at least 1 + share x (expected - 1) workers wanted a
 * CPU on average, share = 1 - tol but never below the least, so that a
 * serial pool (one) fails whatever the tolerance, and never above the
 * most: a worker between two units, or on libuv's queue lock, is briefly
 * not runnable, so a healthy pool shows a little less than expected.
 */
#define CHECK_DEMAND_SHARE_MIN	0.5
#define CHECK_DEMAND_SHARE_MAX	0.9
/*
 * Fewer samples than this (3 ms apart: 60 ms of pool work) cannot judge
 * demand: a sample taken while a worker wakes, or between two units,
 * weighs too much among a handful.
 */
#define CHECK_DEMAND_MIN_SAMPLES	20
#define CHECK_LAG_BOUND_MS	5.0
/*
 * The blocking unit's CPU time over a pooled one's is at least this, less
 * the tolerance: it did real work. Identical work varies in CPU time by
 * 10% and more on a shared host (caches, other guests), so the margin
 * widens with --tolerance as makespan_min's does.
 */
#define CHECK_SYNC_WORK_MIN	0.90
/*
 * How much more than the blocking hash a pooled hash may cost before the
 * excess is the pool's own doing (seen on this host: up to 1.25).
 */
#define CHECK_WAVE_HASH_MAX	1.5

enum check_cmp {
	CHECK_EQ,	/* measured == bound */
	CHECK_LE,	/* measured <= bound */
	CHECK_GE,	/* measured >= bound */
	CHECK_LT,	/* measured < bound */
};

struct check_result {
	const char *name;
	bool judged;		/* false: the run could not decide it; why says why */
	char why[160];
	bool ok;
	double measured;
	enum check_cmp cmp;
	double bound;
};

struct checks {
	struct check_result c[CHECK_MAX];
	size_t n;
	bool all_ok;
};

void check_run(struct checks *out, const struct record *runs, size_t n,
    const struct stats *st, double tolerance_pct);
double check_lag_bound_ms(const struct record_config *c, double cpus,
    double tolerance_pct);
double check_available(const struct record *runs, size_t n);
double check_throttle_ms(const struct record *runs, size_t n);
double check_expected_hashes(const struct record *r, double avail);
/* What a pooled hash cost, in ms, within 1.5 times T either way (check.c). */
double check_pooled_hash_ms(const struct record *runs, size_t n, double t);
/* T': the hash a wave takes, in ms, from T (see check.c). */
double check_wave_hash_ms(const struct record *runs, size_t n, double t);
const char *check_cmp_text(enum check_cmp c);
double check_demand_bound(double expected, double tolerance_pct);
void check_not_judged(struct check_result *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
struct check_result *check_find(struct checks *cs, const char *name);

#endif
