/* test_tables: the scenario and output tables, and what options read from them. */
#include "testutil.h"
#include "fixtures.h"

#include "core/run.h"
#include "core/scenario.h"
#include "options.h"
#include "render/outputs.h"
#include "report/report.h"

/* Every row is whole, and every name finds its own row. */
static void
scenario_rows_are_whole(void **state)
{
	enum scenario s;

	(void)state;
	for (int i = 0; i < SCENARIO_COUNT; i++) {
		const struct scenario_kind *k = scenario_get((enum scenario)i);

		assert_non_null(k);
		assert_non_null(k->name);
		assert_non_null(k->ops);
		assert_non_null(k->ops->start);
		/* --no-sync makes the blocking hash optional: there must be one. */
		assert_true(!k->no_sync || k->blocks);
		assert_int_equal(scenario_from_name(k->name, &s), 0);
		assert_int_equal(s, i);
	}
	assert_null(scenario_get(SCENARIO_COUNT));
	assert_true(scenario_is_default((enum scenario)0));
}

static void
unknown_scenario_lists_the_table(void **state)
{
	enum scenario s = SCENARIO_COUNT;
	char err[256];

	(void)state;
	assert_int_equal(scenario_parse("nope", &s, err, sizeof(err)), -1);
	assert_string_equal(err, "'nope': unknown scenario (expected article, "
	    "blocked, starve, offload or dns)");
	assert_int_equal(s, SCENARIO_COUNT);
	/* A short buffer is cut, never overrun. */
	assert_int_equal(scenario_parse("nope", &s, err, 12), -1);
	assert_int_equal(strlen(err), 11);
}

static void
output_rows_are_whole(void **state)
{
	char names[64];
	enum format f;

	(void)state;
	for (int i = 0; i < OUTPUT_COUNT; i++) {
		const struct output_kind *k = output_kind((enum output_id)i);

		assert_non_null(k->name);
		assert_non_null(k->render);
		assert_true(strncmp(k->option, "--", 2) == 0);
		if (!k->file) {
			assert_int_equal(format_from_name(k->name, &f), 0);
			assert_ptr_equal(output_of_format(f), k);
			assert_string_equal(format_name(f), k->name);
		}
	}
	assert_int_equal(format_from_name("svg", &f), -1);
	format_names(names, sizeof(names));
	assert_string_equal(names, "text, json, csv or markdown");
	/* An interrupted run is no baseline; any other output may be written. */
	assert_false(output_kind(OUTPUT_BASELINE)->interrupted);
	assert_true(output_kind(OUTPUT_SVG)->interrupted);
	assert_false(output_kind(OUTPUT_JUNIT)->interrupted);
}

/* The options' file paths, one per file row, and none for stdout. */
static void
options_name_each_file_output(void **state)
{
	struct options o;

	(void)state;
	options_defaults(&o);
	for (int i = 0; i < OUTPUT_COUNT; i++)
		if (output_kind((enum output_id)i)->file)
			o.paths[i] = output_kind((enum output_id)i)->name;
	for (int i = 0; i < OUTPUT_COUNT; i++) {
		const char *p = options_output_path(&o, (enum output_id)i);

		assert_true((p != NULL) == output_kind((enum output_id)i)->file);
	}
}

/* What the record is told: a scenario that does not block runs no blocking hash. */
static void
record_config_follows_the_table(void **state)
{
	struct options o;
	struct record_config c;

	(void)state;
	for (int i = 0; i < SCENARIO_COUNT; i++) {
		options_defaults(&o);
		o.scenario = (enum scenario)i;
		options_record_config(&o, NULL, &c);
		assert_int_equal(c.sync, scenario_get(o.scenario)->blocks);
		assert_int_equal(c.scenario, i);
		assert_int_equal(c.pool, OPT_POOL_DEFAULT);
	}
}

/*
 * An SVG of --repeat says which run it draws, of how many: "the last"
 * when all ran, and of the runs asked for when a signal cut them short.
 */
static void
svg_of_a_repeat_names_its_run(void **state)
{
	struct record r[3];
	struct report_store s;
	struct report_request req = { .with_runs = true, .runs_requested = 3 };
	char err[128], *out = NULL;

	(void)state;
	for (int i = 0; i < 3; i++)
		fx_article(&r[i]);
	assert_int_equal(report_assemble(&s, r, 3, &req, err, sizeof(err)), 0);
	CAPTURE(out, output_kind(OUTPUT_SVG)->render(f, &s.rp, NULL));
	assert_non_null(strstr(out, ", run 3 of 3, the last"));
	free(out);
	req.runs_requested = 10;		/* interrupted after 3 of 10 */
	assert_int_equal(report_assemble(&s, r, 3, &req, err, sizeof(err)), 0);
	CAPTURE(out, output_kind(OUTPUT_SVG)->render(f, &s.rp, NULL));
	assert_non_null(strstr(out, ", run 3 of 10"));
	assert_null(strstr(out, "the last"));
	free(out);
	for (int i = 0; i < 3; i++)
		record_free(&r[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scenario_rows_are_whole),
		cmocka_unit_test(unknown_scenario_lists_the_table),
		cmocka_unit_test(output_rows_are_whole),
		cmocka_unit_test(options_name_each_file_output),
		cmocka_unit_test(svg_of_a_repeat_names_its_run),
		cmocka_unit_test(record_config_follows_the_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
