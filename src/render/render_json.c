/*
 * render_json: the record as JSON, written as it is walked: jansson writes
 * each small object and each task; jsonw only the separators between them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "render/fmt.h"
#include "render/notes.h"
#include "render/render_json.h"
#include "render/render_text.h"

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
	fmt_hex(hex, key, n);
	v = json_string(hex);
	explicit_bzero(hex, 2 * n + 1);	/* as secret as the key */
	free(hex);
	return v;
}

static json_t *
config(const struct record *r, int *bad)
{
	const struct record_config *c = &r->config;
	json_t *o = json_object();

	jsonw_set(o, "calls", integer(c->calls), bad);
	jsonw_set(o, "pool", integer(c->pool), bad);
	jsonw_set(o, "work", jsonw_string(c->work.name,
	    sizeof(c->work.name)), bad);
	/* One unit in words, for readers that name units: "hash". */
	jsonw_set(o, "noun", jsonw_string(record_unit(r, 1), sizeof(c->work.noun)),
	    bad);
	/* The work's own parameters: pbkdf2's are iterations, keylen, digest. */
	for (size_t i = 0; i < c->work.nparams; i++) {
		const struct record_param *p = &c->work.params[i];

		jsonw_set(o, p->name, p->text ? jsonw_string(p->s,
		    sizeof(p->s)) : integer(p->n), bad);
	}
	jsonw_set(o, "hash_ms", c->hash_ms ? integer(c->hash_ms) :
	    json_null(), bad);
	jsonw_set(o, "sync", json_boolean(c->sync), bad);
	jsonw_set(o, "scenario", json_string(scenario_name(c->scenario)),
	    bad);
	return o;
}

static json_t *
machine(const struct record *r, int *bad)
{
	const struct record_machine *m = &r->machine;
	json_t *o = json_object();

	jsonw_set(o, "cpus", integer(m->cpus), bad);
	jsonw_set(o, "affinity_cpus", m->affinity_cpus > 0 ?
	    integer(m->affinity_cpus) : json_null(), bad);
	jsonw_set(o, "quota_cpus", m->quota_limited ?
	    json_real(m->quota_cpus) : json_null(), bad);
	jsonw_set(o, "quota_cgroup", m->quota_limited ?
	    json_string(machine_cgroup_name(m->quota_cgroup)) : json_null(),
	    bad);
	jsonw_set(o, "usable_cpus", json_real(record_usable(r)), bad);
	jsonw_set(o, "libuv", jsonw_string(m->libuv, sizeof(m->libuv)),
	    bad);
	jsonw_set(o, "openssl", jsonw_string(m->openssl,
	    sizeof(m->openssl)), bad);
	return o;
}

/* Two decimals: a share of a CPU, measured from clock ticks. */
static json_t *
cpus_or_null(bool known, double v)
{
	return known ? json_real(round(v * 100) / 100) : json_null();
}

/* What others, steal and a quota took during the run; null: unknown. */
static json_t *
load(const struct record *r, int *bad)
{
	const struct machine_load *l = &r->load;
	json_t *o = json_object(), *a = json_array();
	char s[2][NOTE_LEN];
	bool disturbed;
	size_t n;

	jsonw_set(o, "other_cpus", cpus_or_null(l->cpu_known, l->other_cpus),
	    bad);
	jsonw_set(o, "steal_cpus", cpus_or_null(l->cpu_known, l->steal_cpus),
	    bad);
	jsonw_set(o, "throttled_ms", l->throttled_known ?
	    json_real(fmt_round_us(l->throttled_ms)) : json_null(), bad);
	jsonw_set(o, "available_cpus", cpus_or_null(l->cpu_known,
	    record_available(r)), bad);
	jsonw_set(o, "stopped_ms", l->stopped_known ?
	    json_real(fmt_round_us(l->stopped_ms)) : json_null(), bad);
	n = notes_machine(r, s, &disturbed);
	jsonw_set(o, "disturbed", l->cpu_known ? json_boolean(disturbed) :
	    json_null(), bad);
	for (size_t i = 0; i < n; i++)
		jsonw_append(a, json_string(s[i]), bad);
	jsonw_set(o, "notes", a, bad);
	return o;
}

static void
lines(struct jsonw *w, const struct record *r)
{
	json_t *o;
	char text[256];
	int n, bad = 0;

	jsonw_array(w, "lines");
	for (size_t i = 0; i < r->nlines; i++) {
		const struct record_line *l = &r->lines[i];

		n = render_text_format(text, sizeof(text), r, l);
		if (n < 0 || (size_t)n >= sizeof(text))
			bad = 1;
		o = json_object();
		jsonw_set(o, "text", json_string(text), &bad);
		jsonw_set(o, "ms", json_integer(render_text_ms(l->us)), &bad);
		jsonw_put(w, NULL, jsonw_checked(o, bad));
	}
	jsonw_close(w);
}

