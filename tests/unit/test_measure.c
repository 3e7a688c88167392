/* test_measure: the runs' report, --retries while the machine was too busy, and a cancellation that stops them. */
#include <sys/stat.h>
#include <unistd.h>

#include "hostfix.h"

#include "measure.h"

/*
 * The machine is a tree of our own: before each run its /proc/stat is
 * load-a's; in a run the test wants busy, the queueing (between the
 * run's two readings) turns it into load-b's, which says others used
 * seconds of CPU within the run: too busy to judge, so inconclusive.
 */
static char root[256], stat_path[300];
static int busy_runs;		/* runs still to be seen busy; <0: all */
static size_t progress_calls, cancel_at = SIZE_MAX;
static unsigned retries_told;

/*
 * Replaced whole, by rename(2): the run's sampler thread may read the
 * file at any time, and a rewrite in place could show it a cut line.
 */
static void
put_stat(const char *fixture)
{
	char from[300], tmp[310];
	char *s;
	FILE *f;

	snprintf(from, sizeof(from), TESTS_DIR "/fixtures/machine/%s/proc/stat",
	    fixture);
	snprintf(tmp, sizeof(tmp), "%s.new", stat_path);
	s = slurp(from);
	assert_non_null(s);
	f = fopen(tmp, "w");
	assert_non_null(f);
	assert_true(fputs(s, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(rename(tmp, stat_path), 0);
	free(s);
}

static void
on_hold(bool on)
{
	if (on && busy_runs != 0) {
		put_stat("load-b");
		if (busy_runs > 0)
			busy_runs--;
	}
}

static void
progress(size_t i, size_t n, size_t warmup)
{
	(void)warmup;
	if (i < n)
		put_stat("load-a");
	if (progress_calls++ == cancel_at)
		hf_cancel(SIGINT);
}

static void
on_retry(unsigned retry, unsigned retries, const struct report *spoiled,
    const struct measure_wait *w)
{
	(void)w;
	assert_int_equal(retry, retries_told + 1);
	assert_int_equal(retries, 3);
	assert_int_equal(spoiled->verdict, VERDICT_INCONCLUSIVE);
	retries_told++;
}

/*
 * warmup + repeat runs of 2 hashes, judged, with 3 retries; each wait
 * watches the fixture, which holds still, for 50 ms rather than a second.
 */
static int
measure(struct measure *m, size_t warmup, size_t repeat, int busy,
    size_t cancel)
{
	struct record_config cfg;
	struct report_request req = { .warmup = warmup, .runs_requested =
	    repeat, .with_runs = true, .check = true, .tolerance_pct = 25 };
	struct measure_request q = { .cfg = &cfg, .warmup = warmup, .repeat =
	    repeat, .host = hf_reset(), .progress = progress, .req = &req,
	    .retries = 3, .retries_asked = true, .on_retry = on_retry,
	    .budget_s = 600, .wait_window_s = 0.05 };
	struct work *w = hf_work();
	char err[256];
	int rc;

	hf_on_hold = on_hold;
	busy_runs = busy;
	progress_calls = 0;
	cancel_at = cancel;
	retries_told = 0;
	hf_config(&cfg, w, 2, true);
	rc = measure_run(m, w, &q, err, sizeof(err));
	work_close(w);
	return rc;
}

/* A quiet machine: one measurement, judged, no retry. */
static void
quiet_machine_needs_no_retry(void **state)
{
	struct measure m;

	(void)state;
	assert_int_equal(measure(&m, 1, 2, 0, SIZE_MAX), 0);
	assert_true(m.assembled);
	assert_int_equal(m.rp.done, 3);
	assert_int_equal(m.rs.rp.nruns, 2);
	assert_int_equal(m.rs.rp.warmup, 1);
	assert_true(m.rs.rp.judged);
	assert_true(m.rs.rp.verdict != VERDICT_INCONCLUSIVE);
	assert_int_equal(m.rs.rp.retries_used, 0);
	assert_true(m.rs.rp.retries_asked);
	assert_int_equal(retries_told, 0);
	measure_free(&m);
}

/* Busy for the first two measurements (one run each): two retries, then judged. */
static void
busy_machine_is_measured_again(void **state)
{
	struct measure m;

	(void)state;
	assert_int_equal(measure(&m, 0, 1, 2, SIZE_MAX), 0);
	assert_true(m.assembled);
	assert_int_equal(retries_told, 2);
	assert_int_equal(m.rs.rp.retries_used, 2);
	assert_true(m.rs.rp.verdict != VERDICT_INCONCLUSIVE);
	measure_free(&m);
}

/* Busy throughout: the retries run out, and the last measurement is kept. */
static void
retries_run_out(void **state)
{
	struct measure m;

	(void)state;
	assert_int_equal(measure(&m, 0, 1, -1, SIZE_MAX), 0);
	assert_true(m.assembled);
	assert_int_equal(retries_told, 3);
	assert_int_equal(m.rs.rp.retries_used, 3);
	assert_int_equal(m.rs.rp.verdict, VERDICT_INCONCLUSIVE);
	measure_free(&m);
}

/*
 * Busy throughout, cancelled in the second measurement's second run:
 * no further retry; the runs completed are kept, and the report counts
 * only the whole one, marked interrupted and partial.
 */
static void
cancel_stops_the_retries_and_keeps_the_runs(void **state)
{
	struct measure m;

	(void)state;
	/* progress: 0, 1, end (first measurement); 0, 1 (cancelled) */
	assert_int_equal(measure(&m, 0, 2, -1, 4), 0);
	assert_int_equal(retries_told, 1);
	assert_true(m.assembled);
	assert_int_equal(m.rp.done, 2);
	assert_false(m.rp.runs[0].interrupted);
	assert_true(m.rp.runs[1].interrupted);
	/* A cut run is not counted beside a whole one (issue 19). */
	assert_true(m.rs.rp.interrupted);
	assert_true(m.rs.rp.partial);
	assert_int_equal(m.rs.rp.nruns, 1);
	assert_false(report_last(&m.rs.rp)->interrupted);
	assert_int_equal(m.rs.rp.retries_used, 1);
	measure_free(&m);
}

/* Cancelled in the warm-up: no measured run, so no report. */
static void
cancel_in_the_warmup_leaves_no_report(void **state)
{
	struct measure m;

	(void)state;
	assert_int_equal(measure(&m, 1, 2, 0, 0), 0);
	assert_false(m.assembled);
	assert_int_equal(m.rp.done, 1);
	assert_true(m.rp.runs[0].interrupted);
	assert_int_equal(retries_told, 0);
	measure_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quiet_machine_needs_no_retry),
		cmocka_unit_test(busy_machine_is_measured_again),
		cmocka_unit_test(retries_run_out),
		cmocka_unit_test(cancel_stops_the_retries_and_keeps_the_runs),
		cmocka_unit_test(cancel_in_the_warmup_leaves_no_report),
	};
	int rc;

	snprintf(root, sizeof(root), "%s/pvmeasureXXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(root) == NULL)
		return 1;
	snprintf(stat_path, sizeof(stat_path), "%s/proc", root);
	if (mkdir(stat_path, 0700) != 0)
		return 1;
	snprintf(stat_path, sizeof(stat_path), "%s/proc/stat", root);
	hf_root = root;
	hf_main();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(stat_path);
	snprintf(stat_path, sizeof(stat_path), "%s/proc", root);
	rmdir(stat_path);
	rmdir(root);
	return rc;
}
