/* baseline: normalised metrics, written and read with jansson, compared. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

#include "report/baseline.h"
#include "report/check.h"
#include "sys/paths.h"

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
	baseline_from_avail(b, r, 1, st, record_available(r), true);
}

/*
 * The same for n runs (st their statistics), where avail CPUs were left
 * to them by others (the median over them): each metric is normalised by
 * what that machine allowed, so that a neighbour's work is not counted
 * against the pool. The hash is what a pooled one cost
 * (check_pooled_hash_ms; T unless wave_pooled, to compare with a baseline
 * from before it): a metric compares two runs, not a run with a bound,
 * and beside a neighbour the blocking hash can cost up to 1.5 times a
 * pooled one on this host, which made a healthy pool look 25% better
 * than its quiet baseline. The expected makespan is max(W, N / A) such
 * hashes, the lanes min(pool, calls, A), and a task takes a hash times
 * the hashes running at once per available CPU.
 */
void
baseline_from_avail(struct baseline *b, const struct record *runs, size_t n,
    const struct stats *st, double avail, bool wave_pooled)
{
	const struct record *r = &runs[n - 1];
	double t = st->v[STAT_ONE_HASH_MS].median, share, lanes;
	double tw = wave_pooled ? check_pooled_hash_ms(runs, n, t) : t;
	uint64_t busy = record_busy(&r->config);
	struct record_summary s;
	struct machine_load load;
	double expect;

	memset(b, 0, sizeof(*b));
	b->wave_pooled = wave_pooled;
	b->config = r->config;
	b->cpus = r->machine.cpus;
	record_summarize(r, &s);
	if (!(avail > 0.1))
		avail = 0.1;
	/* Hashes running at once per CPU: above 1, each runs that much slower. */
	share = (double)busy / avail;
	if (share < 1)
		share = 1;
	expect = check_expected_hashes(r, avail);
	if (t > 0 && expect > 0)
		b->m[BASE_MAKESPAN_PER_WAVE] = st->v[STAT_MAKESPAN_MS].median /
		    (expect * tw);
	/* No more can run at once than there are hashes, lanes or CPUs. */
	lanes = (double)record_lanes(&r->config, record_cpus(r));
	if (lanes > (double)r->config.calls)
		lanes = (double)r->config.calls;
	if (avail < lanes)
		lanes = avail;
	if (lanes > 0)
		b->m[BASE_PARALLELISM_PER_LANE] = st->v[STAT_PARALLELISM].median /
		    lanes;
	if (tw > 0)
		b->m[BASE_MEAN_TASK_PER_HASH] = st->v[STAT_MEAN_TASK_MS].median /
		    (tw * share);
	b->m[BASE_MAX_LAG_MS] = st->v[STAT_MAX_LAG_MS].median;

	b->machine.known = true;
	b->machine.affinity_cpus = r->machine.affinity_cpus;
	b->machine.quota_limited = r->machine.quota_limited;
	b->machine.quota_cpus = r->machine.quota_cpus;
	b->machine.usable_cpus = record_usable(r);
	/* What others took: the set's one figure, as every output shows it. */
	stats_load_of(&load, runs, n);
	b->machine.load_known = load.cpu_known;
	b->machine.other_cpus = load.other_cpus;
	b->machine.steal_cpus = load.steal_cpus;
	b->machine.available_cpus = avail;
}

static json_t *
real_or_null(bool known, double v)
{
	return known ? json_real(v) : json_null();
}

/* Set a member; a failure (no memory) is remembered in *bad. */
static void
put(json_t *o, int *bad, const char *key, json_t *v)
{
	if (json_object_set_new(o, key, v) != 0)
		*bad = 1;
}

