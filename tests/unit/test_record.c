/* test_record: the summary numbers derived from a fixed record. */
#include "testutil.h"

#include "core/record.h"

static void
fill(struct record *r, unsigned calls, unsigned pool, unsigned cpus)
{
	struct record_config c = { .calls = calls, .pool = pool, .keylen = 8,
	    .sync = true };
	char err[128];

	assert_int_equal(record_init(r, &c, err, sizeof(err)), 0);
	r->machine.cpus = cpus;
}

/* Four hashes on two CPUs: each runs 1000..3000 ms, two at a time. */
static void
article_on_two_cpus(void **state)
{
	struct record r;
	struct record_summary s;

	(void)state;
	fill(&r, 4, 4, 2);
	r.sync = (struct record_sync){ true, 100, 1100, 990000 };
	for (unsigned i = 0; i < 4; i++) {
		r.tasks[i].worker = i + 1;
		r.tasks[i].queued_us = 1100000 + i;
		r.tasks[i].start_us = 1100100;
		r.tasks[i].end_us = 3100100 + 1000 * i;
		r.tasks[i].done_us = r.tasks[i].end_us + 50 * (i + 1);
		r.tasks[i].cpu_us = 1000000 + i;
	}
	record_summarize(&r, &s);
	assert_near(s.sync_ms, 1.0, 1e-9);
	/* First queued 1100.000 ms, last done 3103.100 + 0.200 ms. */
	assert_near(s.makespan_ms, 2003.3, 1e-6);
	assert_near(s.mean_task_ms, 2001.5, 1e-6);
	/*
	 * Each ran 2 s of wall time but 1 s of CPU: 4000.006 ms of CPU over
	 * 2003 ms of span is two CPUs' worth, not four.
	 */
	assert_near(s.parallelism, 4000.006 / 2003.0, 1e-9);
	assert_int_equal(s.expected_waves, 2);
	assert_near(s.max_lag_ms, 0.2, 1e-9);
	/* T is the blocking hash's CPU time (990 ms), not its wall time. */
	assert_near(s.one_hash_ms, 990.0, 1e-9);
	assert_near(s.predicted_ms, 2 * 990.0, 1e-9);
	record_free(&r);
}

/*
 * CPUs that do not run a unit alike: the pool's units cost more CPU time
 * than the blocking one (or less), and the prediction counts it, once,
 * as the mean over T. This machine's two vCPUs ran a hash in 378 ms and
 * 630 ms: with the blocking hash on the fast one, waves x T alone said
 * 1133 ms for a run that took 1525.
 */
static void
uneven_cpus_scale_the_prediction(void **state)
{
	int64_t fast_slow[] = { 375000, 630000, 375000, 630000, 375000, 375000 };
	struct record r;
	struct record_summary s;

	(void)state;
	fill(&r, 6, 2, 2);
	r.sync = (struct record_sync){ true, 0, 378000, 378000 };
	for (unsigned i = 0; i < 6; i++) {
		r.tasks[i].worker = i % 2 + 1;
		r.tasks[i].cpu_us = fast_slow[i];
	}
	record_summarize(&r, &s);
	assert_near(s.one_hash_ms, 378.0, 1e-9);
	assert_near(s.unit_factor, 460.0 / 378.0, 1e-9);
	assert_near(s.predicted_ms, 3 * 460.0, 1e-9);
	/* The blocking hash on the slow CPU: a factor under 1, same time. */
	r.sync.cpu_us = 630000;
	record_summarize(&r, &s);
	assert_near(s.unit_factor, 460.0 / 630.0, 1e-9);
	assert_near(s.predicted_ms, 3 * 460.0, 1e-9);
	/* Within RECORD_UNEVEN of T: noise, and waves x T as before. */
	r.sync.cpu_us = 420000;
	record_summarize(&r, &s);
	assert_near(s.unit_factor, 1, 0);
	assert_near(s.predicted_ms, 3 * 420.0, 1e-9);
	/* With no blocking hash, T is the pool's own median: no factor. */
	r.sync = (struct record_sync){ 0 };
	record_summarize(&r, &s);
	assert_near(s.unit_factor, 1, 0);
	assert_near(s.predicted_ms, 3 * (375.0 + 375.0) / 2, 1e-9);
	record_free(&r);
}

static void
waves_and_no_sync(void **state)
{
	struct record r;
	struct record_summary s;
	int64_t cpu[] = { 7000, 3000, 5000, 9000, 1000 };

	(void)state;
	fill(&r, 5, 8, 2);
	r.config.sync = false;
	for (unsigned i = 0; i < 5; i++) {
		r.tasks[i].worker = 1;
		r.tasks[i].cpu_us = cpu[i];
	}
	record_summarize(&r, &s);
	assert_int_equal(s.expected_waves, 3);	/* ceil(5 / min(8, 2)) */
	assert_near(s.sync_ms, 0, 0);
	assert_near(s.one_hash_ms, 5.0, 1e-9);	/* median CPU */
	record_free(&r);

	fill(&r, 0, 4, 16);
	record_summarize(&r, &s);
	assert_int_equal(s.expected_waves, 0);
	assert_near(s.makespan_ms, 0, 0);
	assert_near(s.parallelism, 0, 0);
	record_free(&r);
}

static void
lines_are_bounded(void **state)
{
	struct record r;
	size_t n = 0;

	(void)state;
	fill(&r, 2, 1, 1);
	while (record_add_line(&r, LINE_ASYNC_DONE, 1, 0) == 0)
		n++;
	assert_int_equal(n, r.cap_lines);
	assert_true(n >= 2 + 3);
	assert_null(record_task_key(&r, 1));	/* no keys kept without print_key */
	record_free(&r);
}

static void
keys_kept_with_print_key(void **state)
{
	struct record r;
	struct record_config c = { .calls = 3, .pool = 1, .keylen = 4,
	    .print_key = true };
	char err[128];

	(void)state;
	assert_int_equal(record_init(&r, &c, err, sizeof(err)), 0);
	assert_non_null(record_task_key(&r, 1));
	assert_ptr_equal(record_task_key(&r, 2), record_task_key(&r, 1) + 4);
	assert_null(record_task_key(&r, 0));
	assert_null(record_task_key(&r, 4));
	record_free(&r);
}

/* blocked's and offload's work: one unit more than a worker has to run. */
static void
block_units_follow_the_options(void **state)
{
	struct record_config c = { .calls = 4, .pool = 2 };

	(void)state;
	assert_int_equal(record_block_units(&c), 3);
	c.calls = 5;
	assert_int_equal(record_block_units(&c), 4);
	c.calls = 2, c.pool = 4;
	assert_int_equal(record_block_units(&c), 2);
	c.calls = 0;
	assert_int_equal(record_block_units(&c), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(article_on_two_cpus),
		cmocka_unit_test(block_units_follow_the_options),
		cmocka_unit_test(uneven_cpus_scale_the_prediction),
		cmocka_unit_test(waves_and_no_sync),
		cmocka_unit_test(lines_are_bounded),
		cmocka_unit_test(keys_kept_with_print_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
