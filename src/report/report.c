/* report: statistics, checks and a baseline comparison of the runs; no I/O. */
#include <stdarg.h>
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
	rp->runs_requested = req->runs_requested > rp->nruns ?
	    req->runs_requested : rp->nruns;
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
		rp->judged = true;
		for (size_t i = 0; i < s->checks.n; i++)
			if (!s->checks.c[i].ok) {
				rp->verdict = VERDICT_FAIL;
				report_reason(rp, "%s", s->checks.c[i].name);
			}
	}
	if (req->base != NULL) {
		rp->base = req->base;
		rp->rows = s->rows;
		rp->judged = true;
		if (baseline_compare(req->base, &s->now, rp->tolerance_pct,
		    check_lag_bound_ms(&last->config, last->machine.cpus,
		    rp->tolerance_pct), s->rows) > 0) {
			rp->verdict = VERDICT_FAIL;
			for (int m = 0; m < BASE_COUNT; m++)
				if (s->rows[m].verdict == BASE_VERDICT_REGRESSED)
					report_reason(rp, "%s regressed (%+.0f%%)",
					    baseline_name(s->rows[m].metric),
					    s->rows[m].change_pct);
		}
	}
	return 0;
}

/* The last measured run: the one a single-run output shows. */
const struct record *
report_last(const struct report *rp)
{
	return &rp->runs[rp->nruns - 1];
}

/* Add one reason to the verdict; past REPORT_REASONS_MAX they are dropped. */
void
report_reason(struct report *rp, const char *fmt, ...)
{
	va_list ap;

	if (rp->nreasons == REPORT_REASONS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(rp->reasons[rp->nreasons++], REPORT_REASON_LEN, fmt, ap);
	va_end(ap);
}

const char *
verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return "ok";
	case VERDICT_FAIL:
		return "fail";
	case VERDICT_INCONCLUSIVE:
		return "inconclusive";
	}
	return "?";
}
