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
#include "core/repeat.h"
#include "work/work.h"
#include "options.h"
#include "output.h"
#include "report/report.h"
#include "signals.h"
#include "sweep/sweep.h"
#include "usage.h"
#include "work/work.h"

#ifndef POOLVIZ_VERSION
#define POOLVIZ_VERSION "0.1.0"
#endif

/* Run, report and write the outputs; returns the exit status. */
static int
run(const struct options *o, const struct work *kdf, const struct baseline *base,
    struct output_files *fs, struct output *out)
{
	struct report_request req = { .warmup = o->warmup, .with_runs =
	    o->repeat_given, .check = o->check, .tolerance_pct =
	    (double)o->tolerance, .base = base };
	/* In text mode a single measured run's lines appear live. */
	struct experiment_sink live = output_live_sink(out);
	struct record_config cfg;
	struct render_style style;
	struct report_store rs;
	struct repeat rp;
	char err[512];
	int status = PV_EXIT_OK;

	options_record_config(o, getenv("UV_THREADPOOL_SIZE"), &cfg);
	if (repeat_run(&rp, kdf, &cfg, o->warmup, o->warmup + o->repeat,
	    o->format == FORMAT_TEXT && o->repeat == 1 ? &live : NULL,
	    cli_progress, err, sizeof(err)) != 0) {
		cli_complain("", err);
		status = PV_EXIT_FAIL;
	} else if (rp.done > o->warmup && report_assemble(&rs, rp.runs, rp.done,
	    &req, err, sizeof(err)) != 0) {
		cli_complain("", err);
		status = PV_EXIT_FAIL;
	} else if (rp.done > o->warmup) {
		if (o->timeline)
			cli_choose_style(&style, o->ascii);
		status = cli_verdict_status(rs.rp.verdict);
		output_render(out, o->format, o->timeline ? &style : NULL, &rs.rp);
		if (output_files_write(fs, &rs.rp, err, sizeof(err)) != 0) {
			cli_complain("", err);
			status = PV_EXIT_FAIL;
		}
	}
	output_files_discard(fs);
	/* Even one that came while the report was written: it is whole. */
	status = cli_signal_status(signals_received(), status);
	repeat_free(&rp);
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

	if (o.hash_ms != 0 && calibrate(&o, err, sizeof(err)) != 0) {
		cli_complain("", err);
		return PV_EXIT_FAIL;
	}
	options_work_params(&o, &kp);
	if (work_open(&kdf, &kp, &param, msg, sizeof(msg)) != 0) {
		options_work_error(err, sizeof(err), param, msg);
		return cli_usage_error(err, "poolviz --help");
	}
	/* A baseline that does not apply is bad input: refuse it before any run. */
	options_record_config(&o, getenv("UV_THREADPOOL_SIZE"), &cfg);
	for (int i = 0; i < OUTPUT_COUNT; i++)
		paths[i] = options_output_path(&o, (enum output_id)i);
	if ((o.baseline != NULL && (baseline_read(&base, o.baseline, err,
	    sizeof(err)) != 0 || baseline_matches(&base, &cfg, err,
	    sizeof(err)) != 0)) || output_files_open(&fs, paths, err,
	    sizeof(err)) != 0) {
		work_close(kdf);
		return cli_usage_error(err, "poolviz --help");
	}
	if (o.pool != 0 && experiment_set_pool(o.pool, err, sizeof(err)) != 0) {
		cli_complain("", err);
		output_files_discard(&fs);
		status = PV_EXIT_FAIL;
	} else
		status = run(&o, kdf, o.baseline != NULL ? &base : NULL, &fs, &out);
	work_close(kdf);
	return cli_finish_output(&out, status);
}
