/* sweep_stats: read a child's JSON, take medians, and measure the law. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/busy.h"
#include "report/stats.h"
#include "sweep/sweep_stats.h"

uint64_t
sweep_expected_waves(uint64_t calls, unsigned pool, unsigned cpus)
{
	uint64_t lanes = pool < cpus ? pool : cpus;

	if (lanes == 0)
		lanes = 1;
	return calls / lanes + (calls % lanes != 0);
}

/* T of one run: the median CPU time of the hashes that ran. */
static int
median_cpu_ms(json_t *tasks, double *t, char *err, size_t errlen)
{
	json_error_t je;
	double *v, cpu;
	json_int_t worker;
	size_t n = 0, i;
	json_t *task;

	if ((v = calloc(json_array_size(tasks) + 1, sizeof(*v))) == NULL) {
		snprintf(err, errlen, "cannot allocate memory for the child's tasks");
		return -1;
	}
	json_array_foreach(tasks, i, task) {
		/* A hash cancelled by a signal has a null worker and times. */
		if (json_is_true(json_object_get(task, "cancelled")))
			continue;
		if (json_unpack_ex(task, &je, 0, "{s:I, s:F}", "worker", &worker,
		    "cpu_ms", &cpu) != 0) {
			snprintf(err, errlen, "the child's output is not poolviz's JSON: "
			    "task %zu: %s", i + 1, je.text);
			free(v);
			return -1;
		}
		if (worker != 0)
			v[n++] = cpu;
	}
	*t = stats_median(v, n);
	free(v);
	return 0;
}

