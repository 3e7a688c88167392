/* test_render_trace: Trace Event JSON that viewers can load, and goldens. */
#include <jansson.h>

#include "fixtures.h"
#include "jansson_oom.h"

#include "render/render_trace.h"

static char *
trace_of(fixture_fn *build)
{
	struct record r;
	char *out = NULL;

	build(&r);
	CAPTURE(out, render_trace(f, &r));
	record_free(&r);
	return out;
}

static void
goldens(void **state)
{
	static const char *const names[] = { "article", "zero", "waves",
	    "blocked", "starve", "interrupted", "hostile" };
	char path[128], *out;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++)
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			if (strcmp(fixtures[i].name, names[k]) != 0)
				continue;
			out = trace_of(fixtures[i].build);
			snprintf(path, sizeof(path), "trace_%s.json", names[k]);
			assert_golden(path, out);
			free(out);
		}
}

/* The one event with this ph and name, failing if not exactly one. */
static json_t *
find(json_t *events, const char *ph, const char *name)
{
	json_t *e, *found = NULL;
	size_t i;

	json_array_foreach(events, i, e) {
		if (strcmp(json_string_value(json_object_get(e, "ph")), ph) != 0 ||
		    strcmp(json_string_value(json_object_get(e, "name")), name) != 0)
			continue;
		if (found != NULL)
			fail_msg("two %s events named %s", ph, name);
		found = e;
	}
	if (found == NULL)
		fail_msg("no %s event named %s", ph, name);
	return found;
}

static json_int_t
num(json_t *e, const char *key)
{
	json_t *v = json_object_get(e, key);

	if (!json_is_integer(v))
		fail_msg("%s is not an integer", key);
	return json_integer_value(v);
}

/* Complete events on one thread never overlap without nesting. */
static void
nests(json_t *events, json_int_t tid)
{
	json_t *a, *b;
	size_t i, j;

	json_array_foreach(events, i, a) {
		if (strcmp(json_string_value(json_object_get(a, "ph")), "X") != 0 ||
		    num(a, "tid") != tid)
			continue;
		json_array_foreach(events, j, b) {
			json_int_t a0, a1, b0, b1;

			if (i == j || strcmp(json_string_value(json_object_get(b,
			    "ph")), "X") != 0 || num(b, "tid") != tid)
				continue;
			a0 = num(a, "ts");
			a1 = a0 + num(a, "dur");
			b0 = num(b, "ts");
			b1 = b0 + num(b, "dur");
			/* Disjoint, or one inside the other. */
			assert_true(a1 <= b0 || b1 <= a0 ||
			    (a0 <= b0 && b1 <= a1) || (b0 <= a0 && a1 <= b1));
		}
	}
}

static void
check(const struct record *r, const char *text)
{
	json_t *doc, *events, *e, *args;
	char name[64];
	size_t i;

	doc = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc,
	    "displayTimeUnit")), "ms");
	events = json_object_get(doc, "traceEvents");
	assert_true(json_is_array(events));
	json_array_foreach(events, i, e) {
		assert_true(json_is_string(json_object_get(e, "name")));
		assert_true(json_is_string(json_object_get(e, "ph")));
		assert_int_equal(num(e, "pid"), 1);
		assert_true(num(e, "tid") >= 0);
		if (strcmp(json_string_value(json_object_get(e, "ph")), "M") != 0)
			assert_true(num(e, "ts") >= 0);
		if (strcmp(json_string_value(json_object_get(e, "ph")), "X") == 0)
			assert_true(num(e, "dur") >= 0);
	}
	/* thread_name for main and every worker, by tid. */
	json_array_foreach(events, i, e) {
		if (strcmp(json_string_value(json_object_get(e, "name")),
		    "thread_name") != 0)
			continue;
		args = json_object_get(e, "args");
		if (num(e, "tid") == 0)
			assert_string_equal(json_string_value(json_object_get(args,
			    "name")), "main");
		else {
			snprintf(name, sizeof(name), "worker %lld",
			    (long long)num(e, "tid"));
			assert_string_equal(json_string_value(json_object_get(args,
			    "name")), name);
		}
	}
	if (r->sync.ran) {
		e = find(events, "X", "blocking hash");
		assert_int_equal(num(e, "tid"), 0);
		assert_int_equal(num(e, "ts"), r->sync.start_us);
		assert_int_equal(num(e, "dur"), r->sync.end_us - r->sync.start_us);
	}
	for (i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];
		json_t *b, *end;

		snprintf(name, sizeof(name), "queued %u", t->id);
		b = find(events, "b", name);
		end = find(events, "e", name);
		assert_string_equal(json_string_value(json_object_get(b, "cat")),
		    "queue");
		assert_true(json_equal(json_object_get(b, "id"),
		    json_object_get(end, "id")));
		assert_int_equal(num(b, "ts"), t->queued_us);
		assert_int_equal(num(end, "ts"), t->worker ? t->start_us :
		    t->done_us);
		if (t->worker == 0)
			continue;
		snprintf(name, sizeof(name), "hash %u", t->id);
		e = find(events, "X", name);
		assert_int_equal(num(e, "tid"), t->worker);
		assert_int_equal(num(e, "ts"), t->start_us);
		assert_int_equal(num(e, "dur"), t->end_us - t->start_us);
		snprintf(name, sizeof(name), "done %u", t->id);
		e = find(events, "i", name);
		assert_int_equal(num(e, "tid"), 0);
		assert_int_equal(num(e, "ts"), t->done_us);
		assert_string_equal(json_string_value(json_object_get(e, "s")),
		    "t");
	}
	for (json_int_t tid = 0; tid <= 8; tid++)
		nests(events, tid);
	json_decref(doc);
}

