/* test_notes: the sentences under a chart follow the record. */
#include "fixtures.h"

#include "render/fmt.h"
#include "render/notes.h"

/* Whether any of the notes contains s. */
static bool
says(char notes[NOTES_MAX][NOTE_LEN], size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(notes[i], s) != NULL)
			return true;
	return false;
}

static void
notes_follow_the_record(void **state)
{
	char notes[NOTES_MAX][NOTE_LEN];
	struct record r;
	size_t n;

	(void)state;
	fx_article(&r);
	n = notes_make(&r, notes);
	assert_true(n >= 2 && n <= NOTES_MAX);
	assert_true(says(notes, n, "4 hashes on a pool of 4"));
	assert_false(says(notes, n, "Interrupted"));
	record_free(&r);

	/* --hash-ms: the size it chose, to be given again, and CPU time. */
	fx_article(&r);
	r.config.hash_ms = 300;
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "--hash-ms 300 chose --iterations 100000: "
	    "about 300 ms of CPU time for each hash"));
	assert_true(says(notes, n, "Give --iterations 100000 to do the same "
	    "work again."));
	record_free(&r);

	/* Held back by others: the wall time it became, by the factor. */
	fx_article(&r);
	r.config.hash_ms = 300;
	r.load.other_cpus = 1.0;
	r.load.available_cpus = 1.0;
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "--hash-ms 300 chose --iterations 100000: "
	    "about 300 ms of CPU time for each hash; others used 1.0 of "));
	assert_true(says(notes, n, ", machine factor "));
	assert_true(says(notes, n, " ms of wall time each. Give --iterations "
	    "100000 to do the same work again."));
	record_free(&r);

	fx_zero(&r);
	n = notes_make(&r, notes);
	assert_true(n >= 1);
	assert_false(says(notes, n, "hashes on a pool"));
	record_free(&r);

	fx_interrupted(&r);
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "Interrupted: "));
	record_free(&r);

	fx_blocked(&r);
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "The heartbeat, due every 10 ms, ticked 3 "
	    "times"));
	record_free(&r);
}

/*
 * What others or a quota took is said with its numbers, and the lesson
 * is against the CPUs that were left; a quiet run says nothing of it.
 */
static void
notes_say_what_the_machine_gave(void **state)
{
	char notes[NOTES_MAX][NOTE_LEN];
	struct record r;
	size_t n;

	(void)state;
	fx_waves(&r);			/* 8 calls, pool 2, 4 CPUs */
	n = notes_make(&r, notes);
	assert_false(says(notes, n, "Other processes"));
	assert_true(says(notes, n, "expect about 4 x 400.0 ms = 1600.0 ms on a "
	    "quiet machine. All were done after 1603.5 ms"));
	r.load.other_cpus = 3.0;
	r.load.available_cpus = 1.0;
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "Other processes used 3.0 of the 4 CPUs "
	    "during this run, so the hashes had about 1.0 of the 2.0 CPUs "
	    "they could use: machine factor 2.0, so expect each hash to take "
	    "about 2.0 times one hash."));
	assert_true(says(notes, n, "that many hashes ran at once on average, "
	    "of the 1.0 that the CPUs left to this run allowed."));
	/*
	 * 8 hashes on the 1 CPU left: 8 times one hash, not 4 waves, and the
	 * sentence names the factor once, on T's CPU time.
	 */
	assert_true(says(notes, n, "= 1600.0 ms on a quiet machine; others "
	    "left 1.0 of 4 CPUs, so about 3200.1 ms. All were done after"));
	record_free(&r);

	/*
	 * The pool's hashes each took 1.5 times the main thread's CPU time:
	 * the sentence names that factor too, alone or beside the load's.
	 */
	fx_waves(&r);
	for (size_t i = 0; i < r.ntasks; i++)
		r.tasks[i].cpu_us = 600000;
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "= 1600.0 ms on a quiet machine; each "
	    "pooled hash took 600.0 ms of CPU, 1.50 times the main thread's, "
	    "so about 2400.0 ms. All were done after"));
	r.load.other_cpus = 3.0;
	r.load.available_cpus = 1.0;
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "= 1600.0 ms on a quiet machine; others "
	    "left 1.0 of 4 CPUs and each pooled hash took 600.0 ms of CPU, "
	    "1.50 times the main thread's, so about 4800.0 ms. All were"));
	/* 1.97 CPUs left for 2 lanes reads "2.0": no clause for it. */
	r.load.other_cpus = 0.03;
	r.load.available_cpus = 1.97;
	n = notes_make(&r, notes);
	assert_false(says(notes, n, "others left"));
	record_free(&r);

	fx_article(&r);			/* 4 calls, pool 4, 2 CPUs */
	r.machine.quota_cgroup = MACHINE_CGROUP_V2;
	r.machine.quota_limited = true;
	r.machine.quota_cpus = 1;
	r.machine.usable_cpus = 1;
	r.load.available_cpus = 1;
	r.load.throttled_known = true;
	r.load.throttled_ms = 250;
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "4 hashes on a pool of 4 but only 1 CPU"));
	assert_true(says(notes, n, "A CPU quota of 1.0 CPU (cgroup v2) held "
	    "this process to one CPU: it was throttled for 250 ms."));
	assert_false(says(notes, n, "Other processes"));
	record_free(&r);
}

