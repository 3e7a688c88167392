/* render_sweep_text: a sweep as a table with the law it shows. */
#include <stdio.h>
#include <string.h>

#include "render/fmt.h"
#include "sweep/render_sweep.h"
#include "sweep/render_sweep_table.h"

/* The table, what its columns mean, and the law; 0, or -1 on a write error. */
int
render_sweep_text(FILE *f, const struct sweep_result *r)
{
	struct fmt_sink t = { f, 0 };

	sweep_table_heading(&t, r);
	if (sweep_table(&t, r) != 0)
		return -1;
	sweep_table_law(&t, r);
	sweep_table_disturbed(&t, r);
	return t.bad ? -1 : 0;
}

int
render_sweep_text_head(FILE *f, const struct sweep_result *r)
{
	struct fmt_sink t = { f, 0 };

	const char *const *head;
	int ncols = sweep_table_columns(r->config, &head);

	sweep_table_heading(&t, r);
	for (int k = 0; k < ncols; k++)
		fmt_out(&t, "%s%s", k ? "  " : "", head[k]);
	fmt_out(&t, "\n");
	return t.bad ? -1 : 0;
}

int
render_sweep_text_row(FILE *f, const struct sweep_point *p, unsigned cpus,
    const struct sweep_config *c)
{
	struct fmt_sink t = { f, 0 };
	char cells[NCOLS][CELL];
	const char *const *head;
	int ncols = sweep_table_columns(c, &head);

	sweep_table_row_cells(cells, p, cpus, c);
	for (int k = 0; k < ncols; k++)
		fmt_out(&t, "%s%*s", k ? "  " : "", (int)strlen(head[k]),
		    cells[k]);
	fmt_out(&t, "\n");
	return t.bad ? -1 : 0;
}

int
render_sweep_text_tail(FILE *f, const struct sweep_result *r)
{
	struct fmt_sink t = { f, 0 };

	sweep_table_law(&t, r);
	sweep_table_disturbed(&t, r);
	return t.bad ? -1 : 0;
}
