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
 * The same as Markdown, for a CI job's summary, shaped as the run's own
 * summary is (render/render_markdown.c): the heading's first line as a
 * heading, the other two as paragraphs, the table and the law each under
 * a title, and a blank line last, so that a report appended to the same
 * summary after this one starts a block of its own.
 */
int
render_sweep_markdown(FILE *f, const struct sweep_result *r)
{
	struct fmt_sink t = { f, 0 };
	char lines[3][1024];
	const char *const *head;
	int ncols = sweep_table_columns(r->config, &head);

	sweep_table_heading_lines(lines, r);
	fmt_out(&t, "## ");
	mdw_text(&t, lines[0]);
	fmt_out(&t, "\n\n");
	for (int i = 1; i < 3; i++) {
		mdw_text(&t, lines[i]);
		fmt_out(&t, "\n\n");
	}
	fmt_out(&t, "### Points\n\n");
	mdw_table(&t, ncols, head, "rrrrrrrrrr", r->npoints, md_cell,
	    (void *)r);
	fmt_out(&t, "\n### The law\n");
	sweep_table_law(&t, r);
	/* A blank line last: whatever is appended next starts anew. */
	fmt_out(&t, "\n");
	return t.bad ? -1 : 0;
}
