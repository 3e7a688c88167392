/* busy: the rule that says a machine was too busy, or too disturbed, to judge a run. */
#include <math.h>
#include <string.h>

#include "report/busy.h"

double
busy_lanes(const struct machine_facts *f, unsigned pool, unsigned calls)
{
	double lanes = pool < calls ? pool : calls;

	if (f->usable_cpus > 0 && f->usable_cpus < lanes)
		lanes = f->usable_cpus;
	return lanes;
}

/* CPUs at the rule's precision: rounded to hundredths (BUSY_DIGITS). */
double
busy_cpus(double cpus)
{
	return round(cpus * 100.0) / 100.0;
}

/*
 * The rule: a run is too busy to judge when others and steal left it
 * fewer than BUSY_JUDGE_SHARE (2/5) of the lanes it could use, where
 * lanes = min(pool, calls, usable CPUs). A quota is part of the machine,
 * as for libuv >= 1.49: it lowers the lanes, and never makes a run too
 * busy. An unknown load (no /proc/stat) is judged as it is: it cannot
 * show that the machine was busy. Other work and steal are worth a
 * sentence (disturbed) above BUSY_NOTICE_CPUS of one CPU; the quota
 * binds when it is below what the pool, the calls and the CPUs allow.
 */
void
busy_verdict_of(struct busy_verdict *v, const struct machine_facts *f,
    const struct machine_load *l, unsigned pool, unsigned calls)
{
	double want = pool < calls ? pool : calls;

	memset(v, 0, sizeof(*v));
	v->lanes = busy_lanes(f, pool, calls);
	if (f->cpus.count > 0 && f->cpus.count < want)
		want = f->cpus.count;
	v->quota_binds = f->quota.limited && f->quota.cpus < want;
	if (l == NULL || !l->cpu_known)
		return;
	v->disturbed = l->other_cpus + l->steal_cpus > BUSY_NOTICE_CPUS;
	/* At the precision the sentences print, so that they agree with it. */
	v->too_busy = busy_cpus(l->available_cpus) <
	    busy_cpus(v->lanes * BUSY_JUDGE_SHARE);
}
