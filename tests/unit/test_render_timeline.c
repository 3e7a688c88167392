/* test_render_timeline: the terminal chart, its styles, and its width limit. */
#include <errno.h>

#include "fixtures.h"

#include "render/render_timeline.h"

static const struct {
	const char *name;
	struct render_style st;
} styles[] = {
	{ "color", { .width = 80, .color = true, .unicode = true } },
	{ "unicode", { .width = 80, .color = false, .unicode = true } },
	{ "ascii", { .width = 80, .color = false, .unicode = false } },
	{ "narrow", { .width = 40, .color = false, .unicode = true } },
};

static char *
timeline(fixture_fn *build, const struct render_style *st)
{
	struct record r;
	char *out = NULL;

	build(&r);
	CAPTURE(out, render_timeline(f, &r, st));
	record_free(&r);
	return out;
}

static void
golden(fixture_fn *build, const char *fixture, const char *style)
{
	char path[128];
	char *out = NULL;

	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
		if (strcmp(styles[i].name, style) == 0)
			out = timeline(build, &styles[i].st);
	assert_non_null(out);
	snprintf(path, sizeof(path), "timeline_%s_%s.txt", fixture, style);
	assert_golden(path, out);
	free(out);
}

/* The article in every style. */
static void
article_styles(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
		golden(fx_article, "article", styles[i].name);
}

/* Every other record in Unicode; waves also in ASCII and narrow. */
static void
fixtures_unicode(void **state)
{
	(void)state;
	for (size_t i = 1; i < NFIXTURES; i++)
		golden(fixtures[i].build, fixtures[i].name, "unicode");
	golden(fx_waves, "waves", "ascii");
	golden(fx_waves, "waves", "narrow");
}

/*
 * The other works' records in Unicode: the lanes, legend and notes name
 * the work's unit, and deflate's never says "hash".
 */
static void
other_works(void **state)
{
	const struct render_style *st = NULL;
	char *out;

	(void)state;
	for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
		if (strcmp(styles[i].name, "unicode") == 0)
			st = &styles[i].st;
	assert_non_null(st);
	for (size_t i = 0; i < NFIXTURES_WORKS; i++) {
		golden(fixtures_works[i].build, fixtures_works[i].name,
		    "unicode");
		out = timeline(fixtures_works[i].build, st);
		if (strstr(fixtures_works[i].name, "deflate") != NULL &&
		    strcasestr(out, "hash") != NULL)
			fail_msg("%s says hash: %s", fixtures_works[i].name,
			    strcasestr(out, "hash"));
		free(out);
	}
}

/* Columns in a line: UTF-8 code points, not counting ESC [ ... m. */
static int
columns(const char *s, size_t len)
{
	int n = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\x1b' && i + 1 < len && s[i + 1] == '[') {
			i += 2;
			while (i < len && s[i] != 'm')
				i++;
			continue;
		}
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	}
	return n;
}

/* No line is wider than the style's width, whatever the record. */
static void
never_wider_than_width(void **state)
{
	static const int widths[] = { 40, 41, 43, 57, 64, 80, 99, 133, 200 };
	struct render_style st;
	const char *p, *nl;
	char *out;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++)
		for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++)
			for (int u = 0; u < 4; u++) {
				st = (struct render_style){ .width = widths[w],
				    .color = u & 1, .unicode = u & 2 };
				out = timeline(fixtures[i].build, &st);
				for (p = out; (nl = strchr(p, '\n')) != NULL;
				    p = nl + 1)
					if (columns(p, (size_t)(nl - p)) > st.width)
						fail_msg("%s width %d style %d: "
						    "'%.*s'", fixtures[i].name,
						    st.width, u, (int)(nl - p), p);
				assert_string_equal(p, "");	/* ends in \n */
				free(out);
			}
}

/*
 * Colour only adds escapes, and drops the seams between units (its shades
 * mark them); ASCII is ASCII; plain has no escapes.
 */
