/* test_experiment: the article's run on a real loop, whole, cancelled by the host, or stopped by its sink. */
#include "hostfix.h"

/* What the sink saw: lines in order, flushes, and the stopping call. */
struct seen {
	enum line_kind kinds[64];
	size_t nlines;
	int flushes;
	int stopping_calls;
	size_t running;
	bool stopped_interrupted;	/* the record said so at stopping */
	/* Cancel (SIGINT) at the first async done line. */
	bool cancel_at_first_done;
	/* Refuse this line kind (the reader went away). */
	bool refuse;
	enum line_kind refused;
};

static int
seen_line(void *arg, const struct record *r, const struct record_line *l)
{
	struct seen *s = arg;

	(void)r;
	if (s->nlines < 64)
		s->kinds[s->nlines] = l->kind;
	s->nlines++;
	if (s->cancel_at_first_done && l->kind == LINE_ASYNC_DONE &&
	    hf_signal == 0)
		hf_cancel(SIGINT);
	return s->refuse && l->kind == s->refused ? -1 : 0;
}

static int
seen_flush(void *arg)
{
	((struct seen *)arg)->flushes++;
	return 0;
}

static void
seen_stopping(void *arg, const struct record *r, size_t running)
{
	struct seen *s = arg;

	/* No assertion here: a failure must not leave the pool held. */
	s->stopped_interrupted = r->interrupted;
	s->stopping_calls++;
	s->running = running;
}

/* Returns experiment_run's result, asserted by the caller (see the blocker). */
static int
run_one(struct record *r, uint64_t calls, bool sync, struct seen *s)
{
	struct experiment_sink sink = { .line = seen_line, .flush = seen_flush,
	    .stopping = seen_stopping, .arg = s, .host = &hf_host };
	struct record_config cfg;
	struct work *w = hf_work();
	char err[256];
	int rc;

	hf_config(&cfg, w, calls, sync);
	if (record_init(r, &cfg, err, sizeof(err)) != 0)
		return -1;
	rc = experiment_run(w, r, &sink, err, sizeof(err));
	work_close(w);
	return rc;
}

/* After any run: the host's hooks were undone, and the sink saw every line. */
static void
hooks_undone(const struct record *r, const struct seen *s)
{
	assert_int_equal(hf_holds, 0);
	assert_int_equal(hf_exit_on, 0);
	assert_null(hf_async);		/* no signal may reach a closed handle */
	assert_int_equal(hf_wakes, 1);
	assert_int_equal(hf_unwakes, 1);
	assert_int_equal(s->nlines, r->nlines);
	for (size_t i = 0; i < r->nlines && i < 64; i++)
		assert_int_equal(s->kinds[i], r->lines[i].kind);
}

/* Not cancelled: the article's lines in order, every hash delivered. */
static void
whole_run_delivers_every_hash(void **state)
{
	struct record r;
	struct seen s = { 0 };
	size_t delivered, cancelled;

	(void)state;
	hf_reset();
	assert_int_equal(run_one(&r, 6, true, &s), 0);
	assert_false(r.interrupted);
	assert_int_equal(r.signal, 0);
	assert_int_equal(s.stopping_calls, 0);
	hooks_undone(&r, &s);
	assert_int_equal(hf_hold_calls, 2);	/* around the queueing */
	assert_true(s.flushes > 0);
	assert_int_equal(r.nlines, 3 + 6);
	assert_int_equal(r.lines[0].kind, LINE_SYNC_START);
	assert_int_equal(r.lines[1].kind, LINE_SYNC_END);
	assert_int_equal(r.lines[2].kind, LINE_SCHEDULED);
	for (size_t i = 1; i < r.nlines; i++)
		assert_true(r.lines[i - 1].us <= r.lines[i].us);
	assert_true(r.sync.ran);
	assert_true(r.sync.start_us <= r.sync.end_us);
	hf_count(&r, &delivered, &cancelled);
	assert_int_equal(delivered, 6);
	assert_int_equal(cancelled, 0);
	for (size_t i = 0; i < r.ntasks; i++) {
		assert_int_equal(r.tasks[i].worker, 1);	/* a pool of one */
		assert_int_equal(r.tasks[i].status, 0);
		assert_true(r.tasks[i].queued_us >= r.sync.end_us);
	}
	/* The fixture's machine: no cgroup, so no quota. */
	assert_false(r.machine.quota_limited);
	assert_int_equal(r.machine.quota_cgroup, MACHINE_CGROUP_NONE);
	record_free(&r);
}

