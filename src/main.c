/* poolviz: see how libuv's event loop and its thread pool share work. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "cli.h"
#include "core/experiment.h"
#include "core/pool_probe.h"
#include "measure.h"
#include "options.h"
#include "delivery.h"
#include "run_sink.h"
#include "render/render_verdict.h"
#include "report/report.h"
#include "render/render_live.h"
#include "sys/signals.h"
#include "sys/stdfds.h"
#include "sweep/sweep.h"
#include "usage.h"
#include "work/work.h"

#ifndef POOLVIZ_VERSION
#define POOLVIZ_VERSION "0.1.0"
#endif

/*
 * --save-baseline on a machine too busy or disturbed: a baseline is what
 * later runs are held to, so none is saved (any old file stays). 0, or
 * the exit status 3 with one line saying why.
 */
static int
refuse_baseline(const struct options *o, const struct report *rp,
    struct output_files *fs)
{
	char why[160], line[400];

	if (o->save_baseline == NULL || !rp->unfit ||
	    !fs->open[OUTPUT_BASELINE])
		return 0;
	atomicfile_discard(&fs->of[OUTPUT_BASELINE]);
	fs->open[OUTPUT_BASELINE] = false;
	report_machine_why(why, sizeof(why), rp);
	snprintf(line, sizeof(line), "--save-baseline '%s': not saved: %s "
	    "during the runs, and a baseline needs a quiet machine (any old "
	    "file is kept; try again, or with --retries)", o->save_baseline,
	    why);
	cli_complain("", line);
	return PV_EXIT_INCONCLUSIVE;
}

/*
 * A probe that failed measured nothing: the run did not do what was
 * asked. One line for each, with its own error; returns the status.
 */
static int
probes_status(const struct record *r, int status)
{
	static const char *const what[PROBE_COUNT] = { "file", "DNS", "TCP" };
	char line[128];

	for (int k = 0; k < PROBE_COUNT; k++)
		if (r->probes[k].ran && r->probes[k].status != 0) {
			snprintf(line, sizeof(line), "the %s probe failed: %s",
			    what[k], uv_strerror(r->probes[k].status));
			cli_complain("", line);
			status = PV_EXIT_FAIL;
		}
	return status;
}

/* Run, report and write the outputs; returns the exit status. */
static int
run(const struct options *o, const struct work *kdf, const struct baseline *base,
    struct output_files *fs, struct output *out)
{
	struct report_request req = { .warmup = o->warmup, .runs_requested =
	    o->repeat, .with_runs =
	    o->repeat_given, .check = o->check, .tolerance_pct =
	    (double)o->tolerance, .base = base };
	/* In text mode a single measured run's lines appear as they come. */
	struct run_sink rsk = { .out = out, .lines = o->format == FORMAT_TEXT &&
	    o->repeat == 1 };
	struct experiment_sink sink;
	struct record_config cfg;
	struct measure_request q = { .cfg = &cfg, .warmup = o->warmup,
	    .repeat = o->repeat, .live = &sink, .progress = cli_progress,
	    .req = &req, .retries = (unsigned)o->retries, .retries_asked =
	    o->retries_given, .retry_unfit = o->save_baseline != NULL,
	    .on_retry = cli_retry };
	struct render_style style;
	struct measure m;
	struct live lv;
	char err[512];
	int status = PV_EXIT_OK, refused, mrc;

	options_record_config(o, getenv("UV_THREADPOOL_SIZE"), &cfg);
	if (o->timeline || o->live)
		cli_choose_style(&style, fileno(out->f), o->ascii);
	if (o->live) {
		if (live_init(&lv, &cfg) != 0) {
			cli_complain("", "cannot allocate memory for --live");
			return PV_EXIT_FAIL;
		}
		signals_show_cursor_on_exit(true);
		rsk.view = render_live_start(STDOUT_FILENO, &lv, &style,
		    cli_term_rows());
	}
	sink = run_sink_make(&rsk, o->live ? &lv : NULL);
	mrc = measure_run(&m, kdf, &q, err, sizeof(err));
	if (o->live) {
		cli_live_done(rsk.view);
		signals_show_cursor_on_exit(false);
		live_free(&lv);
	}
	/* After the terminal's ^C the chart begins on a line of its own. */
	if (signals_received() == SIGINT && !rsk.fresh && isatty(STDOUT_FILENO))
		output_note(out, putc('\n', out->f) == EOF ? -1 : 0);
	if (mrc != 0) {
		cli_complain("", err);
		status = PV_EXIT_FAIL;
	} else if (m.assembled) {
		status = cli_verdict_status(m.rs.rp.verdict);
		if ((refused = refuse_baseline(o, &m.rs.rp, fs)) != 0 &&
		    status == PV_EXIT_OK)
			status = refused;
		/* --live's last frame is the timeline's chart, in its place. */
		output_render(out, o->format, o->timeline || o->live ? &style :
		    NULL, &m.rs.rp);
		status = probes_status(report_last(&m.rs.rp), status);
		/* Data on stdout: the verdict line goes to the CI log. */
		if (o->format != FORMAT_TEXT)
			render_verdict(stderr, &m.rs.rp);
		if (output_files_write(fs, &m.rs.rp, err, sizeof(err)) != 0) {
			cli_complain("", err);
			status = PV_EXIT_FAIL;
		}
	}
	output_files_discard(fs);
	/* Even one that came while the report was written: it is whole. */
	status = cli_signal_status(signals_received(), status);
	measure_free(&m);
	return status;
}

