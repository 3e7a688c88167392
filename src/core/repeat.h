/* repeat: the experiment run --warmup + --repeat times in one process. */
#ifndef POOLVIZ_REPEAT_H
#define POOLVIZ_REPEAT_H

#include <stddef.h>

#include "core/experiment.h"
#include "core/host.h"
#include "core/record.h"

/* Called before each run (i < n) and once after the last (i == n). */
typedef void (*repeat_progress_fn)(size_t i, size_t n, size_t warmup);

struct repeat {
	struct record *runs;	/* n of them; the first done are filled */
	size_t n, done;
	bool cut;		/* the deadline stopped the runs before n */
};

/* What to run, and how often. */
struct repeat_request {
	const struct record_config *cfg;
	size_t warmup, n;			/* n runs, the first warmup unmeasured */
	const struct experiment_sink *live;	/* the last run's lines, or NULL */
	repeat_progress_fn progress;		/* or NULL */
	/* How the process cancels the runs (its signals), or NULL: never. */
	const struct host *host;
	/*
	 * uv_hrtime() past which no run starts that the longest run so far
	 * would carry past it; 0: none. The first warmup + 1 runs always run.
	 */
	uint64_t deadline_ns;
};

int repeat_run(struct repeat *rp, const struct work *k,
    const struct repeat_request *q, char *err, size_t errlen);
void repeat_free(struct repeat *rp);

#endif
