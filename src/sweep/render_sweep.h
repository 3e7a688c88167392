/* render_sweep: a finished sweep as a table, JSON, CSV, markdown or an SVG plot. */
#ifndef POOLVIZ_RENDER_SWEEP_H
#define POOLVIZ_RENDER_SWEEP_H

#include <stdio.h>

#include <jansson.h>

#include "render/outputs.h"
#include "sweep/sweep.h"

/* The schema number of the sweep document; bump it when a field changes meaning. */
#define RENDER_SWEEP_SCHEMA	1

int render_sweep_text(FILE *f, const struct sweep_result *r);
/*
 * The same table a row at a time, as points finish (a sweep on a
 * terminal): the heading and the columns' names (r's config and machine
 * only), each row in columns as wide as their names, then the law and
 * the disturbed points, as render_sweep_text ends.
 */
int render_sweep_text_head(FILE *f, const struct sweep_result *r);
int render_sweep_text_row(FILE *f, const struct sweep_point *p,
    unsigned cpus, const struct sweep_config *c);
int render_sweep_text_tail(FILE *f, const struct sweep_result *r);
json_t *render_sweep_json_doc(const struct sweep_result *r);
int render_sweep_json(FILE *f, const struct sweep_result *r);
int render_sweep_csv(FILE *f, const struct sweep_result *r);
int render_sweep_markdown(FILE *f, const struct sweep_result *r);
int render_sweep_svg(FILE *f, const struct sweep_result *r);

/* The sweep's --format table: each format's renderer (render_sweep.c). */
struct sweep_output {
	enum format format;
	int (*render)(FILE *f, const struct sweep_result *r);
};

const struct sweep_output *sweep_output_of_format(enum format f);

#endif