static void
styles_differ_only_as_they_should(void **state)
{
	struct render_style color = { .width = 80, .color = true,
	    .unicode = true };
	struct render_style plain = { .width = 80, .unicode = true };
	struct render_style asc = { .width = 80, .color = false, .unicode = false };
	char *c, *p, *a, *q;

	(void)state;
	for (size_t i = 0; i < NFIXTURES; i++) {
		c = timeline(fixtures[i].build, &color);
		p = timeline(fixtures[i].build, &plain);
		a = timeline(fixtures[i].build, &asc);
		assert_non_null(strstr(c, "\x1b["));
		assert_null(strchr(p, '\x1b'));
		assert_null(strchr(a, '\x1b'));
		for (q = a; *q != '\0'; q++)
			assert_true((unsigned char)*q < 0x80);
		/* Strip the escapes from the colour chart: the plain one. */
		for (char *s = c, *d = c; ; s++) {
			if (*s == '\x1b') {
				while (*s != 'm')
					s++;
				continue;
			}
			if ((*d++ = *s) == '\0')
				break;
		}
		/* Where plain has a seam (U+258F), colour has a full block. */
		for (char *s = p; (s = strstr(s, "\xe2\x96\x8f")) != NULL; s += 3)
			if (c + (s - p) < c + strlen(c) &&
			    memcmp(c + (s - p), "\xe2\x96\x88", 3) == 0)
				memcpy(s, "\xe2\x96\x88", 3);
		assert_string_equal(c, p);
		free(c);
		free(p);
		free(a);
	}
}

/* The glyph in column col of the line that starts with label, as UTF-8. */
static void
glyph_at(const char *out, const char *label, int col, char *glyph)
{
	const char *p = strstr(out, label);
	size_t n;

	assert_non_null(p);
	for (; col > 0; col--) {
		assert_true(*p != '\n' && *p != '\0');
		p++;
		while (((unsigned char)*p & 0xc0) == 0x80)
			p++;
	}
	n = 1;
	while (((unsigned char)p[n] & 0xc0) == 0x80)
		n++;
	memcpy(glyph, p, n);
	glyph[n] = '\0';
}

/*
 * Two hashes on one worker, each covering a tenth of the cell where one
 * ends and the next begins: that cell is mostly idle, so it is drawn as
 * a sliver, not as a full block; and a cell the next hash covers from 0.4
 * on gets the right half.
 */
static void
cell_edges_show_coverage(void **state)
{
	struct render_style uni = { .width = 40, .unicode = true };
	struct render_style asc = { .width = 40 };
	struct record r;
	char *out, g[8];

	(void)state;
	fx_config(&r, 2, 1, 1, false, false, 8);
	/* 31 columns over 10 ms: column 15 is 4838.7 to 5161.3 us. */
	fx_task(&r, 1, 1, 0, 0, 4871, 4900, 4871);
	fx_task(&r, 2, 1, 0, 5129, 10000, 10000, 4871);
	CAPTURE(out, render_timeline(f, &r, &uni));
	glyph_at(out, "worker 1", 9 + 15, g);
	assert_string_equal(g, "\xe2\x96\x8f");	/* ▏ the left eighth */
	glyph_at(out, "worker 1", 9 + 14, g);
	assert_string_equal(g, "\xe2\x96\x88");	/* █ */
	free(out);
	/* ASCII has no sliver: the wait for the idle worker shows. */
	CAPTURE(out, render_timeline(f, &r, &asc));
	glyph_at(out, "worker 1", 9 + 15, g);
	assert_string_equal(g, ".");
	free(out);
	/* Now the second hash starts 0.4 into column 15. */
	r.tasks[1].start_us = 4968;
	CAPTURE(out, render_timeline(f, &r, &uni));
	glyph_at(out, "worker 1", 9 + 15, g);
	assert_string_equal(g, "\xe2\x96\x90");	/* ▐ the right half */
	free(out);
	record_free(&r);
}

