/* measure: --warmup and --repeat runs, judged, and measured again while inconclusive. */
#include <string.h>

#include "measure.h"

/*
 * Run the whole set of runs (warm-ups and measured ones) and assemble
 * their report. While its verdict is inconclusive (the machine was too
 * busy to judge), or a baseline to save was disturbed, and retries are
 * left, throw it away and measure again: the first conclusive one is
 * kept, or the last one. A cancellation (a signal) stops the retries.
 * Returns 0, or -1 with err when a run or the report failed; m is then
 * still to be freed with measure_free.
 */
int
measure_run(struct measure *m, const struct work *k,
    const struct measure_request *q, char *err, size_t errlen)
{
	struct repeat_request rq = { .cfg = q->cfg, .warmup = q->warmup, .n =
	    q->warmup + q->repeat, .live = q->live, .progress = q->progress,
	    .host = q->host };
	unsigned used = 0;

	memset(m, 0, sizeof(*m));
	for (;;) {
		if (repeat_run(&m->rp, k, &rq, err, errlen) != 0)
			return -1;
		if (m->rp.done <= q->warmup)
			return 0;	/* a signal came before a measured run */
		if (report_assemble(&m->rs, m->rp.runs, m->rp.done, q->req, err,
		    errlen) != 0)
			return -1;
		m->assembled = true;
		m->rs.rp.retries_asked = q->retries_asked;
		m->rs.rp.retries_used = used;
		if ((m->rs.rp.verdict != VERDICT_INCONCLUSIVE &&
		    !(q->retry_unfit && m->rs.rp.unfit)) ||
		    used >= q->retries || host_cancelled(q->host) != 0 ||
		    report_last(&m->rs.rp)->interrupted)
			return 0;
		used++;
		if (q->on_retry != NULL)
			q->on_retry(used, q->retries, &m->rs.rp);
		m->assembled = false;
		repeat_free(&m->rp);
	}
}

void
measure_free(struct measure *m)
{
	repeat_free(&m->rp);
	m->assembled = false;
}
