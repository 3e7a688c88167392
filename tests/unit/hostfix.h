/* hostfix: a host whose cancellation a test controls, small work, and a way to hold the pool's one thread. */
#ifndef POOLVIZ_HOSTFIX_H
#define POOLVIZ_HOSTFIX_H

#include <signal.h>

#include <uv.h>

#include "testutil.h"

#include "core/experiment.h"
#include "core/host.h"
#include "core/record.h"
#include "work/work.h"

/*
 * Every hook of this host runs on the thread that runs the loop (the
 * test's), so plain statics do. The machine is read under a fixture tree
 * unless a test sets hf_root first: the experiment reads the facts once
 * per process.
 */
static int hf_signal;			/* what cancelled() says */
static uv_async_t *hf_async;		/* what wake() was last given */
static int hf_wakes, hf_unwakes;	/* wake(async) and wake(NULL) calls */
static int hf_holds;			/* hold(true) minus hold(false) */
static int hf_hold_calls;
static int hf_exit_on;			/* exit_at_once(true) minus (false) */
static void (*hf_on_hold)(bool on);	/* a test's own, or NULL */
static const char *hf_root = TESTS_DIR "/fixtures/machine/quiet";

static int
hf_cancelled(void)
{
	return hf_signal;
}

static void
hf_wake(uv_async_t *async)
{
	hf_async = async;
	if (async != NULL)
		hf_wakes++;
	else
		hf_unwakes++;
}

static void
hf_hold(bool on)
{
	hf_holds += on ? 1 : -1;
	hf_hold_calls++;
	if (hf_on_hold != NULL)
		hf_on_hold(on);
}

static void
hf_exit_at_once(bool on)
{
	hf_exit_on += on ? 1 : -1;
}

static struct host hf_host;

/* The host, reset: not cancelled, no hooks of the test's own. */
static inline const struct host *
hf_reset(void)
{
	hf_signal = 0;
	hf_async = NULL;
	hf_wakes = hf_unwakes = hf_holds = hf_hold_calls = hf_exit_on = 0;
	hf_on_hold = NULL;
	hf_host = (struct host){ .cancelled = hf_cancelled, .wake = hf_wake,
	    .hold = hf_hold, .exit_at_once = hf_exit_at_once,
	    .machine_root = hf_root };
	return &hf_host;
}

/* Cancel as a signal handler would: say so, and wake the loop. */
static inline void
hf_cancel(int signum)
{
	hf_signal = signum;
	if (hf_async != NULL)
		uv_async_send(hf_async);
}

/* Tiny work: pbkdf2 of 1000 iterations. */
static inline struct work *
hf_work(void)
{
	struct work_params p;
	struct work *w;
	const char *param;
	char err[256];

	work_params_defaults(&p);
	p.iterations = 1000;
	if (work_open(&w, &p, &param, err, sizeof(err)) != 0)
		fail_msg("work_open: %s", err);
	return w;
}

static inline void
hf_config(struct record_config *cfg, const struct work *w, uint64_t calls,
    bool sync)
{
	struct work_params p;

	work_params_defaults(&p);
	p.iterations = 1000;
	memset(cfg, 0, sizeof(*cfg));
	cfg->calls = calls;
	cfg->pool = 1;
	cfg->sync = sync;
	cfg->scenario = SCENARIO_ARTICLE;
	cfg->keylen = work_out_len(w);
	work_describe(&p, &cfg->work);
}

/*
 * The process's pool has one thread (hf_main sets it). A blocker holds
 * it, so that every hash queued meanwhile stays in the queue, where a
 * cancellation is certain to take it out: no timing involved.
 */
struct hf_blocker {
	uv_loop_t loop;
	uv_work_t req;
	uv_sem_t started, go;
};

static void
hf_blocker_work(uv_work_t *req)
{
	struct hf_blocker *b = req->data;

	uv_sem_post(&b->started);
	uv_sem_wait(&b->go);
}

static void
hf_blocker_done(uv_work_t *req, int status)
{
	(void)req;
	assert_int_equal(status, 0);
}

static inline void
hf_block_pool(struct hf_blocker *b)
{
	assert_int_equal(uv_loop_init(&b->loop), 0);
	assert_int_equal(uv_sem_init(&b->started, 0), 0);
	assert_int_equal(uv_sem_init(&b->go, 0), 0);
	b->req.data = b;
	assert_int_equal(uv_queue_work(&b->loop, &b->req, hf_blocker_work,
	    hf_blocker_done), 0);
	uv_sem_wait(&b->started);	/* the pool's one thread is ours */
}

static inline void
hf_release_pool(struct hf_blocker *b)
{
	uv_sem_post(&b->go);
	assert_int_equal(uv_run(&b->loop, UV_RUN_DEFAULT), 0);
	assert_int_equal(uv_loop_close(&b->loop), 0);
	uv_sem_destroy(&b->started);
	uv_sem_destroy(&b->go);
}

/* Call first in main: the pool's size is read once, at the first work. */
static inline void
hf_main(void)
{
	char err[64];

	if (experiment_set_pool(1, err, sizeof(err)) != 0)
		abort();
}

/* How a run's tasks ended: delivered (with a line) or cancelled (never ran). */
static inline void
hf_count(const struct record *r, size_t *delivered, size_t *cancelled)
{
	*delivered = *cancelled = 0;
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];
		bool line = false;

		for (size_t j = 0; j < r->nlines; j++)
			if (r->lines[j].kind == LINE_ASYNC_DONE &&
			    r->lines[j].id == t->id)
				line = true;
		if (t->worker != 0) {
			assert_true(line);
			assert_true(t->queued_us <= t->start_us);
			assert_true(t->start_us <= t->end_us);
			assert_true(t->end_us <= t->done_us);
			(*delivered)++;
		} else {
			assert_false(line);
			(*cancelled)++;
		}
	}
}

#endif
