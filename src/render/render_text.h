/* render_text: the article's lines, exactly as its Node script prints them. */
#ifndef POOLVIZ_RENDER_TEXT_H
#define POOLVIZ_RENDER_TEXT_H

#include <stdio.h>

#include "core/record.h"

int render_text_format(char *buf, size_t len, const struct record *r,
    const struct record_line *l);
int render_text_line(FILE *f, const struct record *r,
    const struct record_line *l);
int render_text(FILE *f, const struct record *r);
int64_t render_text_ms(int64_t us);

#endif
