/* render_html: the replay page, one self-contained HTML file of a run. */
#ifndef POOLVIZ_RENDER_HTML_H
#define POOLVIZ_RENDER_HTML_H

#include <stdio.h>

#include "core/record.h"

/*
 * The page (src/render/html/page.html, its markers filled as
 * tests/browser/README.md says) for run `run` of `of` of a --repeat, or
 * 0 and 0 for a single run; 0, or -1 on a write error or without memory.
 */
int render_html(FILE *f, const struct record *r, size_t run, size_t of);

struct report;
struct render_style;
/* The last run's page (with --repeat, named as --svg's is): the output table's row. */
int render_html_output(FILE *f, const struct report *rp,
    const struct render_style *st);

#endif
