/* repeat: the pool has one size per process, so one pool serves every run. */
#include <stdio.h>
#include <stdlib.h>

#include "core/repeat.h"

/*
 * Run the experiment n times, the first warmup of them not measured; the
 * last run's lines go to live (NULL: none); the others only say they are
 * stopping, through live's stopping. Every run is cancelled by the
 * request's host: a cancellation between runs stops the repeats; one in
 * a run stops it too. Returns 0, or -1 with err when a run failed;
 * rp->done runs are then filled (a failed one among them if it got so
 * far as its tasks), to be freed with repeat_free.
 */
int
repeat_run(struct repeat *rp, const struct work *k,
    const struct repeat_request *q, char *err, size_t errlen)
{
	const struct experiment_sink *live = q->live;
	struct experiment_sink last = { .host = q->host };
	/* The runs before the last print nothing, but may say they are stopping. */
	struct experiment_sink quiet = { .stopping = live != NULL ?
	    live->stopping : NULL, .arg = live != NULL ? live->arg : NULL,
	    .host = q->host };
	size_t n = q->n;
	uint64_t longest = 0;
	int rc = 0;

	if (live != NULL) {
		last = *live;
		last.host = q->host;
	}
	rp->n = n;
	rp->done = 0;
	if ((rp->runs = calloc(n, sizeof(*rp->runs))) == NULL) {
		snprintf(err, errlen, "cannot allocate memory for the runs");
		return -1;
	}
	rp->cut = false;
	for (; rp->done < n && host_cancelled(q->host) == 0; rp->done++) {
		struct record *r = &rp->runs[rp->done];
		uint64_t t = uv_hrtime();

		if (q->deadline_ns != 0 && rp->done > q->warmup &&
		    t + longest > q->deadline_ns) {
			rp->cut = true;
			break;
		}

		if (q->progress != NULL)
			q->progress(rp->done, n, q->warmup);
		if (record_init(r, q->cfg, err, errlen) != 0 ||
		    experiment_run(k, r, rp->done == n - 1 ? &last : &quiet, err,
		    errlen) != 0) {
			rc = -1;
			rp->done += r->tasks != NULL;
			break;
		}
		if (uv_hrtime() - t > longest)
			longest = uv_hrtime() - t;
	}
	if (q->progress != NULL)
		q->progress(n, n, 0);
	return rc;
}

void
repeat_free(struct repeat *rp)
{
	for (size_t i = 0; i < rp->done; i++)
		record_free(&rp->runs[i]);
	free(rp->runs);
	rp->runs = NULL;
	rp->done = 0;
}
