/* sweep: parse the sweep's options, run its points, render what they measured. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
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
#include "sweep/render_sweep.h"
#include "sys/paths.h"
#include "sys/signals.h"
#include "sweep/sweep.h"
#include "sweep/sweep_grid.h"
#include "sweep/sweep_run.h"

static const char sweep_usage[] =
"usage: poolviz sweep [-p pools] [-c calls] [--repeat N] [-i iterations]\n"
"                     [-k keylen] [-d digest] [--password S] [--salt S]\n"
"                     [--work W] [--scrypt-n N] [--scrypt-r R] [--scrypt-p P]\n"
"                     [--size BYTES] [--level L]\n"
"                     [--format text|json|csv|markdown] [--svg FILE]\n"
"       poolviz sweep -h | --help\n"
"\n"
"Runs the experiment without the blocking hash at every point of a grid of\n"
"pool sizes and call counts, each in a fresh poolviz process (libuv sets the\n"
"pool size once per process), one at a time, and shows how the time to\n"
"finish all hashes follows ceil(calls / min(pool, CPUs)) times one hash.\n"
"\n"
"options:\n"
"  -p, --pool LIST      pool sizes, each 1 to 1024 (default 1,2,4,8)\n"
"  -c, --calls LIST     call counts, each 0 to 1000000 (default 8)\n"
"                       a LIST holds numbers and ranges: 1,2,4 or 1-8 or 1,2,4-6\n"
"      --repeat N       runs per point, 1 to 100 (default 1): medians are shown\n"
"      --work W         pbkdf2 (default), scrypt or deflate, with its options\n"
"                       as for poolviz; every child is given them\n"
"  -i, --iterations N   PBKDF2 iterations, 1 to 2147483647 (default 100000)\n"
"  -k, --keylen N       derived key length in bytes, 1 to 1048576 (default 512)\n"
"  -d, --digest NAME    as for poolviz (default sha512)\n"
"      --password S     the password (default password)\n"
"      --salt S         the salt (default salt)\n"
"      --scrypt-n N, --scrypt-r R, --scrypt-p P, --size BYTES, --level L\n"
"                       as for poolviz\n"
"      --format F       text (default): a table and the law it shows;\n"
"                       json: one document (schema 1); csv: one row per point;\n"
"                       markdown: the table and the law, for a CI summary\n"
"      --svg FILE       write makespan against pool size as an SVG plot; '-'\n"
"                       writes it to stdout (the text then goes to stderr)\n"
"  -h, --help           show this help and exit\n"
"\n"
"A sweep runs at most 10000 children (points x repeat). Progress goes to\n"
"stderr when it is a terminal. If a child fails, the sweep stops and names\n"
"the point and the first line of the child's stderr; nothing is printed.\n"
"\n"
"exit status:\n"
"  0    every point ran and the output was written\n"
"  1    a child failed, or output was lost\n"
"  2    bad input: nothing was run\n"
"  130  interrupted by SIGINT (Ctrl-C); 143: by SIGTERM; nothing is printed\n"
"  141  the reader of stdout went away\n"
"\n"
"environment:\n"
"  POOLVIZ_SWEEP_EXE    run this program for each point instead of poolviz\n"
"                       itself (a hook for tests)\n";

enum {
	OPT_ASCII = 256,
	OPT_FORMAT,
	OPT_NO_SYNC,
	OPT_PRINT_KEY,
	OPT_REPEAT,
	OPT_SCENARIO,
	OPT_SVG,
	OPT_TIMELINE,
	OPT_TRACE,
};

/*
 * Sorted by name, as in the switch below. The single run's options that
 * do not apply take an optional argument, so that every way of writing
 * them is told that, rather than an unknown option or a missing value.
 */
