/* baseline: a run's normalised metrics, saved, read back and compared. */
#ifndef POOLVIZ_BASELINE_H
#define POOLVIZ_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/record.h"
#include "report/stats.h"

/*
 * Ratios, so that a baseline from another machine still applies: each is
 * 1.0 where the pool behaves as it should, whatever the machine's speed
 * and CPU count (the CPUs enter through the expected waves and lanes).
 */
enum baseline_metric {
	BASE_MAKESPAN_PER_WAVE,		/* makespan / (waves * T') */
	BASE_PARALLELISM_PER_LANE,	/* parallelism / min(pool, cpus, calls) */
	BASE_MEAN_TASK_PER_HASH,	/* mean task / (T * CPU share) */
	BASE_MAX_LAG_MS,		/* absolute: a loop is as prompt anywhere */
	BASE_COUNT,
};

/*
 * The machine a baseline's metrics came from, so that a comparison can
 * show the two side by side. A baseline saved before poolviz read these
 * has known false; a null quota or load has its flag false.
 */
struct baseline_machine {
	bool known;
	unsigned affinity_cpus;
	bool quota_limited;
	double quota_cpus;
	double usable_cpus;
	bool load_known;
	double other_cpus, steal_cpus, available_cpus;
};

/*
 * What a baseline may hold. Its metrics are ratios near 1, or a lag in
 * ms: a value outside [BASELINE_METRIC_MIN, BASELINE_METRIC_MAX] was not
 * measured by --save-baseline, and a tiny one would make a change of
 * +inf% that no report can write. A baseline file is a few KiB, so the
 * read stops past BASELINE_FILE_MAX. A change is a finite percentage of
 * at most BASELINE_CHANGE_MAX, or NAN where it cannot be one (n/a, null).
 */
#define BASELINE_METRIC_MIN	1e-6
#define BASELINE_METRIC_MAX	1e6
#define BASELINE_FILE_MAX	(1024 * 1024)
#define BASELINE_CHANGE_MAX	1e9

struct baseline {
	struct record_config config;
	unsigned cpus;
	double m[BASE_COUNT];
	struct baseline_machine machine;
	/*
	 * The metrics' hash: what a pooled one cost (check_pooled_hash_ms),
	 * which a baseline says with "wave_hash": "pooled"; one saved before
	 * says nothing and divided by T, and a comparison with it does so too.
	 */
	bool wave_pooled;
	/* The poolviz that saved it: a comparison across versions says so. */
	char version[32];
};

enum baseline_verdict {
	BASE_VERDICT_OK,
	BASE_VERDICT_BETTER,
	BASE_VERDICT_REGRESSED,
};

struct baseline_row {
	enum baseline_metric metric;
	double base, now, change_pct;
	enum baseline_verdict verdict;
};

const char *baseline_name(enum baseline_metric m);
const char *baseline_verdict_name(enum baseline_verdict v);
void baseline_from(struct baseline *b, const struct record *r,
    const struct stats *st);
void baseline_from_avail(struct baseline *b, const struct record *runs,
    size_t n, const struct stats *st, double avail, bool wave_pooled);
json_t *baseline_json(const struct baseline *b);
int baseline_read(struct baseline *b, const char *path, char *err,
    size_t errlen);
int baseline_parse(struct baseline *b, const char *name, const char *buf,
    size_t len, char *err, size_t errlen);
int baseline_matches(const struct baseline *b, const struct record_config *c,
    char *err, size_t errlen);
size_t baseline_compare(const struct baseline *base, const struct baseline *now,
    double tolerance_pct, double lag_bound_ms,
    struct baseline_row rows[BASE_COUNT]);

#endif