/*
 * A pool wider than the CPUs: the sentence names the waves the chart
 * draws (the pool's) and, apart, the waves the CPUs take; a pool no wider
 * than the CPUs has one kind of wave, said as before.
 */
static void
waves_of_the_chart_and_of_the_cpus(void **state)
{
	char notes[NOTES_MAX][NOTE_LEN];
	struct record r;
	size_t n;

	(void)state;
	fx_waves(&r);			/* 8 calls, pool 2, 4 CPUs */
	r.machine.cpus = 1;
	r.machine.usable_cpus = 1;
	r.machine.affinity_cpus = 1;
	r.load.available_cpus = 1;
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "8 hashes on a pool of 2 make 4 waves, as "
	    "the chart draws them, but 1 CPU runs only 1 at a time, so they "
	    "take as long as 8 waves of one hash: expect about 8 x 400.0 ms "
	    "= 3200.1 ms on a quiet machine."));
	assert_false(says(notes, n, "With room for"));
	record_free(&r);
	fx_waves(&r);
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "With room for 2 at a time (pool 2, 4 "
	    "CPUs), 8 hashes make 4 waves"));
	assert_false(says(notes, n, "as the chart draws them"));
	record_free(&r);
}

/* Below one hash at a time, a sentence that says so and why. */
static void
parallelism_below_one_is_explained(void **state)
{
	char notes[NOTES_MAX][NOTE_LEN];
	struct record r;
	size_t n;

	(void)state;
	fx_article(&r);		/* 4 hashes, on a CPU half the time */
	for (size_t i = 0; i < r.ntasks; i++)
		r.tasks[i].cpu_us /= 4;
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "Parallelism 0.5: less than one hash at a "
	    "time on average; the hashes waited for a CPU part of the time."));
	assert_false(says(notes, n, "that many hashes ran at once"));
	r.load.other_cpus = 1.5;
	r.load.available_cpus = 0.5;
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "less than one hash at a time on average; "
	    "the CPUs were busy elsewhere."));
	record_free(&r);

	/* One hash, on a CPU 60% of its time. */
	fx_config(&r, 1, 1, 2, false, false, 8);
	fx_task(&r, 1, 1, 10, 20, 100020, 100050, 60000);
	fx_line(&r, LINE_SCHEDULED, 0, 15);
	fx_line(&r, LINE_ASYNC_DONE, 1, 100050);
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "Parallelism 0.6: the one hash ran on a CPU "
	    "for 60% of its time; the hashes waited for a CPU part of the "
	    "time."));
	record_free(&r);
}

