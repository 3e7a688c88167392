/* busy: whether what the machine left a run lets its verdict stand. */
#ifndef POOLVIZ_BUSY_H
#define POOLVIZ_BUSY_H

#include <stdbool.h>

#include "core/machine.h"

/*
 * The verdict's two thresholds (see busy_verdict_of):
 * - a run is too busy to judge when what others and steal left it is less
 *   than two fifths of the lanes it could use (0.8 of 2 CPUs: not even
 *   most of one CPU for a pool that could have run on two). Above it the
 *   checks still hold the run to the CPUs it had, so one neighbour that
 *   takes a CPU of two is judged, and a neighbour that crowds the run out
 *   is not;
 * - other work or steal is worth a sentence above a quarter of one CPU.
 */
#define BUSY_JUDGE_SHARE	0.4
#define BUSY_NOTICE_CPUS	0.25

/* Judgement of one run's load against what the run could use. */
struct busy_verdict {
	double lanes;		/* min(pool, calls, usable): hashes at once */
	bool too_busy;		/* available < lanes * BUSY_JUDGE_SHARE, in hundredths */
	bool disturbed;		/* other + steal > BUSY_NOTICE_CPUS */
	bool quota_binds;	/* the quota, not the CPUs, set the lanes */
};

double busy_lanes(const struct machine_facts *f, unsigned pool,
    unsigned calls);
void busy_verdict_of(struct busy_verdict *v, const struct machine_facts *f,
    const struct machine_load *l, unsigned pool, unsigned calls);
/*
 * The rule's precision: CPUs in hundredths, about what /proc/stat's ticks
 * over a run can tell. The rule compares what others left and what it
 * needs at this precision, and every sentence prints both at it
 * (BUSY_DIGITS decimals), so the printed figures compare as the verdict
 * did: "0.78 where 0.80" is exactly what was judged, never a rounding.
 * Here, beside the rule, rather than in render/: the report's reasons and
 * the renderers' sentences both print the two numbers.
 */
#define BUSY_DIGITS	2
double busy_cpus(double cpus);

#endif
