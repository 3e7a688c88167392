/* render_text_report: text mode's output, after the lines printed live. */
#ifndef POOLVIZ_RENDER_TEXT_REPORT_H
#define POOLVIZ_RENDER_TEXT_REPORT_H

#include <stdio.h>

#include "render/render_style.h"
#include "report/report.h"

/*
 * The chart (st, with --timeline only), the statistics and verdicts, a
 * scenario's lesson and the closing verdict line; 0, or -1.
 */
int render_text_report(FILE *f, const struct report *rp,
    const struct render_style *st);

#endif
