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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(notes_follow_the_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
