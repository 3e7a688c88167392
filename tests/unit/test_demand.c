/* test_demand: the pool's demand, from stat lines and samples on fixtures. */
#include "testutil.h"

#include "core/demand.h"

#define ROOT	TESTS_DIR "/fixtures/demand"

/* The state is the letter after the last ')': a name may hold ") S (". */
static void
stat_lines_parse(void **state)
{
	(void)state;
	assert_int_equal(demand_parse_stat("17 (uv-worker) R 1 2 3"), 'R');
	assert_int_equal(demand_parse_stat("17 (a) S (b)) D 1 2"), 'D');
	assert_int_equal(demand_parse_stat("17 (x) s 1"), 0);
	assert_int_equal(demand_parse_stat("garbage"), 0);
	assert_int_equal(demand_parse_stat(""), 0);
	assert_int_equal(demand_read_state(ROOT, 4242), 'R');
	assert_int_equal(demand_read_state(ROOT, 4243), 'D');
	assert_int_equal(demand_read_state(ROOT, 1), 0);
	assert_int_equal(demand_read_state("/nonexistent", 4242), 0);
}

/*
 * Samples with nothing expected are left out; the mean and p10 are of the
 * rest. A pool of 4 that kept its workers busy, and one that ran a unit
 * at a time, judged by the same bound.
 */
static void
samples_summarize(void **state)
{
	struct demand_sample healthy[] = { { 4, 4 }, { 4, 4 }, { 3, 4 },
	    { 4, 4 }, { 2, 2 }, { 0, 0 }, { 1, 1 }, { 4, 4 }, { 4, 4 },
	    { 4, 4 }, { 4, 4 } };
	struct demand_sample serial[] = { { 1, 4 }, { 1, 4 }, { 1, 4 },
	    { 1, 3 }, { 0, 4 }, { 1, 2 }, { 1, 1 }, { 0, 0 } };
	struct record_demand d;

	(void)state;
	demand_summarize(healthy, sizeof(healthy) / sizeof(healthy[0]), &d);
	assert_int_equal(d.samples, 10);
	assert_near(d.mean, 34 / 10.0, 1e-9);
	assert_near(d.expected, 35 / 10.0, 1e-9);
	assert_near(d.p10, 1, 1e-9);
	demand_summarize(serial, sizeof(serial) / sizeof(serial[0]), &d);
	assert_int_equal(d.samples, 7);
	assert_near(d.mean, 6 / 7.0, 1e-9);
	assert_near(d.expected, 22 / 7.0, 1e-9);
	assert_near(d.p10, 0, 1e-9);
	demand_summarize(NULL, 0, &d);
	assert_int_equal(d.samples, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stat_lines_parse),
		cmocka_unit_test(samples_summarize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
