/* test_check: the article's promises as verdicts, on fixed records. */
#include "testutil.h"
#include "fixtures.h"

#include "report/check.h"

static const struct check_result *
find(const struct checks *cs, const char *name)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->c[i].name, name) == 0)
			return &cs->c[i];
	return NULL;
}

static void
run_checks(struct checks *cs, struct record *r, double tol)
{
	struct stats st;

	assert_int_equal(stats_compute(&st, r, 1), 0);
	check_run(cs, r, 1, &st, tol);
}

/*
 * The article on 2 CPUs: T = 640.871 ms (the blocking hash's CPU time), 2 waves, makespan 1289.782 ms;
 * bounds at 25%: <= 1.25 * 2 * T' and >= 0.75 * 4 * T / 2, where T' =
 * 641.41225 ms is what a pooled hash cost (a little more than T).
 */
static void
article_passes(void **state)
{
	struct record r;
	struct checks cs;
	const struct check_result *c;

	(void)state;
	fx_article(&r);
	run_checks(&cs, &r, 25);
	assert_true(cs.all_ok);
	assert_int_equal(cs.n, 6);
	c = find(&cs, "makespan_max");
	assert_non_null(c);
	assert_near(c->bound, 1.25 * 2 * (641012 + 640554 + 642210 + 641873) /
	    4.0 / 1000, 1e-9);
	assert_near(c->measured, 1289.782, 1e-9);
	c = find(&cs, "makespan_min");
	assert_near(c->bound, 0.75 * 4 * 640.871 / 2, 1e-9);
	c = find(&cs, "sync_work");
	assert_near(c->measured, 640871.0 / ((641012 + 640554 + 642210 + 641873) / 4.0), 1e-9);
	c = find(&cs, "lag");
	assert_near(c->measured, 0.081, 1e-9);
	/* 4 busy workers and the loop on 2 CPUs: 2.5 times 5 ms, widened. */
	assert_near(c->bound, 5.0 * 1.25 * 5 / 2, 1e-9);
	assert_int_equal(find(&cs, "scheduled_first")->measured, 0);
	record_free(&r);
}

/* No tolerance: 1289.782 ms is over 2 * 641.186 ms. */
static void
no_tolerance_fails_the_upper_bound(void **state)
{
	struct record r;
	struct checks cs;

	(void)state;
	fx_article(&r);
	run_checks(&cs, &r, 0);
	assert_false(cs.all_ok);
	assert_false(find(&cs, "makespan_max")->ok);
	assert_true(find(&cs, "makespan_min")->ok);
	record_free(&r);
}

/*
 * Pooled hashes that cost 30% more CPU than the blocking hash (siblings on
 * one core, a slower clock) make each wave 30% longer: the upper bound
 * follows what they cost, so a pool that did run two at a time holds.
 */
static void
dearer_pooled_hashes_widen_the_upper_bound(void **state)
{
	struct record r;
	struct checks cs;
	const struct check_result *c;

	(void)state;
	fx_article(&r);
	for (size_t i = 0; i < r.ntasks; i++) {
		struct record_task *t = &r.tasks[i];

		t->cpu_us = t->cpu_us * 13 / 10;
		t->end_us = t->start_us + (t->end_us - t->start_us) * 13 / 10;
		t->done_us = t->end_us + 70;
	}
	run_checks(&cs, &r, 10);
	c = find(&cs, "makespan_max");
	/* Against the blocking hash alone, 1.1 * 2 * 641 ms, it would fail. */
	assert_true(c->measured > 1.1 * 2 * 641.186);
	assert_true(c->ok);
	assert_true(c->bound > 1.1 * 2 * 1.29 * 641.186);
	record_free(&r);
}

/* The same dearer hashes, one at a time: the pool did not run in parallel. */
static void
a_serial_pool_of_dearer_hashes_still_fails(void **state)
{
	struct record r;
	struct checks cs;
	int64_t at;

	(void)state;
	fx_article(&r);
	at = r.tasks[0].start_us;
	for (size_t i = 0; i < r.ntasks; i++) {
		struct record_task *t = &r.tasks[i];
		int64_t cost = t->cpu_us * 13 / 10;

		t->cpu_us = cost;
		t->worker = 1;
		t->start_us = at;
		t->end_us = at + cost;
		t->done_us = t->end_us + 70;
		at = t->end_us;
	}
	run_checks(&cs, &r, 25);
	assert_false(find(&cs, "makespan_max")->ok);
	record_free(&r);
}

