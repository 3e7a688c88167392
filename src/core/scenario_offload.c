/*
 * scenario_offload: the blocked scenario's workload, with its blocking work
 * on a thread of its own (Node's Worker), which reports back through
 * uv_async_send. The main thread stays free: the heartbeat keeps ticking
 * and each result is delivered as it ends.
 */
#include <stdatomic.h>

#include "core/heartbeat.h"
#include "core/run.h"

#define OFFLOAD_AT_TICK	2	/* the worker thread starts on this tick */

struct offload {
	struct run *run;
	struct heartbeat heartbeat;
	uv_async_t wake;	/* the worker thread's way back to the loop */
	uv_thread_t thread;
	atomic_bool quit;	/* the loop tells the thread to stop */
	atomic_bool finished;	/* the thread's record is written */
	int rc;			/* the thread's, read after finished */
	bool wake_on, thread_on;
	bool delivered, gap_said;
};

static void
offload_thread(void *arg)
{
	struct offload *o = arg;
	struct record_offload *ro = &run_record(o->run)->offload;

	o->rc = run_units(o->run, &o->quit, ro);
	atomic_store_explicit(&o->finished, true, memory_order_release);
	uv_async_send(&o->wake);
}

/* The heartbeat keeps the loop alive until the thread, its result and every hash are over. */
static void
heartbeat_maybe_stop(struct run *run, void *state)
{
	struct offload *o = state;

	if (run_all_delivered(run) &&
	    (run_stopping(run) || (o->delivered && o->gap_said)))
		heartbeat_stop(&o->heartbeat);
}

/* On the loop: the worker thread's result arrived. */
static void
wake_cb(uv_async_t *h)
{
	struct offload *o = h->data;
	struct run *run = o->run;
	struct record *r = run_record(run);

	if (o->delivered || !atomic_load_explicit(&o->finished,
	    memory_order_acquire))
		return;
	o->delivered = true;
	r->offload.done_us = run_now(run);
	if (o->rc != 0) {
		r->offload.failed = true;
		run_fail(run, "%s failed on the worker thread",
		    r->config.work.name);
	}
	run_emit(run, LINE_OFFLOAD_DONE, 0, r->offload.done_us);
	heartbeat_maybe_stop(run, o);
}

static void
offload_tick(void *arg, int64_t now, int64_t gap)
{
	struct offload *o = arg;
	struct run *run = o->run;
	struct record_heartbeat *hb = &run_record(run)->heartbeat;

	(void)gap;
	if (run_stopping(run))
		atomic_store(&o->quit, true);
	/* The first tick after the result: the longest gap there was. */
	if (o->delivered && !o->gap_said && run_all_delivered(run)) {
		o->gap_said = true;
		hb->stall_us = hb->max_gap_us;
		run_emit(run, LINE_HEARTBEAT_STALL, 0, now);
	}
	if (hb->ticks == OFFLOAD_AT_TICK && !o->thread_on &&
	    !run_stopping(run)) {
		struct record *r = run_record(run);

		r->offload.ran = true;
		run_emit(run, LINE_OFFLOAD_START, 0, now);
		int rc = uv_thread_create(&o->thread, offload_thread, o);

		if (rc != 0) {
			r->offload.ran = false;
			o->delivered = o->gap_said = true;
			/* Not exit 0 with no Done line: the run did not run. */
			run_fail(run, "cannot start the worker thread: %s (raise "
			    "ulimit -u)", uv_strerror(rc));
		} else
			o->thread_on = true;
	}
	heartbeat_maybe_stop(run, o);
}

static void
offload_start(struct run *run, void *state)
{
	struct offload *o = state;

	o->run = run;
	atomic_init(&o->quit, false);
	atomic_init(&o->finished, false);
	run_listen_signals(run);
	uv_async_init(run_loop(run), &o->wake, wake_cb);
	o->wake.data = o;
	/* The heartbeat, not the handle, keeps the loop alive. */
	uv_unref((uv_handle_t *)&o->wake);
	o->wake_on = true;
	heartbeat_start(&o->heartbeat, run, offload_tick, o);
	run_queue_all(run);
}

/* Stopped early, the thread ends after its unit; then its handle closes. */
static void
offload_close(struct run *run, void *state)
{
	struct offload *o = state;

	(void)run;
	atomic_store(&o->quit, true);
	if (o->thread_on) {
		uv_thread_join(&o->thread);
		o->thread_on = false;
	}
	if (o->wake_on)
		uv_close((uv_handle_t *)&o->wake, NULL);
	heartbeat_close(&o->heartbeat);
}

const struct scenario_ops scenario_offload = {
	.size = sizeof(struct offload),
	.start = offload_start,
	.task_done = heartbeat_maybe_stop,
	.close = offload_close,
};
