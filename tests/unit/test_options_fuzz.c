/* test_options_fuzz: what the options fuzzer found, kept as regression tests. */
#include <dirent.h>

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

/*
 * Issue 13: a 600-byte value cut the message at 512 bytes, losing the
 * range. For every option that takes a value, a long bad value is echoed
 * shortened and the message ends whole.
 */
static void
long_values_leave_the_message_whole(void **state)
{
	static const char *const opts[] = {
		"--calls", "--pool", "--iterations", "--keylen", "--repeat",
		"--warmup", "--tolerance", "--format", "--scenario", "--work",
		"--level", "--size", "--scrypt-n", "--scrypt-r", "--scrypt-p",
		"--digest", "--svg", "--trace", "--baseline", "--save-baseline",
		"--password", "--salt", "-c", "-p", "-i", "-k", "-d",
	};
	char big[601], eq[700];
	struct options o;
	char err[512];

	(void)state;
	memset(big, '9', sizeof(big) - 1);
	big[sizeof(big) - 2] = 'x';
	big[sizeof(big) - 1] = '\0';
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		char *argv[] = { "poolviz", (char *)opts[i], big, NULL };

		holds(3, argv);
		snprintf(eq, sizeof(eq), "%s=%s", opts[i], big);
		argv[1] = eq;
		argv[2] = NULL;
		holds(2, argv);
	}
	ERROR_OF("--calls '9999999999999999999999999999999999999999\u2026': not "
	    "a whole number (expected 0 to 1000000)", "--calls", big);
	assert_int_equal(options_parse(&o, 3, ARGV("--pool", big), err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "(expected 1 to 1024)"));
	/* A long unknown option and a long operand are shortened too. */
	big[0] = big[1] = '-';
	holds(2, ARGV(big));
	big[0] = 'z';
	holds(2, ARGV(big));
}

/* --svg --timeline, --svg a --svg b: refused, unless written with '='. */
static void
values_that_are_options_are_refused(void **state)
{
	(void)state;
	ERROR_OF("--svg: missing value ('--timeline' is an option, not a file "
	    "name; to mean it, write --svg=./--timeline)", "--svg", "--timeline");
	ERROR_OF("--svg: given twice (expected one file; each output has its "
	    "own option)", "--svg", "a", "--svg", "b");
	ERROR_OF("--password: missing value ('--check' is an option; to mean "
	    "it, write --password=--check)", "--password", "--check");
	HOLDS("--svg", "--timeline");
	HOLDS("--svg=--timeline");
	HOLDS("--password", "-secret", "--salt", "--saltier");
	HOLDS("--password=--check");
	HOLDS("--trace", "-x", "--baseline", "-");
}

/*
 * Every seed in tests/fuzz/corpus/options: the inputs a fuzzing run once
 * flagged (libFuzzer's crash-<sha> files, renamed to say what each is) and
 * the hand-written ones. Each is an argv split at its NUL bytes, as
 * fuzz_options.c splits an input; every promise must hold on it. The
 * directory is read, so that a new seed needs no edit here.
 */
#define CORPUS_DIR	"tests/fuzz/corpus/options"

static void
corpus_case(const char *name)
{
	char path[512], buf[4096], *argv[66];
	int argc = 0;
	size_t n, at = 0;
	FILE *f;

	snprintf(path, sizeof(path), CORPUS_DIR "/%s", name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("%s: cannot open (run from the repository's root)", path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	argv[argc++] = "poolviz";
	while (at < n && argc < 65) {
		argv[argc++] = buf + at;
		at += strlen(buf + at) + 1;
	}
	argv[argc] = NULL;
	holds(argc, argv);
}

static void
every_corpus_seed_keeps_every_promise(void **state)
{
	DIR *d;
	struct dirent *e;
	int seen = 0;

	(void)state;
	if ((d = opendir(CORPUS_DIR)) == NULL)
		fail_msg("%s: cannot open (run from the repository's root)",
		    CORPUS_DIR);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		corpus_case(e->d_name);
		seen++;
	}
	closedir(d);
	assert_true(seen > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(non_ascii_short_option_is_named),
		cmocka_unit_test(seed_argvs_keep_every_promise),
		cmocka_unit_test(long_values_are_cut_not_overrun),
		cmocka_unit_test(long_values_leave_the_message_whole),
		cmocka_unit_test(values_that_are_options_are_refused),
		cmocka_unit_test(every_corpus_seed_keeps_every_promise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
