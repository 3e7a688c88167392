/* test_verdict: ok, fail or inconclusive, from records built by hand with a machine and its load. */
#include "testutil.h"
#include "fixtures.h"

#include "render/render_report.h"
#include "report/report.h"

#define T_US	400000		/* one hash: 400 ms of CPU */

/*
 * 8 calls on a pool of 4 after a blocking hash, on 2 CPUs. The hashes
 * run `ran` at a time, each taking `stretch` times its CPU time in wall
 * time (a neighbour or a quota slows them). The load says what others
 * took; the available CPUs are what they left.
 */
static void
build(struct record *r, unsigned ran, double stretch, double other)
{
	int64_t zero = T_US, wall = (int64_t)(T_US * stretch);

	fx_config(r, 8, 4, 2, true, false, 8);
	fx_sync(r, 10, 20, 20 + T_US, T_US);
	fx_line(r, LINE_SCHEDULED, 0, zero + 50);
	for (uint32_t id = 1; id <= 8; id++) {
		int64_t start = zero + 100 + (int64_t)((id - 1) / ran) * wall;

		fx_task(r, id, (id - 1) % ran + 1, zero + 40, start,
		    start + wall, start + wall + 60, T_US);
	}
	for (uint32_t id = 1; id <= 8; id++)
		fx_line(r, LINE_ASYNC_DONE, id, r->tasks[id - 1].done_us);
	r->load.cpu_known = true;
	r->load.wall_s = 3;
	r->load.other_cpus = other;
	r->load.available_cpus = 2 - other;
	/* Not sampled: these records test the throughput rule alone. */
	r->demand = (struct record_demand){ .known = false, .why = "by hand" };
}

/* A quota of one CPU on the 2: the facts, and a load that it capped. */
static void
quota_of_one(struct record *r)
{
	r->machine.quota_cgroup = MACHINE_CGROUP_V1;
	r->machine.quota_limited = true;
	r->machine.quota_cpus = 1;
	r->machine.quota_period_ms = 100;
	r->machine.usable_cpus = 1;
	r->load.available_cpus = 1;
	r->load.throttled_known = true;
	r->load.throttled_ms = 1200;
}

static enum verdict
judge(struct report_store *s, struct record *r, size_t n, double tol)
{
	struct report_request req = { .check = true, .tolerance_pct = tol };
	char err[128];

	assert_int_equal(report_assemble(s, r, n, &req, err, sizeof(err)), 0);
	return s->rp.verdict;
}

static const struct check_result *
find(const struct checks *cs, const char *name)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->c[i].name, name) == 0)
			return &cs->c[i];
	fail_msg("no check %s", name);
	return NULL;
}

static bool
has_reason(const struct report *rp, const char *s)
{
	for (size_t i = 0; i < rp->nreasons; i++)
		if (strstr(rp->reasons[i], s) != NULL)
			return true;
	return false;
}

/* Two lanes on a quiet machine: the pool did its job. */
static void
quiet_is_ok(void **state)
{
	struct record r;
	struct report_store s;

	(void)state;
	build(&r, 2, 1, 0);
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_PASS);
	assert_int_equal(s.rp.nreasons, 0);
	assert_false(s.rp.unfit);
	/* With all CPUs left, the bound is the old one: 1.25 x 4 waves x T. */
	assert_near(find(&s.checks, "makespan_max")->bound, 1.25 * 4 * 400,
	    1e-6);
	/*
	 * A daemon's 0.02 CPU leaves what the sentences call 2.0 of 2 CPUs:
	 * still 4 waves, not a hair more.
	 */
	record_free(&r);
	build(&r, 2, 1, 0.02);
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_PASS);
	assert_near(find(&s.checks, "makespan_max")->bound, 1.25 * 4 * 400,
	    1e-6);
	/* Others' 0.2 CPU: N / A hashes, above 4 waves. */
	record_free(&r);
	build(&r, 2, 1, 0.2);
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_PASS);
	assert_near(find(&s.checks, "makespan_max")->bound, 1.25 * 8 / 1.8 *
	    400, 1e-6);
	record_free(&r);
}

/*
 * A neighbour spinning on one of the 2 CPUs: the hashes had one CPU and
 * took twice as long. The checks expect that (N / A hashes) and hold,
 * but so would a serial pool's 8 hashes, under 1.25 x 8: with 1 CPU left
 * nothing could tell the two apart. Inconclusive, saying so; a failure
 * on that machine proves nothing either.
 */
