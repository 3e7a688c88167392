/* test_repeat: --warmup and --repeat runs in one process, and how a cancellation stops them. */
#include "hostfix.h"

#include "core/repeat.h"

/* What progress was told, and when to cancel (before run cancel_at). */
static size_t calls[16][3], ncalls;
static size_t cancel_at = SIZE_MAX;
static size_t live_lines;	/* lines the live sink saw */
static int stopping_calls;

static void
progress(size_t i, size_t n, size_t warmup)
{
	if (ncalls < 16) {
		calls[ncalls][0] = i;
		calls[ncalls][1] = n;
		calls[ncalls][2] = warmup;
	}
	ncalls++;
	if (i == cancel_at)
		hf_cancel(SIGINT);
}

static int
live_line(void *arg, const struct record *r, const struct record_line *l)
{
	(void)arg, (void)r, (void)l;
	live_lines++;
	return 0;
}

static void
live_stopping(void *arg, const struct record *r, size_t running)
{
	(void)arg, (void)r, (void)running;
	stopping_calls++;
}

/* n runs of 3 hashes, the first warmup unmeasured; cancelled before run cancel. */
static int
repeat(struct repeat *rp, size_t warmup, size_t n, size_t cancel)
{
	struct experiment_sink live = { .line = live_line,
	    .stopping = live_stopping };
	struct record_config cfg;
	struct repeat_request q = { .cfg = &cfg, .warmup = warmup, .n = n,
	    .live = &live, .progress = progress, .host = hf_reset() };
	struct work *w = hf_work();
	char err[256];
	int rc;

	ncalls = 0;
	live_lines = 0;
	stopping_calls = 0;
	cancel_at = cancel;
	hf_config(&cfg, w, 3, true);
	rc = repeat_run(rp, w, &q, err, sizeof(err));
	work_close(w);
	return rc;
}

/* Every run done; only the last one's lines go live; progress before each and after all. */
static void
every_run_done(void **state)
{
	struct repeat rp;

	(void)state;
	assert_int_equal(repeat(&rp, 1, 3, SIZE_MAX), 0);
	assert_int_equal(rp.n, 3);
	assert_int_equal(rp.done, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_false(rp.runs[i].interrupted);
		assert_int_equal(rp.runs[i].nlines, 3 + 3);
	}
	assert_int_equal(live_lines, rp.runs[2].nlines);
	assert_int_equal(stopping_calls, 0);
	assert_int_equal(ncalls, 4);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(calls[i][0], i);
		assert_int_equal(calls[i][1], 3);
		assert_int_equal(calls[i][2], 1);
	}
	assert_int_equal(calls[3][0], 3);
	assert_int_equal(calls[3][2], 0);
	repeat_free(&rp);
	assert_null(rp.runs);
	assert_int_equal(rp.done, 0);
}

/*
 * A cancellation during run 1 (of 4): that run is interrupted, kept,
 * and is the last; the run before it is whole; none after it starts.
 * It is not the last run, so it says it is stopping but prints no line.
 */
static void
cancel_in_a_run_stops_the_repeats(void **state)
{
	struct repeat rp;

	(void)state;
	assert_int_equal(repeat(&rp, 0, 4, 1), 0);
	assert_int_equal(rp.done, 2);
	assert_false(rp.runs[0].interrupted);
	assert_true(rp.runs[1].interrupted);
	assert_int_equal(rp.runs[1].signal, SIGINT);
	assert_int_equal(stopping_calls, 1);
	assert_int_equal(live_lines, 0);
	assert_int_equal(ncalls, 3);	/* runs 0 and 1, then the end */
	assert_int_equal(calls[2][0], 4);
	repeat_free(&rp);
}

/* A cancellation in the last run: its live lines stop, the run is kept. */
static void
cancel_in_the_last_run_is_kept(void **state)
{
	struct repeat rp;

	(void)state;
	assert_int_equal(repeat(&rp, 1, 2, 1), 0);
	assert_int_equal(rp.done, 2);
	assert_false(rp.runs[0].interrupted);
	assert_true(rp.runs[1].interrupted);
	assert_int_equal(stopping_calls, 1);
	assert_int_equal(live_lines, rp.runs[1].nlines);
	repeat_free(&rp);
}

/* Cancelled before any run: none runs, progress hears only the end. */
static void
cancel_before_the_first_run_runs_none(void **state)
{
	struct repeat rp;
	struct experiment_sink live = { .line = live_line };
	struct record_config cfg;
	struct repeat_request q = { .cfg = &cfg, .n = 2, .live = &live,
	    .progress = progress, .host = hf_reset() };
	struct work *w = hf_work();
	char err[256];

	(void)state;
	ncalls = 0;
	cancel_at = SIZE_MAX;
	live_lines = 0;
	hf_signal = SIGTERM;
	hf_config(&cfg, w, 3, true);
	assert_int_equal(repeat_run(&rp, w, &q, err, sizeof(err)), 0);
	work_close(w);
	assert_int_equal(rp.done, 0);
	assert_int_equal(ncalls, 1);
	assert_int_equal(calls[0][0], 2);
	assert_int_equal(live_lines, 0);
	repeat_free(&rp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_run_done),
		cmocka_unit_test(cancel_in_a_run_stops_the_repeats),
		cmocka_unit_test(cancel_in_the_last_run_is_kept),
		cmocka_unit_test(cancel_before_the_first_run_runs_none),
	};

	hf_main();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
