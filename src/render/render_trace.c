/* render_trace: Trace Event Format built with jansson; times in us. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "render/render_json.h"
#include "render/render_trace.h"
#include "render/render_util.h"

struct trace {
	const struct record *r;
	json_t *events;
	int bad;
};

/* An event with the fields every phase has: name, cat, ph, ts, pid, tid. */
static json_t *
event(struct trace *t, const char *name, const char *cat, const char *ph,
    int64_t ts, uint32_t tid)
{
	json_t *e = json_object();

	render_jset(e, "name", json_string(name), &t->bad);
	if (cat != NULL)
		render_jset(e, "cat", json_string(cat), &t->bad);
	render_jset(e, "ph", json_string(ph), &t->bad);
	if (ts >= 0)
		render_jset(e, "ts", json_integer(ts), &t->bad);
	render_jset(e, "pid", json_integer(RENDER_TRACE_PID), &t->bad);
	render_jset(e, "tid", json_integer(tid), &t->bad);
	render_jappend(t->events, e, &t->bad);
	return e;
}

static void
thread_name(struct trace *t, uint32_t tid, const char *name)
{
	json_t *e = event(t, "thread_name", NULL, "M", -1, tid);
	json_t *args = json_object();

	render_jset(args, "name", json_string(name), &t->bad);
	render_jset(e, "args", args, &t->bad);
}

/* A complete event: one span on one thread. */
static json_t *
complete(struct trace *t, const char *name, const char *cat, uint32_t tid,
    int64_t start, int64_t end)
{
	json_t *e = event(t, name, cat, "X", start, tid);

	render_jset(e, "dur", json_integer(end - start), &t->bad);
	return e;
}

/*
 * A span that may overlap others, as a nestable async pair: the queue
 * waits overlap each other, and the heartbeat's gap the blocking hash, so
 * complete events on one thread would not nest.
 */
static json_t *
async(struct trace *t, const char *name, const char *cat, const char *id,
    int64_t start, int64_t end)
{
	json_t *b = event(t, name, cat, "b", start, RENDER_TRACE_MAIN);
	json_t *e = event(t, name, cat, "e", end, RENDER_TRACE_MAIN);

	render_jset(b, "id", json_string(id), &t->bad);
	render_jset(e, "id", json_string(id), &t->bad);
	return b;
}

static void
args_ms(struct trace *t, json_t *e, const char *key, int64_t us)
{
	json_t *args = json_object_get(e, "args");

	if (args == NULL) {
		args = json_object();
		render_jset(e, "args", args, &t->bad);
	}
	render_jset(args, key, json_real(us_to_ms(us)), &t->bad);
}

static void
threads(struct trace *t, uint32_t workers)
{
	json_t *e = event(t, "process_name", NULL, "M", -1, RENDER_TRACE_MAIN);
	json_t *args = json_object();
	char name[32];

	render_jset(args, "name", json_string("poolviz"), &t->bad);
	render_jset(e, "args", args, &t->bad);
	thread_name(t, RENDER_TRACE_MAIN, "main");
	for (uint32_t w = 1; w <= workers; w++) {
		snprintf(name, sizeof(name), "worker %" PRIu32, w);
		thread_name(t, w, name);
	}
}

static void
main_thread(struct trace *t)
{
	const struct record *r = t->r;
	const struct record_heartbeat *h = &r->heartbeat;
	json_t *e;
	char id[64];

	if (r->sync.ran) {
		e = complete(t, "blocking hash", "sync", RENDER_TRACE_MAIN,
		    r->sync.start_us, r->sync.end_us);
		args_ms(t, e, "cpu_ms", r->sync.cpu_us);
	}
	if (h->ran) {
		e = async(t, "longest heartbeat gap", "heartbeat", "heartbeat",
		    h->gap_start_us, h->gap_start_us + h->max_gap_us);
		render_jset(e, "args", json_pack("{sIsI}", "interval_ms",
		    (json_int_t)h->interval_ms, "ticks", (json_int_t)h->ticks),
		    &t->bad);
	}
	for (int k = 0; k < PROBE_COUNT; k++) {
		const struct record_probe *p = &r->probes[k];

		if (!p->ran)
			continue;
		snprintf(id, sizeof(id), "%s probe", probe_name(p->kind));
		e = async(t, id, "probe", id, p->start_us, p->done_us);
		render_jset(e, "args", json_pack("{si}", "status", p->status),
		    &t->bad);
	}
}