static void
copy_string(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

/*
 * The child's "load", where it has one (an older poolviz's has none): a
 * run is disturbed when others and steal took more than a quarter of a
 * CPU, as for poolviz's own verdicts, or when the child was stopped
 * while its pool worked (so that it is measured again).
 */
static void
child_load(json_t *doc, struct sweep_run *run)
{
	json_t *l = json_object_get(doc, "load");
	json_t *o = json_object_get(l, "other_cpus");
	json_t *st = json_object_get(l, "steal_cpus");
	json_t *a = json_object_get(l, "available_cpus");
	json_t *sp = json_object_get(l, "stopped_ms");

	run->load_known = false;
	run->disturbed = false;
	if (!json_is_number(o) || !json_is_number(a))
		return;
	run->load_known = true;
	run->other_cpus = json_number_value(o) + (json_is_number(st) ?
	    json_number_value(st) : 0);
	run->available_cpus = json_number_value(a);
	run->disturbed = run->other_cpus > BUSY_NOTICE_CPUS ||
	    (json_is_number(sp) && json_number_value(sp) > 0);
}

/*
 * One child's document (poolviz --no-sync --format json) as a run, and
 * the machine it ran on, from its skim (sweep/skim.h): the parent never
 * holds a child's lines and tasks, only their count. Anything else, a run
 * of another point included, is an error, whose message speaks of "the
 * child".
 */
int
sweep_child_parse_skim(struct skim *sk, unsigned pool, uint64_t calls,
    struct sweep_run *run, struct sweep_machine *m, char *err, size_t errlen)
{
	json_error_t je;
	json_t *doc, *tasks, *interrupted = NULL;
	const char *tool, *libuv, *openssl, *text;
	json_int_t schema, cpool, ccalls, cpus;
	int rc = -1;

	if (sk->over || (text = skim_text(sk)) == NULL) {
		snprintf(err, errlen, "the child's output holds over %zu MiB "
		    "besides its lines and tasks, or more than memory allows",
		    sk->max >> 20);
		return -1;
	}
	if ((doc = json_loadb(text, sk->len, 0, &je)) == NULL) {
		snprintf(err, errlen, "the child's output is not JSON: %s",
		    je.text);
		return -1;
	}
	if (json_unpack_ex(doc, &je, 0, "{s:s, s:I, s:{s:I, s:I}, "
	    "s:{s:I, s:s, s:s}, s:{s:F, s:F}, s:o, s?o}",
	    "tool", &tool, "schema", &schema,
	    "config", "pool", &cpool, "calls", &ccalls,
	    "machine", "cpus", &cpus, "libuv", &libuv, "openssl", &openssl,
	    "summary", "makespan_ms", &run->makespan_ms,
	    "parallelism", &run->parallelism,
	    "tasks", &tasks, "interrupted", &interrupted) != 0) {
		snprintf(err, errlen, "the child's output is not poolviz's JSON: %s",
		    je.text);
		goto out;
	}
	if (strcmp(tool, "poolviz") != 0 || schema != 1) {
		snprintf(err, errlen, "the child's output is not poolviz's JSON "
		    "of schema 1");
		goto out;
	}
	if (cpool != (json_int_t)pool || ccalls != (json_int_t)calls) {
		snprintf(err, errlen, "the child ran pool %lld, calls %lld instead",
		    (long long)cpool, (long long)ccalls);
		goto out;
	}
	if (interrupted != NULL && json_is_true(interrupted)) {
		snprintf(err, errlen, "the child's run was interrupted");
		goto out;
	}
	if (cpus < 1 || cpus > 1 << 20 || !json_is_array(tasks) ||
	    !sk->tasks_seen || sk->tasks != calls) {
		snprintf(err, errlen, "the child's output is not poolviz's JSON: "
		    "%s", cpus < 1 || cpus > 1 << 20 ? "machine.cpus is out "
		    "of range" : "tasks does not hold one task per call");
		goto out;
	}
	/*
	 * T is the child's own summary.one_hash_ms (for --no-sync, the median
	 * CPU time of its tasks); a document without it is from a poolviz
	 * before it was there, so T is worked out from its tasks instead,
	 * where the skim kept them all.
	 */
	if (json_is_number(json_object_get(json_object_get(doc, "summary"),
	    "one_hash_ms")))
		run->one_hash_ms = json_number_value(json_object_get(
		    json_object_get(doc, "summary"), "one_hash_ms"));
	else if (sk->cut) {
		snprintf(err, errlen, "the child's output has no "
		    "summary.one_hash_ms, and too many tasks to work it out");
		goto out;
	} else if (median_cpu_ms(tasks, &run->one_hash_ms, err, errlen) != 0)
		goto out;
	child_load(doc, run);
	run->max_dns = run->fs_at_max_dns = -1;
	{
		json_t *s = json_object_get(doc, "summary");
		json_t *d = json_object_get(s, "max_concurrent_dns");
		json_t *f = json_object_get(s, "fs_at_max_dns");

		if (json_is_integer(d) && json_is_integer(f)) {
			run->max_dns = (double)json_integer_value(d);
			run->fs_at_max_dns = (double)json_integer_value(f);
		}
	}
	m->cpus = (unsigned)cpus;
	copy_string(m->libuv, sizeof(m->libuv), libuv);
	copy_string(m->openssl, sizeof(m->openssl), openssl);
	rc = 0;
out:
	json_decref(doc);
	return rc;
}

/* The same from a whole document in memory. */
int
sweep_child_parse(const char *json, size_t len, unsigned pool, uint64_t calls,
    struct sweep_run *run, struct sweep_machine *m, char *err, size_t errlen)
{
	struct skim sk;
	int rc;

	skim_init(&sk, SKIM_MAX, SKIM_ARRAYS_KEEP);
	skim_feed(&sk, json, len);
	rc = sweep_child_parse_skim(&sk, pool, calls, run, m, err, errlen);
	skim_free(&sk);
	return rc;
}

/* A point from its n runs (1 to SWEEP_REPEAT_MAX): the median of each number. */
void
sweep_point_make(struct sweep_point *p, unsigned pool, uint64_t calls,
    unsigned cpus, const struct sweep_run *runs, size_t n)
{
	double mk[SWEEP_REPEAT_MAX], par[SWEEP_REPEAT_MAX], t[SWEEP_REPEAT_MAX];
	double oth[SWEEP_REPEAT_MAX], av[SWEEP_REPEAT_MAX];
	double dns[SWEEP_REPEAT_MAX], fs[SWEEP_REPEAT_MAX];
	size_t nload = 0, nio = 0;

	if (n > SWEEP_REPEAT_MAX)
		n = SWEEP_REPEAT_MAX;
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < n; i++) {
		mk[i] = runs[i].makespan_ms;
		par[i] = runs[i].parallelism;
		t[i] = runs[i].one_hash_ms;
		if (runs[i].load_known) {
			oth[nload] = runs[i].other_cpus;
			av[nload++] = runs[i].available_cpus;
		}
		if (runs[i].disturbed)
			p->disturbed_runs++;
		if (runs[i].max_dns >= 0) {
			dns[nio] = runs[i].max_dns;
			fs[nio++] = runs[i].fs_at_max_dns;
		}
	}
	if (nio > 0) {
		p->io = true;
		p->max_dns = stats_median(dns, nio);
		p->fs_at_max_dns = stats_median(fs, nio);
	}
	p->dns_cap = (pool + 1) / 2;
	p->disturbed = p->disturbed_runs > 0;
	if (nload > 0) {
		p->load_known = true;
		p->other_cpus = stats_median(oth, nload);
		p->available_cpus = stats_median(av, nload);
	}
	p->pool = pool;
	p->calls = calls;
	p->makespan_ms = stats_median(mk, n);
	p->parallelism = stats_median(par, n);
	p->one_hash_ms = stats_median(t, n);
	p->law_t_ms = p->one_hash_ms;	/* till the sweep gives its own */
	p->expected_waves = sweep_expected_waves(calls, pool, cpus);
	p->runs = (unsigned)n;
	if (p->makespan_ms > 0 && p->one_hash_ms > 0 && calls > 0) {
		p->speedup = (double)calls * p->one_hash_ms / p->makespan_ms;
		p->has_speedup = true;
	}
}

