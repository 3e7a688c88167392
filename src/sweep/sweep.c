/* sweep: parse the sweep's options, run its points, render what they measured. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "cli.h"
#include "work/work.h"
#include "options.h"
#include "delivery.h"
#include "hooks.h"
#include "render/notes.h"
#include "sweep/render_sweep.h"
#include "sys/paths.h"
#include "sys/signals.h"
#include "sys/stdfds.h"
#include "sweep/sweep.h"
#include "sweep/sweep_grid.h"
#include "sweep/sweep_run.h"
#include "sweep/sweep_stats.h"
#include "core/scenario.h"
#include "usage.h"

enum {
	OPT_ASCII = 256,
	OPT_CHECK,
	OPT_FORMAT,
	OPT_HASH_MS,
	OPT_NO_SYNC,
	OPT_PRINT_KEY,
	OPT_REPEAT,
	OPT_SCENARIO,
	OPT_SVG,
	OPT_TIMELINE,
	OPT_TRACE,
};

/*
 * The sweep's own options, sorted by name, as in the switch below; the
 * work's come from its table. The single run's options that do not
 * apply take an optional argument, so that every way of writing them is
 * told that, rather than an unknown option or a missing value.
 */
static const struct option own_longopts[] = {
	{ "ascii",	optional_argument,	NULL, OPT_ASCII },
	{ "calls",	required_argument,	NULL, 'c' },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "hash-ms",	required_argument,	NULL, OPT_HASH_MS },
	{ "help",	no_argument,		NULL, 'h' },
	{ "no-sync",	optional_argument,	NULL, OPT_NO_SYNC },
	{ "pool",	required_argument,	NULL, 'p' },
	{ "print-key",	optional_argument,	NULL, OPT_PRINT_KEY },
	{ "repeat",	required_argument,	NULL, OPT_REPEAT },
	{ "scenario",	required_argument,	NULL, OPT_SCENARIO },
	{ "svg",	required_argument,	NULL, OPT_SVG },
	{ "timeline",	optional_argument,	NULL, OPT_TIMELINE },
	{ "trace",	optional_argument,	NULL, OPT_TRACE },
	{ "version",	optional_argument,	NULL, 'V' },
	{ NULL,		0,			NULL, 0 },
};

struct sweep_options {
	struct sweep_config cfg;
	enum format format;
	const char *svg_path;	/* NULL: no SVG */
	bool check;		/* --check: a verdict line and its exit status */
	bool help;
};

static int
usage_error(const char *msg)
{
	return cli_usage_error(msg, "poolviz sweep --help");
}

static const char *
not_here(int ch)
{
	switch (ch) {
	case OPT_NO_SYNC:
		return ", which runs every child with --no-sync";
	case OPT_TIMELINE:
	case OPT_TRACE:
	case OPT_ASCII:
		return " (use --svg for a picture of the sweep)";
	case 'V':
		return " (use poolviz --version)";
	default:
		return "";
	}
}

static int
parse_list(const char *opt, const char *s, uint64_t min, uint64_t max,
    uint64_t **v, size_t *n, char *err, size_t errlen)
{
	free(*v);
	*v = NULL;
	*n = 0;
	return sweep_list_parse(opt, s, min, max, v, n, err, errlen);
}

static void
sweep_options_free(struct sweep_options *so)
{
	free(so->cfg.pools);
	free(so->cfg.calls);
	so->cfg.pools = so->cfg.calls = NULL;
}

