/* options: parse and validate the command line, knowing nothing of libuv. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/scenario.h"
#include "options.h"
#include "sys/paths.h"

enum {
	OPT_ASCII = 256,
	OPT_BASELINE,
	OPT_CHECK,
	OPT_FORMAT,
	OPT_LIVE,
	OPT_HASH_MS,
	OPT_NO_SYNC,
	OPT_NOTES,
	OPT_PRINT_KEY,
	OPT_REPEAT,
	OPT_RETRIES,
	OPT_RETRY_BUDGET,
	OPT_SCENARIO,
	OPT_TIMELINE,
	OPT_TOLERANCE,
	OPT_WARMUP,
};

/*
 * poolviz's own options, sorted by name, as in the switch below. The
 * work's come from its table, the file outputs' from theirs.
 */
static const struct option own_longopts[] = {
	{ "ascii",	no_argument,		NULL, OPT_ASCII },
	{ "baseline",	required_argument,	NULL, OPT_BASELINE },
	{ "calls",	required_argument,	NULL, 'c' },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "hash-ms",	required_argument,	NULL, OPT_HASH_MS },
	{ "help",	no_argument,		NULL, 'h' },
	{ "live",	no_argument,		NULL, OPT_LIVE },
	{ "no-sync",	no_argument,		NULL, OPT_NO_SYNC },
	{ "notes",	no_argument,		NULL, OPT_NOTES },
	{ "pool",	required_argument,	NULL, 'p' },
	{ "print-key",	no_argument,		NULL, OPT_PRINT_KEY },
	{ "repeat",	required_argument,	NULL, OPT_REPEAT },
	{ "retries",	required_argument,	NULL, OPT_RETRIES },
	{ "retry-budget", required_argument,	NULL, OPT_RETRY_BUDGET },
	{ "scenario",	required_argument,	NULL, OPT_SCENARIO },
	{ "timeline",	no_argument,		NULL, OPT_TIMELINE },
	{ "tolerance",	required_argument,	NULL, OPT_TOLERANCE },
	{ "version",	no_argument,		NULL, 'V' },
	{ "warmup",	required_argument,	NULL, OPT_WARMUP },
	{ NULL,		0,			NULL, 0 },
};

void
options_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->calls = 4;
	work_params_defaults(&o->work);
	o->sync = true;
	o->scenario = (enum scenario)0;	/* the table's first row */
	o->format = FORMAT_TEXT;
	o->repeat = 1;
	o->tolerance = OPT_TOLERANCE_DEFAULT;
	o->retry_budget_s = OPT_RETRY_BUDGET_DEFAULT;
}

static void
add_option(struct options_getopt *g, size_t *n, const char *name, int has_arg,
    int val)
{
	if (*n < OPTIONS_LONGOPTS_MAX)
		g->longopts[(*n)++] = (struct option){ name, has_arg, NULL, val };
}

static void
add_short(struct options_getopt *g, char c, bool arg)
{
	size_t n = strlen(g->optstring), k = strlen(g->shorts);

	if (n + 2 < sizeof(g->optstring)) {
		g->optstring[n++] = c;
		if (arg)
			g->optstring[n++] = ':';
		g->optstring[n] = '\0';
	}
	if (k + 1 < sizeof(g->shorts)) {
		g->shorts[k++] = c;
		g->shorts[k] = '\0';
	}
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct option *)a)->name,
	    ((const struct option *)b)->name);
}

/*
 * The table getopt_long reads: own rows (and own_short's letters, as
 * getopt writes them: "c:hp:V"), --work and the work's rows, and with
 * outputs a row for each file output, named by its option.
 */
