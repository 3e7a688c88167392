/* render_report: what --repeat, --check and --baseline add to a run's output. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/fmt.h"
#include "render/notes_machine.h"
#include "render/render_json.h"
#include "render/render_report.h"

static json_t *
stats_json(const struct stats *st, int *bad)
{
	json_t *o = json_object();

	for (int m = 0; m < STAT_COUNT; m++) {
		json_t *v = json_object();

		/* Microseconds, as every time in the document. */
		jsonw_set(v, "median", json_real(fmt_round_us(st->v[m].median)), bad);
		jsonw_set(v, "min", json_real(fmt_round_us(st->v[m].min)), bad);
		jsonw_set(v, "max", json_real(fmt_round_us(st->v[m].max)), bad);
		jsonw_set(o, stats_name((enum stats_metric)m), v, bad);
	}
	return o;
}

static json_t *
checks_json(const struct report *rp, int *bad)
{
	const struct checks *cs = rp->checks;
	json_t *a = json_array();

	for (size_t i = 0; i < cs->n; i++) {
		const struct check_result *c = &cs->c[i];
		json_t *o = json_object();

		jsonw_set(o, "name", json_string(c->name), bad);
		jsonw_set(o, "ok", json_boolean(c->ok), bad);
		jsonw_set(o, "measured", json_real(c->measured), bad);
		jsonw_set(o, "cmp", json_string(c->cmp == CHECK_EQ ? "==" :
		    check_cmp_text(c->cmp)), bad);
		jsonw_set(o, "bound", json_real(c->bound), bad);
		jsonw_set(o, "verdict", json_string(verdict_name(
		    report_check_verdict(rp, i))), bad);
		if (!c->judged)
			jsonw_set(o, "reason", json_string(c->why), bad);
		jsonw_append(a, o, bad);
	}
	return a;
}

static json_t *
finite_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *
comparison_json(const struct report *rp, int *bad)
{
	json_t *o = json_object(), *a = json_array();

	jsonw_set(o, "tolerance_pct", json_real(rp->tolerance_pct), bad);
	jsonw_set(o, "baseline_cpus", json_integer(rp->base->cpus), bad);
	jsonw_set(o, "cpus", json_integer(rp->now->cpus), bad);
	/* Side by side: each machine's facts and load, and its metrics. */
	jsonw_set(o, "baseline", baseline_json(rp->base), bad);
	jsonw_set(o, "now", baseline_json(rp->now), bad);
	for (int m = 0; m < BASE_COUNT; m++) {
		const struct baseline_row *row = &rp->rows[m];
		json_t *r = json_object();

		jsonw_set(r, "name", json_string(baseline_name(row->metric)), bad);
		/* null where a number cannot be written: never half a document. */
		jsonw_set(r, "baseline", finite_or_null(row->base), bad);
		jsonw_set(r, "now", finite_or_null(row->now), bad);
		jsonw_set(r, "change_pct", finite_or_null(row->change_pct), bad);
		jsonw_set(r, "verdict", json_string(
		    baseline_verdict_name(row->verdict)), bad);
		jsonw_append(a, r, bad);
	}
	jsonw_set(o, "metrics", a, bad);
	return o;
}

/* The verdict's reasons: short strings, such as "makespan_max". */
static json_t *
reasons_json(const struct report *rp, int *bad)
{
	json_t *a = json_array();

	for (size_t i = 0; i < rp->nreasons; i++)
		jsonw_append(a, jsonw_string(rp->reasons[i], REPORT_REASON_LEN),
		    bad);
	return a;
}

/*
 * The last run's document, as a single run prints it, with what the
 * options asked for besides: every run and their statistics, the checks,
 * the comparison with a baseline, the metrics a baseline keeps. Written
 * as it is walked, one run at a time.
 */
