/* cli: what poolviz and poolviz sweep say on stderr, and how they end. */
#ifndef POOLVIZ_CLI_H
#define POOLVIZ_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "delivery.h"
#include "measure.h"
#include "report/verdict.h"
#include "render/render_live.h"
#include "render/render_style.h"

/* Exit statuses, documented in --help, poolviz.1 and the README. */
enum pv_exit {
	PV_EXIT_OK = 0,
	PV_EXIT_FAIL = 1,	/* a check failed, or output was lost */
	PV_EXIT_USAGE = 2,	/* bad input: nothing was run */
	PV_EXIT_INCONCLUSIVE = 3,	/* the machine was too busy to judge */
	PV_EXIT_SIGINT = 130,
	PV_EXIT_SIGTERM = 143,
	PV_EXIT_READER_GONE = 141,	/* EPIPE on stdout: stop quietly */
};

void cli_complain(const char *pre, const char *msg);
int cli_usage_error(const char *msg, const char *help);
int cli_finish_output(struct output *out, int status);
int cli_signal_status(int signum, int status);
int cli_verdict_status(enum verdict v);
void cli_choose_style(struct render_style *st, int fd, bool ascii);
void cli_progress(size_t i, size_t n, size_t warmup);
void cli_retry(unsigned retry, unsigned retries, const struct report *spoiled,
    const struct measure_wait *w);
void cli_retry_wait(unsigned retry, unsigned retries,
    const struct report *spoiled, double max_s);
int cli_term_rows(void);
void cli_live_done(struct render_live *view);

#endif
