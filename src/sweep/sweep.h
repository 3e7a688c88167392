/* sweep: run the experiment over a grid of pool sizes and call counts. */
#ifndef POOLVIZ_SWEEP_H
#define POOLVIZ_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/record.h"
#include "work/work.h"

#define SWEEP_RUNS_MAX		10000	/* children in one sweep: points x repeat */
#define SWEEP_REPEAT_MAX	100
#define SWEEP_POOLS_DEFAULT	"1,2,4,8"
#define SWEEP_CALLS_DEFAULT	"8"

/* What the sweep runs: the grid, and what every child is given. */
struct sweep_config {
	uint64_t *pools;	/* ascending, each value once */
	size_t npools;
	uint64_t *calls;	/* ascending, each value once */
	size_t ncalls;
	unsigned repeat;	/* runs per point */
	/*
	 * The work: its kind and parameters, keylen the one it uses, and its
	 * description for the headings. Zeroed, it is pbkdf2.
	 */
	struct work_params work;
	struct record_work desc;
	/*
	 * --scenario NAME, for a scenario of lookups and reads (dns), or
	 * NULL: the children run with --no-sync.
	 */
	const char *scenario;
	/* --hash-ms: the target the parent calibrated the work to, or 0. */
	uint64_t hash_ms;
};

/* The machine, as the children report it. */
struct sweep_machine {
	unsigned cpus;
	char libuv[32];
	char openssl[64];
};

/* One run of one point: what one child's JSON says. */
struct sweep_run {
	double makespan_ms;	/* summary.makespan_ms */
	double parallelism;	/* summary.parallelism */
	double one_hash_ms;	/* T: the median of tasks[].cpu_ms, 0 with no task */
	/* load: what others and steal took (other + steal) and what was left */
	bool load_known;
	double other_cpus;
	double available_cpus;
	bool disturbed;		/* other + steal above BUSY_NOTICE_CPUS */
	/* The dns scenario: summary.max_concurrent_dns and fs_at_max_dns, or -1. */
	double max_dns, fs_at_max_dns;
};

/* A disturbed run is made again up to this many times before it is kept. */
#define SWEEP_REDO_MAX	2

/*
 * Whether runs that others disturbed are made again (sweep_redo). A spell
 * of load passes, and a run made again after it measures the pool; a
 * steady load does not, and re-runs then triple a sweep's time for runs
 * as disturbed as the first. So once a run has stayed disturbed through
 * its SWEEP_REDO_MAX re-runs, the load is taken as steady: later runs
 * are kept as they come, until one comes out quiet.
 */
struct sweep_redo {
	unsigned redos;		/* the current run's re-runs so far */
	bool steady;		/* a run stayed disturbed through its re-runs */
};

/* One point of the grid: medians over its runs. */
struct sweep_point {
	unsigned pool;
	uint64_t calls;
	double makespan_ms;
	double one_hash_ms;	/* T, as this point's runs measured it */
	/*
	 * The T its prediction uses: one for the whole sweep (the first
	 * point that ran a hash), so that a prediction never rises with the
	 * pool because one point measured a slower hash than another.
	 */
	double law_t_ms;
	/* calls x T / makespan; has_speedup is false when that is 0 / 0 */
	double speedup;
	bool has_speedup;
	double parallelism;
	uint64_t expected_waves;/* ceil(calls / min(pool, cpus)) */
	unsigned runs;
	/*
	 * Runs others disturbed, kept after their re-runs (sweep_redo); the point
	 * is disturbed when any of its kept runs was. other_cpus and
	 * available_cpus are medians over the runs that know their load.
	 */
	unsigned disturbed_runs;
	bool disturbed;
	bool load_known;
	double other_cpus;
	double available_cpus;
	/* A dns sweep: the medians of the runs' lookups and reads at once. */
	bool io;
	double max_dns, fs_at_max_dns;
	unsigned dns_cap;	/* libuv's (pool + 1) / 2 */
};

/*
 * A finished sweep: every point, ordered by calls, then by pool, so that
 * each call count's points sit together, pool sizes ascending.
 */
struct sweep_result {
	const struct sweep_config *config;
	struct sweep_machine machine;
	struct sweep_point *points;
	size_t npoints;
	double law_t_ms;	/* the T of every prediction; 0 with no hash */
};

/* argv[0] is "sweep"; returns the process's exit status. */
int sweep_main(int argc, char **argv);

#endif
