/* verdict: what a check, a metric or a whole run concluded. */
#ifndef POOLVIZ_VERDICT_H
#define POOLVIZ_VERDICT_H

/*
 * Three values, not two: a measurement that the machine spoiled (other
 * processes or a hypervisor took the CPUs the run needed) proves nothing
 * either way, and saying FAIL then would cry wolf.
 */
enum verdict {
	VERDICT_PASS,		/* "ok": it held */
	VERDICT_FAIL,		/* "fail": it did not, on a machine fit to judge */
	VERDICT_INCONCLUSIVE,	/* "inconclusive": the machine was too busy */
	/*
	 * "not_judged": one check the run's CPUs could not decide (a
	 * throughput bound where others left too few); never a whole run's.
	 */
	VERDICT_NOT_JUDGED,
	/* "interrupted": a signal cut the command; nothing was concluded. */
	VERDICT_INTERRUPTED,
};

const char *verdict_name(enum verdict v);

#endif
