/* test_render_csv: the header, one row per task, exact ms, keys. */
#include "fixtures.h"

#include "render/render_csv.h"

static char *
csv_of(fixture_fn *build)
{
	struct record r;
	char *out = NULL;

	build(&r);
	CAPTURE(out, render_csv(f, &r));
	record_free(&r);
	return out;
}

static void
goldens(void **state)
{
	static const char *const names[] = { "article", "zero", "waves",
	    "interrupted", "hostile" };
	char path[128], *out;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++)
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			if (strcmp(fixtures[i].name, names[k]) != 0)
				continue;
			out = csv_of(fixtures[i].build);
			snprintf(path, sizeof(path), "csv_%s.csv", names[k]);
			assert_golden(path, out);
			free(out);
		}
}

/* As many rows as tasks, each with as many fields as the header. */
static void
rows_match_the_header(void **state)
{
	char *out, *line, *save;
	int fields, want, rows;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++) {
		struct record r;

		fixtures[i].build(&r);
		out = NULL;
		CAPTURE(out, render_csv(f, &r));
		want = -1;
		rows = 0;
		for (line = strtok_r(out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save), rows++) {
			fields = 1;
			for (char *p = line; *p != '\0'; p++)
				fields += *p == ',';
			if (want < 0)
				want = fields;
			assert_int_equal(fields, want);
		}
		assert_int_equal(want, r.config.print_key ? 8 : 7);
		assert_int_equal(rows, (int)r.ntasks + 1);
		free(out);
		record_free(&r);
	}
}

static void
exact_three_decimals(void **state)
{
	char *out;

	(void)state;
	out = csv_of(fx_article);
	assert_non_null(strstr(out, "\n1,1,641.290,641.587,1925.310,1925.391,"
	    "641.012\n"));
	free(out);
	out = csv_of(fx_zero);
	assert_string_equal(out, "id,worker,queued_ms,start_ms,end_ms,done_ms,"
	    "cpu_ms\n");
	free(out);
}

static void
write_error_is_reported(void **state)
{
	(void)state;
	assert_write_error_reported(render_csv, fx_waves);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(goldens),
		cmocka_unit_test(rows_match_the_header),
		cmocka_unit_test(exact_three_decimals),
		cmocka_unit_test(write_error_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
