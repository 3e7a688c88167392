/* render_report: repeated runs' statistics, checks and a baseline comparison. */
#ifndef POOLVIZ_RENDER_REPORT_H
#define POOLVIZ_RENDER_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "report/report.h"

int render_report_json_file(FILE *f, const struct report *rp);
int render_report_text(FILE *f, const struct report *rp);

#endif
