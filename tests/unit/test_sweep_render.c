/* test_sweep_render: a fixed sweep as a table, JSON, CSV and SVG, against goldens. */
#include "testutil.h"

#include <unistd.h>

#include "sweep/render_sweep.h"
#include "sweep/sweep.h"
#include "sweep/sweep_stats.h"

/* Whatever fn wrote to a memory stream, NUL-terminated; the caller frees it. */
#define CAPTURE(buf, call) do {						\
	size_t capture_len_;						\
	FILE *f = open_memstream(&(buf), &capture_len_);		\
									\
	assert_non_null(f);						\
	assert_int_equal((call), 0);					\
	assert_int_equal(fclose(f), 0);					\
} while (0)

#define MAXP 16

/* A sweep built by hand; each point from runs whose medians are the numbers given. */
struct fixture {
	struct sweep_config cfg;
	uint64_t pools[MAXP], calls[MAXP];
	struct sweep_point points[MAXP];
	struct sweep_result r;
};

static void
fx_init(struct fixture *fx, const uint64_t *pools, size_t np,
    const uint64_t *calls, size_t nc, unsigned repeat, unsigned cpus)
{
	memset(fx, 0, sizeof(*fx));
	memcpy(fx->pools, pools, np * sizeof(*pools));
	memcpy(fx->calls, calls, nc * sizeof(*calls));
	fx->cfg = (struct sweep_config){
		.pools = fx->pools, .npools = np, .calls = fx->calls,
		.ncalls = nc, .repeat = repeat, .work = { .kind = WORK_PBKDF2,
		.iterations = 100000, .keylen = 512, .digest = "sha512",
		.password = "password", .salt = "salt" },
	};
	fx->r.config = &fx->cfg;
	fx->r.machine.cpus = cpus;
	snprintf(fx->r.machine.libuv, sizeof(fx->r.machine.libuv), "1.44.2");
	snprintf(fx->r.machine.openssl, sizeof(fx->r.machine.openssl),
	    "OpenSSL 3.0.11 19 Sep 2023");
	fx->r.points = fx->points;
	fx->r.npoints = np * nc;
}

/* Point k (calls-major) with median makespan, parallelism and T as given. */
static void
fx_point(struct fixture *fx, size_t k, double makespan, double par, double t)
{
	unsigned n = fx->cfg.repeat;
	struct sweep_run runs[3] = {
		{ makespan * 1.04, par * 0.98, t * 1.01, false, 0, 0, false, -1, -1 },
		{ makespan, par, t, false, 0, 0, false, -1, -1 },
		{ makespan * 0.99, par * 1.01, t * 0.98, false, 0, 0, false, -1, -1 },
	};

	assert_true(n == 1 || n == 3);
	sweep_point_make(&fx->points[k], (unsigned)fx->pools[k % fx->cfg.npools],
	    fx->calls[k / fx->cfg.npools], fx->r.machine.cpus,
	    n == 1 ? &runs[1] : runs, n);
	/* One T for every prediction, as the sweep gives it. */
	sweep_result_law_t(&fx->r);
}

/* 4 and 8 calls on pools of 1, 2, 4 and 8 threads, 2 CPUs, medians of 3. */
static void
fx_grid(struct fixture *fx)
{
	static const uint64_t pools[] = { 1, 2, 4, 8 }, calls[] = { 4, 8 };

	fx_init(fx, pools, 4, calls, 2, 3, 2);
	fx_point(fx, 0, 1810.512, 0.994, 451.2);
	fx_point(fx, 1, 915.3, 1.972, 452.034);
	fx_point(fx, 2, 930.125, 1.951, 455.1);
	fx_point(fx, 3, 925.7, 1.961, 454.0);
	fx_point(fx, 4, 3620.2, 0.991, 451.0);
	fx_point(fx, 5, 1830.95, 1.984, 452.3);
	fx_point(fx, 6, 1851.0, 1.96, 454.4);
	fx_point(fx, 7, 2420.75, 1.49, 455.9);	/* a slow spell: 33% above */
}

/* One pool of 4 on 4 CPUs, with no calls and with 3. */
static void
fx_zero(struct fixture *fx)
{
	static const uint64_t pools[] = { 4 }, calls[] = { 0, 3 };

	fx_init(fx, pools, 1, calls, 2, 1, 4);
	fx_point(fx, 0, 0, 0, 0);
	fx_point(fx, 1, 460.5, 2.93, 450.25);
}

