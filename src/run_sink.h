/* run_sink: where a run's article lines, its stopping line and --live's frames go. */
#ifndef POOLVIZ_RUN_SINK_H
#define POOLVIZ_RUN_SINK_H

#include <stdbool.h>

#include "core/experiment.h"
#include "delivery.h"
#include "render/render_live.h"

struct run_sink {
	struct output *out;
	bool lines;			/* print the article's lines as they come */
	struct render_live *view;	/* --live's drawing thread, or NULL */
	bool fresh;			/* a stopping line left the cursor on a new line */
};

struct experiment_sink run_sink_make(struct run_sink *s, struct live *lv);

#endif