/* The makespan the law predicts: expected_waves x the sweep's T. */
double
sweep_predicted_ms(const struct sweep_point *p)
{
	return (double)p->expected_waves * p->law_t_ms;
}

/*
 * The sweep's one T: the first point (in the order they run) whose runs
 * measured a hash; 0 while none has.
 */
double
sweep_law_t(const struct sweep_point *points, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (points[i].one_hash_ms > 0)
			return points[i].one_hash_ms;
	return 0;
}

/* Measured / predicted, when there is a prediction to compare with. */
bool
sweep_ratio(const struct sweep_point *p, double *ratio)
{
	double want = sweep_predicted_ms(p);

	if (!(want > 0))
		return false;
	*ratio = p->makespan_ms / want;
	return true;
}

void
sweep_law(const struct sweep_result *r, struct sweep_law *law)
{
	double ratio;

	memset(law, 0, sizeof(*law));
	for (size_t i = 0; i < r->npoints; i++) {
		const struct sweep_point *p = &r->points[i];

		if (!sweep_ratio(p, &ratio))
			continue;
		if (law->compared == 0) {
			law->min_ratio = law->max_ratio = ratio;
			law->min_t_ms = law->max_t_ms = p->one_hash_ms;
			law->worst = i;
			law->worst_ratio = ratio;
		}
		law->compared++;
		law->min_ratio = fmin(law->min_ratio, ratio);
		law->max_ratio = fmax(law->max_ratio, ratio);
		law->min_t_ms = fmin(law->min_t_ms, p->one_hash_ms);
		law->max_t_ms = fmax(law->max_t_ms, p->one_hash_ms);
		if (fabs(ratio - 1) > fabs(law->worst_ratio - 1)) {
			law->worst = i;
			law->worst_ratio = ratio;
		}
	}
}

/* How many hashes could run at once at a point: min(pool, CPUs, calls). */
uint64_t
sweep_room(const struct sweep_point *p, unsigned cpus)
{
	uint64_t n = p->pool < cpus ? p->pool : cpus;

	return p->calls < n ? p->calls : n;
}

bool
sweep_redo(struct sweep_redo *r, bool disturbed)
{
	if (!disturbed) {
		*r = (struct sweep_redo){ 0 };
		return false;
	}
	if (!r->steady && r->redos < SWEEP_REDO_MAX) {
		r->redos++;
		return true;
	}
	if (r->redos == SWEEP_REDO_MAX)
		r->steady = true;
	r->redos = 0;
	return false;
}

bool
sweep_point_disturbed(const struct sweep_point *p, unsigned cpus)
{
	uint64_t could = sweep_room(p, cpus);
	double ratio;

	/* The children measured what else ran: that is the answer. */
	if (p->load_known)
		return p->disturbed;
	return sweep_ratio(p, &ratio) && ratio > 1 + SWEEP_LAW_TOLERANCE &&
	    could > 0 && p->parallelism < 0.8 * (double)could;
}

enum verdict
sweep_point_verdict(const struct sweep_point *p, unsigned cpus)
{
	double ratio;

	if (!sweep_ratio(p, &ratio) || fabs(ratio - 1) <= SWEEP_LAW_TOLERANCE)
		return VERDICT_PASS;
	return sweep_point_disturbed(p, cpus) ? VERDICT_INCONCLUSIVE :
	    VERDICT_FAIL;
}

/* Give every point of r the sweep's one T, and r itself. */
void
sweep_result_law_t(struct sweep_result *r)
{
	r->law_t_ms = sweep_law_t(r->points, r->npoints);
	for (size_t i = 0; i < r->npoints; i++)
		r->points[i].law_t_ms = r->law_t_ms;
}
