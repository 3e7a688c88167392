/* test_busy: the rule that a machine was too busy to judge, and its sentences. */
#include "testutil.h"

#include "core/machine.h"
#include "machine_by_hand.h"
#include "render/notes_machine.h"
#include "report/busy.h"

static void
load_by_hand(struct machine_load *l, double other, double steal,
    double available)
{
	memset(l, 0, sizeof(*l));
	l->wall_s = 1;
	l->cpu_known = true;
	l->other_cpus = other;
	l->steal_cpus = steal;
	l->available_cpus = available;
}

/* --- the lanes ----------------------------------------------------------- */

/* The lanes: the least of the pool, the calls and the usable CPUs. */
static void
lanes_are_the_least_of_three(void **state)
{
	struct machine_facts f;

	(void)state;
	facts_by_hand(&f, 8, 0, MACHINE_CGROUP_NONE);
	assert_near(busy_lanes(&f, 4, 8), 4, 0);
	assert_near(busy_lanes(&f, 16, 3), 3, 0);
	assert_near(busy_lanes(&f, 16, 32), 8, 0);
	/* unknown usable CPUs: the pool and the calls alone */
	f.usable_cpus = 0;
	assert_near(busy_lanes(&f, 16, 32), 16, 0);
}

/* A quota read from a fixture tree (1.5 CPUs of cgroup v1) sets the lanes. */
static void
lanes_of_a_fixture_quota(void **state)
{
	static const int two[] = { 0, 1 };
	struct machine_facts f;
	struct machine_load l;
	struct busy_verdict v;

	(void)state;
	machine_facts_read(&f, TESTS_DIR "/fixtures/machine/v1-fraction");
	machine_facts_set_cpus(&f, two, 2);
	assert_near(busy_lanes(&f, 4, 8), 1.5, 0);
	/* two fifths of 1.5 is 0.6: just above it is judged, just below not */
	load_by_hand(&l, 0, 0, 0.61);
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_true(v.quota_binds);
	assert_false(v.too_busy);
	load_by_hand(&l, 0, 0, 0.59);
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_true(v.too_busy);
	assert_false(v.disturbed);
}

/* --- the verdict ---------------------------------------------------------- */

static void
verdict_quiet_is_judged(void **state)
{
	struct machine_facts f;
	struct machine_load l;
	struct busy_verdict v;
	char buf[256];

	(void)state;
	facts_by_hand(&f, 2, 0, MACHINE_CGROUP_NONE);
	load_by_hand(&l, 0.1, 0, 1.9);
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_near(v.lanes, 2, 0);
	assert_false(v.too_busy);
	assert_false(v.disturbed);
	assert_false(v.quota_binds);
	assert_int_equal(machine_text_load(buf, sizeof(buf), &f, &l, &v,
	    NULL), 0);
	assert_string_equal(buf, "");
	assert_int_equal(machine_text_quota(buf, sizeof(buf), &f, &l, &v), 0);
	assert_int_equal(machine_text_too_busy(buf, sizeof(buf), &f, &l, &v,
	    NULL), 0);
}

static void
verdict_by_what_neighbours_took(void **state)
{
	struct machine_facts f;
	struct machine_load l;
	struct busy_verdict v;
	char buf[256];

	(void)state;
	facts_by_hand(&f, 2, 0, MACHINE_CGROUP_NONE);
	load_by_hand(&l, 1.0, 0, 1.0);
	busy_verdict_of(&v, &f, &l, 4, 8);
	/* one CPU of two left: judged, on what was left, with a sentence */
	assert_false(v.too_busy);
	assert_true(v.disturbed);
	assert_true(machine_text_load(buf, sizeof(buf), &f, &l, &v, NULL) > 0);
	assert_string_equal(buf, "Other processes used 1.0 of the 2 CPUs during"
	    " this run, so the hashes had about 1.0 of the 2.0 CPUs they could"
	    " use: machine factor 2.0, so expect each hash to take about 2.0"
	    " times one hash.");
	assert_int_equal(machine_text_too_busy(buf, sizeof(buf), &f, &l, &v,
	    NULL), 0);
	/* 1.3 of two taken: too busy */
	load_by_hand(&l, 1.3, 0, 0.7);
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_true(v.too_busy);
	assert_true(machine_text_too_busy(buf, sizeof(buf), &f, &l, &v, NULL) > 0);
	assert_string_equal(buf, "The machine was too busy to judge:"
	    " other processes used 1.3 of the 2 CPUs during this run, leaving"
	    " 0.70 CPUs where the hashes could use 2.0 (a verdict needs at"
	    " least 0.80).");
	/* a truncated sentence is no sentence */
	assert_int_equal(machine_text_load(buf, 20, &f, &l, &v, NULL), -1);
	assert_string_equal(buf, "");

	/* at exactly two fifths of the lanes, it is judged */
	load_by_hand(&l, 1.2, 0, 0.8);
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_false(v.too_busy);
	/* half a CPU taken: judged, with a sentence */
	load_by_hand(&l, 0.5, 0, 1.5);
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_false(v.too_busy);
	assert_true(v.disturbed);
	assert_true(machine_text_load(buf, sizeof(buf), &f, &l, &v, NULL) > 0);
	assert_string_equal(buf, "Other processes used 0.5 of the 2 CPUs during"
	    " this run, so the hashes had about 1.5 of the 2.0 CPUs they could"
	    " use: machine factor 1.3, so expect each hash to take about 1.3"
	    " times one hash.");

	/* steal counts as others do */
	load_by_hand(&l, 0, 1.4, 0.6);
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_true(v.too_busy);
	machine_text_load(buf, sizeof(buf), &f, &l, &v, NULL);
	assert_string_equal(buf, "The hypervisor stole 1.4 of the 2 CPUs during"
	    " this run, so the hashes had about 0.6 of the 2.0 CPUs they could"
	    " use: machine factor 3.3, so expect each hash to take about 3.3"
	    " times one hash.");
}

