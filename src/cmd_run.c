/* cmd_run: poolviz's run: what needs the machine checked, the runs, their report and the outputs. */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "cli.h"
#include "cmd_run.h"
#include "core/pool_probe.h"
#include "delivery.h"
#include "hooks.h"
#include "measure.h"
#include "render/notes.h"
#include "render/render_live.h"
#include "render/render_verdict.h"
#include "report/report.h"
#include "run_sink.h"
#include "sys/paths.h"
#include "sys/signals.h"
#include "sys/stdfds.h"
#include "work/work.h"

#define HELP "poolviz --help"

/*
 * --save-baseline from runs whose checks failed, or on a machine too busy
 * or disturbed: a baseline is what later runs are held to, so none is
 * saved (any old file stays). 0, or the exit status (1 for a failed
 * check, 3 for the machine) with one line saying why.
 */
static int
refuse_baseline(const struct options *o, const struct report *rp,
    struct output_files *fs)
{
	char why[160], line[400], e[PATHS_ECHO_SIZE];
	bool failed = rp->verdict == VERDICT_FAIL;

	if (o->paths[OUTPUT_BASELINE] == NULL || (!rp->unfit && !failed) ||
	    !fs->open[OUTPUT_BASELINE])
		return 0;
	atomicfile_discard(&fs->of[OUTPUT_BASELINE]);
	fs->open[OUTPUT_BASELINE] = false;
	if (failed) {
		snprintf(line, sizeof(line), "--save-baseline '%s': not saved: "
		    "%s failed, and a baseline must come from runs that pass "
		    "(any old file is kept)",
		    paths_echo(o->paths[OUTPUT_BASELINE], e),
		    rp->nreasons > 0 ? rp->reasons[0] : "a check");
		cli_complain("", line);
		return PV_EXIT_FAIL;
	}
	if (rp->load.stopped_known && rp->load.stopped_ms > 0 &&
	    !rp->machine.too_busy && !rp->machine.disturbed)
		snprintf(why, sizeof(why), "the process was stopped for %.0f ms",
		    rp->load.stopped_ms);
	else
		report_machine_why(why, sizeof(why), rp);
	/* Never advise --retries to whoever gave it. */
	snprintf(line, sizeof(line), "--save-baseline '%s': not saved: %s "
	    "during the runs, and a baseline needs a quiet machine (any old "
	    "file is kept; try again%s)",
	    paths_echo(o->paths[OUTPUT_BASELINE], e), why,
	    o->retries_given ? "" : ", or with --retries");
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

/*
 * A run in text, watched on a terminal, that others or a quota held back:
 * one line after its lines saying how much slower than a quiet machine,
 * so that nobody reads "async is slower" into a busy laptop. --notes,
 * --check and --baseline say it in their own words already; a pipe on
 * both sides gets nothing.
 */
static void
load_note(const struct options *o, const struct report *rp)
{
	char s[400], line[420];

	if (o->notes || o->check || o->baseline != NULL ||
	    (!isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO)))
		return;
	if (notes_slower(report_shown(rp), s, sizeof(s)) == 0)
		return;
	fflush(stdout);
	snprintf(line, sizeof(line), "note: %s", s);
	cli_complain("", line);
}

