/* test_notes: the sentences under a chart follow the record. */
#include "fixtures.h"

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
	assert_true(says(notes, n, "expect about 4 times one hash"));
	r.load.other_cpus = 3.0;
	r.load.available_cpus = 1.0;
	n = notes_make(&r, notes);
	assert_true(says(notes, n, "Other processes used 3.0 of the 4 CPUs "
	    "during this run, so the hashes had about 1.0 CPU: expect them "
	    "to take about twice as long."));
	assert_true(says(notes, n, "that many hashes ran at once on average, "
	    "of the 1.0 that the CPUs left to this run allowed."));
	/* 8 hashes on the 1 CPU left: 8 times one hash, not 4 waves. */
	assert_true(says(notes, n, "expect about 8.0 times one hash"));
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(notes_follow_the_record),
		cmocka_unit_test(notes_say_what_the_machine_gave),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
