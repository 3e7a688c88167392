/* render_live: --live, the timeline redrawn in place while a run goes. */
#ifndef POOLVIZ_RENDER_LIVE_H
#define POOLVIZ_RENDER_LIVE_H

#include <stdint.h>

#include "core/live.h"
#include "render/render_style.h"

#define RENDER_LIVE_FPS	20

struct render_live;

/*
 * Start drawing lv on the terminal at fd (stdout's, flushed first) in a
 * thread of its own, frames at most rows lines high; with follow, each
 * frame takes the terminal's size at that moment, width and height. The caller's own
 * writes to the terminal go between render_live_hold (which takes the
 * frame away) and render_live_release (which puts it back).
 */
struct render_live *render_live_start(int fd, struct live *lv,
    const struct render_style *st, int rows, bool follow);
void render_live_hold(struct render_live *v);
/*
 * With the frame held: the text the caller just wrote (whole lines), kept
 * so that a screen cleared after a resize shows the newest lines again.
 */
void render_live_said(struct render_live *v, const char *text, size_t len);
void render_live_release(struct render_live *v);
/* Stop the thread and take the last frame away; the cursor is shown. */
void render_live_stop(struct render_live *v);
/* The drawing thread's CPU time, in microseconds, once stopped. */
int64_t render_live_cpu_us(const struct render_live *v);
/* Frames drawn, and in *wall_us the view's life, start to stop. */
uint64_t render_live_frames(const struct render_live *v, int64_t *wall_us);
void render_live_free(struct render_live *v);

#endif
