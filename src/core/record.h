/* record: what one run of an experiment did, as plain structs of times and ids. */
#ifndef POOLVIZ_RECORD_H
#define POOLVIZ_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/machine.h"
#include "core/scenario.h"
#include "work/work_desc.h"

/*
 * Every time in a record is in microseconds since the run's zero, taken
 * from uv_hrtime() just before the first line. Renderers see only this
 * record: they never time anything themselves.
 */

enum line_kind {
	LINE_SYNC_START,	/* "Start Synchronous Hash" */
	LINE_SYNC_END,		/* "End Synchronous Hash" */
	LINE_SCHEDULED,		/* "Scheduled all async tasks" */
	LINE_ASYNC_DONE,	/* "Async Hash <id> Done" */
	LINE_HEARTBEAT_STALL,	/* blocked scenario: the heartbeat's longest gap */
	LINE_PROBE_DONE,	/* starve scenario: one probe finished */
	LINE_OFFLOAD_START,	/* offload: "Start Worker Thread Hash" */
	LINE_OFFLOAD_DONE,	/* offload: its result delivered on the loop */
};

enum probe_kind {
	PROBE_FS,
	PROBE_DNS,
	PROBE_TCP,
	PROBE_COUNT,
};

/* What a task of the record is: the work's unit, or a scenario's own request. */
enum task_kind {
	TASK_WORK,	/* a unit of the work (a hash) through uv_queue_work */
	TASK_DNS,	/* a uv_getaddrinfo lookup: slow I/O to libuv */
	TASK_FS,	/* a uv_fs_read: fast I/O to libuv */
};

struct record_line {
	enum line_kind kind;
	uint32_t id;		/* task id for LINE_ASYNC_DONE, probe kind for LINE_PROBE_DONE */
	int64_t us;		/* when the line was reached */
};

struct record_config {
	uint64_t calls;
	unsigned pool;		/* the pool size libuv runs with */
	struct record_work work;
	size_t keylen;		/* bytes each unit leaves: what --print-key shows */
	bool sync;		/* false with --no-sync */
	bool print_key;
	enum scenario scenario;
	/*
	 * Only the article's lines are shown: nothing reads a pooled unit's
	 * CPU time, so the workers skip its clock (a system call each time,
	 * the most of poolviz's own cost per call), and cpu_us stays 0.
	 */
	bool lines_only;
	uint64_t hash_ms;	/* --hash-ms that chose the work's size, or 0 */
};

/*
 * What the machine gave the process, read once (core/machine.h): cpus is
 * what libuv says; the others are poolviz's own reading, which a quota
 * (that libuv 1.44 ignores) lowers. 0 in affinity_cpus or usable_cpus:
 * unknown, and cpus stands in for them.
 */
struct record_machine {
	unsigned cpus;		/* uv_available_parallelism() */
	unsigned affinity_cpus;	/* CPUs in the affinity mask */
	enum machine_cgroup quota_cgroup;
	bool quota_limited;	/* a CPU quota applies */
	double quota_cpus;	/* quota / period, when limited */
	double quota_period_ms;	/* the quota's period */
	double usable_cpus;	/* min(affinity, quota) */
	char libuv[32];
	char openssl[64];
};

struct record_sync {
	bool ran;
	int64_t start_us, end_us;
	int64_t cpu_us;		/* the main thread's CPU time for the hash */
};

struct record_task {
	uint32_t id;		/* 1..calls, in the order queued */
	uint32_t worker;	/* 1..pool in order of first use this run; 0 if it never ran */
	int64_t queued_us;	/* uv_queue_work() called */
	int64_t start_us;	/* the worker began the hash */
	int64_t end_us;		/* the worker finished the hash */
	int64_t done_us;	/* the after-work callback ran on the loop */
	int64_t cpu_us;		/* the worker thread's CPU time for the hash */
	int status;		/* 0, or the kdf's error */
};

/*
 * The blocked scenario: a timer ticks every interval on the loop while the
 * main thread hashes (the record's sync span): record_block_units hashes,
 * block_hashes of them run (fewer only when stopped).
 */
struct record_heartbeat {
	bool ran;
	unsigned interval_ms;
	uint64_t ticks;
	int64_t max_gap_us;
	int64_t gap_start_us;	/* the tick before the longest gap */
	uint64_t block_hashes;
	int64_t stall_us;	/* the gap the first tick after the block saw */
	/*
	 * Each tick's time, so the charts can draw the ticks themselves: as
	 * many as memory allowed, ntick_us <= ticks (record_add_tick).
	 */
	int64_t *tick_us;
	size_t ntick_us, cap_tick_us;
};

/*
 * The offload scenario: the blocking work of the blocked scenario, on a
 * thread of its own (Node's Worker) that reports back through
 * uv_async_send; done_us is when the loop heard it.
 */
struct record_offload {
	bool ran;
	int64_t start_us, end_us, done_us;
	int64_t cpu_us;		/* the thread's CPU time for its units */
	uint64_t units;		/* how many it ran */
	bool failed;		/* a unit failed on the thread */
};

/*
 * The dns scenario: lookups and file reads, each slowed on its worker by
 * a stated time (core/scenario_dns.c says how).
 */
