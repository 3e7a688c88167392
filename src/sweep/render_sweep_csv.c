/* render_sweep_csv: a sweep as CSV, one row per point. */
#include <inttypes.h>
#include <stdio.h>

#include "render/fmt.h"
#include "sweep/render_sweep.h"
#include "sweep/sweep_stats.h"

#define CELL	32

/*
 * The JSON points' fields, in their order, one row per point; numbers,
 * booleans and verdict names only, so nothing needs quoting. A speedup
 * or a ratio that is 0 / 0, and an unknown other_cpus, are empty.
 */
int
render_sweep_csv(FILE *f, const struct sweep_result *r)
{
	char speedup[CELL], ratio_s[CELL];
	double ratio;

	char other[CELL];

	bool io = r->config->scenario != NULL, bad;

	if (fputs("pool,calls,makespan_ms,predicted_ms,ratio,one_hash_ms,"
	    "speedup,parallelism,expected_waves,runs,other_cpus,disturbed,"
	    "verdict", f) == EOF || fputs(io ? ",max_concurrent_dns,"
	    "fs_at_max_dns,dns_cap\n" : "\n", f) == EOF)
		return -1;
	for (size_t i = 0; i < r->npoints; i++) {
		const struct sweep_point *p = &r->points[i];
		unsigned cpus = r->machine.cpus;

		if (p->has_speedup)
			snprintf(speedup, sizeof(speedup), "%.3f", p->speedup);
		else
			speedup[0] = '\0';
		if (sweep_ratio(p, &ratio))
			snprintf(ratio_s, sizeof(ratio_s), "%.3f", ratio);
		else
			ratio_s[0] = '\0';
		if (p->load_known)
			snprintf(other, sizeof(other), "%.2f", p->other_cpus);
		else
			other[0] = '\0';
		if (fprintf(f, "%u,%" PRIu64 ",%.3f,%.3f,%s,%.3f,%s,%.3f,%" PRIu64
		    ",%u,%s,%s,%s", p->pool, p->calls, fmt_round_us(p->makespan_ms),
		    fmt_round_us(sweep_predicted_ms(p)), ratio_s,
		    fmt_round_us(p->one_hash_ms), speedup, p->parallelism,
		    p->expected_waves, p->runs, other,
		    sweep_point_disturbed(p, cpus) ? "true" : "false",
		    verdict_name(sweep_point_verdict(p, cpus))) < 0)
			return -1;
		/* A dns sweep's columns: a point with no count leaves them empty. */
		if (io && p->io)
			bad = fprintf(f, ",%g,%g,%u\n", p->max_dns,
			    p->fs_at_max_dns, p->dns_cap) < 0;
		else if (io)
			bad = fprintf(f, ",,,%u\n", p->dns_cap) < 0;
		else
			bad = putc('\n', f) == EOF;
		if (bad)
			return -1;
	}
	return 0;
}
