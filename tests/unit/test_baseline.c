/* test_baseline: normalised metrics, their file, and the comparison. */
#include <unistd.h>

#include "testutil.h"
#include "fixtures.h"

#include "report/baseline.h"
#include "report/check.h"
#include "render/render_report.h"

static void
from_article(struct baseline *b, struct record *r)
{
	struct stats st;

	fx_article(r);
	assert_int_equal(stats_compute(&st, r, 1), 0);
	baseline_from(b, r, &st);
}

/*
 * The article: T 640.871 ms (CPU), 2 waves, 2 lanes (min of pool 4, cpus 2,
 * calls 4), each hash sharing a CPU with another (4 busy on 2 CPUs). A
 * wave is a pooled hash's CPU time, cpu / 4, a little over T.
 */
static void
metrics_are_ratios(void **state)
{
	struct record r;
	struct baseline b;
	double span = (1931006 - 641587) / 1000.0;
	double cpu = (641012 + 640554 + 642210 + 641873) / 1000.0;
	double mean = (1283723 + 1280266 + 1289356 + 1286738) / 4000.0;

	(void)state;
	from_article(&b, &r);
	assert_near(b.m[BASE_MAKESPAN_PER_WAVE], 1289.782 / (2 * cpu / 4),
	    1e-9);
	assert_near(b.m[BASE_PARALLELISM_PER_LANE], cpu / span / 2, 1e-9);
	assert_near(b.m[BASE_MEAN_TASK_PER_HASH], mean / (cpu / 4 * 2), 1e-9);
	assert_near(b.m[BASE_MAX_LAG_MS], 0.081, 1e-9);
	assert_int_equal(b.cpus, 2);
	record_free(&r);
}

/*
 * Beside a neighbour the blocking hash cost 1.3 times a pooled one (seen:
 * 545 ms of CPU against 426): the metrics still divide by what a pooled
 * hash cost, so the same pool reads the same, not 23% better; the bound's
 * T' stays at least T. Past 1.5 times, T / 1.5 caps it.
 */
static void
metrics_divide_by_a_pooled_hash(void **state)
{
	struct record r;
	struct stats st;
	struct baseline quiet, beside, far;
	double cpu = (641012 + 640554 + 642210 + 641873) / 4000.0;

	(void)state;
	from_article(&quiet, &r);
	record_free(&r);
	fx_article(&r);
	r.sync.cpu_us = (int64_t)(cpu * 1300);
	assert_int_equal(stats_compute(&st, &r, 1), 0);
	baseline_from(&beside, &r, &st);
	assert_near(check_pooled_hash_ms(&r, 1, cpu * 1.3), cpu, 1e-9);
	assert_near(check_wave_hash_ms(&r, 1, cpu * 1.3), cpu * 1.3, 1e-9);
	for (int m = BASE_MAKESPAN_PER_WAVE; m <= BASE_MEAN_TASK_PER_HASH; m++)
		assert_near(beside.m[m], quiet.m[m], 1e-9);
	record_free(&r);
	fx_article(&r);
	r.sync.cpu_us = (int64_t)(cpu * 2000);
	assert_int_equal(stats_compute(&st, &r, 1), 0);
	baseline_from(&far, &r, &st);
	assert_near(check_pooled_hash_ms(&r, 1, cpu * 2), cpu * 2 / 1.5, 1e-9);
	assert_true(far.m[BASE_MAKESPAN_PER_WAVE] <
	    quiet.m[BASE_MAKESPAN_PER_WAVE]);
	record_free(&r);
}

