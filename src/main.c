/* poolviz: see how libuv's event loop and its thread pool share work. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <uv.h>

#include "report/baseline.h"
#include "report/check.h"
#include "cli.h"
#include "core/experiment.h"
#include "work/kdf.h"
#include "options.h"
#include "output.h"
#include "core/record.h"
#include "report/stats.h"
#include "render/render_csv.h"
#include "render/render_json.h"
#include "render/render_report.h"
#include "render/render_svg.h"
#include "render/render_style.h"
#include "render/render_text.h"
#include "render/render_timeline.h"
#include "render/render_trace.h"
#include "signals.h"
#include "stdfds.h"
#include "core/pool_probe.h"
#include "sweep/sweep.h"
#include "usage.h"

#ifndef POOLVIZ_VERSION
#define POOLVIZ_VERSION "0.1.0"
#endif

/* The files the options name: opened before the run, renamed after it. */
struct file {
	const char *opt;
	int (*render)(FILE *, const struct record *, const struct report *);
	struct output_file of;
	bool open;
	bool whole_runs_only;	/* an interrupted run is no baseline */
};

static int
svg_file(FILE *f, const struct record *r, const struct report *rp)
{
	(void)rp;
	return render_svg(f, r);
}

static int
trace_file(FILE *f, const struct record *r, const struct report *rp)
{
	(void)rp;
	return render_trace(f, r);
}

static int
baseline_file(FILE *f, const struct record *r, const struct report *rp)
{
	(void)r;
	return render_report_json_file(f, rp);
}

static void
complain(const char *msg)
{
	cli_complain("", msg);
}

static int
usage_error(const char *msg)
{
	return cli_usage_error(msg, "poolviz --help");
}

static int
text_line(void *arg, const struct record *r, const struct record_line *l)
{
	struct output *out = arg;

	return output_note(out, render_text_line(out->f, r, l));
}

static int
text_flush(void *arg)
{
	return output_flush(arg);
}

static void
choose_style(struct render_style *st, bool ascii)
{
	struct winsize ws;
	bool tty = isatty(STDOUT_FILENO);
	int cols = tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0;

	setlocale(LC_CTYPE, "");
	render_style_choose(st, tty, cols, getenv("COLUMNS"), getenv("NO_COLOR"),
	    nl_langinfo(CODESET), ascii);
}

static void
files_discard(struct file *fs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fs[i].open) {
			output_file_discard(&fs[i].of);
			fs[i].open = false;
		}
}

static int
files_open(struct file *fs, size_t n, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (fs[i].of.path == NULL)
			continue;
		if (output_file_open(&fs[i].of, fs[i].opt, fs[i].of.path, err,
		    errlen) != 0) {
			files_discard(fs, n);
			return -1;
		}
		fs[i].open = true;
	}
	return 0;
}

/*
 * Render into each file and move it into place. A renderer that fails
 * without a stream error (out of memory) must not leave a partial file.
 */
static int
files_write(struct file *fs, size_t n, const struct record *r,
    const struct report *rp, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (!fs[i].open)
			continue;
		if (fs[i].whole_runs_only && r->interrupted) {
			output_file_discard(&fs[i].of);
			fs[i].open = false;
			continue;
		}
		fs[i].open = false;
		if (fs[i].render(fs[i].of.f, r, rp) != 0 && !ferror(fs[i].of.f)) {
			output_file_discard(&fs[i].of);
			snprintf(err, errlen, "%s '%s': cannot render it", fs[i].opt,
			    fs[i].of.path);
		} else if (output_file_commit(&fs[i].of, err, errlen) == 0)
			continue;
		files_discard(fs, n);
		return -1;
	}
	return 0;
}

static void
record_config_from(struct record_config *cfg, const struct options *o)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->calls = o->calls;
	cfg->pool = options_effective_pool(o, getenv("UV_THREADPOOL_SIZE"));
	cfg->iterations = o->iterations;
	cfg->keylen = (size_t)o->keylen;
	snprintf(cfg->digest, sizeof(cfg->digest), "%s", o->digest);
	cfg->sync = o->sync && o->scenario != SCENARIO_STARVE;
	cfg->print_key = o->print_key;
	cfg->scenario = o->scenario;
}