/* Each scenario's closing sentences, from its numbers; none for the article. */
static void
lessons_follow_the_scenario(void **state)
{
	char buf[512];
	struct record r;

	(void)state;
	fx_article(&r);
	assert_int_equal(notes_lesson(&r, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	record_free(&r);

	fx_starve(&r);			/* 4 hashes fill a pool of 4 */
	assert_true(notes_lesson(&r, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "File and DNS work waited 642 and 643 ms "
	    "for a free worker, while the TCP round trip went through epoll "
	    "in 2.1 ms"));
	r.config.pool = 8;		/* workers free: nothing waited */
	assert_true(notes_lesson(&r, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "With workers free (a pool of 8 for 4 "
	    "hashes)"));
	r.config.pool = 5;		/* one free: the second probe waits */
	assert_true(notes_lesson(&r, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "waited"));
	/* A failed probe: no lesson. */
	r.probes[PROBE_DNS].status = -3008;
	assert_int_equal(notes_lesson(&r, buf, sizeof(buf)), 0);
	record_free(&r);

	fx_blocked(&r);
	assert_true(notes_lesson(&r, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "the heartbeat stalled for "));
	/* An interrupted run teaches nothing. */
	r.interrupted = true;
	assert_int_equal(notes_lesson(&r, buf, sizeof(buf)), 0);
	record_free(&r);

	fx_offload(&r);
	assert_true(notes_lesson(&r, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "the heartbeat never went more than "));
	record_free(&r);
}

/* Lines of at most width columns that fmt_wrap fills from s. */
static int
wrapped_rows(const char *s, size_t width)
{
	const char *line;
	int n = 0;

	while (fmt_wrap(&s, width, &line) > 0)
		n++;
	return n;
}

/* Every lesson fits two lines of 80 columns, even with long numbers. */
static void
lessons_fit_two_lines(void **state)
{
	char buf[512];
	struct record r;

	(void)state;
	fx_starve(&r);
	r.config.pool = 1024;
	r.config.calls = 1000000;
	for (int k = 0; k < PROBE_COUNT; k++)
		r.probes[k].done_us = 123456789;
	assert_true(notes_lesson(&r, buf, sizeof(buf)) > 0);
	assert_true(wrapped_rows(buf, 80) <= 2);
	r.config.calls = 1000;
	assert_true(notes_lesson(&r, buf, sizeof(buf)) > 0);
	assert_true(wrapped_rows(buf, 80) <= 2);
	record_free(&r);

	fx_blocked(&r);
	r.heartbeat.stall_us = 123456789;
	for (size_t i = 0; i < r.ntasks; i++)
		r.tasks[i].done_us = r.tasks[i].end_us + 98765432;
	assert_true(notes_lesson(&r, buf, sizeof(buf)) > 0);
	assert_true(wrapped_rows(buf, 80) <= 2);
	record_free(&r);

	fx_offload(&r);
	r.heartbeat.max_gap_us = 123456789;
	r.heartbeat.interval_ms = 100000;
	assert_true(notes_lesson(&r, buf, sizeof(buf)) > 0);
	assert_true(wrapped_rows(buf, 80) <= 2);
	record_free(&r);
}

/* The terminal's note: only where others or a quota held the run. */
static void
slower_only_when_held(void **state)
{
	char buf[256];
	struct record r;

	(void)state;
	fx_config(&r, 2, 2, 2, true, false, 8);
	assert_int_equal(notes_slower(&r, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	r.load.other_cpus = 1.0;
	r.load.available_cpus = 1.0;
	assert_true(notes_slower(&r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "others used 1.0 of 2 CPUs: expect 2.0x a "
	    "quiet machine's times");
	/* Under a quarter of a CPU is no disturbance. */
	r.load.other_cpus = 0.2;
	r.load.available_cpus = 1.8;
	assert_int_equal(notes_slower(&r, buf, sizeof(buf)), 0);
	record_free(&r);
}

/*
 * --hash-ms's line before the run: the size and its CPU time; the wall
 * time to expect only where others or a quota hold the run's units back
 * by more than a tenth, at the machine factor the note after the run
 * uses.
 */
static void
hash_ms_line_says_wall_time_only_when_held(void **state)
{
	char buf[400];
	struct machine_facts f;
	struct record r;

	(void)state;
	fx_config(&r, 4, 4, 2, true, false, 8);
	record_facts(&r, &f);
	/* Quiet: CPU time alone. */
	notes_hash_ms_line(buf, sizeof(buf), 300, &r.config.work, 298.6, &f,
	    &r.load, 4, 4);
	assert_string_equal(buf, "--hash-ms 300 chose --iterations 100000: "
	    "about 299 ms of CPU time for each hash");
	/* A spinner took a CPU of two: each unit about twice as long. */
	r.load.other_cpus = 1.0;
	r.load.available_cpus = 1.0;
	notes_hash_ms_line(buf, sizeof(buf), 300, &r.config.work, 300, &f,
	    &r.load, 4, 4);
	assert_string_equal(buf, "--hash-ms 300 chose --iterations 100000: "
	    "about 300 ms of CPU time for each hash; others use 1.0 of 2 CPUs "
	    "now, machine factor 2.0: expect about 600 ms of wall time each");
	/* Other work that slows the units by less than a tenth: nothing. */
	r.load.other_cpus = 0.3;
	r.load.available_cpus = 1.9;
	notes_hash_ms_line(buf, sizeof(buf), 300, &r.config.work, 300, &f,
	    &r.load, 4, 4);
	assert_null(strstr(buf, "wall"));
	/* Nothing left: no number. */
	r.load.other_cpus = 2.0;
	r.load.available_cpus = 0;
	notes_hash_ms_line(buf, sizeof(buf), 300, &r.config.work, 300, &f,
	    &r.load, 4, 4);
	assert_non_null(strstr(buf, "others use 2.0 of 2 CPUs now: expect far "
	    "more wall time"));
	/* No load (the sweep's): CPU time alone. */
	notes_hash_ms_line(buf, sizeof(buf), 300, &r.config.work, 300, NULL,
	    NULL, 0, 0);
	assert_null(strstr(buf, "wall"));
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(slower_only_when_held),
		cmocka_unit_test(hash_ms_line_says_wall_time_only_when_held),
		cmocka_unit_test(lessons_fit_two_lines),
		cmocka_unit_test(notes_follow_the_record),
		cmocka_unit_test(notes_say_what_the_machine_gave),
		cmocka_unit_test(waves_of_the_chart_and_of_the_cpus),
		cmocka_unit_test(parallelism_below_one_is_explained),
		cmocka_unit_test(lessons_follow_the_scenario),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