void
options_getopt_make(struct options_getopt *g, const struct option *own,
    const char *own_short, bool outputs)
{
	size_t n = 0, nrows;
	const struct work_option *rows = work_options(&nrows);

	memset(g, 0, sizeof(*g));
	/* '+': stop at the first operand instead of permuting; ':': report a missing argument apart. */
	snprintf(g->optstring, sizeof(g->optstring), "+:");
	for (const char *c = own_short; *c != '\0'; c++)
		if (*c != ':')
			add_short(g, *c, c[1] == ':');
	for (const struct option *lo = own; lo->name != NULL; lo++)
		add_option(g, &n, lo->name, lo->has_arg, lo->val);
	add_option(g, &n, "work", required_argument, OPT_WORK);
	for (size_t i = 0; i < nrows; i++) {
		add_option(g, &n, rows[i].name + 2, required_argument,
		    rows[i].short_name != 0 ? rows[i].short_name :
		    OPT_WORK_ROW + (int)i);
		if (rows[i].short_name != 0)
			add_short(g, rows[i].short_name, true);
	}
	for (int i = 0; outputs && i < OUTPUT_COUNT; i++)
		if (output_kind((enum output_id)i)->file)
			add_option(g, &n, output_kind((enum output_id)i)->option + 2,
			    required_argument, OPT_OUTPUT + i);
	/* Sorted, so that "could be --a, --b" lists them in order. */
	qsort(g->longopts, n, sizeof(g->longopts[0]), by_name);
}

int
options_parse_format(const char *s, enum format *out, char *err, size_t errlen)
{
	char names[256], e[ARGV_ECHO_SIZE];

	if (format_from_name(s, out) == 0)
		return 0;
	format_names(names, sizeof(names));
	snprintf(err, errlen, "--format '%s': unknown format (expected %s)",
	    argv_echo(s, e, sizeof(e)), names);
	return -1;
}

static int
parse_scenario(const char *s, enum scenario *out, char *err, size_t errlen)
{
	char msg[1024], e[ARGV_ECHO_SIZE];

	if (scenario_parse(s, out, msg, sizeof(msg)) == 0)
		return 0;
	/* No scenario's name is long: the shortened value fails alike. */
	(void)scenario_parse(argv_echo(s, e, sizeof(e)), out, msg, sizeof(msg));
	snprintf(err, errlen, "--scenario %s", msg);
	return -1;
}

/* Two names of one file, existing or not yet (sys/paths.c). */
static bool
same_file(const char *a, const char *b)
{
	return paths_same(a, b);
}

/* The file an output goes to; NULL for stdout, or a file not asked for. */
const char *
options_output_path(const struct options *o, enum output_id id)
{
	return (unsigned)id < OUTPUT_COUNT ? o->paths[id] : NULL;
}

/*
 * The file output that "-", or another name of stdout (/dev/stdout,
 * stdout's own file), sends to stdout, or -1 when none does.
 */
static int
stdout_file(const struct options *o)
{
	for (int i = 0; i < OUTPUT_COUNT; i++)
		if (paths_stdout(options_output_path(o, (enum output_id)i)) != PATHS_FILE)
			return i;
	return -1;
}

/*
 * A file option that names stdout ("-" or any other name of it) takes
 * stdout: text mode's lines, chart and verdicts then go to stderr, so
 * that stdout carries the file alone.
 */
bool
options_stdout_taken(const struct options *o)
{
	return stdout_file(o) >= 0;
}

/*
 * stdout carries one thing: two files given "-", or one with a --format
 * whose output is data too (json, csv, markdown), would interleave.
 */
static int
check_stdout(const struct options *o, char *err, size_t errlen)
{
	int a = stdout_file(o);
	char e[ARGV_ECHO_SIZE];
	const char *name;

	if (a < 0)
		return 0;
	name = argv_echo(options_output_path(o, (enum output_id)a), e, sizeof(e));
	for (int j = a + 1; j < OUTPUT_COUNT; j++)
		if (paths_stdout(options_output_path(o, (enum output_id)j)) != PATHS_FILE) {
			snprintf(err, errlen, "%s '%s': %s writes to stdout too "
			    "(expected one output on stdout)",
			    output_kind((enum output_id)a)->option, name,
			    output_kind((enum output_id)j)->option);
			return -1;
		}
	if (o->format != FORMAT_TEXT) {
		snprintf(err, errlen, "%s '%s': --format %s writes to stdout too "
		    "(expected one output on stdout; with text, the lines go to "
		    "stderr)", output_kind((enum output_id)a)->option, name,
		    format_name(o->format));
		return -1;
	}
	return 0;
}