/* Run, report and write the outputs; returns the exit status. */
static int
run(const struct options *o, const struct record_config *cfg,
    const struct work *kdf, const struct baseline *base,
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
	struct measure_request q = { .cfg = cfg, .warmup = o->warmup,
	    .repeat = o->repeat, .live = &sink, .host = hooks_host(),
	    .progress = cli_progress,
	    .req = &req, .retries = (unsigned)o->retries, .retries_asked =
	    o->retries_given, .retry_unfit = o->paths[OUTPUT_BASELINE] != NULL,
	    .on_retry = cli_retry, .on_wait = cli_retry_wait, .budget_s = (double)o->retry_budget_s };
	struct render_style style;
	struct measure m;
	struct live lv;
	char err[512];
	int status = PV_EXIT_OK, refused, mrc;

	memset(&style, 0, sizeof(style));
	style.brief = !o->notes;
	if (o->timeline || o->live)
		cli_choose_style(&style, fileno(out->f), o->ascii);
	if (o->live) {
		if (live_init(&lv, cfg) != 0) {
			cli_complain("", "cannot allocate memory for --live");
			return PV_EXIT_FAIL;
		}
		signals_show_cursor_on_exit(true);
		/* COLUMNS, when set, fixes the width; else it follows the terminal. */
		rsk.view = render_live_start(STDOUT_FILENO, &lv, &style,
		    cli_term_rows(), getenv("COLUMNS") == NULL);
	}
	sink = run_sink_make(&rsk, o->live ? &lv : NULL);
	mrc = measure_run(&m, kdf, &q, err, sizeof(err));
	if (o->live) {
		cli_live_done(rsk.view);
		signals_show_cursor_on_exit(false);
		live_free(&lv);
		/* The terminal may have been resized: the chart fits it now. */
		cli_choose_style(&style, fileno(out->f), o->ascii);
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
		else
			load_note(o, &m.rs.rp);
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
 * --hash-ms: time small units on this thread and set the work's size so
 * that one takes about that much CPU, reading what others left the
 * machine meanwhile, for calibrate_say.
 */
struct calibration {
	double unit_ms;			/* one unit's CPU time, as predicted */
	struct machine_facts facts;
	struct machine_load load;	/* cpu_known: false when unread */
};

/* A shorter calibration tells too little of the load (ticks of 10 ms). */
#define CALIBRATE_LOAD_S	0.1

static int
calibrate(struct options *o, struct calibration *c, char *err,
    size_t errlen)
{
	const char *root = hooks_host()->machine_root;
	struct machine_snap a, b;
	bool known;

	memset(c, 0, sizeof(*c));
	/* The machine the run reads: a test's fixture tree, or this one. */
	known = machine_facts_read(&c->facts, root != NULL ? root : "") == 0;
	if (known)
		machine_snap_take(&a, &c->facts);
	if (work_calibrate(&o->work, (double)o->hash_ms, &c->unit_ms, err,
	    errlen) != 0)
		return -1;
	if (known) {
		machine_snap_take(&b, &c->facts);
		machine_load_compute(&c->load, &c->facts, &a, &b);
		if (c->load.wall_s < CALIBRATE_LOAD_S)
			c->load.cpu_known = false;
	}
	return 0;
}

/*
 * On a terminal, the size chosen, to be given again, in CPU time, and
 * the wall time to expect where others hold this run's units back.
 */
static void
calibrate_say(const struct options *o, const struct record_config *cfg,
    const struct calibration *c)
{
	char line[400];
	unsigned calls = cfg->calls < UINT32_MAX ? (unsigned)cfg->calls :
	    UINT32_MAX;

	if (o->hash_ms == 0 || !isatty(STDERR_FILENO))
		return;
	notes_hash_ms_line(line, sizeof(line), o->hash_ms, &cfg->work,
	    c->unit_ms, &c->facts, &c->load, cfg->pool, calls);
	cli_complain("", line);
}

/*
 * UV_THREADPOOL_SIZE set to something libuv reads as another number
 * ("abc" and "0" give 1, "8abc" gives 8, "2000" gives 1024): one line on
 * stderr naming the size and where it came from, since libuv says
 * nothing and a pool of 1 from a typo looks like a slow machine.
 */
static void
pool_note(const struct options *o, const char *env, unsigned pool)
{
	char plain[16], line[160];

	if (o->pool != 0 || env == NULL)
		return;
	snprintf(plain, sizeof(plain), "%u", pool);
	if (strcmp(plain, env) == 0)
		return;
	snprintf(line, sizeof(line), "note: pool %u, from UV_THREADPOOL_SIZE="
	    "%.40s%s (libuv reads it with atoi(); poolviz doctor says how)",
	    pool, env, strlen(env) > 40 ? "..." : "");
	cli_complain("", line);
}

/* One line on stderr for an error that is not the user's; exit status 1. */
static int
fail(const char *err)
{
	cli_complain("", err);
	return PV_EXIT_FAIL;
}

/* A file on stdout ("-"): text mode's lines go to a copy of stderr. */
static int
text_to_stderr(struct output *out)
{
	FILE *f = stdfds_copy(STDERR_FILENO);

	if (f == NULL)
		return -1;
	output_init(out, f);
	return 0;
}

/*
 * Check what the options cannot (a terminal for --live, the work, the
 * baseline, the pool's threads, the files), then run, report and write
 * the outputs. Every way out frees what was taken and reports stdout's
 * fate; returns the exit status.
 */
int
cmd_run(struct options *o, struct output *out)
{
	struct output_files fs;
	struct work *kdf = NULL;
	struct record_config cfg;
	struct calibration cal;
	struct baseline base;
	const char *paths[OUTPUT_COUNT], *param;
	char err[512], msg[400];
	int status;

	memset(&fs, 0, sizeof(fs));
	/* Frames redrawn in place mean nothing in a file or a pipe. */
	if (o->live && !isatty(STDOUT_FILENO)) {
		cli_complain("", "--live needs a terminal; use --timeline");
		status = PV_EXIT_USAGE;
		goto out;
	}
	if (o->hash_ms != 0 && calibrate(o, &cal, err, sizeof(err)) != 0) {
		status = fail(err);
		goto out;
	}
	if (work_open(&kdf, &o->work, &param, msg, sizeof(msg)) != 0) {
		options_work_error(err, sizeof(err), param, msg);
		/* Not the user's value (no param): memory, OpenSSL. */
		status = param == NULL ? fail(err) : cli_usage_error(err, HELP);
		goto out;
	}
	options_record_config(o, getenv("UV_THREADPOOL_SIZE"), &cfg);
	calibrate_say(o, &cfg, &cal);
	pool_note(o, getenv("UV_THREADPOOL_SIZE"), cfg.pool);
	for (int i = 0; i < OUTPUT_COUNT; i++)
		paths[i] = options_output_path(o, (enum output_id)i);
	/* A baseline that does not apply is bad input: refuse it before any run. */
	if (o->baseline != NULL && (baseline_read(&base, o->baseline, err,
	    sizeof(err)) != 0 || baseline_matches(&base, &cfg, err,
	    sizeof(err)) != 0)) {
		status = cli_usage_error(err, HELP);
		goto out;
	}
	if (o->baseline != NULL && strcmp(base.version, POOLVIZ_VERSION) != 0) {
		char note[200];

		snprintf(note, sizeof(note), "note: --baseline '%s' was saved by "
		    "poolviz %s, and this is %s: its metrics may be defined "
		    "differently", o->baseline, base.version, POOLVIZ_VERSION);
		cli_complain("", note);
	}
	/* Threads or descriptors that run out are an error, not libuv's abort. */
	if (pool_probe(cfg.pool, err, sizeof(err)) != 0) {
		status = fail(err);
		goto out;
	}
	if (output_files_open(&fs, paths, err, sizeof(err)) != 0) {
		status = cli_usage_error(err, HELP);
		goto out;
	}
	if (options_stdout_taken(o) && text_to_stderr(out) != 0) {
		status = fail("cannot write the text to stderr");
		goto out;
	}
	fs.out = out;		/* for a file option that names stdout */
	if (o->pool != 0 && experiment_set_pool(o->pool, err, sizeof(err)) != 0)
		status = fail(err);
	else
		status = run(o, &cfg, kdf, o->baseline != NULL ? &base : NULL,
		    &fs, out);
out:
	output_files_discard(&fs);
	work_close(kdf);
	return cli_finish_output(out, status);
}
