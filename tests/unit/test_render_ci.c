/*
 * test_render_ci: what a CI job reads: the verdict line, the JSON verdict,
 * the JUnit report (against docs/ci/junit.xsd) and the Markdown summary,
 * from reports built by hand, an inconclusive one among them.
 */
#include "testutil.h"
#include "fixtures.h"

#include <unistd.h>

#include "render/fmt.h"
#include "render/render_junit.h"
#include "render/render_markdown.h"
#include "render/render_report.h"
#include "render/render_verdict.h"

/* A checked and compared report of the article run, all held. */
struct ci {
	struct record r;
	struct stats st;
	struct checks cs;
	struct baseline now, base;
	struct baseline_row rows[BASE_COUNT];
	struct report rp;
};

static void
ci_build(struct ci *c, bool check, bool base)
{
	memset(c, 0, sizeof(*c));
	fx_article(&c->r);
	assert_int_equal(stats_compute(&c->st, &c->r, 1), 0);
	check_run(&c->cs, &c->r, 1, &c->st, 25);
	assert_true(c->cs.all_ok);
	baseline_from(&c->now, &c->r, &c->st);
	c->base = c->now;
	baseline_compare(&c->base, &c->now, 25, 6.25, c->rows);
	c->rp = (struct report){ .runs = &c->r, .nruns = 1, .stats = &c->st,
	    .now = &c->now, .tolerance_pct = 25, .judged = check || base,
	    .verdict = VERDICT_PASS };
	if (check)
		c->rp.checks = &c->cs;
	if (base) {
		c->rp.base = &c->base;
		c->rp.rows = c->rows;
	}
}

/* makespan_max fails and makespan_per_wave regresses by 31%. */
static void
ci_fail(struct ci *c)
{
	ci_build(c, true, true);
	c->cs.c[2].ok = false;
	c->base.m[BASE_MAKESPAN_PER_WAVE] = c->now.m[BASE_MAKESPAN_PER_WAVE] / 1.31;
	baseline_compare(&c->base, &c->now, 25, 6.25, c->rows);
	c->rp.verdict = VERDICT_FAIL;
	report_reason(&c->rp, "makespan_max");
	report_reason(&c->rp, "makespan_per_wave regressed (+31%%)");
}

/* The same failures on a machine too busy to judge. */
static void
ci_inconclusive(struct ci *c)
{
	ci_fail(c);
	c->rp.verdict = VERDICT_INCONCLUSIVE;
	c->rp.nreasons = 0;
	report_reason(&c->rp, "other processes used 1.1 of 2 CPUs");
}

static const char *
line_of(const struct report *rp)
{
	static char buf[RENDER_VERDICT_LEN];

	render_verdict_line(buf, sizeof(buf), rp);
	return buf;
}

static void
verdict_lines(void **state)
{
	struct ci c;

	(void)state;
	ci_build(&c, true, true);
	assert_string_equal(line_of(&c.rp),
	    "poolviz: ok: 6 checks held, 4 metrics within 25%");
	record_free(&c.r);
	ci_build(&c, true, false);
	assert_string_equal(line_of(&c.rp), "poolviz: ok: 6 checks held");
	record_free(&c.r);
	ci_build(&c, false, true);
	c.rows[1].verdict = BASE_VERDICT_BETTER;
	assert_string_equal(line_of(&c.rp),
	    "poolviz: ok: 3 metrics within 25%, 1 better");
	record_free(&c.r);

	ci_fail(&c);
	assert_string_equal(line_of(&c.rp), "poolviz: FAIL: makespan_max; "
	    "1 metric regressed (makespan_per_wave +31%)");
	c.cs.c[2].ok = true;
	assert_string_equal(line_of(&c.rp), "poolviz: FAIL: 1 metric "
	    "regressed (makespan_per_wave +31%)");
	/* A FAIL no check or metric explains falls back on the reasons. */
	c.rows[0].verdict = BASE_VERDICT_OK;
	assert_string_equal(line_of(&c.rp), "poolviz: FAIL: makespan_max; "
	    "makespan_per_wave regressed (+31%)");
	record_free(&c.r);

	ci_inconclusive(&c);
	assert_string_equal(line_of(&c.rp),
	    "poolviz: inconclusive: other processes used 1.1 of 2 CPUs");
	c.rp.nreasons = 0;
	assert_string_equal(line_of(&c.rp),
	    "poolviz: inconclusive: the machine was too busy to judge");
	record_free(&c.r);

	/* Not judged: no line at all. */
	ci_build(&c, false, false);
	assert_string_equal(line_of(&c.rp), "");
	record_free(&c.r);
}

