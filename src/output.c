/* output: never lose a write error, never leave a half-written file. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "outpath.h"
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

/*
 * A FIFO, a device or a socket is written in place: it cannot be
 * replaced, and a temporary file beside a device is no use. A socket is
 * connected to (a stream socket of the local family). Its descriptor is
 * watched, so that a first signal ends a write to it that would wait.
 */
static int
open_in_place(struct output_file *of, const struct stat *st)
{
	int fd;

	if (S_ISSOCK(st->st_mode)) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };

		if (strlen(of->path) >= sizeof(sa.sun_path)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		strcpy(sa.sun_path, of->path);
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
			return -1;
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
			int e = errno;

			close(fd);
			errno = e;
			return -1;
		}
	} else if ((fd = open(of->path, O_WRONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return -1;
	if ((of->f = fdopen(fd, "w")) == NULL) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	of->fd = fd;
	signals_watch_fd(fd, true);
	return 0;
}

/*
 * The temporary file's name, in the target's own directory so that the
 * rename stays on one file system and replaces the target, not a link to
 * it: TARGET.XXXXXX, or DIR/.poolviz-XXXXXX where that name would be
 * longer than a name may be.
 */
static int
temp_name(struct output_file *of)
{
	const char *slash = strrchr(of->target, '/');
	const char *base = slash != NULL ? slash + 1 : of->target;
	int dirlen = slash != NULL ? (int)(slash - of->target) : 1;
	size_t n;

	if (strlen(base) + strlen(".XXXXXX") <= NAME_MAX)
		n = (size_t)snprintf(of->tmp, sizeof(of->tmp), "%s.XXXXXX",
		    of->target);
	else
		n = (size_t)snprintf(of->tmp, sizeof(of->tmp), "%.*s/.poolviz-XXXXXX",
		    dirlen, slash != NULL ? of->target : ".");
	if (n >= sizeof(of->tmp)) {
		of->tmp[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
output_file_open(struct output_file *of, const char *opt, const char *path,
    char *err, size_t errlen)
{
	struct stat st;
	bool exists;
	mode_t mask;
	int fd;

	memset(of, 0, sizeof(*of));
	of->opt = opt;
	of->path = path;
	of->fd = -1;
	/* "-" or the process's own stdout by any name: written there, in order. */
	if (output_path_is_stdout(path)) {
		of->f = stdout;
		of->to_stdout = true;
		return 0;
	}
	exists = stat(path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s '%s': is a directory (expected a file "
		    "to write)", opt, path);
		return -1;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		if (open_in_place(of, &st) != 0)
			goto fail;
		return 0;
	}
	/* A file the user may not write is not replaced behind its back. */
	if (exists && (access(path, W_OK) != 0 || (st.st_mode & 0222) == 0)) {
		snprintf(err, errlen, "%s '%s': is read-only (expected a file "
		    "poolviz may replace: make it writable or name another)", opt,
		    path);
		return -1;
	}
	/* Through any symbolic link: the link stays, its target is replaced. */
	if (output_path_resolve(path, of->target, sizeof(of->target)) != 0 ||
	    temp_name(of) != 0)
		goto fail;
	if ((fd = mkstemp(of->tmp)) < 0) {
		of->tmp[0] = '\0';
		goto fail;
	}
	signals_unlink_on_exit(of->tmp, true);
	/*
	 * mkstemp makes 0600: a replaced file keeps its mode (and, where
	 * allowed, its owner); a new one gets the mode a new file gets.
	 */
	if (exists) {
		(void)fchown(fd, st.st_uid, st.st_gid);
		(void)fchmod(fd, st.st_mode & 07777);
	} else {
		mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
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

	if (of->to_stdout) {	/* stdout's errors are cli_finish_output's */
		of->f = NULL;
		return 0;
	}
	errno = 0;
	if (fflush(of->f) == EOF || ferror(of->f))
		e = errno != 0 ? errno : EIO;
	if (of->fd >= 0)
		signals_watch_fd(of->fd, false);
	if (fclose(of->f) == EOF && e == 0)
		e = errno != 0 ? errno : EIO;
	of->f = NULL;
	of->fd = -1;
	if (e == 0 && of->tmp[0] != '\0' && rename(of->tmp, of->target) != 0)
		e = errno;
	if (e != 0) {
		of->error = e;
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
	if (of->f != NULL && !of->to_stdout) {
		if (of->fd >= 0)
			signals_watch_fd(of->fd, false);
		fclose(of->f);
	}
	of->f = NULL;
	of->fd = -1;
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
		if (of->to_stdout) {
			/* Its errors, EPIPE's quiet 141 included, are stdout's. */
			if (fs->out != NULL && output_flush(fs->out) == 0 &&
			    output_note(fs->out, k->render(stdout, rp, NULL)) == 0)
				(void)output_flush(fs->out);
			of->f = NULL;
			continue;
		}
		if (k->render(of->f, rp, NULL) != 0 && !ferror(of->f)) {
			output_file_discard(of);
			snprintf(err, errlen, "%s '%s': cannot render it", k->option,
			    of->path);
		} else if (output_file_commit(of, err, errlen) == 0)
			continue;
		/* "-" piped into head: stop quietly, as for stdout. */
		fs->reader_gone = output_path_stdout(of->path) &&
		    of->error == EPIPE;
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
