/* test_render_text: the article's lines from a fixed record. */
#include "testutil.h"

#include "render/render_text.h"

static char *
render(const struct record *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(render_text(f, r), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void
article(struct record *r, bool print_key)
{
	struct record_config c = { .calls = 4, .pool = 4, .keylen = 3,
	    .sync = true, .print_key = print_key };
	static const uint32_t order[] = { 2, 4, 1, 3 };
	static const int64_t done[] = { 1930999, 1931000, 1989500, 2010001 };
	char err[128];

	assert_int_equal(record_init(r, &c, err, sizeof(err)), 0);
	record_add_line(r, LINE_SYNC_START, 0, 12);
	record_add_line(r, LINE_SYNC_END, 0, 641999);
	record_add_line(r, LINE_SCHEDULED, 0, 642000);
	for (int i = 0; i < 4; i++)
		record_add_line(r, LINE_ASYNC_DONE, order[i], done[i]);
	memcpy(r->sync_key, "\x00\xab\xff", 3);
	if (print_key)
		for (uint32_t id = 1; id <= 4; id++)
			memcpy(r->keys + (id - 1) * 3, "\x01\x02\x10", 3);
}

/* Milliseconds are truncated, as Date.now() differences are whole. */
static void
article_lines(void **state)
{
	struct record r;
	char *got;

	(void)state;
	article(&r, false);
	got = render(&r);
	assert_golden("article.txt", got);
	assert_string_equal(got,
	    "Start Synchronous Hash: 0ms\n"
	    "End Synchronous Hash: 641ms\n"
	    "Scheduled all async tasks: 642ms\n"
	    "Async Hash 2 Done: 1930ms\n"
	    "Async Hash 4 Done: 1931ms\n"
	    "Async Hash 1 Done: 1989ms\n"
	    "Async Hash 3 Done: 2010ms\n");
	free(got);
	record_free(&r);
}

static void
key_lines_follow_finished_hashes(void **state)
{
	struct record r;
	char *got;

	(void)state;
	article(&r, true);
	got = render(&r);
	assert_golden("article-keys.txt", got);
	assert_non_null(strstr(got, "End Synchronous Hash: 641ms\nKey: 00abff\n"
	    "Scheduled all async tasks: 642ms\nAsync Hash 2 Done: 1930ms\n"
	    "Key: 010210\n"));
	free(got);
	record_free(&r);
}

static void
write_errors_are_reported(void **state)
{
	struct record r;
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (f == NULL)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	article(&r, false);
	assert_int_equal(render_text(f, &r), -1);
	fclose(f);
	record_free(&r);
}

/* A unit that failed is said to have failed, never "Done", and has no key. */
static void
failed_units_are_not_done(void **state)
{
	struct record r;
	char *got;

	(void)state;
	article(&r, true);
	r.tasks[3].status = -1;		/* Async Hash 4 */
	got = render(&r);
	assert_non_null(strstr(got, "Key: 010210\nAsync Hash 4 failed: 1931ms\n"
	    "Async Hash 1 Done: 1989ms\n"));
	assert_null(strstr(got, "Async Hash 4 Done"));
	free(got);
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(article_lines),
		cmocka_unit_test(key_lines_follow_finished_hashes),
		cmocka_unit_test(write_errors_are_reported),
		cmocka_unit_test(failed_units_are_not_done),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
