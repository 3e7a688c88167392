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

/* The other works' SVGs name their unit; deflate's never says "hash". */
static void
other_works(void **state)
{
	char path[128], *out;

	(void)state;
	for (size_t i = 0; i < NFIXTURES_WORKS; i++) {
		out = svg_of(fixtures_works[i].build);
		snprintf(path, sizeof(path), "svg_%s.svg",
		    fixtures_works[i].name);
		assert_golden(path, out);
		if (strstr(fixtures_works[i].name, "deflate") != NULL &&
		    strcasestr(out, "hash") != NULL)
			fail_msg("%s says hash: %.60s", fixtures_works[i].name,
			    strcasestr(out, "hash"));
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
	assert_non_null(strstr(out, "viewBox=\"0 0 800 "));
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

/*
 * The article's hashes, but each worker thread took 300 ms to start: with
 * the pool at least as large as the calls, that wait is start-up, not the
 * queue, and no queue lane is drawn for it (the terminal chart agrees).
 */
static void
slow_start(struct record *r)
{
	fx_article(r);
	for (size_t i = 0; i < r->ntasks; i++)
		r->tasks[i].start_us = r->tasks[i].queued_us + 300000;
}

static void
startup_is_no_queue(void **state)
{
	char *out;

	(void)state;
	out = svg_of(slow_start);
	assert_null(strstr(out, "waiting in"));
	assert_null(strstr(out, " at once</text>"));
	assert_non_null(strstr(out, ">worker 4</text>"));
	free(out);
	/* With more calls than threads the same wait is queueing, drawn. */
	out = svg_of(fx_waves);
	assert_non_null(strstr(out, ">waiting in queue</text>"));
	free(out);
}

/*
 * On a slide 1600 px wide, every text is at least 24 px: each font-size
 * scaled by 1600 over the viewBox's width.
 */
static void
text_fits_a_slide(void **state)
{
	char *out;
	const char *p;
	double width, size;
	int n;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++) {
		out = svg_of(fixtures[i].build);
		assert_non_null(p = strstr(out, "viewBox=\"0 0 "));
		assert_int_equal(sscanf(p, "viewBox=\"0 0 %lf", &width), 1);
		assert_true(width > 0);
		n = 0;
		for (p = out; (p = strstr(p, "font-size=\"")) != NULL; p++) {
			assert_int_equal(sscanf(p, "font-size=\"%lf", &size), 1);
			if (size * 1600 / width < 24)
				fail_msg("%s: font-size %g in a viewBox %g wide is "
				    "%g px at 1600", fixtures[i].name, size, width,
				    size * 1600 / width);
			n++;
		}
		assert_true(n >= 2);	/* the document's and the title's */
		assert_null(strstr(out, "font:"));
		assert_null(strstr(out, "font-size:"));
		free(out);
	}
}

/*
 * 20,000 hashes of a microsecond each on 4 workers: bars thinner than a
 * pixel are drawn as density, a shape a pixel column, not one a hash.
 */
static void
thin_bars_draw_as_density(void **state)
{
	struct record r;
	char *out;
	size_t rects = 0;
	const uint32_t n = 20000;

	(void)state;
	fx_config(&r, n, 4, 4, false, false, 8);
	for (uint32_t id = 1; id <= n; id++) {
		int64_t start = 10 + (int64_t)(id - 1) / 4 * 5;

		fx_task(&r, id, (id - 1) % 4 + 1, 0, start, start + 1,
		    start + 3, 1);
	}
	CAPTURE(out, render_svg(f, &r));
	for (const char *p = out; (p = strstr(p, "<rect ")) != NULL; p++)
		rects++;
	assert_true(strlen(out) < 400000);
	assert_true(rects < 4 * 800 + 100);
	assert_non_null(strstr(out, "5000 hashes on worker 1, each under a "
	    "pixel wide"));
	assert_null(strstr(out, "hash 20000 on worker"));
	if (have("xmllint") && pipe_to("xmllint --noout - 2>&1", out) != 0)
		fail_msg("xmllint refused the dense SVG");
	free(out);
	record_free(&r);
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
		cmocka_unit_test(other_works),
		cmocka_unit_test(xmllint_and_rsvg_accept),
		cmocka_unit_test(hostile_strings_are_escaped),
		cmocka_unit_test(has_its_parts),
		cmocka_unit_test(startup_is_no_queue),
		cmocka_unit_test(text_fits_a_slide),
		cmocka_unit_test(thin_bars_draw_as_density),
		cmocka_unit_test(write_error_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
