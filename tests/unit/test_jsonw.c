/* test_jsonw: a document written as walked is byte for byte jansson's dump. */
#include <jansson.h>

#include "fixtures.h"

#include "render/jsonw.h"

/* What jsonw_dump writes for doc (which it frees). */
static char *
whole(json_t *doc)
{
	char *out = NULL;

	CAPTURE(out, jsonw_dump(f, doc));
	return out;
}

/* A task-like object: reals, integers, a string with escapes, a null. */
static json_t *
item(int i)
{
	return json_pack("{sisfsfss*sn}", "id", i, "start_ms", i * 1.5,
	    "end_ms", 641.234, "text", i % 2 ? "line\none \"quoted\"" : NULL,
	    "key");
}

static int
streamed(FILE *f, int n)
{
	struct jsonw w;

	jsonw_init(&w, f);
	jsonw_object(&w, NULL);
	jsonw_put(&w, "tool", json_string("poolviz"));
	jsonw_array(&w, "empty");
	jsonw_close(&w);
	jsonw_object(&w, "nothing");
	jsonw_close(&w);
	jsonw_array(&w, "items");
	for (int i = 0; i < n; i++)
		jsonw_put(&w, NULL, item(i));
	jsonw_close(&w);
	jsonw_array(&w, "runs");
	for (int i = 0; i < 2; i++) {
		jsonw_object(&w, NULL);
		jsonw_put(&w, "n", json_integer(i));
		jsonw_array(&w, "items");
		jsonw_put(&w, NULL, item(i));
		jsonw_put(&w, NULL, json_pack("[i[]{}]", i));
		jsonw_close(&w);
		jsonw_close(&w);
	}
	jsonw_close(&w);
	jsonw_put(&w, "summary", json_pack("{sfs{s[]}}", "ms", 0.5, "deep",
	    "list"));
	jsonw_close(&w);
	return jsonw_end(&w);
}

static json_t *
built(int n)
{
	json_t *items = json_array(), *runs = json_array(), *run, *a;

	for (int i = 0; i < n; i++)
		json_array_append_new(items, item(i));
	for (int i = 0; i < 2; i++) {
		a = json_array();
		json_array_append_new(a, item(i));
		json_array_append_new(a, json_pack("[i[]{}]", i));
		run = json_pack("{sisO}", "n", i, "items", a);
		json_decref(a);
		json_array_append_new(runs, run);
	}
	return json_pack("{sss[]s{}sososo}", "tool", "poolviz", "empty",
	    "nothing", "items", items, "runs", runs, "summary",
	    json_pack("{sfs{s[]}}", "ms", 0.5, "deep", "list"));
}

static void
same_bytes_as_jansson(void **state)
{
	char *want, *got = NULL;

	(void)state;
	for (int n = 0; n < 4; n++) {
		want = whole(built(n));
		CAPTURE(got, streamed(f, n));
		assert_string_equal(got, want);
		free(want);
		free(got);
		got = NULL;
	}
}

static void
a_top_level_array(void **state)
{
	struct jsonw w;
	char *got = NULL;

	(void)state;
	CAPTURE(got, (jsonw_init(&w, f), jsonw_array(&w, NULL),
	    jsonw_put(&w, NULL, json_integer(1)), jsonw_close(&w),
	    jsonw_end(&w)));
	assert_string_equal(got, "[\n  1\n]\n");
	free(got);
}

/* A NULL value (no memory), a close too many or too few: -1. */
static void
failures_are_kept(void **state)
{
	struct jsonw w;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	jsonw_init(&w, f);
	jsonw_object(&w, NULL);
	jsonw_put(&w, "a", NULL);
	jsonw_put(&w, "b", json_true());
	jsonw_close(&w);
	assert_int_equal(jsonw_end(&w), -1);
	jsonw_init(&w, f);
	jsonw_close(&w);
	assert_int_equal(jsonw_end(&w), -1);
	jsonw_init(&w, f);
	jsonw_object(&w, NULL);
	assert_int_equal(jsonw_end(&w), -1);
	fclose(f);
}

/* A setter that failed makes the object NULL; one that did not keeps it. */
static void
checked_drops_a_bad_object(void **state)
{
	json_t *o = json_object();
	int bad = 0;

	(void)state;
	jsonw_set(o, "a", json_integer(1), &bad);
	assert_int_equal(bad, 0);
	assert_ptr_equal(jsonw_checked(o, bad), o);
	jsonw_set(o, "b", NULL, &bad);
	assert_int_equal(bad, 1);
	assert_null(jsonw_checked(o, bad));	/* and freed, or ASan finds a leak */
}

static void
write_errors_fail(void **state)
{
	struct jsonw w;
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	jsonw_init(&w, f);
	jsonw_object(&w, NULL);
	jsonw_put(&w, "a", json_string("b"));
	jsonw_close(&w);
	assert_int_equal(jsonw_end(&w), -1);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_bytes_as_jansson),
		cmocka_unit_test(a_top_level_array),
		cmocka_unit_test(failures_are_kept),
		cmocka_unit_test(checked_drops_a_bad_object),
		cmocka_unit_test(write_errors_fail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
