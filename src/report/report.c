/* report: statistics, checks and a baseline comparison of the runs; no I/O. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/*
 * What the machine gave the n measured runs (n > 0): the median of each
 * part of their loads, known only where every run's was, and the
 * judgement of that against the lanes the last run could use.
 */
void
report_machine_of(struct report *rp, const struct record *runs, size_t n)
{
	const struct record *last = &runs[n - 1];
	struct machine_load *l = &rp->load;

	record_facts(last, &rp->facts);
	stats_load_of(l, runs, n);
	/*
	 * The last run as the outputs show it: with a set of runs, under
	 * the set's load, so that no output shows a second figure for what
	 * others took.
	 */
	if (n > 1) {
		rp->shown = *last;
		rp->shown.load = *l;
	}
	busy_verdict_of(&rp->machine, &rp->facts, l, last->config.pool,
	    (unsigned)(last->config.calls < UINT32_MAX ? last->config.calls :
	    UINT32_MAX));
	/* A stop spoils a baseline as others' work does (judge_stopped). */
	rp->unfit = rp->machine.too_busy || rp->machine.disturbed ||
	    (l->stopped_known && l->stopped_ms > 0);
}

/*
 * "other processes used 1.1 of 2 CPUs", with the hypervisor's steal where
 * there was any: why a verdict could not be trusted. Its length, or 0.
 */
int
report_machine_why(char *buf, size_t len, const struct report *rp)
{
	const struct machine_load *l = &rp->load;
	int n = rp->facts.cpus.count, w;

	if (!l->cpu_known || len == 0)
		return 0;
	if (l->steal_cpus >= 0.05 && l->other_cpus >= 0.05)
		w = snprintf(buf, len, "other processes used %.1f and the "
		    "hypervisor stole %.1f of %d %s", l->other_cpus,
		    l->steal_cpus, n, n == 1 ? "CPU" : "CPUs");
	else if (l->steal_cpus >= 0.05)
		w = snprintf(buf, len, "the hypervisor stole %.1f of %d %s",
		    l->steal_cpus, n, n == 1 ? "CPU" : "CPUs");
	else
		w = snprintf(buf, len, "other processes used %.1f of %d %s",
		    l->other_cpus, n, n == 1 ? "CPU" : "CPUs");
	return w < 0 ? 0 : w;
}

/*
 * Whether others left the runs too few CPUs to tell a parallel pool from
 * a serial one, where a quiet machine could: a serial pool takes N hashes,
 * and the checks allow (1 + tol) max(W, N / A) of them. On a quiet
 * machine that is (1 + tol) W, below N, and a serial pool fails; once
 * others leave A <= 1 + tol CPUs, it passes, so a pass proves nothing.
 * The baseline's metrics are normalised by the same A, and are as blind.
 */
static bool
cannot_tell_serial(const struct report *rp)
{
	const struct record *last = report_last(rp);
	double tol = rp->tolerance_pct / 100.0, n = (double)last->config.calls;
	double avail = check_available(rp->runs, rp->nruns);
	struct record_summary s;

	if (rp->machine.lanes < 2 || !rp->machine.disturbed)
		return false;
	record_summarize(last, &s);
	/*
	 * n <= (1 + tol) x max(W, n / A) with n > (1 + tol) x W is A <= 1 +
	 * tol, where A is fewer than the lanes (else the expectation is W):
	 * compared at the precision the reason prints both (busy.h).
	 */
	avail = busy_cpus(avail);
	return n > (1 + tol) * (double)s.expected_waves && avail > 0 &&
	    avail < (double)record_lanes(&last->config, record_cpus(last)) &&
	    avail <= busy_cpus(1 + tol);
}

/* The runnable_workers check, when it was judged; else NULL. */
static const struct check_result *
demand_check(const struct report *rp)
{
	const struct check_result *c;

	if (rp->checks == NULL)
		return NULL;
	c = check_find((struct checks *)rp->checks, "runnable_workers");
	return c != NULL && c->judged ? c : NULL;
}

/*
 * With the pool's demand judged, the throughput checks are judged only
 * where the CPUs allow: where others left too few (too busy, or too few
 * to tell a serial pool by its makespan), makespan_max and makespan_min
 * say "not_judged" and why, and the run is judged on the rest.
 */