/* Strings with markup, control characters and bad UTF-8 everywhere they can be. */
static void
fx_hostile(struct fixture *fx)
{
	static const uint64_t pools[] = { 1, 3 }, calls[] = { 2 };

	fx_init(fx, pools, 2, calls, 1, 1, 1);
	fx->cfg.work.digest = "sha\"512\\<&>\n'\x01\xff\xc3\xa9";
	snprintf(fx->r.machine.libuv, sizeof(fx->r.machine.libuv),
	    "1.44<b>&\"x\"");
	snprintf(fx->r.machine.openssl, sizeof(fx->r.machine.openssl),
	    "OpenSSL 'q' \\ </text>]]>\r\n\x1b[31m");
	fx_point(fx, 0, 200.25, 0.99, 100.0);
	fx_point(fx, 1, 201.5, 0.98, 100.5);
}

typedef void fixture_fn(struct fixture *);

static const struct {
	const char *name;
	fixture_fn *build;
} fixtures[] = {
	{ "grid", fx_grid },
	{ "zero", fx_zero },
	{ "hostile", fx_hostile },
};
#define NFIXTURES (sizeof(fixtures) / sizeof(fixtures[0]))

typedef int render_fn(FILE *, const struct sweep_result *);

static char *
render(fixture_fn *build, render_fn *fn)
{
	struct fixture fx;
	char *out = NULL;

	build(&fx);
	CAPTURE(out, fn(f, &fx.r));
	return out;
}

static void
goldens(void **state)
{
	static const struct {
		const char *ext;
		render_fn *fn;
	} forms[] = {
		{ "txt", render_sweep_text },
		{ "json", render_sweep_json },
		{ "csv", render_sweep_csv },
		{ "svg", render_sweep_svg },
		{ "md", render_sweep_markdown },
	};
	char path[128], *out;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++)
		for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
			out = render(fixtures[i].build, forms[k].fn);
			snprintf(path, sizeof(path), "sweep_%s.%s",
			    fixtures[i].name, forms[k].ext);
			assert_golden(path, out);
			free(out);
		}
}

/* The text with its paragraphs' line breaks as spaces, for phrases across them. */
static char *
unwrapped(char *out)
{
	for (char *p = strstr(out, "\n\n"); p != NULL && *p != '\0'; p++)
		if (p[0] == '\n' && p[1] != '\n' && p[-1] != '\n' && p[1] != '\0')
			p[0] = ' ';
	return out;
}

/* The text states the law from the numbers, whatever they are. */
static void
text_states_the_law(void **state)
{
	struct fixture fx;
	char *out;

	(void)state;
	out = render(fx_grid, render_sweep_text);
	assert_non_null(strstr(out, "\npool  calls  waves  makespan_ms  "
	    "predicted_ms  ratio  speedup  parallelism  runs  others\n"));
	assert_non_null(strstr(out, "\n   8      8      4       2420.8"
	    "        1804.8   1.34     1.51         1.49     3     - *\n"));
	unwrapped(out);
	assert_non_null(strstr(out, "Makespan should be about ceil(calls / "
	    "min(pool, CPUs)) times one hash (T = 451.2 ms of CPU time, "
	    "2 CPUs), but measured / predicted runs from 1.00 to 1.34 over 8 "
	    "points."));
	assert_non_null(strstr(out, "The furthest from it is pool 8, calls 8, "
	    "34% above the prediction, with 1.49 hashes running at once on "
	    "average where 2 could: other work was using the CPUs."));
	free(out);
	/* Without the slow spell, the law holds; its worst point is named. */
	fx_grid(&fx);
	fx_point(&fx, 7, 1880, 1.96, 455.9);
	out = NULL;
	CAPTURE(out, render_sweep_text(f, &fx.r));
	unwrapped(out);
	assert_non_null(strstr(out, "\n\nMakespan is about ceil(calls / "
	    "min(pool, CPUs)) times one hash (T = 451.2 ms of CPU time, "
	    "2 CPUs): measured / predicted runs from 1.00 to 1.04 over 8 "
	    "points. The furthest from it is pool 8, calls 8, 4% above the "
	    "prediction.\n"));
	free(out);
	out = render(fx_zero, render_sweep_text);
	assert_non_null(strstr(out, "\n   4      0      0          0.0"
	    "           0.0      -        -         0.00     1       -\n"));
	unwrapped(out);
	assert_non_null(strstr(out, "the one point with hashes took 1.02 "
	    "times that."));
	free(out);
}

