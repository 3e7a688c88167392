/* test_delivery: stdout with its first write error kept, and the file outputs written whole, to stdout, or not at all. */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixtures.h"

#include "delivery.h"
#include "report/report.h"

/* A report on the article's fixed run; i: interrupted. */
struct rep {
	struct record r;
	struct report_store rs;
};

static void
rep_build(struct rep *p, bool interrupted)
{
	struct report_request req = { 0 };
	char err[256];

	memset(p, 0, sizeof(*p));
	if (interrupted)
		fx_interrupted(&p->r);
	else
		fx_article(&p->r);
	assert_int_equal(report_assemble(&p->rs, &p->r, 1, &req, err,
	    sizeof(err)), 0);
}

/* A stream on /dev/full whose buffer holds all a renderer writes. */
static FILE *
full_stream(void)
{
	FILE *f = fopen("/dev/full", "w");

	assert_non_null(f);
	assert_int_equal(setvbuf(f, NULL, _IOFBF, 1 << 20), 0);
	return f;
}

static void
tmpdir(char *dir, size_t len)
{
	snprintf(dir, len, "%s/pvdelivXXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
}

/* /dev/full: the flush fails, ENOSPC is kept, and later flushes fail too. */
static void
flush_on_a_full_disk_keeps_enospc(void **state)
{
	struct output o;

	(void)state;
	output_init(&o, full_stream());
	assert_true(fputs("Scheduled all async tasks\n", o.f) >= 0);
	assert_int_equal(o.error, 0);	/* buffered: nothing failed yet */
	assert_int_equal(output_flush(&o), -1);
	assert_int_equal(o.error, ENOSPC);
	assert_false(output_reader_gone(&o));
	assert_int_equal(output_flush(&o), -1);
	assert_int_equal(output_close(&o), -1);
	assert_int_equal(o.error, ENOSPC);
	assert_null(o.f);
}

/* The first error is the one kept: a later EPIPE does not replace ENOSPC. */
static void
note_keeps_the_first_error(void **state)
{
	struct output o;

	(void)state;
	output_init(&o, stdout);
	assert_int_equal(output_note(&o, 0), 0);
	assert_int_equal(o.error, 0);
	errno = ENOSPC;
	assert_int_equal(output_note(&o, -1), -1);
	errno = EPIPE;
	assert_int_equal(output_note(&o, -1), -1);
	assert_int_equal(o.error, ENOSPC);
	/* A failure that left no errno is still a failure. */
	output_init(&o, stdout);
	errno = 0;
	assert_int_equal(output_note(&o, -1), -1);
	assert_int_equal(o.error, EIO);
	output_init(&o, stdout);
	errno = EPIPE;
	(void)output_note(&o, -1);
	assert_true(output_reader_gone(&o));
}

/* --format json rendered onto a full disk: the render and its close fail. */
static void
render_on_a_full_disk_fails(void **state)
{
	struct rep p;
	struct output o;

	(void)state;
	rep_build(&p, false);
	output_init(&o, full_stream());
	(void)output_render(&o, FORMAT_JSON, NULL, &p.rs.rp);
	assert_int_equal(output_close(&o), -1);
	assert_int_equal(o.error, ENOSPC);
	record_free(&p.r);
}

/* A good stream: the whole rendering arrives and nothing is noted. */
static void
render_to_a_file_succeeds(void **state)
{
	struct rep p;
	struct output o;
	char *s;

	(void)state;
	rep_build(&p, false);
	output_init(&o, tmpfile());
	assert_non_null(o.f);
	assert_int_equal(output_render(&o, FORMAT_JSON, NULL, &p.rs.rp), 0);
	assert_int_equal(output_flush(&o), 0);
	rewind(o.f);
	s = calloc(1, 1 << 16);
	assert_non_null(s);
	assert_true(fread(s, 1, (1 << 16) - 1, o.f) > 0);
	assert_true(s[0] == '{');
	assert_non_null(strstr(s, "\"calls\""));
	free(s);
	assert_int_equal(output_close(&o), 0);
	assert_int_equal(o.error, 0);
	record_free(&p.r);
}

/*
 * "-" (--trace -) writes to stdout; when text mode's lines went to a
 * copy of stderr (fs.out), a write error on stdout must still be
 * reported, through fs.out. The stream is big enough to hold the whole
 * trace, so only a flush of stdout itself can find the error.
 */
static void
dash_file_on_a_full_stdout_reports_the_error(void **state)
{
	const char *paths[OUTPUT_COUNT] = { 0 };
	struct output_files fs;
	struct output text;
	struct rep p;
	FILE *saved = stdout, *full;
	char err[256] = "";
	int rc;

	(void)state;
	rep_build(&p, false);
	paths[OUTPUT_TRACE] = "-";
	assert_int_equal(output_files_open(&fs, paths, err, sizeof(err)), 0);
	assert_true(fs.open[OUTPUT_TRACE]);
	assert_true(fs.of[OUTPUT_TRACE].to_stdout);
	output_init(&text, tmpfile());	/* the text's stream, which is fine */
	assert_non_null(text.f);
	fs.out = &text;
	full = full_stream();
	stdout = full;
	rc = output_files_write(&fs, &p.rs.rp, err, sizeof(err));
	stdout = saved;
	(void)fclose(full);
	assert_int_equal(rc, 0);	/* stdout's errors are fs.out's to report */
	assert_int_equal(text.error, ENOSPC);
	assert_int_equal(output_close(&text), -1);
	record_free(&p.r);
}

/* "-" on a good stdout: the trace arrives after what the text had written. */
static void
dash_file_writes_to_stdout_after_the_text(void **state)
{
	const char *paths[OUTPUT_COUNT] = { 0 };
	struct output_files fs;
	struct output text;
	struct rep p;
	FILE *saved = stdout, *out = tmpfile();
	char err[256] = "", buf[64] = "";

	(void)state;
	assert_non_null(out);
	rep_build(&p, false);
	paths[OUTPUT_TRACE] = "-";
	assert_int_equal(output_files_open(&fs, paths, err, sizeof(err)), 0);
	output_init(&text, out);	/* text and file share stdout */
	fs.out = &text;
	assert_true(fputs("text first\n", out) >= 0);
	stdout = out;
	assert_int_equal(output_files_write(&fs, &p.rs.rp, err, sizeof(err)), 0);
	stdout = saved;
	assert_int_equal(text.error, 0);
	assert_false(fs.open[OUTPUT_TRACE]);
	rewind(out);
	assert_non_null(fgets(buf, sizeof(buf), out));
	assert_string_equal(buf, "text first\n");
	assert_non_null(fgets(buf, sizeof(buf), out));	/* then the trace */
	assert_true(buf[0] == '{' || buf[0] == '[');
	assert_int_equal(output_close(&text), 0);
	record_free(&p.r);
}

/* A file is written whole and moved into place; no temporary is left. */
static void
file_is_committed(void **state)
{
	const char *paths[OUTPUT_COUNT] = { 0 };
	struct output_files fs;
	struct rep p;
	char dir[256], path[300], err[256] = "";
	struct stat st;

	(void)state;
	tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/base.json", dir);
	rep_build(&p, false);
	paths[OUTPUT_BASELINE] = path;
	assert_int_equal(output_files_open(&fs, paths, err, sizeof(err)), 0);
	assert_int_equal(output_files_write(&fs, &p.rs.rp, err, sizeof(err)), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 0);
	assert_false(fs.open[OUTPUT_BASELINE]);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);	/* empty: no temporary left */
	record_free(&p.r);
}