/* One file per output, and none of them the --baseline being read. */
static int
check_files(const struct options *o, char *err, size_t errlen)
{
	char e[ARGV_ECHO_SIZE];

	if (check_stdout(o, err, errlen) != 0)
		return -1;
	for (int i = 0; i < OUTPUT_COUNT; i++) {
		const char *a = options_output_path(o, (enum output_id)i);

		for (int j = i + 1; j < OUTPUT_COUNT && a != NULL; j++)
			if (same_file(a, options_output_path(o, (enum output_id)j))) {
				snprintf(err, errlen, "%s '%s': names the same file as "
				    "%s (expected one file each)",
				    output_kind((enum output_id)i)->option,
				    argv_echo(a, e, sizeof(e)),
				    output_kind((enum output_id)j)->option);
				return -1;
			}
		/* --save-baseline may replace the baseline it was compared with. */
		if (i != OUTPUT_BASELINE && same_file(o->baseline, a)) {
			snprintf(err, errlen, "--baseline '%s': names the same file "
			    "as %s, which would overwrite it (expected another file)",
			    argv_echo(o->baseline, e, sizeof(e)), output_kind((enum output_id)i)->option);
			return -1;
		}
	}
	return 0;
}

#define PRINT_KEY_BYTES_MAX	(256 << 20)

/* Refuse what the chosen scenario would silently ignore. */
static int
check_applies(const struct options *o, char *err, size_t errlen)
{
	const struct scenario_kind *sc = scenario_get(o->scenario);
	unsigned knob;

	if (!o->sync && !sc->no_sync) {
		snprintf(err, errlen, "--no-sync: does not apply to --scenario "
		    "%s, %s", sc->name, sc->blocks ? "whose point is the blocking "
		    "hash" : "which runs no blocking hash");
		return -1;
	}
	if (o->timeline && o->format != FORMAT_TEXT) {
		snprintf(err, errlen, "--timeline: does not apply to --format "
		    "%s, whose output is data (use --svg or --trace for a picture)",
		    format_name(o->format));
		return -1;
	}
	if (o->live && o->format != FORMAT_TEXT) {
		snprintf(err, errlen, "--live: does not apply to --format %s, "
		    "whose output is data (use --svg or --trace for a picture)",
		    format_name(o->format));
		return -1;
	}
	if (o->live && o->repeat_given) {
		snprintf(err, errlen, "--live: does not apply with --repeat "
		    "(it draws one run as it goes; use --timeline)");
		return -1;
	}
	if (o->ascii && !o->timeline && !o->live) {
		snprintf(err, errlen, "--ascii: applies only with --timeline "
		    "or --live");
		return -1;
	}
	if (o->notes && !o->timeline && !o->live) {
		snprintf(err, errlen, "--notes: applies only with --timeline "
		    "or --live");
		return -1;
	}
	if (check_files(o, err, errlen) != 0)
		return -1;
	if (o->hash_ms != 0 && (knob = o->work_given &
	    work_scale_params(o->work.kind)) != 0) {
		/* The first of them: the lowest bit. */
		snprintf(err, errlen, "--hash-ms: cannot be combined with %s "
		    "(it picks that value itself)",
		    work_param_option((enum work_param)(knob & (~knob + 1))));
		return -1;
	}
	if (o->check && !sc->check) {
		snprintf(err, errlen, "--check: does not apply to --scenario %s "
		    "(its promises are the article's)", sc->name);
		return -1;
	}
	if (o->format == FORMAT_CSV && (o->check || o->baseline != NULL)) {
		snprintf(err, errlen, "--format csv: does not apply with %s "
		    "(its verdicts need text or json)", o->check ? "--check" :
		    "--baseline");
		return -1;
	}
	if (o->repeat_given && !sc->check) {
		snprintf(err, errlen, "--repeat: does not apply to --scenario %s "
		    "(its statistics are the article's metrics)", sc->name);
		return -1;
	}
	if (o->print_key && o->repeat > 1 && o->format == FORMAT_TEXT) {
		snprintf(err, errlen, "--print-key: does not apply with --repeat "
		    "in text mode, which prints no lines (use --format json)");
		return -1;
	}
	if (o->format == FORMAT_CSV && o->repeat > 1) {
		snprintf(err, errlen, "--format csv: does not apply with --repeat "
		    "(one row per hash of one run; use --format json)");
		return -1;
	}
	if (o->retry_budget_given && !o->retries_given) {
		snprintf(err, errlen, "--retry-budget: applies only with "
		    "--retries (it bounds the time the retries may take)");
		return -1;
	}
	if (o->retries_given && !o->check && o->baseline == NULL &&
	    o->paths[OUTPUT_BASELINE] == NULL) {
		snprintf(err, errlen, "--retries: applies only with --check, "
		    "--baseline or --save-baseline (it measures again what the "
		    "machine was too busy to judge)");
		return -1;
	}
	if (o->paths[OUTPUT_JUNIT] != NULL && !o->check && o->baseline == NULL) {
		snprintf(err, errlen, "--junit: applies only with --check or "
		    "--baseline (its testcases are their verdicts)");
		return -1;
	}
	/*
	 * The keys are kept for the report, calls times keylen bytes, all
	 * allocated before the run: bounded, rather than 20 GB asked of
	 * malloc for --calls 20000 --keylen 1048576.
	 */
	if (o->print_key && o->calls > 0 && work_keylen(&o->work) >
	    PRINT_KEY_BYTES_MAX / o->calls) {
		snprintf(err, errlen, "--print-key: %" PRIu64 " keys of %zu bytes "
		    "would hold %" PRIu64 " MiB (expected at most %d MiB of keys: "
		    "fewer --calls or a smaller --keylen)", o->calls,
		    work_keylen(&o->work), (uint64_t)((double)o->calls *
		    (double)work_keylen(&o->work) / (1 << 20)),
		    PRINT_KEY_BYTES_MAX >> 20);
		return -1;
	}
	if (o->print_key && o->format == FORMAT_MARKDOWN) {
		snprintf(err, errlen, "--print-key: does not apply to --format "
		    "markdown, whose tables hold no keys (use --format json)");
		return -1;
	}
	if (o->tolerance_given && !o->check && o->baseline == NULL) {
		snprintf(err, errlen, "--tolerance: applies only with --check or "
		    "--baseline");
		return -1;
	}
	return 0;
}