static bool
keys_are(json_t *o, const char *const *want, size_t n)
{
	const char *key;
	json_t *v;
	size_t i = 0;

	if (json_object_size(o) != n)
		return false;
	json_object_foreach(o, key, v) {
		if (strcmp(key, want[i++]) != 0)
			return false;
	}
	return true;
}

/* Exactly the contract's fields, in its order, with their types. */
static void
json_contract(void **state)
{
	static const char *const top[] = { "tool", "version", "schema", "sweep",
	    "machine", "one_hash_ms", "points" };
	static const char *const pt[] = { "pool", "calls", "makespan_ms",
	    "predicted_ms", "ratio", "one_hash_ms", "speedup", "parallelism",
	    "expected_waves", "runs", "other_cpus", "disturbed", "verdict" };
	struct fixture fx;
	json_t *doc, *points, *p;
	size_t i;

	(void)state;
	for (size_t k = 0; k < NFIXTURES; k++) {
		fixtures[k].build(&fx);
		doc = render_sweep_json_doc(&fx.r);
		assert_non_null(doc);
		assert_true(keys_are(doc, top, 7));
		assert_int_equal(json_integer_value(json_object_get(doc,
		    "schema")), 1);
		points = json_object_get(doc, "points");
		assert_int_equal(json_array_size(points), fx.r.npoints);
		json_array_foreach(points, i, p) {
			assert_true(keys_are(p, pt, 13));
			assert_true(json_is_boolean(json_object_get(p,
			    "disturbed")));
			assert_true(json_is_string(json_object_get(p, "verdict")));
			assert_true(json_is_integer(json_object_get(p, "pool")));
			assert_true(json_is_real(json_object_get(p,
			    "makespan_ms")));
			assert_true(json_is_real(json_object_get(p, "speedup")) ||
			    (json_is_null(json_object_get(p, "speedup")) &&
			    json_integer_value(json_object_get(p, "calls")) == 0));
			assert_int_equal(json_integer_value(json_object_get(p,
			    "runs")), fx.cfg.repeat);
		}
		json_decref(doc);
	}
}

static void
csv_rows_match_the_header(void **state)
{
	char *out, *line, *save;
	int rows, fields;

	(void)state;
	for (size_t k = 0; k < NFIXTURES; k++) {
		struct fixture fx;

		fixtures[k].build(&fx);
		out = render(fixtures[k].build, render_sweep_csv);
		rows = 0;
		for (line = strtok_r(out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save), rows++) {
			fields = 1;
			for (char *c = line; *c != '\0'; c++)
				fields += *c == ',';
			assert_int_equal(fields, 13);
		}
		assert_int_equal(rows, (int)fx.r.npoints + 1);
		free(out);
	}
}


/*
 * A point others disturbed is marked as such everywhere: a * in the
 * table with a sentence that names the load, true in JSON and CSV, a
 * hollow marker with a legend entry in the SVG, and the law's worst
 * point blames the measured load. Its neighbours stay unmarked.
 */