static int
parse(struct sweep_options *so, int argc, char **argv, char *err,
    size_t errlen)
{
	struct sweep_config *c = &so->cfg;
	struct options_getopt g;
	unsigned given = 0, knob;
	uint64_t v;
	char name[128];
	int ch;

	memset(so, 0, sizeof(*so));
	work_params_defaults(&c->work);
	c->repeat = 1;
	so->format = FORMAT_TEXT;
	options_getopt_make(&g, own_longopts, "c:hp:V", false);
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, g.optstring, g.longopts,
	    NULL)) != -1) {
		/* A value of its own argument that is itself an option. */
		if (argv_check_value(ch, argc, argv, ch == OPT_SVG, g.longopts,
		    g.shorts, err, errlen) != 0)
			return -1;
		switch (ch) {
		case 'c':
			if (parse_list("--calls", optarg, 0, OPT_CALLS_MAX,
			    &c->calls, &c->ncalls, err, errlen) != 0)
				return -1;
			break;
		case 'h':
			so->help = true;
			break;
		case OPT_CHECK:
			so->check = true;
			break;
		case 'p':
			if (parse_list("--pool", optarg, 1, OPT_POOL_MAX,
			    &c->pools, &c->npools, err, errlen) != 0)
				return -1;
			break;
		case OPT_FORMAT:
			if (options_parse_format(optarg, &so->format, err,
			    errlen) != 0)
				return -1;
			break;
		case OPT_HASH_MS:
			if (argv_parse_u64("--hash-ms", optarg, OPT_HASH_MS_MIN,
			    OPT_HASH_MS_MAX, &c->hash_ms, err, errlen) != 0)
				return -1;
			break;
		case OPT_REPEAT:
			if (argv_parse_u64("--repeat", optarg, 1,
			    SWEEP_REPEAT_MAX, &v, err, errlen) != 0)
				return -1;
			c->repeat = (unsigned)v;
			break;
		case OPT_SVG:
			if (argv_parse_path("--svg", optarg, &so->svg_path,
			    err, errlen) != 0)
				return -1;
			break;
		case OPT_SCENARIO: {
			enum scenario s;

			if (scenario_parse(optarg, &s, err, errlen) != 0)
				return -1;
			/* Only lookups and reads have a number to sweep: how many ran at once. */
			if (!scenario_get(s)->io) {
				snprintf(err, errlen, "--scenario %s: does not "
				    "apply to sweep (only a scenario of lookups "
				    "and file reads does)", scenario_name(s));
				return -1;
			}
			c->scenario = scenario_name(s);
			break;
		}
		case 'V':
		case OPT_ASCII:
		case OPT_NO_SYNC:
		case OPT_PRINT_KEY:
		case OPT_TIMELINE:
		case OPT_TRACE:
			snprintf(err, errlen, "%s: does not apply to sweep%s",
			    argv_name(argc, argv, name, sizeof(name)),
			    not_here(ch));
			return -1;
		default:
			/* The work's options, parsed as poolviz parses them. */
			if (options_parse_other(&c->work, &given, ch, argc, argv,
			    &g, err, errlen) != 0)
				return -1;
			break;
		}
	}
	if (argv_no_operands(argc, argv, "poolviz sweep", err, errlen) != 0)
		return -1;
	if (options_work_applies(&c->work, given, err, errlen) != 0)
		return -1;
	if (c->hash_ms != 0 && (knob = given &
	    work_scale_params(c->work.kind)) != 0) {
		/* The first of them: the lowest bit. */
		snprintf(err, errlen, "--hash-ms: cannot be combined with %s "
		    "(it picks that value itself)",
		    work_param_option((enum work_param)(knob & (~knob + 1))));
		return -1;
	}
	if (c->hash_ms != 0 && c->scenario != NULL) {
		snprintf(err, errlen, "--hash-ms: does not apply with "
		    "--scenario %s (its units are lookups and reads)",
		    c->scenario);
		return -1;
	}
	c->work.keylen = work_keylen(&c->work);
	work_describe(&c->work, &c->desc);
	if (c->pools == NULL && parse_list("--pool", SWEEP_POOLS_DEFAULT, 1,
	    OPT_POOL_MAX, &c->pools, &c->npools, err, errlen) != 0)
		return -1;
	if (c->calls == NULL && parse_list("--calls", SWEEP_CALLS_DEFAULT, 0,
	    OPT_CALLS_MAX, &c->calls, &c->ncalls, err, errlen) != 0)
		return -1;
	return sweep_grid_check(c->npools, c->ncalls, c->repeat, err, errlen);
}

/*
 * Refuse parameters the work will not take, before any child: -1 for
 * the user's value, 1 for what is not the user's (OpenSSL's
 * configuration, memory), as poolviz tells them apart.
 */
static int
check_work(const struct sweep_config *c, char *err, size_t errlen)
{
	struct work *w;
	const char *param;
	char msg[512];

	if (work_open(&w, &c->work, &param, msg, sizeof(msg)) != 0) {
		options_work_error(err, errlen, param, msg);
		return param == NULL ? 1 : -1;
	}
	work_close(w);
	return 0;
}

