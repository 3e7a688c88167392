/* experiment: the pooled and blocking hashes on a libuv loop; scenarios drive them. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "core/experiment.h"
#include "core/pool_probe.h"
#include "core/run.h"
#include "core/scenario.h"
#include "core/demand.h"
#include "sys/cpuclock.h"

enum fate {
	FATE_QUEUED,		/* queued, running, or ended on its worker */
	FATE_CANCELLED,		/* taken out of the queue: it never ran */
	FATE_DELIVERED,
};

struct run {
	uv_loop_t loop;
	uv_check_t flusher;
	uv_async_t sigwake;		/* a signal handler's way into the loop */
	const struct scenario_ops *sc;
	void *sc_state;			/* the scenario's own, sc->size bytes */
	uv_work_t *works;		/* one per task, indexed like r->tasks */
	unsigned char *fate;		/* enum fate, indexed so too */
	struct record *rec;
	const struct work *work;
	const struct experiment_sink *sink;
	const struct host *host;	/* the sink's: how the process cancels */
	uint64_t zero;			/* uv_hrtime() at the run's zero */
	struct work_state **states;	/* pool of them: worker w's is states[w - 1] */
	size_t nworkers;		/* the size of states */
	uint64_t generation;
	atomic_uint next_worker;
	atomic_size_t ended;		/* hashes finished on their workers */
	size_t done;			/* hashes delivered on the loop */
	bool stopping;			/* cancel the queue, drain */
	bool quiet;			/* the sink failed: print nothing more */
	struct live *lv;		/* progress for a drawing thread, or NULL */
	uint64_t lv_ticks;		/* heartbeat ticks published so far */
	bool signals_on, sc_open;
	bool sync_failed;
	char fail_msg[256];	/* run_fail's, the first one; "" when none */
	struct demand *demand;		/* the sampler, from queue_all to the loop's end */
	bool demand_started;
};

/*
 * libuv's workers have no ids, so each numbers itself on its first task of
 * a run. The generation tells a worker that a new run began since it last
 * took a number; it is written before uv_queue_work(), whose queue mutex
 * orders it before any worker reads it.
 */
static uint64_t generation;
/* Whether libuv's pool has been asked to start (the first run queues). */
static bool pool_started;
static _Thread_local uint64_t tls_generation;
static _Thread_local uint32_t tls_worker;

int64_t
run_now(const struct run *run)
{
	return (int64_t)((uv_hrtime() - run->zero) / 1000);
}

/*
 * Stop early: cancel every hash still in the queue. Those already on a
 * worker cannot be cancelled and finish on their own; the loop then drains.
 */
static void
stop(struct run *run)
{
	if (run->stopping)
		return;
	run->stopping = true;
	for (size_t i = 0; i < run->rec->ntasks; i++)
		if (run->works[i].data != NULL && run->fate[i] == FATE_QUEUED &&
		    uv_cancel((uv_req_t *)&run->works[i]) == 0)
			run->fate[i] = FATE_CANCELLED;
}

/*
 * A line reached. After a signal the lines still come, for the hashes
 * that were already running when it came (the cancelled ones never
 * reach one); after the sink failed, none do.
 */
static void
emit(struct run *run, enum line_kind kind, uint32_t id, int64_t us)
{
	if (run->quiet || record_add_line(run->rec, kind, id, us) != 0)
		return;
	if (run->sink != NULL && run->sink->line != NULL &&
	    run->sink->line(run->sink->arg, run->rec,
	    &run->rec->lines[run->rec->nlines - 1]) != 0) {
		run->quiet = true;
		stop(run);
	}
}

static void
flush(struct run *run)
{
	if (run->quiet)
		return;
	if (run->sink != NULL && run->sink->flush != NULL &&
	    run->sink->flush(run->sink->arg) != 0) {
		run->quiet = true;
		stop(run);
	}
}

/*
 * What the loop owns and a drawing thread may want: the heartbeat and
 * the probes, published once per loop iteration (their times are the
 * record's; a tick's is the iteration's, close enough for a picture).
 */
