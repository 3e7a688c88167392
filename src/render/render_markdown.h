/* render_markdown: a report as GitHub-flavoured Markdown, for a CI job's summary. */
#ifndef POOLVIZ_RENDER_MARKDOWN_H
#define POOLVIZ_RENDER_MARKDOWN_H

#include <stdio.h>

#include "report/report.h"

int render_markdown(FILE *f, const struct report *rp);

struct render_style;
/* The report as Markdown: the output table's row (render/outputs.c). */
int render_markdown_output(FILE *f, const struct report *rp,
    const struct render_style *st);

#endif
