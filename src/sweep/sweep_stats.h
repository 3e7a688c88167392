/* sweep_stats: a child's JSON in, medians and the law they follow out. */
#ifndef POOLVIZ_SWEEP_STATS_H
#define POOLVIZ_SWEEP_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/verdict.h"
#include "sweep/skim.h"
#include "sweep/sweep.h"

int sweep_child_parse_skim(struct skim *sk, unsigned pool, uint64_t calls,
    struct sweep_run *run, struct sweep_machine *m, char *err,
    size_t errlen);
int sweep_child_parse(const char *json, size_t len, unsigned pool,
    uint64_t calls, struct sweep_run *run, struct sweep_machine *m,
    char *err, size_t errlen);
uint64_t sweep_expected_waves(uint64_t calls, unsigned pool, unsigned cpus);
void sweep_point_make(struct sweep_point *p, unsigned pool, uint64_t calls,
    unsigned cpus, const struct sweep_run *runs, size_t n);
double sweep_predicted_ms(const struct sweep_point *p);
double sweep_law_t(const struct sweep_point *points, size_t n);
void sweep_result_law_t(struct sweep_result *r);
bool sweep_ratio(const struct sweep_point *p, double *ratio);

/*
 * How well the points follow makespan = expected_waves x T: over the
 * points with a prediction, the range of measured / predicted and the
 * point furthest from 1, and the range of T.
 */
/* Within this of 1, measured / predicted is taken to follow the law. */
#define SWEEP_LAW_TOLERANCE	0.25

struct sweep_law {
	size_t compared;	/* points with a prediction; the rest is 0 without one */
	double min_ratio, max_ratio;
	size_t worst;		/* index into points */
	double worst_ratio;
	double min_t_ms, max_t_ms;
};

void sweep_law(const struct sweep_result *r, struct sweep_law *law);

/*
 * A point other work disturbed: where its children measured the load, as
 * they did (p->disturbed); else, as older children's JSON has none, when it
 * took more than the tolerance over its
 * prediction, and fewer hashes ran at once (under 0.8 of them) than the
 * pool, the CPUs and the calls allowed, so something else held the CPUs
 * (with room for one, under 0.8 of a CPU for the one).
 * Its verdict: ok within the tolerance (or with nothing to predict),
 * inconclusive when disturbed, else fail.
 */
uint64_t sweep_room(const struct sweep_point *p, unsigned cpus);
/*
 * A run has finished, disturbed or not: true to make it again, else it is
 * kept (and r is ready for the next run). See struct sweep_redo.
 */
bool sweep_redo(struct sweep_redo *r, bool disturbed);
bool sweep_point_disturbed(const struct sweep_point *p, unsigned cpus);
enum verdict sweep_point_verdict(const struct sweep_point *p, unsigned cpus);

#endif
