/* test_sweep: the sweep's lists, its statistics, a child's JSON, and children that fail. */
#include "testutil.h"

#include "options.h"
#include "sweep/sweep.h"
#include "sweep/sweep_grid.h"
#include "sweep/sweep_run.h"
#include "sweep/sweep_stats.h"

/* Parse a --pool list; the values as "1 2 4", or the error. */
static int
pools(const char *s, char *got, size_t len)
{
	uint64_t *v = (uint64_t *)&v;	/* not NULL, to see it cleared */
	size_t n = 99, used = 0;
	char err[512];
	int rc;

	rc = sweep_list_parse("--pool", s, 1, OPT_POOL_MAX, &v, &n, err,
	    sizeof(err));
	if (rc != 0) {
		assert_null(v);
		assert_int_equal(n, 0);
		snprintf(got, len, "%s", err);
		return rc;
	}
	got[0] = '\0';
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(got + used, len - used, "%s%llu",
		    i ? " " : "", (unsigned long long)v[i]);
	free(v);
	return 0;
}

#define ACCEPTS(s, want) do {						\
	char got_[512];							\
									\
	if (pools((s), got_, sizeof(got_)) != 0)			\
		fail_msg("'%s' refused: %s", (s), got_);		\
	assert_string_equal(got_, (want));				\
} while (0)

#define REFUSES(s, want) do {						\
	char got_[512];							\
									\
	if (pools((s), got_, sizeof(got_)) == 0)			\
		fail_msg("'%s' accepted as %s", (s), got_);		\
	assert_string_equal(got_, (want));				\
} while (0)

static void
lists_ranges_and_mixes(void **state)
{
	(void)state;
	ACCEPTS("4", "4");
	ACCEPTS("1,2,4", "1 2 4");
	ACCEPTS("1-8", "1 2 3 4 5 6 7 8");
	ACCEPTS("1,2,4-6", "1 2 4 5 6");
	ACCEPTS("8,1,4", "1 4 8");
	ACCEPTS("3-3", "3");
	ACCEPTS("1024,1", "1 1024");
	ACCEPTS("010", "10");
}

#define EXPECTED "(expected values such as 1,2,4, a range such as 1-8, or both)"

static void
malformed_lists_are_refused_precisely(void **state)
{
	(void)state;
	REFUSES("", "--pool '': empty list " EXPECTED);
	REFUSES("1,,2", "--pool '1,,2': empty item " EXPECTED);
	REFUSES(",1", "--pool ',1': empty item " EXPECTED);
	REFUSES("1,", "--pool '1,': empty item " EXPECTED);
	REFUSES("8-1", "--pool '8-1': range '8-1' runs downwards (expected "
	    "low-high, such as 1-8)");
	REFUSES("a", "--pool 'a': not a whole number (expected 1 to 1024)");
	REFUSES("1,a,3", "--pool '1,a,3': item 'a': not a whole number "
	    "(expected 1 to 1024)");
	REFUSES("1-", "--pool '1-': item '1-' is neither a number nor a "
	    "low-high range " EXPECTED);
	REFUSES("-3", "--pool '-3': item '-3' is neither a number nor a "
	    "low-high range " EXPECTED);
	REFUSES("1-2-3", "--pool '1-2-3': item '1-2-3' is neither a number nor "
	    "a low-high range " EXPECTED);
	REFUSES("1, 2", "--pool '1, 2': item ' 2': not a whole number "
	    "(expected 1 to 1024)");
	REFUSES("0", "--pool '0': out of range (expected 1 to 1024)");
	REFUSES("1-2000", "--pool '1-2000': item '2000': out of range "
	    "(expected 1 to 1024)");
	REFUSES("99999999999999999999", "--pool '99999999999999999999': out "
	    "of range (expected 1 to 1024)");
	REFUSES("1,2,1", "--pool '1,2,1': 1 appears twice (expected each "
	    "value once)");
	REFUSES("1-4,3", "--pool '1-4,3': 3 appears twice (expected each "
	    "value once)");
}

