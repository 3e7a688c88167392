/* delivery: the report to stdout and to the files the options name; no write error lost, no file half-written. */
#ifndef POOLVIZ_DELIVERY_H
#define POOLVIZ_DELIVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "render/outputs.h"
#include "sys/atomicfile.h"

/* stdout (or the stream in its place), with its first write error kept. */
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
 * The file outputs of render/outputs.h a run asked for: opened before the
 * run (so a path that cannot be created is refused before anything runs),
 * then rendered and moved into place, or discarded.
 */
struct output_files {
	struct atomicfile of[OUTPUT_COUNT];
	bool open[OUTPUT_COUNT];
	struct output *out;	/* stdout, for a file that names it */
};

int output_files_open(struct output_files *fs,
    const char *const path[OUTPUT_COUNT], char *err, size_t errlen);
int output_files_write(struct output_files *fs, const struct report *rp,
    char *err, size_t errlen);
void output_files_discard(struct output_files *fs);

int output_render(struct output *o, enum format format,
    const struct render_style *st, const struct report *rp);

#endif