/* However many reasons, the line is cut to its buffer, still terminated. */
static void
verdict_line_is_bounded(void **state)
{
	struct ci c;
	char small[24];

	(void)state;
	ci_inconclusive(&c);
	for (int i = 0; i < REPORT_REASONS_MAX; i++)
		report_reason(&c.rp, "%0150d", i);
	assert_true(render_verdict_line(small, sizeof(small), &c.rp) <
	    sizeof(small));
	assert_string_equal(small, "poolviz: inconclusive: ");
	assert_true(strlen(line_of(&c.rp)) < RENDER_VERDICT_LEN);
	record_free(&c.r);
}

static void
bounded_numbers(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(fmt_num3(b, 1.0649), "1.065");
	assert_string_equal(fmt_num3(b, 999999.5), "999999.500");
	assert_string_equal(fmt_num3(b, 1e308), "1e+308");
	assert_string_equal(fmt_num3(b, -1e300), "-1e+300");
	assert_string_equal(fmt_pct(b, 31.04, 0), "+31%");
	assert_string_equal(fmt_pct(b, -11.63, 1), "-11.6%");
	assert_string_equal(fmt_pct(b, 1.7e303, 1), "+1.7e+303%");
}

static json_t *
json_of(const struct report *rp)
{
	char *got = NULL;
	json_t *doc;

	CAPTURE(got, render_report_json_file(f, rp));
	doc = json_loads(got, 0, NULL);
	assert_non_null(doc);
	free(got);
	return doc;
}

/* "verdict" and "reasons" whenever judged; each check with its own verdict. */
static void
json_verdicts(void **state)
{
	struct ci c;
	json_t *doc, *checks;

	(void)state;
	ci_fail(&c);
	doc = json_of(&c.rp);
	assert_string_equal(json_string_value(json_object_get(doc, "verdict")),
	    "fail");
	assert_int_equal(json_array_size(json_object_get(doc, "reasons")), 2);
	assert_string_equal(json_string_value(json_array_get(json_object_get(doc,
	    "reasons"), 0)), "makespan_max");
	checks = json_object_get(doc, "checks");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    checks, 2), "verdict")), "fail");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    checks, 0), "verdict")), "ok");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(json_object_get(doc, "comparison"), "metrics"), 0),
	    "verdict")), "REGRESSED");
	json_decref(doc);
	record_free(&c.r);

	ci_inconclusive(&c);
	doc = json_of(&c.rp);
	assert_string_equal(json_string_value(json_object_get(doc, "verdict")),
	    "inconclusive");
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(doc, "checks"), 2), "verdict")), "inconclusive");
	json_decref(doc);
	record_free(&c.r);

	ci_build(&c, false, false);
	doc = json_of(&c.rp);
	assert_null(json_object_get(doc, "verdict"));
	assert_null(json_object_get(doc, "reasons"));
	json_decref(doc);
	record_free(&c.r);
}

/* Validate against the schema; returns the document. */
static char *
junit_valid(const struct report *rp)
{
	char *got = NULL, cmd[512], path[] = "/tmp/poolviz-junit-XXXXXX";
	int fd;

	CAPTURE(got, render_junit(f, rp));
	if (!have("xmllint"))
		return got;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, got, strlen(got)), (ssize_t)strlen(got));
	close(fd);
	snprintf(cmd, sizeof(cmd), "xmllint --noout --schema %s/../docs/ci/"
	    "junit.xsd %s 2>/dev/null", TESTS_DIR, path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
	return got;
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = strstr(s, what); p != NULL; p = strstr(p + 1, what))
		n++;
	return n;
}

