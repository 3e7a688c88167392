/* chart: where things go on a time axis, shared by the timeline and the SVGs. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "render/chart.h"

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

int64_t
chart_wait_end(const struct record_task *t)
{
	return t->worker != 0 ? t->start_us : t->done_us;
}

void
chart_init(struct chart *c, const struct record *r, double units)
{
	int64_t end = 1000;	/* an empty run still gets a 1 ms axis */

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < r->nlines; i++)
		end = max64(end, r->lines[i].us);
	if (r->sync.ran)
		end = max64(end, r->sync.end_us);
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];

		end = max64(end, max64(t->queued_us, t->done_us));
		if (t->worker != 0)
			end = max64(end, t->end_us);
		if (t->worker > c->workers)
			c->workers = t->worker;
	}
	if (r->offload.ran)
		end = max64(end, max64(r->offload.end_us, r->offload.done_us));
	if (r->heartbeat.ran) {
		end = max64(end, r->heartbeat.gap_start_us +
		    r->heartbeat.max_gap_us);
		for (size_t i = 0; i < r->heartbeat.ntick_us; i++)
			end = max64(end, r->heartbeat.tick_us[i]);
	}
	for (int k = 0; k < PROBE_COUNT; k++)
		if (r->probes[k].ran)
			end = max64(end, r->probes[k].done_us);
	c->end_us = end;
	c->units = units;
}

double
chart_x(const struct chart *c, int64_t us)
{
	return (double)us * c->units / (double)c->end_us;
}

int64_t
chart_tick_step(const struct chart *c, int max_ticks)
{
	static const int64_t mult[] = { 1, 2, 5 };

	if (max_ticks < 2)
		max_ticks = 2;
	for (int64_t p = 1; p <= INT64_MAX / 10; p *= 10)
		for (size_t i = 0; i < 3; i++)
			if (c->end_us / (mult[i] * p) + 1 <= max_ticks)
				return mult[i] * p;
	return INT64_MAX;
}

int
chart_tick_label(char *buf, size_t len, int64_t us, int64_t step)
{
	int64_t ms = us / 1000, frac = us % 1000;

	if (step % 1000 == 0)
		return snprintf(buf, len, "%" PRId64, ms);
	if (step % 100 == 0)
		return snprintf(buf, len, "%" PRId64 ".%01" PRId64, ms,
		    frac / 100);
	if (step % 10 == 0)
		return snprintf(buf, len, "%" PRId64 ".%02" PRId64, ms,
		    frac / 10);
	return snprintf(buf, len, "%" PRId64 ".%03" PRId64, ms, frac);
}

bool
chart_queueing(const struct record *r)
{
	uint64_t pooled = r->config.calls;

	if (r->io.ran)
		return true;
	pooled += r->probes[PROBE_FS].ran + r->probes[PROBE_DNS].ran;
	return r->config.pool < pooled;
}

void
chart_lanes(struct chart_lanes *l, const struct record *r,
    const struct chart *c, bool queue)
{
	size_t n = 1;	/* main */

	l->thread = n;
	n += r->offload.ran;
	l->heartbeat = n;
	n += r->heartbeat.ran;
	l->probe = n;
	for (int k = 0; k < PROBE_COUNT; k++)
		n += r->probes[k].ran;
	l->queue = n;
	n += queue;
	l->worker = n;
	l->n = n + c->workers;
}

int
chart_lane_name(char *buf, size_t len, const struct chart_lanes *l,
    const struct record *r, size_t lane)
{
	size_t p = l->probe;

	if (lane == 0)
		return snprintf(buf, len, "main");
	if (lane >= l->worker)
		return snprintf(buf, len, "worker %zu", lane - l->worker + 1);
	if (lane >= l->queue)
		return snprintf(buf, len, "queue");
	if (lane < l->heartbeat)
		return snprintf(buf, len, "worker thread");
	if (lane < l->probe)
		return snprintf(buf, len, "heartbeat");
	for (int k = 0; k < PROBE_COUNT; k++)
		if (r->probes[k].ran && p++ == lane)
			return snprintf(buf, len, "%s probe",
			    probe_name(r->probes[k].kind));
	return snprintf(buf, len, "?");	/* no such lane */
}
