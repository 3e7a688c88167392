/* test_render_util: ms text, hex, UTF-8 cleaning, the chart's scale and ticks. */
#include "fixtures.h"

#include "render/render_util.h"

static void
ms3_is_exact(void **state)
{
	char buf[32];

	(void)state;
	render_ms3(buf, sizeof(buf), 0);
	assert_string_equal(buf, "0.000");
	render_ms3(buf, sizeof(buf), 641234);
	assert_string_equal(buf, "641.234");
	render_ms3(buf, sizeof(buf), 7);
	assert_string_equal(buf, "0.007");
	render_ms3(buf, sizeof(buf), -1500);
	assert_string_equal(buf, "-1.500");
	render_ms3(buf, sizeof(buf), INT64_MIN);
	assert_string_equal(buf, "-9223372036854775.808");
	assert_true(render_round_us(1285.02075) == 1285.021);
}

static void
hex_is_lowercase(void **state)
{
	static const unsigned char b[] = { 0x00, 0x0f, 0xa0, 0xff };
	char buf[9];

	(void)state;
	render_hex(buf, b, sizeof(b));
	assert_string_equal(buf, "000fa0ff");
	render_hex(buf, b, 0);
	assert_string_equal(buf, "");
}

static void
utf8_clean_replaces_what_is_not_utf8(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "plain" },
		{ "\xc3\xa9", "\xc3\xa9" },			/* é */
		{ "\xe2\x96\x88", "\xe2\x96\x88" },		/* █ */
		{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },	/* U+1F600 */
		{ "a\xff" "b", "a\xef\xbf\xbd" "b" },
		{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },	/* overlong / */
		{ "\xe0\x80\xaf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* surrogate */
		{ "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xc3", "\xef\xbf\xbd" },			/* cut short */
		{ "\xe2\x96", "\xef\xbf\xbd\xef\xbf\xbd" },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(render_utf8_clean(buf, sizeof(buf), cases[i].in,
		    strlen(cases[i].in)), (int)strlen(cases[i].out));
		assert_string_equal(buf, cases[i].out);
	}
	/* srclen bounds an unterminated array. */
	assert_int_equal(render_utf8_clean(buf, sizeof(buf), "abcdef", 3), 3);
	assert_string_equal(buf, "abc");
	/* Too small: cut at a character boundary, still terminated. */
	assert_int_equal(render_utf8_clean(buf, 4, "a\xc3\xa9z", 4), -1);
	assert_string_equal(buf, "a\xc3\xa9");
	assert_int_equal(render_utf8_clean(buf, 3, "a\xc3\xa9z", 4), -1);
	assert_string_equal(buf, "a");
}

static void
chart_spans_the_record(void **state)
{
	struct record r;
	struct chart c;

	(void)state;
	fx_article(&r);
	chart_init(&c, &r, 100);
	assert_int_equal(c.end_us, 1931072);	/* the last done */
	assert_int_equal(c.workers, 4);
	assert_true(chart_x(&c, 0) == 0);
	assert_true(chart_x(&c, c.end_us) == 100);
	record_free(&r);

	fx_config(&r, 0, 4, 2, false, false, 8);
	chart_init(&c, &r, 10);
	assert_int_equal(c.end_us, 1000);	/* nothing ran: 1 ms */
	assert_int_equal(c.workers, 0);
	record_free(&r);

	fx_starve(&r);
	chart_init(&c, &r, 10);
	assert_int_equal(c.end_us, 643850);
	record_free(&r);
}

static void
ticks_are_round(void **state)
{
	struct chart c = { 1931072, 71, 4 };
	char buf[32];

	(void)state;
	assert_int_equal(chart_tick_step(&c, 8), 500000);
	assert_int_equal(chart_tick_step(&c, 3), 1000000);
	assert_int_equal(chart_tick_step(&c, 2), 1000000);
	assert_int_equal(chart_tick_step(&c, 0), 1000000);
	assert_int_equal(chart_tick_step(&c, 40), 50000);
	c.end_us = 4180;
	assert_int_equal(chart_tick_step(&c, 8), 1000);
	assert_int_equal(chart_tick_step(&c, 30), 200);
	chart_tick_label(buf, sizeof(buf), 1500000, 500000);
	assert_string_equal(buf, "1500");
	chart_tick_label(buf, sizeof(buf), 1400, 200);
	assert_string_equal(buf, "1.4");
	chart_tick_label(buf, sizeof(buf), 1450, 50);
	assert_string_equal(buf, "1.45");
	chart_tick_label(buf, sizeof(buf), 1453, 1);
	assert_string_equal(buf, "1.453");
}

/* Lines of the wrapped text, joined by '|'. */
static void
wrapped(const char *text, size_t width, const char *want)
{
	char got[256] = "";
	const char *line;
	size_t len;

	while ((len = render_wrap(&text, width, &line)) > 0) {
		if (got[0] != '\0')
			strcat(got, "|");
		strncat(got, line, len);
	}
	assert_string_equal(got, want);
}

static void
wrap_fills_lines(void **state)
{
	(void)state;
	wrapped("", 10, "");
	wrapped("   ", 10, "");
	wrapped("one two three", 80, "one two three");
	wrapped("one two three", 7, "one two|three");
	wrapped("one two three", 8, "one two|three");
	wrapped("one two three", 3, "one|two|thr|ee");
	wrapped("  lead  and   gaps ", 9, "lead  and|gaps");
	wrapped("abcdefghij", 4, "abcd|efgh|ij");
	wrapped("a b", 1, "a|b");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ms3_is_exact),
		cmocka_unit_test(hex_is_lowercase),
		cmocka_unit_test(utf8_clean_replaces_what_is_not_utf8),
		cmocka_unit_test(chart_spans_the_record),
		cmocka_unit_test(ticks_are_round),
		cmocka_unit_test(wrap_fills_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
