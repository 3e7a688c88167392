/* test_render_svg: goldens, escaping, and well-formed XML that renders. */
#include "fixtures.h"

#include "render/render_svg.h"

static const char *const names[] = { "article", "nosync", "zero", "waves",
    "blocked", "starve", "offload", "interrupted", "hostile" };

static char *
svg_of(fixture_fn *build)
{
	struct record r;
	char *out = NULL;

	build(&r);
	CAPTURE(out, render_svg(f, &r));
	record_free(&r);
	return out;
}

static fixture_fn *
fixture(const char *name)
{
	for (size_t i = 0; i < NFIXTURES; i++)
		if (strcmp(fixtures[i].name, name) == 0)
			return fixtures[i].build;
	fail_msg("no fixture %s", name);
	return NULL;
}

static void
goldens(void **state)
{
	char path[128], *out;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		out = svg_of(fixture(names[i]));
		snprintf(path, sizeof(path), "svg_%s.svg", names[i]);
		assert_golden(path, out);
		free(out);
	}
}


/* Every fixture's SVG is well-formed for xmllint and renders with rsvg. */
static void
xmllint_and_rsvg_accept(void **state)
{
	char *out;

	(void)state;
	if (!have("xmllint") || !have("rsvg-convert"))
		skip();
	for (size_t i = 0; i < NFIXTURES; i++) {
		out = svg_of(fixtures[i].build);
		if (pipe_to("xmllint --noout - 2>&1", out) != 0)
			fail_msg("xmllint refused the %s SVG", fixtures[i].name);
		if (pipe_to("rsvg-convert >/dev/null 2>&1", out) != 0)
			fail_msg("rsvg-convert refused the %s SVG",
			    fixtures[i].name);
		free(out);
	}
}

static void
hostile_strings_are_escaped(void **state)
{
	char *out;

	(void)state;
	out = svg_of(fx_hostile);
	/* \x01 and \xff both become U+FFFD; the newline a reference. */
	assert_non_null(strstr(out, "sha&quot;512\\&lt;&amp;&gt;&#10;&apos;"
	    "\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9"));
	assert_non_null(strstr(out, "libuv 1.44&lt;b&gt;&amp;&quot;x&quot;"));
	assert_non_null(strstr(out, "OpenSSL &apos;q&apos; \\ &lt;/text&gt;"
	    "]]&gt;&#13;&#10;"));
	assert_null(strstr(out, "<b>"));
	assert_null(strchr(out, '\x01'));
	assert_null(strchr(out, '\r'));
	free(out);
}

/* The parts the brief asks for are all there. */
static void
has_its_parts(void **state)
{
	char *out;

	(void)state;
	out = svg_of(fx_waves);
	assert_non_null(strstr(out, "xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(out, "viewBox=\"0 0 960 "));
	assert_non_null(strstr(out, "<title>poolviz: 8 calls, pool 2, 50000 "
	    "iterations, sha256; 4 CPUs, libuv 1.44.2, OpenSSL 3.0.11 19 Sep "
	    "2023</title>"));
	assert_non_null(strstr(out, ">worker 2</text>"));
	assert_non_null(strstr(out, ">up to 8 at once</text>"));
	assert_non_null(strstr(out, ">waiting in the queue</text>"));
	assert_non_null(strstr(out, ">time (ms)</text>"));
	assert_non_null(strstr(out, ">1500</text>"));
	for (int id = 1; id <= 8; id++) {
		char want[32];

		snprintf(want, sizeof(want), "fill=\"#fff\">%d</text>", id);
		assert_non_null(strstr(out, want));
	}
	free(out);
}

static void
write_error_is_reported(void **state)
{
	(void)state;
	assert_write_error_reported(render_svg, fx_article);
}

/* Times near the end of int64_t: the axis and scale stay defined (UBSan). */
static void
huge_times_stay_defined(void **state)
{
	struct record r;
	char *out;

	(void)state;
	fx_config(&r, 1, 1, 1, false, false, 8);
	fx_task(&r, 1, 1, 0, 1, INT64_MAX - 2, INT64_MAX - 1, 5);
	CAPTURE(out, render_svg(f, &r));
	assert_non_null(strstr(out, "worker 1"));
	free(out);
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(huge_times_stay_defined),
		cmocka_unit_test(goldens),
		cmocka_unit_test(xmllint_and_rsvg_accept),
		cmocka_unit_test(hostile_strings_are_escaped),
		cmocka_unit_test(has_its_parts),
		cmocka_unit_test(write_error_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
