/* render_verdict: the one closing line that says how a judged run went. */
#ifndef POOLVIZ_RENDER_VERDICT_H
#define POOLVIZ_RENDER_VERDICT_H

#include <stddef.h>
#include <stdio.h>

#include "report/report.h"

#define RENDER_VERDICT_LEN	1024

size_t render_verdict_line(char *buf, size_t len, const struct report *rp);
int render_verdict(FILE *f, const struct report *rp);

#endif
