/* heartbeat: a timer that ticks on the loop and keeps the longest gap between its ticks. */
#ifndef POOLVIZ_HEARTBEAT_H
#define POOLVIZ_HEARTBEAT_H

#include <stdbool.h>
#include <stdint.h>

#include <uv.h>

#include "core/run.h"

#define HEARTBEAT_MS	10

/*
 * The scenario's part of each tick, called after the tick is counted in
 * the record's heartbeat: now is the tick's time, gap the time since the
 * tick before (or since the start).
 */
typedef void heartbeat_tick_fn(void *arg, int64_t now, int64_t gap);

struct heartbeat {
	uv_timer_t timer;
	struct run *run;
	heartbeat_tick_fn *tick;
	void *arg;
	int64_t last_tick;
	bool on;		/* ticking */
	bool open;		/* the timer is initialised: close it */
};

/* Start ticking every HEARTBEAT_MS; the record's heartbeat ran from now. */
void heartbeat_start(struct heartbeat *hb, struct run *run,
    heartbeat_tick_fn *tick, void *arg);
/* Stop ticking, so that the loop may end; the timer stays open. */
void heartbeat_stop(struct heartbeat *hb);
/* Close the timer, if it was started (in the scenario's close hook). */
void heartbeat_close(struct heartbeat *hb);

#endif