int
render_report_json_file(FILE *f, const struct report *rp)
{
	struct jsonw w;
	json_t *o;
	int bad = 0;

	jsonw_init(&w, f);
	jsonw_object(&w, NULL);
	render_json_members(&w, report_shown(rp));
	if (rp->with_runs) {
		jsonw_put(&w, "runs_requested",
		    json_integer((json_int_t)rp->runs_requested));
		jsonw_put(&w, "runs_done", json_integer((json_int_t)rp->nruns));
		/* Interrupted: the stats and checks judge fewer runs than asked. */
		if (rp->partial)
			jsonw_put(&w, "partial", json_true());
		if (rp->budget_cut)
			jsonw_put(&w, "budget_cut", json_true());
		jsonw_array(&w, "runs");
		for (size_t i = 0; i < rp->nruns; i++) {
			jsonw_object(&w, NULL);
			render_json_members(&w, &rp->runs[i]);
			jsonw_close(&w);
		}
		jsonw_close(&w);
		o = stats_json(rp->stats, &bad);
		jsonw_put(&w, "stats", jsonw_checked(o, bad));
	}
	if (rp->checks != NULL) {
		o = checks_json(rp, &bad);
		jsonw_put(&w, "checks", jsonw_checked(o, bad));
	}
	if (rp->base != NULL) {
		o = comparison_json(rp, &bad);
		jsonw_put(&w, "comparison", jsonw_checked(o, bad));
	}
	if (rp->retries_asked)
		jsonw_put(&w, "retries_used", json_integer(rp->retries_used));
	if (rp->judged) {
		jsonw_put(&w, "verdict", json_string(verdict_name(rp->verdict)));
		o = reasons_json(rp, &bad);
		jsonw_put(&w, "reasons", jsonw_checked(o, bad));
	}
	if (rp->include_baseline)
		jsonw_put(&w, "baseline", baseline_json(rp->now));
	jsonw_close(&w);
	return jsonw_end(&w);
}

static int
stats_text(FILE *f, const struct report *rp)
{
	bool partial = rp->nruns < rp->runs_requested;

	if ((partial && fprintf(f, "%zu of ", rp->nruns) < 0) ||
	    fprintf(f, "%zu runs", partial ? rp->runs_requested : rp->nruns) < 0 ||
	    (rp->warmup > 0 && fprintf(f, " after %zu warm-up", rp->warmup) < 0) ||
	    (partial && fputs(rp->budget_cut ? " (cut by the retry budget)" :
	    " (interrupted)", f) == EOF) ||
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

		if (!c->judged) {
			if (fprintf(f, "check %s: not judged (%s)\n", c->name,
			    c->why) < 0)
				return -1;
			continue;
		}
		if (fprintf(f, "check %s: %s measured=%.*f expected=%s%.*f\n",
		    c->name, c->ok ? "ok" : "FAIL", prec, c->measured,
		    check_cmp_text(c->cmp), prec, c->bound) < 0)
			return -1;
	}
	return 0;
}

/* "2 CPUs (no quota), others took 1.0 CPU" */
void
render_report_machine_words(char *buf, size_t len, const struct baseline *b)
{
	const struct baseline_machine *m = &b->machine;
	char quota[48] = "no quota", other[48] = "";

	if (!m->known) {
		snprintf(buf, len, "%u %s (not recorded)", b->cpus,
		    fmt_plural(b->cpus, "CPU", "CPUs"));
		return;
	}
	if (m->quota_limited)
		snprintf(quota, sizeof(quota), "a quota of %.1f", m->quota_cpus);
	if (m->load_known)
		snprintf(other, sizeof(other), ", others took %.1f CPU",
		    m->other_cpus + m->steal_cpus);
	snprintf(buf, len, "%u %s (%s)%s", b->cpus, fmt_plural(b->cpus, "CPU",
	    "CPUs"), quota, other);
}

/* "machine: baseline 2 CPUs (no quota), others took 0.0 CPU; now ..." */
static int
machine_line(FILE *f, const struct baseline *base, const struct baseline *now)
{
	char was[128], is[128];

	render_report_machine_words(was, sizeof(was), base);
	render_report_machine_words(is, sizeof(is), now);
	return fprintf(f, "machine: baseline %s; now %s\n", was, is) < 0 ?
	    -1 : 0;
}

