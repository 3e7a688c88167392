/* hooks: what the process lends the core, and the test hooks read from the environment, in one place. */
#ifndef POOLVIZ_HOOKS_H
#define POOLVIZ_HOOKS_H

#include <stdbool.h>

#include "core/host.h"

const struct host *hooks_host(void);
bool hooks_live_cost(void);
const char *hooks_sweep_exe(void);

#endif