/*
 * A pool serialised on a lock that spins: one hash at a time, while the
 * other worker burns its CPU waiting, so a pooled hash "costs" 2 T. T' is
 * capped at 1.5 T, and the serial pool still fails.
 */
static void
a_spinning_serial_pool_still_fails(void **state)
{
	struct record r;
	struct checks cs;
	int64_t at, t = 640871;

	(void)state;
	fx_article(&r);
	at = r.tasks[0].start_us;
	for (size_t i = 0; i < r.ntasks; i++) {
		struct record_task *k = &r.tasks[i];

		k->cpu_us = 2 * t;
		k->start_us = at;
		k->end_us = at + t;
		k->done_us = k->end_us + 70;
		at = k->end_us;
	}
	run_checks(&cs, &r, 25);
	assert_near(find(&cs, "makespan_max")->bound, 1.25 * 2 * 1.5 * 640.871,
	    1e-6);
	assert_false(find(&cs, "makespan_max")->ok);
	record_free(&r);
}

/* Hashes that took no time did no work: under the floor the CPUs set. */
static void
too_fast_fails_the_lower_bound(void **state)
{
	struct record r;
	struct checks cs;

	(void)state;
	fx_article(&r);
	for (size_t i = 0; i < r.ntasks; i++)
		r.tasks[i].done_us = r.tasks[i].end_us = r.tasks[i].start_us + 1000;
	run_checks(&cs, &r, 25);
	assert_false(find(&cs, "makespan_min")->ok);
	record_free(&r);
}

static void
weak_sync_and_early_done_fail(void **state)
{
	struct record r;
	struct checks cs;

	(void)state;
	fx_article(&r);
	r.sync.cpu_us = 1000;		/* the blocking hash barely ran */
	/* A Done line before Scheduled. */
	r.lines[2].kind = LINE_ASYNC_DONE;
	r.lines[2].id = 1;
	r.lines[3].kind = LINE_SCHEDULED;
	run_checks(&cs, &r, 25);
	assert_false(find(&cs, "sync_work")->ok);
	assert_false(find(&cs, "scheduled_first")->ok);
	assert_int_equal(find(&cs, "scheduled_first")->measured, 1);
	record_free(&r);
}

static void
what_does_not_apply_is_left_out(void **state)
{
	struct record r;
	struct checks cs;

	(void)state;
	fx_nosync(&r);
	run_checks(&cs, &r, 25);
	assert_null(find(&cs, "sync_work"));
	assert_int_equal(cs.n, 5);
	record_free(&r);
	fx_zero(&r);
	run_checks(&cs, &r, 25);
	assert_int_equal(cs.n, 1);
	assert_true(cs.all_ok);
	record_free(&r);
}

static void
lag_bound_grows_with_the_crowd(void **state)
{
	struct record_config c = { .calls = 8, .pool = 1 };

	(void)state;
	/* One worker and the loop fit two CPUs: 5 ms, widened by 25%. */
	assert_near(check_lag_bound_ms(&c, 2, 25), 6.25, 1e-9);
	c.pool = 4;
	assert_near(check_lag_bound_ms(&c, 2, 0), 12.5, 1e-9);
	c.calls = 1;	/* one hash keeps only one worker busy */
	assert_near(check_lag_bound_ms(&c, 2, 0), 5, 1e-9);
	assert_near(check_lag_bound_ms(&c, 16, 100), 10, 1e-9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(article_passes),
		cmocka_unit_test(no_tolerance_fails_the_upper_bound),
		cmocka_unit_test(dearer_pooled_hashes_widen_the_upper_bound),
		cmocka_unit_test(a_serial_pool_of_dearer_hashes_still_fails),
		cmocka_unit_test(a_spinning_serial_pool_still_fails),
		cmocka_unit_test(too_fast_fails_the_lower_bound),
		cmocka_unit_test(weak_sync_and_early_done_fail),
		cmocka_unit_test(what_does_not_apply_is_left_out),
		cmocka_unit_test(lag_bound_grows_with_the_crowd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
