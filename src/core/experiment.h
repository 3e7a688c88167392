/* experiment: run a scenario on a libuv loop and fill the record. */
#ifndef POOLVIZ_EXPERIMENT_H
#define POOLVIZ_EXPERIMENT_H

#include <stddef.h>

#include "work/work.h"
#include "core/host.h"
#include "core/live.h"
#include "core/record.h"

/*
 * Where the article's lines go as they are reached. The experiment itself
 * never prints: it hands each new record line to the sink, on the loop
 * thread, and tells the sink when output should reach its reader.
 */
struct experiment_sink {
	/* Non-zero stops the run: queued hashes are cancelled. */
	int (*line)(void *arg, const struct record *r,
	    const struct record_line *l);
	/* Before the main thread blocks, and once per loop iteration. */
	int (*flush)(void *arg);
	void *arg;
	/*
	 * A first signal stopped the run: running hashes are left to finish
	 * (their lines still come), the rest of the queue is cancelled. May
	 * be NULL.
	 */
	void (*stopping)(void *arg, const struct record *r, size_t running);
	/* Where to publish the run's progress as it goes, or NULL. */
	struct live *live;
	/* How the process cancels the run (its signals), or NULL: never. */
	const struct host *host;
};

int experiment_set_pool(unsigned pool, char *err, size_t errlen);
int experiment_run(const struct work *w, struct record *r,
    const struct experiment_sink *sink, char *err, size_t errlen);

#endif
