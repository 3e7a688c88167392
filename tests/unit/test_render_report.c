/* test_render_report: the statistics table, check lines and comparison. */
#include "testutil.h"
#include "fixtures.h"

#include "render/jsonw.h"
#include "render/notes.h"
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

/*
 * A set of three runs whose others took 0.2, 1.2 and (the last) 1.4 CPUs:
 * the text report, the chart's notes, the JSON's load and the baseline's
 * machine all show the one figure, the median 1.2, never the last run's.
 */
static void
one_figure_for_others(void **state)
{
	static const double other[3] = { 0.2, 1.2, 1.4 };
	struct record r[3];
	struct report_store s;
	struct report_request req = { .runs_requested = 3, .with_runs = true,
	    .check = true, .tolerance_pct = 25 };
	char err[128], notes[NOTES_MAX][NOTE_LEN], *got = NULL, *text;
	json_t *doc;
	size_t n;
	bool said = false;

	(void)state;
	for (int i = 0; i < 3; i++) {
		fx_article(&r[i]);
		r[i].load.other_cpus = other[i];
		r[i].load.available_cpus = 2 - other[i];
	}
	assert_int_equal(report_assemble(&s, r, 3, &req, err, sizeof(err)), 0);
	assert_near(s.rp.load.other_cpus, 1.2, 1e-12);
	assert_near(report_shown(&s.rp)->load.other_cpus, 1.2, 1e-12);
	/* The last run itself keeps its own. */
	assert_near(report_last(&s.rp)->load.other_cpus, 1.4, 1e-12);
	assert_near(s.now.machine.other_cpus, 1.2, 1e-12);

	text = text_of(&s.rp);
	assert_non_null(strstr(text, "used 1.2 of the 2 CPUs during these runs"));
	assert_null(strstr(text, "1.4"));
	free(text);

	n = notes_make(report_shown(&s.rp), notes);
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(notes[i], "used 1.4"));
		said |= strstr(notes[i], "used 1.2 of the 2 CPUs during these "
		    "runs") != NULL;
	}
	assert_true(said);

	CAPTURE(got, render_report_json_file(f, &s.rp));
	doc = json_loads(got, 0, NULL);
	assert_non_null(doc);
	assert_near(json_real_value(json_object_get(json_object_get(doc,
	    "load"), "other_cpus")), 1.2, 1e-9);
	/* Each run's own stays in runs[]. */
	assert_near(json_real_value(json_object_get(json_object_get(
	    json_array_get(json_object_get(doc, "runs"), 2), "load"),
	    "other_cpus")), 1.4, 1e-9);
	json_decref(doc);
	free(got);
	for (int i = 0; i < 3; i++)
		record_free(&r[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(everything),
		cmocka_unit_test(baseline_file),
		cmocka_unit_test(nothing_asked),
		cmocka_unit_test(one_figure_for_others),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