static json_t *
sync_hash(const struct record *r, int *bad)
{
	json_t *o;

	if (!r->sync.ran)
		return json_null();
	o = json_object();
	jsonw_set(o, "start_ms", ms(r->sync.start_us), bad);
	jsonw_set(o, "end_ms", ms(r->sync.end_us), bad);
	jsonw_set(o, "cpu_ms", ms(r->sync.cpu_us), bad);
	/* The blocked scenario's main thread runs record_block_units. */
	jsonw_set(o, "units", integer(r->heartbeat.block_hashes), bad);
	if (r->config.print_key)
		jsonw_set(o, "key", key_hex(r->sync_key, r->config.keylen), bad);
	return o;
}

static json_t *
task(const struct record *r, const struct record_task *t)
{
	json_t *o = json_object();
	int bad = 0;

	/* A hash cancelled in the queue never had a worker or these times. */
	bool ran = t->worker != 0;

	jsonw_set(o, "id", integer(t->id), &bad);
	if (r->io.ran)
		jsonw_set(o, "kind", json_string(task_kind_name(
		    record_task_kind(r, t->id))), &bad);
	jsonw_set(o, "worker", ran ? integer(t->worker) : json_null(), &bad);
	jsonw_set(o, "queued_ms", ms(t->queued_us), &bad);
	jsonw_set(o, "start_ms", ran ? ms(t->start_us) : json_null(), &bad);
	jsonw_set(o, "end_ms", ran ? ms(t->end_us) : json_null(), &bad);
	jsonw_set(o, "done_ms", ran ? ms(t->done_us) : json_null(), &bad);
	jsonw_set(o, "cpu_ms", ran ? ms(t->cpu_us) : json_null(), &bad);
	if (!ran)
		jsonw_set(o, "cancelled", json_true(), &bad);
	if (r->config.print_key)
		jsonw_set(o, "key", key_hex(record_task_key(r, t->id),
		    r->config.keylen), &bad);
	return jsonw_checked(o, bad);
}

/* One task object at a time: the document's size does not grow with the run. */
static void
tasks(struct jsonw *w, const struct record *r)
{
	jsonw_array(w, "tasks");
	for (size_t i = 0; i < r->ntasks; i++)
		jsonw_put(w, NULL, task(r, &r->tasks[i]));
	jsonw_close(w);
}

/* The pool's demand for CPUs (core/demand.c); null where it was not sampled. */
static json_t *
demand(const struct record_demand *d, int *bad)
{
	json_t *o;

	if (!d->known)
		return json_null();
	o = json_object();
	jsonw_set(o, "mean", json_real(round(d->mean * 1000) / 1000), bad);
	jsonw_set(o, "p10", json_real(d->p10), bad);
	jsonw_set(o, "expected", json_real(round(d->expected * 1000) / 1000),
	    bad);
	return o;
}

/* Summary times come from record_summarize, rounded to whole microseconds. */
static json_t *
summary(const struct record *r, int *bad)
{
	struct record_summary s;
	json_t *o = json_object();

	record_summarize(r, &s);
	jsonw_set(o, "sync_ms", json_real(fmt_round_us(s.sync_ms)), bad);
	jsonw_set(o, "makespan_ms", json_real(fmt_round_us(s.makespan_ms)),
	    bad);
	jsonw_set(o, "mean_task_ms",
	    json_real(fmt_round_us(s.mean_task_ms)), bad);
	jsonw_set(o, "parallelism", json_real(s.parallelism), bad);
	jsonw_set(o, "expected_waves", integer(s.expected_waves), bad);
	jsonw_set(o, "max_lag_ms", json_real(fmt_round_us(s.max_lag_ms)),
	    bad);
	jsonw_set(o, "one_hash_ms", json_real(fmt_round_us(s.one_hash_ms)),
	    bad);
	jsonw_set(o, "unit_factor", json_real(fmt_round_us(s.unit_factor)),
	    bad);
	jsonw_set(o, "predicted_ms", json_real(fmt_round_us(s.predicted_ms)),
	    bad);
	jsonw_set(o, "runnable_workers", demand(&r->demand, bad), bad);
	if (r->io.ran) {
		struct record_io_summary io;

		record_io_summarize(r, &io);
		jsonw_set(o, "max_concurrent_dns", integer(io.max_dns), bad);
		jsonw_set(o, "max_concurrent_fs", integer(io.max_fs), bad);
		jsonw_set(o, "fs_at_max_dns", integer(io.fs_at_max_dns), bad);
		jsonw_set(o, "dns_cap", integer(io.dns_cap), bad);
	}
	return o;
}

