/* test_render_style: width, colour and Unicode chosen on every branch. */
#include "testutil.h"

#include "render/render_style.h"

static struct render_style
choose_term(bool tty, int cols, const char *columns, const char *no_color,
    const char *term, const char *codeset, bool ascii)
{
	struct render_style s = { .width = -1, .color = true, .unicode = true };

	render_style_choose(&s, tty, cols, columns, no_color, term, codeset,
	    ascii);
	return s;
}

static struct render_style
choose(bool tty, int cols, const char *columns, const char *no_color,
    const char *codeset, bool ascii)
{
	return choose_term(tty, cols, columns, no_color, "xterm", codeset, ascii);
}

static void
width_from_columns_then_tty_then_80(void **state)
{
	(void)state;
	assert_int_equal(choose(true, 120, "100", NULL, "UTF-8", false).width, 100);
	assert_int_equal(choose(false, 0, "100", NULL, "UTF-8", false).width, 100);
	assert_int_equal(choose(true, 120, NULL, NULL, "UTF-8", false).width, 120);
	assert_int_equal(choose(false, 120, NULL, NULL, "UTF-8", false).width, 80);
	assert_int_equal(choose(true, 0, NULL, NULL, "UTF-8", false).width, 80);
	assert_int_equal(choose(true, -5, NULL, NULL, "UTF-8", false).width, 80);
	assert_int_equal(choose(false, 0, NULL, NULL, NULL, false).width, 80);
}

/* COLUMNS counts only as a positive number of plain digits. */
static void
bad_columns_fall_through(void **state)
{
	static const char *bad[] = {
		"", "0", "-90", "+90", " 90", "90 ", "90x", "x", "9.5",
		"99999999999999999999999",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(choose(true, 120, bad[i], NULL, "UTF-8",
		    false).width, 120);
		assert_int_equal(choose(false, 120, bad[i], NULL, "UTF-8",
		    false).width, 80);
	}
}

static void
width_is_clamped(void **state)
{
	(void)state;
	assert_int_equal(choose(false, 0, "1", NULL, NULL, false).width,
	    RENDER_STYLE_MIN_WIDTH);
	assert_int_equal(choose(false, 0, "39", NULL, NULL, false).width, 40);
	assert_int_equal(choose(false, 0, "40", NULL, NULL, false).width, 40);
	assert_int_equal(choose(true, 12, NULL, NULL, NULL, false).width, 40);
	assert_int_equal(choose(false, 0, "1000", NULL, NULL, false).width, 1000);
	assert_int_equal(choose(false, 0, "1001", NULL, NULL, false).width,
	    RENDER_STYLE_MAX_WIDTH);
	assert_int_equal(choose(true, 5000, NULL, NULL, NULL, false).width, 1000);
}

/*
 * Colour on a terminal only, and not with NO_COLOR set to a non-empty
 * value (no-color.org: an empty one does not count) or TERM=dumb.
 */
static void
color_needs_tty_and_no_no_color(void **state)
{
	(void)state;
	assert_true(choose(true, 80, NULL, NULL, "UTF-8", false).color);
	assert_false(choose(false, 80, NULL, NULL, "UTF-8", false).color);
	assert_false(choose(true, 80, NULL, "1", "UTF-8", false).color);
	assert_false(choose(true, 80, NULL, "0", "UTF-8", false).color);
	assert_true(choose(true, 80, NULL, "", "UTF-8", false).color);
	assert_false(choose(false, 80, NULL, "", "UTF-8", false).color);
	assert_false(choose(false, 80, NULL, "1", "UTF-8", false).color);
	/* --ascii is about glyphs, not colour. */
	assert_true(choose(true, 80, NULL, NULL, "UTF-8", true).color);
}

static void
color_off_for_a_dumb_terminal(void **state)
{
	(void)state;
	assert_false(choose_term(true, 80, NULL, NULL, "dumb", "UTF-8",
	    false).color);
	assert_false(choose_term(true, 80, NULL, "", "dumb", "UTF-8",
	    false).color);
	assert_true(choose_term(true, 80, NULL, NULL, NULL, "UTF-8",
	    false).color);
	assert_true(choose_term(true, 80, NULL, NULL, "dumber", "UTF-8",
	    false).color);
	assert_true(choose_term(true, 80, NULL, NULL, "", "UTF-8",
	    false).color);
	assert_false(choose_term(false, 80, NULL, NULL, "xterm-256color",
	    "UTF-8", false).color);
}

static void
unicode_needs_utf8_and_no_ascii(void **state)
{
	(void)state;
	assert_true(choose(false, 0, NULL, NULL, "UTF-8", false).unicode);
	assert_true(choose(false, 0, NULL, NULL, "utf-8", false).unicode);
	assert_true(choose(false, 0, NULL, NULL, "utf8", false).unicode);
	assert_false(choose(false, 0, NULL, NULL, "UTF-8", true).unicode);
	assert_false(choose(false, 0, NULL, NULL, "ANSI_X3.4-1968", false).unicode);
	assert_false(choose(false, 0, NULL, NULL, "ISO-8859-1", false).unicode);
	assert_false(choose(false, 0, NULL, NULL, "UTF-16", false).unicode);
	assert_false(choose(false, 0, NULL, NULL, "", false).unicode);
	assert_false(choose(false, 0, NULL, NULL, NULL, false).unicode);
	assert_false(choose(true, 80, NULL, NULL, NULL, true).unicode);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(width_from_columns_then_tty_then_80),
		cmocka_unit_test(bad_columns_fall_through),
		cmocka_unit_test(width_is_clamped),
		cmocka_unit_test(color_needs_tty_and_no_no_color),
		cmocka_unit_test(color_off_for_a_dumb_terminal),
		cmocka_unit_test(unicode_needs_utf8_and_no_ascii),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