static void
throughput_where_cpus_allow(struct report *rp, struct checks *cs)
{
	static const char *const names[] = { "makespan_max", "makespan_min" };
	char why[120] = "the machine was busy";
	double a = check_available(rp->runs, rp->nruns);

	if (demand_check(rp) == NULL || !rp->load.cpu_known)
		return;
	if (!rp->machine.too_busy && !cannot_tell_serial(rp))
		return;
	report_machine_why(why, sizeof(why), rp);
	for (size_t i = 0; i < 2; i++) {
		struct check_result *c = check_find(cs, names[i]);

		if (c != NULL)
			check_not_judged(c, "%s, leaving %.2f: too few CPUs to "
			    "judge the pool by its throughput", why, a);
	}
	cs->all_ok = true;
	for (size_t i = 0; i < cs->n; i++)
		cs->all_ok &= cs->c[i].ok;
}

/*
 * Never cry wolf. A failure on a machine that others disturbed (more
 * than BUSY_NOTICE_CPUS) proves nothing: inconclusive. A run that
 * others left too little to judge (below BUSY_JUDGE_SHARE of its
 * lanes, or too few CPUs to tell a serial pool from a parallel one) is
 * inconclusive even where every check held, since it could not have
 * shown a pool that fails to run in parallel. A failure on a quiet
 * machine stays a failure.
 */
static void
judge_machine(struct report *rp)
{
	char why[120];
	bool blind;

	const struct check_result *demand = demand_check(rp);

	if (!rp->judged || !rp->load.cpu_known)
		return;
	if (rp->verdict == VERDICT_FAIL && !rp->machine.too_busy &&
	    !rp->machine.disturbed)
		return;
	/*
	 * Demand tells a serial pool whatever the CPUs: its failure stays a
	 * failure, and where it held, the throughput checks were judged only
	 * where the CPUs allowed, so a busy machine alone spoils nothing.
	 */
	if (demand != NULL && !demand->ok)
		return;
	if (demand != NULL && rp->verdict == VERDICT_PASS)
		return;
	blind = rp->verdict == VERDICT_PASS && !rp->machine.too_busy &&
	    cannot_tell_serial(rp);
	if (rp->verdict == VERDICT_PASS && !rp->machine.too_busy && !blind)
		return;
	rp->verdict = VERDICT_INCONCLUSIVE;
	report_machine_why(why, sizeof(why), rp);
	if (blind) {
		double a = busy_cpus(check_available(rp->runs, rp->nruns));
		double need = busy_cpus(1 + rp->tolerance_pct / 100.0);

		report_reason(rp, "%s, leaving %.*f CPUs: too few to tell a "
		    "parallel pool from a serial one (more than %.*f needed)",
		    why, BUSY_DIGITS, a, BUSY_DIGITS, need);
	} else if (rp->machine.too_busy) {
		double a = busy_cpus(rp->load.available_cpus);
		double need = busy_cpus(rp->machine.lanes * BUSY_JUDGE_SHARE);

		report_reason(rp, "%s, leaving %.*f CPUs, fewer than the %.*f "
		    "a verdict needs", why, BUSY_DIGITS, a, BUSY_DIGITS, need);
	} else
		report_reason(rp, "%s", why);
}

/*
 * Time the whole process was stopped (SIGSTOP, a frozen cgroup) is
 * neither others' work, which the busy rule sees, nor the pool's: no
 * thread ran and no one else did, yet the makespan and the lag grow as if
 * the pool were slow. A run with such a gap proves nothing either way:
 * inconclusive, saying how long, so that --retries measures it again.
 * Demand's failure stays one: its sampler did not look while stopped.
 */
static void
judge_stopped(struct report *rp)
{
	const struct check_result *demand = demand_check(rp);

	if (!rp->judged || !rp->load.stopped_known ||
	    !(rp->load.stopped_ms > 0))
		return;
	if (demand != NULL && !demand->ok)
		return;
	rp->verdict = VERDICT_INCONCLUSIVE;
	report_reason(rp, "the process was stopped for %.0f ms while the pool "
	    "worked, time that was no one's", rp->load.stopped_ms);
}

/*
 * Assemble s->rp from nruns runs, the first req->warmup of them not
 * measured (nruns > req->warmup). s must stay where it is while s->rp is
 * used. Fails only for want of memory.
 */
