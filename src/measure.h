/* measure: the runs, their report, and --retries when the machine spoiled them. */
#ifndef POOLVIZ_MEASURE_H
#define POOLVIZ_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/experiment.h"
#include "core/host.h"
#include "core/machine.h"
#include "core/repeat.h"
#include "report/report.h"

/*
 * What happened between two measurements: how long the wait for a quieter
 * machine took, what the last second of it saw, and whether it found one
 * (a retry follows) or the budget ran out (none does).
 */
struct measure_wait {
	double waited_s;
	struct machine_load seen;
	bool quiet;
	bool gave_up;
	double budget_s;
};

/* Told before each retry, or that there will be none, and why. */
typedef void (*measure_retry_fn)(unsigned retry, unsigned retries,
    const struct report *spoiled, const struct measure_wait *w);

/* Told as the wait for a quieter machine begins, with its most seconds. */
typedef void (*measure_wait_fn)(unsigned retry, unsigned retries,
    const struct report *spoiled, double max_s);

struct measure_request {
	const struct record_config *cfg;
	size_t warmup, repeat;
	const struct experiment_sink *live;	/* NULL: no live lines */
	const struct host *host;	/* how the process cancels, or NULL */
	repeat_progress_fn progress;
	const struct report_request *req;
	unsigned retries;			/* --retries */
	bool retries_asked;			/* --retries given */
	bool retry_unfit;	/* --save-baseline: retry a disturbed one too */
	double budget_s;	/* --retry-budget: no retry past it */
	/*
	 * The wait's first window over /proc/stat, in seconds: 0 for 1 s
	 * (a test's fixture machine, which never changes, needs less).
	 */
	double wait_window_s;
	measure_retry_fn on_retry;
	measure_wait_fn on_wait;
};

/* The runs kept and the report on them (valid when assembled). */
struct measure {
	struct repeat rp;
	struct report_store rs;
	bool assembled;
};

int measure_run(struct measure *m, const struct work *k,
    const struct measure_request *q, char *err, size_t errlen);
void measure_free(struct measure *m);

#endif
