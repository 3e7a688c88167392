/* test_render_json: the JSON contract, field by field, and goldens. */
#include <jansson.h>

#include "fixtures.h"
#include "jansson_oom.h"

#include "render/render_json.h"
#include "render/render_text.h"

static char *
json_of(fixture_fn *build)
{
	struct record r;
	char *out = NULL;

	build(&r);
	CAPTURE(out, render_json(f, &r));
	record_free(&r);
	return out;
}

static void
goldens(void **state)
{
	char path[128], *out;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++) {
		out = json_of(fixtures[i].build);
		snprintf(path, sizeof(path), "json_%s.json", fixtures[i].name);
		assert_golden(path, out);
		free(out);
	}
}

/* o[key] exists and has type t. */
static json_t *
field(json_t *o, const char *key, json_type t)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL)
		fail_msg("missing field \"%s\"", key);
	if (json_typeof(v) != t)
		fail_msg("field \"%s\" has type %d, want %d", key,
		    (int)json_typeof(v), (int)t);
	return v;
}

static void
object_has(json_t *o, const char *const *keys, json_type t)
{
	for (size_t i = 0; keys[i] != NULL; i++)
		field(o, keys[i], t);
}

static void
keys_are_exactly(json_t *o, const char *const *keys)
{
	size_t n = 0;

	while (keys[n] != NULL)
		n++;
	assert_int_equal(json_object_size(o), n);
	for (size_t i = 0; i < n; i++)
		assert_non_null(json_object_get(o, keys[i]));
}

