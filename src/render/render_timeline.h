/* render_timeline: the run as a chart in the terminal, one lane per thread. */
#ifndef POOLVIZ_RENDER_TIMELINE_H
#define POOLVIZ_RENDER_TIMELINE_H

#include <stdio.h>

#include "core/record.h"
#include "render/render_style.h"

int render_timeline(FILE *f, const struct record *r,
    const struct render_style *st);
/*
 * A --live frame: no notes; the axis runs to axis_us at least, and a unit
 * ended but not yet delivered (done_us < end_us, as live_snapshot leaves
 * it) is drawn waiting for the loop until now_us, the frame's now.
 */
int render_timeline_frame(FILE *f, const struct record *r,
    const struct render_style *st, int64_t axis_us, int64_t now_us);

#endif
