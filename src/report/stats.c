/* stats: summarise repeated runs, metric by metric. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report/stats.h"

const char *
stats_name(enum stats_metric m)
{
	static const char *const names[STAT_COUNT] = {
		"sync_ms", "makespan_ms", "mean_task_ms", "parallelism",
		"max_lag_ms", "makespan_over_hash", "one_hash_ms",
	};

	return m < STAT_COUNT ? names[m] : "?";
}

double
stats_metric_of(const struct record_summary *s, enum stats_metric m)
{
	switch (m) {
	case STAT_SYNC_MS:
		return s->sync_ms;
	case STAT_MAKESPAN_MS:
		return s->makespan_ms;
	case STAT_MEAN_TASK_MS:
		return s->mean_task_ms;
	case STAT_PARALLELISM:
		return s->parallelism;
	case STAT_MAX_LAG_MS:
		return s->max_lag_ms;
	case STAT_MAKESPAN_OVER_HASH:
		return s->one_hash_ms > 0 ? s->makespan_ms / s->one_hash_ms : 0;
	case STAT_ONE_HASH_MS:
		return s->one_hash_ms;
	case STAT_COUNT:
		break;
	}
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n), sorting v in place; 0 when n is 0. */
double
stats_median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * The median of get(run) over the n runs, leaving out the runs where get
 * says NaN (not known); 0 when no run's is known. Should memory run out
 * for more than 64 runs, the last run's.
 */
double
stats_median_of(const struct record *runs, size_t n,
    double (*get)(const struct record *))
{
	double buf[64], *v = n <= 64 ? buf : calloc(n, sizeof(*v)), m;
	size_t k = 0;

	if (v == NULL) {
		m = get(&runs[n - 1]);
		return isnan(m) ? 0 : m;
	}
	for (size_t i = 0; i < n; i++) {
		double x = get(&runs[i]);

		if (!isnan(x))
			v[k++] = x;
	}
	m = stats_median(v, k);
	if (v != buf)
		free(v);
	return m;
}

static double get_other(const struct record *r) { return r->load.other_cpus; }
static double get_steal(const struct record *r) { return r->load.steal_cpus; }
static double get_throttled(const struct record *r) { return r->load.throttled_ms; }
static double get_wall(const struct record *r) { return r->load.wall_s; }

void
stats_load_of(struct machine_load *l, const struct record *runs, size_t n)
{
	bool cpu = n > 0, thr = n > 0;

	memset(l, 0, sizeof(*l));
	l->runs = (unsigned)n;
	for (size_t i = 0; i < n; i++) {
		cpu &= runs[i].load.cpu_known;
		thr &= runs[i].load.throttled_known;
	}
	if (n == 0)
		return;
	l->wall_s = stats_median_of(runs, n, get_wall);
	if (cpu) {
		l->cpu_known = true;
		l->other_cpus = stats_median_of(runs, n, get_other);
		l->steal_cpus = stats_median_of(runs, n, get_steal);
		l->available_cpus = stats_median_of(runs, n, record_available);
	}
	if (thr) {
		l->throttled_known = true;
		l->throttled_ms = stats_median_of(runs, n, get_throttled);
	}
	/* Not a median: one run stopped is enough to spoil the set. */
	for (size_t i = 0; i < n; i++)
		if (runs[i].load.stopped_known) {
			l->stopped_known = true;
			l->stopped_ms += runs[i].load.stopped_ms;
		}
}

int
stats_compute(struct stats *st, const struct record *runs, size_t n)
{
	struct record_summary *s;
	double *v;

	memset(st, 0, sizeof(*st));
	st->runs = n;
	if (n == 0)
		return 0;
	s = calloc(n, sizeof(*s));
	v = calloc(n, sizeof(*v));
	if (s == NULL || v == NULL) {
		free(s);
		free(v);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		record_summarize(&runs[i], &s[i]);
	for (int m = 0; m < STAT_COUNT; m++) {
		for (size_t i = 0; i < n; i++)
			v[i] = stats_metric_of(&s[i], (enum stats_metric)m);
		st->v[m].median = stats_median(v, n);
		st->v[m].min = v[0];
		st->v[m].max = v[n - 1];
	}
	free(s);
	free(v);
	return 0;
}
