/* test_skim: a child's JSON skimmed as it streams: small kept whole, big arrays counted. */
#include "testutil.h"

#include <jansson.h>

#include "sweep/skim.h"

static const char small_doc[] =
"{\"tool\": \"poolviz\",\n"
" \"lines\": [{\"text\": \"Async Hash 1 Done: 4ms\", \"ms\": 4},\n"
"   {\"text\": \"[not, an] {array}\", \"ms\": 5}],\n"
" \"note\": \"a \\\"tasks\\\": [1, 2] in a string\",\n"
" \"nested\": {\"tasks\": [1, 2, 3]},\n"
" \"tasks\": [\n  {\"id\": 1, \"cpu_ms\": 88.5},\n  {\"id\": 2, \"cpu_ms\": 91}],\n"
" \"empty\": [],\n"
" \"summary\": {\"makespan_ms\": 181.2}}\n";

static void
skim_all(struct skim *s, const char *doc, size_t chunk, size_t max,
    size_t keep)
{
	size_t len = strlen(doc);

	skim_init(s, max, keep);
	for (size_t i = 0; i < len; i += chunk)
		skim_feed(s, doc + i, len - i < chunk ? len - i : chunk);
}

static json_t *
parsed(const char *text)
{
	json_error_t je;
	json_t *doc = json_loads(text, 0, &je);

	if (doc == NULL)
		fail_msg("not JSON: %s: %s", je.text, text);
	return doc;
}

/* Under the budget a document is kept whole, fed whole or a byte at a time. */
static void
small_kept_whole(void **state)
{
	json_t *want = parsed(small_doc), *got;
	struct skim s;

	(void)state;
	for (size_t chunk = 1; chunk <= sizeof(small_doc); chunk *= 7) {
		skim_all(&s, small_doc, chunk, SKIM_MAX, SKIM_ARRAYS_KEEP);
		assert_false(s.over);
		assert_false(s.cut);
		assert_true(s.tasks_seen);
		assert_int_equal(s.tasks, 2);	/* the top-level one only */
		got = parsed(skim_text(&s));
		assert_true(json_equal(got, want));
		/* Whitespace outside strings is dropped. */
		assert_null(strchr(skim_text(&s), '\n'));
		json_decref(got);
		skim_free(&s);
	}
	json_decref(want);
}

/*
 * Past the budget, the top-level arrays' elements are counted and left
 * out, and what is kept still parses: the summary after them is whole.
 */
static void
big_arrays_counted(void **state)
{
	size_t n = 100000, cap = n * 64 + 256, len = 0;
	char *doc = malloc(cap);
	json_t *got;
	struct skim s;

	(void)state;
	assert_non_null(doc);
	len += (size_t)sprintf(doc + len, "{\"lines\": [");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(doc + len, "%s\"Async Hash %zu Done\"",
		    i ? ", " : "", i + 1);
	len += (size_t)sprintf(doc + len, "], \"tasks\": [");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(doc + len, "%s{\"id\": %zu, \"s\": \"],\"}",
		    i ? ",\n " : "", i + 1);
	sprintf(doc + len, "], \"summary\": {\"makespan_ms\": 5.5}}");
	skim_all(&s, doc, 65536, SKIM_MAX, 4096);
	assert_false(s.over);
	assert_true(s.cut);
	assert_int_equal(s.tasks, n);
	assert_true(s.len < 4096 + 64);
	got = parsed(skim_text(&s));
	assert_true(json_array_size(json_object_get(got, "lines")) > 0);
	assert_int_equal(json_array_size(json_object_get(got, "tasks")), 0);
	assert_near(json_number_value(json_object_get(json_object_get(got,
	    "summary"), "makespan_ms")), 5.5, 0);
	json_decref(got);
	skim_free(&s);
	free(doc);
}

/* What is not in an array past max is not kept: over, and nothing more. */
static void
past_max_is_over(void **state)
{
	struct skim s;

	(void)state;
	skim_all(&s, small_doc, 3, 40, SKIM_ARRAYS_KEEP);
	assert_true(s.over);
	assert_true(s.len <= 40);
	skim_free(&s);
	skim_init(&s, 40, 10);
	assert_string_equal(skim_text(&s), "");
	skim_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(small_kept_whole),
		cmocka_unit_test(big_arrays_counted),
		cmocka_unit_test(past_max_is_over),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
