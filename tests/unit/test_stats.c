/* test_stats: medians, minima and maxima over repeated runs. */
#include "testutil.h"
#include "fixtures.h"

#include "report/stats.h"

static void
median_of_odd_and_even_counts(void **state)
{
	double odd[] = { 5, 1, 3 }, even[] = { 4, 1, 3, 2 };

	(void)state;
	assert_near(stats_median(odd, 3), 3, 0);
	assert_near(stats_median(even, 4), 2.5, 0);
	assert_near(stats_median(NULL, 0), 0, 0);
}

/* Two article runs and one of waves: the median is the article's. */
static void
over_runs(void **state)
{
	struct record r[3];
	struct stats st;

	(void)state;
	fx_article(&r[0]);
	fx_waves(&r[1]);
	fx_article(&r[2]);
	assert_int_equal(stats_compute(&st, r, 3), 0);
	assert_int_equal(st.runs, 3);
	/* article: 1931.072 - 641.290; waves: 2003.633 - 400.160 */
	assert_near(st.v[STAT_MAKESPAN_MS].median, 1289.782, 1e-9);
	assert_near(st.v[STAT_MAKESPAN_MS].min, 1289.782, 1e-9);
	assert_near(st.v[STAT_MAKESPAN_MS].max, 1603.473, 1e-9);
	/* article's blocking hash: 640.871 ms of CPU */
	assert_near(st.v[STAT_ONE_HASH_MS].median, 640.871, 1e-9);
	assert_near(st.v[STAT_MAKESPAN_OVER_HASH].median, 1289.782 / 640.871, 1e-9);
	assert_string_equal(stats_name(STAT_MAX_LAG_MS), "max_lag_ms");
	for (int i = 0; i < 3; i++)
		record_free(&r[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(median_of_odd_and_even_counts),
		cmocka_unit_test(over_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
