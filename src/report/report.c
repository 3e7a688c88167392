/* report: statistics, checks and a baseline comparison of the runs; no I/O. */
#include <stdio.h>
#include <string.h>

#include "report/report.h"

/*
 * Assemble s->rp from nruns runs, the first req->warmup of them not
 * measured (nruns > req->warmup). s must stay where it is while s->rp is
 * used. Fails only for want of memory.
 */
int
report_assemble(struct report_store *s, const struct record *runs,
    size_t nruns, const struct report_request *req, char *err, size_t errlen)
{
	struct report *rp = &s->rp;
	const struct record *last = &runs[nruns - 1];

	memset(s, 0, sizeof(*s));
	rp->runs = runs + req->warmup;
	rp->nruns = nruns - req->warmup;
	rp->warmup = req->warmup;
	rp->with_runs = req->with_runs;
	rp->tolerance_pct = req->tolerance_pct;
	if (stats_compute(&s->stats, rp->runs, rp->nruns) != 0) {
		snprintf(err, errlen, "cannot allocate memory for the statistics");
		return -1;
	}
	rp->stats = &s->stats;
	baseline_from(&s->now, last, &s->stats);
	rp->now = &s->now;
	if (req->check) {
		check_run(&s->checks, rp->runs, rp->nruns, &s->stats,
		    rp->tolerance_pct);
		rp->checks = &s->checks;
		if (!s->checks.all_ok)
			rp->failed = true;
	}
	if (req->base != NULL) {
		rp->base = req->base;
		rp->rows = s->rows;
		if (baseline_compare(req->base, &s->now, rp->tolerance_pct,
		    check_lag_bound_ms(&last->config, last->machine.cpus,
		    rp->tolerance_pct), s->rows) > 0)
			rp->failed = true;
	}
	return 0;
}

/* The last measured run: the one a single-run output shows. */
const struct record *
report_last(const struct report *rp)
{
	return &rp->runs[rp->nruns - 1];
}
