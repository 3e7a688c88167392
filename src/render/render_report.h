/* render_report: repeated runs' statistics, checks and a baseline comparison. */
#ifndef POOLVIZ_RENDER_REPORT_H
#define POOLVIZ_RENDER_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "report/baseline.h"
#include "report/check.h"
#include "core/record.h"
#include "report/stats.h"

/* What main gathered after the runs; NULL members were not asked for. */
struct report {
	const struct record *runs;	/* the measured runs, warm-ups left out */
	size_t nruns;
	size_t warmup;
	bool with_runs;			/* --repeat: "runs" and "stats" */
	const struct stats *stats;
	const struct checks *checks;
	const struct baseline *now;	/* this run's metrics */
	const struct baseline *base;	/* --baseline: what they are compared with */
	const struct baseline_row *rows;
	double tolerance_pct;
	bool include_baseline;		/* --save-baseline: the "baseline" object */
};

int render_report_json_file(FILE *f, const struct report *rp);
int render_report_text(FILE *f, const struct report *rp);

#endif
