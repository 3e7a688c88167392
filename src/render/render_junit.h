/* render_junit: the checks and the baseline metrics as a JUnit XML test report. */
#ifndef POOLVIZ_RENDER_JUNIT_H
#define POOLVIZ_RENDER_JUNIT_H

#include <stdio.h>

#include "report/report.h"

int render_junit(FILE *f, const struct report *rp);

#endif
