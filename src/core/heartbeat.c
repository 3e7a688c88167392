/* heartbeat: the blocked and offload scenarios' timer, and the gaps it sees. */
#include "core/heartbeat.h"

static void
heartbeat_cb(uv_timer_t *h)
{
	struct heartbeat *hb = h->data;
	struct record_heartbeat *rec = &run_record(hb->run)->heartbeat;
	int64_t now = run_now(hb->run), gap = now - hb->last_tick;

	if (gap > rec->max_gap_us) {
		rec->max_gap_us = gap;
		rec->gap_start_us = hb->last_tick;
	}
	hb->last_tick = now;
	rec->ticks++;
	/* Without memory the tick still counts; the charts draw fewer. */
	(void)record_add_tick(run_record(hb->run), now);
	hb->tick(hb->arg, now, gap);
}

void
heartbeat_start(struct heartbeat *hb, struct run *run,
    heartbeat_tick_fn *tick, void *arg)
{
	struct record_heartbeat *rec = &run_record(run)->heartbeat;

	hb->run = run;
	hb->tick = tick;
	hb->arg = arg;
	rec->ran = true;
	rec->interval_ms = HEARTBEAT_MS;
	uv_timer_init(run_loop(run), &hb->timer);
	hb->timer.data = hb;
	hb->open = true;
	hb->last_tick = run_now(run);
	uv_timer_start(&hb->timer, heartbeat_cb, HEARTBEAT_MS, HEARTBEAT_MS);
	hb->on = true;
}

void
heartbeat_stop(struct heartbeat *hb)
{
	if (!hb->on)
		return;
	uv_timer_stop(&hb->timer);
	hb->on = false;
}

void
heartbeat_close(struct heartbeat *hb)
{
	if (!hb->open)
		return;
	uv_close((uv_handle_t *)&hb->timer, NULL);
	hb->open = false;
}