/* Every contract field, with its type, parsed back from the output. */
static void
check_contract(const struct record *r, const char *text)
{
	static const char *const top[] = { "tool", "version", "schema",
	    "config", "machine", "lines", "sync", "tasks", "summary", NULL };
	static const char *const task_ms[] = { "queued_ms", "start_ms",
	    "end_ms", "done_ms", "cpu_ms", NULL };
	static const char *const task_keys[] = { "id", "worker", "queued_ms",
	    "start_ms", "end_ms", "done_ms", "cpu_ms", NULL };
	static const char *const summary_reals[] = { "sync_ms", "makespan_ms",
	    "mean_task_ms", "parallelism", "max_lag_ms", "one_hash_ms",
	    "unit_factor", "predicted_ms", NULL };
	static const char *const sync_ms[] = { "start_ms", "end_ms", "cpu_ms",
	    NULL };
	json_error_t err;
	json_t *doc, *o, *a, *v;
	char want[256];
	size_t i;
	int extra = 0;

	doc = json_loads(text, JSON_REJECT_DUPLICATES, &err);
	if (doc == NULL)
		fail_msg("not JSON: %s at line %d", err.text, err.line);
	for (i = 0; top[i] != NULL; i++)
		assert_non_null(json_object_get(doc, top[i]));
	assert_string_equal(json_string_value(field(doc, "tool", JSON_STRING)),
	    "poolviz");
	assert_string_equal(json_string_value(field(doc, "version",
	    JSON_STRING)), POOLVIZ_VERSION);
	assert_int_equal(json_integer_value(field(doc, "schema", JSON_INTEGER)), 1);

	o = field(doc, "config", JSON_OBJECT);
	assert_int_equal(json_integer_value(field(o, "calls", JSON_INTEGER)),
	    r->config.calls);
	field(o, "pool", JSON_INTEGER);
	field(o, "iterations", JSON_INTEGER);
	field(o, "keylen", JSON_INTEGER);
	field(o, "digest", JSON_STRING);
	assert_true(json_is_boolean(json_object_get(o, "sync")));
	/* What --hash-ms asked for, or null. */
	v = json_object_get(o, "hash_ms");
	assert_true(r->config.hash_ms ? json_is_integer(v) : json_is_null(v));
	assert_string_equal(json_string_value(field(o, "scenario", JSON_STRING)),
	    scenario_name(r->config.scenario));
	o = field(doc, "machine", JSON_OBJECT);
	field(o, "cpus", JSON_INTEGER);
	field(o, "affinity_cpus", JSON_INTEGER);
	field(o, "quota_cpus", JSON_NULL);
	field(o, "quota_cgroup", JSON_NULL);
	field(o, "usable_cpus", JSON_REAL);
	field(o, "libuv", JSON_STRING);
	field(o, "openssl", JSON_STRING);
	assert_int_equal(json_object_size(o), 7);

	/* The fixtures' machine was quiet: nothing taken, all left. */
	o = field(doc, "load", JSON_OBJECT);
	field(o, "other_cpus", JSON_REAL);
	field(o, "steal_cpus", JSON_REAL);
	field(o, "throttled_ms", JSON_NULL);
	field(o, "available_cpus", JSON_REAL);
	/* The fixtures had no sampler to tell a stop: unknown. */
	field(o, "stopped_ms", JSON_NULL);
	assert_true(json_is_false(field(o, "disturbed", JSON_FALSE)));
	assert_int_equal(json_array_size(field(o, "notes", JSON_ARRAY)), 0);
	assert_int_equal(json_object_size(o), 7);

	a = field(doc, "lines", JSON_ARRAY);
	assert_int_equal(json_array_size(a), r->nlines);
	json_array_foreach(a, i, v) {
		render_text_format(want, sizeof(want), r, &r->lines[i]);
		assert_string_equal(json_string_value(field(v, "text",
		    JSON_STRING)), want);
		assert_int_equal(json_integer_value(field(v, "ms", JSON_INTEGER)),
		    render_text_ms(r->lines[i].us));
	}

	v = json_object_get(doc, "sync");
	if (r->sync.ran) {
		assert_true(json_is_object(v));
		object_has(v, sync_ms, JSON_REAL);
		assert_true(json_real_value(json_object_get(v, "end_ms")) ==
		    r->sync.end_us / 1000.0);
		/* How many units the main thread ran. */
		assert_int_equal(json_integer_value(field(v, "units",
		    JSON_INTEGER)), r->heartbeat.block_hashes);
	} else
		assert_true(json_is_null(v));

	a = field(doc, "tasks", JSON_ARRAY);
	assert_int_equal(json_array_size(a), r->ntasks);
	json_array_foreach(a, i, v) {
		assert_int_equal(json_integer_value(field(v, "id", JSON_INTEGER)),
		    i + 1);
		/* A hash cancelled in the queue: flagged, its times null. */
		if (r->tasks[i].worker == 0) {
			assert_true(json_is_true(json_object_get(v, "cancelled")));
			assert_true(json_is_null(json_object_get(v, "worker")));
			field(v, "queued_ms", JSON_REAL);
			for (size_t k = 1; task_ms[k] != NULL; k++)
				assert_true(json_is_null(json_object_get(v,
				    task_ms[k])));
			assert_int_equal(json_object_size(v), 8 +
			    r->config.print_key);
			continue;
		}
		assert_null(json_object_get(v, "cancelled"));
		assert_int_equal(json_integer_value(field(v, "worker",
		    JSON_INTEGER)), r->tasks[i].worker);
		object_has(v, task_ms, JSON_REAL);
		assert_true(json_real_value(json_object_get(v, "done_ms")) ==
		    r->tasks[i].done_us / 1000.0);
		if (r->config.print_key) {
			field(v, "key", JSON_STRING);
			assert_int_equal(json_object_size(v), 8);
		} else
			keys_are_exactly(v, task_keys);
	}

	o = field(doc, "summary", JSON_OBJECT);
	object_has(o, summary_reals, JSON_REAL);
	field(o, "expected_waves", JSON_INTEGER);
	assert_int_equal(json_object_size(o), 10);

	if (r->heartbeat.ran) {
		o = field(doc, "heartbeat", JSON_OBJECT);
		field(o, "interval_ms", JSON_INTEGER);
		field(o, "max_gap_ms", JSON_REAL);
		field(o, "ticks", JSON_INTEGER);
		extra++;
	} else
		assert_null(json_object_get(doc, "heartbeat"));
	if (r->offload.ran) {
		o = field(doc, "worker_thread", JSON_OBJECT);
		assert_string_equal(json_string_value(field(o, "lane",
		    JSON_STRING)), "worker thread");
		field(o, "start_ms", JSON_REAL);
		field(o, "end_ms", JSON_REAL);
		field(o, "done_ms", JSON_REAL);
		field(o, "cpu_ms", JSON_REAL);
		field(o, "units", JSON_INTEGER);
		assert_int_equal(json_object_size(o), 6);
		extra++;
	} else
		assert_null(json_object_get(doc, "worker_thread"));
	if (r->probes[PROBE_FS].ran || r->probes[PROBE_DNS].ran ||
	    r->probes[PROBE_TCP].ran) {
		a = field(doc, "probes", JSON_ARRAY);
		json_array_foreach(a, i, v) {
			field(v, "kind", JSON_STRING);
			field(v, "start_ms", JSON_REAL);
			field(v, "done_ms", JSON_REAL);
			field(v, "latency_ms", JSON_REAL);
		}
		extra++;
	} else
		assert_null(json_object_get(doc, "probes"));
	if (r->interrupted) {
		assert_true(json_is_true(json_object_get(doc, "interrupted")));
		extra++;
	} else
		assert_null(json_object_get(doc, "interrupted"));
	assert_int_equal(json_object_size(doc), 10 + extra);
	json_decref(doc);
}

static void
contract_holds_for_every_fixture(void **state)
{
	struct record r;
	char *out;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++) {
		fixtures[i].build(&r);
		out = NULL;
		CAPTURE(out, render_json(f, &r));
		check_contract(&r, out);
		free(out);
		record_free(&r);
	}
}

