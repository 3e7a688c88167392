/* scenario_blocked: the waiter chops the vegetables himself, under a heartbeat. */
#include "core/run.h"

#define HEARTBEAT_MS	10
#define BLOCK_AT_TICK	2	/* the waiter starts chopping on this tick */

struct blocked {
	struct run *run;
	uv_timer_t heartbeat;
	bool heartbeat_on;
	int64_t last_tick;
	bool block_done, stall_seen;
};

/* The heartbeat keeps the loop alive until the block, its stall and every hash are over. */
static void
heartbeat_maybe_stop(struct run *run, void *state)
{
	struct blocked *b = state;

	if (b->heartbeat_on && run_all_delivered(run) &&
	    (run_stopping(run) || (b->block_done && b->stall_seen)))
		uv_timer_stop(&b->heartbeat);
}

static void
heartbeat_cb(uv_timer_t *h)
{
	struct blocked *b = h->data;
	struct run *run = b->run;
	struct record_heartbeat *hb = &run_record(run)->heartbeat;
	int64_t now = run_now(run), gap = now - b->last_tick;

	if (gap > hb->max_gap_us) {
		hb->max_gap_us = gap;
		hb->gap_start_us = b->last_tick;
	}
	/* The first tick after the block measures how long the loop stalled. */
	if (b->block_done && !b->stall_seen) {
		b->stall_seen = true;
		hb->stall_us = gap;
		run_emit(run, LINE_HEARTBEAT_STALL, 0, now);
	}
	b->last_tick = now;
	hb->ticks++;
	if (hb->ticks == BLOCK_AT_TICK && !b->block_done && !run_stopping(run)) {
		if (run_block(run, true) != 0)
			run_stop(run);
		b->block_done = true;
	}
	heartbeat_maybe_stop(run, b);
}

static void
blocked_start(struct run *run, void *state)
{
	struct blocked *b = state;
	struct record_heartbeat *hb = &run_record(run)->heartbeat;

	b->run = run;
	run_listen_signals(run);
	hb->ran = true;
	hb->interval_ms = HEARTBEAT_MS;
	uv_timer_init(run_loop(run), &b->heartbeat);
	b->heartbeat.data = b;
	b->last_tick = run_now(run);
	uv_timer_start(&b->heartbeat, heartbeat_cb, HEARTBEAT_MS, HEARTBEAT_MS);
	b->heartbeat_on = true;
	run_queue_all(run);
}

static void
blocked_close(struct run *run, void *state)
{
	struct blocked *b = state;

	(void)run;
	if (b->heartbeat_on)
		uv_close((uv_handle_t *)&b->heartbeat, NULL);
}

const struct scenario_ops scenario_blocked = {
	.size = sizeof(struct blocked),
	.start = blocked_start,
	.task_done = heartbeat_maybe_stop,
	.close = blocked_close,
};
