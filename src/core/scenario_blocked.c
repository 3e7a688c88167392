/* scenario_blocked: the waiter chops the vegetables himself, under a heartbeat. */
#include "core/heartbeat.h"
#include "core/run.h"

#define BLOCK_AT_TICK	2	/* the waiter starts chopping on this tick */

struct blocked {
	struct run *run;
	struct heartbeat heartbeat;
	bool block_done, stall_seen;
};

/* The heartbeat keeps the loop alive until the block, its stall and every hash are over. */
static void
heartbeat_maybe_stop(struct run *run, void *state)
{
	struct blocked *b = state;

	if (run_all_delivered(run) &&
	    (run_stopping(run) || (b->block_done && b->stall_seen)))
		heartbeat_stop(&b->heartbeat);
}

static void
blocked_tick(void *arg, int64_t now, int64_t gap)
{
	struct blocked *b = arg;
	struct run *run = b->run;
	struct record_heartbeat *hb = &run_record(run)->heartbeat;

	/* The first tick after the block measures how long the loop stalled. */
	if (b->block_done && !b->stall_seen) {
		b->stall_seen = true;
		hb->stall_us = gap;
		run_emit(run, LINE_HEARTBEAT_STALL, 0, now);
	}
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

	b->run = run;
	run_listen_signals(run);
	heartbeat_start(&b->heartbeat, run, blocked_tick, b);
	run_queue_all(run);
}

static void
blocked_close(struct run *run, void *state)
{
	struct blocked *b = state;

	(void)run;
	heartbeat_close(&b->heartbeat);
}

const struct scenario_ops scenario_blocked = {
	.size = sizeof(struct blocked),
	.start = blocked_start,
	.task_done = heartbeat_maybe_stop,
	.close = blocked_close,
};