int
report_assemble(struct report_store *s, const struct record *runs,
    size_t nruns, const struct report_request *req, char *err, size_t errlen)
{
	struct report *rp = &s->rp;
	const struct record *last = &runs[nruns - 1];

	memset(s, 0, sizeof(*s));
	rp->runs = runs + req->warmup;
	rp->nruns = nruns - req->warmup;
	rp->warmup = req->warmup;
	rp->runs_requested = req->runs_requested > rp->nruns ?
	    req->runs_requested : rp->nruns;
	/*
	 * A run whose units a signal cancelled measured less than it was
	 * asked to: it is not counted, unless it is the only one, which the
	 * outputs still show, cut.
	 */
	rp->budget_cut = req->budget_cut_s > 0 &&
	    rp->nruns < rp->runs_requested;
	rp->budget_cut_s = req->budget_cut_s;
	rp->interrupted = (rp->nruns < rp->runs_requested &&
	    !rp->budget_cut) || runs[nruns - 1].interrupted;
	if (runs[nruns - 1].interrupted && rp->nruns > 1)
		rp->nruns--;
	rp->partial = rp->nruns < rp->runs_requested ||
	    rp->runs[rp->nruns - 1].interrupted;
	rp->with_runs = req->with_runs;
	rp->tolerance_pct = req->tolerance_pct;
	if (stats_compute(&s->stats, rp->runs, rp->nruns) != 0) {
		snprintf(err, errlen, "cannot allocate memory for the statistics");
		return -1;
	}
	rp->stats = &s->stats;
	report_machine_of(rp, rp->runs, rp->nruns);
	baseline_from_avail(&s->now, rp->runs, rp->nruns, &s->stats,
	    check_available(rp->runs, rp->nruns),
	    req->base == NULL || req->base->wave_pooled);
	rp->now = &s->now;
	if (req->check) {
		check_run(&s->checks, rp->runs, rp->nruns, &s->stats,
		    rp->tolerance_pct);
		rp->checks = &s->checks;
		rp->judged = true;
		throughput_where_cpus_allow(rp, &s->checks);
		for (size_t i = 0; i < s->checks.n; i++)
			if (!s->checks.c[i].ok) {
				rp->verdict = VERDICT_FAIL;
				report_reason(rp, "%s", s->checks.c[i].name);
			}
	}
	if (req->base != NULL) {
		rp->base = req->base;
		rp->rows = s->rows;
		rp->judged = true;
		if (baseline_compare(req->base, &s->now, rp->tolerance_pct,
		    check_lag_bound_ms(&last->config, check_available(rp->runs,
		    rp->nruns), rp->tolerance_pct) + check_throttle_ms(rp->runs,
		    rp->nruns), s->rows) > 0) {
			rp->verdict = VERDICT_FAIL;
			for (int m = 0; m < BASE_COUNT; m++)
				if (s->rows[m].verdict != BASE_VERDICT_REGRESSED)
					continue;
				else if (isfinite(s->rows[m].change_pct))
					report_reason(rp, "%s regressed (%+.0f%%)",
					    baseline_name(s->rows[m].metric),
					    s->rows[m].change_pct);
				else
					report_reason(rp, "%s regressed (n/a)",
					    baseline_name(s->rows[m].metric));
		}
	}
	judge_machine(rp);
	judge_stopped(rp);
	/* A set the budget cut proves less than was asked: never ok. */
	if (rp->judged && rp->budget_cut && rp->verdict != VERDICT_FAIL) {
		rp->verdict = VERDICT_INCONCLUSIVE;
		report_reason(rp, "the retry budget of %.0f s cut the set after "
		    "%zu of %zu runs", rp->budget_cut_s, rp->nruns,
		    rp->runs_requested);
	}
	if (rp->judged && rp->interrupted) {
		rp->verdict = VERDICT_INTERRUPTED;
		rp->nreasons = 0;
		report_reason(rp, "interrupted after %zu of %zu runs%s",
		    rp->nruns, rp->runs_requested,
		    rp->runs[rp->nruns - 1].interrupted ? ", the last one cut" :
		    "");
	}
	return 0;
}

/* The last measured run: the one a single-run output shows. */
const struct record *
report_last(const struct report *rp)
{
	return &rp->runs[rp->nruns - 1];
}

/*
 * The last measured run as the outputs show it: with more than one run,
 * its load is the set's (stats_load_of), and so is every sentence and
 * prediction made from it.
 */
const struct record *
report_shown(const struct report *rp)
{
	return rp->load.runs > 1 ? &rp->shown : report_last(rp);
}

/* Add one reason to the verdict; past REPORT_REASONS_MAX they are dropped. */
void
report_reason(struct report *rp, const char *fmt, ...)
{
	va_list ap;

	if (rp->nreasons == REPORT_REASONS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(rp->reasons[rp->nreasons++], REPORT_REASON_LEN, fmt, ap);
	va_end(ap);
}

const char *
verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return "ok";
	case VERDICT_FAIL:
		return "fail";
	case VERDICT_INCONCLUSIVE:
		return "inconclusive";
	case VERDICT_NOT_JUDGED:
		return "not_judged";
	case VERDICT_INTERRUPTED:
		return "interrupted";
	}
	return "?";
}
