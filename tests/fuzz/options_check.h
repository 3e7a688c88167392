/* options_check: what options_parse promises for any argv, checked on one. */
#ifndef POOLVIZ_OPTIONS_CHECK_H
#define POOLVIZ_OPTIONS_CHECK_H

/*
 * Shared by the fuzz target (tests/fuzz/fuzz_options.c) and its regression
 * tests (tests/test_options_fuzz.c), so that a case the fuzzer found is
 * checked in make test against exactly what the fuzzer checked.
 *
 * The promises, from options.h and poolviz --help:
 *   - options_parse returns 0 or -1, and leaves argv in its order ('+');
 *   - on 0, every number is within its documented range, the strings are
 *     the defaults or point into argv, and the enums hold known values;
 *   - on -1, err is a non-empty string that does not fill errlen (a long
 *     value is echoed as its first ARGV_ECHO_MAX bytes and "...", so the
 *     message, its range or explanation, is never what is cut), that
 *     echoes no argument over ARGV_ECHO_MAX bytes whole, that starts with the
 *     option it is about (as written, or by its long name) or with the
 *     quoted operand, and is one line unless the user's own bytes echoed
 *     in it hold a newline (main.c's complain() replaces those);
 *   - parsing again gives the same result (getopt's state is reset), and a
 *     smaller err buffer gets a prefix of the same message, never more.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "sys/paths.h"

#define OPTIONS_CHECK_ERRLEN	512	/* as in main.c */
#define OPTIONS_CHECK_SMALL	9	/* a buffer that cuts most messages */

/* p points into one of the user's arguments (or is one of them). */
static int
options_check_in_argv(const char *p, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
			return 1;
	return 0;
}

/*
 * name, n bytes of it, is "--" and a long name of the parser's own table
 * (the value messages use it whatever the user wrote: -c, --cal), so that
 * a new option, work or output needs no edit here.
 */
static int
options_check_known(const char *name, size_t n)
{
	struct options_getopt g;

	if (n < 3 || strncmp(name, "--", 2) != 0)
		return 0;
	options_getopt_main(&g);
	for (const struct option *lo = g.longopts; lo->name != NULL; lo++)
		if (strncmp(name + 2, lo->name, n - 2) == 0 &&
		    lo->name[n - 2] == '\0')
			return 1;
	return 0;
}

/* The work's parameters are each the default or the user's, and in range. */
static const char *
options_check_work(const struct work_params *p, int argc, char **argv)
{
	struct work_params d;
	size_t nrows;
	const struct work_option *rows = work_options(&nrows);

	work_params_defaults(&d);
	if ((unsigned)p->kind >= work_count())
		return "unknown work";
	for (size_t j = 0; j < nrows; j++) {
		const char *f = (const char *)p + rows[j].offset;
		const char *df = (const char *)&d + rows[j].offset;

		switch (rows[j].type) {
		case WORK_OPT_U64: {
			uint64_t v = *(const uint64_t *)(const void *)f;

			if (v != *(const uint64_t *)(const void *)df &&
			    (v < rows[j].min || v > rows[j].max))
				return "a work parameter out of range";
			break;
		}
		case WORK_OPT_TEXT:
		case WORK_OPT_CUSTOM: {
			const char *v = *(const char *const *)(const void *)f;

			if (v == NULL)
				return "a work parameter is NULL";
			if (v != *(const char *const *)(const void *)df &&
			    !options_check_in_argv(v, argc, argv))
				return "a string neither the default nor the user's";
			break;
		}
		}
	}
	if (*p->digest == '\0')
		return "no digest";
	return NULL;
}

/* The work's parameters are the same, field by field, as its rows read them. */
static int
options_check_same_work(const struct work_params *a, const struct work_params *b)
{
	size_t nrows;
	const struct work_option *rows = work_options(&nrows);

	if (a->kind != b->kind)
		return 0;
	for (size_t j = 0; j < nrows; j++) {
		const char *fa = (const char *)a + rows[j].offset;
		const char *fb = (const char *)b + rows[j].offset;

		if (rows[j].type == WORK_OPT_U64 ?
		    *(const uint64_t *)(const void *)fa !=
		    *(const uint64_t *)(const void *)fb :
		    *(const char *const *)(const void *)fa !=
		    *(const char *const *)(const void *)fb)
			return 0;
	}
	return 1;
}

/*
 * No argument longer than ARGV_ECHO_MAX appears whole in err, in the quotes
 * an echo has: the bare text could be part of the message itself (the
 * fuzzer made arguments of "<40 bytes>…': unexpecte" and of the message's
 * own words).
 */