static void
a_disturbed_point_is_marked_everywhere(void **state)
{
	struct fixture fx;
	char *out = NULL;
	json_t *doc;

	(void)state;
	fx_grid(&fx);
	fx.points[7].disturbed = true;
	fx.points[7].disturbed_runs = 3;
	fx.points[7].load_known = true;
	fx.points[7].other_cpus = 1.04;
	fx.points[7].available_cpus = 0.96;
	CAPTURE(out, render_sweep_text(f, &fx.r));
	assert_non_null(strstr(out, "     3   1.0 *\n"));
	assert_null(strstr(out, "     3     - *\n"));
	unwrapped(out);
	assert_non_null(strstr(out, "34% above the prediction, while other "
	    "processes used 1.0 of the 2 CPUs, leaving the hashes about 1.0."));
	assert_non_null(strstr(out, "1 point marked * was disturbed (up to "
	    "1.0 of the 2 CPUs taken): its makespan"));
	free(out);
	/* On a terminal, the rows come as they are measured; the tail says it too. */
	out = NULL;
	CAPTURE(out, render_sweep_text_tail(f, &fx.r));
	unwrapped(out);
	assert_non_null(strstr(out, "1 point marked * was disturbed (up to "
	    "1.0 of the 2 CPUs taken): its makespan"));
	free(out);

	doc = render_sweep_json_doc(&fx.r);
	assert_true(json_is_true(json_object_get(json_array_get(
	    json_object_get(doc, "points"), 7), "disturbed")));
	assert_true(json_is_false(json_object_get(json_array_get(
	    json_object_get(doc, "points"), 6), "disturbed")));
	json_decref(doc);

	out = NULL;
	CAPTURE(out, render_sweep_csv(f, &fx.r));
	assert_non_null(strstr(out, ",runs,other_cpus,disturbed,verdict\n"));
	assert_non_null(strstr(out, ",3,1.04,true,"));
	assert_non_null(strstr(out, ",3,,false,ok\n"));
	free(out);

	out = NULL;
	CAPTURE(out, render_sweep_svg(f, &fx.r));
	assert_non_null(strstr(out, "hollow: disturbed, other processes took "
	    "the CPUs"));
	assert_non_null(strstr(out, "disturbed: other processes used 1.0 "
	    "CPUs</title>"));
	free(out);
	/* Without a disturbed point, neither the legend entry nor the sentence. */
	fx_grid(&fx);
	fx_point(&fx, 7, 1880, 1.96, 455.9);
	out = NULL;
	CAPTURE(out, render_sweep_svg(f, &fx.r));
	assert_null(strstr(out, "hollow:"));
	assert_null(strstr(out, "fill=\"#fff\" stroke=\"#"));
	free(out);
	out = NULL;
	CAPTURE(out, render_sweep_text(f, &fx.r));
	assert_null(strstr(out, "marked *"));
	free(out);
}

/* How many times needle is in s. */
static size_t
occurrences(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p != NULL;
	    p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The value of a number in JSON has at most three decimals. */
static void
assert_3_decimals(json_t *v)
{
	double x = json_real_value(v);

	assert_near(round(x * 1000) / 1000, x, 1e-9);
}

/*
 * The grid's pool 8, calls 8 took 33% over its prediction with 1.49
 * hashes at once where 2 could run: other work held the CPUs, so it is
 * marked disturbed and its verdict is inconclusive; every other point
 * follows the law and is ok. Numbers are rounded alike.
 */
static void
disturbed_point_is_marked(void **state)
{
	struct fixture fx;
	json_t *doc, *points, *p;
	char *out;
	size_t i;

	(void)state;
	fx_grid(&fx);
	assert_true(sweep_point_disturbed(&fx.points[7], 2));
	assert_int_equal(sweep_point_verdict(&fx.points[7], 2),
	    VERDICT_INCONCLUSIVE);
	doc = render_sweep_json_doc(&fx.r);
	points = json_object_get(doc, "points");
	json_array_foreach(points, i, p) {
		assert_int_equal(json_is_true(json_object_get(p, "disturbed")),
		    i == 7);
		assert_string_equal(json_string_value(json_object_get(p,
		    "verdict")), i == 7 ? "inconclusive" : "ok");
		assert_3_decimals(json_object_get(p, "ratio"));
		assert_3_decimals(json_object_get(p, "parallelism"));
		assert_3_decimals(json_object_get(p, "speedup"));
		assert_3_decimals(json_object_get(p, "predicted_ms"));
		assert_near(json_real_value(json_object_get(p, "ratio")),
		    json_real_value(json_object_get(p, "makespan_ms")) /
		    json_real_value(json_object_get(p, "predicted_ms")), 0.001);
	}
	json_decref(doc);
	out = render(fx_grid, render_sweep_csv);
	assert_non_null(strstr(out, ",4,3,,true,inconclusive\n"));
	assert_null(strstr(out, "fail"));
	free(out);
	/*
	 * Its load unknown, the table, its sentence and the plot say the
	 * same as JSON and CSV, without numbers nobody measured.
	 */
	out = render(fx_grid, render_sweep_text);
	assert_non_null(strstr(out, "     3     - *\n"));
	unwrapped(out);
	assert_non_null(strstr(out, "1 point marked * ran fewer hashes at once "
	    "than the pool and the CPUs allowed, where the load could not be "
	    "measured"));
	assert_null(strstr(out, "re-runs"));
	free(out);
	fx_grid(&fx);
	out = NULL;
	CAPTURE(out, render_sweep_svg(f, &fx.r));
	assert_non_null(strstr(out, "hollow: disturbed"));
	assert_non_null(strstr(out, "; disturbed: fewer hashes ran at once than "
	    "could</title>"));
	/* Hollow: pool 8, calls 8, and the legend's sample. */
	assert_int_equal(occurrences(out, "fill=\"#fff\" stroke=\"#"), 2);
	free(out);

	/* 33% over with every hash running at once: slow, not disturbed. */
	fx_grid(&fx);
	sweep_point_make(&fx.points[7], 8, 8, 2, (struct sweep_run[]){
	    { .makespan_ms = 2420.75, .parallelism = 1.99, .one_hash_ms = 455.9 } }, 1);
	assert_false(sweep_point_disturbed(&fx.points[7], 2));
	assert_int_equal(sweep_point_verdict(&fx.points[7], 2), VERDICT_FAIL);
}

/* The Markdown table through a real GFM parser: one cell per number. */
static void
markdown_parses_as_a_table(void **state)
{
	char *out, cmd[256], html[] = "/tmp/poolviz-md-XXXXXX";
	int fd;
	char *got;

	(void)state;
	if (!have("cmark-gfm"))
		skip();
	out = render(fx_hostile, render_sweep_markdown);
	fd = mkstemp(html);
	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "cmark-gfm -e table >%s", html);
	assert_int_equal(pipe_to(cmd, out), 0);
	got = slurp(html);
	unlink(html);
	assert_non_null(got);
	assert_non_null(strstr(got, "<th align=\"right\">predicted_ms</th>"));
	assert_non_null(strstr(got, "<td align=\"right\">201.5</td>"));
	/* A heading, and a title over the table and over the law. */
	assert_true(strncmp(got, "<h2>poolviz sweep: ", 19) == 0);
	assert_non_null(strstr(got, "<h3>Points</h3>\n<table>"));
	assert_non_null(strstr(got, "<h3>The law</h3>\n<p>predicted_ms"));
	/* The hostile digest stays text: no tag, no table cell of its own. */
	assert_null(strstr(got, "<b>"));
	assert_null(strstr(got, "</text>"));
	free(got);
	free(out);
}