static void
publish(struct run *run)
{
	struct live *lv = run->lv;
	const struct record *r = run->rec;
	const struct record_heartbeat *h = &r->heartbeat;

	if (lv == NULL)
		return;
	if (h->ran) {
		if (h->ticks != run->lv_ticks) {
			run->lv_ticks = h->ticks;
			live_set(&lv->t[LIVE_HEARTBEAT_TICK], run_now(run));
		} else if (live_get(&lv->t[LIVE_HEARTBEAT_TICK]) ==
		    LIVE_NOT_YET)
			live_set(&lv->t[LIVE_HEARTBEAT_TICK], 0);
		live_set(&lv->t[LIVE_HEARTBEAT_GAP_START], h->gap_start_us);
		live_set(&lv->t[LIVE_HEARTBEAT_GAP], h->max_gap_us);
		/* The ticks since the last iteration, then how many there are. */
		if (h->ntick_us > atomic_load_explicit(&lv->nticks,
		    memory_order_relaxed)) {
			size_t n = h->ntick_us < LIVE_TICKS ? h->ntick_us :
			    LIVE_TICKS;

			for (size_t i = atomic_load_explicit(&lv->nticks,
			    memory_order_relaxed); i < n; i++)
				live_set(&lv->tick_us[i], h->tick_us[i]);
			atomic_store_explicit(&lv->nticks, n,
			    memory_order_release);
		}
		atomic_store_explicit(&lv->heartbeat, true,
		    memory_order_release);
	}
	for (int k = 0; k < PROBE_COUNT; k++) {
		const struct record_probe *p = &r->probes[k];

		if (!p->ran)
			continue;
		live_set(&lv->t[LIVE_PROBE_START + k], p->start_us);
		if (p->done_us > 0)
			live_set(&lv->t[LIVE_PROBE_DONE + k], p->done_us);
	}
	/* The offload thread publishes its own span; the loop, its delivery. */
	if (r->offload.ran && r->offload.done_us > 0)
		live_set(&lv->t[LIVE_OFFLOAD_DONE], r->offload.done_us);
}

static void
flusher_cb(uv_check_t *h)
{
	publish(h->data);
	flush(h->data);
}

/* --- signals ---------------------------------------------------------------- */

/*
 * A first SIGINT or SIGTERM, seen on the loop: stop printing, cancel the
 * queue and let the hashes already on workers finish, so that the record
 * stays whole. (A second one ends the process in the handler itself.)
 */
static void
sigwake_cb(uv_async_t *h)
{
	struct run *run = h->data;
	int signum = host_cancelled(run->host);

	if (signum == 0 || run->rec->interrupted)
		return;
	run->rec->interrupted = true;
	run->rec->signal = signum;
	flush(run);
	stop(run);
	if (run->sink != NULL && run->sink->stopping != NULL && !run->quiet) {
		size_t running = 0;

		/* Neither cancelled nor delivered: on a worker, or just off it. */
		for (size_t i = 0; i < run->rec->ntasks; i++)
			if (run->works[i].data != NULL && run->fate[i] == FATE_QUEUED)
				running++;
		run->sink->stopping(run->sink->arg, run->rec, running);
	}
}

static void
signals_start(struct run *run)
{
	uv_async_init(&run->loop, &run->sigwake, sigwake_cb);
	run->sigwake.data = run;
	uv_unref((uv_handle_t *)&run->sigwake);
	run->signals_on = true;
	host_wake(run->host, &run->sigwake);
	/* One may have come before the loop could hear it. */
	if (host_cancelled(run->host) != 0)
		uv_async_send(&run->sigwake);
}

/* --- the pooled hashes ---------------------------------------------------- */

/*
 * On a worker thread. It touches only its own task's slot and its own
 * work state (made on its first unit of the run), so it
 * takes no lock; the loop reads the slot in after_work_cb, and frees the
 * contexts after the run, both of which libuv orders after this.
 */
/* On a worker: number this worker on its first unit of the run. */
static uint32_t
worker_id(struct run *run)
{
	if (tls_generation != run->generation) {
		tls_generation = run->generation;
		tls_worker = atomic_fetch_add(&run->next_worker, 1) + 1;
	}
	return tls_worker;
}