static void
calls_may_be_zero_and_lists_are_capped(void **state)
{
	uint64_t *v;
	size_t n;
	char err[256];

	(void)state;
	assert_int_equal(sweep_list_parse("--calls", "0-9999", 0, OPT_CALLS_MAX,
	    &v, &n, err, sizeof(err)), 0);
	assert_int_equal(n, SWEEP_RUNS_MAX);
	assert_int_equal(v[0], 0);
	assert_int_equal(v[n - 1], 9999);
	free(v);
	assert_int_equal(sweep_list_parse("--calls", "0-10000", 0, OPT_CALLS_MAX,
	    &v, &n, err, sizeof(err)), -1);
	assert_string_equal(err, "--calls '0-10000': more than 10000 values "
	    "(expected at most 10000)");
	assert_int_equal(sweep_list_parse("--calls", "5,0-1000000", 0,
	    OPT_CALLS_MAX, &v, &n, err, sizeof(err)), -1);
	assert_string_equal(err, "--calls '5,0-1000000': more than 10000 "
	    "values (expected at most 10000)");
	assert_int_equal(sweep_list_parse("--calls", "1000001", 0,
	    OPT_CALLS_MAX, &v, &n, err, sizeof(err)), -1);
	assert_string_equal(err, "--calls '1000001': out of range (expected "
	    "0 to 1000000)");
}

static void
grid_holds_at_most_10000_runs(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(sweep_grid_check(100, 100, 1, err, sizeof(err)), 0);
	assert_int_equal(sweep_grid_check(1, 1, 100, err, sizeof(err)), 0);
	assert_int_equal(sweep_grid_check(100, 100, 2, err, sizeof(err)), -1);
	assert_string_equal(err, "the sweep is too large: 100 pool sizes x 100 "
	    "call counts x 2 runs each = 20000 runs (expected at most 10000)");
	assert_int_equal(sweep_grid_check(10000, 1, 2, err, sizeof(err)), -1);
	assert_string_equal(err, "the sweep is too large: 10000 pool sizes x 1 "
	    "call count x 2 runs each = 20000 runs (expected at most 10000)");
	assert_int_equal(sweep_grid_check(1024, 10, 1, err, sizeof(err)), -1);
	assert_string_equal(err, "the sweep is too large: 1024 pool sizes x 10 "
	    "call counts x 1 run each = 10240 runs (expected at most 10000)");
}

static void
expected_waves_use_the_smaller_of_pool_and_cpus(void **state)
{
	(void)state;
	assert_int_equal(sweep_expected_waves(8, 1, 2), 8);
	assert_int_equal(sweep_expected_waves(8, 2, 2), 4);
	assert_int_equal(sweep_expected_waves(8, 4, 2), 4);
	assert_int_equal(sweep_expected_waves(3, 4, 2), 2);
	assert_int_equal(sweep_expected_waves(9, 4, 16), 3);
	assert_int_equal(sweep_expected_waves(8, 8, 16), 1);
	assert_int_equal(sweep_expected_waves(0, 4, 2), 0);
	assert_int_equal(sweep_expected_waves(1000000, 1024, 1024), 977);
}

/* A child's document, as poolviz --no-sync --format json writes it, cut down. */
static const char child_json[] =
"{\"tool\": \"poolviz\", \"version\": \"0.1.0\", \"schema\": 1,\n"
" \"config\": {\"calls\": 3, \"pool\": 2, \"iterations\": 20000,\n"
"   \"keylen\": 512, \"digest\": \"sha512\", \"sync\": false,\n"
"   \"scenario\": \"article\"},\n"
" \"machine\": {\"cpus\": 2, \"libuv\": \"1.44.2\",\n"
"   \"openssl\": \"OpenSSL 3.0.11 19 Sep 2023\"},\n"
" \"lines\": [], \"sync\": null,\n"
" \"tasks\": [\n"
"  {\"id\": 1, \"worker\": 1, \"cpu_ms\": 88.5},\n"
"  {\"id\": 2, \"worker\": 2, \"cpu_ms\": 91.25},\n"
"  {\"id\": 3, \"worker\": 1, \"cpu_ms\": 89}],\n"
" \"summary\": {\"sync_ms\": 0.0, \"makespan_ms\": 181.224,\n"
"   \"mean_task_ms\": 88.799, \"parallelism\": 1.5, \"expected_waves\": 2,\n"
"   \"max_lag_ms\": 3.185}}\n";

static int
parse_child(const char *json, unsigned pool, uint64_t calls,
    struct sweep_run *run, struct sweep_machine *m, char *err, size_t len)
{
	return sweep_child_parse(json, strlen(json), pool, calls, run, m, err,
	    len);
}

/* child_json with one substring replaced; the caller frees it. */
static char *
edited(const char *from, const char *to)
{
	const char *at = strstr(child_json, from);
	char *s;

	assert_non_null(at);
	s = malloc(sizeof(child_json) + strlen(to));
	assert_non_null(s);
	sprintf(s, "%.*s%s%s", (int)(at - child_json), child_json, to,
	    at + strlen(from));
	return s;
}

