/* atomicfile: a file written whole or not at all, and stdout or a FIFO written in place. */
#ifndef POOLVIZ_ATOMICFILE_H
#define POOLVIZ_ATOMICFILE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * A file named on the command line. A regular file (or a new one) is
 * written to a temporary file beside it and renamed into place once whole,
 * so a failure leaves the old file or none; through a symbolic link, the
 * target is replaced and the link stays. "-", or a path naming stdout (by
 * device and inode), is written to stdout; a FIFO, device or socket is written in
 * place, as it cannot be replaced. A read-only file is refused.
 */
struct atomicfile {
	const char *opt;	/* the option that named it, for messages */
	const char *path;
	char target[PATH_MAX];	/* path, its links followed (paths.c) */
	char tmp[PATH_MAX];	/* empty when written directly */
	FILE *f;
	int error;		/* the errno a failed commit met */
	int fd;			/* written in place: its descriptor, else -1 */
	bool to_stdout;		/* path names stdout: f is stdout */
};

int atomicfile_open(struct atomicfile *af, const char *opt, const char *path,
    char *err, size_t errlen);
int atomicfile_commit(struct atomicfile *af, char *err, size_t errlen);
void atomicfile_discard(struct atomicfile *af);

#endif