static void
svg_is_valid_and_renders(void **state)
{
	char *out;

	(void)state;
	if (!have("xmllint") || !have("rsvg-convert"))
		skip();
	for (size_t i = 0; i < NFIXTURES; i++) {
		out = render(fixtures[i].build, render_sweep_svg);
		if (pipe_to("xmllint --noout - 2>&1", out) != 0)
			fail_msg("xmllint refused the %s SVG", fixtures[i].name);
		if (pipe_to("rsvg-convert >/dev/null 2>&1", out) != 0)
			fail_msg("rsvg-convert refused the %s SVG",
			    fixtures[i].name);
		free(out);
	}
}


/* On a slide 1600 px wide, every text is at least 24 px. */
static void
svg_text_fits_a_slide(void **state)
{
	const char *p;
	double width, size;
	char *out;
	int n;

	(void)state;
	for (size_t k = 0; k < NFIXTURES; k++) {
		out = render(fixtures[k].build, render_sweep_svg);
		assert_non_null(p = strstr(out, "viewBox=\"0 0 "));
		assert_int_equal(sscanf(p, "viewBox=\"0 0 %lf", &width), 1);
		n = 0;
		for (p = out; (p = strstr(p, "font-size=\"")) != NULL; p++) {
			assert_int_equal(sscanf(p, "font-size=\"%lf", &size), 1);
			if (size * 1600 / width < 24)
				fail_msg("%s: font-size %g in a viewBox %g wide",
				    fixtures[k].name, size, width);
			n++;
		}
		assert_true(n >= 2);
		free(out);
	}
}

/*
 * The prediction is a staircase of whole waves that never rises with the
 * pool: along each predicted line, y (down the page) never decreases, x
 * never goes back, and every step is vertical.
 */