static const struct option longopts[] = {
	{ "ascii",	optional_argument,	NULL, OPT_ASCII },
	{ "calls",	required_argument,	NULL, 'c' },
	{ "digest",	required_argument,	NULL, 'd' },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "help",	no_argument,		NULL, 'h' },
	{ "iterations",	required_argument,	NULL, 'i' },
	{ "keylen",	required_argument,	NULL, 'k' },
	{ "level",	required_argument,	NULL, OPT_W_LEVEL },
	{ "no-sync",	optional_argument,	NULL, OPT_NO_SYNC },
	{ "password",	required_argument,	NULL, OPT_W_PASSWORD },
	{ "pool",	required_argument,	NULL, 'p' },
	{ "print-key",	optional_argument,	NULL, OPT_PRINT_KEY },
	{ "repeat",	required_argument,	NULL, OPT_REPEAT },
	{ "salt",	required_argument,	NULL, OPT_W_SALT },
	{ "scenario",	optional_argument,	NULL, OPT_SCENARIO },
	{ "scrypt-n",	required_argument,	NULL, OPT_W_SCRYPT_N },
	{ "scrypt-p",	required_argument,	NULL, OPT_W_SCRYPT_P },
	{ "scrypt-r",	required_argument,	NULL, OPT_W_SCRYPT_R },
	{ "size",	required_argument,	NULL, OPT_W_SIZE },
	{ "svg",	required_argument,	NULL, OPT_SVG },
	{ "timeline",	optional_argument,	NULL, OPT_TIMELINE },
	{ "trace",	optional_argument,	NULL, OPT_TRACE },
	{ "version",	optional_argument,	NULL, 'V' },
	{ "work",	required_argument,	NULL, OPT_W_WORK },
	{ NULL,		0,			NULL, 0 },
};

struct sweep_options {
	struct sweep_config cfg;
	enum format format;
	const char *svg_path;	/* NULL: no SVG */
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
	case OPT_SCENARIO:
		return ", which runs the article's scenario";
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
	struct options d;
	uint64_t v;
	char name[128];
	int ch;

	options_defaults(&d);
	memset(so, 0, sizeof(*so));
	c->repeat = 1;
	so->format = FORMAT_TEXT;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:c:d:hi:k:p:V", longopts,
	    NULL)) != -1) {
		/* A value of its own argument that is itself an option. */
		if (optarg != NULL && optind >= 2 && optarg == argv[optind - 1]) {
			char opt[OPT_ECHO_SIZE + 2];
			const char *a = argv[optind - 2];

			if (strncmp(a, "--", 2) != 0)
				snprintf(opt, sizeof(opt), "-%c", ch);
			else
				snprintf(opt, sizeof(opt), "%.*s", (int)(strcspn(a,
				    "=") < OPT_ECHO_MAX ? strcspn(a, "=") : OPT_ECHO_MAX), a);
			if (options_value_is_option(opt, optarg, ch == OPT_SVG,
			    longopts, err, errlen) != 0)
				return -1;
		}
		switch (ch) {
		case 'c':
			if (parse_list("--calls", optarg, 0, OPT_CALLS_MAX,
			    &c->calls, &c->ncalls, err, errlen) != 0)
				return -1;
			break;
		case 'h':
			so->help = true;
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
		case OPT_REPEAT:
			if (options_parse_u64("--repeat", optarg, 1,
			    SWEEP_REPEAT_MAX, &v, err, errlen) != 0)
				return -1;
			c->repeat = (unsigned)v;
			break;
		case OPT_SVG:
			if (options_parse_path("--svg", optarg, &so->svg_path,
			    err, errlen) != 0)
				return -1;
			break;
		case 'V':
		case OPT_ASCII:
		case OPT_NO_SYNC:
		case OPT_PRINT_KEY:
		case OPT_SCENARIO:
		case OPT_TIMELINE:
		case OPT_TRACE:
			snprintf(err, errlen, "%s: does not apply to sweep%s",
			    options_name(argc, argv, name, sizeof(name)),
			    not_here(ch));
			return -1;
		default:
			/* The work's options, parsed as poolviz parses them. */
			if (options_parse_other(&d, ch, argc, argv, longopts,
			    err, errlen) != 0)
				return -1;
			break;
		}
	}
	if (options_no_operands(argc, argv, "poolviz sweep", err, errlen) != 0)
		return -1;
	if (options_work_applies(&d, err, errlen) != 0)
		return -1;
	options_work_params(&d, &c->work);
	c->work.keylen = work_keylen(&c->work);
	c->iterations = c->work.iterations;
	c->keylen = c->work.keylen;
	c->digest = c->work.digest;
	c->password = c->work.password;
	c->salt = c->work.salt;
	work_describe(&c->work, &c->desc);
	if (c->pools == NULL && parse_list("--pool", SWEEP_POOLS_DEFAULT, 1,
	    OPT_POOL_MAX, &c->pools, &c->npools, err, errlen) != 0)
		return -1;
	if (c->calls == NULL && parse_list("--calls", SWEEP_CALLS_DEFAULT, 0,
	    OPT_CALLS_MAX, &c->calls, &c->ncalls, err, errlen) != 0)
		return -1;
	return sweep_grid_check(c->npools, c->ncalls, c->repeat, err, errlen);
}

