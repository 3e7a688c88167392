/* atomicfile: a file written whole or not at all, and stdout or a FIFO written in place. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "sys/atomicfile.h"
#include "sys/paths.h"
#include "sys/signals.h"

/*
 * A FIFO, a device or a socket is written in place: it cannot be
 * replaced, and a temporary file beside a device is no use. A socket is
 * connected to (a stream socket of the local family). Its descriptor is
 * watched, so that a first signal ends a write to it that would wait.
 */
static int
open_in_place(struct atomicfile *af, const struct stat *st)
{
	int fd;

	if (S_ISSOCK(st->st_mode)) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };

		if (strlen(af->path) >= sizeof(sa.sun_path)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		strcpy(sa.sun_path, af->path);
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
			return -1;
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
			int e = errno;

			close(fd);
			errno = e;
			return -1;
		}
	} else if ((fd = open(af->path, O_WRONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return -1;
	if ((af->f = fdopen(fd, "w")) == NULL) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	af->fd = fd;
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
temp_name(struct atomicfile *af)
{
	const char *slash = strrchr(af->target, '/');
	const char *base = slash != NULL ? slash + 1 : af->target;
	int dirlen = slash != NULL ? (int)(slash - af->target) : 1;
	size_t n;

	if (strlen(base) + strlen(".XXXXXX") <= NAME_MAX)
		n = (size_t)snprintf(af->tmp, sizeof(af->tmp), "%s.XXXXXX",
		    af->target);
	else
		n = (size_t)snprintf(af->tmp, sizeof(af->tmp), "%.*s/.poolviz-XXXXXX",
		    dirlen, slash != NULL ? af->target : ".");
	if (n >= sizeof(af->tmp)) {
		af->tmp[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
atomicfile_open(struct atomicfile *af, const char *opt, const char *path,
    char *err, size_t errlen)
{
	char echo[PATHS_ECHO_SIZE];
	const char *base;
	struct stat st;
	bool exists;
	mode_t mask;
	int fd;

	memset(af, 0, sizeof(*af));
	af->opt = opt;
	af->path = path;
	af->fd = -1;
	/* "-" or the process's own stdout by any name: written there, in order. */
	if (paths_stdout(path) != PATHS_FILE) {
		af->f = stdout;
		af->to_stdout = true;
		return 0;
	}
	exists = stat(path, &st) == 0;
	/* "new/" names a directory, never a file called "new". */
	if ((exists && S_ISDIR(st.st_mode)) || (*path != '\0' &&
	    path[strlen(path) - 1] == '/')) {
		snprintf(err, errlen, "%s '%s': is a directory (expected a file "
		    "to write)", opt, paths_echo(path, echo));
		return -1;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		if (open_in_place(af, &st) != 0)
			goto fail;
		return 0;
	}
	/* A file the user may not write is not replaced behind its back. */
	if (exists && (access(path, W_OK) != 0 || (st.st_mode & 0222) == 0)) {
		snprintf(err, errlen, "%s '%s': is read-only (expected a file "
		    "poolviz may replace: make it writable or name another)", opt,
		    paths_echo(path, echo));
		return -1;
	}
	/* Through any symbolic link: the link stays, its target is replaced. */
	if (paths_resolve(path, af->target, sizeof(af->target)) != 0)
		goto fail;
	/*
	 * A name longer than a name may be is refused now, not by the rename
	 * after the whole run (the temporary name would fit).
	 */
	base = strrchr(af->target, '/') != NULL ? strrchr(af->target, '/') + 1 :
	    af->target;
	if (strlen(base) > NAME_MAX) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	if (temp_name(af) != 0)
		goto fail;
	if ((fd = mkstemp(af->tmp)) < 0) {
		af->tmp[0] = '\0';
		goto fail;
	}
	signals_unlink_on_exit(af->tmp, true);
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
	if ((af->f = fdopen(fd, "w")) == NULL) {
		int e = errno;

		close(fd);
		atomicfile_discard(af);
		errno = e;
		goto fail;
	}
	return 0;

fail:
	fd = errno;
	snprintf(err, errlen, "%s '%s': cannot create: %s", opt,
	    paths_echo(path, echo), strerror(fd));
	return -1;
}

/* Close the file and move it into place; on failure remove it. */
int
atomicfile_commit(struct atomicfile *af, char *err, size_t errlen)
{
	char echo[PATHS_ECHO_SIZE];
	int e = 0;

	if (af->to_stdout) {	/* stdout's errors are its writer's */
		af->f = NULL;
		return 0;
	}
	errno = 0;
	if (fflush(af->f) == EOF || ferror(af->f))
		e = errno != 0 ? errno : EIO;
	if (af->fd >= 0)
		signals_watch_fd(af->fd, false);
	if (fclose(af->f) == EOF && e == 0)
		e = errno != 0 ? errno : EIO;
	af->f = NULL;
	af->fd = -1;
	if (e == 0 && af->tmp[0] != '\0' && rename(af->tmp, af->target) != 0)
		e = errno;
	if (e != 0) {
		af->error = e;
		atomicfile_discard(af);
		snprintf(err, errlen, "%s '%s': write error: %s", af->opt,
		    paths_echo(af->path, echo), strerror(e));
		return -1;
	}
	signals_unlink_on_exit(af->tmp, false);
	af->tmp[0] = '\0';
	return 0;
}

/* Give up on the file: close it and remove the temporary one. */
void
atomicfile_discard(struct atomicfile *af)
{
	if (af->f != NULL && !af->to_stdout) {
		if (af->fd >= 0)
			signals_watch_fd(af->fd, false);
		fclose(af->f);
	}
	af->f = NULL;
	af->fd = -1;
	if (af->tmp[0] != '\0') {
		unlink(af->tmp);
		signals_unlink_on_exit(af->tmp, false);
		af->tmp[0] = '\0';
	}
}
