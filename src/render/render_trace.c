/*
 * render_trace: Trace Event Format, times in us, written as the record is
 * walked: jansson writes each event, jsonw the separators between them.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "render/chart.h"
#include "render/jsonw.h"
#include "render/render_trace.h"
#include "report/report.h"

struct trace {
	const struct record *r;
	struct jsonw w;
	int bad;	/* building an event failed */
};

/* An event with the fields every phase has: name, cat, ph, ts, pid, tid. */
static json_t *
event(struct trace *t, const char *name, const char *cat, const char *ph,
    int64_t ts, uint32_t tid)
{
	json_t *e = json_object();

	jsonw_set(e, "name", json_string(name), &t->bad);
	if (cat != NULL)
		jsonw_set(e, "cat", json_string(cat), &t->bad);
	jsonw_set(e, "ph", json_string(ph), &t->bad);
	if (ts >= 0)
		jsonw_set(e, "ts", json_integer(ts), &t->bad);
	jsonw_set(e, "pid", json_integer(RENDER_TRACE_PID), &t->bad);
	jsonw_set(e, "tid", json_integer(tid), &t->bad);
	return e;
}

/* The event, finished, written and freed. */
static void
emit(struct trace *t, json_t *e)
{
	if (t->bad) {
		json_decref(e);
		e = NULL;
	}
	jsonw_put(&t->w, NULL, e);
}

/* args: {key: us in ms}. */
static json_t *
args_ms(const char *key, int64_t us)
{
	return json_pack("{sf}", key, us_to_ms(us));
}

static void
named(struct trace *t, const char *what, uint32_t tid, const char *name)
{
	json_t *e = event(t, what, NULL, "M", -1, tid);

	jsonw_set(e, "args", json_pack("{ss}", "name", name), &t->bad);
	emit(t, e);
}

/* A complete event: one span on one thread. */
static void
complete(struct trace *t, const char *name, const char *cat, uint32_t tid,
    int64_t start, int64_t end, json_t *args)
{
	json_t *e = event(t, name, cat, "X", start, tid);

	jsonw_set(e, "dur", json_integer(end - start), &t->bad);
	jsonw_set(e, "args", args, &t->bad);
	emit(t, e);
}

/*
 * A span that may overlap others, as a nestable async pair: the queue
 * waits overlap each other, and the heartbeat's gap the blocking hash, so
 * complete events on one thread would not nest. The begin carries args,
 * when with_args says it has them (a NULL args is then a failure).
 */
static void
async(struct trace *t, const char *name, const char *cat, const char *id,
    int64_t start, int64_t end, bool with_args, json_t *args)
{
	json_t *b = event(t, name, cat, "b", start, RENDER_TRACE_MAIN);
	json_t *e = event(t, name, cat, "e", end, RENDER_TRACE_MAIN);

	jsonw_set(b, "id", json_string(id), &t->bad);
	jsonw_set(e, "id", json_string(id), &t->bad);
	if (with_args)
		jsonw_set(b, "args", args, &t->bad);
	emit(t, b);
	emit(t, e);
}

static void
threads(struct trace *t, uint32_t workers)
{
	char name[32];

	named(t, "process_name", RENDER_TRACE_MAIN, "poolviz");
	named(t, "thread_name", RENDER_TRACE_MAIN, "main");
	for (uint32_t w = 1; w <= workers; w++) {
		snprintf(name, sizeof(name), "worker %" PRIu32, w);
		named(t, "thread_name", w, name);
	}
}

static void
main_thread(struct trace *t)
{
	const struct record *r = t->r;
	const struct record_heartbeat *h = &r->heartbeat;
	char id[64], sync_name[48];

	snprintf(sync_name, sizeof(sync_name), "blocking %s", record_unit(r, 1));
	if (r->sync.ran)
		complete(t, sync_name, "sync", RENDER_TRACE_MAIN,
		    r->sync.start_us, r->sync.end_us,
		    args_ms("cpu_ms", r->sync.cpu_us));
	if (h->ran)
		async(t, "longest heartbeat gap", "heartbeat", "heartbeat",
		    h->gap_start_us, h->gap_start_us + h->max_gap_us, true,
		    json_pack("{sIsI}", "interval_ms",
		    (json_int_t)h->interval_ms, "ticks", (json_int_t)h->ticks));
	for (int k = 0; k < PROBE_COUNT; k++) {
		const struct record_probe *p = &r->probes[k];

		if (!p->ran)
			continue;
		snprintf(id, sizeof(id), "%s probe", probe_name(p->kind));
		async(t, id, "probe", id, p->start_us, p->done_us, true,
		    json_pack("{si}", "status", p->status));
	}
}

