/* test_render_report: the statistics table, check lines and comparison. */
#include "testutil.h"
#include "fixtures.h"

#include "render/jsonw.h"
#include "render/render_report.h"

static char *
text_of(const struct report *rp)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(render_report_text(f, rp), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/*
 * The document, written as walked, is laid out as jansson lays out the
 * same document whole: no golden holds a report, so compare with that.
 */
static void
same_as_jansson(json_t *doc, const char *written)
{
	char *whole = json_dumps(doc, JSONW_FLAGS);

	assert_non_null(whole);
	assert_int_equal(strlen(written), strlen(whole) + 1);
	assert_memory_equal(written, whole, strlen(whole));
	assert_int_equal(written[strlen(whole)], '\n');
	free(whole);
}

/* --save-baseline's file: the report with the metrics a baseline keeps. */
static void
baseline_file(void **state)
{
	struct record r;
	struct stats st;
	struct baseline now;
	struct report rp;
	char *got = NULL;
	json_t *doc;

	(void)state;
	fx_waves(&r);
	assert_int_equal(stats_compute(&st, &r, 1), 0);
	baseline_from(&now, &r, &st);
	rp = (struct report){ .runs = &r, .nruns = 1, .stats = &st,
	    .now = &now, .include_baseline = true };
	CAPTURE(got, render_report_json_file(f, &rp));
	doc = json_loads(got, 0, NULL);
	assert_non_null(doc);
	same_as_jansson(doc, got);
	assert_true(json_is_object(json_object_get(doc, "baseline")));
	assert_null(json_object_get(doc, "runs"));
	json_decref(doc);
	free(got);
	record_free(&r);
}

/* Three runs (article, waves, article), checked and compared. */
static void
everything(void **state)
{
	struct record r[3];
	struct stats st;
	struct checks cs;
	struct baseline now, base;
	struct baseline_row rows[BASE_COUNT];
	struct report rp;
	char *got;
	json_t *doc;

	(void)state;
	fx_article(&r[0]);
	fx_waves(&r[1]);
	fx_article(&r[2]);
	assert_int_equal(stats_compute(&st, r, 3), 0);
	check_run(&cs, r, 3, &st, 25);
	baseline_from(&now, &r[2], &st);
	base = now;
	base.cpus = 8;
	base.m[BASE_MAKESPAN_PER_WAVE] *= 0.5;
	baseline_compare(&base, &now, 25, 6.25, rows);
	rp = (struct report){ .runs = r, .nruns = 3, .warmup = 1,
	    .with_runs = true, .stats = &st, .checks = &cs, .now = &now,
	    .base = &base, .rows = rows, .tolerance_pct = 25 };
	got = text_of(&rp);
	assert_golden("report.txt", got);
	assert_non_null(strstr(got, "\nmakespan_per_wave "));
	assert_non_null(strstr(got, "REGRESSED\n"));
	free(got);

	got = NULL;
	CAPTURE(got, render_report_json_file(f, &rp));
	doc = json_loads(got, 0, NULL);
	assert_non_null(doc);
	same_as_jansson(doc, got);
	free(got);
	assert_int_equal(json_array_size(json_object_get(doc, "runs")), 3);
	assert_int_equal(json_array_size(json_object_get(doc, "checks")), 6);
	assert_true(json_is_object(json_object_get(json_object_get(doc, "stats"),
	    "makespan_over_hash")));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc,
	    "comparison"), "baseline_cpus")), 8);
	assert_null(json_object_get(doc, "baseline"));
	json_decref(doc);
	for (int i = 0; i < 3; i++)
		record_free(&r[i]);
}

/* One run with nothing asked for adds nothing to the text. */
static void
nothing_asked(void **state)
{
	struct record r;
	struct stats st;
	struct report rp;
	char *got;

	(void)state;
	fx_article(&r);
	assert_int_equal(stats_compute(&st, &r, 1), 0);
	rp = (struct report){ .runs = &r, .nruns = 1, .stats = &st };
	got = text_of(&rp);
	assert_string_equal(got, "");
	free(got);
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(everything),
		cmocka_unit_test(baseline_file),
		cmocka_unit_test(nothing_asked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
