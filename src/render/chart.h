/* chart: the geometry the timeline and the SVGs share: scale, ticks, lanes. */
#ifndef POOLVIZ_CHART_H
#define POOLVIZ_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/record.h"

/*
 * Time runs from the run's zero to end_us, the latest time in the record
 * (at least 1 ms), across `units` columns or pixels.
 */
struct chart {
	int64_t end_us;
	double units;
	uint32_t workers;	/* the highest worker id: lanes 1..workers */
};

void chart_init(struct chart *c, const struct record *r, double units);
double chart_x(const struct chart *c, int64_t us);
/* The least step of 1, 2 or 5 times a power of ten us with <= max ticks. */
int64_t chart_tick_step(const struct chart *c, int max_ticks);
/* A tick's label in ms, with as many decimals as the step needs. */
int chart_tick_label(char *buf, size_t len, int64_t us, int64_t step);

/* When a task left the queue: its start, or when it was cancelled. */
int64_t chart_wait_end(const struct record_task *t);

/*
 * The lanes, top to bottom: main; the worker thread, if the blocking work
 * ran on one (offload); the heartbeat, if it ran; one per probe
 * that ran; the queue, when the caller shows one; worker 1 to workers.
 * Each field is the first lane of its kind; n counts them all.
 */
struct chart_lanes {
	size_t thread, heartbeat, probe, queue, worker, n;
};

/*
 * Whether a unit can wait in the queue for a busy worker: only with more
 * of them (and the probes' pool work) than the pool has threads, or in the
 * dns scenario, whose lookups have a cap of their own. Otherwise the wait
 * before a unit starts is the threads starting up, not queueing, and no
 * chart draws it.
 */
bool chart_queueing(const struct record *r);
void chart_lanes(struct chart_lanes *l, const struct record *r,
    const struct chart *c, bool queue);
/* A lane's name: "main", "worker thread", "heartbeat", "dns probe", "queue", "worker 3". */
int chart_lane_name(char *buf, size_t len, const struct chart_lanes *l,
    const struct record *r, size_t lane);

#endif
