/* outputs: the one table of outputs, each a renderer of a finished report. */
#ifndef POOLVIZ_OUTPUTS_H
#define POOLVIZ_OUTPUTS_H

#include <stdbool.h>
#include <stdio.h>

#include "render/render_style.h"
#include "report/report.h"

/* What --format picks: one of them goes to stdout (poolviz sweep's too). */
enum format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_CSV,
	FORMAT_MARKDOWN,
};

/*
 * Adding an output: a renderer file, a constant here and a row in
 * outputs.c. A file row's option (--svg) is poolviz's option as it is:
 * options.c makes it from the row and keeps its path in paths[].
 */
enum output_id {
	OUTPUT_TEXT,		/* stdout, --format */
	OUTPUT_JSON,
	OUTPUT_CSV,
	OUTPUT_MARKDOWN,
	OUTPUT_SVG,		/* files, each named by its option */
	OUTPUT_TRACE,
	OUTPUT_BASELINE,
	OUTPUT_JUNIT,
	OUTPUT_HTML,
	OUTPUT_COUNT,
};

/*
 * Every renderer takes the finished report (its last run is the record a
 * single run shows) and, for text with --timeline only, a display style.
 * It returns 0, or -1 when it could not write or render everything.
 */
typedef int (*output_render_fn)(FILE *f, const struct report *rp,
    const struct render_style *st);

struct output_kind {
	const char *name;	/* as --format takes it, or the file's kind */
	const char *option;	/* "--format", or the option that names the file */
	bool file;		/* a file the option names, else stdout */
	bool interrupted;	/* an interrupted run may write it */
	enum format format;	/* stdout rows: the --format that picks it */
	output_render_fn render;
	/* --help's line for a file row, and whether it is a CI report */
	const char *help;
	bool ci;
};

const struct output_kind *output_kind(enum output_id id);
const struct output_kind *output_of_format(enum format f);
const char *format_name(enum format f);
int format_from_name(const char *name, enum format *out);
size_t format_names(char *buf, size_t len);

#endif