/* Progress on stderr, only where a person watches it. */
static void
progress(size_t i, size_t n, size_t warmup)
{
	if (n < 2 || !isatty(STDERR_FILENO))
		return;
	if (i < n)
		fprintf(stderr, "\rpoolviz: %s %zu of %zu ", i < warmup ?
		    "warm-up" : "run", i < warmup ? i + 1 : i - warmup + 1,
		    i < warmup ? warmup : n - warmup);
	else
		fputs("\r\033[K", stderr);
}

/* What follows the runs: statistics, checks, the baseline, the output. */
static int
report(const struct options *o, struct record *runs, size_t nruns,
    const struct baseline *base, struct file *fs, size_t nfs,
    struct output *out)
{
	struct stats st;
	struct checks cs;
	struct baseline now;
	struct baseline_row rows[BASE_COUNT];
	struct render_style style;
	struct report rp = { .runs = runs + o->warmup, .nruns = nruns - o->warmup,
	    .warmup = o->warmup, .with_runs = o->repeat_given,
	    .tolerance_pct = (double)o->tolerance };
	const struct record *last = &runs[nruns - 1];
	char err[512];
	int status = PV_EXIT_OK;

	if (stats_compute(&st, rp.runs, rp.nruns) != 0) {
		complain("cannot allocate memory for the statistics");
		return PV_EXIT_FAIL;
	}
	rp.stats = &st;
	baseline_from(&now, last, &st);
	rp.now = &now;
	if (o->check) {
		check_run(&cs, rp.runs, rp.nruns, &st, rp.tolerance_pct);
		rp.checks = &cs;
		if (!cs.all_ok)
			status = PV_EXIT_FAIL;
	}
	if (base != NULL) {
		rp.base = base;
		rp.rows = rows;
		if (baseline_compare(base, &now, rp.tolerance_pct,
		    check_lag_bound_ms(&last->config, last->machine.cpus,
		    rp.tolerance_pct), rows) > 0)
			status = PV_EXIT_FAIL;
	}

	if (o->format == FORMAT_JSON)
		output_note(out, render_report_json_file(out->f, &rp));
	else if (o->format == FORMAT_CSV)
		output_note(out, render_csv(out->f, last));
	else {
		if (o->timeline && !output_reader_gone(out)) {
			choose_style(&style, o->ascii);
			output_note(out, render_timeline(out->f, last, &style));
		}
		output_note(out, render_report_text(out->f, &rp));
	}
	rp.include_baseline = true;
	if (files_write(fs, nfs, last, &rp, err, sizeof(err)) != 0) {
		complain(err);
		status = PV_EXIT_FAIL;
	}
	return status;
}

/*
 * Run the experiment --warmup + --repeat times in this process: the pool's
 * size is the same for every run, so one pool serves them all. Returns the
 * exit status.
 */
static int
run(const struct options *o, const struct kdf *kdf, const struct baseline *base,
    struct file *fs, size_t nfs, struct output *out)
{
	struct record_config cfg;
	struct record *runs;
	size_t n = (size_t)(o->warmup + o->repeat), done = 0;
	/* In text mode a single measured run's lines appear live. */
	bool live = o->format == FORMAT_TEXT && o->repeat == 1;
	struct experiment_sink sink = { text_line, text_flush, out };
	char err[512];
	int status = PV_EXIT_OK, signum;

