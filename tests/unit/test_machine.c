/* test_machine: CPUs, cgroup quotas and /proc/stat: the machine's facts. */
#include "testutil.h"

#include "core/machine.h"
#include "machine_by_hand.h"

#define FIXTURE(name) TESTS_DIR "/fixtures/machine/" name

static const int two[] = { 0, 1 };

/* Facts read from a fixture tree, with the affinity set by hand. */
static void
facts_at(struct machine_facts *f, const char *root, const int *cpus, int n)
{
	machine_facts_read(f, root);
	machine_facts_set_cpus(f, cpus, n);
}

/* --- the CPUs ------------------------------------------------------------ */

static void
cpus_from_a_list(void **state)
{
	struct machine_cpus c;
	int list[] = { 5, 0, 130, 5, -1, MACHINE_MAX_CPUS }, out[8];

	(void)state;
	machine_cpus_set(&c, list, 6);
	assert_int_equal(c.count, 3);		/* duplicates and strays dropped */
	assert_true(machine_cpus_has(&c, 130));
	assert_false(machine_cpus_has(&c, 1));
	assert_false(machine_cpus_has(&c, MACHINE_MAX_CPUS));
	assert_int_equal(machine_cpus_list(&c, out, 8), 3);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 5);
	assert_int_equal(out[2], 130);
	assert_int_equal(machine_cpus_list(&c, out, 2), 2);
}

/* The real affinity mask agrees with its own list. */
static void
cpus_of_this_process(void **state)
{
	struct machine_cpus c;
	int out[MACHINE_MAX_CPUS];

	(void)state;
	assert_int_equal(machine_cpus_affinity(&c), 0);
	assert_true(c.count >= 1);
	assert_int_equal(machine_cpus_list(&c, out, MACHINE_MAX_CPUS), c.count);
}

/* --- the quota ------------------------------------------------------------ */

static void
quota_without_cgroup_files(void **state)
{
	struct machine_facts f;

	(void)state;
	facts_at(&f, FIXTURE("none"), two, 2);
	assert_int_equal(f.quota.cgroup, MACHINE_CGROUP_NONE);
	assert_false(f.quota.limited);
	assert_string_equal(f.quota.stat_path, "");
	assert_near(f.usable_cpus, 2, 0);
	/* nor is there anything at a root that does not exist */
	facts_at(&f, FIXTURE("no-such-root"), two, 2);
	assert_int_equal(f.quota.cgroup, MACHINE_CGROUP_NONE);
}

/* A root too long for the paths under it is refused, not cut. */
static void
facts_refuse_a_long_root(void **state)
{
	struct machine_facts f;
	char root[MACHINE_PATH_MAX];

	(void)state;
	memset(root, 'a', sizeof(root) - 1);
	root[sizeof(root) - 1] = '\0';
	assert_int_equal(machine_facts_read(&f, root), -1);
	assert_int_equal(f.cpus.count, 0);
	assert_string_equal(f.root, "");
	assert_int_equal(machine_facts_read(&f, FIXTURE("none")), 0);
	assert_string_equal(f.root, FIXTURE("none"));
}

static void
quota_v2_max_is_none(void **state)
{
	struct machine_facts f;

	(void)state;
	facts_at(&f, FIXTURE("v2-max"), two, 2);
	assert_int_equal(f.quota.cgroup, MACHINE_CGROUP_V2);
	assert_false(f.quota.limited);
	assert_string_equal(f.quota.stat_path,
	    FIXTURE("v2-max") "/sys/fs/cgroup/user.slice/app.scope/cpu.stat");
	assert_near(f.usable_cpus, 2, 0);
}

/* The parent's 1.5 holds under a child's max, and its cpu.stat is read. */
static void
quota_v2_nested_parent(void **state)
{
	struct machine_facts f;

	(void)state;
	facts_at(&f, FIXTURE("v2-nested"), two, 2);
	assert_int_equal(f.quota.cgroup, MACHINE_CGROUP_V2);
	assert_true(f.quota.limited);
	assert_near(f.quota.cpus, 1.5, 0);
	assert_near(f.usable_cpus, 1.5, 0);
	assert_string_equal(f.quota.stat_path,
	    FIXTURE("v2-nested") "/sys/fs/cgroup/outer/cpu.stat");
}

