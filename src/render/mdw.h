/* mdw: GitHub-flavoured Markdown: escaped text and aligned tables. */
#ifndef POOLVIZ_MDW_H
#define POOLVIZ_MDW_H

#include <stddef.h>

#include "render/fmt.h"

#define MDW_CELL	256	/* a cell's text, before escaping */
#define MDW_COLS	16

/*
 * Text for a paragraph or a table cell: Markdown's punctuation escaped
 * with a backslash (a cell's '|' among it, as GFM requires), line breaks
 * and other control characters made spaces.
 */
void mdw_text(struct fmt_sink *s, const char *text);

/*
 * A table of nrows rows, each cell filled by cell(ctx, row, col, buf,
 * MDW_CELL). Columns are padded to their widest cell, so the source reads
 * as a table too; align[col] is 'l' or 'r'. The cells are asked for twice
 * (widths, then text), so a table of a million rows needs no memory.
 */
typedef void (*mdw_cell_fn)(void *ctx, size_t row, int col, char *buf,
    size_t len);

void mdw_table(struct fmt_sink *s, int ncols, const char *const *head,
    const char *align, size_t nrows, mdw_cell_fn cell, void *ctx);

#endif