static int
options_check_short_echo(const char *err, int argc, char **argv)
{
	char quoted[OPTIONS_CHECK_ERRLEN + 3];

	for (int i = 1; i < argc; i++) {
		/* One that holds the ellipsis can be its own echo. */
		if (strlen(argv[i]) <= ARGV_ECHO_MAX ||
		    strlen(argv[i]) > OPTIONS_CHECK_ERRLEN ||
		    strstr(argv[i], "\xe2\x80\xa6") != NULL)
			continue;
		snprintf(quoted, sizeof(quoted), "'%s'", argv[i]);
		if (strstr(err, quoted) != NULL)
			return 0;
	}
	return 1;
}

static const char *
options_check_fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return why;
}

/* How many outputs a "-" sends to stdout. */
static int
options_check_stdout(const struct options *o)
{
	int n = 0;

	for (int i = 0; i < OUTPUT_COUNT; i++)
		n += paths_stdout(options_output_path(o, (enum output_id)i)) == PATHS_DASH;
	return n;
}

/* Each file output's path is the user's, and not empty; -1 when one is not. */
static int
options_check_paths(const struct options *o, int argc, char **argv)
{
	for (int i = 0; i < OUTPUT_COUNT; i++)
		if (o->paths[i] != NULL && (*o->paths[i] == '\0' ||
		    !options_check_in_argv(o->paths[i], argc, argv)))
			return -1;
	return 0;
}

/* The option err begins with was given, in some form, on the command line. */
static int
options_check_named(const char *err, int argc, char **argv)
{
	size_t n = strcspn(err, ": ");
	const char *cut = strstr(err, "\xe2\x80\xa6");	/* a long name shortened */

	if (cut != NULL && (size_t)(cut - err) < n)
		n = (size_t)(cut - err);
	if (options_check_known(err, n))
		return 1;
	for (int i = 1; i < argc; i++) {
		/* --name as written, cut at '=' (or where err cut it). */
		if (strncmp(err, "--", 2) == 0 && strncmp(argv[i], err, n) == 0)
			return 1;
		/* -X, X from a cluster of short options such as -hX. */
		if (err[1] != '\0' && argv[i][0] == '-' && argv[i][1] != '-' &&
		    strchr(argv[i] + 1, err[1]) != NULL)
			return 1;
	}
	return 0;
}

/* err begins with 'ARG', ARG one of the user's arguments (perhaps cut). */
static int
options_check_quoted(const char *err, size_t errlen, int argc, char **argv)
{
	size_t n = strlen(err);
	int cut = n + 1 >= errlen;

	for (int i = 1; i < argc; i++) {
		size_t a = strlen(argv[i]);

		if (cut && strncmp(err + 1, argv[i], n - 1) == 0)
			return 1;
		if (strncmp(err + 1, argv[i], a) == 0 && err[a + 1] == '\'')
			return 1;
		/* Shortened: its first ARGV_ECHO_MAX bytes, then "...". */
		if (a > ARGV_ECHO_MAX && strncmp(err + 1, argv[i], ARGV_ECHO_MAX) == 0 &&
		    strncmp(err + 1 + ARGV_ECHO_MAX, "\xe2\x80\xa6'", 4) == 0)
			return 1;
	}
	return 0;
}

static int
options_check_same(const struct options *a, const struct options *b)
{
	for (int i = 0; i < OUTPUT_COUNT; i++)
		if (a->paths[i] != b->paths[i])
			return 0;
	return a->calls == b->calls && a->pool == b->pool &&
	    options_check_same_work(&a->work, &b->work) &&
	    a->work_given == b->work_given &&
	    a->sync == b->sync &&
	    a->print_key == b->print_key && a->help == b->help &&
	    a->version == b->version && a->scenario == b->scenario &&
	    a->format == b->format && a->timeline == b->timeline &&
	    a->ascii == b->ascii && a->repeat == b->repeat &&
	    a->warmup == b->warmup && a->check == b->check &&
	    a->tolerance == b->tolerance &&
	    a->baseline == b->baseline;
}

/*
 * Parse argv (argc entries and a NULL) and check every promise above.
 * Returns NULL, or why it failed in why. err and small are heap buffers of
 * exactly their size, so that ASan sees a write one byte past them.
 */
