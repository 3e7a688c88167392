/* render_sweep_table: what the sweep's text and markdown renderers share. */
#ifndef POOLVIZ_RENDER_SWEEP_TABLE_H
#define POOLVIZ_RENDER_SWEEP_TABLE_H

#include "render/fmt.h"
#include "sweep/sweep.h"

#define NCOLS		10
#define CELL		32

extern const char *const sweep_table_head[NCOLS];
/* The columns a sweep's table has: its heads and how many. */
int sweep_table_columns(const struct sweep_config *c, const char *const **head);

/* The heading's three lines: the work, the runs per point, the machine. */
void sweep_table_heading_lines(char lines[3][1024], const struct sweep_result *r);
void sweep_table_heading(struct fmt_sink *t, const struct sweep_result *r);
/* A point's cells; * marks one disturbed (sweep_point_disturbed). */
void sweep_table_row_cells(char cells[NCOLS][CELL], const struct sweep_point *p,
    unsigned cpus, const struct sweep_config *c);
int sweep_table(struct fmt_sink *t, const struct sweep_result *r);
void sweep_table_law(struct fmt_sink *t, const struct sweep_result *r);
void sweep_table_disturbed(struct fmt_sink *t, const struct sweep_result *r);

#endif
