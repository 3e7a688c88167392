/* measure: --warmup and --repeat runs, judged, and measured again while inconclusive. */
#include <string.h>
#include <time.h>

#include <uv.h>

#include "measure.h"
#include "report/busy.h"

/* The longest window the wait watches /proc/stat over, in seconds. */
#define WAIT_WINDOW_MAX_S	4

static double
seconds_since(uint64_t t0)
{
	return (double)(uv_hrtime() - t0) / 1e9;
}

/*
 * Wait until the machine looks quieter, for at most max_s: watch what
 * others took of the CPUs over a window of 1 s (or first_s), then of
 * twice that, up to WAIT_WINDOW_MAX_S, until others and steal together
 * take no more than BUSY_NOTICE_CPUS, or half of what they took from the
 * spoiled runs (busy: a shared machine may never fall silent, but a retry
 * that sees half the load can conclude). Each window is a measurement,
 * not a guess at when something ends. A cancellation ends the wait.
 */
static void
wait_quieter(const struct host *host, double max_s, double first_s,
    double busy, struct measure_wait *w)
{
	double enough = busy / 2 > BUSY_NOTICE_CPUS ? busy / 2 :
	    BUSY_NOTICE_CPUS;

	const char *root = host != NULL ? host->machine_root : NULL;
	struct machine_facts f;
	struct machine_snap a, b;
	uint64_t t0 = uv_hrtime();
	double window = first_s > 0 ? first_s : 1;

	memset(&w->seen, 0, sizeof(w->seen));
	w->quiet = false;
	if (machine_facts_read(&f, root) != 0) {
		w->quiet = true;	/* nothing to watch: retry at once */
		return;
	}
	while (host_cancelled(host) == 0) {
		double left = max_s - seconds_since(t0);
		struct timespec ts;

		if (left <= 0)
			break;
		if (window > left)
			window = left;
		ts.tv_sec = (time_t)window;
		ts.tv_nsec = (long)((window - (double)ts.tv_sec) * 1e9);
		machine_snap_take(&a, &f);
		nanosleep(&ts, NULL);
		machine_snap_take(&b, &f);
		machine_load_compute(&w->seen, &f, &a, &b);
		if (!w->seen.cpu_known || w->seen.other_cpus +
		    w->seen.steal_cpus <= enough) {
			w->quiet = true;
			break;
		}
		if (window < WAIT_WINDOW_MAX_S)
			window *= 2;
	}
	w->waited_s = seconds_since(t0);
}

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
	uint64_t t0 = uv_hrtime(), t1;
	struct measure_wait w;
	struct report_request req;

	memset(m, 0, sizeof(*m));
	for (;;) {
		double took, left;

		t1 = uv_hrtime();
		/* The budget bounds the whole command, the first set too. */
		if (q->retries_asked && q->budget_s > 0)
			rq.deadline_ns = t0 + (uint64_t)(q->budget_s * 1e9);
		if (repeat_run(&m->rp, k, &rq, err, errlen) != 0)
			return -1;
		if (m->rp.done <= q->warmup)
			return 0;	/* a signal came before a measured run */
		req = *q->req;
		req.budget_cut_s = m->rp.cut ? q->budget_s : 0;
		if (report_assemble(&m->rs, m->rp.runs, m->rp.done, &req, err,
		    errlen) != 0)
			return -1;
		m->assembled = true;
		m->rs.rp.retries_asked = q->retries_asked;
		m->rs.rp.retries_used = used;
		if ((m->rs.rp.verdict != VERDICT_INCONCLUSIVE &&
		    !(q->retry_unfit && m->rs.rp.unfit)) ||
		    used >= q->retries || host_cancelled(q->host) != 0 ||
		    m->rp.cut ||
		    report_last(&m->rs.rp)->interrupted)
			return 0;
		/*
		 * A retry is worth its time only on a quieter machine, and
		 * only if it can end within the budget: wait for the one
		 * while the other allows, a measurement's time kept back.
		 */
		memset(&w, 0, sizeof(w));
		w.budget_s = q->budget_s;
		took = seconds_since(t1);
		left = q->budget_s - seconds_since(t0) - took;
		if (left > 0) {
			if (q->on_wait != NULL)
				q->on_wait(used + 1, q->retries, &m->rs.rp, left);
			wait_quieter(q->host, left, q->wait_window_s,
			    m->rs.rp.load.other_cpus +
			    m->rs.rp.load.steal_cpus, &w);
		}
		if (host_cancelled(q->host) != 0)
			return 0;
		w.gave_up = !w.quiet;
		if (q->on_retry != NULL)
			q->on_retry(used + 1, q->retries, &m->rs.rp, &w);
		if (w.gave_up)
			return 0;
		used++;
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