/*
 * The rule compares available and needed CPUs at the precision the
 * sentence prints them (hundredths), so the printed figures compare as
 * the verdict did: never "1.50 where 1.50", never a hidden decimal.
 */
static void
verdict_numbers_agree_with_the_rule(void **state)
{
	struct machine_facts f;
	struct machine_load l;
	struct busy_verdict v;
	char buf[256];

	(void)state;
	assert_near(busy_cpus(0.7996), 0.80, 1e-12);
	assert_near(busy_cpus(0.784), 0.78, 1e-12);
	facts_by_hand(&f, 2, 0, MACHINE_CGROUP_NONE);
	load_by_hand(&l, 1.22, 0, 0.78);
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_true(v.too_busy);
	assert_true(machine_text_too_busy(buf, sizeof(buf), &f, &l, &v, NULL) > 0);
	assert_non_null(strstr(buf, "leaving 0.78 CPUs where the hashes "
	    "could use 2.0 (a verdict needs at least 0.80)."));
	/* 0.7996 prints 0.80: at the rule's precision it is enough. */
	load_by_hand(&l, 1.2004, 0, 0.7996);
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_false(v.too_busy);
	assert_int_equal(machine_text_too_busy(buf, sizeof(buf), &f, &l, &v,
	    NULL), 0);
	/* 0.794 prints 0.79: too busy, and says so with the figures it compared. */
	load_by_hand(&l, 1.206, 0, 0.794);
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_true(v.too_busy);
	assert_true(machine_text_too_busy(buf, sizeof(buf), &f, &l, &v, NULL) > 0);
	assert_non_null(strstr(buf, "leaving 0.79 CPUs where the hashes "
	    "could use 2.0 (a verdict needs at least 0.80)."));
}

/* One hash at a time needs one CPU: a neighbour on the other is no matter. */
static void
verdict_neighbour_beside_one_lane(void **state)
{
	struct machine_facts f;
	struct machine_load l;
	struct busy_verdict v;
	char buf[256];

	(void)state;
	facts_by_hand(&f, 2, 0, MACHINE_CGROUP_NONE);
	load_by_hand(&l, 0.8, 0.2, 1.0);
	busy_verdict_of(&v, &f, &l, 1, 8);
	assert_near(v.lanes, 1, 0);
	assert_false(v.too_busy);
	assert_true(v.disturbed);
	machine_text_load(buf, sizeof(buf), &f, &l, &v, NULL);
	assert_string_equal(buf, "Other processes used 0.8 and the hypervisor"
	    " stole 0.2 of the 2 CPUs during this run, but the hashes still had"
	    " the 1.0 CPU they could use.");
}

static void
verdict_quota_sets_the_lanes(void **state)
{
	struct machine_facts f;
	struct machine_load l;
	struct busy_verdict v;
	char buf[256];

	(void)state;
	facts_by_hand(&f, 2, 1.0, MACHINE_CGROUP_V1);
	assert_near(f.usable_cpus, 1, 0);
	load_by_hand(&l, 0, 0, 1.0);
	l.throttled_known = true;
	l.throttled_ms = 1200;
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_near(v.lanes, 1, 0);
	assert_false(v.too_busy);
	assert_false(v.disturbed);
	assert_true(v.quota_binds);
	assert_true(machine_text_quota(buf, sizeof(buf), &f, &l, &v) > 0);
	assert_string_equal(buf, "A CPU quota of 1.0 CPU (cgroup v1) held this"
	    " process to one CPU: it was throttled for 1.2 s.");

	/* 1.5 of v2, briefly throttled */
	facts_by_hand(&f, 2, 1.5, MACHINE_CGROUP_V2);
	l.throttled_ms = 340;
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_near(v.lanes, 1.5, 0);
	machine_text_quota(buf, sizeof(buf), &f, &l, &v);
	assert_string_equal(buf, "A CPU quota of 1.5 CPUs (cgroup v2) held this"
	    " process to 1.5 CPUs: it was throttled for 340 ms.");

	/* a quota above what the pool asks for holds nothing back */
	busy_verdict_of(&v, &f, &l, 1, 8);
	assert_false(v.quota_binds);
	assert_int_equal(machine_text_quota(buf, sizeof(buf), &f, &l, &v), 0);
}

/* Without /proc/stat the load is unknown, and the run is judged as it is. */
static void
verdict_unknown_load_is_judged(void **state)
{
	struct machine_facts f;
	struct machine_load l;
	struct busy_verdict v;
	char buf[64];

	(void)state;
	facts_by_hand(&f, 2, 0, MACHINE_CGROUP_NONE);
	memset(&l, 0, sizeof(l));
	busy_verdict_of(&v, &f, &l, 4, 8);
	assert_false(v.too_busy);
	assert_false(v.disturbed);
	busy_verdict_of(&v, &f, NULL, 4, 8);
	assert_false(v.too_busy);
	assert_int_equal(machine_text_load(buf, sizeof(buf), &f, &l, &v,
	    NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lanes_are_the_least_of_three),
		cmocka_unit_test(lanes_of_a_fixture_quota),
		cmocka_unit_test(verdict_quiet_is_judged),
		cmocka_unit_test(verdict_by_what_neighbours_took),
		cmocka_unit_test(verdict_numbers_agree_with_the_rule),
		cmocka_unit_test(verdict_neighbour_beside_one_lane),
		cmocka_unit_test(verdict_quota_sets_the_lanes),
		cmocka_unit_test(verdict_unknown_load_is_judged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
