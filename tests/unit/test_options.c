/* test_options: argv parsing, validation and the pool size libuv will use. */
#include "testutil.h"

#include "options.h"

static int
parse(struct options *o, char *err, size_t errlen, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;

	argv[argc++] = "poolviz";
	va_start(ap, errlen);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	return options_parse(o, argc, argv, err, errlen);
}

#define PARSE(o, err, ...) parse((o), (err), sizeof(err), __VA_ARGS__, (char *)NULL)

static void
defaults_are_the_articles(void **state)
{
	struct options o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, err, sizeof(err), (char *)NULL), 0);
	assert_int_equal(o.calls, 4);
	assert_int_equal(o.pool, 0);
	assert_int_equal(o.work.kind, WORK_PBKDF2);
	assert_int_equal(o.work.iterations, 100000);
	assert_int_equal(work_keylen(&o.work), 512);
	assert_string_equal(o.work.digest, "sha512");
	assert_string_equal(o.work.password, "password");
	assert_string_equal(o.work.salt, "salt");
	assert_int_equal(o.work_given, 0);
	assert_true(o.sync);
	assert_false(o.print_key);
}

static void
long_short_and_equals_forms(void **state)
{
	struct options o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "--calls", "7", "--pool=3", "-i", "9",
	    "-k", "16", "-d", "sha256"), 0);
	assert_int_equal(o.calls, 7);
	assert_int_equal(o.pool, 3);
	assert_int_equal(o.work.iterations, 9);
	assert_int_equal(o.work.keylen, 16);
	assert_string_equal(o.work.digest, "sha256");
	assert_int_equal(o.work_given, WORK_P_ITERATIONS | WORK_P_KEYLEN |
	    WORK_P_DIGEST);
	assert_int_equal(PARSE(&o, err, "-c", "0", "-p", "1024", "--calls=12"), 0);
	assert_int_equal(o.calls, 12);
	assert_int_equal(o.pool, 1024);
}

static void
flags_and_strings(void **state)
{
	struct options o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "--no-sync", "--print-key",
	    "--password", "", "--salt=", "-c", "1"), 0);
	assert_false(o.sync);
	assert_true(o.print_key);
	assert_string_equal(o.work.password, "");
	assert_string_equal(o.work.salt, "");
	assert_int_equal(PARSE(&o, err, "--help"), 0);
	assert_true(o.help);
	assert_int_equal(PARSE(&o, err, "-V"), 0);
	assert_true(o.version);
}

/* Each bad value fails and the message names the option and the value. */
static void
bad_numbers_are_refused(void **state)
{
	static const struct {
		const char *opt, *val, *want;
	} cases[] = {
		{ "--calls", "4x", "--calls '4x': not a whole number (expected 0 to 1000000)" },
		{ "--calls", "-1", "--calls '-1': not a whole number" },
		{ "--calls", "", "--calls '': not a whole number" },
		{ "--calls", " 4", "--calls ' 4': not a whole number" },
		{ "--calls", "+4", "--calls '+4': not a whole number" },
		{ "--calls", "1000001", "--calls '1000001': out of range (expected 0 to 1000000)" },
		{ "--calls", "99999999999999999999999", "--calls '99999999999999999999999': out of range" },
		{ "--pool", "0", "--pool '0': out of range (expected 1 to 1024)" },
		{ "--pool", "1025", "--pool '1025': out of range" },
		{ "--iterations", "0", "--iterations '0': out of range (expected 1 to 2147483647)" },
		{ "--iterations", "2147483648", "--iterations '2147483648': out of range" },
		{ "--keylen", "0", "--keylen '0': out of range (expected 1 to 1048576)" },
		{ "--keylen", "1048577", "--keylen '1048577': out of range" },
		{ "--keylen", "1.5", "--keylen '1.5': not a whole number" },
		{ "--digest", "", "--digest '': empty digest name" },
	};
	struct options o;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(PARSE(&o, err, cases[i].opt, cases[i].val), -1);
		if (strstr(err, cases[i].want) != err)
			fail_msg("%s %s: got \"%s\", want \"%s...\"", cases[i].opt,
			    cases[i].val, err, cases[i].want);
	}
}