/* A work option's field in p: a number or a string, as its row says. */
static void *
row_field(struct work_params *p, const struct work_option *wo)
{
	return (char *)p + wo->offset;
}

/*
 * One of the work's options (--work or a row of work_options()): 0 when
 * taken, -1 on bad input, 1 when ch is not one of them. Ranges are
 * checked here; what depends on several parameters (a work's memory) is
 * the work's to check when it opens.
 */
static int
parse_work(struct work_params *p, unsigned *given, int ch, const char *arg,
    char *err, size_t errlen)
{
	size_t nrows;
	const struct work_option *rows = work_options(&nrows), *wo = NULL;
	char msg[256], e[ARGV_ECHO_SIZE];

	if (ch == OPT_WORK) {
		if (work_kind_parse(arg, &p->kind) == 0)
			return 0;
		work_kind_list(msg, sizeof(msg), ", ", " or ");
		snprintf(err, errlen, "--work '%s': unknown work (expected %s)",
		    argv_echo(arg, e, sizeof(e)), msg);
		return -1;
	}
	for (size_t i = 0; i < nrows; i++)
		if (ch == (rows[i].short_name != 0 ? rows[i].short_name :
		    OPT_WORK_ROW + (int)i))
			wo = &rows[i];
	if (wo == NULL)
		return 1;
	*given |= wo->bit;
	switch (wo->type) {
	case WORK_OPT_U64:
		return argv_parse_u64(wo->name, arg, wo->min, wo->max,
		    row_field(p, wo), err, errlen);
	case WORK_OPT_TEXT:
		*(const char **)row_field(p, wo) = arg;
		return 0;
	case WORK_OPT_CUSTOM:
		if (wo->parse(arg, p, msg, sizeof(msg)) == 0)
			return 0;
		options_work_error(err, errlen, wo->name + 2, msg);
		return -1;
	}
	return 1;
}

