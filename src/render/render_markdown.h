/* render_markdown: a report as GitHub-flavoured Markdown, for a CI job's summary. */
#ifndef POOLVIZ_RENDER_MARKDOWN_H
#define POOLVIZ_RENDER_MARKDOWN_H

#include <stdio.h>

#include "report/report.h"

int render_markdown(FILE *f, const struct report *rp);

#endif
