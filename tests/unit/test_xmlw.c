/* test_xmlw: SVG coordinates and escaped text. */
#include <math.h>

#include "fixtures.h"

#include "render/xmlw.h"

static void
numbers_have_one_decimal(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(xmlw_num(buf, 0), "0.0");
	assert_string_equal(xmlw_num(buf, 12.34), "12.3");
	assert_string_equal(xmlw_num(buf, 12.35), "12.4");
	assert_string_equal(xmlw_num(buf, -0.26), "-0.3");
	assert_string_equal(xmlw_num(buf, 960), "960.0");
	/* Past long long's range, and NaN: bounded, never undefined. */
	assert_string_equal(xmlw_num(buf, 1e300), "1000000000000000.0");
	assert_string_equal(xmlw_num(buf, -1e300), "-1000000000000000.0");
	assert_string_equal(xmlw_num(buf, -HUGE_VAL), "-1000000000000000.0");
	assert_string_equal(xmlw_num(buf, NAN), "0.0");
}

static char *
escaped(const char *s, size_t max)
{
	char *out = NULL;

	CAPTURE(out, xmlw_text(f, s, max));
	return out;
}

static void
text_is_escaped(void **state)
{
	char *got;

	(void)state;
	got = escaped("<a href='x'>\"&\"</a>", 256);
	assert_string_equal(got,
	    "&lt;a href=&apos;x&apos;&gt;&quot;&amp;&quot;&lt;/a&gt;");
	free(got);
	got = escaped("tab\there\x01\x7f\xff", 256);
	assert_string_equal(got, "tab&#9;here\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd");
	free(got);
	got = escaped("abcdef", 3);
	assert_string_equal(got, "abc");
	free(got);
}

static void
the_sink_keeps_write_errors(void **state)
{
	struct fmt_sink s = { fopen("/dev/full", "w"), 0 };

	(void)state;
	assert_non_null(s.f);
	setvbuf(s.f, NULL, _IONBF, 0);
	xmlw_sink_text(&s, "x", 1);
	assert_int_equal(s.bad, 1);
	fclose(s.f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_have_one_decimal),
		cmocka_unit_test(text_is_escaped),
		cmocka_unit_test(the_sink_keeps_write_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
