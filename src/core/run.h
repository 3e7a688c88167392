/* run: one experiment run as a scenario sees it, and what a scenario provides. */
#ifndef POOLVIZ_RUN_H
#define POOLVIZ_RUN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "core/host.h"
#include "core/record.h"

struct run;

/*
 * A scenario's part of a run. Its state (size bytes, zeroed) lives as
 * long as the run; all hooks run on the loop thread. open sets up what
 * must not be timed, before the run's zero; start begins the scenario at
 * the zero; task_done follows each hash delivered on the loop; close
 * closes its handles (the loop then runs until they are closed). Any
 * hook but start may be NULL.
 */
struct scenario_ops {
	size_t size;
	int (*open)(struct run *run, void *state, char *err, size_t errlen);
	void (*start)(struct run *run, void *state);
	void (*task_done)(struct run *run, void *state);
	void (*close)(struct run *run, void *state);
};

/* One per file, core/scenario_NAME.c; scenario.c's table names them. */
extern const struct scenario_ops scenario_article;
extern const struct scenario_ops scenario_blocked;
extern const struct scenario_ops scenario_starve;
extern const struct scenario_ops scenario_offload;
extern const struct scenario_ops scenario_dns;

/* What the experiment offers a scenario (core/experiment.c). */
uv_loop_t *run_loop(struct run *run);
struct record *run_record(struct run *run);
const struct host *run_host(const struct run *run);
int64_t run_now(const struct run *run);
void run_emit(struct run *run, enum line_kind kind, uint32_t id, int64_t us);
void run_stop(struct run *run);
void run_fail(struct run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool run_stopping(const struct run *run);
bool run_all_delivered(const struct run *run);
void run_listen_signals(struct run *run);
void run_queue_all(struct run *run);
/*
 * A scenario's own pool requests as the record's tasks (index i): queued
 * and done on the loop, start and end on the worker that runs it. The
 * line "Scheduled all async tasks" once they are all queued; run_hold
 * around the first request, as run_queue_all does (the pool's threads
 * inherit the signal mask).
 */
void run_task_queued(struct run *run, size_t i);
void run_task_start(struct run *run, size_t i);
void run_task_end(struct run *run, size_t i);
void run_task_done(struct run *run, size_t i, int status);
void run_scheduled(struct run *run);
void run_hold(struct run *run, bool on);
/* The blocking work on the loop: one unit, or record_block_units with many. */
int run_block(struct run *run, bool many);
/*
 * The blocking work on the calling thread, which need not be the loop's:
 * record_block_units whole units, or fewer once *quit.
 * Fills o's start, end, CPU time and units; 0, or -1 when a unit failed.
 */
int run_units(struct run *run, const atomic_bool *quit,
    struct record_offload *o);

#endif
