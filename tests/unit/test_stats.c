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

/* Each part of a set's load is its median over the runs, not the last run's. */
static void
load_is_the_median(void **state)
{
	static const double other[3] = { 0.2, 1.2, 1.4 };
	struct record r[3];
	struct machine_load l;

	(void)state;
	for (int i = 0; i < 3; i++) {
		fx_article(&r[i]);
		r[i].load.other_cpus = other[i];
		r[i].load.available_cpus = 2 - other[i];
		r[i].load.wall_s = 1 + i;
	}
	stats_load_of(&l, r, 3);
	assert_int_equal(l.runs, 3);
	assert_true(l.cpu_known);
	assert_near(l.other_cpus, 1.2, 1e-12);
	assert_near(l.available_cpus, 0.8, 1e-12);
	assert_near(l.wall_s, 2, 1e-12);
	assert_false(l.throttled_known);
	/* One run whose load is unknown: the set's is unknown. */
	r[0].load.cpu_known = false;
	stats_load_of(&l, r, 3);
	assert_false(l.cpu_known);
	assert_near(l.other_cpus, 0, 0);
	for (int i = 0; i < 3; i++)
		record_free(&r[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(median_of_odd_and_even_counts),
		cmocka_unit_test(over_runs),
		cmocka_unit_test(load_is_the_median),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
