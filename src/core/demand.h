/* demand: how many of the pool's workers want a CPU, sampled while the pool works. */
#ifndef POOLVIZ_DEMAND_H
#define POOLVIZ_DEMAND_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/record.h"

/* libuv's pool has at most 1024 threads. */
#define DEMAND_MAX_WORKERS	1024
/* How often the sampler looks, in microseconds. */
#define DEMAND_INTERVAL_US	3000

/*
 * A gap between two of the sampler's looks that its own thread spent
 * neither asleep as asked, nor running, nor waiting for a CPU is time
 * the process was stopped (SIGSTOP, a frozen cgroup): counted only past
 * this much, so that a slow read of /proc never looks like a stop.
 */
#define DEMAND_STOP_MIN_US	20000

/* One look at the pool: workers in state R, and how many could have been. */
struct demand_sample {
	uint16_t runnable;
	uint16_t expected;
};

struct demand;

/* A worker thread says who it is, once, before its first unit. */
void demand_register_worker(void);

/*
 * The state letter of a /proc/<pid>/task/<tid>/stat line ("R", "S",
 * "D", ...), or 0 when the line is not one: the letter after the last
 * ')', since the command name may itself hold ')' and spaces.
 */
char demand_parse_stat(const char *line);
/* A thread's state under proc_root ("/proc"), or 0 when it cannot be read. */
char demand_read_state(const char *proc_root, long tid);
/*
 * The samples where at least one worker was expected: the mean and 10th
 * percentile of the runnable workers, and the mean of the expected ones.
 */
void demand_summarize(const struct demand_sample *s, size_t n,
    struct record_demand *out);

/*
 * The run and wait times of a /proc/.../schedstat line, in ns ("run wait
 * slices"); 0, or -1 when the text is not one.
 */
int demand_parse_schedstat(const char *text, uint64_t *run_ns,
    uint64_t *wait_ns);
/*
 * One gap between two of the sampler's looks, in microseconds: its wall
 * time; the sleep the sampler asked for in it; the run and wait time
 * (schedstat) of the sampler, and of the sampler, the loop's thread and
 * the pool's workers together; and the CPU time of the whole process.
 */
struct demand_gap {
	int64_t wall_us, sleep_us;
	int64_t own_us, threads_us, cpu_us;
};

/*
 * The time of a gap the process was stopped: what the sampler's sleep and
 * its own run and wait leave, bounded by what no thread's run and wait
 * covered and by what the process's CPU time leaves, when that exceeds
 * DEMAND_STOP_MIN_US; else 0.
 */
int64_t demand_stopped_us(const struct demand_gap *g);

/*
 * Start sampling every DEMAND_INTERVAL_US: per sample, the registered
 * workers in state R, and min(pool, queued - *ended). NULL when the
 * thread cannot start; then out says why at demand_stop.
 */
struct demand *demand_start(const char *proc_root, unsigned pool,
    size_t queued, const atomic_size_t *ended);
/* Stop, and fill out (known false, with a reason, where it could not work). */
void demand_stop(struct demand *d, struct record_demand *out);

#endif