/* Too narrow to draw: an error, and nothing half-written. */
static void
too_narrow_is_einval(void **state)
{
	struct render_style st = { .width = 15, .color = false, .unicode = false };
	struct record r;
	char *out = NULL;
	size_t len;
	FILE *f;

	(void)state;
	fx_article(&r);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	errno = 0;
	assert_int_equal(render_timeline(f, &r, &st), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(len, 0);
	free(out);
	record_free(&r);
}

/* The notes name the numbers of the record they describe. */
static void
notes_follow_the_record(void **state)
{
	struct render_style st = { .width = 200, .color = false, .unicode = false };
	char *out;

	(void)state;
	out = timeline(fx_article, &st);
	/* Like with like: a worker's hash against one main-thread hash. */
	assert_non_null(strstr(out, "4 hashes on a pool of 4 but only 2 CPUs: "
	    "each took on average 1285.0 ms on its worker, 2.0 times one hash "
	    "on the main thread (640.9 ms of CPU)."));
	assert_null(strstr(out, "waves"));
	free(out);
	out = timeline(fx_waves, &st);
	assert_non_null(strstr(out, "8 hashes make 4 waves"));
	assert_non_null(strstr(out, "on a pool of 2 with 4 CPUs"));
	free(out);
	out = timeline(fx_zero, &st);
	assert_non_null(strstr(out, "No async hashes were queued"));
	assert_null(strstr(out, "worker"));
	free(out);
	out = timeline(fx_interrupted, &st);
	assert_non_null(strstr(out, "Interrupted: 2 of 4 hashes ran."));
	free(out);
}

/* Times near the end of int64_t: the axis and scale stay defined (UBSan). */
static void
huge_times_stay_defined(void **state)
{
	struct render_style st = { .width = 80, .color = true, .unicode = true };
	struct record r;
	char *out;

	(void)state;
	fx_config(&r, 1, 1, 1, false, false, 8);
	fx_task(&r, 1, 1, 0, 1, INT64_MAX - 2, INT64_MAX - 1, 5);
	CAPTURE(out, render_timeline(f, &r, &st));
	assert_non_null(strstr(out, "worker 1"));
	free(out);
	record_free(&r);
}

/* Rows of a text: its newlines. */
static int
count_rows(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/*
 * On a screen of a given height: the first workers, a line counting the
 * rest, and the axis and legend whole; brief leaves the notes out.
 */
static void
height_keeps_axis_and_legend(void **state)
{
	struct render_style st = { .width = 60, .unicode = true,
	    .height = 10, .brief = true };
	struct record r;
	char *out;

	(void)state;
	fx_config(&r, 16, 16, 16, false, false, 8);
	for (uint32_t i = 1; i <= 16; i++)
		fx_task(&r, i, i, 0, 1000, 50000, 50100, 49000);
	CAPTURE(out, render_timeline(f, &r, &st));
	/* main, 5 workers, the count, the axis's 2 rows, the legend's 1. */
	assert_int_equal(count_rows(out), 10);
	assert_non_null(strstr(out, "\nworker 5 "));
	assert_null(strstr(out, "worker 6"));
	assert_non_null(strstr(out, "\n\xe2\x80\xa6 11 more workers\n"));
	assert_non_null(strstr(out, "\nms "));
	assert_non_null(strstr(out, "hashing"));
	assert_null(strstr(out, "Parallelism"));
	/* Pool >= calls: the threads' start-up is no queue. */
	assert_null(strstr(out, "queue"));
	free(out);
	/* Too small for anything: still main, one worker, axis and legend. */
	st.height = 3;
	CAPTURE(out, render_timeline(f, &r, &st));
	assert_non_null(strstr(out, "\nworker 1 "));
	assert_non_null(strstr(out, "15 more workers\n"));
	assert_non_null(strstr(out, "\nms "));
	assert_non_null(strstr(out, "hashing"));
	free(out);
	/* Room for all: no count. */
	st.height = 40;
	CAPTURE(out, render_timeline(f, &r, &st));
	assert_non_null(strstr(out, "\nworker 16 "));
	assert_null(strstr(out, "more workers"));
	free(out);
	record_free(&r);
}

/* The row label finds ("\nworker 1 "), without its newlines (a copy). */
static char *
row_of(const char *out, const char *label)
{
	const char *p = strstr(out, label), *e;

	assert_non_null(p);
	p += *p == '\n';
	e = strchr(p, '\n');
	assert_non_null(e);
	return strndup(p, (size_t)(e - p));
}

/* How many times needle occurs in s. */
static int
count_of(const char *s, const char *needle)
{
	int n = 0;

	for (; (s = strstr(s, needle)) != NULL; s += strlen(needle))
		n++;
	return n;
}

/*
 * blocked: the pool's units end long before the main thread frees the
 * loop; from each end to its delivery a dotted wait, ended by a delivery
 * mark on the worker's lane, and the legend names both, in both styles.
 */
static void
blocked_draws_the_wait_for_the_loop(void **state)
{
	static const struct {
		size_t style;
		const char *wait, *done, *run;	/* run: a bar's whole cell */
	} want[] = {
		{ 1, "\xe2\x94\x84", "\xe2\x80\xa2", "\xe2\x96\x88" },
		{ 2, "~", "*", "#" },
	};
	char *out, *w1, *legend;

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char item[64];

		out = timeline(fx_blocked, &styles[want[i].style].st);
		w1 = row_of(out, "\nworker 1 ");
		/* The wait follows the bar and ends in the delivery mark. */
		assert_true(count_of(w1, want[i].wait) >= 20);
		assert_true(strstr(w1, want[i].wait) >
		    strstr(w1 + strlen("worker 1"), want[i].run));
		assert_non_null(strstr(w1 + strlen(w1) - strlen(want[i].done),
		    want[i].done));
		legend = strstr(out, "\nms ");
		assert_non_null(legend);
		snprintf(item, sizeof(item), "%s done, waiting for the loop",
		    want[i].wait);
		assert_non_null(strstr(legend, item));
		snprintf(item, sizeof(item), "%s result delivered",
		    want[i].done);
		assert_non_null(strstr(legend, item));
		free(w1);
		free(out);
	}
	/* offload: each result delivered at once, so no wait is drawn. */
	out = timeline(fx_offload, &styles[1].st);
	assert_null(strstr(out, "waiting for the loop"));
	assert_non_null(strstr(out, "result delivered"));
	free(out);
}

/* A --live frame of fx_blocked at now, its axis to axis_us, in style st. */
static char *
blocked_frame(int64_t now, int64_t axis_us, const struct render_style *st)
{
	struct record r;
	char *out = NULL;

	fx_blocked_at(&r, now);
	CAPTURE(out, render_timeline_frame(f, &r, st, axis_us, now));
	record_free(&r);
	return out;
}

/*
 * blocked under --live: a unit that has ended but is not delivered waits
 * for the loop in each frame, from its end to the frame's now, growing
 * frame by frame, with no delivery mark until the loop delivers it. 80
 * columns: "heartbeat " takes 10, so 70 cells over the axis.
 */
static void
live_frames_draw_the_wait_as_it_grows(void **state)
{
	const struct render_style *uni = &styles[1].st, *asc = &styles[2].st;
	char *out, *w1, *w2, *legend, *full;
	int grown;

	(void)state;
	/* At 500 ms both units still run: nothing waits yet. */
	out = blocked_frame(500000, 1000000, uni);
	assert_null(strstr(out, "\xe2\x94\x84"));
	assert_null(strstr(out, "waiting for the loop"));
	free(out);

	/*
	 * At 900 ms on an axis to 1 s: worker 1 ended at 641.7 ms (cell 44),
	 * so it waits from there up to now's cell, 63, not drawn: the row
	 * ends in the wait at cell 62, column 10 + 63 - 1, and no mark.
	 */
	out = blocked_frame(900000, 1000000, uni);
	w1 = row_of(out, "\nworker 1 ");
	w2 = row_of(out, "\nworker 2 ");
	assert_int_equal(count_of(w1, "\xe2\x94\x84"), 62 - 44);
	assert_int_equal(columns(w1, strlen(w1)), 10 + 63);
	assert_non_null(strstr(w1 + strlen(w1) - 3, "\xe2\x94\x84"));
	assert_true(count_of(w2, "\xe2\x94\x84") >= 15);
	assert_null(strstr(w1, "\xe2\x80\xa2"));
	legend = strstr(out, "\nms ");
	assert_non_null(legend);
	assert_non_null(strstr(legend, "\xe2\x94\x84 done, waiting for the loop"));
	assert_null(strstr(legend, "result delivered"));
	free(w1);
	free(w2);
	free(out);

	/* On one axis, a later frame's wait is longer. */
	out = blocked_frame(900000, 2000000, uni);
	w1 = row_of(out, "\nworker 1 ");
	grown = count_of(w1, "\xe2\x94\x84");
	free(w1);
	free(out);
	out = blocked_frame(1200000, 2000000, uni);
	w1 = row_of(out, "\nworker 1 ");
	assert_true(count_of(w1, "\xe2\x94\x84") >= grown + 8);
	free(w1);
	free(out);

	/* ASCII: the same wait in '~'. */
	out = blocked_frame(900000, 1000000, asc);
	w1 = row_of(out, "\nworker 1 ");
	assert_true(count_of(w1, "~") >= 62 - 44);
	assert_int_equal(w1[strlen(w1) - 1], '~');
	assert_non_null(strstr(out, "~ done, waiting for the loop"));
	free(w1);
	free(out);

	/*
	 * Once delivered, a frame draws what the final chart draws: the same
	 * lanes, axis and legend, the notes left out; now changes nothing.
	 */
	full = timeline(fx_blocked, uni);
	for (int64_t now = 1302700; now <= 1402700; now += 100000) {
		struct record r;

		fx_blocked(&r);
		CAPTURE(out, render_timeline_frame(f, &r, uni, 0, now));
		record_free(&r);
		assert_int_equal(strncmp(out, full, strlen(out)), 0);
		assert_int_equal(full[strlen(out)], '\n');
		free(out);
	}
	free(full);
}

/*
 * offload: the heartbeat kept ticking, and its lane shows the ticks, one
 * mark a cell where some fell, not only the longest gap.
 */
static void
offload_heartbeat_shows_its_ticks(void **state)
{
	char *out, *hb;

	(void)state;
	out = timeline(fx_offload, &styles[1].st);
	hb = row_of(out, "\nheartbeat ");
	/* 131 ticks over 1.3 s: one in nearly each of the lane's 66 cells. */
	assert_true(count_of(hb, "\xc2\xb7") >= 50);
	assert_non_null(strstr(hb, "12 ms gap"));
	assert_non_null(strstr(out, "\xc2\xb7 tick"));
	free(hb);
	free(out);
	out = timeline(fx_offload, &styles[2].st);
	hb = row_of(out, "\nheartbeat ");
	assert_true(count_of(hb, "'") >= 50);
	assert_non_null(strstr(out, "' tick"));
	free(hb);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(height_keeps_axis_and_legend),
		cmocka_unit_test(huge_times_stay_defined),
		cmocka_unit_test(article_styles),
		cmocka_unit_test(fixtures_unicode),
		cmocka_unit_test(other_works),
		cmocka_unit_test(never_wider_than_width),
		cmocka_unit_test(styles_differ_only_as_they_should),
		cmocka_unit_test(cell_edges_show_coverage),
		cmocka_unit_test(too_narrow_is_einval),
		cmocka_unit_test(notes_follow_the_record),
		cmocka_unit_test(blocked_draws_the_wait_for_the_loop),
		cmocka_unit_test(live_frames_draw_the_wait_as_it_grows),
		cmocka_unit_test(offload_heartbeat_shows_its_ticks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