/* Each task: its wait in the queue, its run on a worker, its delivery. */
static void
tasks(struct trace *t)
{
	const struct record *r = t->r;
	char name[48], id[32];
	json_t *e;

	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *k = &r->tasks[i];

		snprintf(name, sizeof(name), "queued %" PRIu32, k->id);
		snprintf(id, sizeof(id), "queue %" PRIu32, k->id);
		e = async(t, name, "queue", id, k->queued_us,
		    chart_wait_end(k));
		if (k->worker == 0) {
			render_jset(e, "args",
			    json_pack("{sb}", "cancelled", 1), &t->bad);
			continue;
		}
		snprintf(name, sizeof(name), "hash %" PRIu32, k->id);
		e = complete(t, name, "hash", k->worker, k->start_us,
		    k->end_us);
		args_ms(t, e, "cpu_ms", k->cpu_us);
		snprintf(name, sizeof(name), "done %" PRIu32, k->id);
		e = event(t, name, "done", "i", k->done_us, RENDER_TRACE_MAIN);
		render_jset(e, "s", json_string("t"), &t->bad);
		args_ms(t, e, "lag_ms", k->done_us - k->end_us);
	}
}

/* The run's configuration and machine, which trace viewers list as metadata. */
static json_t *
other_data(struct trace *t)
{
	const struct record *r = t->r;
	json_t *o = json_object();

	render_jset(o, "tool", json_string("poolviz"), &t->bad);
	render_jset(o, "version", json_string(POOLVIZ_VERSION), &t->bad);
	render_jset(o, "scenario",
	    json_string(scenario_name(r->config.scenario)), &t->bad);
	render_jset(o, "calls", json_integer((json_int_t)r->config.calls),
	    &t->bad);
	render_jset(o, "pool", json_integer(r->config.pool), &t->bad);
	/*
	 * pbkdf2, the default, names no work: its metadata stays as it was
	 * before there were others.
	 */
	if (strcmp(r->config.work.name, "pbkdf2") != 0)
		render_jset(o, "work", render_jstring(r->config.work.name,
		    sizeof(r->config.work.name)), &t->bad);
	for (size_t i = 0; i < r->config.work.nparams; i++) {
		const struct record_param *p = &r->config.work.params[i];

		if (p->brief)
			render_jset(o, p->name, p->text ? render_jstring(p->s,
			    sizeof(p->s)) : json_integer((json_int_t)p->n),
			    &t->bad);
	}
	render_jset(o, "cpus", json_integer(r->machine.cpus), &t->bad);
	render_jset(o, "libuv", render_jstring(r->machine.libuv,
	    sizeof(r->machine.libuv)), &t->bad);
	render_jset(o, "openssl", render_jstring(r->machine.openssl,
	    sizeof(r->machine.openssl)), &t->bad);
	render_jset(o, "interrupted", json_boolean(r->interrupted), &t->bad);
	return o;
}

/* The trace document; 0, or -1 on a write error or without memory. */
int
render_trace(FILE *f, const struct record *r)
{
	struct trace t = { r, json_array(), 0 };
	struct chart c;
	json_t *doc = json_object();
	int rc = -1;

	chart_init(&c, r, 1);
	threads(&t, c.workers);
	main_thread(&t);
	tasks(&t);
	render_jset(doc, "traceEvents", t.events, &t.bad);
	render_jset(doc, "displayTimeUnit", json_string("ms"), &t.bad);
	render_jset(doc, "otherData", other_data(&t), &t.bad);
	if (!t.bad && json_dumpf(doc, f, RENDER_JSON_FLAGS) == 0 &&
	    putc('\n', f) != EOF)
		rc = 0;
	json_decref(doc);
	return rc;
}
