/* experiment: the article's blocking hash and pooled hashes, on libuv. */
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <uv.h>

#include "experiment.h"

struct run {
	uv_loop_t loop;
	uv_check_t flusher;
	uv_signal_t sigint, sigterm;
	uv_work_t *works;		/* one per task, indexed like r->tasks */
	struct record *rec;
	const struct kdf *kdf;
	const struct experiment_sink *sink;
	uint64_t zero;			/* uv_hrtime() at the run's zero */
	unsigned char *scratch;		/* pool * keylen: keys nobody prints */
	uint64_t generation;
	atomic_uint next_worker;
	bool stopping;			/* cancel, drain, print nothing more */
	bool signals_on;
};

/*
 * libuv's workers have no ids, so each numbers itself on its first task of
 * a run. The generation tells a worker that a new run began since it last
 * took a number; it is written before uv_queue_work(), whose queue mutex
 * orders it before any worker reads it.
 */
static uint64_t generation;
static _Thread_local uint64_t tls_generation;
static _Thread_local uint32_t tls_worker;

static int64_t
run_now(const struct run *run)
{
	return (int64_t)((uv_hrtime() - run->zero) / 1000);
}

static int64_t
thread_cpu_us(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
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
		if (run->works[i].data != NULL)
			(void)uv_cancel((uv_req_t *)&run->works[i]);
}

static void
emit(struct run *run, enum line_kind kind, uint32_t id, int64_t us)
{
	if (run->stopping || record_add_line(run->rec, kind, id, us) != 0)
		return;
	if (run->sink != NULL && run->sink->line != NULL &&
	    run->sink->line(run->sink->arg, run->rec,
	    &run->rec->lines[run->rec->nlines - 1]) != 0)
		stop(run);
}

static void
flush(struct run *run)
{
	if (run->stopping)
		return;
	if (run->sink != NULL && run->sink->flush != NULL &&
	    run->sink->flush(run->sink->arg) != 0)
		stop(run);
}

static void
flusher_cb(uv_check_t *h)
{
	flush(h->data);
}

/*
 * On a worker thread. It touches only its own task's slot and its own
 * scratch key, so it takes no lock and allocates nothing of its own; the
 * loop reads the slot in after_work_cb, which libuv orders after this.
 */
static void
work_cb(uv_work_t *req)
{
	struct run *run = req->data;
	struct record *r = run->rec;
	size_t i = (size_t)(req - run->works);
	struct record_task *t = &r->tasks[i];
	size_t keylen = r->config.keylen;
	unsigned char *out;
	int64_t cpu0;

	if (tls_generation != run->generation) {
		tls_generation = run->generation;
		tls_worker = atomic_fetch_add(&run->next_worker, 1) + 1;
	}
	out = r->keys != NULL ? r->keys + i * keylen :
	    run->scratch + (size_t)(tls_worker - 1) * keylen;

	cpu0 = thread_cpu_us();
	t->start_us = run_now(run);
	t->status = kdf_derive(run->kdf, out, keylen);
	t->end_us = run_now(run);
	t->cpu_us = thread_cpu_us() - cpu0;
	t->worker = tls_worker;
	if (r->keys == NULL)
		OPENSSL_cleanse(out, keylen);
}

static void
after_work_cb(uv_work_t *req, int status)
{
	struct run *run = req->data;
	struct record_task *t = &run->rec->tasks[req - run->works];

	t->done_us = run_now(run);
	if (status == UV_ECANCELED) {
		t->worker = 0;	/* it never ran */
		return;
	}
	emit(run, LINE_ASYNC_DONE, t->id, t->done_us);
}

/*
 * A signal while the loop runs: stop printing, cancel the queue and let
 * the hashes already on workers finish, so that the record stays whole.
 * A second signal means the user will not wait: flush the whole lines
 * already written and leave at once.
 */
static void
signal_cb(uv_signal_t *h, int signum)
{
	struct run *run = h->data;

	if (run->rec->interrupted) {
		if (run->sink != NULL && run->sink->flush != NULL)
			run->sink->flush(run->sink->arg);
		_exit(128 + signum);
	}
	run->rec->interrupted = true;
	run->rec->signal = signum;
	flush(run);
	stop(run);
}

static void
signals_start(struct run *run)
{
	uv_signal_t *hs[] = { &run->sigint, &run->sigterm };
	int signums[] = { SIGINT, SIGTERM };

	for (int i = 0; i < 2; i++) {
		uv_signal_init(&run->loop, hs[i]);
		hs[i]->data = run;
		uv_signal_start(hs[i], signal_cb, signums[i]);
		uv_unref((uv_handle_t *)hs[i]);
	}
	run->signals_on = true;
}