static void
child_json_is_read(void **state)
{
	struct sweep_run run;
	struct sweep_machine m;
	char err[256], *s;

	(void)state;
	assert_int_equal(parse_child(child_json, 2, 3, &run, &m, err,
	    sizeof(err)), 0);
	assert_near(run.makespan_ms, 181.224, 1e-9);
	assert_near(run.parallelism, 1.5, 0);
	assert_near(run.one_hash_ms, 89, 0);	/* the median of 88.5, 89, 91.25 */
	assert_int_equal(m.cpus, 2);
	assert_string_equal(m.libuv, "1.44.2");
	assert_string_equal(m.openssl, "OpenSSL 3.0.11 19 Sep 2023");

	/* A hash that never ran (worker 0) is no measure of one hash. */
	s = edited("{\"id\": 2, \"worker\": 2", "{\"id\": 2, \"worker\": 0");
	assert_int_equal(parse_child(s, 2, 3, &run, &m, err, sizeof(err)), 0);
	assert_near(run.one_hash_ms, 88.75, 1e-12);
	free(s);
}

/*
 * A child's load: others past a quarter of a CPU disturb a run, and so
 * does a stop of the child while its pool worked, on a quiet machine.
 */
static void
child_load_disturbs(void **state)
{
	static const char *const loads[][2] = {
		{ "\"other_cpus\": 0.1, \"available_cpus\": 1.9", "quiet" },
		{ "\"other_cpus\": 0.1, \"available_cpus\": 1.9, "
		    "\"stopped_ms\": null", "quiet" },
		{ "\"other_cpus\": 0.1, \"available_cpus\": 1.9, "
		    "\"stopped_ms\": 0", "quiet" },
		{ "\"other_cpus\": 1.1, \"available_cpus\": 0.9", "busy" },
		{ "\"other_cpus\": 0.0, \"available_cpus\": 2, "
		    "\"stopped_ms\": 3008.5", "stopped" },
	};
	struct sweep_run run;
	struct sweep_machine m;
	char err[256], to[256], *s;

	(void)state;
	for (size_t i = 0; i < sizeof(loads) / sizeof(loads[0]); i++) {
		snprintf(to, sizeof(to), "\"max_lag_ms\": 3.185}, \"load\": {%s}",
		    loads[i][0]);
		s = edited("\"max_lag_ms\": 3.185}", to);
		assert_int_equal(parse_child(s, 2, 3, &run, &m, err,
		    sizeof(err)), 0);
		assert_true(run.load_known);
		assert_int_equal(run.disturbed, strcmp(loads[i][1], "quiet") != 0);
		free(s);
	}
}

/*
 * Re-runs: a disturbed run is made again up to SWEEP_REDO_MAX times; once
 * one stayed disturbed through them all, the load is steady and later
 * runs are kept as they come, until a quiet run makes spells passing again.
 */
static void
redo_only_while_the_load_passes(void **state)
{
	struct sweep_redo r = { 0 };
	unsigned made = 0;

	(void)state;
	/* A spell: disturbed, then quiet on its first re-run. */
	assert_true(sweep_redo(&r, true));
	assert_false(sweep_redo(&r, false));
	/* A steady load: three runs for the first point, one for each after. */
	for (unsigned point = 0; point < 4; point++) {
		while (sweep_redo(&r, true))
			made++;
	}
	assert_int_equal(made, SWEEP_REDO_MAX);
	assert_true(r.steady);
	/* The load goes: a quiet run; the next spell is made again. */
	assert_false(sweep_redo(&r, false));
	assert_false(r.steady);
	assert_true(sweep_redo(&r, true));
	assert_true(sweep_redo(&r, true));
	assert_false(sweep_redo(&r, true));
	/* A run re-run once, then kept quiet, leaves no steady load. */
	r = (struct sweep_redo){ 0 };
	assert_true(sweep_redo(&r, true));
	assert_false(sweep_redo(&r, false));
	assert_false(r.steady);
	assert_true(sweep_redo(&r, true));
}

/* The error is want, or with a trailing '*', starts with it (jansson's words vary). */
static void
assert_message(const char *got, const char *want)
{
	size_t n = strlen(want);

	if (n > 0 && want[n - 1] == '*') {
		if (strncmp(got, want, n - 1) != 0)
			fail_msg("\"%s\" does not start with \"%.*s\"", got,
			    (int)n - 1, want);
		return;
	}
	assert_string_equal(got, want);
}

