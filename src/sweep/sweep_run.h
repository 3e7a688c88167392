/* sweep_run: run a sweep's points, one child process at a time, on a libuv loop. */
#ifndef POOLVIZ_SWEEP_RUN_H
#define POOLVIZ_SWEEP_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "sweep/sweep.h"

/*
 * Told before each child starts: the run's number (1..nruns), the point
 * and which of its repeats this is (1..repeat). Runs go point by point: a
 * point's repeats one after another, so that in a class its row appears
 * as soon as it is measured rather than all rows at the end. (A slow
 * spell on the machine can fall on one point: the re-runs of disturbed
 * runs and the load each point reports are there for that.)
 */
typedef void sweep_progress_fn(void *arg, size_t run, size_t nruns,
    unsigned pool, uint64_t calls, unsigned round, unsigned repeat);

/*
 * Told as each point's last run has been read: the point as the result
 * will hold it (k-th in the result's order; its law_t_ms is the sweep's
 * one T) and the machine the children report.
 */
typedef void sweep_point_fn(void *arg, size_t k, const struct sweep_point *p,
    const struct sweep_machine *m);

enum sweep_status {
	SWEEP_DONE,		/* every point ran; the result is filled */
	SWEEP_FAILED,		/* a child failed, or libuv did: err says which */
	SWEEP_INTERRUPTED,	/* SIGINT or SIGTERM: *signum says which */
};

/*
 * Grace, in ms, for a child told to stop by the signal the sweep got,
 * before it is killed: a child lets the hashes on its workers finish.
 */
#define SWEEP_KILL_GRACE_MS	2000

/*
 * Grace, in ms, for a child's pipes to end once it has exited: past it,
 * what they hold is read and they are closed, though a process the child
 * left behind may hold their other end.
 */
#define SWEEP_DRAIN_GRACE_MS	1000

enum sweep_status sweep_run(struct sweep_result *res,
    const struct sweep_config *cfg, const char *exe,
    sweep_progress_fn *progress, void *arg, int *signum, char *err,
    size_t errlen);
int sweep_args_fit(const struct sweep_config *cfg, char *err, size_t errlen);
/* The same, with each point told as it finishes. */
enum sweep_status sweep_run_live(struct sweep_result *res,
    const struct sweep_config *cfg, const char *exe,
    sweep_progress_fn *progress, sweep_point_fn *point_done, void *arg,
    int *signum, char *err, size_t errlen);
void sweep_result_free(struct sweep_result *res);

#endif