/* The program each point runs: POOLVIZ_SWEEP_EXE, else this one. */
static int
find_exe(char *buf, size_t len, char *err, size_t errlen)
{
	const char *env = hooks_sweep_exe();
	size_t n = len;
	int rc;

	if (env != NULL) {
		if ((size_t)snprintf(buf, len, "%s", env) >= len) {
			snprintf(err, errlen, "POOLVIZ_SWEEP_EXE: path too long");
			return -1;
		}
		return 0;
	}
	if ((rc = uv_exepath(buf, &n)) != 0) {
		snprintf(err, errlen, "cannot find poolviz's own path: %s",
		    uv_strerror(rc));
		return -1;
	}
	return 0;
}

/*
 * --hash-ms: size the work once, here, so that every child is given the
 * same value of its knob (calibrating in each child would give each
 * point a different amount of work). On a terminal, say what was chosen,
 * so that it can be given again.
 */
static int
calibrate(struct sweep_config *c, bool tty, char *err, size_t errlen)
{
	char line[400];
	double unit_ms;

	if (work_calibrate(&c->work, (double)c->hash_ms, &unit_ms, err,
	    errlen) != 0)
		return -1;
	work_describe(&c->work, &c->desc);
	/* Its points differ in pool: no one wall time to expect. */
	if (tty) {
		notes_hash_ms_line(line, sizeof(line), c->hash_ms, &c->desc,
		    unit_ms, NULL, NULL, 0, 0);
		fprintf(stderr, "poolviz: %s\n", line);
	}
	return 0;
}

/* "2 min 5 s", "12 s", "0.4 s". */
static void
duration(char *buf, size_t len, double s)
{
	if (s >= 90)
		snprintf(buf, len, "%.0f min %.0f s", floor(s / 60),
		    fmod(round(s), 60));
	else if (s >= 10)
		snprintf(buf, len, "%.0f s", s);
	else
		snprintf(buf, len, "%.1f s", s);
}

/*
 * Before the first child, on a terminal: how long the sweep should take
 * on a quiet machine, from one unit timed here (T) and the waves each
 * point makes, with what starting a child costs. A class can then decide
 * whether to wait. A dns sweep's units are not this work's: no estimate.
 */
#define SWEEP_CHILD_MS	50	/* a child's start and end, about */

static void
estimate(const struct sweep_config *c, bool tty)
{
	unsigned cpus = uv_available_parallelism();
	double t, total = 0;
	char err[256], d[64], unit[sizeof(c->desc.unit)];

	if (!tty || c->scenario != NULL)
		return;
	if (c->hash_ms != 0)
		t = (double)c->hash_ms;
	else if (work_unit_ms(&c->work, &t, err, sizeof(err)) != 0)
		return;
	for (size_t i = 0; i < c->ncalls; i++)
		for (size_t j = 0; j < c->npools; j++)
			total += (double)sweep_expected_waves(c->calls[i],
			    (unsigned)c->pools[j], cpus) * t + SWEEP_CHILD_MS;
	total *= c->repeat;
	duration(d, sizeof(d), total / 1000);
	snprintf(unit, sizeof(unit), "%s", c->desc.unit);
	unit[0] = (char)tolower((unsigned char)unit[0]);
	fprintf(stderr, "poolviz: sweep: %zu %s x %u %s, about %s on a "
	    "quiet machine (one %s: %.0f ms of CPU here)\n",
	    c->npools * c->ncalls, c->npools * c->ncalls == 1 ? "point" :
	    "points", c->repeat, c->repeat == 1 ? "run" : "runs", d,
	    unit, t);
}

/* On a terminal only: one line, rewritten in place for each run. */
static void
progress(void *arg, size_t run, size_t nruns, unsigned pool, uint64_t calls,
    unsigned round, unsigned repeat)
{
	(void)arg;
	if (repeat == 1)
		fprintf(stderr, "\rpoolviz: point %zu of %zu (pool %u, calls %"
		    PRIu64 ")\033[K", run, nruns, pool, calls);
	else
		fprintf(stderr, "\rpoolviz: run %zu of %zu (pool %u, calls %"
		    PRIu64 ", repeat %u of %u)\033[K", run, nruns, pool, calls,
		    round, repeat);
}

static void
progress_clear(bool tty)
{
	if (tty)
		fputs("\r\033[K", stderr);
}

/* A sweep in text on a terminal prints each row as its point finishes. */
struct live_table {
	struct output *out;
	const struct sweep_config *cfg;
	bool tty;		/* stderr: a progress line to clear first */
	bool head;		/* the heading is out */
};