/* Reals print as the microseconds they came from, not 17-digit noise. */
static void
reals_print_exactly(void **state)
{
	char *out;

	(void)state;
	out = json_of(fx_article);
	assert_non_null(strstr(out, "\"end_ms\": 641.234,"));
	assert_non_null(strstr(out, "\"done_ms\": 1925.391,"));
	assert_non_null(strstr(out, "\"mean_task_ms\": 1285.021,"));
	assert_null(strstr(out, "0000000"));
	assert_null(strstr(out, "9999999"));
	free(out);
}

static void
hostile_strings_survive(void **state)
{
	json_t *doc, *m;
	char *out;

	(void)state;
	out = json_of(fx_hostile);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc,
	    "config"), "digest")), FX_HOSTILE_DIGEST_CLEAN);
	m = json_object_get(doc, "machine");
	assert_string_equal(json_string_value(json_object_get(m, "libuv")),
	    "1.44<b>&\"x\"");
	assert_string_equal(json_string_value(json_object_get(m, "openssl")),
	    "OpenSSL 'q' \\ </text>]]>\r\n");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(doc, "tasks"), 0), "key")), "00010203");
	/* Escaped on the wire: no raw control bytes in the text. */
	for (const char *p = out; *p != '\0'; p++)
		if (*p != '\n')
			assert_true((unsigned char)*p >= 0x20);
	json_decref(doc);
	free(out);
}

/* Keys are the record's bytes in lowercase hex, one per task. */
static void
keys_with_print_key(void **state)
{
	json_t *doc, *tasks;
	char *out;

	(void)state;
	out = json_of(fx_waves);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	tasks = json_object_get(doc, "tasks");
	assert_string_equal(json_string_value(json_object_get(json_array_get(tasks,
	    0), "key")), "0001020304050607");
	assert_string_equal(json_string_value(json_object_get(json_array_get(tasks,
	    7), "key")), "7778797a7b7c7d7e");
	json_decref(doc);
	free(out);
}

/* Several runs embed in one document: each is the document a run prints. */
static void
records_embed(void **state)
{
	struct record a, b;
	struct jsonw w;
	json_t *runs, *one;
	char *s = NULL, *single;

	(void)state;
	fx_article(&a);
	fx_waves(&b);
	CAPTURE(s, (jsonw_init(&w, f), jsonw_array(&w, NULL),
	    jsonw_object(&w, NULL), render_json_members(&w, &a),
	    jsonw_close(&w), jsonw_object(&w, NULL),
	    render_json_members(&w, &b), jsonw_close(&w), jsonw_close(&w),
	    jsonw_end(&w)));
	runs = json_loads(s, 0, NULL);
	assert_non_null(runs);
	assert_int_equal(json_array_size(runs), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_array_get(runs, 1), "config"), "pool")), 2);
	single = json_of(fx_waves);
	one = json_loads(single, 0, NULL);
	assert_true(json_equal(one, json_array_get(runs, 1)));
	record_free(&a);
	record_free(&b);
	json_decref(one);
	json_decref(runs);
	free(single);
	free(s);
}

static void
out_of_memory_fails_cleanly(void **state)
{
	struct record r;

	(void)state;
	fx_starve(&r);
	assert_jansson_oom_clean(render_json, &r);
	record_free(&r);
}

static void
write_error_is_reported(void **state)
{
	(void)state;
	assert_write_error_reported(render_json, fx_article);
}

/* A neighbour's share: load says disturbed, with --timeline's sentence. */
static void
load_says_what_others_took(void **state)
{
	struct record r;
	char *out = NULL;
	json_t *doc, *load;
	json_error_t e;

	(void)state;
	fx_article(&r);
	r.load.other_cpus = 1.0;
	r.load.available_cpus = 1.0;
	CAPTURE(out, render_json(f, &r));
	record_free(&r);
	assert_non_null(doc = json_loads(out, 0, &e));
	free(out);
	load = field(doc, "load", JSON_OBJECT);
	assert_true(json_is_true(json_object_get(load, "disturbed")));
	assert_int_equal(json_array_size(field(load, "notes", JSON_ARRAY)), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    load, "notes"), 0)), "Other processes used 1.0 of the 2 CPUs "
	    "during this run, so the hashes had about 1.0 of the 2.0 CPUs they "
	    "could use: machine factor 2.0, so expect each hash to take about "
	    "2.0 times one hash.");
	json_decref(doc);
	/* Unknown load: neither disturbed nor quiet. */
	fx_article(&r);
	r.load.cpu_known = false;
	CAPTURE(out, render_json(f, &r));
	record_free(&r);
	assert_non_null(doc = json_loads(out, 0, &e));
	free(out);
	load = field(doc, "load", JSON_OBJECT);
	field(load, "disturbed", JSON_NULL);
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(goldens),
		cmocka_unit_test(load_says_what_others_took),
		cmocka_unit_test(contract_holds_for_every_fixture),
		cmocka_unit_test(reals_print_exactly),
		cmocka_unit_test(hostile_strings_survive),
		cmocka_unit_test(keys_with_print_key),
		cmocka_unit_test(records_embed),
		cmocka_unit_test(out_of_memory_fails_cleanly),
		cmocka_unit_test(write_error_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
