/* render_junit: the checks and the baseline metrics as a JUnit XML test report. */
#ifndef POOLVIZ_RENDER_JUNIT_H
#define POOLVIZ_RENDER_JUNIT_H

#include <stdio.h>

#include "report/report.h"

int render_junit(FILE *f, const struct report *rp);

struct render_style;
/* The verdicts as JUnit XML: the output table's row (render/outputs.c). */
int render_junit_output(FILE *f, const struct report *rp,
    const struct render_style *st);

#endif