	record_config_from(&cfg, o);
	if ((runs = calloc(n, sizeof(*runs))) == NULL) {
		complain("cannot allocate memory for the runs");
		files_discard(fs, nfs);
		return PV_EXIT_FAIL;
	}
	/* A signal between runs stops the repeats; one in a run stops it too. */
	for (; done < n && signals_received() == 0; done++) {
		progress(done, n, (size_t)o->warmup);
		if (record_init(&runs[done], &cfg, err, sizeof(err)) != 0 ||
		    experiment_run(kdf, &runs[done], live && done == n - 1 ?
		    &sink : NULL, err, sizeof(err)) != 0) {
			complain(err);
			status = PV_EXIT_FAIL;
			done += runs[done].tasks != NULL;
			break;
		}
	}
	progress(n, n, 0);
	if (status == PV_EXIT_OK && done > o->warmup)
		status = report(o, runs, done, base, fs, nfs, out);
	else
		files_discard(fs, nfs);
	/* Even one that came while the report was written: it is whole. */
	if ((signum = signals_received()) != 0)
		status = signum == SIGTERM ? PV_EXIT_SIGTERM : PV_EXIT_SIGINT;
	for (size_t i = 0; i < done; i++)
		record_free(&runs[i]);
	free(runs);
	return status;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct kdf kdf;
	struct kdf_params kp;
	struct file fs[] = {
		{ "--svg", svg_file, { .path = NULL }, false, false },
		{ "--trace", trace_file, { .path = NULL }, false, false },
		{ "--save-baseline", baseline_file, { .path = NULL }, false, true },
	};
	struct baseline base;
	struct record_config cfg;
	size_t nfs = sizeof(fs) / sizeof(fs[0]);
	struct output out;
	char err[512];
	int status;

	stdfds_open();			/* before anything opens a file */
	signals_fatal_install();
	(void)signals_catchable(SIGINT);	/* before anything is installed */
	/* A reader that goes away is an EPIPE to handle, not a death. */
	signal(SIGPIPE, SIG_IGN);
	if (argc > 1 && strcmp(argv[1], "sweep") == 0)
		return sweep_main(argc - 1, argv + 1);
	signals_install();
	output_init(&out, stdout);

	if (options_parse(&o, argc, argv, err, sizeof(err)) != 0)
		return usage_error(err);
	if (o.help) {
		output_note(&out, fputs(usage_text, stdout) == EOF ? -1 : 0);
		return cli_finish_output(&out, PV_EXIT_OK);
	}
	if (o.version) {
		output_note(&out, printf("poolviz %s (libuv %s, %s)\n",
		    POOLVIZ_VERSION, uv_version_string(),
		    kdf_openssl_version()) < 0 ? -1 : 0);
		return cli_finish_output(&out, PV_EXIT_OK);
	}

	kp = (struct kdf_params){
		.digest = o.digest,
		.password = o.password, .password_len = strlen(o.password),
		.salt = o.salt, .salt_len = strlen(o.salt),
		.iterations = o.iterations,
	};
	if (kdf_open(&kdf, &kp, err, sizeof(err)) != 0)
		return usage_error(err);
	/* A baseline that does not apply is bad input: refuse it before any run. */
	record_config_from(&cfg, &o);
	if (o.baseline != NULL && (baseline_read(&base, o.baseline, err,
	    sizeof(err)) != 0 || baseline_matches(&base, &cfg, err,
	    sizeof(err)) != 0)) {
		kdf_close(&kdf);
		return usage_error(err);
	}
	if (pool_probe(cfg.pool, err, sizeof(err)) != 0) {
		kdf_close(&kdf);
		complain(err);
		return PV_EXIT_FAIL;
	}
	fs[0].of.path = o.svg_path;
	fs[1].of.path = o.trace_path;
	fs[2].of.path = o.save_baseline;
	if (files_open(fs, nfs, err, sizeof(err)) != 0) {
		kdf_close(&kdf);
		return usage_error(err);
	}
	if (o.pool != 0 && experiment_set_pool(o.pool, err, sizeof(err)) != 0) {
		complain(err);
		files_discard(fs, nfs);
		status = PV_EXIT_FAIL;
	} else
		status = run(&o, &kdf, o.baseline != NULL ? &base : NULL, fs, nfs,
		    &out);
	kdf_close(&kdf);
	return cli_finish_output(&out, status);
}
