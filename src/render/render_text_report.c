/* render_text_report: what text mode prints after the article's lines. */
#include <stdio.h>

#include "render/fmt.h"
#include "render/notes.h"
#include "render/render_report.h"
#include "render/render_text_report.h"
#include "render/render_timeline.h"
#include "render/render_verdict.h"

/* A scenario's lesson, wrapped to width, at the very end of its text output. */
static int
lesson_out(FILE *f, const struct record *r, int width, int *rows)
{
	char buf[600];
	const char *s = buf, *line;
	size_t len;

	*rows = 0;
	if (notes_lesson(r, buf, sizeof(buf)) == 0)
		return 0;
	while ((len = fmt_wrap(&s, (size_t)width, &line)) > 0) {
		(*rows)++;
		if (f != NULL && fprintf(f, "%.*s\n", (int)len, line) < 0)
			return -1;
	}
	return 0;
}

/*
 * The chart's rows on a screen of st->height: what is left after the
 * lesson, the last few of the article's lines and the shell's prompt.
 */
static int
chart_rows(const struct record *r, const struct render_style *st, int width)
{
	int lesson;

	if (st->height <= 0)
		return 0;
	lesson_out(NULL, r, width, &lesson);
	return st->height - lesson - 1 - (r->nlines < 3 ? (int)r->nlines : 3);
}

/*
 * The article's lines were printed live; the chart, the verdicts, a
 * scenario's lesson and, with --check or --baseline, the one closing
 * verdict line follow. Beside a chart the lesson wraps to its width.
 */
int
render_text_report(FILE *f, const struct report *rp, const struct render_style *st)
{
	const struct record *r = report_shown(rp);
	struct render_style chart;
	int rc = 0, width = 80, rows;

	if (st != NULL) {
		chart = *st;
		width = st->width;
		if (st->height > 0) {
			chart.height = chart_rows(r, st, width);
			if (chart.height < 1)
				chart.height = 1;	/* the least: see render_timeline */
		}
		if (render_timeline(f, r, &chart) != 0)
			rc = -1;
	}
	if (render_report_text(f, rp) != 0)
		rc = -1;
	if (lesson_out(f, r, width, &rows) != 0)
		rc = -1;
	if (render_verdict(f, rp) != 0)
		rc = -1;
	return rc;
}
