/* delivery: the report to stdout and to the files the options name; no write error lost, no file half-written. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "delivery.h"
#include "sys/paths.h"

void
output_init(struct output *o, FILE *f)
{
	o->f = f;
	o->error = 0;
}

/* Record a failed write (rc != 0) once; returns rc. */
int
output_note(struct output *o, int rc)
{
	if (rc != 0 && o->error == 0)
		o->error = errno != 0 ? errno : EIO;
	return rc;
}

int
output_flush(struct output *o)
{
	if (o->error != 0)
		return -1;
	errno = 0;
	return output_note(o, fflush(o->f) == EOF || ferror(o->f) ? -1 : 0);
}

/* Flush and close the stream for good; returns 0 when nothing was lost. */
int
output_close(struct output *o)
{
	int rc = output_flush(o);

	errno = 0;
	if (fclose(o->f) == EOF && rc == 0)
		rc = output_note(o, -1);
	o->f = NULL;
	return rc;
}

/* The reader went away (EPIPE): stop quietly rather than complain. */
bool
output_reader_gone(const struct output *o)
{
	return o->error == EPIPE;
}

/* Open every file a path is given for; on failure none stays open. */
int
output_files_open(struct output_files *fs, const char *const path[OUTPUT_COUNT],
    char *err, size_t errlen)
{
	memset(fs, 0, sizeof(*fs));
	for (int i = 0; i < OUTPUT_COUNT; i++) {
		if (path[i] == NULL)
			continue;
		if (atomicfile_open(&fs->of[i], output_kind((enum output_id)i)->option,
		    path[i], err, errlen) != 0) {
			output_files_discard(fs);
			return -1;
		}
		fs->open[i] = true;
	}
	return 0;
}

void
output_files_discard(struct output_files *fs)
{
	for (int i = 0; i < OUTPUT_COUNT; i++)
		if (fs->open[i]) {
			atomicfile_discard(&fs->of[i]);
			fs->open[i] = false;
		}
}

/*
 * Render into each file and move it into place. A renderer that fails
 * without a stream error (out of memory) must not leave a partial file,
 * and an output an interrupted run may not write is left unwritten.
 */
int
output_files_write(struct output_files *fs, const struct report *rp,
    char *err, size_t errlen)
{
	for (int i = 0; i < OUTPUT_COUNT; i++) {
		const struct output_kind *k = output_kind((enum output_id)i);
		struct atomicfile *of = &fs->of[i];
		char e[PATHS_ECHO_SIZE];

		if (!fs->open[i])
			continue;
		fs->open[i] = false;
		if (!k->interrupted && report_last(rp)->interrupted) {
			atomicfile_discard(of);
			continue;
		}
		if (of->to_stdout) {
			/*
			 * Its errors, EPIPE's quiet 141 included, are noted in
			 * fs->out, which may be the text's copy of stderr: the
			 * text goes first, then stdout itself is flushed.
			 */
			if (fs->out != NULL && output_flush(fs->out) == 0 &&
			    output_note(fs->out, k->render(stdout, rp, NULL)) == 0) {
				errno = 0;
				(void)output_note(fs->out, fflush(stdout) == EOF ||
				    ferror(stdout) ? -1 : 0);
			}
			of->f = NULL;
			continue;
		}
		if (k->render(of->f, rp, NULL) != 0 && !ferror(of->f)) {
			atomicfile_discard(of);
			snprintf(err, errlen, "%s '%s': cannot render it", k->option,
			    paths_echo(of->path, e));
		} else if (atomicfile_commit(of, err, errlen) == 0)
			continue;
		output_files_discard(fs);
		return -1;
	}
	return 0;
}

/* What --format asked for, on stdout; st only with a chart to draw. */
int
output_render(struct output *o, enum format format,
    const struct render_style *st, const struct report *rp)
{
	const struct output_kind *k = output_of_format(format);

	if (k == NULL)
		return output_note(o, -1);
	return output_note(o, k->render(o->f, rp, output_reader_gone(o) ?
	    NULL : st));
}