static const char *
options_check(int argc, char **argv, char *why, size_t whylen)
{
	struct options o, again;
	char **saved = NULL, *err = NULL, *small = NULL;
	const char *bad = NULL;
	int rc, rc2, user_newline = 0;

	saved = malloc((size_t)(argc + 1) * sizeof(*saved));
	err = malloc(OPTIONS_CHECK_ERRLEN);
	small = malloc(OPTIONS_CHECK_SMALL);
	if (saved == NULL || err == NULL || small == NULL) {
		bad = options_check_fail(why, whylen, "out of memory");
		goto out;
	}
	memcpy(saved, argv, (size_t)(argc + 1) * sizeof(*saved));
	for (int i = 1; i < argc; i++)
		if (strchr(argv[i], '\n') != NULL)
			user_newline = 1;

	memset(err, 0, OPTIONS_CHECK_ERRLEN);
	rc = options_parse(&o, argc, argv, err, OPTIONS_CHECK_ERRLEN);
	if (memcmp(saved, argv, (size_t)(argc + 1) * sizeof(*saved)) != 0) {
		bad = options_check_fail(why, whylen, "argv was reordered");
		goto out;
	}
	if (rc == 0) {
		if (o.calls > OPT_CALLS_MAX)
			bad = "calls out of range";
		else if (o.pool > OPT_POOL_MAX)
			bad = "pool out of range";
		else if ((bad = options_check_work(&o.work, argc, argv)) != NULL)
			;
		else if (o.scenario >= SCENARIO_COUNT || o.format > FORMAT_MARKDOWN)
			bad = "unknown scenario or format";
		else if (o.repeat < 1 || o.repeat > OPT_REPEAT_MAX ||
		    o.warmup > OPT_WARMUP_MAX || o.tolerance > OPT_TOLERANCE_MAX)
			bad = "repeat, warmup or tolerance out of range";
		else if (options_check_paths(&o, argc, argv) != 0 ||
		    (o.baseline != NULL && (*o.baseline == '\0' ||
		    !options_check_in_argv(o.baseline, argc, argv))))
			bad = "a file name empty or not the user's";
		else if (options_check_stdout(&o) > 1 ||
		    (options_check_stdout(&o) == 1 && o.format != FORMAT_TEXT))
			bad = "two outputs on stdout were accepted";
		else if (o.paths[OUTPUT_JUNIT] != NULL && !o.check &&
		    o.baseline == NULL)
			bad = "--junit without a verdict was accepted";
		else if ((o.check && o.scenario != SCENARIO_ARTICLE) ||
		    (o.timeline && o.format != FORMAT_TEXT) ||
		    (o.ascii && !o.timeline && !o.live) ||
		    (o.live && (o.format != FORMAT_TEXT || o.repeat_given)) ||
		    (!o.sync && o.scenario != SCENARIO_ARTICLE))
			bad = "options that do not apply were accepted";
		else if (options_effective_pool(&o, argc > 1 ? argv[1] : NULL) < 1 ||
		    options_effective_pool(&o, argc > 1 ? argv[1] : NULL) > OPT_POOL_MAX)
			bad = "effective pool out of range";
		if (bad != NULL) {
			bad = options_check_fail(why, whylen, "parsed, but %s", bad);
			goto out;
		}
	} else if (rc == -1) {
		if (memchr(err, '\0', OPTIONS_CHECK_ERRLEN) == NULL)
			bad = "err is not terminated";
		else if (err[0] == '\0')
			bad = "err is empty";
		else if (strlen(err) + 1 >= OPTIONS_CHECK_ERRLEN)
			/* A value is echoed shortened: the message is never cut. */
			bad = "err fills its buffer (a message cut short)";
		else if (!options_check_short_echo(err, argc, argv))
			bad = "err echoes a value longer than 40 bytes whole";
		else if (strchr(err, '\n') != NULL && !user_newline)
			bad = "err is more than one line";
		else if (err[0] == '-' && !options_check_named(err, argc, argv))
			bad = "err names an option the user did not give";
		else if (err[0] == '\'' &&
		    !options_check_quoted(err, OPTIONS_CHECK_ERRLEN, argc, argv))
			bad = "err quotes what the user did not give";
		else if (err[0] != '-' && err[0] != '\'')
			bad = "err starts with neither an option nor a quote";
		if (bad != NULL) {
			bad = options_check_fail(why, whylen, "%s: \"%.200s\"", bad,
			    memchr(err, '\0', OPTIONS_CHECK_ERRLEN) ? err : "");
			goto out;
		}
	} else {
		bad = options_check_fail(why, whylen, "returned %d", rc);
		goto out;
	}

	/* Again, into a buffer that cuts the message: same answer, a prefix. */
	memset(small, 'x', OPTIONS_CHECK_SMALL);
	rc2 = options_parse(&again, argc, argv, small, OPTIONS_CHECK_SMALL);
	if (rc2 != rc || (rc == 0 && !options_check_same(&o, &again)))
		bad = options_check_fail(why, whylen, "a second parse differs");
	else if (rc != 0 && (memchr(small, '\0', OPTIONS_CHECK_SMALL) == NULL ||
	    strncmp(small, err, strlen(small)) != 0 ||
	    strlen(small) != (strlen(err) < OPTIONS_CHECK_SMALL - 1 ?
	    strlen(err) : OPTIONS_CHECK_SMALL - 1)))
		bad = options_check_fail(why, whylen, "a %d-byte err buffer "
		    "did not get a prefix of \"%.200s\"", OPTIONS_CHECK_SMALL, err);
out:
	free(saved);
	free(err);
	free(small);
	return bad;
}

#endif
