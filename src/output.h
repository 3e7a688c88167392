/* output: stdout with its write errors kept, and files written whole or not at all. */
#ifndef POOLVIZ_OUTPUT_H
#define POOLVIZ_OUTPUT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct output {
	FILE *f;
	int error;		/* the first write error's errno, or 0 */
};

void output_init(struct output *o, FILE *f);
int output_note(struct output *o, int rc);
int output_flush(struct output *o);
int output_close(struct output *o);
bool output_reader_gone(const struct output *o);

/*
 * A file named on the command line. A regular file (or a new one) is
 * written to a temporary file beside it and renamed into place once whole,
 * so a failure leaves the old file or none. Anything else (a FIFO,
 * /dev/stdout) is written directly, as it cannot be replaced.
 */
struct output_file {
	const char *opt;	/* the option that named it, for messages */
	const char *path;
	char tmp[PATH_MAX];	/* empty when written directly */
	FILE *f;
};

int output_file_open(struct output_file *of, const char *opt,
    const char *path, char *err, size_t errlen);
int output_file_commit(struct output_file *of, char *err, size_t errlen);
void output_file_discard(struct output_file *of);

#endif