/*
 * Each task: its wait in the queue, its run on a worker, its wait for the
 * loop, its delivery.
 */
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
		async(t, name, "queue", id, k->queued_us, chart_wait_end(k),
		    k->worker == 0, k->worker == 0 ?
		    json_pack("{sb}", "cancelled", 1) : NULL);
		if (k->worker == 0)
			continue;
		snprintf(name, sizeof(name), "%s %" PRIu32,
		    record_task_noun(r, k->id), k->id);
		complete(t, name, record_task_kind(r, k->id) == TASK_WORK ?
		    "hash" : task_kind_name(record_task_kind(r, k->id)), k->worker, k->start_us, k->end_us,
		    args_ms("cpu_ms", k->cpu_us));
		/*
		 * Done on its worker, its result not yet delivered: a slice of
		 * its own (the worker runs its next unit meanwhile, so this
		 * would not nest there), named for what it waits for.
		 */
		if (k->done_us > k->end_us) {
			snprintf(name, sizeof(name), "%s %" PRIu32 " waiting for "
			    "the loop", record_task_noun(r, k->id), k->id);
			snprintf(id, sizeof(id), "wait %" PRIu32, k->id);
			async(t, name, "wait", id, k->end_us, k->done_us, true,
			    json_pack("{sIsf}", "worker", (json_int_t)k->worker,
			    "wait_ms", us_to_ms(k->done_us - k->end_us)));
		}
		snprintf(name, sizeof(name), "done %" PRIu32, k->id);
		e = event(t, name, "done", "i", k->done_us, RENDER_TRACE_MAIN);
		jsonw_set(e, "s", json_string("t"), &t->bad);
		jsonw_set(e, "args", args_ms("lag_ms", k->done_us - k->end_us),
		    &t->bad);
		emit(t, e);
	}
}

/* The run's configuration and machine, which trace viewers list as metadata. */
static json_t *
other_data(struct trace *t)
{
	const struct record *r = t->r;
	json_t *o = json_object();

	jsonw_set(o, "tool", json_string("poolviz"), &t->bad);
	jsonw_set(o, "version", json_string(POOLVIZ_VERSION), &t->bad);
	jsonw_set(o, "scenario",
	    json_string(scenario_name(r->config.scenario)), &t->bad);
	jsonw_set(o, "calls", json_integer((json_int_t)r->config.calls),
	    &t->bad);
	jsonw_set(o, "pool", json_integer(r->config.pool), &t->bad);
	/*
	 * pbkdf2, the default, names no work: its metadata stays as it was
	 * before there were others.
	 */
	if (strcmp(r->config.work.name, "pbkdf2") != 0)
		jsonw_set(o, "work", jsonw_string(r->config.work.name,
		    sizeof(r->config.work.name)), &t->bad);
	for (size_t i = 0; i < r->config.work.nparams; i++) {
		const struct record_param *p = &r->config.work.params[i];

		if (p->brief)
			jsonw_set(o, p->name, p->text ? jsonw_string(p->s,
			    sizeof(p->s)) : json_integer((json_int_t)p->n),
			    &t->bad);
	}
	jsonw_set(o, "cpus", json_integer(r->machine.cpus), &t->bad);
	jsonw_set(o, "libuv", jsonw_string(r->machine.libuv,
	    sizeof(r->machine.libuv)), &t->bad);
	jsonw_set(o, "openssl", jsonw_string(r->machine.openssl,
	    sizeof(r->machine.openssl)), &t->bad);
	jsonw_set(o, "interrupted", json_boolean(r->interrupted), &t->bad);
	return o;
}

/* The trace document; 0, or -1 on a write error or without memory. */
int
render_trace(FILE *f, const struct record *r)
{
	struct trace t = { .r = r };
	struct chart c;
	json_t *o;

	chart_init(&c, r, 1);
	jsonw_init(&t.w, f);
	jsonw_object(&t.w, NULL);
	jsonw_array(&t.w, "traceEvents");
	threads(&t, c.workers);
	main_thread(&t);
	tasks(&t);
	jsonw_close(&t.w);
	jsonw_put(&t.w, "displayTimeUnit", json_string("ms"));
	o = other_data(&t);
	if (t.bad) {
		json_decref(o);
		o = NULL;
	}
	jsonw_put(&t.w, "otherData", o);
	jsonw_close(&t.w);
	return jsonw_end(&t.w);
}

int
render_trace_output(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	return render_trace(f, report_last(rp));
}
