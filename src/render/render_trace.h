/* render_trace: the run as Chrome Trace Event JSON, for Perfetto. */
#ifndef POOLVIZ_RENDER_TRACE_H
#define POOLVIZ_RENDER_TRACE_H

#include <stdio.h>

#include "core/record.h"

/* Thread ids: main is 0, worker N is N. Process id: always 1. */
#define RENDER_TRACE_PID	1
#define RENDER_TRACE_MAIN	0

int render_trace(FILE *f, const struct record *r);

struct report;
struct render_style;
/* The last run as a Chrome trace: the output table's row (render/outputs.c). */
int render_trace_output(FILE *f, const struct report *rp,
    const struct render_style *st);

#endif