static void
neighbour_on_one_cpu_cannot_tell_serial(void **state)
{
	struct record r;
	struct report_store s;

	(void)state;
	build(&r, 2, 2, 1.0);
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_INCONCLUSIVE);
	assert_true(find(&s.checks, "makespan_max")->ok);
	assert_near(find(&s.checks, "makespan_max")->bound, 1.25 * 8 * 400,
	    1e-6);
	assert_true(has_reason(&s.rp, "other processes used 1.0 of 2 CPUs, "
	    "leaving 1.00 CPUs: too few to tell a parallel pool from a serial "
	    "one (more than 1.25 needed)"));
	assert_true(s.rp.unfit);
	record_free(&r);
	/* The serial pool itself, beside it: not ok either. */
	build(&r, 1, 1, 1.0);
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_INCONCLUSIVE);
	record_free(&r);
	build(&r, 2, 2, 1.0);
	assert_int_equal(judge(&s, &r, 1, 0), VERDICT_INCONCLUSIVE);
	assert_true(has_reason(&s.rp, "makespan_max"));
	assert_true(has_reason(&s.rp, "other processes used 1.0 of 2 CPUs"));
	record_free(&r);
}

/*
 * A neighbour that leaves 1.5 of the 2 CPUs (a spinner's one thread
 * against the pool's four): the checks expect the hashes to share 1.5
 * CPUs, and a serial pool, 8 hashes, would overrun 1.25 x 8 / 1.5 of
 * them. A run that holds is ok, judged on what it had.
 */
static void
neighbour_leaving_enough_is_judged(void **state)
{
	struct record r;
	struct report_store s;

	(void)state;
	build(&r, 2, 1.33, 0.5);
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_PASS);
	assert_int_equal(s.rp.nreasons, 0);
	assert_true(s.rp.unfit);		/* but no baseline from it */
	record_free(&r);
	build(&r, 1, 1, 0.5);		/* serial: it cannot hide */
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_INCONCLUSIVE);
	assert_true(has_reason(&s.rp, "makespan_max"));
	record_free(&r);
}

/*
 * Neighbours that crowd the run out: 1.3 of the 2 CPUs taken leaves 0.7,
 * less than two fifths of the 2 lanes. Every check holds against what
 * was left, but such a run cannot show whether the pool runs in
 * parallel: inconclusive, saying why with the numbers.
 */
static void
crowding_neighbours_are_inconclusive(void **state)
{
	struct record r;
	struct report_store s;

	(void)state;
	build(&r, 2, 2.6, 1.3);
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_INCONCLUSIVE);
	assert_true(find(&s.checks, "makespan_max")->ok);
	assert_true(has_reason(&s.rp, "other processes used 1.3 of 2 CPUs, "
	    "leaving 0.70 CPUs, fewer than the 0.80 a verdict needs"));
	assert_true(s.rp.unfit);
	record_free(&r);
}

/*
 * A light neighbour (0.4 CPU) leaves enough to judge: a run that holds is
 * ok, but a failure beside it is inconclusive, never a FAIL.
 */
static void
light_neighbour_fails_nothing(void **state)
{
	struct record r;
	struct report_store s;

	(void)state;
	build(&r, 2, 1.1, 0.4);
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_PASS);
	assert_true(s.rp.unfit);		/* but no baseline from it */
	record_free(&r);
	build(&r, 1, 1, 0.4);			/* serial: makespan_max fails */
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_INCONCLUSIVE);
	assert_true(has_reason(&s.rp, "makespan_max"));
	assert_true(has_reason(&s.rp, "other processes used 0.4 of 2 CPUs"));
	record_free(&r);
}

/*
 * A quota of one CPU: one lane, so 8 waves are expected and the hashes
 * one at a time are ok; the text names the quota and the lanes.
 */
static void
quota_is_ok_for_one_lane(void **state)
{
	struct record r;
	struct report_store s;
	char *out = NULL;

	(void)state;
	build(&r, 1, 1, 0);
	quota_of_one(&r);
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_PASS);
	assert_near(find(&s.checks, "makespan_max")->bound, 1.25 * 8 * 400,
	    1e-6);
	assert_near(find(&s.checks, "makespan_min")->bound, 0.75 * 8 * 400,
	    1e-6);
	assert_true(s.rp.machine.quota_binds);
	assert_false(s.rp.unfit);
	/*
	 * Throttled, the whole cgroup waits for the next period: up to half
	 * of its 100 ms on 2 CPUs. The lag bound allows it: one lane's crowd
	 * is (4 + 1) / 1, widened by the tolerance, plus 50 ms.
	 */
	assert_near(find(&s.checks, "lag")->bound, 5 * 1.25 * 5 + 50, 1e-6);
	CAPTURE(out, render_report_text(f, &s.rp));
	assert_non_null(strstr(out, "A CPU quota of 1.0 CPU (cgroup v1) held "
	    "this process to one CPU: it was throttled for 1.2 s. The checks "
	    "expect 1 lane."));
	free(out);
	record_free(&r);
}

