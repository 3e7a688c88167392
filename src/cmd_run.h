/* cmd_run: poolviz's run: what needs the machine checked, the runs, their report and the outputs. */
#ifndef POOLVIZ_CMD_RUN_H
#define POOLVIZ_CMD_RUN_H

#include "delivery.h"
#include "options.h"

int cmd_run(struct options *o, struct output *out);

#endif