/* The object, or NULL (freed) when any member failed. */
static json_t *
done(json_t *o, int bad)
{
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
baseline_json(const struct baseline *b)
{
	const struct baseline_machine *m = &b->machine;
	json_t *o = json_object();
	int bad = 0;

	if (o == NULL)
		return NULL;
	put(o, &bad, "cpus", json_integer(b->cpus));
	/* A value that cannot be written is null, never half a document. */
	for (int i = 0; i < BASE_COUNT; i++)
		put(o, &bad, metric_names[i], real_or_null(isfinite(b->m[i]),
		    b->m[i]));
	if (b->wave_pooled)
		put(o, &bad, "wave_hash", json_string("pooled"));
	if (!m->known)
		return done(o, bad);
	put(o, &bad, "affinity_cpus", m->affinity_cpus > 0 ?
	    json_integer(m->affinity_cpus) : json_null());
	put(o, &bad, "quota_cpus", real_or_null(m->quota_limited,
	    m->quota_cpus));
	put(o, &bad, "usable_cpus", json_real(m->usable_cpus));
	put(o, &bad, "other_cpus", real_or_null(m->load_known,
	    m->other_cpus));
	put(o, &bad, "steal_cpus", real_or_null(m->load_known,
	    m->steal_cpus));
	put(o, &bad, "available_cpus", json_real(m->available_cpus));
	return done(o, bad);
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
		"noun",		/* the work's unit in words */
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

/* A non-negative finite number, or false. */
static bool
get_real(json_t *obj, const char *key, double *out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
	    json_number_value(v) < 0)
		return false;
	*out = json_number_value(v);
	return true;
}

/*
 * The machine a baseline was saved on, where it says: older baselines do
 * not, and still load. A field that is missing or odd is left unknown.
 */
static void
read_machine(struct baseline_machine *m, json_t *base)
{
	double v;

	memset(m, 0, sizeof(*m));
	if (!get_real(base, "usable_cpus", &m->usable_cpus) ||
	    !get_real(base, "available_cpus", &m->available_cpus))
		return;
	m->known = true;
	if (get_real(base, "affinity_cpus", &v) && v < 1 << 20)
		m->affinity_cpus = (unsigned)v;
	m->quota_limited = get_real(base, "quota_cpus", &m->quota_cpus);
	m->load_known = get_real(base, "other_cpus", &m->other_cpus) &&
	    get_real(base, "steal_cpus", &m->steal_cpus);
}

/*
 * Fill b's metrics from a baseline's "baseline"; -1 if malformed, with
 * the metric that is not a plausible one in *bad_metric. Each is a ratio
 * or a time of hashes that ran, so within [BASELINE_METRIC_MIN,
 * BASELINE_METRIC_MAX]; only a run of no calls has zeros (nothing ran to
 * measure).
 */
static int
read_metrics(struct baseline *b, json_t *base, const char **bad_metric)
{
	uint64_t cpus;
	json_t *v;

	*bad_metric = NULL;
	if (!json_is_object(base) || get_uint(base, "cpus", &cpus) != 0 ||
	    cpus == 0 || cpus > 1 << 20)
		return -1;
	b->cpus = (unsigned)cpus;
	for (int m = 0; m < BASE_COUNT; m++) {
		double x;

		v = json_object_get(base, metric_names[m]);
		x = json_number_value(v);

		if (!json_is_number(v))
			return -1;
		if (!isfinite(x) || (x == 0 ? b->config.calls > 0 :
		    x < BASELINE_METRIC_MIN || x > BASELINE_METRIC_MAX)) {
			*bad_metric = metric_names[m];
			return -1;
		}
		b->m[m] = x;
	}
	v = json_object_get(base, "wave_hash");
	b->wave_pooled = json_is_string(v) &&
	    strcmp(json_string_value(v), "pooled") == 0;
	read_machine(&b->machine, base);
	return 0;
}

/* Check a document that --save-baseline wrote and take what it keeps. */
static int
from_doc(struct baseline *b, json_t *doc, const char *name, char *err,
    size_t errlen)
{
	const char *tool = json_string_value(json_object_get(doc, "tool"));
	const char *version = json_string_value(json_object_get(doc,
	    "version"));
	json_t *v = json_object_get(doc, "schema");
	const char *bad = NULL;

	if (tool == NULL || strcmp(tool, "poolviz") != 0)
		snprintf(err, errlen, "--baseline '%s': not a poolviz baseline "
		    "(expected a file --save-baseline wrote)", name);
	else if (version == NULL || version[0] == '\0')
		snprintf(err, errlen, "--baseline '%s': not a poolviz baseline "
		    "(its version is missing or not a string; save one with "
		    "--save-baseline)", name);
	else if (!json_is_integer(v) || json_integer_value(v) != 1)
		snprintf(err, errlen, "--baseline '%s': not a schema this poolviz "
		    "knows (expected schema 1)", name);
	else if (json_is_true(json_object_get(doc, "interrupted")))
		snprintf(err, errlen, "--baseline '%s': a run that was "
		    "interrupted (expected a whole one)", name);
	else if (read_config(b, json_object_get(doc, "config")) != 0 ||
	    read_metrics(b, json_object_get(doc, "baseline"), &bad) != 0) {
		if (bad != NULL)
			snprintf(err, errlen, "--baseline '%s': baseline.%s is "
			    "%.6g (expected a number from %g to %g; save one "
			    "with --save-baseline)", name, bad, json_number_value(
			    json_object_get(json_object_get(doc, "baseline"),
			    bad)), BASELINE_METRIC_MIN, BASELINE_METRIC_MAX);
		else
			snprintf(err, errlen, "--baseline '%s': not a poolviz "
			    "baseline (its config or baseline metrics are missing "
			    "or malformed; save one with --save-baseline)", name);
	} else {
		snprintf(b->version, sizeof(b->version), "%s", version);
		return 0;
	}
	return -1;
}

/* Parse len bytes; name is already cut for messages. */
static int
parse_named(struct baseline *b, const char *name, const char *buf,
    size_t len, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *doc;
	int rc;

	if ((doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		snprintf(err, errlen, "--baseline '%s': cannot read it: %s", name,
		    jerr.text);
		return -1;
	}
	rc = from_doc(b, doc, name, err, errlen);
	json_decref(doc);
	return rc;
}

/*
 * Read a file --save-baseline wrote; refuse anything else with a reason.
 * At most BASELINE_FILE_MAX bytes are read, whatever the file is (a
 * FIFO or a device has no size to check first).
 */
int
baseline_read(struct baseline *b, const char *path, char *err, size_t errlen)
{
	char e[PATHS_ECHO_SIZE];
	const char *name = paths_echo(path, e);
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc = -1;

	/*
	 * Opened here rather than by json_load_file, whose error text would
	 * repeat the whole path; messages echo it cut (paths_echo).
	 */
	memset(b, 0, sizeof(*b));
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "--baseline '%s': is a directory (expected "
		    "a file --save-baseline wrote)", name);
		return -1;
	}
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > BASELINE_FILE_MAX)
		goto too_large;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "--baseline '%s': cannot read it: %s", name,
		    strerror(errno));
		return -1;
	}
	if ((buf = malloc(BASELINE_FILE_MAX + 1)) == NULL) {
		fclose(f);
		snprintf(err, errlen, "--baseline '%s': cannot read it: %s", name,
		    strerror(ENOMEM));
		return -1;
	}
	errno = 0;
	len = fread(buf, 1, BASELINE_FILE_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, errlen, "--baseline '%s': cannot read it: %s", name,
		    strerror(errno != 0 ? errno : EIO));
		fclose(f);
		goto out;
	}
	fclose(f);
	if (len > BASELINE_FILE_MAX)
		goto too_large;
	rc = parse_named(b, name, buf, len, err, errlen);
	goto out;
