/* measure: the runs, their report, and --retries when the machine spoiled them. */
#ifndef POOLVIZ_MEASURE_H
#define POOLVIZ_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/experiment.h"
#include "core/host.h"
#include "core/repeat.h"
#include "report/report.h"

/* Told before each retry, with why the last measurement was thrown away. */
typedef void (*measure_retry_fn)(unsigned retry, unsigned retries,
    const struct report *spoiled);

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
	measure_retry_fn on_retry;
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
