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
	OPT_JUNIT,
	OPT_LIVE,
	OPT_HASH_MS,
	OPT_NO_SYNC,
	OPT_PRINT_KEY,
	OPT_REPEAT,
	OPT_RETRIES,
	OPT_SAVE_BASELINE,
	OPT_SCENARIO,
	OPT_SVG,
	OPT_TIMELINE,
	OPT_TOLERANCE,
	OPT_TRACE,
	OPT_WARMUP,
};

/* Sorted by name, as in the switch below. */
static const struct option longopts[] = {
	{ "ascii",	no_argument,		NULL, OPT_ASCII },
	{ "baseline",	required_argument,	NULL, OPT_BASELINE },
	{ "calls",	required_argument,	NULL, 'c' },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "digest",	required_argument,	NULL, 'd' },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "hash-ms",	required_argument,	NULL, OPT_HASH_MS },
	{ "help",	no_argument,		NULL, 'h' },
	{ "iterations",	required_argument,	NULL, 'i' },
	{ "junit",	required_argument,	NULL, OPT_JUNIT },
	{ "keylen",	required_argument,	NULL, 'k' },
	{ "level",	required_argument,	NULL, OPT_W_LEVEL },
	{ "live",	no_argument,		NULL, OPT_LIVE },
	{ "no-sync",	no_argument,		NULL, OPT_NO_SYNC },
	{ "password",	required_argument,	NULL, OPT_W_PASSWORD },
	{ "pool",	required_argument,	NULL, 'p' },
	{ "print-key",	no_argument,		NULL, OPT_PRINT_KEY },
	{ "repeat",	required_argument,	NULL, OPT_REPEAT },
	{ "retries",	required_argument,	NULL, OPT_RETRIES },
	{ "salt",	required_argument,	NULL, OPT_W_SALT },
	{ "save-baseline", required_argument,	NULL, OPT_SAVE_BASELINE },
	{ "scenario",	required_argument,	NULL, OPT_SCENARIO },
	{ "scrypt-n",	required_argument,	NULL, OPT_W_SCRYPT_N },
	{ "scrypt-p",	required_argument,	NULL, OPT_W_SCRYPT_P },
	{ "scrypt-r",	required_argument,	NULL, OPT_W_SCRYPT_R },
	{ "size",	required_argument,	NULL, OPT_W_SIZE },
	{ "svg",	required_argument,	NULL, OPT_SVG },
	{ "timeline",	no_argument,		NULL, OPT_TIMELINE },
	{ "tolerance",	required_argument,	NULL, OPT_TOLERANCE },
	{ "trace",	required_argument,	NULL, OPT_TRACE },
	{ "version",	no_argument,		NULL, 'V' },
	{ "warmup",	required_argument,	NULL, OPT_WARMUP },
	{ "work",	required_argument,	NULL, OPT_W_WORK },
	{ NULL,		0,			NULL, 0 },
};

void
options_defaults(struct options *o)
{
	struct work_params p;

	memset(o, 0, sizeof(*o));
	work_params_defaults(&p);
	o->calls = 4;
	o->work = p.kind;
	o->iterations = p.iterations;
	o->keylen = 512;	/* pbkdf2's; each work has its own unless given */
	o->digest = p.digest;
	o->password = p.password;
	o->salt = p.salt;
	o->scrypt_n = p.scrypt_n;
	o->scrypt_r = p.scrypt_r;
	o->scrypt_p = p.scrypt_p;
	o->size = p.size;
	o->level = p.level;
	o->sync = true;
	o->scenario = (enum scenario)0;	/* the table's first row */
	o->format = FORMAT_TEXT;
	o->repeat = 1;
	o->tolerance = OPT_TOLERANCE_DEFAULT;
}

/*
 * The user's value as an error message echoes it: whole when short, else
 * its first OPT_ECHO_MAX bytes and "...", so that the message itself (the
 * range, the explanation) is never what gets cut.
 */
const char *
options_echo(const char *s, char *buf, size_t len)
{
	if (strlen(s) <= OPT_ECHO_MAX)
		return s;
	snprintf(buf, len, "%.*s\u2026", OPT_ECHO_MAX, s);
	return buf;
}

