/* render_csv: one row per async hash, for spreadsheets and plotting. */
#ifndef POOLVIZ_RENDER_CSV_H
#define POOLVIZ_RENDER_CSV_H

#include <stdio.h>

#include "core/record.h"

int render_csv(FILE *f, const struct record *r);

struct report;
struct render_style;
/* The last run as CSV: the output table's row (render/outputs.c). */
int render_csv_output(FILE *f, const struct report *rp,
    const struct render_style *st);

#endif
