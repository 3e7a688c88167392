/* cli: what poolviz and poolviz sweep say on stderr, and how they end. */
#ifndef POOLVIZ_CLI_H
#define POOLVIZ_CLI_H

#include "output.h"

void cli_complain(const char *pre, const char *msg);
int cli_usage_error(const char *msg, const char *help);
int cli_finish_output(struct output *out, int status);

#endif