/* A child's 0.5 under a parent's 2: the tighter one wins. */
static void
quota_v2_nested_child(void **state)
{
	struct machine_facts f;

	(void)state;
	facts_at(&f, FIXTURE("v2-nested-child"), two, 2);
	assert_true(f.quota.limited);
	assert_near(f.quota.cpus, 0.5, 0);
	assert_near(f.usable_cpus, 0.5, 0);
	assert_string_equal(f.quota.stat_path,
	    FIXTURE("v2-nested-child") "/sys/fs/cgroup/outer/inner/cpu.stat");
	/* a quota above the affinity leaves the CPUs as the limit */
	facts_at(&f, FIXTURE("v2-nested"), two, 1);
	assert_near(f.usable_cpus, 1, 0);
}

static void
quota_v1_unlimited(void **state)
{
	struct machine_facts f;

	(void)state;
	facts_at(&f, FIXTURE("v1-unlimited"), two, 2);
	assert_int_equal(f.quota.cgroup, MACHINE_CGROUP_V1);
	assert_false(f.quota.limited);
	assert_near(f.usable_cpus, 2, 0);
	assert_string_equal(f.quota.stat_path, FIXTURE("v1-unlimited")
	    "/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.stat");
}

/* 150000/100000 at the parent of the process's cgroup (-1 in it). */
static void
quota_v1_fraction(void **state)
{
	struct machine_facts f;

	(void)state;
	facts_at(&f, FIXTURE("v1-fraction"), two, 2);
	assert_int_equal(f.quota.cgroup, MACHINE_CGROUP_V1);
	assert_true(f.quota.limited);
	assert_near(f.quota.cpus, 1.5, 0);
	assert_near(f.usable_cpus, 1.5, 0);
	assert_string_equal(f.quota.stat_path,
	    FIXTURE("v1-fraction") "/sys/fs/cgroup/cpu/job/cpu.stat");
	/* the period of the quota that binds, for the stall it may cause */
	assert_near(f.quota.period_ms, 100, 0);
	assert_string_equal(machine_cgroup_name(f.quota.cgroup), "cgroup v1");
}

/* A host path the container's mount does not show: its root is the cgroup. */
static void
quota_v1_container_falls_back_to_the_mount(void **state)
{
	struct machine_facts f;

	(void)state;
	facts_at(&f, FIXTURE("v1-container"), two, 2);
	assert_int_equal(f.quota.cgroup, MACHINE_CGROUP_V1);
	assert_true(f.quota.limited);
	assert_near(f.quota.cpus, 1, 0);
	assert_near(f.usable_cpus, 1, 0);
	assert_string_equal(f.quota.stat_path,
	    FIXTURE("v1-container") "/sys/fs/cgroup/cpu,cpuacct/cpu.stat");
}

/* --- /proc/stat and cpu.stat ------------------------------------------- */

static void
stat_sums_the_mask_only(void **state)
{
	const char *text =
	    "cpu  99 99 99 99 99 99 99 99 99 99\n"
	    "cpu0 100 2 30 900 7 1 4 5 40 1\n"
	    "cpu1 1000 1000 1000 0 0 0 0 1000 0 0\n"
	    "cpu2 10 0 5 50 3\n"		/* an old kernel: no irq, steal */
	    "intr 1 2 3\n";
	struct machine_cpus c;
	int mask[] = { 0, 2 }, only3[] = { 3 };
	uint64_t busy, steal;

	(void)state;
	machine_cpus_set(&c, mask, 2);
	assert_int_equal(machine_stat_parse(text, &c, &busy, &steal), 0);
	/* guest (40) and guest_nice (1) are inside user and nice already */
	assert_int_equal(busy, (100 + 2 + 30 + 1 + 4) + (10 + 5));
	assert_int_equal(steal, 5);
	machine_cpus_set(&c, only3, 1);
	assert_int_equal(machine_stat_parse(text, &c, &busy, &steal), -1);
}