#define CHILD_REFUSED(json, pool, calls, want) do {			\
	struct sweep_run r_;						\
	struct sweep_machine m_;					\
	char e_[256];							\
									\
	assert_int_equal(parse_child((json), (pool), (calls), &r_, &m_,	\
	    e_, sizeof(e_)), -1);					\
	assert_message(e_, (want));					\
} while (0)

static void
other_output_is_refused(void **state)
{
	char *s;

	(void)state;
	CHILD_REFUSED(child_json, 4, 3, "the child ran pool 2, calls 3 instead");
	CHILD_REFUSED(child_json, 2, 8, "the child ran pool 2, calls 3 instead");
	CHILD_REFUSED("", 2, 3, "the child's output is not JSON: *");
	CHILD_REFUSED("{\"tool\":", 2, 3, "the child's output is not JSON: *");
	CHILD_REFUSED("{\"tool\": \"poolviz\", \"schema\": 1} x", 2, 3,
	    "the child's output is not JSON: *");
	CHILD_REFUSED("{\"tool\": \"poolviz\", \"schema\": 1}", 2, 3,
	    "the child's output is not poolviz's JSON: *");
	s = edited("\"tool\": \"poolviz\"", "\"tool\": \"other\"");
	CHILD_REFUSED(s, 2, 3, "the child's output is not poolviz's JSON of "
	    "schema 1");
	free(s);
	s = edited("\"schema\": 1", "\"schema\": 2");
	CHILD_REFUSED(s, 2, 3, "the child's output is not poolviz's JSON of "
	    "schema 1");
	free(s);
	s = edited("\"makespan_ms\": 181.224", "\"makespan_ms\": \"x\"");
	CHILD_REFUSED(s, 2, 3, "the child's output is not poolviz's JSON: *");
	free(s);
	s = edited("  {\"id\": 2, \"worker\": 2, \"cpu_ms\": 91.25},\n", "");
	CHILD_REFUSED(s, 2, 3, "the child's output is not poolviz's JSON: "
	    "tasks does not hold one task per call");
	free(s);
	s = edited("\"cpu_ms\": 89}", "\"cpu\": 89}");
	CHILD_REFUSED(s, 2, 3, "the child's output is not poolviz's JSON: "
	    "task 3: *");
	free(s);
	s = edited("\"lines\": []", "\"interrupted\": true, \"lines\": []");
	CHILD_REFUSED(s, 2, 3, "the child's run was interrupted");
	free(s);
	s = edited("\"cpus\": 2", "\"cpus\": 0");
	CHILD_REFUSED(s, 2, 3, "the child's output is not poolviz's JSON: "
	    "machine.cpus is out of range");
	free(s);
}

static void
a_point_takes_medians(void **state)
{
	struct sweep_run runs[] = {
		{ 400, 1.9, 100, false, 0, 0, false, -1, -1 },
		{ 380, 2.0, 96, false, 0, 0, false, -1, -1 },
		{ 900, 0.9, 104, false, 0, 0, false, -1, -1 },
	};
	struct sweep_point p;
	double ratio;

	(void)state;
	sweep_point_make(&p, 4, 8, 2, runs, 3);
	assert_int_equal(p.pool, 4);
	assert_int_equal(p.calls, 8);
	assert_int_equal(p.runs, 3);
	assert_near(p.makespan_ms, 400, 0);	/* the outlier 900 is ignored */
	assert_near(p.parallelism, 1.9, 0);
	assert_near(p.one_hash_ms, 100, 0);
	assert_int_equal(p.expected_waves, 4);
	assert_true(p.has_speedup);
	assert_near(p.speedup, 8 * 100 / 400.0, 1e-12);
	assert_near(sweep_predicted_ms(&p), 400, 0);
	assert_true(sweep_ratio(&p, &ratio));
	assert_near(ratio, 1, 1e-12);

	sweep_point_make(&p, 1, 8, 2, runs, 2);
	assert_near(p.makespan_ms, 390, 0);
	assert_near(p.one_hash_ms, 98, 0);
	assert_int_equal(p.expected_waves, 8);
	assert_near(sweep_predicted_ms(&p), 784, 0);
	assert_true(sweep_ratio(&p, &ratio));
	assert_near(ratio, 390 / 784.0, 1e-12);
}