/*
 * An option that poolviz's and the sweep's own switches left: one of the
 * work's, or getopt_long's error. 0, or -1 with err.
 */
int
options_parse_other(struct work_params *p, unsigned *given, int ch, int argc,
    char **argv, const struct options_getopt *g, char *err, size_t errlen)
{
	int rc = parse_work(p, given, ch, optarg, err, errlen);

	if (rc > 0) {
		argv_getopt_error(ch, argc, argv, g->longopts, err, errlen);
		return -1;
	}
	return rc;
}

/* Refuse a parameter given for another work than the one chosen: the first by name. */
int
options_work_applies(const struct work_params *p, unsigned given, char *err,
    size_t errlen)
{
	unsigned stray = given & ~work_applies(p->kind);
	size_t nrows;
	const struct work_option *rows = work_options(&nrows), *first = NULL;

	for (size_t i = 0; i < nrows; i++)
		if ((stray & rows[i].bit) && (first == NULL ||
		    strcmp(rows[i].name, first->name) < 0))
			first = &rows[i];
	if (first == NULL)
		return 0;
	snprintf(err, errlen, "%s: does not apply to --work %s", first->name,
	    work_kind_name(p->kind));
	return -1;
}

/* A work's message about a parameter ("digest"), with the option's name. */
void
options_work_error(char *err, size_t errlen, const char *param,
    const char *msg)
{
	if (param != NULL)
		snprintf(err, errlen, "--%s%s%s", param, *msg == ':' ? "" : " ",
		    msg);
	else
		snprintf(err, errlen, "%s", msg);
}

/* The whole table options_parse reads: for the fuzzer's checks too. */
void
options_getopt_main(struct options_getopt *g)
{
	options_getopt_make(g, own_longopts, "c:hp:V", true);
}

