/* scenario_article: the article's experiment: one blocking hash, then N on the pool. */
#include "core/run.h"

static void
article_start(struct run *run, void *state)
{
	(void)state;
	if (run_record(run)->config.sync && run_block(run, false) != 0)
		return;
	run_listen_signals(run);
	run_queue_all(run);
}

const struct scenario_ops scenario_article = {
	.size = 0,
	.start = article_start,
};