void
run_task_start(struct run *run, size_t i)
{
	struct record_task *t = &run->rec->tasks[i];
	uint32_t w = worker_id(run);

	t->start_us = run_now(run);
	if (run->lv != NULL) {
		atomic_store_explicit(&run->lv->tasks[i].worker, w,
		    memory_order_release);
		live_set(&run->lv->tasks[i].start_us, t->start_us);
	}
}

void
run_task_end(struct run *run, size_t i)
{
	struct record_task *t = &run->rec->tasks[i];

	t->end_us = run_now(run);
	if (run->lv != NULL)
		live_set(&run->lv->tasks[i].end_us, t->end_us);
	t->worker = worker_id(run);
	atomic_fetch_add_explicit(&run->ended, 1, memory_order_release);
}

static void
work_cb(uv_work_t *req)
{
	struct run *run = req->data;
	struct record *r = run->rec;
	size_t i = (size_t)(req - run->works);
	struct record_task *t = &r->tasks[i];
	size_t keylen = r->config.keylen, w;
	unsigned char *out;
	struct work_state *ws = NULL;
	uint32_t id = worker_id(run);
	int64_t cpu0;

	demand_register_worker();
	/* More workers than the pool's size cannot be: share the last slot's key then. */
	w = id <= run->nworkers ? id - 1 : run->nworkers - 1;
	/* Without --print-key the work keeps its output to itself. */
	out = r->keys != NULL ? r->keys + i * keylen : NULL;
	if (id <= run->nworkers) {
		if (run->states[w] == NULL)
			run->states[w] = work_state_new(run->work);
		ws = run->states[w];
	}

	cpu0 = r->config.lines_only ? 0 : cpuclock_thread_us();
	run_task_start(run, i);
	t->status = work_run(run->work, ws, out);
	t->cpu_us = r->config.lines_only ? 0 : cpuclock_thread_us() - cpu0;
	run_task_end(run, i);
}

void
run_task_queued(struct run *run, size_t i)
{
	struct record_task *t = &run->rec->tasks[i];

	t->queued_us = run_now(run);
	if (run->lv != NULL)
		live_set(&run->lv->tasks[i].queued_us, t->queued_us);
}

void
run_task_done(struct run *run, size_t i, int status)
{
	struct record_task *t = &run->rec->tasks[i];

	t->done_us = run_now(run);
	run->done++;
	run->fate[i] = status == UV_ECANCELED ? FATE_CANCELLED : FATE_DELIVERED;
	if (run->lv != NULL) {
		if (status == UV_ECANCELED)
			atomic_store_explicit(&run->lv->tasks[i].cancelled, true,
			    memory_order_release);
		live_set(&run->lv->tasks[i].done_us, t->done_us);
	}
	if (status == UV_ECANCELED) {
		t->worker = 0;	/* it never ran */
		return;
	}
	emit(run, LINE_ASYNC_DONE, t->id, t->done_us);
	if (run->sc->task_done != NULL)
		run->sc->task_done(run, run->sc_state);
}

static void
after_work_cb(uv_work_t *req, int status)
{
	struct run *run = req->data;

	run_task_done(run, (size_t)(req - run->works), status);
}

static void
queue_all(struct run *run)
{
	struct record *r = run->rec;
	size_t i;

	/* The first work makes libuv's pool, whose threads inherit this mask. */
	host_hold(run->host, true);
	for (i = 0; i < r->ntasks && !run->stopping; i++) {
		run->works[i].data = run;
		run_task_queued(run, i);
		/* Fails only for a NULL work_cb. */
		(void)uv_queue_work(&run->loop, &run->works[i], work_cb,
		    after_work_cb);
	}
	/* The sampler's thread, too, must never see the cancelling signal. */
	if (i > 0) {
		run->demand = demand_start("/proc", run->rec->config.pool, i,
		    &run->ended);
		run->demand_started = true;
	}
	host_hold(run->host, false);
	emit(run, LINE_SCHEDULED, 0, run_now(run));
	flush(run);
}