static void
live_point(void *arg, size_t k, const struct sweep_point *p,
    const struct sweep_machine *m)
{
	struct live_table *lt = arg;
	struct sweep_result r = { .config = lt->cfg, .machine = *m };

	(void)k;
	progress_clear(lt->tty);
	if (!lt->head) {
		lt->head = true;
		output_note(lt->out, render_sweep_text_head(lt->out->f, &r));
	}
	output_note(lt->out, render_sweep_text_row(lt->out->f, p,
	    m->cpus, lt->cfg));
	output_flush(lt->out);
}

static int
render(struct output *out, const struct sweep_options *so,
    const struct sweep_result *res)
{
	return output_note(out, sweep_output_of_format(so->format)->render(
	    out->f, res));
}

/* Render the plot into its file and move it into place, or leave none. */
static int
write_svg(struct atomicfile *of, const struct sweep_result *res, char *err,
    size_t errlen)
{
	char e[PATHS_ECHO_SIZE];

	if (render_sweep_svg(of->f, res) != 0 && !ferror(of->f)) {
		atomicfile_discard(of);
		snprintf(err, errlen, "--svg '%s': cannot render it",
		    paths_echo(of->path, e));
		return -1;
	}
	return atomicfile_commit(of, err, errlen);
}

/*
 * --check: the sweep as a gate. A point that failed the law where others
 * took nothing worth a sentence fails the sweep (1); one that failed
 * beside others proves nothing (inconclusive, 3), as for poolviz's own
 * verdicts. One line says which, the first failed points named.
 */
static int
sweep_verdict(char *line, size_t len, const struct sweep_result *res)
{
	size_t failed = 0, disturbed = 0, n = 0;
	enum verdict worst = VERDICT_PASS;
	int k;

	for (size_t i = 0; i < res->npoints; i++)
		switch (sweep_point_verdict(&res->points[i], res->machine.cpus)) {
		case VERDICT_FAIL:
			failed++;
			break;
		case VERDICT_INCONCLUSIVE:
			disturbed++;
			break;
		case VERDICT_PASS:
		case VERDICT_NOT_JUDGED:
		case VERDICT_INTERRUPTED:
			break;
		}
	if (failed > 0)
		worst = VERDICT_FAIL;
	else if (disturbed > 0)
		worst = VERDICT_INCONCLUSIVE;
	if (worst == VERDICT_PASS) {
		snprintf(line, len, "poolviz: ok: %zu %s within %.0f%% of the law",
		    res->npoints, res->npoints == 1 ? "point" : "points",
		    SWEEP_LAW_TOLERANCE * 100);
		return PV_EXIT_OK;
	}
	k = snprintf(line, len, worst == VERDICT_FAIL ?
	    "poolviz: FAIL: %zu of %zu points off the law by more than %.0f%%" :
	    "poolviz: inconclusive: %zu of %zu points off the law by more than "
	    "%.0f%%, each beside other processes", worst == VERDICT_FAIL ?
	    failed : disturbed, res->npoints, SWEEP_LAW_TOLERANCE * 100);
	for (size_t i = 0; i < res->npoints && k > 0 && (size_t)k < len; i++) {
		const struct sweep_point *p = &res->points[i];

		if (sweep_point_verdict(p, res->machine.cpus) != worst)
			continue;
		if (n == 3) {
			k += snprintf(line + k, len - (size_t)k, ", ...");
			break;
		}
		k += snprintf(line + k, len - (size_t)k, "%spool %u calls %"
		    PRIu64, n == 0 ? ": " : ", ", p->pool, p->calls);
		n++;
	}
	if (worst == VERDICT_FAIL && disturbed > 0 && k > 0 && (size_t)k < len)
		snprintf(line + k, len - (size_t)k, "; %zu more beside other "
		    "processes", disturbed);
	return worst == VERDICT_FAIL ? PV_EXIT_FAIL : PV_EXIT_INCONCLUSIVE;
}

/*
 * Points run in child processes and nothing is printed until every one
 * has: a failed child or a signal leaves stdout empty and no SVG file,
 * so nothing partial can be mistaken for a whole sweep. On a terminal in
 * text, where a person watches, the table's rows appear as their points
 * finish instead, and the law follows once all have.
 */
