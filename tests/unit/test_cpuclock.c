/* test_cpuclock: the thread CPU clock moves forward, with this thread's work alone. */
#include <pthread.h>

#include "testutil.h"

#include "sys/cpuclock.h"

static volatile uint64_t sink;

/* Spin for about ms of wall time, using CPU all along. */
static void
spin_ms(int ms)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		for (int i = 0; i < 10000; i++)
			sink += (uint64_t)i * 2654435761u;
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000 +
	    (b.tv_nsec - a.tv_nsec) / 1000000 < ms);
}

/* Never backwards, and forwards by about the work done. */
static void
clock_is_monotonic(void **state)
{
	int64_t prev = cpuclock_thread_ns(), now, us0;

	(void)state;
	assert_true(prev > 0);
	for (int i = 0; i < 100000; i++) {
		now = cpuclock_thread_ns();
		assert_true(now >= prev);
		prev = now;
	}
	/* a fixed amount of work costs CPU time, however busy the machine */
	us0 = cpuclock_thread_us();
	for (uint64_t i = 0; i < 20000000; i++)
		sink += i * 2654435761u;
	assert_true(cpuclock_thread_us() - us0 >= 1000);
	/* the two units agree */
	now = cpuclock_thread_ns() / 1000;
	us0 = cpuclock_thread_us();
	assert_true(us0 >= now && us0 - now < 100000);
}

/* Sleeping costs no CPU: the clock is this thread's, not the wall's. */
static void
clock_ignores_sleep(void **state)
{
	struct timespec ms50 = { 0, 50 * 1000000L };
	int64_t t0;

	(void)state;
	t0 = cpuclock_thread_us();
	nanosleep(&ms50, NULL);
	assert_true(cpuclock_thread_us() - t0 < 25000);
}

static void *
spinner(void *arg)
{
	(void)arg;
	spin_ms(60);
	return NULL;
}

/* Another thread's work is not this thread's. */
static void
clock_is_per_thread(void **state)
{
	pthread_t t;
	int64_t t0;

	(void)state;
	t0 = cpuclock_thread_us();
	assert_int_equal(pthread_create(&t, NULL, spinner, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_true(cpuclock_thread_us() - t0 < 25000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clock_is_monotonic),
		cmocka_unit_test(clock_ignores_sleep),
		cmocka_unit_test(clock_is_per_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
