/* output: stdout with its write errors kept, never lost. */
#ifndef POOLVIZ_OUTPUT_H
#define POOLVIZ_OUTPUT_H

#include <stdbool.h>
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

#endif
