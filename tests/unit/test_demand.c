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

/*
 * The sampler's gaps: schedstat's run and wait account for a gap whoever
 * else runs (a busy machine is wait); what neither the sampler's sleep
 * and its own, nor every thread's, nor the process's CPU time account
 * for, past DEMAND_STOP_MIN_US, is a stop.
 */
/* A gap of wall_us after a sleep of 3 ms, with these run and wait times. */
static int64_t
stopped(int64_t wall_us, int64_t own_us, int64_t threads_us, int64_t cpu_us)
{
	struct demand_gap g = { wall_us, 3000, own_us, threads_us, cpu_us };

	return demand_stopped_us(&g);
}

static void
stops_from_schedstat(void **state)
{
	uint64_t run, wait;

	(void)state;
	assert_int_equal(demand_parse_schedstat("2718236 1158609 2\n", &run,
	    &wait), 0);
	assert_true(run == 2718236 && wait == 1158609);
	assert_int_equal(demand_parse_schedstat("", &run, &wait), -1);
	assert_int_equal(demand_parse_schedstat("12\n", &run, &wait), -1);
	/* Asleep 3 ms, ran 0.2 ms, the workers busy: no stop. */
	assert_int_equal(stopped(3200, 200, 6200, 6000), 0);
	/* Woken 2 s late, waiting for a CPU all along: busy, not stopped. */
	assert_int_equal(stopped(2003000, 2000000, 4000000, 1000), 0);
	/* 5 s in which no thread ran or waited, and no CPU used: stopped. */
	assert_int_equal(stopped(5003300, 300, 900, 300), 5000000);
	/* Less what the process ran: its stop began after the gap did. */
	assert_int_equal(stopped(5003300, 300, 900, 1003300), 4000000);
	/*
	 * Asleep on a lock while another thread ran or waited, as valgrind
	 * runs one thread at a time: not stopped, even on a busy machine
	 * where the process had little CPU.
	 */
	assert_int_equal(stopped(400000, 1000, 401000, 90000), 0);
	/* The loop asleep in epoll, the pool idle: the sampler tells. */
	assert_int_equal(stopped(3300, 300, 300, 300), 0);
	/* A slow read of /proc of a few ms is under the floor. */
	assert_int_equal(stopped(3000 + DEMAND_STOP_MIN_US, 0, 0, 0), 0);
	assert_int_equal(stopped(3001 + DEMAND_STOP_MIN_US, 0, 0, 0),
	    DEMAND_STOP_MIN_US + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stat_lines_parse),
		cmocka_unit_test(samples_summarize),
		cmocka_unit_test(stops_from_schedstat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