/* Refuse parameters the work will not take, before any child. */
static int
check_work(const struct sweep_config *c, char *err, size_t errlen)
{
	struct work *w;
	const char *param;
	char msg[512];

	if (work_open(&w, &c->work, &param, msg, sizeof(msg)) != 0) {
		options_work_error(err, errlen, param, msg);
		return -1;
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
	    m->cpus));
	output_flush(lt->out);
}

static int
render(struct output *out, const struct sweep_options *so,
    const struct sweep_result *res)
{
	switch (so->format) {
	case FORMAT_JSON:
		return output_note(out, render_sweep_json(out->f, res));
	case FORMAT_CSV:
		return output_note(out, render_sweep_csv(out->f, res));
	case FORMAT_MARKDOWN:
		return output_note(out, render_sweep_markdown(out->f, res));
	case FORMAT_TEXT:
		break;
	}
	return output_note(out, render_sweep_text(out->f, res));
}

/* Render the plot into its file and move it into place, or leave none. */
static int
write_svg(struct atomicfile *of, const struct sweep_result *res, char *err,
    size_t errlen)
{
	if (render_sweep_svg(of->f, res) != 0 && !ferror(of->f)) {
		atomicfile_discard(of);
		snprintf(err, errlen, "--svg '%s': cannot render it", of->path);
		return -1;
	}
	return atomicfile_commit(of, err, errlen);
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
	int status = PV_EXIT_OK, signum;

	output_init(&out, stdout);
	if (parse(&so, argc, argv, err, sizeof(err)) != 0) {
		sweep_options_free(&so);
		return usage_error(err);
	}
	if (so.help) {
		sweep_options_free(&so);
		output_note(&out, fputs(sweep_usage, stdout) == EOF ? -1 : 0);
		return cli_finish_output(&out, PV_EXIT_OK);
	}
	/* --svg -: the plot alone on stdout, as for poolviz (text to stderr). */
	if (paths_stdout(so.svg_path) == PATHS_DASH && so.format != FORMAT_TEXT) {
		snprintf(err, sizeof(err), "--svg '-': --format %s writes to "
		    "stdout too (expected one output on stdout; with text, the "
		    "table goes to stderr)", format_name(so.format));
		sweep_options_free(&so);
		return usage_error(err);
	}
	if (paths_stdout(so.svg_path) == PATHS_DASH) {
		int fd = dup(STDERR_FILENO);
		FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

		if (f == NULL) {
			sweep_options_free(&so);
			cli_complain("sweep: ", "cannot write the table to stderr");
			return PV_EXIT_FAIL;
		}
		output_init(&out, f);
	}
	if (check_work(&so.cfg, err, sizeof(err)) != 0 ||
	    sweep_args_fit(&so.cfg, err, sizeof(err)) != 0 || (so.svg_path != NULL &&
	    atomicfile_open(&of, "--svg", so.svg_path, err, sizeof(err)) != 0)) {
		sweep_options_free(&so);
		return usage_error(err);
	}
	if (find_exe(exe, sizeof(exe), err, sizeof(err)) != 0) {
		status = PV_EXIT_FAIL;
		goto fail;
	}
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
	if (so.svg_path != NULL && write_svg(&of, &res, err, sizeof(err)) != 0) {
		/* --svg - into a reader that went away: stop quietly. */
		if (paths_stdout(so.svg_path) == PATHS_DASH && of.error == EPIPE)
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
