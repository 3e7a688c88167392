/* test_atomicfile: a file is written whole or not at all; stdout and devices in place. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys/atomicfile.h"

static char dir[64];

static int
make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/poolviz-test-atomicfile-XXXXXX");
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

static const char *
in_dir(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
	return buf;
}

/* How many names the directory holds: a temporary file left counts. */
static int
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void
put(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void
a_new_file_appears_whole_at_commit(void **state)
{
	struct atomicfile af;
	char path[PATH_MAX], err[256], *got;
	struct stat st;

	(void)state;
	in_dir(path, sizeof(path), "new.svg");
	assert_int_equal(atomicfile_open(&af, "--svg", path, err, sizeof(err)), 0);
	assert_false(af.to_stdout);
	fputs("<svg/>\n", af.f);
	/* Written beside it, under another name, until the commit. */
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(entries(), 1);
	assert_int_equal(atomicfile_commit(&af, err, sizeof(err)), 0);
	assert_int_equal(entries(), 1);
	got = slurp(path);
	assert_string_equal(got, "<svg/>\n");
	free(got);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	unlink(path);
}

static void
a_discard_leaves_the_old_file(void **state)
{
	struct atomicfile af;
	char path[PATH_MAX], err[256], *got;
	struct stat st;

	(void)state;
	in_dir(path, sizeof(path), "old.json");
	put(path, "old\n", 0640);
	assert_int_equal(atomicfile_open(&af, "--trace", path, err, sizeof(err)), 0);
	fputs("half a new one", af.f);
	fflush(af.f);
	assert_int_equal(entries(), 2);
	atomicfile_discard(&af);
	assert_int_equal(entries(), 1);
	got = slurp(path);
	assert_string_equal(got, "old\n");
	free(got);
	/* Replaced at last, it keeps its mode. */
	assert_int_equal(atomicfile_open(&af, "--trace", path, err, sizeof(err)), 0);
	fputs("new\n", af.f);
	assert_int_equal(atomicfile_commit(&af, err, sizeof(err)), 0);
	got = slurp(path);
	assert_string_equal(got, "new\n");
	free(got);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	unlink(path);
}

static void
a_read_only_file_or_a_directory_is_refused(void **state)
{
	struct atomicfile af;
	char path[PATH_MAX], err[512];

	(void)state;
	in_dir(path, sizeof(path), "ro.svg");
	put(path, "keep\n", 0444);
	/* root may write anything: access(2) then says yes, the mode still no. */
	assert_int_equal(atomicfile_open(&af, "--svg", path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--svg '"));
	assert_non_null(strstr(err, "is read-only"));
	unlink(path);
	assert_int_equal(atomicfile_open(&af, "--svg", dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is a directory"));
	assert_int_equal(entries(), 0);
}

static void
dash_and_devices_are_written_in_place(void **state)
{
	struct atomicfile af;
	char err[256];

	(void)state;
	assert_int_equal(atomicfile_open(&af, "--svg", "-", err, sizeof(err)), 0);
	assert_true(af.to_stdout);
	assert_ptr_equal(af.f, stdout);
	assert_int_equal(atomicfile_commit(&af, err, sizeof(err)), 0);
	assert_null(af.f);
	/* stdout is left open: its errors are its own writer's. */
	assert_true(fileno(stdout) == STDOUT_FILENO);

	/* /dev/zero, not /dev/null: a test's stdout may be /dev/null. */
	assert_int_equal(atomicfile_open(&af, "--svg", "/dev/zero", err,
	    sizeof(err)), 0);
	assert_false(af.to_stdout);
	assert_true(af.fd >= 0);
	assert_string_equal(af.tmp, "");
	fputs("gone", af.f);
	assert_int_equal(atomicfile_commit(&af, err, sizeof(err)), 0);
	assert_int_equal(af.fd, -1);
}

static void
a_write_error_is_reported_and_leaves_nothing(void **state)
{
	struct atomicfile af;
	char err[256];

	(void)state;
	assert_int_equal(atomicfile_open(&af, "--trace", "/dev/full", err,
	    sizeof(err)), 0);
	fputs("x", af.f);
	assert_int_equal(atomicfile_commit(&af, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--trace '/dev/full': write error: "));
	assert_int_equal(af.error, ENOSPC);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_new_file_appears_whole_at_commit),
		cmocka_unit_test(a_discard_leaves_the_old_file),
		cmocka_unit_test(a_read_only_file_or_a_directory_is_refused),
		cmocka_unit_test(dash_and_devices_are_written_in_place),
		cmocka_unit_test(a_write_error_is_reported_and_leaves_nothing),
	};

	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
