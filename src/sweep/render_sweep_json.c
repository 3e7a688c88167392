/* render_sweep_json: a sweep as one JSON document. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "render/fmt.h"
#include "render/jsonw.h"
#include "sweep/render_sweep.h"
#include "sweep/sweep_stats.h"

static json_t *
integer(uint64_t n)
{
	return json_integer((json_int_t)n);
}

static json_t *
list(const uint64_t *v, size_t n, int *bad)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		jsonw_append(a, integer(v[i]), bad);
	return a;
}

static json_t *
config(const struct sweep_config *c, int *bad)
{
	json_t *o = json_object();

	jsonw_set(o, "pool", list(c->pools, c->npools, bad), bad);
	jsonw_set(o, "calls", list(c->calls, c->ncalls, bad), bad);
	jsonw_set(o, "repeat", integer(c->repeat), bad);
	if (c->scenario != NULL)
		jsonw_set(o, "scenario", json_string(c->scenario), bad);
	if (c->hash_ms != 0)
		jsonw_set(o, "hash_ms", integer(c->hash_ms), bad);
	if (c->work.kind != WORK_PBKDF2) {
		/* Another work: its name and its own parameters. */
		jsonw_set(o, "work", json_string(c->desc.name), bad);
		for (size_t i = 0; i < c->desc.nparams; i++) {
			const struct record_param *p = &c->desc.params[i];

			jsonw_set(o, p->name, p->text ? jsonw_string(p->s,
			    strlen(p->s)) : integer(p->n), bad);
		}
		return o;
	}
	jsonw_set(o, "iterations", integer(c->work.iterations), bad);
	jsonw_set(o, "keylen", integer(c->work.keylen), bad);
	jsonw_set(o, "digest", jsonw_string(c->work.digest, strlen(c->work.digest)),
	    bad);
	return o;
}

static json_t *
machine(const struct sweep_machine *m, int *bad)
{
	json_t *o = json_object();

	jsonw_set(o, "cpus", integer(m->cpus), bad);
	jsonw_set(o, "libuv", jsonw_string(m->libuv, sizeof(m->libuv)), bad);
	jsonw_set(o, "openssl", jsonw_string(m->openssl,
	    sizeof(m->openssl)), bad);
	return o;
}

/* Ratios and parallelism: three decimals, as the CSV prints them. */
static double
round3(double v)
{
	return round(v * 1000) / 1000;
}

/*
 * The field names of a point are a contract (README): the table's
 * columns, T, and whether other work disturbed the point, with its
 * verdict. Milliseconds are rounded to microseconds, ratios to three
 * decimals.
 */
static json_t *
point(const struct sweep_point *p, unsigned cpus, int *bad)
{
	json_t *o = json_object();
	double ratio;

	jsonw_set(o, "pool", integer(p->pool), bad);
	jsonw_set(o, "calls", integer(p->calls), bad);
	jsonw_set(o, "makespan_ms", json_real(fmt_round_us(p->makespan_ms)),
	    bad);
	jsonw_set(o, "predicted_ms", json_real(fmt_round_us(
	    sweep_predicted_ms(p))), bad);
	jsonw_set(o, "ratio", sweep_ratio(p, &ratio) ?
	    json_real(round3(ratio)) : json_null(), bad);
	jsonw_set(o, "one_hash_ms", json_real(fmt_round_us(p->one_hash_ms)),
	    bad);
	jsonw_set(o, "speedup", p->has_speedup ?
	    json_real(round3(p->speedup)) : json_null(), bad);
	jsonw_set(o, "parallelism", json_real(round3(p->parallelism)), bad);
	jsonw_set(o, "expected_waves", integer(p->expected_waves), bad);
	jsonw_set(o, "runs", integer(p->runs), bad);
	jsonw_set(o, "other_cpus", p->load_known ?
	    json_real(round(p->other_cpus * 100) / 100) : json_null(), bad);
	jsonw_set(o, "disturbed", json_boolean(sweep_point_disturbed(p, cpus)),
	    bad);
	jsonw_set(o, "verdict", json_string(verdict_name(
	    sweep_point_verdict(p, cpus))), bad);
	if (p->io) {
		jsonw_set(o, "max_concurrent_dns", json_real(p->max_dns), bad);
		jsonw_set(o, "fs_at_max_dns", json_real(p->fs_at_max_dns), bad);
		jsonw_set(o, "dns_cap", integer(p->dns_cap), bad);
	}
	return o;
}

/* The sweep as a new jansson object the caller owns, or NULL without memory. */
json_t *
render_sweep_json_doc(const struct sweep_result *r)
{
	json_t *doc = json_object(), *points = json_array();
	int bad = 0;

	jsonw_set(doc, "tool", json_string("poolviz"), &bad);
	jsonw_set(doc, "version", json_string(POOLVIZ_VERSION), &bad);
	jsonw_set(doc, "schema", json_integer(RENDER_SWEEP_SCHEMA), &bad);
	jsonw_set(doc, "sweep", config(r->config, &bad), &bad);
	jsonw_set(doc, "machine", machine(&r->machine, &bad), &bad);
	jsonw_set(doc, "one_hash_ms", json_real(fmt_round_us(r->law_t_ms)),
	    &bad);
	for (size_t i = 0; i < r->npoints; i++)
		jsonw_append(points, point(&r->points[i], r->machine.cpus, &bad),
		    &bad);
	jsonw_set(doc, "points", points, &bad);
	if (bad) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/* Write the document and a newline; 0, or -1 without memory or on a write error. */
int
render_sweep_json(FILE *f, const struct sweep_result *r)
{
	return jsonw_dump(f, render_sweep_json_doc(r));
}
