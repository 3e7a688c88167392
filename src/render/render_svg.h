/* render_svg: the run's timeline as a standalone SVG image. */
#ifndef POOLVIZ_RENDER_SVG_H
#define POOLVIZ_RENDER_SVG_H

#include <stdio.h>

#include "core/record.h"

int render_svg(FILE *f, const struct record *r);

#endif