/* --- the blocking hash ------------------------------------------------------ */

/*
 * The main thread hashes between two lines. In the blocked scenario it
 * runs record_block_units whole hashes, one more than any worker has to:
 * sharing the CPUs fairly, the pool ends first, and each finished result
 * waits about a hash for the main thread to deliver it. The count is the
 * options', not the clock's, so blocked and offload do the same work. Its context is made before the
 * clock starts, as a worker's is, so both time the hash alone.
 */
static int
run_sync(struct run *run, uint64_t units)
{
	struct record *r = run->rec;
	struct work_state *ws;
	int64_t cpu0;
	int rc;

	emit(run, LINE_SYNC_START, 0, run_now(run));
	flush(run);
	if ((ws = work_state_new(run->work)) == NULL)
		return -1;
	/* The loop cannot see a signal now, and a hash may take minutes. */
	host_exit_at_once(run->host, true);
	r->sync.ran = true;
	cpu0 = cpuclock_thread_us();
	r->sync.start_us = run_now(run);
	if (run->lv != NULL)
		live_set(&run->lv->t[LIVE_SYNC_START], r->sync.start_us);
	for (;;) {
		rc = work_run(run->work, ws, r->config.print_key ?
		    r->sync_key : NULL);
		r->heartbeat.block_hashes++;
		if (rc != 0 || r->heartbeat.block_hashes >= units ||
		    run->stopping)
			break;
	}
	r->sync.end_us = run_now(run);
	if (run->lv != NULL)
		live_set(&run->lv->t[LIVE_SYNC_END], r->sync.end_us);
	r->sync.cpu_us = cpuclock_thread_us() - cpu0;
	host_exit_at_once(run->host, false);
	work_state_free(ws);
	emit(run, LINE_SYNC_END, 0, r->sync.end_us);
	return rc;
}

/* --- what a scenario uses (core/run.h) ------------------------------------ */

uv_loop_t *
run_loop(struct run *run)
{
	return &run->loop;
}

struct record *
run_record(struct run *run)
{
	return run->rec;
}

const struct host *
run_host(const struct run *run)
{
	return run->host;
}

void
run_emit(struct run *run, enum line_kind kind, uint32_t id, int64_t us)
{
	emit(run, kind, id, us);
}

void
run_stop(struct run *run)
{
	stop(run);
}

/*
 * A scenario's own part failed (a thread it could not start): stop the
 * run, and fail it with this message once the loop ends. The first
 * failure is the one reported.
 */
