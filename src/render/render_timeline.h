/* render_timeline: the run as a chart in the terminal, one lane per thread. */
#ifndef POOLVIZ_RENDER_TIMELINE_H
#define POOLVIZ_RENDER_TIMELINE_H

#include <stdio.h>

#include "core/record.h"
#include "render/render_style.h"

int render_timeline(FILE *f, const struct record *r,
    const struct render_style *st);
int render_timeline_frame(FILE *f, const struct record *r,
    const struct render_style *st, int64_t axis_us);

#endif
