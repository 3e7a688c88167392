/* baseline: normalised metrics, written and read with jansson, compared. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "report/baseline.h"

static const char *const metric_names[BASE_COUNT] = {
	"makespan_per_wave", "parallelism_per_lane", "mean_task_per_hash",
	"max_lag_ms",
};

const char *
baseline_name(enum baseline_metric m)
{
	return m < BASE_COUNT ? metric_names[m] : "?";
}

const char *
baseline_verdict_name(enum baseline_verdict v)
{
	switch (v) {
	case BASE_VERDICT_OK:
		return "ok";
	case BASE_VERDICT_BETTER:
		return "better";
	case BASE_VERDICT_REGRESSED:
		return "REGRESSED";
	}
	return "?";
}

/* The metrics of a run (or of repeated runs' medians, st) on this machine. */
void
baseline_from(struct baseline *b, const struct record *r, const struct stats *st)
{
	double t = st->v[STAT_ONE_HASH_MS].median, share;
	uint64_t cpus = r->machine.cpus ? r->machine.cpus : 1;
	uint64_t busy = record_busy(&r->config);
	uint64_t lanes = record_lanes(&r->config, r->machine.cpus);
	struct record_summary s;

	memset(b, 0, sizeof(*b));
	b->config = r->config;
	b->cpus = r->machine.cpus;
	record_summarize(r, &s);
	/* Hashes running at once per CPU: above 1, each runs that much slower. */
	share = (double)busy / (double)cpus;
	if (share < 1)
		share = 1;
	if (t > 0 && s.expected_waves > 0)
		b->m[BASE_MAKESPAN_PER_WAVE] = st->v[STAT_MAKESPAN_MS].median /
		    ((double)s.expected_waves * t);
	/* No more can run at once than there are hashes. */
	if (lanes > r->config.calls)
		lanes = r->config.calls;
	if (lanes > 0)
		b->m[BASE_PARALLELISM_PER_LANE] = st->v[STAT_PARALLELISM].median /
		    (double)lanes;
	if (t > 0)
		b->m[BASE_MEAN_TASK_PER_HASH] = st->v[STAT_MEAN_TASK_MS].median /
		    (t * share);
	b->m[BASE_MAX_LAG_MS] = st->v[STAT_MAX_LAG_MS].median;
}

json_t *
baseline_json(const struct baseline *b)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "cpus", json_integer(b->cpus));
	for (int m = 0; m < BASE_COUNT; m++)
		json_object_set_new(o, metric_names[m], json_real(b->m[m]));
	return o;
}

static int
get_uint(json_t *obj, const char *key, uint64_t *out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

/*
 * The work's parameters: every other member of "config", in its order.
 * A baseline from before there were other works names none and is pbkdf2's.
 */
static int
read_work(struct record_work *w, json_t *cfg)
{
	static const char *const fixed[] = {
		"calls", "pool", "work", "sync", "scenario",
		"hash_ms",	/* how the work's size was chosen, not a parameter */
	};
	const char *name, *key;
	json_t *v;
	bool skip;

	memset(w, 0, sizeof(*w));
	v = json_object_get(cfg, "work");
	name = v == NULL ? "pbkdf2" : json_string_value(v);
	if (name == NULL || (size_t)snprintf(w->name, sizeof(w->name), "%s",
	    name) >= sizeof(w->name))
		return -1;
	json_object_foreach(cfg, key, v) {
		struct record_param *p;

		skip = false;
		for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
			skip |= strcmp(key, fixed[i]) == 0;
		if (skip)
			continue;
		if (w->nparams >= RECORD_PARAMS_MAX)
			return -1;
		p = &w->params[w->nparams++];
		if ((size_t)snprintf(p->name, sizeof(p->name), "%s", key) >=
		    sizeof(p->name))
			return -1;
		if (json_is_string(v)) {
			p->text = true;
			if ((size_t)snprintf(p->s, sizeof(p->s), "%s",
			    json_string_value(v)) >= sizeof(p->s))
				return -1;
		} else if (json_is_integer(v) && json_integer_value(v) >= 0)
			p->n = (uint64_t)json_integer_value(v);
		else
			return -1;
	}
	/* pbkdf2's were always there: a baseline without them is not one. */
	if (strcmp(w->name, "pbkdf2") == 0) {
		if (json_object_get(cfg, "iterations") == NULL ||
		    json_object_get(cfg, "keylen") == NULL ||
		    !json_is_string(json_object_get(cfg, "digest")))
			return -1;
	}
	return 0;
}

/* Fill b's configuration from a baseline's "config"; -1 if malformed. */
static int
read_config(struct baseline *b, json_t *cfg)
{
	uint64_t pool;
	const char *scenario;

	if (!json_is_object(cfg) ||
	    get_uint(cfg, "calls", &b->config.calls) != 0 ||
	    get_uint(cfg, "pool", &pool) != 0 || pool == 0 || pool > 1024 ||
	    read_work(&b->config.work, cfg) != 0 ||
	    (scenario = json_string_value(json_object_get(cfg, "scenario"))) == NULL ||
	    !json_is_boolean(json_object_get(cfg, "sync")))
		return -1;
	b->config.sync = json_is_true(json_object_get(cfg, "sync"));
	b->config.pool = (unsigned)pool;
	return scenario_from_name(scenario, &b->config.scenario);
}

/* Fill b's metrics from a baseline's "baseline"; -1 if malformed. */
static int
read_metrics(struct baseline *b, json_t *base)
{
	uint64_t cpus;

	if (!json_is_object(base) || get_uint(base, "cpus", &cpus) != 0 ||
	    cpus == 0 || cpus > 1 << 20)
		return -1;
	b->cpus = (unsigned)cpus;
	for (int m = 0; m < BASE_COUNT; m++) {
		json_t *v = json_object_get(base, metric_names[m]);

		if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
		    json_number_value(v) < 0)
			return -1;
		b->m[m] = json_number_value(v);
	}
	return 0;
}

