/* render_csv: one row per async hash, for spreadsheets and plotting. */
#ifndef POOLVIZ_RENDER_CSV_H
#define POOLVIZ_RENDER_CSV_H

#include <stdio.h>

#include "core/record.h"

int render_csv(FILE *f, const struct record *r);

#endif