int
options_parse(struct options *o, int argc, char **argv, char *err,
    size_t errlen)
{
	struct options_getopt g;
	uint64_t v;
	int ch;

	options_defaults(o);
	options_getopt_main(&g);
	optind = 0;	/* glibc: start afresh, so the parser can run again */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, g.optstring, g.longopts, NULL)) != -1) {
		/* A value of its own argument that is itself an option. */
		if (argv_check_value(ch, argc, argv, ch >= OPT_OUTPUT ||
		    ch == OPT_BASELINE, g.longopts, g.shorts, err, errlen) != 0)
			return -1;
		switch (ch) {
		case 'c':
			if (argv_parse_u64("--calls", optarg, 0,
			    OPT_CALLS_MAX, &o->calls, err, errlen) != 0)
				return -1;
			break;
		case 'h':
			o->help = true;
			break;
		case 'p':
			if (argv_parse_u64("--pool", optarg, 1,
			    OPT_POOL_MAX, &v, err, errlen) != 0)
				return -1;
			o->pool = (unsigned)v;
			break;
		case 'V':
			o->version = true;
			break;
		case OPT_ASCII:
			o->ascii = true;
			break;
		case OPT_BASELINE:
			if (argv_parse_path("--baseline", optarg, &o->baseline, err,
			    errlen) != 0)
				return -1;
			break;
		case OPT_CHECK:
			o->check = true;
			break;
		case OPT_FORMAT:
			if (options_parse_format(optarg, &o->format, err, errlen) != 0)
				return -1;
			break;
		case OPT_LIVE:
			o->live = true;
			break;
		case OPT_HASH_MS:
			if (argv_parse_u64("--hash-ms", optarg, OPT_HASH_MS_MIN,
			    OPT_HASH_MS_MAX, &o->hash_ms, err, errlen) != 0)
				return -1;
			break;
		case OPT_NO_SYNC:
			o->sync = false;
			break;
		case OPT_NOTES:
			o->notes = true;
			break;
		case OPT_PRINT_KEY:
			o->print_key = true;
			break;
		case OPT_REPEAT:
			if (argv_parse_u64("--repeat", optarg, 1, OPT_REPEAT_MAX,
			    &o->repeat, err, errlen) != 0)
				return -1;
			o->repeat_given = true;
			break;
		case OPT_RETRIES:
			if (argv_parse_u64("--retries", optarg, 0,
			    OPT_RETRIES_MAX, &o->retries, err, errlen) != 0)
				return -1;
			o->retries_given = true;
			break;
		case OPT_RETRY_BUDGET:
			if (argv_parse_u64("--retry-budget", optarg, 1,
			    OPT_RETRY_BUDGET_MAX, &o->retry_budget_s, err,
			    errlen) != 0)
				return -1;
			o->retry_budget_given = true;
			break;
		case OPT_SCENARIO:
			if (parse_scenario(optarg, &o->scenario, err, errlen) != 0)
				return -1;
			break;
		case OPT_TIMELINE:
			o->timeline = true;
			break;
		case OPT_TOLERANCE:
			if (argv_parse_u64("--tolerance", optarg, 0,
			    OPT_TOLERANCE_MAX, &o->tolerance, err, errlen) != 0)
				return -1;
			o->tolerance_given = true;
			break;
		case OPT_WARMUP:
			if (argv_parse_u64("--warmup", optarg, 0, OPT_WARMUP_MAX,
			    &o->warmup, err, errlen) != 0)
				return -1;
			break;
		default:	/* getopt_long's int, not an enum */
			/* A file output: its row in the output table names it. */
			if (ch >= OPT_OUTPUT && ch < OPT_OUTPUT + OUTPUT_COUNT) {
				if (argv_parse_path(output_kind((enum output_id)(ch -
				    OPT_OUTPUT))->option, optarg,
				    &o->paths[ch - OPT_OUTPUT], err, errlen) != 0)
					return -1;
				break;
			}
			/* The work's options, shared with the sweep. */
			if (options_parse_other(&o->work, &o->work_given, ch, argc,
			    argv, &g, err, errlen) != 0)
				return -1;
			break;
		}
	}
	if (argv_no_operands(argc, argv, "poolviz", err, errlen) != 0)
		return -1;
	if (options_work_applies(&o->work, o->work_given, err, errlen) != 0)
		return -1;
	return check_applies(o, err, errlen);
}

/*
 * The pool size libuv will use: --pool, else UV_THREADPOOL_SIZE read the
 * way libuv 1.x reads it (atoi, 0 becomes 1, capped at 1024), else 4.
 */
unsigned
options_effective_pool(const struct options *o, const char *env)
{
	unsigned n;

	if (o->pool != 0)
		return o->pool;
	if (env == NULL)
		return OPT_POOL_DEFAULT;
	n = (unsigned)atoi(env);
	if (n == 0)
		n = 1;
	if (n > OPT_POOL_MAX)
		n = OPT_POOL_MAX;
	return n;
}

/*
 * Whether this run shows only the article's lines, and so never reads a
 * pooled unit's CPU time: the default scenario in text mode, with no
 * chart, no statistics, no verdict and no file.
 */
static bool
options_lines_only(const struct options *o)
{
	if (o->format != FORMAT_TEXT || !scenario_is_default(o->scenario) ||
	    o->timeline || o->live || o->repeat_given || o->check ||
	    o->baseline != NULL)
		return false;
	for (int i = 0; i < OUTPUT_COUNT; i++)
		if (options_output_path(o, (enum output_id)i) != NULL)
			return false;
	return true;
}

/* The experiment's configuration: what the record says was run. */
void
options_record_config(const struct options *o, const char *pool_env,
    struct record_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->calls = o->calls;
	cfg->pool = options_effective_pool(o, pool_env);
	work_describe(&o->work, &cfg->work);
	cfg->keylen = work_keylen(&o->work);
	/* A scenario that does not block runs no blocking hash. */
	cfg->sync = o->sync && scenario_get(o->scenario)->blocks;
	cfg->print_key = o->print_key;
	cfg->scenario = o->scenario;
	cfg->lines_only = options_lines_only(o);
	cfg->hash_ms = o->hash_ms;
}