/* Check a document that --save-baseline wrote and take what it keeps. */
static int
from_doc(struct baseline *b, json_t *doc, const char *name, char *err,
    size_t errlen)
{
	const char *tool = json_string_value(json_object_get(doc, "tool"));
	json_t *v = json_object_get(doc, "schema");

	if (tool == NULL || strcmp(tool, "poolviz") != 0)
		snprintf(err, errlen, "--baseline '%s': not a poolviz baseline "
		    "(expected a file --save-baseline wrote)", name);
	else if (!json_is_integer(v) || json_integer_value(v) != 1)
		snprintf(err, errlen, "--baseline '%s': not a schema this poolviz "
		    "knows (expected schema 1)", name);
	else if (json_is_true(json_object_get(doc, "interrupted")))
		snprintf(err, errlen, "--baseline '%s': a run that was "
		    "interrupted (expected a whole one)", name);
	else if (read_config(b, json_object_get(doc, "config")) != 0 ||
	    read_metrics(b, json_object_get(doc, "baseline")) != 0)
		snprintf(err, errlen, "--baseline '%s': not a poolviz baseline "
		    "(its config or baseline metrics are missing or malformed; "
		    "save one with --save-baseline)", name);
	else
		return 0;
	return -1;
}

/* Read a file --save-baseline wrote; refuse anything else with a reason. */
int
baseline_read(struct baseline *b, const char *path, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *doc;
	int rc;

	memset(b, 0, sizeof(*b));
	if ((doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		snprintf(err, errlen, "--baseline '%s': cannot read it: %s", path,
		    jerr.text);
		return -1;
	}
	rc = from_doc(b, doc, path, err, errlen);
	json_decref(doc);
	return rc;
}

/* The same from len bytes in memory, called name in messages. */
int
baseline_parse(struct baseline *b, const char *name, const char *buf,
    size_t len, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *doc;
	int rc;

	memset(b, 0, sizeof(*b));
	if ((doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		snprintf(err, errlen, "--baseline '%s': cannot read it: %s", name,
		    jerr.text);
		return -1;
	}
	rc = from_doc(b, doc, name, err, errlen);
	json_decref(doc);
	return rc;
}

static void
param_value(char *buf, size_t len, const struct record_param *p)
{
	if (p == NULL)
		snprintf(buf, len, "none");
	else if (p->text)
		snprintf(buf, len, "%s", p->s);
	else
		snprintf(buf, len, "%llu", (unsigned long long)p->n);
}

static const struct record_param *
param_find(const struct record_work *w, const char *name)
{
	for (size_t i = 0; i < w->nparams; i++)
		if (strcmp(w->params[i].name, name) == 0)
			return &w->params[i];
	return NULL;
}

/*
 * The first of the work's parameters that differs: its option's name
 * ("--scrypt-n" for scrypt_n) in what, its values in was and is.
 */
static bool
params_differ(const struct record_work *b, const struct record_work *c,
    char *what, size_t wlen, char *was, char *is, size_t len)
{
	for (size_t i = 0; i < c->nparams; i++) {
		const struct record_param *p = &c->params[i];
		const struct record_param *q = param_find(b, p->name);

		if (q != NULL && q->text == p->text && (p->text ?
		    strcmp(q->s, p->s) == 0 : q->n == p->n))
			continue;
		snprintf(what, wlen, "--%s", p->name);
		for (char *s = what; *s != '\0'; s++)
			if (*s == '_')
				*s = '-';
		param_value(was, len, q);
		param_value(is, len, p);
		return true;
	}
	return false;
}

/* A baseline applies only to the same experiment: the same work, too. */
int
baseline_matches(const struct baseline *b, const struct record_config *c,
    char *err, size_t errlen)
{
	const char *what = NULL;
	char was[96], is[96], opt[32], same[160];
	size_t n;

	if (b->config.calls != c->calls) {
		what = "--calls";
		snprintf(was, sizeof(was), "%llu", (unsigned long long)b->config.calls);
		snprintf(is, sizeof(is), "%llu", (unsigned long long)c->calls);
	} else if (b->config.pool != c->pool) {
		what = "--pool";
		snprintf(was, sizeof(was), "%u", b->config.pool);
		snprintf(is, sizeof(is), "%u", c->pool);
	} else if (strcmp(b->config.work.name, c->work.name) != 0) {
		snprintf(err, errlen, "--baseline: it was recorded with --work %s, "
		    "this run has --work %s (a baseline applies to the same work)",
		    b->config.work.name, c->work.name);
		return -1;
	} else if (params_differ(&b->config.work, &c->work, opt, sizeof(opt),
	    was, is, sizeof(was))) {
		what = opt;
	} else if (b->config.sync != c->sync) {
		what = "the blocking hash";
		snprintf(was, sizeof(was), "%s", b->config.sync ? "on" : "off (--no-sync)");
		snprintf(is, sizeof(is), "%s", c->sync ? "on" : "off (--no-sync)");
	} else if (b->config.scenario != c->scenario) {
		what = "--scenario";
		snprintf(was, sizeof(was), "%s", scenario_name(b->config.scenario));
		snprintf(is, sizeof(is), "%s", scenario_name(c->scenario));
	}
	if (what == NULL)
		return 0;
	/* "calls, pool, iterations, keylen, digest, blocking hash and scenario" */
	n = (size_t)snprintf(same, sizeof(same), "calls, pool, ");
	for (size_t i = 0; i < c->work.nparams && n < sizeof(same); i++)
		n += (size_t)snprintf(same + n, sizeof(same) - n, "%s, ",
		    c->work.params[i].name);
	snprintf(err, errlen, "--baseline: it was recorded with %s %s, this run "
	    "has %s %s (a baseline applies to the same %sblocking hash and "
	    "scenario)", what, was, what, is, same);
	return -1;
}

/*
 * Compare now against base; returns how many metrics regressed beyond the
 * tolerance. Higher is worse but for parallelism. A lag still under
 * lag_bound_ms (what --check calls prompt) is no regression, whatever its
 * percentage: a few milliseconds are the scheduler's, not the pool's.
 */
size_t
baseline_compare(const struct baseline *base, const struct baseline *now,
    double tolerance_pct, double lag_bound_ms,
    struct baseline_row rows[BASE_COUNT])
{
	double tol = tolerance_pct / 100.0;
	size_t regressed = 0;

	for (int m = 0; m < BASE_COUNT; m++) {
		struct baseline_row *row = &rows[m];
		double b = base->m[m], n = now->m[m];
		double worse = m == BASE_PARALLELISM_PER_LANE ? b - n : n - b;
		double limit = tol * b;

		if (m == BASE_MAX_LAG_MS && n < lag_bound_ms && worse > 0)
			worse = 0;
		row->metric = (enum baseline_metric)m;
		row->base = b;
		row->now = n;
		row->change_pct = b != 0 ? (n - b) / b * 100.0 : 0;
		if (worse > limit) {
			row->verdict = BASE_VERDICT_REGRESSED;
			regressed++;
		} else if (-worse > limit)
			row->verdict = BASE_VERDICT_BETTER;
		else
			row->verdict = BASE_VERDICT_OK;
	}
	return regressed;
}