static void
die_now(int signum)
{
	_exit(128 + signum);
}

/*
 * While the main thread hashes, the loop cannot see a signal, and a hash
 * may take minutes. Output was flushed before the hash began, so leaving
 * at once loses nothing already reached.
 */
static void
block_begin(struct sigaction old[2])
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = die_now;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old[0]);
	sigaction(SIGTERM, &sa, &old[1]);
}

static void
block_end(const struct sigaction old[2])
{
	sigaction(SIGINT, &old[0], NULL);
	sigaction(SIGTERM, &old[1], NULL);
}

/* The blocking hash, on the main thread, between its two lines. */
static int
run_sync(struct run *run)
{
	struct record *r = run->rec;
	struct sigaction old[2];
	int64_t cpu0;
	int rc;

	emit(run, LINE_SYNC_START, 0, run_now(run));
	flush(run);
	block_begin(old);
	r->sync.ran = true;
	cpu0 = thread_cpu_us();
	r->sync.start_us = run_now(run);
	rc = kdf_derive(run->kdf, r->sync_key, r->config.keylen);
	r->sync.end_us = run_now(run);
	r->sync.cpu_us = thread_cpu_us() - cpu0;
	block_end(old);
	emit(run, LINE_SYNC_END, 0, r->sync.end_us);
	return rc;
}

static void
queue_all(struct run *run)
{
	struct record *r = run->rec;

	for (size_t i = 0; i < r->ntasks && !run->stopping; i++) {
		run->works[i].data = run;
		r->tasks[i].queued_us = run_now(run);
		/* Fails only for a NULL work_cb. */
		(void)uv_queue_work(&run->loop, &run->works[i], work_cb,
		    after_work_cb);
	}
	emit(run, LINE_SCHEDULED, 0, run_now(run));
	flush(run);
}

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

int
experiment_run(const struct kdf *k, struct record *r,
    const struct experiment_sink *sink, char *err, size_t errlen)
{
	struct run run;
	size_t keylen = r->config.keylen;
	int rc = -1, lrc;

	memset(&run, 0, sizeof(run));
	run.rec = r;
	run.kdf = k;
	run.sink = sink;
	run.generation = ++generation;
	atomic_init(&run.next_worker, 0);

	r->machine.cpus = uv_available_parallelism();
	snprintf(r->machine.libuv, sizeof(r->machine.libuv), "%s",
	    uv_version_string());
	snprintf(r->machine.openssl, sizeof(r->machine.openssl), "%s",
	    kdf_openssl_version());

	run.works = calloc(r->ntasks ? r->ntasks : 1, sizeof(*run.works));
	if (r->keys == NULL)
		run.scratch = calloc(r->config.pool ? r->config.pool : 1, keylen);
	if (run.works == NULL || (r->keys == NULL && run.scratch == NULL)) {
		snprintf(err, errlen, "cannot allocate memory for %zu calls",
		    r->ntasks);
		goto out_free;
	}
	if ((lrc = uv_loop_init(&run.loop)) != 0) {
		snprintf(err, errlen, "uv_loop_init: %s", uv_strerror(lrc));
		goto out_free;
	}
	uv_check_init(&run.loop, &run.flusher);
	run.flusher.data = &run;
	uv_check_start(&run.flusher, flusher_cb);
	uv_unref((uv_handle_t *)&run.flusher);

	run.zero = uv_hrtime();
	if (r->config.sync && run_sync(&run) != 0) {
		snprintf(err, errlen, "PBKDF2 failed on the main thread");
		goto out_close;
	}
	signals_start(&run);
	queue_all(&run);
	uv_run(&run.loop, UV_RUN_DEFAULT);

	rc = 0;
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0 && r->tasks[i].status != 0) {
			snprintf(err, errlen, "PBKDF2 failed for async hash %u",
			    r->tasks[i].id);
			rc = -1;
			break;
		}

out_close:
	if (run.signals_on) {
		uv_close((uv_handle_t *)&run.sigint, NULL);
		uv_close((uv_handle_t *)&run.sigterm, NULL);
	}
	uv_close((uv_handle_t *)&run.flusher, NULL);
	uv_run(&run.loop, UV_RUN_DEFAULT);
	flush(&run);
	if ((lrc = uv_loop_close(&run.loop)) != 0 && rc == 0) {
		snprintf(err, errlen, "uv_loop_close: %s", uv_strerror(lrc));
		rc = -1;
	}
out_free:
	free(run.works);
	if (run.scratch != NULL)
		OPENSSL_cleanse(run.scratch, (r->config.pool ? r->config.pool : 1) * keylen);
	free(run.scratch);
	return rc;
}