/*
 * A whole decimal number in [min, max]: digits only, no sign, no spaces,
 * nothing after it. strtoull alone would take "-1", " 4" and "".
 */
int
options_parse_u64(const char *opt, const char *s, uint64_t min, uint64_t max,
    uint64_t *out, char *err, size_t errlen)
{
	const char *p;
	unsigned long long v;
	char *end, e[OPT_ECHO_SIZE];

	for (p = s; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			break;
	if (*s == '\0' || *p != '\0') {
		snprintf(err, errlen, "%s '%s': not a whole number "
		    "(expected %" PRIu64 " to %" PRIu64 ")", opt,
		    options_echo(s, e, sizeof(e)), min, max);
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE || v < min || v > max) {
		snprintf(err, errlen, "%s '%s': out of range "
		    "(expected %" PRIu64 " to %" PRIu64 ")", opt,
		    options_echo(s, e, sizeof(e)), min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * getopt_long takes any unique prefix of a long option (--iter) and calls
 * a shared one (--p) unknown; say which options it could have meant.
 */
static bool
ambiguous(const char *name, const struct option *opts, char *err, size_t errlen)
{
	size_t n = strlen(name), len, hits = 0;

	if (strncmp(name, "--", 2) != 0 || n < 3)
		return false;
	len = (size_t)snprintf(err, errlen, "%s: ambiguous option (could be", name);
	for (const struct option *lo = opts; lo->name != NULL; lo++)
		if (strncmp(lo->name, name + 2, n - 2) == 0) {
			hits++;
			if (len < errlen)
				len += (size_t)snprintf(err + len, errlen - len,
				    "%s --%s", hits > 1 ? "," : "", lo->name);
		}
	if (hits < 2)
		return false;
	if (len < errlen)
		snprintf(err + len, errlen - len, ")");
	return true;
}

int
options_parse_format(const char *s, enum format *out, char *err, size_t errlen)
{
	char names[256], e[OPT_ECHO_SIZE];

	if (format_from_name(s, out) == 0)
		return 0;
	format_names(names, sizeof(names));
	snprintf(err, errlen, "--format '%s': unknown format (expected %s)",
	    options_echo(s, e, sizeof(e)), names);
	return -1;
}

/*
 * A value given as an argument of its own (--svg X, not --svg=X) that is
 * itself an option is a mistake: --svg --timeline would write a file
 * named --timeline and lose the --timeline. For a file's name, anything
 * but "-" that begins with '-' is refused (write ./-x or --svg=-x). For
 * other values (a --password may begin with '-'), only an option poolviz
 * knows is: "--name" or "--name=..." naming a long option, or a short
 * option "-X" alone. Written with '=', any value is taken as it is.
 */
int
options_value_is_option(const char *opt, const char *value, bool path,
    const struct option *opts, char *err, size_t errlen)
{
	size_t n = strcspn(value, "=");
	bool is = false;
	char e[OPT_ECHO_SIZE];

	if (value[0] != '-' || value[1] == '\0')
		return 0;
	if (path)
		is = true;
	else if (value[1] != '-')
		is = value[2] == '\0' && strchr("cdhikpV", value[1]) != NULL;
	else
		for (const struct option *lo = opts; lo->name != NULL && n > 2;
		    lo++)
			if (strncmp(lo->name, value + 2, n - 2) == 0)
				is = true;
	if (!is)
		return 0;
	snprintf(err, errlen, "%s: missing value ('%s' is %s; to mean it, "
	    "write %s=%s%s)", opt, options_echo(value, e, sizeof(e)),
	    path ? "an option, not a file name" : "an option", opt,
	    path ? "./" : "", options_echo(value, e, sizeof(e)));
	return -1;
}

/*
 * A file's name. Each file option is given once: a second one would
 * silently drop the first.
 */
int
options_parse_path(const char *opt, const char *s, const char **out, char *err,
    size_t errlen)
{
	if (*out != NULL) {
		snprintf(err, errlen, "%s: given twice (expected one file; each "
		    "output has its own option)", opt);
		return -1;
	}
	if (*s == '\0') {
		snprintf(err, errlen, "%s '': empty file name (expected a path "
		    "to write)", opt);
		return -1;
	}
	*out = s;
	return 0;
}

static int
parse_scenario(const char *s, enum scenario *out, char *err, size_t errlen)
{
	char msg[1024], e[OPT_ECHO_SIZE];

	if (scenario_parse(s, out, msg, sizeof(msg)) == 0)
		return 0;
	/* No scenario's name is long: the shortened value fails alike. */
	(void)scenario_parse(options_echo(s, e, sizeof(e)), out, msg, sizeof(msg));
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
	switch (id) {
	case OUTPUT_TEXT:
	case OUTPUT_JSON:
	case OUTPUT_CSV:
	case OUTPUT_MARKDOWN:
	case OUTPUT_COUNT:
		return NULL;
	case OUTPUT_SVG:
		return o->svg_path;
	case OUTPUT_TRACE:
		return o->trace_path;
	case OUTPUT_BASELINE:
		return o->save_baseline;
	case OUTPUT_JUNIT:
		return o->junit_path;
	}
	return NULL;
}

/* The file output that "-" sends to stdout, or -1 when none does. */
static int
stdout_file(const struct options *o)
{
	for (int i = 0; i < OUTPUT_COUNT; i++)
		if (paths_stdout(options_output_path(o, (enum output_id)i)) == PATHS_DASH)
			return i;
	return -1;
}

/*
 * A file option given "-" takes stdout: text mode's lines, chart and
 * verdicts then go to stderr, so that stdout carries the file alone.
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

	if (a < 0)
		return 0;
	for (int j = a + 1; j < OUTPUT_COUNT; j++)
		if (paths_stdout(options_output_path(o, (enum output_id)j)) == PATHS_DASH) {
			snprintf(err, errlen, "%s '-': %s writes to stdout too "
			    "(expected one output on stdout)",
			    output_kind((enum output_id)a)->option,
			    output_kind((enum output_id)j)->option);
			return -1;
		}
	if (o->format != FORMAT_TEXT) {
		snprintf(err, errlen, "%s '-': --format %s writes to stdout too "
		    "(expected one output on stdout; with text, the lines go to "
		    "stderr)", output_kind((enum output_id)a)->option,
		    format_name(o->format));
		return -1;
	}
	return 0;
}

/* One file per output, and none of them the --baseline being read. */
static int
check_files(const struct options *o, char *err, size_t errlen)
{
	char e[OPT_ECHO_SIZE];

	if (check_stdout(o, err, errlen) != 0)
		return -1;
	for (int i = 0; i < OUTPUT_COUNT; i++) {
		const char *a = options_output_path(o, (enum output_id)i);

		for (int j = i + 1; j < OUTPUT_COUNT && a != NULL; j++)
			if (same_file(a, options_output_path(o, (enum output_id)j))) {
				snprintf(err, errlen, "%s '%s': names the same file as "
				    "%s (expected one file each)",
				    output_kind((enum output_id)i)->option,
				    options_echo(a, e, sizeof(e)),
				    output_kind((enum output_id)j)->option);
				return -1;
			}
		/* --save-baseline may replace the baseline it was compared with. */
		if (i != OUTPUT_BASELINE && same_file(o->baseline, a)) {
			snprintf(err, errlen, "--baseline '%s': names the same file "
			    "as %s, which would overwrite it (expected another file)",
			    options_echo(o->baseline, e, sizeof(e)), output_kind((enum output_id)i)->option);
			return -1;
		}
	}
	return 0;
}

/* Refuse what the chosen scenario would silently ignore. */
static int
check_applies(const struct options *o, char *err, size_t errlen)
{
	const struct scenario_kind *sc = scenario_get(o->scenario);

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
	if (check_files(o, err, errlen) != 0)
		return -1;
	if (o->hash_ms != 0 && (o->work_given & work_scale_param(o->work))) {
		snprintf(err, errlen, "--hash-ms: cannot be combined with %s "
		    "(it picks that value itself)", work_scale_option(o->work));
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
	if (o->retries_given && !o->check && o->baseline == NULL &&
	    o->save_baseline == NULL) {
		snprintf(err, errlen, "--retries: applies only with --check, "
		    "--baseline or --save-baseline (it measures again what the "
		    "machine was too busy to judge)");
		return -1;
	}
	if (o->junit_path != NULL && !o->check && o->baseline == NULL) {
		snprintf(err, errlen, "--junit: applies only with --check or "
		    "--baseline (its testcases are their verdicts)");
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

/* The option getopt is on (or an error is about), as the user wrote it. */
const char *
options_name(int argc, char **argv, char *buf, size_t len)
{
	const char *a = optind >= 1 && optind - 1 < argc ? argv[optind - 1] : "";

	if (strncmp(a, "--", 2) == 0 && strcspn(a, "=") > OPT_ECHO_MAX)
		snprintf(buf, len, "%.*s\u2026", OPT_ECHO_MAX, a);
	else if (strncmp(a, "--", 2) == 0)
		snprintf(buf, len, "%.*s", (int)strcspn(a, "="), a);
	else if (optopt != 0)	/* a short option, whatever its byte */
		snprintf(buf, len, "-%c", optopt);
	else
		snprintf(buf, len, "%s", a);
	return buf;
}

/* The message for getopt_long's ':' (a missing value) or '?' (anything else). */
static void
options_getopt_error(int ch, int argc, char **argv,
    const struct option *opts, char *err, size_t errlen)
{
	char name[128];	/* an echoed option name may be cut short; that is fine */

	options_name(argc, argv, name, sizeof(name));
	if (ch == ':')
		snprintf(err, errlen, "%s: missing value", name);
	else if (!ambiguous(name, opts, err, errlen))
		snprintf(err, errlen, "%s: unknown option", name);
}

int
options_parse_digest(const char *s, const char **out, char *err, size_t errlen)
{
	if (*s == '\0') {
		snprintf(err, errlen, "--digest '': empty digest name (expected "
		    "one such as sha256 or sha512)");
		return -1;
	}
	*out = s;
	return 0;
}

/* The work's options, and the bit each sets in work_given; sorted by name. */
static const struct work_opt {
	int ch;
	const char *name;
	unsigned bit;
} work_opts[] = {
	{ 'd', "--digest", WORK_P_DIGEST },
	{ 'i', "--iterations", WORK_P_ITERATIONS },
	{ 'k', "--keylen", WORK_P_KEYLEN },
	{ OPT_W_LEVEL, "--level", WORK_P_LEVEL },
	{ OPT_W_PASSWORD, "--password", WORK_P_PASSWORD },
	{ OPT_W_SALT, "--salt", WORK_P_SALT },
	{ OPT_W_SCRYPT_N, "--scrypt-n", WORK_P_SCRYPT_N },
	{ OPT_W_SCRYPT_P, "--scrypt-p", WORK_P_SCRYPT_P },
	{ OPT_W_SCRYPT_R, "--scrypt-r", WORK_P_SCRYPT_R },
	{ OPT_W_SIZE, "--size", WORK_P_SIZE },
	{ OPT_W_WORK, "--work", 0 },
};

/*
 * One of the work's options: 0 when taken, -1 on bad input, 1 when ch is
 * not one of them. Ranges are checked here; what depends on several
 * parameters (scrypt's memory) is the work's to check when it opens.
 */
static int
options_parse_work(struct options *o, int ch, const char *arg, char *err,
    size_t errlen)
{
	const struct work_opt *wo = NULL;
	uint64_t *u = NULL, min = 1, max = 0;

	for (size_t i = 0; i < sizeof(work_opts) / sizeof(work_opts[0]); i++)
		if (work_opts[i].ch == ch)
			wo = &work_opts[i];
	if (wo == NULL)
		return 1;
	o->work_given |= wo->bit;
	switch (ch) {
	case 'd':
		return options_parse_digest(arg, &o->digest, err, errlen);
	case 'i':
		u = &o->iterations, max = OPT_ITERATIONS_MAX;
		break;
	case 'k':
		u = &o->keylen, max = OPT_KEYLEN_MAX;
		break;
	case OPT_W_LEVEL:
		u = &o->level, min = 0, max = WORK_DEFLATE_LEVEL_MAX;
		break;
	case OPT_W_PASSWORD:
		o->password = arg;
		return 0;
	case OPT_W_SALT:
		o->salt = arg;
		return 0;
	case OPT_W_SCRYPT_N:
		u = &o->scrypt_n, min = 2, max = WORK_SCRYPT_N_MAX;
		break;
	case OPT_W_SCRYPT_P:
		u = &o->scrypt_p, max = WORK_SCRYPT_RP_MAX;
		break;
	case OPT_W_SCRYPT_R:
		u = &o->scrypt_r, max = WORK_SCRYPT_RP_MAX;
		break;
	case OPT_W_SIZE:
		u = &o->size, max = WORK_DEFLATE_SIZE_MAX;
		break;
	case OPT_W_WORK:
		if (work_kind_parse(arg, &o->work) != 0) {
			char e[OPT_ECHO_SIZE];

			snprintf(err, errlen, "--work '%s': unknown work "
			    "(expected %s)", options_echo(arg, e, sizeof(e)),
			    work_kind_names());
			return -1;
		}
		return 0;
	}
	return options_parse_u64(wo->name, arg, min, max, u, err, errlen);
}

/*
 * An option that poolviz's and the sweep's own switches left: one of the
 * work's, or getopt_long's error. 0, or -1 with err.
 */
int
options_parse_other(struct options *o, int ch, int argc, char **argv,
    const struct option *opts, char *err, size_t errlen)
{
	int rc = options_parse_work(o, ch, optarg, err, errlen);

	if (rc > 0) {
		options_getopt_error(ch, argc, argv, opts, err, errlen);
		return -1;
	}
	return rc;
}

/* Options only: -1 with err naming the first operand, if any (who: "poolviz"). */
int
options_no_operands(int argc, char **argv, const char *who, char *err,
    size_t errlen)
{
	char e[OPT_ECHO_SIZE];

	if (optind >= argc)
		return 0;
	snprintf(err, errlen, "'%s': unexpected argument (%s takes options "
	    "only)", options_echo(argv[optind], e, sizeof(e)), who);
	return -1;
}

/* Refuse a parameter given for another work than the one chosen. */
int
options_work_applies(const struct options *o, char *err, size_t errlen)
{
	unsigned stray = o->work_given & ~work_applies(o->work);

	for (size_t i = 0; i < sizeof(work_opts) / sizeof(work_opts[0]); i++)
		if (stray & work_opts[i].bit) {
			snprintf(err, errlen, "%s: does not apply to --work %s",
			    work_opts[i].name, work_kind_name(o->work));
			return -1;
		}
	return 0;
}

/* The parameters to open the work with: --keylen only where given. */
void
options_work_params(const struct options *o, struct work_params *p)
{
	work_params_defaults(p);
	p->kind = o->work;
	p->iterations = o->iterations;
	p->keylen = (o->work_given & WORK_P_KEYLEN) || o->work == WORK_PBKDF2 ?
	    o->keylen : 0;
	p->digest = o->digest;
	p->password = o->password;
	p->salt = o->salt;
	p->scrypt_n = o->scrypt_n;
	p->scrypt_r = o->scrypt_r;
	p->scrypt_p = o->scrypt_p;
	p->size = o->size;
	p->level = o->level;
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

int
options_parse(struct options *o, int argc, char **argv, char *err,
    size_t errlen)
{
	uint64_t v;
	int ch;

	options_defaults(o);
	optind = 0;	/* glibc: start afresh, so the parser can run again */
	opterr = 0;
	/* '+': stop at the first operand instead of permuting; ':': report a missing argument apart. */
	while ((ch = getopt_long(argc, argv, "+:c:d:hi:k:p:V", longopts, NULL)) != -1) {
		/* A value of its own argument that is itself an option. */
		if (optarg != NULL && optind >= 2 && optarg == argv[optind - 1]) {
			char name[OPT_ECHO_SIZE + 2];
			const char *a = argv[optind - 2];

			if (strncmp(a, "--", 2) != 0)
				snprintf(name, sizeof(name), "-%c", ch);
			else
				snprintf(name, sizeof(name), "%.*s", (int)(strcspn(a,
				    "=") < OPT_ECHO_MAX ? strcspn(a, "=") : OPT_ECHO_MAX), a);
			if (options_value_is_option(name, optarg,
			    ch == OPT_SVG || ch == OPT_TRACE || ch == OPT_BASELINE ||
			    ch == OPT_SAVE_BASELINE, longopts, err, errlen) != 0)
				return -1;
		}
		switch (ch) {
		case 'c':
			if (options_parse_u64("--calls", optarg, 0,
			    OPT_CALLS_MAX, &o->calls, err, errlen) != 0)
				return -1;
			break;
		case 'h':
			o->help = true;
			break;
		case 'p':
			if (options_parse_u64("--pool", optarg, 1,
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
			if (options_parse_path("--baseline", optarg, &o->baseline, err,
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
		case OPT_JUNIT:
			if (options_parse_path("--junit", optarg, &o->junit_path,
			    err, errlen) != 0)
				return -1;
			break;
		case OPT_LIVE:
			o->live = true;
			break;
		case OPT_HASH_MS:
			if (options_parse_u64("--hash-ms", optarg, OPT_HASH_MS_MIN,
			    OPT_HASH_MS_MAX, &o->hash_ms, err, errlen) != 0)
				return -1;
			break;
		case OPT_NO_SYNC:
			o->sync = false;
			break;
		case OPT_PRINT_KEY:
			o->print_key = true;
			break;
		case OPT_REPEAT:
			if (options_parse_u64("--repeat", optarg, 1, OPT_REPEAT_MAX,
			    &o->repeat, err, errlen) != 0)
				return -1;
			o->repeat_given = true;
			break;
		case OPT_RETRIES:
			if (options_parse_u64("--retries", optarg, 0,
			    OPT_RETRIES_MAX, &o->retries, err, errlen) != 0)
				return -1;
			o->retries_given = true;
			break;
		case OPT_SAVE_BASELINE:
			if (options_parse_path("--save-baseline", optarg, &o->save_baseline,
			    err, errlen) != 0)
				return -1;
			break;
		case OPT_SCENARIO:
			if (parse_scenario(optarg, &o->scenario, err, errlen) != 0)
				return -1;
			break;
		case OPT_SVG:
			if (options_parse_path("--svg", optarg, &o->svg_path, err, errlen) != 0)
				return -1;
			break;
		case OPT_TIMELINE:
			o->timeline = true;
			break;
		case OPT_TOLERANCE:
			if (options_parse_u64("--tolerance", optarg, 0,
			    OPT_TOLERANCE_MAX, &o->tolerance, err, errlen) != 0)
				return -1;
			o->tolerance_given = true;
			break;
		case OPT_TRACE:
			if (options_parse_path("--trace", optarg, &o->trace_path, err, errlen) != 0)
				return -1;
			break;
		case OPT_WARMUP:
			if (options_parse_u64("--warmup", optarg, 0, OPT_WARMUP_MAX,
			    &o->warmup, err, errlen) != 0)
				return -1;
			break;
		default:	/* getopt_long's int, not an enum */
			/* The work's options, shared with the sweep. */
			if (options_parse_other(o, ch, argc, argv, longopts,
			    err, errlen) != 0)
				return -1;
			break;
		}
	}
	if (options_no_operands(argc, argv, "poolviz", err, errlen) != 0)
		return -1;
	if (options_work_applies(o, err, errlen) != 0)
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

/* What --hash-ms chose, back into the options the record describes. */
void
options_take_scale(struct options *o, const struct work_params *p)
{
	o->iterations = p->iterations;
	o->scrypt_n = p->scrypt_n;
	o->size = p->size;
}

/* The experiment's configuration: what the record says was run. */
void
options_record_config(const struct options *o, const char *pool_env,
    struct record_config *cfg)
{
	struct work_params wp;

	memset(cfg, 0, sizeof(*cfg));
	cfg->calls = o->calls;
	cfg->pool = options_effective_pool(o, pool_env);
	options_work_params(o, &wp);
	work_describe(&wp, &cfg->work);
	cfg->keylen = work_keylen(&wp);
	/* A scenario that does not block runs no blocking hash. */
	cfg->sync = o->sync && scenario_get(o->scenario)->blocks;
	cfg->print_key = o->print_key;
	cfg->scenario = o->scenario;
	cfg->lines_only = options_lines_only(o);
	cfg->hash_ms = o->hash_ms;
}
