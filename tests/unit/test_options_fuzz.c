/* test_options_fuzz: what the options fuzzer found, kept as regression tests. */
#include "testutil.h"

#include "../fuzz/options_check.h"

/* An argv as a compound literal, and its argc (not counting the NULL). */
#define ARGV(...) ((char *[]){ "poolviz", __VA_ARGS__, NULL })
#define ARGC(v) ((int)(sizeof(v) / sizeof((v)[0])) - 1)

/* Every promise options_check() lists, on argv (argc entries and a NULL). */
static void
holds(int argc, char **argv)
{
	char why[512];
	const char *bad = options_check(argc, argv, why, sizeof(why));

	if (bad != NULL)
		fail_msg("%s", bad);
}

#define HOLDS(...) holds(ARGC(ARGV(__VA_ARGS__)), ARGV(__VA_ARGS__))

static void
error_of(const char *want, int argc, char **argv)
{
	struct options o;
	char err[512] = "";

	assert_int_equal(options_parse(&o, argc, argv, err, sizeof(err)), -1);
	assert_string_equal(err, want);
}

#define ERROR_OF(want, ...) \
	error_of((want), ARGC(ARGV(__VA_ARGS__)), ARGV(__VA_ARGS__))

/*
 * Found by fuzz_options in its first second: a byte past ASCII in a cluster
 * of short options made the message name the argument before it (argv[0]
 * when there was none), as bad_option() took only ASCII from optopt.
 */
static void
non_ascii_short_option_is_named(void **state)
{
	(void)state;
	HOLDS("-\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff-p", "-");
	HOLDS("-c", "5", "-\xffh");
	ERROR_OF("-\xff: unknown option", "-c", "5", "-\xffh");
	ERROR_OF("-\xff: unknown option", "-\xffh");
	ERROR_OF("-\xe9: unknown option", "-h\xe9");
}

/* The seeds in tests/fuzz/corpus/options, in short: each promise holds. */
static void
seed_argvs_keep_every_promise(void **state)
{
	(void)state;
	HOLDS("--calls", "7", "--pool=3", "-i", "9", "-k", "16", "-d", "sha256");
	HOLDS("--no-sync", "--print-key", "--password", "", "--salt=", "-c", "1");
	HOLDS("-c", "0", "-p", "1024", "--iterations=2147483647",
	    "--keylen=1048576", "--calls=1000000");
	HOLDS("-hV");
	HOLDS("--print-key", "--");
	HOLDS("--cal=3", "--it", "5", "--no", "--sa", "x");
	HOLDS("--calls", "4x");
	HOLDS("--pool", "1025", "--calls", "18446744073709551616");
	HOLDS("--bogus=3");
	HOLDS("-hz");
	HOLDS("-c");
	HOLDS("-c", "2", "extra");
	HOLDS("--no-sync=1");
	HOLDS("--p", "3");
	HOLDS("--digest=");
	HOLDS("--calls", "a\nb");
	HOLDS("--scenario", "blocked", "--format", "json");
	/* stdout for one output only, and --junit with a verdict. */
	HOLDS("--svg", "-", "--trace", "-");
	HOLDS("--svg", "-", "--format", "markdown");
	HOLDS("--check", "--junit", "-");
	HOLDS("--junit", "j.xml");
	HOLDS("--save-baseline", "-", "--format", "json");
	ERROR_OF("--svg '-': --trace writes to stdout too (expected one output "
	    "on stdout)", "--svg", "-", "--trace", "-");
	ERROR_OF("--junit: applies only with --check or --baseline (its "
	    "testcases are their verdicts)", "--junit", "j.xml");
}

/* A message cut by a small buffer is still a prefix, and still ends. */
static void
long_values_are_cut_not_overrun(void **state)
{
	char big[2048];

	(void)state;
	memset(big, '7', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	HOLDS("--calls", big);
	HOLDS(big);
	big[0] = '-';
	big[1] = '-';
	HOLDS(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(non_ascii_short_option_is_named),
		cmocka_unit_test(seed_argvs_keep_every_promise),
		cmocka_unit_test(long_values_are_cut_not_overrun),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
