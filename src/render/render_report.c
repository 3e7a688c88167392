/* render_report: what --repeat, --check and --baseline add to a run's output. */
#include <stdio.h>

#include "render/render_json.h"
#include "render/render_report.h"
#include "render/render_util.h"

static json_t *
stats_json(const struct stats *st, int *bad)
{
	json_t *o = json_object();

	for (int m = 0; m < STAT_COUNT; m++) {
		json_t *v = json_object();

		/* Microseconds, as every time in the document. */
		render_jset(v, "median", json_real(render_round_us(st->v[m].median)), bad);
		render_jset(v, "min", json_real(render_round_us(st->v[m].min)), bad);
		render_jset(v, "max", json_real(render_round_us(st->v[m].max)), bad);
		render_jset(o, stats_name((enum stats_metric)m), v, bad);
	}
	return o;
}

static json_t *
checks_json(const struct checks *cs, int *bad)
{
	json_t *a = json_array();

	for (size_t i = 0; i < cs->n; i++) {
		const struct check_result *c = &cs->c[i];
		json_t *o = json_object();

		render_jset(o, "name", json_string(c->name), bad);
		render_jset(o, "ok", json_boolean(c->ok), bad);
		render_jset(o, "measured", json_real(c->measured), bad);
		render_jset(o, "cmp", json_string(c->cmp == CHECK_EQ ? "==" :
		    check_cmp_text(c->cmp)), bad);
		render_jset(o, "bound", json_real(c->bound), bad);
		render_jappend(a, o, bad);
	}
	return a;
}

static json_t *
comparison_json(const struct report *rp, int *bad)
{
	json_t *o = json_object(), *a = json_array();

	render_jset(o, "tolerance_pct", json_real(rp->tolerance_pct), bad);
	render_jset(o, "baseline_cpus", json_integer(rp->base->cpus), bad);
	render_jset(o, "cpus", json_integer(rp->now->cpus), bad);
	for (int m = 0; m < BASE_COUNT; m++) {
		const struct baseline_row *row = &rp->rows[m];
		json_t *r = json_object();

		render_jset(r, "name", json_string(baseline_name(row->metric)), bad);
		render_jset(r, "baseline", json_real(row->base), bad);
		render_jset(r, "now", json_real(row->now), bad);
		render_jset(r, "change_pct", json_real(row->change_pct), bad);
		render_jset(r, "verdict", json_string(
		    baseline_verdict_name(row->verdict)), bad);
		render_jappend(a, r, bad);
	}
	render_jset(o, "metrics", a, bad);
	return o;
}

/*
 * The last run's document, as a single run prints it, with what the
 * options asked for besides: every run and their statistics, the checks,
 * the comparison with a baseline, the metrics a baseline keeps.
 */
json_t *
render_report_json(const struct report *rp)
{
	json_t *doc = render_json_record(&rp->runs[rp->nruns - 1]);
	int bad = doc == NULL;

	if (rp->with_runs) {
		json_t *a = json_array();

		for (size_t i = 0; i < rp->nruns; i++)
			render_jappend(a, render_json_record(&rp->runs[i]), &bad);
		render_jset(doc, "runs", a, &bad);
		render_jset(doc, "stats", stats_json(rp->stats, &bad), &bad);
	}
	if (rp->checks != NULL)
		render_jset(doc, "checks", checks_json(rp->checks, &bad), &bad);
	if (rp->base != NULL)
		render_jset(doc, "comparison", comparison_json(rp, &bad), &bad);
	if (rp->include_baseline)
		render_jset(doc, "baseline", baseline_json(rp->now), &bad);
	if (bad) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

int
render_report_json_file(FILE *f, const struct report *rp)
{
	return render_json_dump(f, render_report_json(rp));
}

static int
stats_text(FILE *f, const struct report *rp)
{
	if (fprintf(f, "%zu runs", rp->nruns) < 0 ||
	    (rp->warmup > 0 && fprintf(f, " after %zu warm-up", rp->warmup) < 0) ||
	    fprintf(f, ":\n%-20s %12s %12s %12s\n", "metric", "median", "min",
	    "max") < 0)
		return -1;
	for (int m = 0; m < STAT_COUNT; m++)
		if (fprintf(f, "%-20s %12.3f %12.3f %12.3f\n",
		    stats_name((enum stats_metric)m), rp->stats->v[m].median,
		    rp->stats->v[m].min, rp->stats->v[m].max) < 0)
			return -1;
	return 0;
}

/* "check makespan_max: ok measured=1290.301 expected=<=1603.500" */
static int
checks_text(FILE *f, const struct checks *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		const struct check_result *c = &cs->c[i];

		/* An exact check counts things: whole numbers read better. */
		int prec = c->cmp == CHECK_EQ ? 0 : 3;

		if (fprintf(f, "check %s: %s measured=%.*f expected=%s%.*f\n",
		    c->name, c->ok ? "ok" : "FAIL", prec, c->measured,
		    check_cmp_text(c->cmp), prec, c->bound) < 0)
			return -1;
	}
	return 0;
}

static int
comparison_text(FILE *f, const struct report *rp)
{
	if (fprintf(f, "%-22s %10s %10s %9s  %s\n", "metric", "baseline", "now",
	    "change", "verdict") < 0)
		return -1;
	for (int m = 0; m < BASE_COUNT; m++) {
		const struct baseline_row *row = &rp->rows[m];

		if (fprintf(f, "%-22s %10.3f %10.3f %+8.1f%%  %s\n",
		    baseline_name(row->metric), row->base, row->now,
		    row->change_pct, baseline_verdict_name(row->verdict)) < 0)
			return -1;
	}
	if (rp->base->cpus != rp->now->cpus &&
	    fprintf(f, "The baseline had %u CPUs and this machine has %u: the "
	    "metrics are per wave and per lane, so they still compare.\n",
	    rp->base->cpus, rp->now->cpus) < 0)
		return -1;
	return fprintf(f, "Tolerance %.0f%%: a metric worse by more than that "
	    "regressed.\n", rp->tolerance_pct) < 0 ? -1 : 0;
}

/* What text mode prints after the lines (and the chart). */
int
render_report_text(FILE *f, const struct report *rp)
{
	if (rp->with_runs && rp->nruns > 1 && stats_text(f, rp) != 0)
		return -1;
	if (rp->checks != NULL && checks_text(f, rp->checks) != 0)
		return -1;
	if (rp->base != NULL && comparison_text(f, rp) != 0)
		return -1;
	return 0;
}
