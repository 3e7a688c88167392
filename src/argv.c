/* argv: getopt_long's helpers, shared by poolviz's options and its sweep's. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"

/*
 * The user's value as an error message echoes it: whole when short, else
 * its first ARGV_ECHO_MAX bytes and "...", so that the message itself (the
 * range, the explanation) is never what gets cut.
 */
const char *
argv_echo(const char *s, char *buf, size_t len)
{
	if (strlen(s) <= ARGV_ECHO_MAX)
		return s;
	snprintf(buf, len, "%.*s\u2026", ARGV_ECHO_MAX, s);
	return buf;
}

/*
 * A whole decimal number in [min, max]: digits only, no sign, no spaces,
 * nothing after it. strtoull alone would take "-1", " 4" and "".
 */
int
argv_parse_u64(const char *opt, const char *s, uint64_t min, uint64_t max,
    uint64_t *out, char *err, size_t errlen)
{
	const char *p;
	unsigned long long v;
	char *end, e[ARGV_ECHO_SIZE];

	for (p = s; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			break;
	if (*s == '\0' || *p != '\0') {
		snprintf(err, errlen, "%s '%s': not a whole number "
		    "(expected %" PRIu64 " to %" PRIu64 ")", opt,
		    argv_echo(s, e, sizeof(e)), min, max);
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE || v < min || v > max) {
		snprintf(err, errlen, "%s '%s': out of range "
		    "(expected %" PRIu64 " to %" PRIu64 ")", opt,
		    argv_echo(s, e, sizeof(e)), min, max);
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

/*
 * A value given as an argument of its own (--svg X, not --svg=X) that is
 * itself an option is a mistake: --svg --timeline would write a file
 * named --timeline and lose the --timeline. For a file's name, anything
 * but "-" that begins with '-' is refused (write ./-x or --svg=-x). For
 * other values (a --password may begin with '-'), only an option poolviz
 * knows is: "--name" or "--name=..." naming a long option, or a short
 * option "-X" alone (X in shorts). Written with '=', any value is taken
 * as it is.
 */
int
argv_value_is_option(const char *opt, const char *value, bool path,
    const struct option *opts, const char *shorts, char *err, size_t errlen)
{
	size_t n = strcspn(value, "=");
	bool is = false;
	char e[ARGV_ECHO_SIZE];

	if (value[0] != '-' || value[1] == '\0')
		return 0;
	if (value[1] != '-')
		is = value[2] == '\0' && value[1] != ':' &&
		    strchr(shorts, value[1]) != NULL;
	else
		for (const struct option *lo = opts; lo->name != NULL && n > 2;
		    lo++)
			if (strncmp(lo->name, value + 2, n - 2) == 0)
				is = true;
	if (!is && !path)
		return 0;
	/* A file name like "-x" is refused too, but is not called an option. */
	snprintf(err, errlen, "%s: missing value ('%s' %s; to mean it, "
	    "write %s=%s%s)", opt, argv_echo(value, e, sizeof(e)),
	    is && path ? "is an option, not a file name" : is ? "is an option" :
	    "begins with '-', as an option does, not a file name", opt,
	    path ? "./" : "", argv_echo(value, e, sizeof(e)));
	return -1;
}

/*
 * After getopt_long returned ch: when its value was an argument of its
 * own that is itself an option, -1 with err (argv_value_is_option).
 */
int
argv_check_value(int ch, int argc, char **argv, bool path,
    const struct option *opts, const char *shorts, char *err, size_t errlen)
{
	char name[ARGV_ECHO_SIZE + 2];
	const char *a;

	(void)argc;
	if (optarg == NULL || optind < 2 || optarg != argv[optind - 1])
		return 0;
	a = argv[optind - 2];
	if (strncmp(a, "--", 2) != 0)
		snprintf(name, sizeof(name), "-%c", ch);
	else
		snprintf(name, sizeof(name), "%.*s", (int)(strcspn(a, "=") <
		    ARGV_ECHO_MAX ? strcspn(a, "=") : ARGV_ECHO_MAX), a);
	return argv_value_is_option(name, optarg, path, opts, shorts, err,
	    errlen);
}

/*
 * A file's name. Each file option is given once: a second one would
 * silently drop the first.
 */
int
argv_parse_path(const char *opt, const char *s, const char **out, char *err,
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

/* The option getopt is on (or an error is about), as the user wrote it. */
const char *
argv_name(int argc, char **argv, char *buf, size_t len)
{
	const char *a = optind >= 1 && optind - 1 < argc ? argv[optind - 1] : "";

	if (strncmp(a, "--", 2) == 0 && strcspn(a, "=") > ARGV_ECHO_MAX)
		snprintf(buf, len, "%.*s\u2026", ARGV_ECHO_MAX, a);
	else if (strncmp(a, "--", 2) == 0)
		snprintf(buf, len, "%.*s", (int)strcspn(a, "="), a);
	else if (optopt != 0)	/* a short option, whatever its byte */
		snprintf(buf, len, "-%c", optopt);
	else
		snprintf(buf, len, "%s", a);
	return buf;
}

/* The message for getopt_long's ':' (a missing value) or '?' (anything else). */
void
argv_getopt_error(int ch, int argc, char **argv, const struct option *opts,
    char *err, size_t errlen)
{
	char name[128];	/* an echoed option name may be cut short; that is fine */

	argv_name(argc, argv, name, sizeof(name));
	if (ch == ':')
		snprintf(err, errlen, "%s: missing value", name);
	else if (!ambiguous(name, opts, err, errlen))
		snprintf(err, errlen, "%s: unknown option", name);
}

/* Options only: -1 with err naming the first operand, if any (who: "poolviz"). */
int
argv_no_operands(int argc, char **argv, const char *who, char *err,
    size_t errlen)
{
	char e[ARGV_ECHO_SIZE];

	if (optind >= argc)
		return 0;
	snprintf(err, errlen, "'%s': unexpected argument (%s takes options "
	    "only)", argv_echo(argv[optind], e, sizeof(e)), who);
	return -1;
}
