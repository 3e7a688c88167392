/* live: a run's progress in atomics, and a record made from them to draw. */
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "core/live.h"

int
live_init(struct live *lv, const struct record_config *cfg)
{
	memset(lv, 0, sizeof(*lv));
	lv->config = *cfg;
	lv->config.print_key = false;	/* a picture needs no keys */
	lv->ntasks = cfg->calls;
	if ((lv->tasks = calloc(lv->ntasks ? lv->ntasks : 1,
	    sizeof(*lv->tasks))) == NULL)
		return -1;
	for (size_t i = 0; i < lv->ntasks; i++) {
		struct live_task *t = &lv->tasks[i];

		atomic_init(&t->queued_us, LIVE_NOT_YET);
		atomic_init(&t->start_us, LIVE_NOT_YET);
		atomic_init(&t->end_us, LIVE_NOT_YET);
		atomic_init(&t->done_us, LIVE_NOT_YET);
		atomic_init(&t->worker, 0);
		atomic_init(&t->cancelled, false);
	}
	for (int i = 0; i < LIVE_TIMES; i++)
		atomic_init(&lv->t[i], LIVE_NOT_YET);
	for (size_t i = 0; i < LIVE_TICKS; i++)
		atomic_init(&lv->tick_us[i], LIVE_NOT_YET);
	atomic_init(&lv->nticks, 0);
	atomic_init(&lv->zero, 0);
	atomic_init(&lv->heartbeat, false);
	atomic_init(&lv->ended, false);
	return 0;
}

void
live_free(struct live *lv)
{
	free(lv->tasks);
	lv->tasks = NULL;
}

void
live_set(_Atomic int64_t *a, int64_t us)
{
	atomic_store_explicit(a, us, memory_order_release);
}

int64_t
live_get(_Atomic int64_t *a)
{
	return atomic_load_explicit(a, memory_order_acquire);
}

/* Microseconds since the run's zero, or 0 before it. */
int64_t
live_now(struct live *lv)
{
	uint64_t z = atomic_load_explicit(&lv->zero, memory_order_acquire);

	return z == 0 ? 0 : (int64_t)((uv_hrtime() - z) / 1000);
}

static int64_t
upto(int64_t us, int64_t now)
{
	return us == LIVE_NOT_YET || us > now ? now : us;
}

/*
 * What has happened by now_us, as a record: a span not ended yet ends
 * now, a hash still in the queue waits until now, and a result not yet
 * delivered has done_us -1, which the chart does not mark: a frame given
 * the same now draws it waiting for the loop from its end until then.
 */
void
live_snapshot(struct live *lv, struct record *r, int64_t now)
{
	int64_t a, b;

	r->sync.ran = false;
	if ((a = live_get(&lv->t[LIVE_SYNC_START])) != LIVE_NOT_YET) {
		r->sync.ran = true;
		r->sync.start_us = a;
		r->sync.end_us = upto(live_get(&lv->t[LIVE_SYNC_END]), now);
	}
	for (size_t i = 0; i < r->ntasks && i < lv->ntasks; i++) {
		struct live_task *lt = &lv->tasks[i];
		struct record_task *t = &r->tasks[i];
		int64_t q = live_get(&lt->queued_us);
		int64_t s = live_get(&lt->start_us);
		unsigned w = atomic_load_explicit(&lt->worker,
		    memory_order_acquire);

		t->worker = 0;
		t->queued_us = t->start_us = t->end_us = 0;
		t->done_us = 0;
		if (q == LIVE_NOT_YET)
			continue;
		t->queued_us = q;
		if (s == LIVE_NOT_YET || w == 0) {
			int64_t d = live_get(&lt->done_us);

			/* In the queue until now, or until it was cancelled. */
			t->done_us = upto(d, now);
			continue;
		}
		t->worker = w;
		t->start_us = s;
		t->end_us = upto(live_get(&lt->end_us), now);
		b = live_get(&lt->done_us);
		t->done_us = b == LIVE_NOT_YET ? -1 : b;
	}
	r->offload.ran = false;
	if ((a = live_get(&lv->t[LIVE_OFFLOAD_START])) != LIVE_NOT_YET) {
		int64_t n = live_get(&lv->t[LIVE_OFFLOAD_UNITS]);

		r->offload.ran = true;
		r->offload.start_us = a;
		r->offload.end_us = upto(live_get(&lv->t[LIVE_OFFLOAD_END]),
		    now);
		b = live_get(&lv->t[LIVE_OFFLOAD_DONE]);
		r->offload.done_us = b == LIVE_NOT_YET ? -1 : b;
		r->offload.units = n == LIVE_NOT_YET ? 0 : (uint64_t)n;
	}
	r->heartbeat.ran = atomic_load_explicit(&lv->heartbeat,
	    memory_order_acquire);
	r->heartbeat.ntick_us = 0;
	if (r->heartbeat.ran) {
		size_t n = atomic_load_explicit(&lv->nticks,
		    memory_order_acquire);

		/* Without memory a frame draws fewer ticks; nothing else. */
		for (size_t i = 0; i < n && i < LIVE_TICKS; i++)
			if (record_add_tick(r, live_get(&lv->tick_us[i])) != 0)
				break;
		int64_t tick = live_get(&lv->t[LIVE_HEARTBEAT_TICK]);
		int64_t gs = live_get(&lv->t[LIVE_HEARTBEAT_GAP_START]);
		int64_t gap = live_get(&lv->t[LIVE_HEARTBEAT_GAP]);

		r->heartbeat.gap_start_us = gs == LIVE_NOT_YET ? 0 : gs;
		r->heartbeat.max_gap_us = gap == LIVE_NOT_YET ? 0 : gap;
		/* The gap since the last tick, growing while the loop is stuck. */
		if (tick != LIVE_NOT_YET && now - tick > r->heartbeat.max_gap_us) {
			r->heartbeat.gap_start_us = tick;
			r->heartbeat.max_gap_us = now - tick;
		}
	}
	for (int k = 0; k < PROBE_COUNT; k++) {
		struct record_probe *p = &r->probes[k];

		a = live_get(&lv->t[LIVE_PROBE_START + k]);
		p->ran = a != LIVE_NOT_YET;
		p->kind = (enum probe_kind)k;
		p->status = 0;
		if (p->ran) {
			p->start_us = a;
			p->done_us = upto(live_get(&lv->t[LIVE_PROBE_DONE + k]),
			    now);
		}
	}
}
