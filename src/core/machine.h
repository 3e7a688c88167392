/* machine: what the machine gave a run: its CPUs, a quota, and what others took. */
#ifndef POOLVIZ_MACHINE_H
#define POOLVIZ_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Every file is read under a root directory: "" or "/" for the real system,
 * or a fixture tree such as "tests/fixtures/machine/v2-nested" that holds
 * proc/stat, proc/self/cgroup and sys/fs/cgroup/... . A file that does not
 * exist makes the facts it carries unknown; nothing here fails a run.
 */

#define MACHINE_MAX_CPUS	4096	/* CPU indices beyond this are ignored */
#define MACHINE_PATH_MAX	1024

/* The CPUs a process may run on: its affinity mask. */
struct machine_cpus {
	int count;			/* CPUs in the mask; 0: unknown */
	uint64_t mask[MACHINE_MAX_CPUS / 64];
};

enum machine_cgroup {
	MACHINE_CGROUP_NONE,		/* no cgroup CPU controller found */
	MACHINE_CGROUP_V1,		/* cpu.cfs_quota_us / cpu.cfs_period_us */
	MACHINE_CGROUP_V2,		/* cpu.max */
};

/* The CPU quota: the tightest quota/period over the cgroup and its parents. */
struct machine_quota {
	enum machine_cgroup cgroup;
	bool limited;			/* a quota applies anywhere up the tree */
	double cpus;			/* quota/period when limited, else 0 */
	double period_ms;		/* its period: a throttled cgroup waits up to that */
	/* cpu.stat of the cgroup that holds the quota (else the process's own
	 * cgroup), full path under the root; "" when there is none. */
	char stat_path[MACHINE_PATH_MAX];
};

/* What the machine gives this process, read once before the runs. */
struct machine_facts {
	char root[MACHINE_PATH_MAX];	/* "" for the real system */
	struct machine_cpus cpus;
	struct machine_quota quota;
	double usable_cpus;		/* min(affinity, quota); 0: unknown */
};

/*
 * One reading, taken at the start and at the end of a run. CPU time is in
 * clock ticks as /proc/stat gives it, summed over the CPUs in the mask.
 */
struct machine_snap {
	double wall_s;			/* CLOCK_MONOTONIC */
	double own_cpu_s;		/* this process, every thread */
	bool stat_known;		/* /proc/stat had every CPU of the mask */
	uint64_t busy_ticks;		/* user nice system irq softirq */
	uint64_t steal_ticks;
	long ticks_per_s;		/* sysconf(_SC_CLK_TCK) */
	bool throttled_known;		/* cpu.stat had the throttled time */
	uint64_t throttled_us;
};

/* What the machine gave one run, averaged over its wall time. */
struct machine_load {
	double wall_s;
	bool cpu_known;			/* the three fields below */
	double other_cpus;		/* other processes on the mask's CPUs */
	double steal_cpus;		/* the hypervisor's steal on them */
	double available_cpus;		/* what was left for this run */
	bool throttled_known;
	double throttled_ms;
	/*
	 * How long the whole process was stopped (SIGSTOP, a frozen cgroup)
	 * while the pool worked, from its sampler (core/demand.c); a set's
	 * is the total over its runs, since any stop spoils a verdict.
	 */
	bool stopped_known;
	double stopped_ms;
	/* The runs it is the median of (stats_load_of); 0: one run's own. */
	unsigned runs;
};

/* --- the CPUs ------------------------------------------------------------ */

/* This process's affinity mask (sched_getaffinity); 0, or -1 with errno. */
int machine_cpus_affinity(struct machine_cpus *c);
/* A mask from a list of CPU indices, for tests and overrides. */
void machine_cpus_set(struct machine_cpus *c, const int *list, int n);
bool machine_cpus_has(const struct machine_cpus *c, int cpu);
/* The CPU indices in the mask, ascending; returns how many (at most max). */
int machine_cpus_list(const struct machine_cpus *c, int *out, int max);

/* --- the quota ------------------------------------------------------------ */

/*
 * Read <root>/proc/self/cgroup and the cgroup files it points at. Never
 * fails: without a cgroup the quota is MACHINE_CGROUP_NONE, not limited.
 */
void machine_quota_read(struct machine_quota *q, const char *root);
const char *machine_cgroup_name(enum machine_cgroup g);	/* "cgroup v1" */

/* --- the facts ------------------------------------------------------------ */

/* Affinity, quota and usable CPUs. 0, or -1 if the affinity is unknown
 * (or the root is too long: then nothing is read). */
int machine_facts_read(struct machine_facts *f, const char *root);
/* Replace the affinity mask (tests, or a caller that knows better). */
void machine_facts_set_cpus(struct machine_facts *f, const int *list, int n);

/* --- readings and load ---------------------------------------------------- */

/* Busy and steal ticks over the mask from /proc/stat text; 0, or -1 when
 * a CPU of the mask has no line. */
int machine_stat_parse(const char *text, const struct machine_cpus *c,
    uint64_t *busy, uint64_t *steal);
/* The throttled time in cpu.stat text, in microseconds; 0, or -1. */
int machine_throttled_parse(const char *text, enum machine_cgroup g,
    uint64_t *us);
/* A few reads: /proc/stat, cpu.stat, two clocks. */
void machine_snap_take(struct machine_snap *s, const struct machine_facts *f);
/* The load between two readings of the same facts. */
void machine_load_compute(struct machine_load *l,
    const struct machine_facts *f, const struct machine_snap *start,
    const struct machine_snap *end);
/*
 * Set l's stop: stopped_ms, the time the sampler saw no thread of the
 * process run or wait, less what its quota's throttling explains.
 */
void machine_load_stopped(struct machine_load *l, bool known,
    double stopped_ms);

#endif
