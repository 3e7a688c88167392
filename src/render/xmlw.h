/* xmlw: writing SVG's XML: coordinates and escaped text. */
#ifndef POOLVIZ_XMLW_H
#define POOLVIZ_XMLW_H

#include <stddef.h>
#include <stdio.h>

#include "render/fmt.h"

/* A coordinate with one decimal whatever LC_NUMERIC says. */
const char *xmlw_num(char buf[32], double v);
/*
 * Text for XML from a string of at most max (<= 256) bytes: valid UTF-8,
 * markup escaped, and control characters that XML 1.0 forbids replaced.
 * xmlw_text returns -1 on a write error; xmlw_sink_text keeps it in the sink.
 */
int xmlw_text(FILE *f, const char *s, size_t max);
void xmlw_sink_text(struct fmt_sink *s, const char *str, size_t max);

#endif