static void
every_fixture_loads(void **state)
{
	struct record r;
	char *out;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++) {
		fixtures[i].build(&r);
		out = NULL;
		CAPTURE(out, render_trace(f, &r));
		check(&r, out);
		free(out);
		record_free(&r);
	}
}

static void
hostile_strings_survive(void **state)
{
	json_t *doc;
	char *out;

	(void)state;
	out = trace_of(fx_hostile);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc,
	    "otherData"), "digest")), FX_HOSTILE_DIGEST_CLEAN);
	json_decref(doc);
	free(out);
}

/* The blocked scenario's hash on main is one event, the sync span. */
static void
blocked_hash_is_one_event(void **state)
{
	json_t *doc, *a, *e, *v;
	char *out;
	size_t i, n = 0;

	(void)state;
	out = trace_of(fx_blocked);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	a = json_object_get(doc, "traceEvents");
	json_array_foreach(a, i, v)
		if (strcmp(json_string_value(json_object_get(v, "ph")), "X") == 0 &&
		    strcmp(json_string_value(json_object_get(v, "name")),
		    "blocking hash") == 0)
			n++;
	assert_int_equal(n, 1);
	e = find(a, "X", "blocking hash");
	assert_int_equal(num(e, "ts"), 20100);
	assert_int_equal(num(e, "dur"), 1302500 - 20100);
	json_decref(doc);
	free(out);
}

/*
 * blocked: each unit waited for the main thread between its end and its
 * delivery, and the trace has that wait as a begin and an end.
 */
static void
blocked_waits_for_the_loop(void **state)
{
	json_t *doc, *a, *b, *e;
	char *out;

	(void)state;
	out = trace_of(fx_blocked);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	a = json_object_get(doc, "traceEvents");
	b = find(a, "b", "hash 1 waiting for the loop");
	e = find(a, "e", "hash 1 waiting for the loop");
	assert_int_equal(num(b, "ts"), 641700);
	assert_int_equal(num(e, "ts"), 1302600);
	assert_string_equal(json_string_value(json_object_get(b, "cat")),
	    "wait");
	assert_non_null(find(a, "b", "hash 2 waiting for the loop"));
	json_decref(doc);
	free(out);
}

static void
out_of_memory_fails_cleanly(void **state)
{
	struct record r;

	(void)state;
	fx_starve(&r);
	assert_jansson_oom_clean(render_trace, &r);
	record_free(&r);
}

static void
write_error_is_reported(void **state)
{
	(void)state;
	assert_write_error_reported(render_trace, fx_waves);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(goldens),
		cmocka_unit_test(every_fixture_loads),
		cmocka_unit_test(hostile_strings_survive),
		cmocka_unit_test(blocked_hash_is_one_event),
		cmocka_unit_test(blocked_waits_for_the_loop),
		cmocka_unit_test(out_of_memory_fails_cleanly),
		cmocka_unit_test(write_error_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