int
sweep_main(int argc, char **argv)
{
	struct sweep_options so;
	struct sweep_result res;
	struct output out;
	struct atomicfile of = { .path = NULL };
	struct live_table live = { 0 };
	char err[1024], exe[PATH_MAX];
	bool tty = isatty(STDERR_FILENO);
	int status = PV_EXIT_OK, signum, rc;

	output_init(&out, stdout);
	if (parse(&so, argc, argv, err, sizeof(err)) != 0) {
		sweep_options_free(&so);
		return usage_error(err);
	}
	if (so.help) {
		sweep_options_free(&so);
		output_note(&out, usage_sweep_print(stdout));
		return cli_finish_output(&out, PV_EXIT_OK);
	}
	/*
	 * --svg - (or another name of stdout): the plot alone on stdout, as
	 * for poolviz (text to stderr).
	 */
	if (paths_stdout(so.svg_path) != PATHS_FILE && so.format != FORMAT_TEXT) {
		char e[PATHS_ECHO_SIZE];

		snprintf(err, sizeof(err), "--svg '%s': --format %s writes to "
		    "stdout too (expected one output on stdout; with text, the "
		    "table goes to stderr)", paths_echo(so.svg_path, e),
		    format_name(so.format));
		sweep_options_free(&so);
		return usage_error(err);
	}
	if (paths_stdout(so.svg_path) != PATHS_FILE) {
		FILE *f = stdfds_copy(STDERR_FILENO);

		if (f == NULL) {
			sweep_options_free(&so);
			cli_complain("sweep: ", "cannot write the table to stderr");
			return PV_EXIT_FAIL;
		}
		output_init(&out, f);
	}
	if ((rc = check_work(&so.cfg, err, sizeof(err))) > 0) {
		sweep_options_free(&so);
		cli_complain("sweep: ", err);
		return PV_EXIT_FAIL;
	}
	if (rc != 0 ||
	    sweep_args_fit(&so.cfg, err, sizeof(err)) != 0 || (so.svg_path != NULL &&
	    atomicfile_open(&of, "--svg", so.svg_path, err, sizeof(err)) != 0)) {
		sweep_options_free(&so);
		return usage_error(err);
	}
	if (find_exe(exe, sizeof(exe), err, sizeof(err)) != 0 ||
	    (so.cfg.hash_ms != 0 && calibrate(&so.cfg, tty, err,
	    sizeof(err)) != 0)) {
		status = PV_EXIT_FAIL;
		goto fail;
	}
	estimate(&so.cfg, tty);
	live.out = &out;
	live.cfg = &so.cfg;
	live.tty = tty;
	switch (sweep_run_live(&res, &so.cfg, exe, tty ? progress : NULL,
	    so.format == FORMAT_TEXT && isatty(STDOUT_FILENO) ? live_point :
	    NULL, &live, &signum, err, sizeof(err))) {
	case SWEEP_DONE:
		break;
	case SWEEP_INTERRUPTED:
		progress_clear(tty);
		status = signum == SIGTERM ? PV_EXIT_SIGTERM : PV_EXIT_SIGINT;
		goto out;
	case SWEEP_FAILED:
		progress_clear(tty);
		status = PV_EXIT_FAIL;
		goto fail;
	}
	progress_clear(tty);
	/*
	 * The sweep's loop, and its signal handling, are over (libuv gave
	 * SIGINT and SIGTERM their default actions back): from here a first
	 * signal ends the sweep at once, removing the SVG's temporary file,
	 * even in a write to a full pipe.
	 */
	signals_install();
	if (live.head)
		output_note(&out, render_sweep_text_tail(out.f, &res));
	else
		render(&out, &so, &res);
	if (so.check) {
		char line[512];

		status = sweep_verdict(line, sizeof(line), &res);
		/* As poolviz's: last in text, on stderr beside other formats. */
		if (so.format == FORMAT_TEXT)
			output_note(&out, fprintf(out.f, "%s\n", line) < 0 ?
			    -1 : 0);
		else
			fprintf(stderr, "%s\n", line);
	}
	if (so.svg_path != NULL && write_svg(&of, &res, err, sizeof(err)) != 0) {
		/* --svg - into a reader that went away: stop quietly. */
		if (paths_stdout(so.svg_path) != PATHS_FILE && of.error == EPIPE)
			status = PV_EXIT_READER_GONE;
		else {
			cli_complain("", err);
			status = PV_EXIT_FAIL;
		}
	}
	sweep_result_free(&res);
	sweep_options_free(&so);
	return cli_finish_output(&out, status);

fail:
	cli_complain("sweep: ", err);
out:
	if (so.svg_path != NULL)
		atomicfile_discard(&of);
	sweep_options_free(&so);
	return cli_finish_output(&out, status);
}