/*
 * Cancelled before the loop could hear it (the signal came during the
 * blocking hash): with the pool's thread held, every hash is still in
 * the queue and every one is cancelled; none was running.
 */
static void
cancelled_run_cancels_the_queue(void **state)
{
	struct hf_blocker b;
	struct record r;
	struct seen s = { 0 };
	size_t delivered, cancelled;
	int rc;

	(void)state;
	hf_reset();
	hf_signal = SIGTERM;
	hf_block_pool(&b);
	rc = run_one(&r, 8, true, &s);
	hf_release_pool(&b);
	assert_int_equal(rc, 0);
	assert_true(s.stopped_interrupted);
	assert_true(r.interrupted);
	assert_int_equal(r.signal, SIGTERM);
	assert_int_equal(s.stopping_calls, 1);
	assert_int_equal(s.running, 0);
	hooks_undone(&r, &s);
	hf_count(&r, &delivered, &cancelled);
	assert_int_equal(delivered, 0);
	assert_int_equal(cancelled, 8);
	/* The lines before the stop, and no async done line. */
	assert_int_equal(r.nlines, 3);
	assert_int_equal(r.lines[2].kind, LINE_SCHEDULED);
	record_free(&r);
}

/*
 * Cancelled in the middle, at the first delivered hash: the run stops
 * once, each hash is either delivered with its line or cancelled, and
 * the stopping count is of hashes neither cancelled nor delivered.
 */
static void
cancelled_midway_keeps_what_finished(void **state)
{
	struct record r;
	struct seen s = { .cancel_at_first_done = true };
	size_t delivered, cancelled;

	(void)state;
	hf_reset();
	assert_int_equal(run_one(&r, 40, false, &s), 0);
	assert_true(s.stopped_interrupted);
	assert_true(r.interrupted);
	assert_int_equal(r.signal, SIGINT);
	assert_int_equal(s.stopping_calls, 1);
	hooks_undone(&r, &s);
	hf_count(&r, &delivered, &cancelled);
	assert_int_equal(delivered + cancelled, 40);
	assert_true(delivered >= 1);
	/*
	 * Running at the stop: neither cancelled nor yet delivered, so
	 * delivered since; the one whose line cancelled was delivered before.
	 */
	assert_true(s.running + 1 <= delivered);
	assert_false(r.sync.ran);
	record_free(&r);
}

/*
 * The sink refused the first line (its reader went away): the run
 * stops before queuing anything, prints nothing more, and is not
 * interrupted (no signal came).
 */
static void
refused_sink_stops_queuing(void **state)
{
	struct record r;
	struct seen s = { .refuse = true, .refused = LINE_SYNC_START };
	size_t delivered, cancelled;

	(void)state;
	hf_reset();
	assert_int_equal(run_one(&r, 5, true, &s), 0);
	assert_false(r.interrupted);
	assert_int_equal(s.stopping_calls, 0);
	assert_int_equal(s.nlines, 1);
	assert_int_equal(r.nlines, 1);
	hf_count(&r, &delivered, &cancelled);
	assert_int_equal(cancelled, 5);
	for (size_t i = 0; i < r.ntasks; i++)
		assert_int_equal(r.tasks[i].queued_us, 0);
	record_free(&r);
}

/* No host and no sink at all: never cancelled, nothing printed. */
static void
no_host_runs_whole(void **state)
{
	struct record_config cfg;
	struct record r;
	struct work *w = hf_work();
	size_t delivered, cancelled;
	char err[256];

	(void)state;
	hf_config(&cfg, w, 3, false);
	assert_int_equal(record_init(&r, &cfg, err, sizeof(err)), 0);
	assert_int_equal(experiment_run(w, &r, NULL, err, sizeof(err)), 0);
	work_close(w);
	assert_false(r.interrupted);
	hf_count(&r, &delivered, &cancelled);
	assert_int_equal(delivered, 3);
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_run_delivers_every_hash),
		cmocka_unit_test(cancelled_run_cancels_the_queue),
		cmocka_unit_test(cancelled_midway_keeps_what_finished),
		cmocka_unit_test(refused_sink_stops_queuing),
		cmocka_unit_test(no_host_runs_whole),
	};

	hf_main();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
