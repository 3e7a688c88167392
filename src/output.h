/* output: stdout with its write errors kept, and files written whole or not at all. */
#ifndef POOLVIZ_OUTPUT_H
#define POOLVIZ_OUTPUT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/experiment.h"
#include "render/render_live.h"
#include "render/outputs.h"

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
 * so a failure leaves the old file or none; through a symbolic link, the
 * target is replaced and the link stays. "-", or a path naming stdout (by
 * device and inode), is written to stdout; a FIFO, device or socket is written in
 * place, as it cannot be replaced. A read-only file is refused.
 */
struct output_file {
	const char *opt;	/* the option that named it, for messages */
	const char *path;
	char target[PATH_MAX];	/* path, its links followed (outpath.c) */
	char tmp[PATH_MAX];	/* empty when written directly */
	FILE *f;
	int error;		/* the errno a failed commit met */
	int fd;			/* written in place: its descriptor, else -1 */
	bool to_stdout;		/* path names stdout: f is stdout */
};

int output_file_open(struct output_file *of, const char *opt,
    const char *path, char *err, size_t errlen);
int output_file_commit(struct output_file *of, char *err, size_t errlen);
void output_file_discard(struct output_file *of);

/*
 * The file outputs of render/outputs.h a run asked for: opened before the
 * run (so a path that cannot be created is refused before anything runs),
 * then rendered and moved into place, or discarded.
 */
struct output_files {
	struct output_file of[OUTPUT_COUNT];
	bool open[OUTPUT_COUNT];
	bool reader_gone;	/* a file on stdout ("-") lost its reader */
	struct output *out;	/* stdout, for a file that names it */
};

int output_files_open(struct output_files *fs,
    const char *const path[OUTPUT_COUNT], char *err, size_t errlen);
int output_files_write(struct output_files *fs, const struct report *rp,
    char *err, size_t errlen);
void output_files_discard(struct output_files *fs);

int output_render(struct output *o, enum format format,
    const struct render_style *st, const struct report *rp);

/* Where a run's lines, its stopping line and --live's frames go. */
struct run_sink {
	struct output *out;
	bool lines;			/* print the article's lines as they come */
	struct render_live *view;	/* --live's drawing thread, or NULL */
	bool fresh;			/* a stopping line left the cursor on a new line */
};

struct experiment_sink run_sink_make(struct run_sink *s, struct live *lv);

#endif
