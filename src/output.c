/* output: never lose a write error, never leave a half-written file. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "render/render_text.h"
#include "signals.h"

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

int
output_file_open(struct output_file *of, const char *opt, const char *path,
    char *err, size_t errlen)
{
	struct stat st;
	mode_t mask;
	int fd;

	memset(of, 0, sizeof(*of));
	of->opt = opt;
	of->path = path;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s '%s': is a directory (expected a file "
		    "to write)", opt, path);
		return -1;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((of->f = fopen(path, "w")) == NULL)
			goto fail;
		return 0;
	}
	if ((size_t)snprintf(of->tmp, sizeof(of->tmp), "%s.XXXXXX", path) >=
	    sizeof(of->tmp)) {
		snprintf(err, errlen, "%s: file name too long", opt);
		return -1;
	}
	if ((fd = mkstemp(of->tmp)) < 0) {
		of->tmp[0] = '\0';
		goto fail;
	}
	signals_unlink_on_exit(of->tmp, true);
	/* mkstemp makes 0600; the file should get the mode a new file gets. */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	if ((of->f = fdopen(fd, "w")) == NULL) {
		int e = errno;

		close(fd);
		output_file_discard(of);
		errno = e;
		goto fail;
	}
	return 0;

fail:
	snprintf(err, errlen, "%s '%s': cannot create: %s", opt, path,
	    strerror(errno));
	return -1;
}

/* Close the file and move it into place; on failure remove it. */
int
output_file_commit(struct output_file *of, char *err, size_t errlen)
{
	int e = 0;

	if (fflush(of->f) == EOF || ferror(of->f))
		e = errno != 0 ? errno : EIO;
	if (fclose(of->f) == EOF && e == 0)
		e = errno != 0 ? errno : EIO;
	of->f = NULL;
	if (e == 0 && of->tmp[0] != '\0' && rename(of->tmp, of->path) != 0)
		e = errno;
	if (e != 0) {
		output_file_discard(of);
		snprintf(err, errlen, "%s '%s': write error: %s", of->opt,
		    of->path, strerror(e));
		return -1;
	}
	signals_unlink_on_exit(of->tmp, false);
	of->tmp[0] = '\0';
	return 0;
}

/* Give up on the file: close it and remove the temporary one. */
void
output_file_discard(struct output_file *of)
{
	if (of->f != NULL) {
		fclose(of->f);
		of->f = NULL;
	}
	if (of->tmp[0] != '\0') {
		unlink(of->tmp);
		signals_unlink_on_exit(of->tmp, false);
		of->tmp[0] = '\0';
	}
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
		if (output_file_open(&fs->of[i], output_kind((enum output_id)i)->option,
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
			output_file_discard(&fs->of[i]);
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
		struct output_file *of = &fs->of[i];

		if (!fs->open[i])
			continue;
		fs->open[i] = false;
		if (!k->interrupted && report_last(rp)->interrupted) {
			output_file_discard(of);
			continue;
		}
		if (k->render(of->f, rp, NULL) != 0 && !ferror(of->f)) {
			output_file_discard(of);
			snprintf(err, errlen, "%s '%s': cannot render it", k->option,
			    of->path);
		} else if (output_file_commit(of, err, errlen) == 0)
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

/* --- the run's sink: the article's lines, and a first Ctrl-C that talks --- */

static int
line(void *arg, const struct record *r, const struct record_line *l)
{
	struct run_sink *s = arg;
	int rc;

	if (!s->lines)
		return 0;
	if (s->view != NULL)
		render_live_hold(s->view);
	rc = output_note(s->out, render_text_line(s->out->f, r, l));
	/* With a frame below, the line must be out before the frame is back. */
	if (s->view != NULL) {
		if (rc == 0)
			rc = output_flush(s->out);
		render_live_release(s->view);
	}
	return rc;
}

static int
flush(void *arg)
{
	struct run_sink *s = arg;

	return s->lines ? output_flush(s->out) : 0;
}

/* "hashes", "deflates": the work's unit, lower case, plural unless one. */
static void
noun(char *buf, size_t len, const char *unit, size_t n)
{
	size_t i, u = strlen(unit);
	const char *end = "";

	if (n != 1)
		end = u > 0 && strchr("hsx", unit[u - 1]) != NULL ? "es" : "s";
	for (i = 0; i + 1 < len && unit[i] != '\0'; i++)
		buf[i] = (char)tolower((unsigned char)unit[i]);
	buf[i] = '\0';
	strncat(buf, end, len - i - 1);
}

/*
 * The first signal, seen on the loop. On a terminal, say what the wait is
 * for: the ^C echo left the cursor mid-line, so begin on a new one (the
 * live frame's erasing takes the echo away with it).
 */
static void
stopping(void *arg, const struct record *r, size_t running)
{
	struct run_sink *s = arg;
	char unit[40];

	if (!isatty(STDERR_FILENO))
		return;
	if (s->out != NULL && s->out->f != NULL)
		fflush(s->out->f);
	if (s->view != NULL)
		render_live_hold(s->view);
	else if (r->signal == SIGINT)
		fputc('\n', stderr);	/* after the terminal's ^C */
	if (running > 0) {
		noun(unit, sizeof(unit), r->config.work.unit, running);
		fprintf(stderr, "poolviz: stopping: waiting for %zu running %s "
		    "(Ctrl-C again to quit now)\n", running, unit);
	}
	fflush(stderr);
	s->fresh = true;
	if (s->view != NULL)
		render_live_release(s->view);
}

struct experiment_sink
run_sink_make(struct run_sink *s, struct live *lv)
{
	return (struct experiment_sink){ .line = line, .flush = flush,
	    .arg = s, .stopping = stopping, .live = lv };
}