/* Whether a string occurs in both a message attribute and an element's text. */
static bool
message_repeated(const char *x)
{
	for (const char *p = strstr(x, "message=\""); p != NULL;
	    p = strstr(p + 1, "message=\"")) {
		const char *m = p + strlen("message=\""), *e = strchr(m, '"');
		const char *t = e != NULL ? e + 2 : NULL;	/* past '">' */
		const char *te = t != NULL ? strstr(t, "</") : NULL;
		char msg[512];

		assert_non_null(te);
		assert_true((size_t)(e - m) < sizeof(msg));
		memcpy(msg, m, (size_t)(e - m));
		msg[e - m] = '\0';
		/* Text after the message, up to the element's end. */
		if (msg[0] != '\0') {
			const char *hit = strstr(t, msg);

			if (hit != NULL && hit < te)
				return true;
		}
	}
	return false;
}

static void
junit_reports(void **state)
{
	struct ci c;
	char *x;

	(void)state;
	ci_build(&c, true, true);
	x = junit_valid(&c.rp);
	/* 6 checks, 4 metrics and the run's verdict, in every report. */
	assert_non_null(strstr(x, "<testsuite name=\"poolviz\" tests=\"11\" "
	    "failures=\"0\" errors=\"0\" skipped=\"0\" time=\"1.931\">"));
	assert_int_equal(count(x, "classname=\"poolviz.check\""), 6);
	assert_int_equal(count(x, "classname=\"poolviz.baseline\""), 4);
	assert_non_null(strstr(x, "<testcase classname=\"poolviz.run\" "
	    "name=\"verdict\" time=\"0.000\"/>\n"));
	assert_non_null(strstr(x, "<property name=\"machine.cpus\" value=\"2\"/>"));
	assert_non_null(strstr(x, "<property name=\"digest\" value=\"sha512\"/>"));
	assert_null(strstr(x, "<failure"));
	free(x);
	record_free(&c.r);

	ci_fail(&c);
	x = junit_valid(&c.rp);
	assert_non_null(strstr(x, "tests=\"11\" failures=\"3\" errors=\"0\" "
	    "skipped=\"0\""));
	/* The figures with their units in the message, the rule in the text. */
	assert_non_null(strstr(x, "name=\"makespan_max\" time=\"0.000\">\n"
	    "    <failure message=\"measured "));
	assert_non_null(strstr(x, " ms, expected &lt;="));
	assert_non_null(strstr(x, "name=\"makespan_per_wave\" time=\"0.000\">\n"
	    "    <failure message=\"baseline ratio "));
	assert_non_null(strstr(x, "<testcase classname=\"poolviz.run\" "
	    "name=\"verdict\" time=\"0.000\">\n    <failure message=\"poolviz: "
	    "FAIL: makespan_max; 1 metric regressed (makespan_per_wave "
	    "+31%)\">"));
	assert_int_equal(count(x, "<failure"), 3);
	assert_false(message_repeated(x));
	free(x);
	record_free(&c.r);

	/* Inconclusive: what failed is skipped, with the reason. */
	ci_inconclusive(&c);
	x = junit_valid(&c.rp);
	assert_non_null(strstr(x, "tests=\"11\" failures=\"0\" errors=\"0\" "
	    "skipped=\"3\""));
	assert_int_equal(count(x, "<skipped message=\""), 3);
	assert_non_null(strstr(x, "inconclusive: other processes used 1.1 of "
	    "2 CPUs\">measured "));
	assert_null(strstr(x, "<failure"));
	assert_false(message_repeated(x));
	free(x);
	/* ... and with nothing that failed, the same testcases still. */
	c.cs.c[2].ok = true;
	c.rows[0].verdict = BASE_VERDICT_OK;
	x = junit_valid(&c.rp);
	assert_non_null(strstr(x, "tests=\"11\" failures=\"0\" errors=\"0\" "
	    "skipped=\"1\""));
	assert_non_null(strstr(x, "<testcase classname=\"poolviz.run\" "
	    "name=\"verdict\" time=\"0.000\">\n    <skipped message=\"poolviz: "
	    "inconclusive: other processes"));
	assert_false(message_repeated(x));
	free(x);
	record_free(&c.r);
}

