/* test_chart: the chart's scale, ticks and lanes. */
#include "fixtures.h"

#include "render/chart.h"

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

static void
lane_names(const struct record *r, bool queue, const char *want)
{
	struct chart c;
	struct chart_lanes l;
	char got[512] = "", name[32];

	chart_init(&c, r, 100);
	chart_lanes(&l, r, &c, queue);
	for (size_t i = 0; i < l.n; i++) {
		chart_lane_name(name, sizeof(name), &l, r, i);
		if (i > 0)
			strcat(got, "|");
		strcat(got, name);
	}
	assert_string_equal(got, want);
}

/* One layout for the timeline and the SVG; the queue lane is the caller's choice. */
static void
lanes_follow_the_record(void **state)
{
	struct record r;

	(void)state;
	fx_article(&r);
	lane_names(&r, true, "main|queue|worker 1|worker 2|worker 3|worker 4");
	lane_names(&r, false, "main|worker 1|worker 2|worker 3|worker 4");
	record_free(&r);
	fx_starve(&r);
	lane_names(&r, false, "main|fs probe|dns probe|tcp probe|worker 1|"
	    "worker 2|worker 3|worker 4");
	record_free(&r);
	fx_blocked(&r);
	lane_names(&r, true, "main|heartbeat|queue|worker 1|worker 2");
	record_free(&r);
	fx_zero(&r);
	lane_names(&r, true, "main|queue");
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chart_spans_the_record),
		cmocka_unit_test(ticks_are_round),
		cmocka_unit_test(lanes_follow_the_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
