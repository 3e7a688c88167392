/* report: the runs' statistics, checks and baseline comparison, assembled without I/O. */
#ifndef POOLVIZ_REPORT_H
#define POOLVIZ_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/record.h"
#include "report/baseline.h"
#include "report/busy.h"
#include "report/check.h"
#include "report/stats.h"
#include "report/verdict.h"

#define REPORT_REASONS_MAX	16
#define REPORT_REASON_LEN	200

/* What the renderers see after the runs; NULL members were not asked for. */
struct report {
	const struct record *runs;	/* the measured runs, warm-ups left out */
	size_t nruns;
	size_t warmup;
	size_t runs_requested;		/* measured runs asked for: nruns unless interrupted */
	/*
	 * A signal cut the command: fewer runs than asked, or the one counted
	 * run cut short (a cut run is counted only when it is the only one).
	 * partial: the runs judged are not the whole set asked for.
	 */
	bool interrupted;
	bool partial;
	/*
	 * The retry budget stopped the runs short: partial, not interrupted,
	 * and at best inconclusive (budget_cut_s, its seconds).
	 */
	bool budget_cut;
	double budget_cut_s;
	bool with_runs;			/* --repeat: "runs" and "stats" */
	const struct stats *stats;
	const struct checks *checks;
	const struct baseline *now;	/* this run's metrics */
	const struct baseline *base;	/* --baseline: what they are compared with */
	const struct baseline_row *rows;
	double tolerance_pct;
	bool include_baseline;		/* --save-baseline: the "baseline" object */
	/*
	 * With --check or --baseline (judged): the run's one verdict, and
	 * short reasons for it, such as "makespan_max" or "other processes
	 * used 1.1 of 2 CPUs". Without them the verdict is VERDICT_PASS.
	 */
	bool judged;
	enum verdict verdict;
	char reasons[REPORT_REASONS_MAX][REPORT_REASON_LEN];
	size_t nreasons;
	/*
	 * The machine over the measured runs: the medians of their loads
	 * (available is what others left, capped by the usable CPUs), the
	 * facts of the last run, and the judgement of the two. unfit: too
	 * busy, or disturbed, so that --save-baseline refuses to save.
	 */
	struct machine_facts facts;
	struct machine_load load;
	struct record shown;		/* report_shown, when runs > 1 */
	struct busy_verdict machine;
	bool unfit;
	/* --retries: how many measurements were thrown away as inconclusive. */
	bool retries_asked;
	unsigned retries_used;
};

/* What the options ask of a report. */
struct report_request {
	size_t warmup;			/* runs before the measured ones */
	size_t runs_requested;		/* measured runs asked for; 0: as many as ran */
	bool with_runs;
	bool check;
	double tolerance_pct;
	const struct baseline *base;	/* NULL: no comparison */
	/* --retry-budget: its seconds when it cut the set short; else 0. */
	double budget_cut_s;
};

/* A report and the storage its pointers point into. */
struct report_store {
	struct report rp;
	struct stats stats;
	struct checks checks;
	struct baseline now;
	struct baseline_row rows[BASE_COUNT];
};

int report_assemble(struct report_store *s, const struct record *runs,
    size_t nruns, const struct report_request *req, char *err, size_t errlen);
const struct record *report_last(const struct report *rp);
const struct record *report_shown(const struct report *rp);
void report_reason(struct report *rp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void report_machine_of(struct report *rp, const struct record *runs,
    size_t n);
int report_machine_why(char *buf, size_t len, const struct report *rp);
/* Each check's (index into checks) and each metric's own verdict. */
enum verdict report_check_verdict(const struct report *rp, size_t i);
enum verdict report_metric_verdict(const struct report *rp, int m);

#endif