too_large:
	snprintf(err, errlen, "--baseline '%s': larger than %d KiB (a file "
	    "--save-baseline wrote is a few KiB)", name, BASELINE_FILE_MAX / 1024);
out:
	free(buf);
	return rc;
}

/* The same from len bytes in memory, called name in messages. */
int
baseline_parse(struct baseline *b, const char *name, const char *buf,
    size_t len, char *err, size_t errlen)
{
	char e[PATHS_ECHO_SIZE];

	memset(b, 0, sizeof(*b));
	if (len > BASELINE_FILE_MAX) {
		snprintf(err, errlen, "--baseline '%s': larger than %d KiB (a file "
		    "--save-baseline wrote is a few KiB)", paths_echo(name, e),
		    BASELINE_FILE_MAX / 1024);
		return -1;
	}
	return parse_named(b, paths_echo(name, e), buf, len, err, errlen);
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

/* Digest names are OpenSSL's, which it resolves whatever their case. */
static bool
same_text(const char *param, const char *a, const char *b)
{
	if (strcmp(param, "digest") == 0)
		return strcasecmp(a, b) == 0;
	return strcmp(a, b) == 0;
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
 * (the option that sets the parameter) in what, its values in was and is.
 */
static bool
params_differ(const struct record_work *b, const struct record_work *c,
    char *what, size_t wlen, char *was, char *is, size_t len)
{
	for (size_t i = 0; i < c->nparams; i++) {
		const struct record_param *p = &c->params[i];
		const struct record_param *q = param_find(b, p->name);

		if (q != NULL && q->text == p->text && (p->text ?
		    same_text(p->name, q->s, p->s) : q->n == p->n))
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
 * (n - b) / b in percent: NAN where that is no number (a metric that was
 * not finite), and at most BASELINE_CHANGE_MAX either way, where a
 * change says only "far worse"; 0 for a run of no calls (b = 0).
 */
static double
change_pct(double b, double n)
{
	double c;

	if (b == 0)
		return 0;
	c = (n - b) / b * 100.0;
	if (!isfinite(c))
		return isnan(c) || !isfinite(n) || !isfinite(b) ? NAN :
		    copysign(BASELINE_CHANGE_MAX, c);
	if (fabs(c) > BASELINE_CHANGE_MAX)
		return copysign(BASELINE_CHANGE_MAX, c);
	return c;
}

/*
 * Compare now against base; returns how many metrics regressed beyond the
 * tolerance. Higher is worse but for parallelism. A lag still under
 * lag_bound_ms (what --check calls prompt) is no regression, whatever its
 * percentage: a few milliseconds are the scheduler's, not the pool's. For
 * the same reason a lag that was and is under that bound is not better
 * either: 8 ms then and 4 ms now is noise, not an improvement.
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

		if (m == BASE_MAX_LAG_MS && n < lag_bound_ms &&
		    (worse > 0 || b < lag_bound_ms))
			worse = 0;
		row->metric = (enum baseline_metric)m;
		row->base = b;
		row->now = n;
		row->change_pct = change_pct(b, n);
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
