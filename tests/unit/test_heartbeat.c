/* test_heartbeat: the blocked and offload scenarios' timer, on a real loop. */
#include "testutil.h"

#include "core/experiment.h"
#include "core/heartbeat.h"
#include "core/record.h"
#include "core/scenario.h"
#include "work/work.h"

/* One run of a scenario: 2 small hashes on a pool of 2. */
static void
run_scenario(struct record *r, enum scenario sc)
{
	struct work_params p;
	struct record_config cfg = { 0 };
	struct work *w;
	const char *param;
	char err[256];

	work_params_defaults(&p);
	p.iterations = 20000;
	assert_int_equal(work_open(&w, &p, &param, err, sizeof(err)), 0);
	cfg.calls = 2;
	cfg.pool = 2;
	cfg.sync = true;
	cfg.scenario = sc;
	cfg.keylen = work_out_len(w);
	work_describe(&p, &cfg.work);
	assert_int_equal(record_init(r, &cfg, err, sizeof(err)), 0);
	assert_int_equal(experiment_run(w, r, NULL, err, sizeof(err)), 0);
	work_close(w);
}

/* What every heartbeat leaves in the record: its interval, ticks and gaps. */
static void
gaps_fit(const struct record *r)
{
	const struct record_heartbeat *h = &r->heartbeat;

	assert_true(h->ran);
	assert_int_equal(h->interval_ms, HEARTBEAT_MS);
	assert_true(h->ticks >= 3);
	assert_true(h->max_gap_us >= HEARTBEAT_MS * 1000 / 2);
	assert_true(h->gap_start_us >= 0);
	assert_true(h->stall_us > 0 && h->stall_us <= h->max_gap_us);
	/* Every tick's time, in order, the longest gap between two of them. */
	assert_int_equal(h->ntick_us, h->ticks);
	for (size_t i = 1; i < h->ntick_us; i++) {
		assert_true(h->tick_us[i] >= h->tick_us[i - 1]);
		assert_true(h->tick_us[i] - h->tick_us[i - 1] <= h->max_gap_us);
	}
}

/* Blocked: the stall is the gap the first tick after the block saw. */
static void
blocked_heartbeat_sees_the_stall(void **state)
{
	struct record r;

	(void)state;
	run_scenario(&r, SCENARIO_BLOCKED);
	gaps_fit(&r);
	assert_true(r.sync.ran);
	/* the block is inside the stall the heartbeat saw */
	assert_true(r.heartbeat.stall_us >= r.sync.end_us - r.sync.start_us);
	record_free(&r);
}

/* Offload: the heartbeat keeps ticking while the thread hashes. */
static void
offload_heartbeat_keeps_ticking(void **state)
{
	struct record r;

	(void)state;
	run_scenario(&r, SCENARIO_OFFLOAD);
	gaps_fit(&r);
	assert_true(r.offload.ran);
	assert_true(r.heartbeat.stall_us == r.heartbeat.max_gap_us);
	/* the heartbeat stops on the tick that says the gap: the last line */
	assert_int_equal(r.lines[r.nlines - 1].kind, LINE_HEARTBEAT_STALL);
	assert_true(r.heartbeat.gap_start_us + r.heartbeat.max_gap_us <=
	    r.lines[r.nlines - 1].us);
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blocked_heartbeat_sees_the_stall),
		cmocka_unit_test(offload_heartbeat_keeps_ticking),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
