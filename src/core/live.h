/* live: what a run has done so far, published for a thread that draws it. */
#ifndef POOLVIZ_LIVE_H
#define POOLVIZ_LIVE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/record.h"

/*
 * The record is written by the loop and the workers without locks, which
 * is safe only because nobody reads it before the run ends. A thread that
 * draws the run while it goes reads this instead: every time in it is an
 * atomic, stored with release by whoever reached it (the worker for a
 * hash's start and end, offload's thread for its span and units, the
 * loop for the rest) and read with acquire.
 * A time not reached yet is LIVE_NOT_YET. Everything else (the config,
 * the task count) is written before the drawing thread starts.
 */
#define LIVE_NOT_YET	INT64_MIN
/* The heartbeat ticks a frame can draw: 40 s of them; later ones are not drawn live. */
#define LIVE_TICKS	4096

struct live_task {
	_Atomic int64_t queued_us, start_us, end_us, done_us;
	atomic_uint worker;		/* 0 until it starts */
	atomic_bool cancelled;
};

enum live_lane {
	LIVE_SYNC_START,
	LIVE_SYNC_END,
	LIVE_HEARTBEAT_TICK,		/* the latest tick */
	LIVE_HEARTBEAT_GAP_START,	/* the longest gap so far, and where */
	LIVE_HEARTBEAT_GAP,
	LIVE_PROBE_START,		/* + probe kind */
	LIVE_PROBE_DONE = LIVE_PROBE_START + PROBE_COUNT,
	LIVE_OFFLOAD_START = LIVE_PROBE_DONE + PROBE_COUNT, /* its thread */
	LIVE_OFFLOAD_END,
	LIVE_OFFLOAD_DONE,		/* the loop heard it */
	LIVE_OFFLOAD_UNITS,		/* not a time: units so far */
	LIVE_TIMES,
};

struct live {
	struct record_config config;	/* set before the drawing thread starts */
	size_t ntasks;
	struct live_task *tasks;
	_Atomic uint64_t zero;		/* uv_hrtime() at the run's zero; 0 before */
	_Atomic int64_t t[LIVE_TIMES];
	/* The heartbeat's ticks: the loop stores tick_us[i], then nticks. */
	_Atomic int64_t tick_us[LIVE_TICKS];
	atomic_size_t nticks;
	atomic_bool heartbeat, ended;
};

int live_init(struct live *lv, const struct record_config *cfg);
void live_free(struct live *lv);
void live_set(_Atomic int64_t *a, int64_t us);
int64_t live_get(_Atomic int64_t *a);
/* Fill r (from record_init) with what lv says at now_us: a record to draw. */
void live_snapshot(struct live *lv, struct record *r, int64_t now_us);
int64_t live_now(struct live *lv);

#endif
