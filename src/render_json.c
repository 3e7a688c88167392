/* render_json: the record as a jansson document; no JSON is written by hand. */
#include <stdlib.h>

#include "render_json.h"
#include "render_text.h"
#include "render_util.h"

/* Record strings are fixed arrays of at most this many bytes. */
#define STR_MAX	64
_Static_assert(sizeof(((struct record_config *)0)->digest) <= STR_MAX,
    "digest fits STR_MAX");
_Static_assert(sizeof(((struct record_machine *)0)->openssl) <= STR_MAX,
    "openssl fits STR_MAX");
_Static_assert(sizeof(((struct record_machine *)0)->libuv) <= STR_MAX,
    "libuv fits STR_MAX");

/*
 * Every setter records a failure in *bad and carries on: jansson steals
 * the value even on failure, so nothing leaks, and the caller drops the
 * whole document once at the end.
 */
static void
set(json_t *o, const char *key, json_t *v, int *bad)
{
	if (json_object_set_new(o, key, v) != 0)
		*bad = 1;
}

static void
append(json_t *a, json_t *v, int *bad)
{
	if (json_array_append_new(a, v) != 0)
		*bad = 1;
}

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

/* A record string, as valid UTF-8 (jansson refuses anything else). */
static json_t *
string(const char *s, size_t max)
{
	char buf[3 * STR_MAX + 1];

	render_utf8_clean(buf, sizeof(buf), s, max);
	return json_string(buf);
}

static json_t *
key_hex(const struct record *r, uint32_t id)
{
	const unsigned char *key = record_task_key(r, id);
	size_t n = r->config.keylen;
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

	set(o, "calls", integer(c->calls), bad);
	set(o, "pool", integer(c->pool), bad);
	set(o, "iterations", integer(c->iterations), bad);
	set(o, "keylen", integer(c->keylen), bad);
	set(o, "digest", string(c->digest, sizeof(c->digest)), bad);
	set(o, "sync", json_boolean(c->sync), bad);
	set(o, "scenario", json_string(scenario_name(c->scenario)), bad);
	return o;
}

static json_t *
machine(const struct record *r, int *bad)
{
	const struct record_machine *m = &r->machine;
	json_t *o = json_object();

	set(o, "cpus", integer(m->cpus), bad);
	set(o, "libuv", string(m->libuv, sizeof(m->libuv)), bad);
	set(o, "openssl", string(m->openssl, sizeof(m->openssl)), bad);
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
		set(o, "text", json_string(text), bad);
		set(o, "ms", json_integer(render_text_ms(l->us)), bad);
		append(a, o, bad);
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
	set(o, "start_ms", ms(r->sync.start_us), bad);
	set(o, "end_ms", ms(r->sync.end_us), bad);
	set(o, "cpu_ms", ms(r->sync.cpu_us), bad);
	return o;
}

static json_t *
tasks(const struct record *r, int *bad)
{
	json_t *a = json_array(), *o;

	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];

		o = json_object();
		set(o, "id", integer(t->id), bad);
		set(o, "worker", integer(t->worker), bad);
		set(o, "queued_ms", ms(t->queued_us), bad);
		set(o, "start_ms", ms(t->start_us), bad);
		set(o, "end_ms", ms(t->end_us), bad);
		set(o, "done_ms", ms(t->done_us), bad);
		set(o, "cpu_ms", ms(t->cpu_us), bad);
		if (r->config.print_key)
			set(o, "key", key_hex(r, t->id), bad);
		append(a, o, bad);
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
	set(o, "sync_ms", json_real(render_round_us(s.sync_ms)), bad);
	set(o, "makespan_ms", json_real(render_round_us(s.makespan_ms)), bad);
	set(o, "mean_task_ms", json_real(render_round_us(s.mean_task_ms)), bad);
	set(o, "parallelism", json_real(s.parallelism), bad);
	set(o, "expected_waves", integer(s.expected_waves), bad);
	set(o, "max_lag_ms", json_real(render_round_us(s.max_lag_ms)), bad);
	return o;
}

static json_t *
heartbeat(const struct record *r, int *bad)
{
	json_t *o = json_object();

	set(o, "interval_ms", integer(r->heartbeat.interval_ms), bad);
	set(o, "max_gap_ms", ms(r->heartbeat.max_gap_us), bad);
	set(o, "ticks", integer(r->heartbeat.ticks), bad);
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
		set(o, "kind", json_string(probe_name(p->kind)), bad);
		set(o, "start_ms", ms(p->start_us), bad);
		set(o, "done_ms", ms(p->done_us), bad);
		set(o, "latency_ms", ms(p->done_us - p->start_us), bad);
		append(a, o, bad);
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

	set(doc, "tool", json_string("poolviz"), &bad);
	set(doc, "version", json_string(POOLVIZ_VERSION), &bad);
	set(doc, "schema", json_integer(RENDER_JSON_SCHEMA), &bad);
	set(doc, "config", config(r, &bad), &bad);
	set(doc, "machine", machine(r, &bad), &bad);
	set(doc, "lines", lines(r, &bad), &bad);
	set(doc, "sync", sync_hash(r, &bad), &bad);
	set(doc, "tasks", tasks(r, &bad), &bad);
	set(doc, "summary", summary(r, &bad), &bad);
	if (r->heartbeat.ran)
		set(doc, "heartbeat", heartbeat(r, &bad), &bad);
	if (any_probe(r))
		set(doc, "probes", probes(r, &bad), &bad);
	if (r->interrupted)
		set(doc, "interrupted", json_true(), &bad);
	if (bad) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/* Write the document and a newline; 0, or -1 without memory or on a write error. */
int
render_json(FILE *f, const struct record *r)
{
	json_t *doc = render_json_record(r);
	int rc = -1;

	if (doc == NULL)
		return -1;
	if (json_dumpf(doc, f, RENDER_JSON_FLAGS) == 0 && putc('\n', f) != EOF)
		rc = 0;
	json_decref(doc);
	return rc;
}
