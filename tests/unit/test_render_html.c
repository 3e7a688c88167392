/* test_render_html: the replay page: its markers filled, strings escaped, the JSON intact, small. */
#include "fixtures.h"

#include <jansson.h>

#include "render/render_html.h"
#include "render/render_json.h"

/*
 * hostile's strings and, in the OpenSSL version, what would end the page's
 * <script> and a line terminator that old JavaScript rejects.
 */
#define EVIL	"</script><img src=x onerror=\"pwned=1\">\xe2\x80\xa8!"

static void
fx_evil(struct record *r)
{
	fx_hostile(r);
	snprintf(r->machine.openssl, sizeof(r->machine.openssl), "%s", EVIL);
}

static char *
page_of(fixture_fn *build)
{
	struct record r;
	char *out = NULL;

	build(&r);
	CAPTURE(out, render_html(f, &r, 0, 0));
	record_free(&r);
	return out;
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)) != NULL; s += strlen(what))
		n++;
	return n;
}

/* The JSON between the page's <script type="application/json"> tags. */
static json_t *
page_json(const char *page)
{
	const char *open = "<script type=\"application/json\" id=\"run\">\n";
	const char *a = strstr(page, open), *b;
	json_error_t e;

	assert_non_null(a);
	a += strlen(open);
	b = strstr(a, "\n</script>");
	assert_non_null(b);
	return json_loadb(a, (size_t)(b - a), 0, &e);
}

static void
every_fixture_fills_every_marker(void **state)
{
	char *out;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++) {
		out = page_of(fixtures[i].build);
		assert_null(strstr(out, "\n@@"));
		assert_null(strstr(out, "<?xml version"));
		assert_int_equal(count(out, "<svg "), 1);
		assert_non_null(strstr(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "data-t0-x=\"130\" data-px-per-ms=\""));
		assert_non_null(strstr(out, "data-plot-top=\"64\" "));
		assert_non_null(strstr(out, "data-plot-right=\"770\" "));
		assert_int_equal(count(out, "<script"), 2);
		assert_int_equal(count(out, "</script>"), 2);
		assert_non_null(strstr(out, "<style>\n"));
		assert_non_null(strstr(out, "</html>\n"));
		free(out);
	}
}

/* The same document as --format json writes, whatever the layout. */
static void
json_is_the_run_document(void **state)
{
	struct record r;
	char *page, *doc = NULL;
	json_t *a, *b;
	json_error_t e;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++) {
		fixtures[i].build(&r);
		CAPTURE(doc, render_json(f, &r));
		CAPTURE(page, render_html(f, &r, 0, 0));
		record_free(&r);
		a = page_json(page);
		b = json_loads(doc, 0, &e);
		assert_non_null(a);
		assert_non_null(b);
		if (!json_equal(a, b))
			fail_msg("the %s page's JSON differs", fixtures[i].name);
		json_decref(a);
		json_decref(b);
		free(page);
		free(doc);
	}
}

static void
strings_from_the_run_are_escaped(void **state)
{
	char *out, *path;
	json_t *doc;
	FILE *f;

	(void)state;
	out = page_of(fx_evil);
	assert_int_equal(count(out, "<script"), 2);
	assert_int_equal(count(out, "</script>"), 2);
	assert_null(strstr(out, "<img"));
	assert_null(strstr(out, "<b>"));
	/* In the page's text U+2028 is a character; in its script, an escape. */
	assert_null(strstr(strstr(out, "<script"), "\xe2\x80\xa8"));
	assert_non_null(strstr(out, "\\u003c/script\\u003e\\u003cimg src=x "
	    "onerror=\\\"pwned=1\\\"\\u003e\\u2028!"));
	assert_non_null(strstr(out, "&lt;/script&gt;&lt;img src=x onerror="
	    "&quot;pwned=1&quot;&gt;"));
	/* The title, twice, escaped as text. */
	assert_int_equal(count(out, "sha&quot;512\\&lt;&amp;&gt;"), 4);
	doc = page_json(out);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    doc, "machine"), "openssl")), EVIL);
	json_decref(doc);
	/* For the browser test (tests/browser): this page, in a real browser. */
	if ((path = getenv("POOLVIZ_HTML_EVIL")) != NULL) {
		assert_non_null(f = fopen(path, "w"));
		assert_int_equal(fputs(out, f) == EOF, 0);
		assert_int_equal(fclose(f), 0);
	}
	free(out);
}

/*
 * 10,000 hashes of 20 us on 4 workers in about a second: every bar is
 * under a pixel, so the page draws shades, not 10,000 rectangles.
 */
static void
ten_thousand(struct record *r)
{
	fx_config(r, 10000, 4, 4, false, false, 16);
	for (uint32_t i = 1; i <= 10000; i++) {
		int64_t start = 100 + (int64_t)(i - 1) / 4 * 400;

		fx_task(r, i, (i - 1) % 4 + 1, 50, start, start + 20,
		    start + 60, 20);
		fx_line(r, LINE_ASYNC_DONE, i, start + 60);
	}
}

static void
many_units_draw_density(void **state)
{
	char *out, *svg;

	(void)state;
	out = page_of(ten_thousand);
	svg = strstr(out, "<svg ");
	assert_non_null(svg);
	assert_non_null(strstr(svg, "fill-opacity="));
	assert_in_range(count(svg, "<rect"), 4, 5000);
	assert_in_range(count(svg, "<path"), 1, 1500);
	/* The SVG small, the whole under 2 MB. */
	assert_in_range((size_t)(strstr(svg, "</svg>") - svg), 1000, 200000);
	assert_in_range(strlen(out), 100000, 2 * 1024 * 1024);
	free(out);
}

static int
html_single(FILE *f, const struct record *r)
{
	return render_html(f, r, 0, 0);
}

static void
write_error_is_reported(void **state)
{
	(void)state;
	assert_write_error_reported(html_single, fx_article);
	assert_write_error_reported(html_single, ten_thousand);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_fixture_fills_every_marker),
		cmocka_unit_test(json_is_the_run_document),
		cmocka_unit_test(strings_from_the_run_are_escaped),
		cmocka_unit_test(many_units_draw_density),
		cmocka_unit_test(write_error_is_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
