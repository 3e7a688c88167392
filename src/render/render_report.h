/* render_report: repeated runs' statistics, checks and a baseline comparison. */
#ifndef POOLVIZ_RENDER_REPORT_H
#define POOLVIZ_RENDER_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "report/report.h"

int render_report_json_file(FILE *f, const struct report *rp);
int render_report_text(FILE *f, const struct report *rp);
/* The sentences on what a quota and other work took; why inconclusive if why. */
int render_report_machine_text(FILE *f, const struct report *rp, bool why);
/* "2 CPUs (no quota), others took 1.0 CPU": a baseline's machine, or now's. */
void render_report_machine_words(char *buf, size_t len,
    const struct baseline *b);

struct render_style;
/* The report as JSON: the output table's row (render/outputs.c). */
int render_report_json_output(FILE *f, const struct report *rp,
    const struct render_style *st);

/* The same document with the metrics a baseline keeps (--save-baseline). */
int render_report_baseline_output(FILE *f, const struct report *rp,
    const struct render_style *st);

#endif