static void
no_hash_no_speedup_no_ratio(void **state)
{
	struct sweep_run zero = { 0, 0, 0, false, 0, 0, false, -1, -1 };
	struct sweep_point p;
	double ratio = -1;

	(void)state;
	sweep_point_make(&p, 2, 0, 2, &zero, 1);
	assert_false(p.has_speedup);
	assert_int_equal(p.expected_waves, 0);
	assert_false(sweep_ratio(&p, &ratio));
	assert_near(ratio, -1, 0);
}

static void
the_law_finds_the_worst_point(void **state)
{
	struct sweep_config cfg = { .repeat = 1 };
	struct sweep_point pts[4];
	struct sweep_result r = { .config = &cfg, .machine = { .cpus = 2 },
	    .points = pts, .npoints = 4 };
	struct sweep_run runs[] = {
		{ 0, 0, 0, false, 0, 0, false, -1, -1 },	/* calls 0: no prediction */
		{ 404, 1, 101, false, 0, 0, false, -1, -1 },	/* pool 1, calls 4: 1.00 */
		{ 230, 1.9, 100, false, 0, 0, false, -1, -1 },	/* pool 2, calls 4: 1.15 */
		{ 190, 1.9, 99, false, 0, 0, false, -1, -1 },	/* pool 4, calls 4: 0.96 */
	};
	struct sweep_law law;

	(void)state;
	sweep_point_make(&pts[0], 1, 0, 2, &runs[0], 1);
	sweep_point_make(&pts[1], 1, 4, 2, &runs[1], 1);
	sweep_point_make(&pts[2], 2, 4, 2, &runs[2], 1);
	sweep_point_make(&pts[3], 4, 4, 2, &runs[3], 1);
	sweep_law(&r, &law);
	assert_int_equal(law.compared, 3);
	assert_near(law.min_ratio, 190 / 198.0, 1e-12);
	assert_near(law.max_ratio, 1.15, 1e-12);
	assert_int_equal(law.worst, 2);
	assert_near(law.worst_ratio, 1.15, 1e-12);
	assert_near(law.min_t_ms, 99, 0);
	assert_near(law.max_t_ms, 101, 0);

	r.npoints = 1;
	sweep_law(&r, &law);
	assert_int_equal(law.compared, 0);
}

/* The runner with programs that are not poolviz: each failure says which point. */
static void
run_with(const char *exe, enum sweep_status want, const char *want_err)
{
	uint64_t pool_list[] = { 1, 2 }, calls_list[] = { 3 };
	struct sweep_config cfg = {
		.pools = pool_list, .npools = 2, .calls = calls_list, .ncalls = 1,
		.repeat = 1, .work = { .kind = WORK_PBKDF2, .iterations = 1,
		.keylen = 1, .digest = "sha512", .password = "", .salt = "" },
	};
	struct sweep_result res;
	char err[512] = "";
	int signum = -1;

	assert_int_equal(sweep_run(&res, &cfg, exe, NULL, NULL, &signum, err,
	    sizeof(err)), want);
	assert_int_equal(signum, 0);
	assert_null(res.points);
	assert_int_equal(res.npoints, 0);
	assert_message(err, want_err);
}

static void
failing_children_are_reported(void **state)
{
	(void)state;
	run_with("/bin/false", SWEEP_FAILED, "pool 1, calls 3: the child exited "
	    "with status 1 and wrote nothing on stderr");
	run_with("/bin/true", SWEEP_FAILED, "pool 1, calls 3: the child's output "
	    "is not JSON: *");
	run_with("/nonexistent/poolviz", SWEEP_FAILED, "pool 1, calls 3: cannot "
	    "run '/nonexistent/poolviz': no such file or directory");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lists_ranges_and_mixes),
		cmocka_unit_test(malformed_lists_are_refused_precisely),
		cmocka_unit_test(calls_may_be_zero_and_lists_are_capped),
		cmocka_unit_test(grid_holds_at_most_10000_runs),
		cmocka_unit_test(expected_waves_use_the_smaller_of_pool_and_cpus),
		cmocka_unit_test(child_json_is_read),
		cmocka_unit_test(child_load_disturbs),
		cmocka_unit_test(redo_only_while_the_load_passes),
		cmocka_unit_test(other_output_is_refused),
		cmocka_unit_test(a_point_takes_medians),
		cmocka_unit_test(no_hash_no_speedup_no_ratio),
		cmocka_unit_test(the_law_finds_the_worst_point),
		cmocka_unit_test(failing_children_are_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