/* The dns scenario: how long each request was made to wait. */
static json_t *
io_delays(const struct record *r, int *bad)
{
	json_t *o = json_object();

	jsonw_set(o, "lookup_ms", integer(r->io.lookup_ms), bad);
	jsonw_set(o, "read_ms", integer(r->io.read_ms), bad);
	return o;
}

static json_t *
heartbeat(const struct record *r, int *bad)
{
	json_t *o = json_object();

	jsonw_set(o, "interval_ms", integer(r->heartbeat.interval_ms), bad);
	jsonw_set(o, "max_gap_ms", ms(r->heartbeat.max_gap_us), bad);
	jsonw_set(o, "ticks", integer(r->heartbeat.ticks), bad);
	return o;
}

/* The offload scenario's worker thread: its own lane. */
static json_t *
offload(const struct record *r, int *bad)
{
	const struct record_offload *t = &r->offload;
	json_t *o = json_object();

	jsonw_set(o, "lane", json_string("worker thread"), bad);
	jsonw_set(o, "start_ms", ms(t->start_us), bad);
	jsonw_set(o, "end_ms", ms(t->end_us), bad);
	jsonw_set(o, "done_ms", ms(t->done_us), bad);
	jsonw_set(o, "cpu_ms", ms(t->cpu_us), bad);
	jsonw_set(o, "units", integer(t->units), bad);
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
		jsonw_set(o, "kind", json_string(probe_name(p->kind)), bad);
		jsonw_set(o, "start_ms", ms(p->start_us), bad);
		jsonw_set(o, "done_ms", ms(p->done_us), bad);
		jsonw_set(o, "latency_ms", ms(p->done_us - p->start_us), bad);
		if (p->status != 0)	/* it failed: what it timed is its failure */
			jsonw_set(o, "error", json_string(uv_strerror(p->status)),
			    bad);
		jsonw_append(a, o, bad);
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

void
render_json_members(struct jsonw *w, const struct record *r)
{
	int bad = 0;
	json_t *o;

	jsonw_put(w, "tool", json_string("poolviz"));
	jsonw_put(w, "version", json_string(POOLVIZ_VERSION));
	jsonw_put(w, "schema", json_integer(RENDER_JSON_SCHEMA));
	o = config(r, &bad);
	jsonw_put(w, "config", jsonw_checked(o, bad));
	o = machine(r, &bad);
	jsonw_put(w, "machine", jsonw_checked(o, bad));
	lines(w, r);
	o = sync_hash(r, &bad);
	jsonw_put(w, "sync", jsonw_checked(o, bad));
	tasks(w, r);
	o = summary(r, &bad);
	jsonw_put(w, "summary", jsonw_checked(o, bad));
	o = load(r, &bad);
	jsonw_put(w, "load", jsonw_checked(o, bad));
	if (r->heartbeat.ran) {
		o = heartbeat(r, &bad);
		jsonw_put(w, "heartbeat", jsonw_checked(o, bad));
	}
	if (r->offload.ran) {
		o = offload(r, &bad);
		jsonw_put(w, "worker_thread", jsonw_checked(o, bad));
	}
	if (r->io.ran) {
		o = io_delays(r, &bad);
		jsonw_put(w, "slowed", jsonw_checked(o, bad));
	}
	if (any_probe(r)) {
		o = probes(r, &bad);
		jsonw_put(w, "probes", jsonw_checked(o, bad));
	}
	if (r->interrupted)
		jsonw_put(w, "interrupted", json_true());
}

/*
 * Write the document and a newline. Returns 0, or -1 without memory or on
 * a write error, when part of the document may have been written.
 */
int
render_json(FILE *f, const struct record *r)
{
	struct jsonw w;

	jsonw_init(&w, f);
	jsonw_object(&w, NULL);
	render_json_members(&w, r);
	jsonw_close(&w);
	return jsonw_end(&w);
}

int
render_json_compact(FILE *f, const struct record *r)
{
	struct jsonw w;

	jsonw_init_compact(&w, f);
	jsonw_object(&w, NULL);
	render_json_members(&w, r);
	jsonw_close(&w);
	return w.bad || w.depth != 0 ? -1 : 0;
}