/* Markup in a reason is text in the XML. */
static void
junit_escapes(void **state)
{
	struct ci c;
	char *x;

	(void)state;
	ci_inconclusive(&c);
	c.rp.nreasons = 0;
	report_reason(&c.rp, "<b>&\"'\x01");
	x = junit_valid(&c.rp);
	assert_null(strstr(x, "<b>"));
	assert_non_null(strstr(x, "&lt;b&gt;&amp;&quot;&apos;"));
	free(x);
	record_free(&c.r);
}

static char *
markdown_of(const struct report *rp)
{
	char *got = NULL;

	CAPTURE(got, render_markdown(f, rp));
	return got;
}

/* The verdict line first, then the tables, padded so the source aligns. */
static void
markdown_summary(void **state)
{
	struct ci c;
	char *md;

	(void)state;
	ci_fail(&c);
	md = markdown_of(&c.rp);
	/* The verdict as a heading (escaped), then each table under a title. */
	assert_true(strncmp(md, "## poolviz: FAIL: makespan_max; 1 metric "
	    "regressed (makespan_per_wave +31%)\n\n### Lines\n\n| line ",
	    86) == 0);
	assert_non_null(strstr(md, "\n\n### Checks\n\n| check "));
	assert_non_null(strstr(md, "\n\n### Comparison with the baseline\n\n"
	    "| metric "));
	/* A blank line last, so that a second report starts a block of its own. */
	assert_true(strlen(md) > 3);
	assert_string_equal(md + strlen(md) - 3, ".\n\n");
	assert_non_null(strstr(md, "| Start Synchronous Hash: 0ms      |    0 |\n"));
	assert_non_null(strstr(md, "| check            | verdict | measured |"));
	assert_non_null(strstr(md, "| makespan_max     | fail    |"));
	assert_non_null(strstr(md, "| makespan_per_wave    |"));
	assert_non_null(strstr(md, "Tolerance 25%: a metric worse"));
	/* Every row of a table as long as its header. */
	for (const char *p = strstr(md, "| check"); p != NULL && *p == '|';) {
		const char *e = strchr(p, '\n');

		assert_int_equal(e - p, strchr(strstr(md, "| check"), '\n') -
		    strstr(md, "| check"));
		p = e + 1;
	}
	free(md);
	record_free(&c.r);

	/* Inconclusive: why, once, at the top; what to do, at the end. */
	ci_inconclusive(&c);
	md = markdown_of(&c.rp);
	assert_true(strncmp(md, "## poolviz: inconclusive: ", 26) == 0);
	assert_int_equal(count(md, "other processes used 1.1 of 2 CPUs"), 1);
	assert_null(strstr(md, "Inconclusive:"));
	assert_non_null(strstr(md, "Run it again on a quieter machine, or with "
	    "--retries.\n"));
	free(md);
	record_free(&c.r);
}

/* A '|' in a cell is escaped, and a real GFM parser keeps it in its cell. */
static void
markdown_escapes_and_parses(void **state)
{
	struct ci c;
	char *md, *html, cmd[256], path[] = "/tmp/poolviz-md-XXXXXX";
	int fd;

	(void)state;
	ci_build(&c, true, false);
	c.cs.c[0].name = "a|b_*c*";
	md = markdown_of(&c.rp);
	assert_non_null(strstr(md, "| a\\|b\\_\\*c\\* "));
	if (!have("cmark-gfm")) {
		free(md);
		record_free(&c.r);
		skip();
	}
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "cmark-gfm -e table >%s", path);
	assert_int_equal(pipe_to(cmd, md), 0);
	html = slurp(path);
	unlink(path);
	assert_non_null(strstr(html, "<td>a|b_*c*</td>"));
	assert_non_null(strstr(html, "<td align=\"right\">&gt;=0.675</td>"));
	assert_non_null(strstr(html, "<h2>poolviz: ok: 6 checks held</h2>"));
	assert_non_null(strstr(html, "<h3>Checks</h3>"));
	free(html);
	free(md);
	record_free(&c.r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verdict_lines),
		cmocka_unit_test(verdict_line_is_bounded),
		cmocka_unit_test(bounded_numbers),
		cmocka_unit_test(json_verdicts),
		cmocka_unit_test(junit_reports),
		cmocka_unit_test(junit_escapes),
		cmocka_unit_test(markdown_summary),
		cmocka_unit_test(markdown_escapes_and_parses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