/*
 * --hash-ms: time small units on this thread, set the work's size knob so
 * that one takes about that much CPU, and say so on a terminal.
 */
static int
calibrate(struct options *o, char *err, size_t errlen)
{
	struct work_params kp;

	options_work_params(o, &kp);
	if (work_calibrate(&kp, (double)o->hash_ms, err, errlen) != 0)
		return -1;
	options_take_scale(o, &kp);
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "poolviz: --hash-ms %" PRIu64 ": %s=%" PRIu64
		    "\n", o->hash_ms, work_scale_option(kp.kind),
		    work_scale_get(&kp));
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct work *kdf;
	struct work_params kp;
	const char *param;
	char msg[400];
	struct baseline base;
	struct record_config cfg;
	struct output_files fs;
	const char *paths[OUTPUT_COUNT];
	struct output out;
	char err[512];
	int status;

	stdfds_open();			/* before anything opens a file */
	stdfds_blocking_stdout();	/* before anything is written */
	signals_fatal_install();
	(void)signals_catchable(SIGINT);	/* before anything is installed */
	/* A reader that goes away is an EPIPE to handle, not a death. */
	signal(SIGPIPE, SIG_IGN);
	if (argc > 1 && strcmp(argv[1], "sweep") == 0)
		return sweep_main(argc - 1, argv + 1);
	signals_install();
	output_init(&out, stdout);

	if (options_parse(&o, argc, argv, err, sizeof(err)) != 0)
		return cli_usage_error(err, "poolviz --help");
	if (o.help) {
		output_note(&out, fputs(usage_text, stdout) == EOF ? -1 : 0);
		return cli_finish_output(&out, PV_EXIT_OK);
	}
	if (o.version) {
		output_note(&out, printf("poolviz %s (libuv %s, %s)\n",
		    POOLVIZ_VERSION, uv_version_string(),
		    work_library_version()) < 0 ? -1 : 0);
		return cli_finish_output(&out, PV_EXIT_OK);
	}

	/* Frames redrawn in place mean nothing in a file or a pipe. */
	if (o.live && !isatty(STDOUT_FILENO)) {
		cli_complain("", "--live needs a terminal; use --timeline");
		return PV_EXIT_USAGE;
	}
	if (o.hash_ms != 0 && calibrate(&o, err, sizeof(err)) != 0) {
		cli_complain("", err);
		return PV_EXIT_FAIL;
	}
	options_work_params(&o, &kp);
	if (work_open(&kdf, &kp, &param, msg, sizeof(msg)) != 0) {
		options_work_error(err, sizeof(err), param, msg);
		if (param == NULL) {	/* not the user's value: memory, OpenSSL */
			cli_complain("", err);
			return PV_EXIT_FAIL;
		}
		return cli_usage_error(err, "poolviz --help");
	}
	/* A baseline that does not apply is bad input: refuse it before any run. */
	options_record_config(&o, getenv("UV_THREADPOOL_SIZE"), &cfg);
	for (int i = 0; i < OUTPUT_COUNT; i++)
		paths[i] = options_output_path(&o, (enum output_id)i);
	if (o.baseline != NULL && (baseline_read(&base, o.baseline, err,
	    sizeof(err)) != 0 || baseline_matches(&base, &cfg, err,
	    sizeof(err)) != 0)) {
		work_close(kdf);
		return cli_usage_error(err, "poolviz --help");
	}
	/* Threads or descriptors that run out are an error, not libuv's abort. */
	if (pool_probe(cfg.pool, err, sizeof(err)) != 0) {
		work_close(kdf);
		cli_complain("", err);
		return PV_EXIT_FAIL;
	}
	if (output_files_open(&fs, paths, err, sizeof(err)) != 0) {
		work_close(kdf);
		return cli_usage_error(err, "poolviz --help");
	}
	/* A file on stdout ("-"): text mode writes to (a copy of) stderr. */
	if (options_stdout_taken(&o)) {
		int fd = dup(STDERR_FILENO);
		FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

		if (f == NULL) {
			cli_complain("", "cannot write the text to stderr");
			output_files_discard(&fs);
			work_close(kdf);
			return PV_EXIT_FAIL;
		}
		output_init(&out, f);
	}
	fs.out = &out;		/* for a file option that names stdout */
	if (o.pool != 0 && experiment_set_pool(o.pool, err, sizeof(err)) != 0) {
		cli_complain("", err);
		output_files_discard(&fs);
		status = PV_EXIT_FAIL;
	} else
		status = run(&o, kdf, o.baseline != NULL ? &base : NULL, &fs, &out);
	work_close(kdf);
	return cli_finish_output(&out, status);
}
