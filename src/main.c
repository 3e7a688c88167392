/* poolviz: see how libuv's event loop and its thread pool share work. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
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
#include "render/render_live.h"
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
	struct report_request req = { .warmup = o->warmup, .runs_requested =
	    o->repeat, .with_runs =
	    o->repeat_given, .check = o->check, .tolerance_pct =
	    (double)o->tolerance, .base = base };
	/* In text mode a single measured run's lines appear as they come. */
	struct run_sink rsk = { .out = out, .lines = o->format == FORMAT_TEXT &&
	    o->repeat == 1 };
	struct experiment_sink sink;
	struct record_config cfg;
	struct render_style style;
	struct report_store rs;
	struct repeat rp;
	struct live lv;
	char err[512];
	int status = PV_EXIT_OK, rrc;

	options_record_config(o, getenv("UV_THREADPOOL_SIZE"), &cfg);
	if (o->timeline || o->live)
		cli_choose_style(&style, o->ascii);
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
	rrc = repeat_run(&rp, kdf, &cfg, o->warmup, o->warmup + o->repeat,
	    &sink, cli_progress, err, sizeof(err));
	if (o->live) {
		cli_live_done(rsk.view);
		signals_show_cursor_on_exit(false);
		live_free(&lv);
	}
	/* After the terminal's ^C the chart begins on a line of its own. */
	if (signals_received() == SIGINT && !rsk.fresh && isatty(STDOUT_FILENO))
		output_note(out, putc('\n', out->f) == EOF ? -1 : 0);
	if (rrc != 0) {
		cli_complain("", err);
		status = PV_EXIT_FAIL;
	} else if (rp.done > o->warmup && report_assemble(&rs, rp.runs, rp.done,
	    &req, err, sizeof(err)) != 0) {
		cli_complain("", err);
		status = PV_EXIT_FAIL;
	} else if (rp.done > o->warmup) {
		status = cli_verdict_status(rs.rp.verdict);
		/* --live's last frame is the timeline's chart, in its place. */
		output_render(out, o->format, o->timeline || o->live ? &style :
		    NULL, &rs.rp);
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

	/* Frames redrawn in place mean nothing in a file or a pipe. */
	if (o.live && !isatty(STDOUT_FILENO)) {
		cli_complain("", "--live needs a terminal; use --timeline");
		return PV_EXIT_USAGE;
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
