/* test_report: statistics, checks and a baseline comparison assembled, no I/O. */
#include "testutil.h"
#include "fixtures.h"

#include "report/report.h"

/* One run, nothing asked for: statistics and this run's metrics only. */
static void
plain_run(void **state)
{
	struct record r;
	struct report_store s;
	struct report_request req = { .tolerance_pct = 25 };
	char err[128];

	(void)state;
	fx_article(&r);
	assert_int_equal(report_assemble(&s, &r, 1, &req, err, sizeof(err)), 0);
	assert_ptr_equal(s.rp.runs, &r);
	assert_int_equal(s.rp.nruns, 1);
	assert_ptr_equal(report_last(&s.rp), &r);
	assert_non_null(s.rp.stats);
	assert_non_null(s.rp.now);
	assert_null(s.rp.checks);
	assert_null(s.rp.base);
	assert_int_equal(s.rp.verdict, VERDICT_PASS);
	record_free(&r);
}

/* Checks that hold, then fail with no tolerance: failed says so. */
static void
checks_decide_failed(void **state)
{
	struct record r;
	struct report_store s;
	struct report_request req = { .check = true, .tolerance_pct = 25 };
	char err[128];

	(void)state;
	fx_article(&r);
	assert_int_equal(report_assemble(&s, &r, 1, &req, err, sizeof(err)), 0);
	assert_non_null(s.rp.checks);
	assert_int_equal(s.rp.verdict, VERDICT_PASS);
	req.tolerance_pct = 0;
	assert_int_equal(report_assemble(&s, &r, 1, &req, err, sizeof(err)), 0);
	assert_int_equal(s.rp.verdict, VERDICT_FAIL);
	assert_true(s.rp.judged);
	/* The reasons name what failed. */
	assert_true(s.rp.nreasons > 0);
	for (size_t i = 0; i < s.rp.nreasons; i++)
		assert_true(strncmp(s.rp.reasons[i], "makespan_", 9) == 0);
	record_free(&r);
}

/* Warm-ups are left out; a baseline twice as fast makes this run regress. */
static void
warmup_and_baseline(void **state)
{
	struct record r[2];
	struct report_store s;
	struct baseline base;
	struct report_request req = { .warmup = 1, .tolerance_pct = 25 };
	char err[128];

	(void)state;
	fx_article(&r[0]);
	fx_article(&r[1]);
	assert_int_equal(report_assemble(&s, r, 2, &req, err, sizeof(err)), 0);
	assert_ptr_equal(s.rp.runs, &r[1]);
	assert_int_equal(s.rp.nruns, 1);
	assert_int_equal(s.rp.warmup, 1);
	base = s.now;
	assert_int_equal(s.rp.verdict, VERDICT_PASS);
	base.m[BASE_MAKESPAN_PER_WAVE] /= 2;
	req.base = &base;
	assert_int_equal(report_assemble(&s, r, 2, &req, err, sizeof(err)), 0);
	assert_ptr_equal(s.rp.base, &base);
	assert_int_equal(s.rp.rows[BASE_MAKESPAN_PER_WAVE].verdict,
	    BASE_VERDICT_REGRESSED);
	assert_int_equal(s.rp.verdict, VERDICT_FAIL);
	assert_string_equal(s.rp.reasons[0], "makespan_per_wave regressed (+100%)");
	record_free(&r[0]);
	record_free(&r[1]);
}

/* A set the retry budget cut: partial, not interrupted, never ok. */
static void
budget_cut_is_never_ok(void **state)
{
	struct record r[2];
	struct report_store s;
	struct report_request req = { .runs_requested = 5, .with_runs = true,
	    .check = true, .tolerance_pct = 25, .budget_cut_s = 45 };
	char err[128];

	(void)state;
	fx_article(&r[0]);
	fx_article(&r[1]);
	assert_int_equal(report_assemble(&s, r, 2, &req, err, sizeof(err)), 0);
	assert_true(s.rp.partial);
	assert_true(s.rp.budget_cut);
	assert_false(s.rp.interrupted);
	assert_int_equal(s.rp.verdict, VERDICT_INCONCLUSIVE);
	assert_string_equal(s.rp.reasons[s.rp.nreasons - 1],
	    "the retry budget of 45 s cut the set after 2 of 5 runs");
	/* The whole set, though the budget was given: judged as it is. */
	req.runs_requested = 2;
	assert_int_equal(report_assemble(&s, r, 2, &req, err, sizeof(err)), 0);
	assert_false(s.rp.budget_cut);
	assert_int_equal(s.rp.verdict, VERDICT_PASS);
	record_free(&r[0]);
	record_free(&r[1]);
}

/*
 * A run the process spent partly stopped (SIGSTOP) fails its makespan as
 * a slow pool would, on a machine where no one else ran: inconclusive,
 * saying for how long, summed over the set. A stop known to be none
 * leaves the failure a failure.
 */
static void
stopped_is_inconclusive(void **state)
{
	struct record r[2];
	struct report_store s;
	struct report_request req = { .check = true, .tolerance_pct = 0 };
	char err[128];

	(void)state;
	fx_article(&r[0]);
	fx_article(&r[1]);
	r[0].load.stopped_known = r[1].load.stopped_known = true;
	assert_int_equal(report_assemble(&s, r, 1, &req, err, sizeof(err)), 0);
	assert_int_equal(s.rp.verdict, VERDICT_FAIL);
	r[0].load.stopped_ms = 5000.4;
	assert_int_equal(report_assemble(&s, r, 1, &req, err, sizeof(err)), 0);
	assert_int_equal(s.rp.verdict, VERDICT_INCONCLUSIVE);
	assert_string_equal(s.rp.reasons[s.rp.nreasons - 1], "the process was "
	    "stopped for 5000 ms while the pool worked, time that was no one's");
	/* --save-baseline keeps no baseline from it either. */
	assert_true(s.rp.unfit);
	/* One run of two stopped: the set's stop is the total. */
	r[1].load.stopped_ms = 1000;
	req.with_runs = true;
	assert_int_equal(report_assemble(&s, r, 2, &req, err, sizeof(err)), 0);
	assert_near(s.rp.load.stopped_ms, 6000.4, 1e-9);
	assert_int_equal(s.rp.verdict, VERDICT_INCONCLUSIVE);
	/* What held beside a stop proves nothing either. */
	req.tolerance_pct = 25;
	assert_int_equal(report_assemble(&s, r, 1, &req, err, sizeof(err)), 0);
	assert_int_equal(s.rp.verdict, VERDICT_INCONCLUSIVE);
	/* Unknown (no schedstat): judged as before. */
	r[0].load.stopped_known = false;
	assert_int_equal(report_assemble(&s, r, 1, &req, err, sizeof(err)), 0);
	assert_int_equal(s.rp.verdict, VERDICT_PASS);
	assert_false(s.rp.unfit);
	record_free(&r[0]);
	record_free(&r[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_run),
		cmocka_unit_test(checks_decide_failed),
		cmocka_unit_test(warmup_and_baseline),
		cmocka_unit_test(budget_cut_is_never_ok),
		cmocka_unit_test(stopped_is_inconclusive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
