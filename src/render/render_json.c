/* render_json: the record as a jansson document; no JSON is written by hand. */
#include <stdlib.h>

#include "render/render_json.h"
#include "render/render_text.h"
#include "render/render_util.h"

static json_t *
ms(int64_t us)
{
	return json_real(us_to_ms(us));
}

static json_t *
integer(uint64_t n)
{
	return json_integer((json_int_t)n);
}

static json_t *
key_hex(const unsigned char *key, size_t n)
{
	char *hex;
	json_t *v;

	if (key == NULL)
		return json_null();
	if ((hex = malloc(2 * n + 1)) == NULL)
		return NULL;
	render_hex(hex, key, n);
	v = json_string(hex);
	free(hex);
	return v;
}

static json_t *
config(const struct record *r, int *bad)
{
	const struct record_config *c = &r->config;
	json_t *o = json_object();

	render_jset(o, "calls", integer(c->calls), bad);
	render_jset(o, "pool", integer(c->pool), bad);
	render_jset(o, "work", render_jstring(c->work.name,
	    sizeof(c->work.name)), bad);
	/* The work's own parameters: pbkdf2's are iterations, keylen, digest. */
	for (size_t i = 0; i < c->work.nparams; i++) {
		const struct record_param *p = &c->work.params[i];

		render_jset(o, p->name, p->text ? render_jstring(p->s,
		    sizeof(p->s)) : integer(p->n), bad);
	}
	render_jset(o, "sync", json_boolean(c->sync), bad);
	render_jset(o, "scenario", json_string(scenario_name(c->scenario)),
	    bad);
	return o;
}

static json_t *
machine(const struct record *r, int *bad)
{
	const struct record_machine *m = &r->machine;
	json_t *o = json_object();

	render_jset(o, "cpus", integer(m->cpus), bad);
	render_jset(o, "libuv", render_jstring(m->libuv, sizeof(m->libuv)),
	    bad);
	render_jset(o, "openssl", render_jstring(m->openssl,
	    sizeof(m->openssl)), bad);
	return o;
}

static json_t *
lines(const struct record *r, int *bad)
{
	json_t *a = json_array(), *o;
	char text[256];
	int n;

	for (size_t i = 0; i < r->nlines; i++) {
		const struct record_line *l = &r->lines[i];

		n = render_text_format(text, sizeof(text), r, l);
		if (n < 0 || (size_t)n >= sizeof(text))
			*bad = 1;
		o = json_object();
		render_jset(o, "text", json_string(text), bad);
		render_jset(o, "ms", json_integer(render_text_ms(l->us)), bad);
		render_jappend(a, o, bad);
	}
	return a;
}

static json_t *
sync_hash(const struct record *r, int *bad)
{
	json_t *o;

	if (!r->sync.ran)
		return json_null();
	o = json_object();
	render_jset(o, "start_ms", ms(r->sync.start_us), bad);
	render_jset(o, "end_ms", ms(r->sync.end_us), bad);
	render_jset(o, "cpu_ms", ms(r->sync.cpu_us), bad);
	if (r->config.print_key)
		render_jset(o, "key", key_hex(r->sync_key, r->config.keylen), bad);
	return o;
}

static json_t *
tasks(const struct record *r, int *bad)
{
	json_t *a = json_array(), *o;

	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];

		o = json_object();
		render_jset(o, "id", integer(t->id), bad);
		render_jset(o, "worker", integer(t->worker), bad);
		render_jset(o, "queued_ms", ms(t->queued_us), bad);
		render_jset(o, "start_ms", ms(t->start_us), bad);
		render_jset(o, "end_ms", ms(t->end_us), bad);
		render_jset(o, "done_ms", ms(t->done_us), bad);
		render_jset(o, "cpu_ms", ms(t->cpu_us), bad);
		if (r->config.print_key)
			render_jset(o, "key", key_hex(record_task_key(r, t->id),
			    r->config.keylen), bad);
		render_jappend(a, o, bad);
	}
	return a;
}

/* Summary times come from record_summarize, rounded to whole microseconds. */
static json_t *
summary(const struct record *r, int *bad)
{
	struct record_summary s;
	json_t *o = json_object();

	record_summarize(r, &s);
	render_jset(o, "sync_ms", json_real(render_round_us(s.sync_ms)), bad);
	render_jset(o, "makespan_ms", json_real(render_round_us(s.makespan_ms)),
	    bad);
	render_jset(o, "mean_task_ms",
	    json_real(render_round_us(s.mean_task_ms)), bad);
	render_jset(o, "parallelism", json_real(s.parallelism), bad);
	render_jset(o, "expected_waves", integer(s.expected_waves), bad);
	render_jset(o, "max_lag_ms", json_real(render_round_us(s.max_lag_ms)),
	    bad);
	render_jset(o, "one_hash_ms", json_real(render_round_us(s.one_hash_ms)),
	    bad);
	return o;
}

static json_t *
heartbeat(const struct record *r, int *bad)
{
	json_t *o = json_object();

	render_jset(o, "interval_ms", integer(r->heartbeat.interval_ms), bad);
	render_jset(o, "max_gap_ms", ms(r->heartbeat.max_gap_us), bad);
	render_jset(o, "ticks", integer(r->heartbeat.ticks), bad);
	return o;
}

static json_t *
probes(const struct record *r, int *bad)
{
	json_t *a = json_array(), *o;

	for (int k = 0; k < PROBE_COUNT; k++) {
		const struct record_probe *p = &r->probes[k];

		if (!p->ran)
			continue;
		o = json_object();
		render_jset(o, "kind", json_string(probe_name(p->kind)), bad);
		render_jset(o, "start_ms", ms(p->start_us), bad);
		render_jset(o, "done_ms", ms(p->done_us), bad);
		render_jset(o, "latency_ms", ms(p->done_us - p->start_us), bad);
		render_jappend(a, o, bad);
	}
	return a;
}

static bool
any_probe(const struct record *r)
{
	for (int k = 0; k < PROBE_COUNT; k++)
		if (r->probes[k].ran)
			return true;
	return false;
}

/* The run as a new jansson object the caller owns, or NULL without memory. */
json_t *
render_json_record(const struct record *r)
{
	json_t *doc = json_object();
	int bad = 0;

	render_jset(doc, "tool", json_string("poolviz"), &bad);
	render_jset(doc, "version", json_string(POOLVIZ_VERSION), &bad);
	render_jset(doc, "schema", json_integer(RENDER_JSON_SCHEMA), &bad);
	render_jset(doc, "config", config(r, &bad), &bad);
	render_jset(doc, "machine", machine(r, &bad), &bad);
	render_jset(doc, "lines", lines(r, &bad), &bad);
	render_jset(doc, "sync", sync_hash(r, &bad), &bad);
	render_jset(doc, "tasks", tasks(r, &bad), &bad);
	render_jset(doc, "summary", summary(r, &bad), &bad);
	if (r->heartbeat.ran)
		render_jset(doc, "heartbeat", heartbeat(r, &bad), &bad);
	if (any_probe(r))
		render_jset(doc, "probes", probes(r, &bad), &bad);
	if (r->interrupted)
		render_jset(doc, "interrupted", json_true(), &bad);
	if (bad) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/*
 * Write the document and a newline. Returns 0, or -1 without memory or on
 * a write error, when part of the document may have been written.
 */
int
render_json(FILE *f, const struct record *r)
{
	return render_json_dump(f, render_json_record(r));
}
