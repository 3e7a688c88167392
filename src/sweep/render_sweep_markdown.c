/* render_sweep_markdown: a sweep's table and law as GFM, for a CI summary. */
#include <stdio.h>

#include "render/fmt.h"
#include "render/mdw.h"
#include "sweep/render_sweep.h"
#include "sweep/render_sweep_table.h"

static void
md_cell(void *ctx, size_t row, int col, char *buf, size_t len)
{
	const struct sweep_result *r = ctx;
	char cells[NCOLS][CELL];

	sweep_table_row_cells(cells, &r->points[row], r->machine.cpus,
	    r->config);
	snprintf(buf, len, "%s", cells[col]);
}

/*
 * The same as Markdown, for a CI job's summary: the heading's lines as
 * paragraphs, the table as a GFM table, then the law.
 */
int
render_sweep_markdown(FILE *f, const struct sweep_result *r)
{
	struct fmt_sink t = { f, 0 };
	char lines[3][1024];
	const char *const *head;
	int ncols = sweep_table_columns(r->config, &head);

	sweep_table_heading_lines(lines, r);
	for (int i = 0; i < 3; i++) {
		mdw_text(&t, lines[i]);
		fmt_out(&t, "\n\n");
	}
	mdw_table(&t, ncols, head, "rrrrrrrrrr", r->npoints, md_cell,
	    (void *)r);
	sweep_table_law(&t, r);
	return t.bad ? -1 : 0;
}