static void
compare_directions_and_lag_floor(void **state)
{
	struct baseline base, now;
	struct baseline_row rows[BASE_COUNT];

	(void)state;
	memset(&base, 0, sizeof(base));
	base.m[BASE_MAKESPAN_PER_WAVE] = 1.0;
	base.m[BASE_PARALLELISM_PER_LANE] = 1.0;
	base.m[BASE_MEAN_TASK_PER_HASH] = 1.0;
	base.m[BASE_MAX_LAG_MS] = 0.1;
	now = base;
	assert_int_equal(baseline_compare(&base, &now, 25, 6.25, rows), 0);
	for (int m = 0; m < BASE_COUNT; m++)
		assert_int_equal(rows[m].verdict, BASE_VERDICT_OK);

	now.m[BASE_MAKESPAN_PER_WAVE] = 1.3;	/* slower: worse */
	now.m[BASE_PARALLELISM_PER_LANE] = 0.7;	/* fewer at once: worse */
	now.m[BASE_MEAN_TASK_PER_HASH] = 0.7;	/* faster: better */
	now.m[BASE_MAX_LAG_MS] = 6.0;		/* 5900% more, but still prompt */
	assert_int_equal(baseline_compare(&base, &now, 25, 6.25, rows), 2);
	assert_int_equal(rows[BASE_MAKESPAN_PER_WAVE].verdict, BASE_VERDICT_REGRESSED);
	assert_near(rows[BASE_MAKESPAN_PER_WAVE].change_pct, 30, 1e-9);
	assert_int_equal(rows[BASE_PARALLELISM_PER_LANE].verdict, BASE_VERDICT_REGRESSED);
	assert_int_equal(rows[BASE_MEAN_TASK_PER_HASH].verdict, BASE_VERDICT_BETTER);
	assert_int_equal(rows[BASE_MAX_LAG_MS].verdict, BASE_VERDICT_OK);
	now.m[BASE_MAX_LAG_MS] = 6.5;	/* over the prompt bound */
	assert_int_equal(baseline_compare(&base, &now, 25, 6.25, rows), 3);
	assert_int_equal(rows[BASE_MAX_LAG_MS].verdict, BASE_VERDICT_REGRESSED);

	/* Prompt then and prompt now: 8.4 ms to 4 ms is noise, not better. */
	base.m[BASE_MAX_LAG_MS] = 8.4;
	now = base;
	now.m[BASE_MAX_LAG_MS] = 4.0;
	assert_int_equal(baseline_compare(&base, &now, 25, 10, rows), 0);
	assert_int_equal(rows[BASE_MAX_LAG_MS].verdict, BASE_VERDICT_OK);
	/* A lag that was over the bound and is now under it is better. */
	base.m[BASE_MAX_LAG_MS] = 40;
	assert_int_equal(baseline_compare(&base, &now, 25, 10, rows), 0);
	assert_int_equal(rows[BASE_MAX_LAG_MS].verdict, BASE_VERDICT_BETTER);
}