static void
getopt_errors_are_ours(void **state)
{
	struct options o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "--bogus"), -1);
	assert_string_equal(err, "--bogus: unknown option");
	assert_int_equal(PARSE(&o, err, "--bogus=3"), -1);
	assert_string_equal(err, "--bogus: unknown option");
	assert_int_equal(PARSE(&o, err, "-x"), -1);
	assert_string_equal(err, "-x: unknown option");
	assert_int_equal(PARSE(&o, err, "--calls"), -1);
	assert_string_equal(err, "--calls: missing value");
	assert_int_equal(PARSE(&o, err, "-c"), -1);
	assert_string_equal(err, "-c: missing value");
	assert_int_equal(PARSE(&o, err, "extra"), -1);
	assert_string_equal(err, "'extra': unexpected argument (poolviz takes options only)");
	assert_int_equal(PARSE(&o, err, "-c", "2", "extra"), -1);
	assert_int_equal(PARSE(&o, err, "--no-sync=1"), -1);
	assert_int_equal(PARSE(&o, err, "--p", "3"), -1);
	assert_string_equal(err, "--p: ambiguous option (could be --password, "
	    "--pool, --print-key)");
	assert_int_equal(PARSE(&o, err, "--iter", "3"), 0);
	assert_int_equal(o.work.iterations, 3);
}

/* Parsing twice in one process starts afresh (getopt keeps state). */
static void
parses_again(void **state)
{
	struct options o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "-c", "3", "-x"), -1);
	assert_int_equal(PARSE(&o, err, "-c", "5"), 0);
	assert_int_equal(o.calls, 5);
}

static void
effective_pool_reads_env_as_libuv_does(void **state)
{
	struct options o;

	(void)state;
	options_defaults(&o);
	assert_int_equal(options_effective_pool(&o, NULL), 4);
	assert_int_equal(options_effective_pool(&o, "8"), 8);
	assert_int_equal(options_effective_pool(&o, "0"), 1);
	assert_int_equal(options_effective_pool(&o, "junk"), 1);
	assert_int_equal(options_effective_pool(&o, "5000"), 1024);
	o.pool = 2;
	assert_int_equal(options_effective_pool(&o, "8"), 2);
}

/* Only a run that shows nothing but the article's lines skips the CPU clocks. */
static void
lines_only_is_the_plain_article(void **state)
{
	static const char *const more[][2] = {
		{ "--timeline", NULL }, { "--live", NULL }, { "--format", "json" },
		{ "--format", "csv" },
		{ "--scenario", "blocked" }, { "--scenario", "starve" },
		{ "--check", NULL }, { "--repeat", "2" }, { "--svg", "x.svg" },
		{ "--trace", "x.json" }, { "--save-baseline", "x.base" },
	};
	struct options o;
	struct record_config cfg;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "--calls", "2"), 0);
	options_record_config(&o, NULL, &cfg);
	assert_true(cfg.lines_only);
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
		assert_int_equal(parse(&o, err, sizeof(err), more[i][0], more[i][1],
		    (char *)NULL), 0);
		options_record_config(&o, NULL, &cfg);
		if (cfg.lines_only)
			fail_msg("%s %s still counts as lines only", more[i][0],
			    more[i][1] != NULL ? more[i][1] : "");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_only_is_the_plain_article),
		cmocka_unit_test(defaults_are_the_articles),
		cmocka_unit_test(long_short_and_equals_forms),
		cmocka_unit_test(flags_and_strings),
		cmocka_unit_test(bad_numbers_are_refused),
		cmocka_unit_test(getopt_errors_are_ours),
		cmocka_unit_test(parses_again),
		cmocka_unit_test(effective_pool_reads_env_as_libuv_does),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