static int
comparison_text(FILE *f, const struct report *rp)
{
	if (fprintf(f, "%-22s %10s %10s %9s  %s\n", "metric", "baseline", "now",
	    "change", "verdict") < 0)
		return -1;
	for (int m = 0; m < BASE_COUNT; m++) {
		const struct baseline_row *row = &rp->rows[m];
		char b[32], n[32], c[32];

		/* fmt_num3: an absurd baseline still fits its column. */
		if (fprintf(f, "%-22s %10s %10s %9s  %s\n",
		    baseline_name(row->metric), fmt_num3(b, row->base),
		    fmt_num3(n, row->now), fmt_pct(c, row->change_pct, 1),
		    baseline_verdict_name(row->verdict)) < 0)
			return -1;
	}
	if (rp->base->cpus != rp->now->cpus &&
	    fprintf(f, "The baseline had %u CPUs and this machine has %u: the "
	    "metrics are per wave and per lane, so they still compare.\n",
	    rp->base->cpus, rp->now->cpus) < 0)
		return -1;
	if (machine_line(f, rp->base, rp->now) != 0)
		return -1;
	return fprintf(f, "Tolerance %.0f%%: a metric worse by more than that "
	    "regressed.\n", rp->tolerance_pct) < 0 ? -1 : 0;
}

/*
 * What the machine gave the runs, where it matters to a verdict: a quota
 * that set the lanes, and other work or steal that took a noticeable
 * share. With why a verdict is inconclusive when why is set; else, for
 * a report whose verdict line is next to it, only what to do about it.
 */
int
render_report_machine_text(FILE *f, const struct report *rp, bool why)
{
	char buf[400];
	unsigned lanes = record_cpus(report_last(rp));

	if (machine_text_quota(buf, sizeof(buf), &rp->facts, &rp->load,
	    &rp->machine) > 0 && fprintf(f, "%s The checks expect %u %s.\n",
	    buf, lanes, lanes == 1 ? "lane" : "lanes") < 0)
		return -1;
	if (machine_text_too_busy(buf, sizeof(buf), &rp->facts, &rp->load,
	    &rp->machine, &report_last(rp)->config.work) > 0) {
		if (fprintf(f, "%s\n", buf) < 0)
			return -1;
	} else if (machine_text_load(buf, sizeof(buf), &rp->facts, &rp->load,
	    &rp->machine, &report_last(rp)->config.work) > 0 &&
	    fprintf(f, "%s\n", buf) < 0)
		return -1;
	if (rp->verdict != VERDICT_INCONCLUSIVE)
		return 0;
	if (why && fprintf(f, "Inconclusive: %s. ", rp->nreasons > 0 ?
	    rp->reasons[rp->nreasons - 1] : "the machine was too busy to "
	    "judge") < 0)
		return -1;
	/* Never advise --retries to whoever gave it. */
	return fprintf(f, "Run it again on a quieter machine%s.\n",
	    rp->retries_asked ? "" : ", or with --retries") < 0 ? -1 : 0;
}

/* What text mode prints after the lines (and the chart). */
int
render_report_text(FILE *f, const struct report *rp)
{
	bool partial = rp->nruns < rp->runs_requested;

	if (rp->with_runs && (rp->nruns > 1 || partial) && stats_text(f, rp) != 0)
		return -1;
	if (rp->checks != NULL && partial && fprintf(f, "The checks below "
	    "judge a partial set: %zu of %zu runs.\n", rp->nruns,
	    rp->runs_requested) < 0)
		return -1;
	if (rp->checks != NULL && checks_text(f, rp->checks) != 0)
		return -1;
	if (rp->base != NULL && comparison_text(f, rp) != 0)
		return -1;
	if (rp->judged && render_report_machine_text(f, rp, true) != 0)
		return -1;
	return 0;
}

int
render_report_json_output(FILE *f, const struct report *rp,
    const struct render_style *st)
{
	(void)st;
	return render_report_json_file(f, rp);
}

int
render_report_baseline_output(FILE *f, const struct report *rp,
    const struct render_style *st)
{
	struct report with = *rp;

	(void)st;
	with.include_baseline = true;
	return render_report_json_file(f, &with);
}
