/* test_paths: what a path says of stdout, and two names of one file. */
#include "testutil.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys/paths.h"

static char dir[64];

static int
make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/poolviz-test-paths-XXXXXX");
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int
remove_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* dir/name, in buf. */
static const char *
in_dir(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
	return buf;
}

static void
touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	close(fd);
}

static void
dash_is_stdout_taken_alone(void **state)
{
	char a[PATH_MAX];

	(void)state;
	assert_int_equal(paths_stdout("-"), PATHS_DASH);
	assert_int_equal(paths_stdout(NULL), PATHS_FILE);
	assert_int_equal(paths_stdout(in_dir(a, sizeof(a), "none")), PATHS_FILE);
	touch(a);
	assert_int_equal(paths_stdout(a), PATHS_FILE);
	assert_int_equal(paths_stdout("--"), PATHS_FILE);
}

/* stdout sent to a file: that file, by any name, is stdout. */
static void
stdouts_file_by_any_name_is_stdout(void **state)
{
	char a[PATH_MAX], b[PATH_MAX];
	enum paths_stdout by_name, by_proc, other;
	int fd, saved;

	(void)state;
	touch(in_dir(a, sizeof(a), "out"));
	touch(in_dir(b, sizeof(b), "other"));
	fflush(stdout);
	assert_true((fd = open(a, O_WRONLY)) >= 0);
	assert_true((saved = dup(STDOUT_FILENO)) >= 0);
	assert_int_equal(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
	by_name = paths_stdout(a);
	by_proc = paths_stdout("/proc/self/fd/1");
	other = paths_stdout(b);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fd);
	assert_int_equal(by_name, PATHS_STDOUT);
	assert_int_equal(by_proc, PATHS_STDOUT);
	assert_int_equal(other, PATHS_FILE);
}

static void
one_file_by_two_names_is_the_same(void **state)
{
	char a[PATH_MAX], dot[PATH_MAX], sym[PATH_MAX], hard[PATH_MAX],
	    b[PATH_MAX], ghost[PATH_MAX], ghost2[PATH_MAX];

	(void)state;
	touch(in_dir(a, sizeof(a), "s.svg"));
	in_dir(dot, sizeof(dot), "./s.svg");
	in_dir(sym, sizeof(sym), "link.svg");
	in_dir(hard, sizeof(hard), "hard.svg");
	in_dir(b, sizeof(b), "t.svg");
	assert_int_equal(symlink("s.svg", sym), 0);
	assert_int_equal(link(a, hard), 0);
	touch(b);
	assert_true(paths_same(a, a));
	assert_true(paths_same(a, dot));
	assert_true(paths_same(a, sym));
	assert_true(paths_same(hard, a));
	assert_false(paths_same(a, b));
	/* Not there yet: the same name twice is still one file. */
	in_dir(ghost, sizeof(ghost), "new.svg");
	in_dir(ghost2, sizeof(ghost2), "./new.svg");
	assert_true(paths_same(ghost, ghost2));
	/* Two names of stdout are written there in turn, never lost. */
	assert_false(paths_same("-", "-"));
	assert_false(paths_same(a, NULL));
}

static void
a_link_resolves_to_its_target(void **state)
{
	char sym[PATH_MAX], got[PATH_MAX], want[PATH_MAX + 16], real[PATH_MAX];

	(void)state;
	in_dir(sym, sizeof(sym), "dangling.svg");
	assert_int_equal(symlink("target.svg", sym), 0);
	assert_int_equal(paths_resolve(sym, got, sizeof(got)), 0);
	assert_non_null(realpath(dir, real));
	snprintf(want, sizeof(want), "%s/target.svg", real);
	assert_string_equal(got, want);
	/* Too small a buffer is an error, not a cut path. */
	assert_int_equal(paths_resolve(sym, got, 4), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dash_is_stdout_taken_alone),
		cmocka_unit_test(stdouts_file_by_any_name_is_stdout),
		cmocka_unit_test(one_file_by_two_names_is_the_same),
		cmocka_unit_test(a_link_resolves_to_its_target),
	};

	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