static char *
write_tmp(const char *text)
{
	static char path[] = "/tmp/poolviz-test-baseline-XXXXXX";
	int fd;

	strcpy(path, "/tmp/poolviz-test-baseline-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* What --save-baseline writes, baseline_read reads back. */
static void
file_round_trip(void **state)
{
	struct record r;
	struct stats st;
	struct baseline b, back;
	struct report rp;
	char *buf = NULL, *path, err[512];
	size_t len = 0;
	FILE *f;

	(void)state;
	from_article(&b, &r);
	assert_int_equal(stats_compute(&st, &r, 1), 0);
	memset(&rp, 0, sizeof(rp));
	rp.runs = &r;
	rp.nruns = 1;
	rp.stats = &st;
	rp.now = &b;
	rp.include_baseline = true;
	f = open_memstream(&buf, &len);
	assert_int_equal(render_report_json_file(f, &rp), 0);
	fclose(f);
	path = write_tmp(buf);
	assert_int_equal(baseline_read(&back, path, err, sizeof(err)), 0);
	unlink(path);
	for (int m = 0; m < BASE_COUNT; m++)
		assert_near(back.m[m], b.m[m], 1e-12);
	assert_int_equal(back.cpus, 2);
	assert_int_equal(baseline_matches(&back, &r.config, err, sizeof(err)), 0);
	r.config.pool = 8;
	assert_int_equal(baseline_matches(&back, &r.config, err, sizeof(err)), -1);
	assert_string_equal(err, "--baseline: it was recorded with --pool 4, this "
	    "run has --pool 8 (a baseline applies to the same calls, pool, "
	    "iterations, keylen, digest, blocking hash and scenario)");
	r.config.pool = 4;
	r.config.sync = false;
	assert_int_equal(baseline_matches(&back, &r.config, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "recorded with the blocking hash on, this "
	    "run has the blocking hash off (--no-sync)"));
	free(buf);
	record_free(&r);
}

/*
 * A baseline says which hash its makespan_per_wave divides by: T' now,
 * T before there was T'. A comparison with an older one divides by T
 * again, or the pooled hashes' extra cost would read as "better".
 */
static void
wave_hash_follows_the_baseline(void **state)
{
	static const char old[] = "{\"tool\": \"poolviz\", \"version\": \"0.1.0\", \"schema\": 1, "
	    "\"config\": {\"calls\": 4, \"pool\": 4, \"iterations\": 100000, "
	    "\"keylen\": 64, \"digest\": \"sha512\", \"sync\": true, "
	    "\"scenario\": \"article\"}, \"baseline\": {\"cpus\": 2, "
	    "\"makespan_per_wave\": 1, \"parallelism_per_lane\": 1, "
	    "\"mean_task_per_hash\": 1, \"max_lag_ms\": 1}}";
	struct record r;
	struct baseline b, now;
	struct stats st;
	char err[512], *text;
	json_t *o;
	double cpu = (641012 + 640554 + 642210 + 641873) / 4000.0;

	(void)state;
	assert_int_equal(baseline_parse(&b, "old", old, strlen(old), err,
	    sizeof(err)), 0);
	assert_false(b.wave_pooled);
	fx_article(&r);
	assert_int_equal(stats_compute(&st, &r, 1), 0);
	baseline_from_avail(&now, &r, 1, &st, 2, b.wave_pooled);
	assert_near(now.m[BASE_MAKESPAN_PER_WAVE], 1289.782 / (2 * 640.871),
	    1e-9);
	baseline_from_avail(&now, &r, 1, &st, 2, true);
	assert_near(now.m[BASE_MAKESPAN_PER_WAVE], 1289.782 / (2 * cpu), 1e-9);
	/* What --save-baseline writes says so, and reads back so. */
	assert_non_null(o = baseline_json(&now));
	assert_string_equal(json_string_value(json_object_get(o, "wave_hash")),
	    "pooled");
	text = json_dumps(o, 0);
	json_decref(o);
	assert_non_null(strstr(text, "\"wave_hash\": \"pooled\""));
	free(text);
	assert_int_equal(asprintf(&text, "%.*s, \"wave_hash\": \"pooled\"}}",
	    (int)(strlen(old) - 2), old) > 0, 1);
	assert_int_equal(baseline_parse(&b, "new", text, strlen(text), err,
	    sizeof(err)), 0);
	assert_true(b.wave_pooled);
	free(text);
	record_free(&r);
}

/* A baseline names its work; one from before there were works is pbkdf2's. */
static void
work_must_match(void **state)
{
	static const char old[] = "{\"tool\": \"poolviz\", \"version\": \"0.1.0\", \"schema\": 1, "
	    "\"config\": {\"calls\": 4, \"pool\": 4, \"iterations\": 100000, "
	    "\"keylen\": 64, \"digest\": \"sha512\", \"sync\": true, "
	    "\"scenario\": \"article\"}, \"baseline\": {\"cpus\": 2, "
	    "\"makespan_per_wave\": 1, \"parallelism_per_lane\": 1, "
	    "\"mean_task_per_hash\": 1, \"max_lag_ms\": 1}}";
	struct record r;
	struct baseline b;
	struct work_params p;
	char err[512];

	(void)state;
	fx_article(&r);
	assert_int_equal(baseline_parse(&b, "old", old, strlen(old), err,
	    sizeof(err)), 0);
	assert_string_equal(b.config.work.name, "pbkdf2");
	if (baseline_matches(&b, &r.config, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	work_params_defaults(&p);
	p.kind = WORK_DEFLATE;
	work_describe(&p, &r.config.work);
	assert_int_equal(baseline_matches(&b, &r.config, err, sizeof(err)), -1);
	assert_string_equal(err, "--baseline: it was recorded with --work pbkdf2, "
	    "this run has --work deflate (a baseline applies to the same work)");
	/* The same work with other parameters: the first that differs is named. */
	b.config.work = r.config.work;
	p.level = 1;
	work_describe(&p, &r.config.work);
	assert_int_equal(baseline_matches(&b, &r.config, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "recorded with --level 6, this run has "
	    "--level 1 (a baseline applies to the same calls, pool, size, level, "
	    "blocking hash and scenario)"));
	p.kind = WORK_SCRYPT;
	b.config.work.params[0].n = 0;
	work_describe(&p, &b.config.work);
	p.scrypt_n = 1024;
	work_describe(&p, &r.config.work);
	assert_int_equal(baseline_matches(&b, &r.config, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--scrypt-n 16384, this run has --scrypt-n 1024"));
	record_free(&r);
}

static void
malformed_files_are_refused(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "[]", "not a poolviz baseline (expected a file --save-baseline wrote)" },
		{ "{\"tool\": \"poolviz\", \"version\": \"0.1.0\", \"schema\": 2}", "expected schema 1" },
		{ "{\"tool\": \"poolviz\", \"schema\": 1}", "its version is missing or not a string" },
		{ "{\"tool\": \"poolviz\", \"version\": null}", "its version is missing or not a string" },
		{ "{\"tool\": \"poolviz\", \"version\": 42}", "its version is missing or not a string" },
		{ "{\"tool\": \"poolviz\", \"version\": \"0.1.0\", \"schema\": 1}", "missing or malformed" },
		{ "{\"tool\": \"poolviz\", \"version\": \"0.1.0\", \"schema\": 1, \"config\": {\"calls\": 4, "
		  "\"pool\": 0, \"iterations\": 1, \"keylen\": 1, \"digest\": \"sha1\", "
		  "\"scenario\": \"article\"}, \"baseline\": {}}", "missing or malformed" },
		{ "{\"tool\": \"poolviz\", \"tool\": \"x\"}", "cannot read it" },
		{ "{", "cannot read it" },
	};
	struct baseline b;
	char err[512], *path;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		path = write_tmp(cases[i].text);
		assert_int_equal(baseline_read(&b, path, err, sizeof(err)), -1);
		unlink(path);
		if (strstr(err, cases[i].want) == NULL)
			fail_msg("case %zu: got \"%s\"", i, err);
		/* The same bytes from memory give the same answer. */
		assert_int_equal(baseline_parse(&b, "mem", cases[i].text,
		    strlen(cases[i].text), err, sizeof(err)), -1);
		if (strstr(err, cases[i].want) == NULL ||
		    strncmp(err, "--baseline 'mem': ", 18) != 0)
			fail_msg("case %zu from memory: got \"%s\"", i, err);
	}
}

/* A baseline document of calls 4 with the four metrics given as text. */
static int
parse_metrics(struct baseline *b, const char *calls, const char *digest,
    const char *m, char *err, size_t errlen)
{
	char doc[1024];

	snprintf(doc, sizeof(doc), "{\"tool\": \"poolviz\", \"version\": \"0.1.0\", \"schema\": 1, "
	    "\"config\": {\"calls\": %s, \"pool\": 4, \"iterations\": 100000, "
	    "\"keylen\": 64, \"digest\": \"%s\", \"sync\": true, "
	    "\"scenario\": \"article\"}, \"baseline\": {\"cpus\": 2, %s}}",
	    calls, digest, m);
	return baseline_parse(b, "mem", doc, strlen(doc), err, errlen);
}

/*
 * Every metric is a ratio or a time of hashes that ran: zero (but for a
 * run of no calls), negative, or outside [1e-6, 1e6] is no baseline: a
 * tiny one would make a change of +inf%.
 */
static void
implausible_metrics_are_refused(void **state)
{
	static const char *const bad[] = {
		"\"makespan_per_wave\": 0, \"parallelism_per_lane\": 1, "
		"\"mean_task_per_hash\": 1, \"max_lag_ms\": 1",
		"\"makespan_per_wave\": 1, \"parallelism_per_lane\": 1, "
		"\"mean_task_per_hash\": 1, \"max_lag_ms\": 0.0",
		"\"makespan_per_wave\": 1e-308, \"parallelism_per_lane\": 1, "
		"\"mean_task_per_hash\": 1, \"max_lag_ms\": 1",
		"\"makespan_per_wave\": 1, \"parallelism_per_lane\": 1, "
		"\"mean_task_per_hash\": 1e-300, \"max_lag_ms\": 1",
		"\"makespan_per_wave\": 1e308, \"parallelism_per_lane\": 1, "
		"\"mean_task_per_hash\": 1, \"max_lag_ms\": 1",
		"\"makespan_per_wave\": 1, \"parallelism_per_lane\": -1, "
		"\"mean_task_per_hash\": 1, \"max_lag_ms\": 1",
	};
	static const char zeros[] = "\"makespan_per_wave\": 0, "
	    "\"parallelism_per_lane\": 0, \"mean_task_per_hash\": 0, "
	    "\"max_lag_ms\": 0";
	static const char edges[] = "\"makespan_per_wave\": 1e6, "
	    "\"parallelism_per_lane\": 1, \"mean_task_per_hash\": 1e-6, "
	    "\"max_lag_ms\": 1";
	struct baseline b;
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_metrics(&b, "4", "sha512", bad[i], err,
		    sizeof(err)), -1);
		if (strstr(err, "(expected a number from 1e-06 to 1e+06; ") == NULL)
			fail_msg("case %zu: got \"%s\"", i, err);
	}
	assert_non_null(strstr(err, "baseline.parallelism_per_lane is -1 "));
	parse_metrics(&b, "4", "sha512", bad[0], err, sizeof(err));
	assert_non_null(strstr(err, "baseline.makespan_per_wave is 0 "));
	parse_metrics(&b, "4", "sha512", bad[2], err, sizeof(err));
	assert_string_equal(err, "--baseline 'mem': baseline.makespan_per_wave "
	    "is 1e-308 (expected a number from 1e-06 to 1e+06; save one with "
	    "--save-baseline)");
	assert_int_equal(parse_metrics(&b, "0", "sha512", zeros, err,
	    sizeof(err)), 0);
	assert_int_equal(parse_metrics(&b, "4", "sha512", edges, err,
	    sizeof(err)), 0);
	/* 1e400 is not a double: jansson refuses it as it reads. */
	assert_int_equal(parse_metrics(&b, "4", "sha512", "\"makespan_per_wave\": "
	    "1e400, \"parallelism_per_lane\": 1, \"mean_task_per_hash\": 1, "
	    "\"max_lag_ms\": 1", err, sizeof(err)), -1);
}

/* More than BASELINE_FILE_MAX bytes is no baseline, whatever they hold. */
static void
large_baselines_are_refused(void **state)
{
	size_t len = BASELINE_FILE_MAX + 1;
	char *buf = malloc(len), err[512];
	struct baseline b;

	(void)state;
	assert_non_null(buf);
	memset(buf, ' ', len);
	buf[0] = '{';
	buf[len - 1] = '}';
	assert_int_equal(baseline_parse(&b, "mem", buf, len, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "--baseline 'mem': larger than 1024 KiB (a file "
	    "--save-baseline wrote is a few KiB)");
	free(buf);
}

/*
 * A change is a finite percentage, at most BASELINE_CHANGE_MAX, or NAN
 * where the now side was no number: nothing a report cannot write.
 */
static void
changes_are_bounded(void **state)
{
	struct baseline base, now;
	struct baseline_row rows[BASE_COUNT];

	(void)state;
	memset(&base, 0, sizeof(base));
	memset(&now, 0, sizeof(now));
	for (int m = 0; m < BASE_COUNT; m++) {
		base.m[m] = BASELINE_METRIC_MIN;
		now.m[m] = 1.0;
	}
	now.m[BASE_MAKESPAN_PER_WAVE] = 1e300;
	now.m[BASE_MEAN_TASK_PER_HASH] = INFINITY;
	now.m[BASE_MAX_LAG_MS] = NAN;
	baseline_compare(&base, &now, 25, 5, rows);
	assert_true(isfinite(rows[BASE_MAKESPAN_PER_WAVE].change_pct));
	assert_true(rows[BASE_MAKESPAN_PER_WAVE].change_pct <= BASELINE_CHANGE_MAX);
	assert_true(isnan(rows[BASE_MEAN_TASK_PER_HASH].change_pct));
	assert_true(isnan(rows[BASE_MAX_LAG_MS].change_pct));
	assert_near(rows[BASE_PARALLELISM_PER_LANE].change_pct,
	    (1.0 - 1e-6) / 1e-6 * 100, 1);
}

/* OpenSSL resolves SHA512 and sha512 alike, and so does a baseline. */
static void
digest_names_ignore_case(void **state)
{
	static const char m[] = "\"makespan_per_wave\": 1, "
	    "\"parallelism_per_lane\": 1, \"mean_task_per_hash\": 1, "
	    "\"max_lag_ms\": 1";
	struct record r;
	struct baseline b;
	char err[512];

	(void)state;
	fx_article(&r);
	r.config.keylen = 64;
	fx_pbkdf2(&r.config, 100000, "sha512");
	assert_int_equal(parse_metrics(&b, "4", "SHA512", m, err, sizeof(err)), 0);
	if (baseline_matches(&b, &r.config, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(parse_metrics(&b, "4", "sha256", m, err, sizeof(err)), 0);
	assert_int_equal(baseline_matches(&b, &r.config, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--digest sha256, this run has --digest sha512"));
	record_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(metrics_are_ratios),
		cmocka_unit_test(metrics_divide_by_a_pooled_hash),
		cmocka_unit_test(compare_directions_and_lag_floor),
		cmocka_unit_test(file_round_trip),
		cmocka_unit_test(work_must_match),
		cmocka_unit_test(wave_hash_follows_the_baseline),
		cmocka_unit_test(malformed_files_are_refused),
		cmocka_unit_test(implausible_metrics_are_refused),
		cmocka_unit_test(large_baselines_are_refused),
		cmocka_unit_test(changes_are_bounded),
		cmocka_unit_test(digest_names_ignore_case),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