static void
throttled_time_v1_and_v2(void **state)
{
	uint64_t us = 7;

	(void)state;
	assert_int_equal(machine_throttled_parse("nr_periods 3\n"
	    "throttled_time 1200000000\n", MACHINE_CGROUP_V1, &us), 0);
	assert_int_equal(us, 1200000);
	assert_int_equal(machine_throttled_parse("usage_usec 5\n"
	    "throttled_usec 345", MACHINE_CGROUP_V2, &us), 0);
	assert_int_equal(us, 345);
	/* nr_throttled is not throttled_usec, nor is a v1 key a v2 one */
	assert_int_equal(machine_throttled_parse("nr_throttled 4\n",
	    MACHINE_CGROUP_V2, &us), -1);
	assert_int_equal(machine_throttled_parse("throttled_time 4\n",
	    MACHINE_CGROUP_V2, &us), -1);
	assert_int_equal(machine_throttled_parse("throttled_usec 4\n",
	    MACHINE_CGROUP_NONE, &us), -1);
}

/*
 * Two readings of a 3-CPU machine with the mask {0, 2}: busy grew by 300
 * ticks (3.0 s at 100 Hz) and steal by 40 (0.4 s) on those CPUs; cpu1's
 * work is outside the mask. Over 2.0 s, with 1.0 s of this process's own
 * CPU time: others used (3.0 - 1.0) / 2 = 1.0 CPU, steal 0.2.
 */
static void
load_from_two_readings(void **state)
{
	struct machine_facts fa, fb;
	struct machine_snap a, b;
	struct machine_load l;
	int mask[] = { 0, 2 };

	(void)state;
	facts_at(&fa, FIXTURE("load-a"), mask, 2);
	facts_at(&fb, FIXTURE("load-b"), mask, 2);
	machine_snap_take(&a, &fa);
	machine_snap_take(&b, &fb);
	assert_true(a.stat_known);
	assert_true(b.stat_known);
	assert_false(a.throttled_known);
	assert_int_equal(b.busy_ticks - a.busy_ticks, 300);
	assert_int_equal(b.steal_ticks - a.steal_ticks, 40);
	a.ticks_per_s = b.ticks_per_s = 100;
	a.wall_s = 10.0, b.wall_s = 12.0;
	a.own_cpu_s = 4.0, b.own_cpu_s = 5.0;
	machine_load_compute(&l, &fa, &a, &b);
	assert_true(l.cpu_known);
	assert_false(l.throttled_known);
	assert_near(l.wall_s, 2.0, 0);
	assert_near(l.other_cpus, 1.0, 1e-12);
	assert_near(l.steal_cpus, 0.2, 1e-12);
	assert_near(l.available_cpus, 0.8, 1e-12);

	/* more own time than busy time: others used nothing, not less */
	b.own_cpu_s = 9.0;
	machine_load_compute(&l, &fa, &a, &b);
	assert_near(l.other_cpus, 0, 0);
	assert_near(l.available_cpus, 1.8, 1e-12);

	/* no wall time, or a missing reading: unknown, not zero */
	machine_load_compute(&l, &fa, &a, &a);
	assert_false(l.cpu_known);
	b.stat_known = false;
	machine_load_compute(&l, &fa, &a, &b);
	assert_false(l.cpu_known);
}

/* Throttled time comes from the quota's cpu.stat, in both readings. */
static void
load_throttled_under_a_quota(void **state)
{
	struct machine_facts f;
	struct machine_snap a, b;
	struct machine_load l;

	(void)state;
	facts_at(&f, FIXTURE("v1-fraction"), two, 2);
	machine_snap_take(&a, &f);
	assert_true(a.throttled_known);
	assert_int_equal(a.throttled_us, 1200000);
	b = a;
	b.wall_s = a.wall_s + 3;
	b.throttled_us = a.throttled_us + 1234567;
	machine_load_compute(&l, &f, &a, &b);
	assert_true(l.throttled_known);
	assert_near(l.throttled_ms, 1234.567, 1e-9);
	/* the quota caps what is left: 2 - 0 others, but only 1.5 allowed */
	assert_true(l.cpu_known);
	assert_near(l.available_cpus, 1.5, 1e-12);
}