void
run_fail(struct run *run, const char *fmt, ...)
{
	va_list ap;

	if (run->fail_msg[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(run->fail_msg, sizeof(run->fail_msg), fmt, ap);
		va_end(ap);
	}
	stop(run);
}

bool
run_stopping(const struct run *run)
{
	return run->stopping;
}

/* Every hash queued has been delivered on the loop (or cancelled). */
bool
run_all_delivered(const struct run *run)
{
	return run->done == run->rec->ntasks;
}

void
run_listen_signals(struct run *run)
{
	signals_start(run);
}

void
run_queue_all(struct run *run)
{
	queue_all(run);
}

void
run_scheduled(struct run *run)
{
	emit(run, LINE_SCHEDULED, 0, run_now(run));
	flush(run);
}

void
run_hold(struct run *run, bool on)
{
	host_hold(run->host, on);
}

/* The blocking hash; a failure fails the run once the loop ends. */
int
run_block(struct run *run, bool many)
{
	if (run_sync(run, many ?
	    record_block_units(&run->rec->config) : 1) == 0)
		return 0;
	run->sync_failed = true;
	return -1;
}

/*
 * The offload thread's loop: what run_sync does, without lines or signals,
 * reading only what is shared read-only (the work, the config) and its own
 * state.
 */
int
run_units(struct run *run, const atomic_bool *quit, struct record_offload *o)
{
	uint64_t units = record_block_units(&run->rec->config);
	struct work_state *ws;
	int64_t cpu0;
	int rc;

	if ((ws = work_state_new(run->work)) == NULL)
		return -1;
	cpu0 = cpuclock_thread_us();
	o->start_us = run_now(run);
	if (run->lv != NULL)
		live_set(&run->lv->t[LIVE_OFFLOAD_START], o->start_us);
	for (;;) {
		rc = work_run(run->work, ws, NULL);
		o->units++;
		if (run->lv != NULL)
			live_set(&run->lv->t[LIVE_OFFLOAD_UNITS],
			    (int64_t)o->units);
		if (rc != 0 || o->units >= units || atomic_load(quit))
			break;
	}
	o->end_us = run_now(run);
	if (run->lv != NULL)
		live_set(&run->lv->t[LIVE_OFFLOAD_END], o->end_us);
	o->cpu_us = cpuclock_thread_us() - cpu0;
	work_state_free(ws);
	return rc;
}

/* --- the run ------------------------------------------------------------------ */

/*
 * libuv reads UV_THREADPOOL_SIZE once, when the first work is queued in
 * the process, so this must come before any run.
 */
int
experiment_set_pool(unsigned pool, char *err, size_t errlen)
{
	char v[16];

	snprintf(v, sizeof(v), "%u", pool);
	if (setenv("UV_THREADPOOL_SIZE", v, 1) != 0) {
		snprintf(err, errlen, "cannot set UV_THREADPOOL_SIZE");
		return -1;
	}
	return 0;
}

/*
 * The machine's facts, read at the first run: the affinity and the quota
 * do not change under a run, and reading them once keeps each run's
 * cost to its two snapshots. A host's machine root (a test hook) reads
 * /proc and /sys/fs/cgroup under a fixture tree instead: a /proc/stat
 * that never moves is a quiet machine, a cgroup there is a quota.
 */
static const struct machine_facts *
machine_facts_once(const char *root)
{
	static struct machine_facts facts;
	static bool read;

	if (!read) {
		if (machine_facts_read(&facts, root != NULL ? root : "") != 0 &&
		    root != NULL)	/* too long: the real machine, then */
			(void)machine_facts_read(&facts, "");
		read = true;
	}
	return &facts;
}

static void
machine_to_record(struct record_machine *m, const struct machine_facts *f)
{
	m->affinity_cpus = f->cpus.count > 0 ? (unsigned)f->cpus.count : 0;
	m->quota_cgroup = f->quota.cgroup;
	m->quota_limited = f->quota.limited;
	m->quota_cpus = f->quota.limited ? f->quota.cpus : 0;
	m->quota_period_ms = f->quota.limited ? f->quota.period_ms : 0;
	m->usable_cpus = f->usable_cpus;
}

static void
close_handles(struct run *run)
{
	if (run->signals_on) {
		host_wake(run->host, NULL);
		uv_close((uv_handle_t *)&run->sigwake, NULL);
	}
	if (run->sc_open && run->sc->close != NULL)
		run->sc->close(run, run->sc_state);
	uv_close((uv_handle_t *)&run->flusher, NULL);
	uv_run(&run->loop, UV_RUN_DEFAULT);
}

int
experiment_run(const struct work *k, struct record *r,
    const struct experiment_sink *sink, char *err, size_t errlen)
{
	const struct host *host = sink != NULL ? sink->host : NULL;
	const struct machine_facts *facts;
	struct machine_snap snap[2];
	struct run *run;
	size_t nscratch;
	int rc = -1, lrc;

	/* Heap, not stack: the probes' buffers and the handles are large. */
	if ((run = calloc(1, sizeof(*run))) == NULL) {
		snprintf(err, errlen, "cannot allocate memory for the run");
		return -1;
	}
	run->rec = r;
	run->work = k;
	run->sink = sink;
	run->host = host;
	run->lv = sink != NULL ? sink->live : NULL;
	run->sc = scenario_get(r->config.scenario)->ops;
	run->generation = ++generation;
	atomic_init(&run->next_worker, 0);
	atomic_init(&run->ended, 0);

	facts = machine_facts_once(host != NULL ? host->machine_root : NULL);
	r->machine.cpus = uv_available_parallelism();
	machine_to_record(&r->machine, facts);
	snprintf(r->machine.libuv, sizeof(r->machine.libuv), "%s",
	    uv_version_string());
	snprintf(r->machine.openssl, sizeof(r->machine.openssl), "%s",
	    work_library_version());

	nscratch = run->nworkers = r->config.pool ? r->config.pool : 1;
	run->works = calloc(r->ntasks ? r->ntasks : 1, sizeof(*run->works));
	run->fate = calloc(r->ntasks ? r->ntasks : 1, sizeof(*run->fate));
	run->states = calloc(nscratch, sizeof(*run->states));
	run->sc_state = calloc(1, run->sc->size ? run->sc->size : 1);
	if (run->works == NULL || run->fate == NULL || run->states == NULL || run->sc_state == NULL) {
		snprintf(err, errlen, "cannot allocate memory for %zu calls",
		    r->ntasks);
		goto out_free;
	}
	/*
	 * libuv starts its pool once, on the first run's first queued unit,
	 * and abort()s when it cannot. The CLI probed before anything was
	 * made; probe again now that this run's arrays (and the records')
	 * take their memory, so that ulimit -v is one line here too.
	 */
	if (!pool_started && pool_probe_threads(r->config.pool, err,
	    errlen) != 0)
		goto out_free;
	pool_started = true;
	if ((lrc = uv_loop_init(&run->loop)) != 0) {
		snprintf(err, errlen, "uv_loop_init: %s", uv_strerror(lrc));
		goto out_free;
	}
	uv_check_init(&run->loop, &run->flusher);
	run->flusher.data = run;
	uv_check_start(&run->flusher, flusher_cb);
	uv_unref((uv_handle_t *)&run->flusher);
	if (run->sc->open != NULL && run->sc->open(run, run->sc_state, err,
	    errlen) != 0)
		goto out_close;
	run->sc_open = true;

	/* A few reads on either side of the run: nothing inside it. */
	machine_snap_take(&snap[0], facts);
	run->zero = uv_hrtime();
	if (run->lv != NULL)
		atomic_store_explicit(&run->lv->zero, run->zero,
		    memory_order_release);
	run->sc->start(run, run->sc_state);
	uv_run(&run->loop, UV_RUN_DEFAULT);
	if (run->demand_started)
		demand_stop(run->demand, &r->demand);
	else
		snprintf(r->demand.why, sizeof(r->demand.why), "no unit was "
		    "queued");
	machine_snap_take(&snap[1], facts);
	machine_load_compute(&r->load, facts, &snap[0], &snap[1]);
	machine_load_stopped(&r->load, r->demand.stop_known,
	    r->demand.stopped_ms);

	rc = 0;
	if (run->sync_failed) {
		snprintf(err, errlen, "%s failed on the main thread",
		    r->config.work.name);
		rc = -1;
	} else if (run->fail_msg[0] != '\0') {
		snprintf(err, errlen, "%s", run->fail_msg);
		rc = -1;
	}
	for (size_t i = 0; i < r->ntasks && rc == 0; i++)
		if (r->tasks[i].worker != 0 && r->tasks[i].status != 0) {
			snprintf(err, errlen, "%s failed for async %s %u",
			    r->config.work.name, r->config.work.unit,
			    r->tasks[i].id);
			rc = -1;
		}

out_close:
	close_handles(run);
	publish(run);
	if (run->lv != NULL)
		atomic_store_explicit(&run->lv->ended, true, memory_order_release);
	flush(run);
	if ((lrc = uv_loop_close(&run->loop)) != 0 && rc == 0) {
		snprintf(err, errlen, "uv_loop_close: %s", uv_strerror(lrc));
		rc = -1;
	}
out_free:
	if (run->states != NULL)
		for (size_t w = 0; w < nscratch; w++)
			work_state_free(run->states[w]);
	free(run->states);
	free(run->works);
	free(run->fate);
	free(run->sc_state);
	free(run);
	return rc;
}