static void
svg_prediction_is_a_staircase(void **state)
{
	const char *p, *q;
	double x, y, px, py;
	char *out;
	int lines = 0, n, steps, used;

	(void)state;
	out = render(fx_grid, render_sweep_svg);
	for (p = out; (p = strstr(p, "class=\"predicted\" points=\"")) != NULL;
	    p++) {
		q = p + strlen("class=\"predicted\" points=\"");
		n = steps = 0;
		while (sscanf(q, "%lf,%lf%n", &x, &y, &used) == 2) {
			if (n > 0) {
				assert_true(x >= px - 1e-9);
				assert_true(y >= py - 1e-9);
				assert_true(x == px || y == py);
				steps += y > py;
			}
			px = x;
			py = y;
			n++;
			q += used;
			while (*q == ' ')
				q++;
		}
		assert_true(n >= 4);
		assert_int_equal(steps, 1);	/* pool 1 to 2: 2 CPUs */
		lines++;
	}
	assert_int_equal(lines, 2);
	free(out);
}

/* A line per call count, a marker per point, the axes' titles, the legend. */
static void
svg_has_its_parts(void **state)
{
	char *out, want[64];
	size_t n = 0;

	(void)state;
	out = render(fx_grid, render_sweep_svg);
	for (const char *p = out; (p = strstr(p, "<circle cx=")) != NULL; p++)
		n++;
	/* The points, the legend's two series and its hollow disturbed one. */
	assert_int_equal(n, 8 + 3);
	n = 0;
	for (const char *p = out; (p = strstr(p, "<polyline ")) != NULL; p++)
		n++;
	assert_int_equal(n, 2 * 2);	/* measured and predicted per call count */
	assert_non_null(strstr(out, ">makespan (ms)</text>"));
	assert_non_null(strstr(out, ">pool size (threads, log scale)</text>"));
	assert_non_null(strstr(out, ">calls 4</text>"));
	assert_non_null(strstr(out, ">calls 8</text>"));
	assert_non_null(strstr(out, ">pool = CPUs (2)</text>"));
	assert_non_null(strstr(out, "<title>pool 8, calls 8: makespan 2420.8 ms, "
	    "predicted 1804.8 ms, ratio 1.34; disturbed: fewer hashes ran at once "
	    "than could</title>"));
	assert_non_null(strstr(out, "<title>poolviz sweep: makespan against "
	    "pool size; 100000 iterations of sha512, 512-byte keys, median of 3 "
	    "runs per point; 2 CPUs, libuv 1.44.2, OpenSSL 3.0.11 19 Sep 2023"
	    "</title>"));
	for (int pool = 1; pool <= 8; pool *= 2) {
		snprintf(want, sizeof(want), ">%d</text>", pool);
		assert_non_null(strstr(out, want));
	}
	free(out);
}

static void
hostile_strings_are_escaped(void **state)
{
	char *out;

	(void)state;
	out = render(fx_hostile, render_sweep_svg);
	/* A newline is kept as a reference, as XML allows; invalid bytes are U+FFFD. */
	assert_non_null(strstr(out, "sha&quot;512\\&lt;&amp;&gt;&#10;"
	    "&apos;\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9"));
	assert_non_null(strstr(out, "libuv 1.44&lt;b&gt;&amp;&quot;x&quot;"));
	assert_null(strstr(out, "<b>"));
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\r'));
	free(out);
	out = render(fx_hostile, render_sweep_text);
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\r'));
	assert_non_null(strstr(out, "of sha\"512\\<&>?'?\xef\xbf\xbd\xc3\xa9,"));
	free(out);
}

static void
write_errors_are_reported(void **state)
{
	render_fn *fns[] = { render_sweep_text, render_sweep_json,
	    render_sweep_csv, render_sweep_svg };
	struct fixture fx;
	FILE *f;

	(void)state;
	fx_grid(&fx);
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		f = fopen("/dev/full", "w");
		if (f == NULL)
			skip();
		setvbuf(f, NULL, _IONBF, 0);
		assert_int_equal(fns[i](f, &fx.r), -1);
		fclose(f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(goldens),
		cmocka_unit_test(text_states_the_law),
		cmocka_unit_test(json_contract),
		cmocka_unit_test(csv_rows_match_the_header),
		cmocka_unit_test(disturbed_point_is_marked),
		cmocka_unit_test(markdown_parses_as_a_table),
		cmocka_unit_test(svg_is_valid_and_renders),
		cmocka_unit_test(svg_has_its_parts),
		cmocka_unit_test(svg_text_fits_a_slide),
		cmocka_unit_test(svg_prediction_is_a_staircase),
		cmocka_unit_test(a_disturbed_point_is_marked_everywhere),
		cmocka_unit_test(hostile_strings_are_escaped),
		cmocka_unit_test(write_errors_are_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
