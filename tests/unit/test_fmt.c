/* test_fmt: ms text, hex, UTF-8 cleaning, plurals, word wrap, the sink. */
#include "fixtures.h"

#include "render/fmt.h"

static void
ms3_is_exact(void **state)
{
	char buf[32];

	(void)state;
	fmt_ms3(buf, sizeof(buf), 0);
	assert_string_equal(buf, "0.000");
	fmt_ms3(buf, sizeof(buf), 641234);
	assert_string_equal(buf, "641.234");
	fmt_ms3(buf, sizeof(buf), 7);
	assert_string_equal(buf, "0.007");
	fmt_ms3(buf, sizeof(buf), -1500);
	assert_string_equal(buf, "-1.500");
	fmt_ms3(buf, sizeof(buf), INT64_MIN);
	assert_string_equal(buf, "-9223372036854775.808");
	assert_true(fmt_round_us(1285.02075) == 1285.021);
}

static void
hex_is_lowercase(void **state)
{
	static const unsigned char b[] = { 0x00, 0x0f, 0xa0, 0xff };
	char buf[9];

	(void)state;
	fmt_hex(buf, b, sizeof(b));
	assert_string_equal(buf, "000fa0ff");
	fmt_hex(buf, b, 0);
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
		assert_int_equal(fmt_utf8_clean(buf, sizeof(buf), cases[i].in,
		    strlen(cases[i].in)), (int)strlen(cases[i].out));
		assert_string_equal(buf, cases[i].out);
	}
	/* srclen bounds an unterminated array. */
	assert_int_equal(fmt_utf8_clean(buf, sizeof(buf), "abcdef", 3), 3);
	assert_string_equal(buf, "abc");
	/* Too small: cut at a character boundary, still terminated. */
	assert_int_equal(fmt_utf8_clean(buf, 4, "a\xc3\xa9z", 4), -1);
	assert_string_equal(buf, "a\xc3\xa9");
	assert_int_equal(fmt_utf8_clean(buf, 3, "a\xc3\xa9z", 4), -1);
	assert_string_equal(buf, "a");
}

/* Lines of the wrapped text, joined by '|'. */
static void
wrapped(const char *text, size_t width, const char *want)
{
	char got[256] = "";
	const char *line;
	size_t len;

	while ((len = fmt_wrap(&text, width, &line)) > 0) {
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

static void
put_hex_matches_hex(void **state)
{
	unsigned char key[200];
	char want[2 * sizeof(key) + 1], *got = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (unsigned char)(i * 37);
	fmt_hex(want, key, sizeof(key));
	f = open_memstream(&got, &len);
	assert_non_null(f);
	assert_int_equal(fmt_put_hex(f, key, sizeof(key)), 0);
	assert_int_equal(fmt_put_hex(f, key, 0), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(got, want);
	free(got);
}

static void
plural_counts_one(void **state)
{
	(void)state;
	assert_string_equal(fmt_plural(0, "CPU", "CPUs"), "CPUs");
	assert_string_equal(fmt_plural(1, "CPU", "CPUs"), "CPU");
	assert_string_equal(fmt_plural(2, "CPU", "CPUs"), "CPUs");
}

/* A write error is kept, and later writes do not clear it. */
static void
sink_keeps_the_error(void **state)
{
	struct fmt_sink s = { fopen("/dev/full", "w"), 0 };
	char *got = NULL;
	size_t len = 0;

	(void)state;
	assert_non_null(s.f);
	setvbuf(s.f, NULL, _IONBF, 0);
	fmt_out(&s, "%d", 42);
	assert_int_equal(s.bad, 1);
	fmt_out(&s, "%s", "");
	assert_int_equal(s.bad, 1);
	fclose(s.f);
	s = (struct fmt_sink){ open_memstream(&got, &len), 0 };
	fmt_out(&s, "%s %d", "a", 1);
	assert_int_equal(s.bad, 0);
	assert_int_equal(fclose(s.f), 0);
	assert_string_equal(got, "a 1");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ms3_is_exact),
		cmocka_unit_test(hex_is_lowercase),
		cmocka_unit_test(utf8_clean_replaces_what_is_not_utf8),
		cmocka_unit_test(wrap_fills_lines),
		cmocka_unit_test(put_hex_matches_hex),
		cmocka_unit_test(plural_counts_one),
		cmocka_unit_test(sink_keeps_the_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