/* A truly serial pool on 2 free CPUs is a real failure: FAIL, exit 1. */
static void
serial_pool_on_free_cpus_fails(void **state)
{
	struct record r;
	struct report_store s;

	(void)state;
	build(&r, 1, 1, 0.05);
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_FAIL);
	assert_true(has_reason(&s.rp, "makespan_max"));
	assert_false(has_reason(&s.rp, "other processes"));
	/* Without /proc/stat nothing shows the machine was busy: FAIL too. */
	r.load.cpu_known = false;
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_FAIL);
	record_free(&r);
}

/* With --repeat, the median run's load decides, not one odd run. */
static void
repeat_takes_the_median_load(void **state)
{
	struct record r[3];
	struct report_store s;
	char *out = NULL;

	(void)state;
	build(&r[0], 2, 1, 0.02);
	build(&r[1], 2, 2.6, 1.3);
	build(&r[2], 2, 1, 0.03);
	assert_int_equal(judge(&s, r, 3, 25), VERDICT_PASS);
	assert_near(s.rp.load.other_cpus, 0.03, 1e-9);
	record_free(&r[2]);
	build(&r[2], 2, 2.8, 1.4);
	assert_int_equal(judge(&s, r, 3, 25), VERDICT_INCONCLUSIVE);
	assert_true(has_reason(&s.rp, "other processes used 1.3 of 2 CPUs"));
	CAPTURE(out, render_report_text(f, &s.rp));
	assert_non_null(strstr(out, "The machine was too busy to judge: other "
	    "processes used 1.3 of the 2 CPUs during these runs, leaving "
	    "0.70 CPUs where the hashes could use 2.0 (a verdict needs at least "
	    "0.80).\nInconclusive: other processes used 1.3 of 2 CPUs, leaving "
	    "0.70 CPUs, fewer than the 0.80 a verdict needs."));
	free(out);
	for (int i = 0; i < 3; i++)
		record_free(&r[i]);
}

/* Past a tolerance of 100% the lower bound is 0, never negative. */
static void
huge_tolerance_floors_the_lower_bound(void **state)
{
	struct record r;
	struct report_store s;

	(void)state;
	build(&r, 2, 1, 0);
	judge(&s, &r, 1, 250);
	assert_near(find(&s.checks, "makespan_min")->bound, 0, 0);
	record_free(&r);
}

/*
 * The pool's demand judges what throughput cannot: beside a neighbour
 * that left one CPU, a pool whose 4 workers all wanted a CPU is ok, its
 * throughput checks not judged; one whose workers took turns on a lock
 * (one runnable) fails, whatever the CPUs.
 */
static void
demand_tells_a_serial_pool_beside_a_neighbour(void **state)
{
	struct record r;
	struct report_store s;

	(void)state;
	build(&r, 2, 2, 1.0);
	r.demand = (struct record_demand){ .known = true, .samples = 200,
	    .mean = 3.9, .p10 = 3, .expected = 3.95 };
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_PASS);
	assert_false(find(&s.checks, "makespan_max")->judged);
	assert_false(find(&s.checks, "makespan_min")->judged);
	assert_int_equal(report_check_verdict(&s.rp, 2), VERDICT_NOT_JUDGED);
	assert_true(find(&s.checks, "runnable_workers")->judged);
	r.demand.mean = 1.02;
	r.demand.p10 = 1;
	assert_int_equal(judge(&s, &r, 1, 25), VERDICT_FAIL);
	assert_false(find(&s.checks, "runnable_workers")->ok);
	/* No tolerance lets one runnable worker of 4 pass. */
	assert_true(check_demand_bound(3.95, 1000) > 1.02);
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quiet_is_ok),
		cmocka_unit_test(neighbour_on_one_cpu_cannot_tell_serial),
		cmocka_unit_test(neighbour_leaving_enough_is_judged),
		cmocka_unit_test(crowding_neighbours_are_inconclusive),
		cmocka_unit_test(light_neighbour_fails_nothing),
		cmocka_unit_test(quota_is_ok_for_one_lane),
		cmocka_unit_test(serial_pool_on_free_cpus_fails),
		cmocka_unit_test(repeat_takes_the_median_load),
		cmocka_unit_test(huge_tolerance_floors_the_lower_bound),
		cmocka_unit_test(demand_tells_a_serial_pool_beside_a_neighbour),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
