/* judge: what each check and each metric concluded, given the run's verdict. */
#include <string.h>

#include "report/report.h"

/*
 * A check that held is ok. One that did not is a failure, unless the run
 * as a whole was inconclusive: then the machine spoiled it, and it proves
 * nothing either way.
 */
enum verdict
report_check_verdict(const struct report *rp, size_t i)
{
	if (rp->checks != NULL && i < rp->checks->n && !rp->checks->c[i].judged)
		return VERDICT_NOT_JUDGED;
	if (rp->checks == NULL || i >= rp->checks->n || rp->checks->c[i].ok)
		return VERDICT_PASS;
	/* Demand does not depend on the CPUs: its failure is always one. */
	if (strcmp(rp->checks->c[i].name, "runnable_workers") == 0)
		return VERDICT_FAIL;
	return rp->verdict == VERDICT_INCONCLUSIVE ? VERDICT_INCONCLUSIVE :
	    VERDICT_FAIL;
}

/* The same for a baseline metric: ok or better pass, a regression fails. */
enum verdict
report_metric_verdict(const struct report *rp, int m)
{
	if (rp->rows == NULL || m < 0 || m >= BASE_COUNT ||
	    rp->rows[m].verdict != BASE_VERDICT_REGRESSED)
		return VERDICT_PASS;
	return rp->verdict == VERDICT_INCONCLUSIVE ? VERDICT_INCONCLUSIVE :
	    VERDICT_FAIL;
}