struct record_io {
	bool ran;
	uint32_t lookup_ms;	/* each lookup waited this before resolving */
	uint32_t read_ms;	/* each read waited this before reading */
};

/* How many of each kind ran at once, from the tasks' start and end times. */
struct record_io_summary {
	unsigned max_dns;	/* the most lookups running at one time */
	unsigned max_fs;	/* the most file reads running at one time */
	unsigned fs_at_max_dns;	/* the most reads beside max_dns lookups */
	unsigned dns_cap;	/* libuv's (pool + 1) / 2 */
};

/*
 * How many of the pool's workers wanted a CPU (state R) while it worked,
 * over the samples where at least one unit was queued or running
 * (core/demand.c): their mean and 10th percentile, and the mean of what a
 * pool that runs its units at once would show, min(pool, units left).
 */
struct record_demand {
	bool known;		/* sampled; else why says why not */
	char why[96];
	uint64_t samples;
	double mean, p10, expected;
	/*
	 * The time the process was stopped while the pool worked
	 * (demand_stopped_us over the sampler's gaps); stop_known: the
	 * sampler's schedstat could be read throughout.
	 */
	bool stop_known;
	double stopped_ms;
};

struct record_probe {
	bool ran;
	enum probe_kind kind;
	int64_t start_us, done_us;
	int status;		/* 0, or a libuv error code */
};

struct record {
	struct record_config config;
	struct record_machine machine;
	struct record_sync sync;

	struct record_task *tasks;	/* config.calls of them */
	size_t ntasks;

	struct record_line *lines;	/* in the order they were reached */
	size_t nlines, cap_lines;

	/* Derived keys: one per task with print_key, else NULL. */
	unsigned char *keys;
	unsigned char *sync_key;	/* keylen bytes, the blocking hash's key */

	struct record_heartbeat heartbeat;
	struct record_offload offload;
	struct record_probe probes[PROBE_COUNT];
	struct record_io io;
	struct record_demand demand;

	/* What others, steal and a quota took, from the zero to the loop's end. */
	struct machine_load load;

	bool interrupted;	/* a signal stopped the run */
	int signal;		/* which one: SIGINT or SIGTERM */
};

struct record_summary {
	double sync_ms;		/* the blocking hash, or 0 with --no-sync */
	double makespan_ms;	/* first queued to last done */
	double mean_task_ms;	/* mean end - start */
	/*
	 * How many hashes really ran at once: their CPU time over the span
	 * from first start to last end. Wall time would count a hash that
	 * waits for a CPU as running, so CPU time it is: it cannot exceed
	 * min(pool, cpus) but by measurement noise.
	 */
	double parallelism;
	uint64_t expected_waves;/* ceil(calls / min(pool, record_cpus)) */
	double max_lag_ms;	/* largest done - end */
	double one_hash_ms;	/* T: record_one_unit_ms */
	/*
	 * What a pooled unit cost against T: their mean CPU time over T,
	 * or 1 where that is within RECORD_UNEVEN of 1 (record_unit_factor).
	 */
	double unit_factor;
	/*
	 * The makespan to expect: record_expected_units x T x unit_factor,
	 * on this run's CPUs.
	 */
	double predicted_ms;
};

/*
 * Pooled units that cost more than this times T, or less than T over it,
 * ran on CPUs that were not as fast as the blocking unit's: the
 * prediction says so and counts it.
 */
#define RECORD_UNEVEN 1.15

int record_init(struct record *r, const struct record_config *cfg,
    char *err, size_t errlen);
void record_free(struct record *r);
int record_add_line(struct record *r, enum line_kind kind, uint32_t id,
    int64_t us);
/* Keep one heartbeat tick's time; -1 without memory (the tick still counts). */
int record_add_tick(struct record *r, int64_t us);
int64_t record_task_waited(const struct record *r, uint32_t id);
const unsigned char *record_task_key(const struct record *r, uint32_t id);
void record_summarize(const struct record *r, struct record_summary *s);
double record_one_unit_ms(const struct record *r);
double record_unit_factor(const struct record *r, double t_ms);
double record_expected_units(const struct record *r, double avail);
uint64_t record_lanes(const struct record_config *c, unsigned cpus);
uint64_t record_busy(const struct record_config *c);
double record_usable(const struct record *r);
unsigned record_cpus(const struct record *r);
double record_available(const struct record *r);
void record_facts(const struct record *r, struct machine_facts *f);

double us_to_ms(int64_t us);
const char *probe_name(enum probe_kind k);
enum task_kind record_task_kind(const struct record *r, uint32_t id);
const char *task_kind_name(enum task_kind k);
/*
 * The blocking work of blocked and offload, in units: one more than a
 * worker has to run (ceil(calls / pool) + 1), so the block outlasts the
 * pool, and fixed by the options, so both scenarios do the same work.
 */
uint64_t record_block_units(const struct record_config *c);
const char *record_task_noun(const struct record *r, uint32_t id);	/* "hash", "lookup", "read" */
/* The work's unit for n of them, "hash" or "hashes"; pbkdf2's where the record names none. */
const char *record_unit(const struct record *r, uint64_t n);
const char *record_unit_doing(const struct record *r);	/* "hashing" */
void record_io_summarize(const struct record *r, struct record_io_summary *s);

#endif
