/* options: parse and validate the command line, knowing nothing of libuv. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

enum {
	OPT_NO_SYNC = 256,
	OPT_PASSWORD,
	OPT_PRINT_KEY,
	OPT_SALT,
};

/* Sorted by name, as in the switch below. */
static const struct option longopts[] = {
	{ "calls",	required_argument,	NULL, 'c' },
	{ "digest",	required_argument,	NULL, 'd' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "iterations",	required_argument,	NULL, 'i' },
	{ "keylen",	required_argument,	NULL, 'k' },
	{ "no-sync",	no_argument,		NULL, OPT_NO_SYNC },
	{ "password",	required_argument,	NULL, OPT_PASSWORD },
	{ "pool",	required_argument,	NULL, 'p' },
	{ "print-key",	no_argument,		NULL, OPT_PRINT_KEY },
	{ "salt",	required_argument,	NULL, OPT_SALT },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 },
};

void
options_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->calls = 4;
	o->iterations = 100000;
	o->keylen = 512;
	o->digest = "sha512";
	o->password = "password";
	o->salt = "salt";
	o->sync = true;
	o->scenario = SCENARIO_ARTICLE;
	o->format = FORMAT_TEXT;
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
	char *end;

	for (p = s; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			break;
	if (*s == '\0' || *p != '\0') {
		snprintf(err, errlen, "%s '%s': not a whole number "
		    "(expected %" PRIu64 " to %" PRIu64 ")", opt, s, min, max);
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE || v < min || v > max) {
		snprintf(err, errlen, "%s '%s': out of range "
		    "(expected %" PRIu64 " to %" PRIu64 ")", opt, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* The option a getopt error is about, as the user wrote it. */
static const char *
bad_option(int argc, char **argv, char *buf, size_t len)
{
	const char *a = optind >= 1 && optind - 1 < argc ? argv[optind - 1] : "";

	if (strncmp(a, "--", 2) == 0)
		snprintf(buf, len, "%.*s", (int)strcspn(a, "="), a);
	else if (optopt != 0)	/* a short option, whatever its byte */
		snprintf(buf, len, "-%c", optopt);
	else
		snprintf(buf, len, "%s", a);
	return buf;
}

int
options_parse(struct options *o, int argc, char **argv, char *err,
    size_t errlen)
{
	uint64_t v;
	char name[128];	/* an echoed option name may be cut short; that is fine */
	int ch;

	options_defaults(o);
	optind = 0;	/* glibc: start afresh, so the parser can run again */
	opterr = 0;
	/* '+': stop at the first operand instead of permuting; ':': report a missing argument apart. */
	while ((ch = getopt_long(argc, argv, "+:c:d:hi:k:p:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (options_parse_u64("--calls", optarg, 0,
			    OPT_CALLS_MAX, &o->calls, err, errlen) != 0)
				return -1;
			break;
		case 'd':
			if (*optarg == '\0') {
				snprintf(err, errlen, "--digest '': empty digest "
				    "name (expected one such as sha256 or sha512)");
				return -1;
			}
			o->digest = optarg;
			break;
		case 'h':
			o->help = true;
			break;
		case 'i':
			if (options_parse_u64("--iterations", optarg, 1,
			    OPT_ITERATIONS_MAX, &o->iterations, err, errlen) != 0)
				return -1;
			break;
		case 'k':
			if (options_parse_u64("--keylen", optarg, 1,
			    OPT_KEYLEN_MAX, &o->keylen, err, errlen) != 0)
				return -1;
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
		case OPT_NO_SYNC:
			o->sync = false;
			break;
		case OPT_PASSWORD:
			o->password = optarg;
			break;
		case OPT_PRINT_KEY:
			o->print_key = true;
			break;
		case OPT_SALT:
			o->salt = optarg;
			break;
		case ':':
			snprintf(err, errlen, "%s: missing value",
			    bad_option(argc, argv, name, sizeof(name)));
			return -1;
		case '?':
		default:
			snprintf(err, errlen, "%s: unknown option",
			    bad_option(argc, argv, name, sizeof(name)));
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "'%s': unexpected argument (poolviz "
		    "takes options only)", argv[optind]);
		return -1;
	}
	return 0;
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
