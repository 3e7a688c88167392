/* render_svg: the run's timeline as a standalone SVG image. */
#ifndef POOLVIZ_RENDER_SVG_H
#define POOLVIZ_RENDER_SVG_H

#include <stdio.h>

#include "core/record.h"

int render_svg(FILE *f, const struct record *r);
/* The same, for run `run` of `of` (1-based) of a --repeat: the title says which. */
int render_svg_run(FILE *f, const struct record *r, size_t run, size_t of);
/*
 * The same for the replay page (render_html.c): no <?xml?> line, the
 * scale as data-* attributes on <svg> for the page's cursor, and bars
 * narrower than a pixel drawn as density, so 10,000 units stay small.
 */
int render_svg_page(FILE *f, const struct record *r, size_t run, size_t of);
/* The visible title alone, as XML (and HTML) text. */
int render_svg_title(FILE *f, const struct record *r, size_t run, size_t of);

struct report;
struct render_style;
/* The last run as SVG: the output table's row (render/outputs.c). */
int render_svg_output(FILE *f, const struct report *rp,
    const struct render_style *st);

#endif