/*
 * A quota's throttled thread neither runs nor waits (Linux 6.18), as a
 * stopped one: the throttled time is taken off the stop; past it, a stop
 * is still one; without a quota, all of it is.
 */
static void
load_stop_less_throttling(void **state)
{
	struct machine_load l = { .throttled_known = true, .throttled_ms = 50 };

	(void)state;
	machine_load_stopped(&l, true, 39);
	assert_true(l.stopped_known);
	assert_near(l.stopped_ms, 0, 0);
	machine_load_stopped(&l, true, 5050);
	assert_near(l.stopped_ms, 5000, 1e-9);
	l.throttled_known = false;
	machine_load_stopped(&l, true, 39);
	assert_near(l.stopped_ms, 39, 1e-9);
	machine_load_stopped(&l, false, 39);
	assert_false(l.stopped_known);
	assert_near(l.stopped_ms, 0, 0);
}

/* A neighbour on one of 2 CPUs leaves a 1-CPU quota whole. */
static void
load_quota_with_a_neighbour(void **state)
{
	struct machine_facts f;
	struct machine_snap a = { 0 }, b = { 0 };
	struct machine_load l;

	(void)state;
	facts_by_hand(&f, 2, 1.0, MACHINE_CGROUP_V1);
	a.stat_known = b.stat_known = true;
	a.ticks_per_s = b.ticks_per_s = 100;
	b.wall_s = 2;
	b.own_cpu_s = 2;		/* this run: its whole quota */
	b.busy_ticks = 400;		/* both CPUs busy: 4 s over 2 s */
	machine_load_compute(&l, &f, &a, &b);
	assert_near(l.other_cpus, 1, 1e-12);
	assert_near(l.available_cpus, 1, 1e-12);
	/* when others take 1.5 CPUs, half the quota is left */
	b.busy_ticks = 400;
	b.own_cpu_s = 1;
	machine_load_compute(&l, &f, &a, &b);
	assert_near(l.other_cpus, 1.5, 1e-12);
	assert_near(l.available_cpus, 0.5, 1e-12);
}

/* The real machine: a reading of root "" has every CPU of the mask. */
static void
snap_of_this_machine(void **state)
{
	struct machine_facts f;
	struct machine_snap a, b;
	volatile double x = 0;

	(void)state;
	assert_int_equal(machine_facts_read(&f, ""), 0);
	machine_snap_take(&a, &f);
	for (int i = 0; i < 1000000; i++)
		x += i;
	machine_snap_take(&b, &f);
	assert_true(a.stat_known);
	assert_true(b.wall_s > a.wall_s);
	assert_true(b.own_cpu_s > a.own_cpu_s);
	assert_true(b.busy_ticks >= a.busy_ticks);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cpus_from_a_list),
		cmocka_unit_test(cpus_of_this_process),
		cmocka_unit_test(quota_without_cgroup_files),
		cmocka_unit_test(facts_refuse_a_long_root),
		cmocka_unit_test(quota_v2_max_is_none),
		cmocka_unit_test(quota_v2_nested_parent),
		cmocka_unit_test(quota_v2_nested_child),
		cmocka_unit_test(quota_v1_unlimited),
		cmocka_unit_test(quota_v1_fraction),
		cmocka_unit_test(quota_v1_container_falls_back_to_the_mount),
		cmocka_unit_test(stat_sums_the_mask_only),
		cmocka_unit_test(throttled_time_v1_and_v2),
		cmocka_unit_test(load_from_two_readings),
		cmocka_unit_test(load_throttled_under_a_quota),
		cmocka_unit_test(load_stop_less_throttling),
		cmocka_unit_test(load_quota_with_a_neighbour),
		cmocka_unit_test(snap_of_this_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
