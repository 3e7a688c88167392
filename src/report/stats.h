/* stats: median, min and max of each summary metric over repeated runs. */
#ifndef POOLVIZ_STATS_H
#define POOLVIZ_STATS_H

#include <stddef.h>

#include "core/record.h"

enum stats_metric {
	STAT_SYNC_MS,
	STAT_MAKESPAN_MS,
	STAT_MEAN_TASK_MS,
	STAT_PARALLELISM,
	STAT_MAX_LAG_MS,
	STAT_MAKESPAN_OVER_HASH,	/* makespan over one hash */
	STAT_ONE_HASH_MS,
	STAT_COUNT,
};

struct stats_value {
	double median, min, max;
};

struct stats {
	size_t runs;
	struct stats_value v[STAT_COUNT];
};

const char *stats_name(enum stats_metric m);
double stats_metric_of(const struct record_summary *s, enum stats_metric m);
int stats_compute(struct stats *st, const struct record *runs, size_t n);
double stats_median(double *v, size_t n);
double stats_median_of(const struct record *runs, size_t n,
    double (*get)(const struct record *));
/*
 * What the machine gave a set of runs, the one figure every summary of
 * the set shows (text, JSON, Markdown, JUnit, a baseline's machine): the
 * median over the runs of each part of their loads, each part known only
 * where every run's was; available is what others left, capped by the
 * usable CPUs (record_available). l->runs is n.
 */
void stats_load_of(struct machine_load *l, const struct record *runs,
    size_t n);

#endif