/*
 * An interrupted run: the trace may be written, the baseline may not
 * (it is discarded, and no file appears).
 */
static void
interrupted_run_writes_only_what_it_may(void **state)
{
	const char *paths[OUTPUT_COUNT] = { 0 };
	struct output_files fs;
	struct rep p;
	char dir[256], base[300], trace[300], err[256] = "";

	(void)state;
	tmpdir(dir, sizeof(dir));
	snprintf(base, sizeof(base), "%s/base.json", dir);
	snprintf(trace, sizeof(trace), "%s/trace.json", dir);
	rep_build(&p, true);
	assert_true(report_last(&p.rs.rp)->interrupted);
	paths[OUTPUT_BASELINE] = base;
	paths[OUTPUT_TRACE] = trace;
	assert_int_equal(output_files_open(&fs, paths, err, sizeof(err)), 0);
	assert_int_equal(output_files_write(&fs, &p.rs.rp, err, sizeof(err)), 0);
	assert_int_equal(access(base, F_OK), -1);
	assert_int_equal(access(trace, F_OK), 0);
	assert_int_equal(unlink(trace), 0);
	assert_int_equal(rmdir(dir), 0);
	record_free(&p.r);
}

/* A file that cannot be created is refused at open, and none stays open. */
static void
open_failure_leaves_nothing_open(void **state)
{
	const char *paths[OUTPUT_COUNT] = { 0 };
	struct output_files fs;
	char dir[256], ok[300], bad[300], err[256] = "";

	(void)state;
	tmpdir(dir, sizeof(dir));
	snprintf(ok, sizeof(ok), "%s/trace.json", dir);
	snprintf(bad, sizeof(bad), "%s/no/such/dir/base.json", dir);
	paths[OUTPUT_TRACE] = ok;
	paths[OUTPUT_BASELINE] = bad;
	assert_int_equal(output_files_open(&fs, paths, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--save-baseline"));
	for (int i = 0; i < OUTPUT_COUNT; i++)
		assert_false(fs.open[i]);
	assert_int_equal(rmdir(dir), 0);	/* the trace's temporary is gone */
}

/* A file on a full disk: the write fails with a message, nothing is left open. */
static void
file_on_a_full_device_fails(void **state)
{
	const char *paths[OUTPUT_COUNT] = { 0 };
	struct output_files fs;
	struct rep p;
	char err[256] = "";

	(void)state;
	rep_build(&p, false);
	paths[OUTPUT_TRACE] = "/dev/full";
	assert_int_equal(output_files_open(&fs, paths, err, sizeof(err)), 0);
	assert_int_equal(output_files_write(&fs, &p.rs.rp, err, sizeof(err)), -1);
	assert_true(err[0] != '\0');
	for (int i = 0; i < OUTPUT_COUNT; i++)
		assert_false(fs.open[i]);
	record_free(&p.r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flush_on_a_full_disk_keeps_enospc),
		cmocka_unit_test(note_keeps_the_first_error),
		cmocka_unit_test(render_on_a_full_disk_fails),
		cmocka_unit_test(render_to_a_file_succeeds),
		cmocka_unit_test(dash_file_on_a_full_stdout_reports_the_error),
		cmocka_unit_test(dash_file_writes_to_stdout_after_the_text),
		cmocka_unit_test(file_is_committed),
		cmocka_unit_test(interrupted_run_writes_only_what_it_may),
		cmocka_unit_test(open_failure_leaves_nothing_open),
		cmocka_unit_test(file_on_a_full_device_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
