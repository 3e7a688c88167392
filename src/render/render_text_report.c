/* render_text_report: what text mode prints after the article's lines. */
#include <stdio.h>

#include "render/fmt.h"
#include "render/notes.h"
#include "render/render_report.h"
#include "render/render_text_report.h"
#include "render/render_timeline.h"
#include "render/render_verdict.h"

/* A scenario's lesson, wrapped, at the very end of its text output. */
static int
lesson_out(FILE *f, const struct record *r)
{
	char buf[600];
	const char *s = buf, *line;
	size_t len;

	if (notes_lesson(r, buf, sizeof(buf)) == 0)
		return 0;
	while ((len = fmt_wrap(&s, 80, &line)) > 0)
		if (fprintf(f, "%.*s\n", (int)len, line) < 0)
			return -1;
	return 0;
}

/*
 * The article's lines were printed live; the chart, the verdicts, a
 * scenario's lesson and, with --check or --baseline, the one closing
 * verdict line follow.
 */
int
render_text_report(FILE *f, const struct report *rp, const struct render_style *st)
{
	int rc = 0;

	if (st != NULL && render_timeline(f, report_shown(rp), st) != 0)
		rc = -1;
	if (render_report_text(f, rp) != 0)
		rc = -1;
	if (lesson_out(f, report_shown(rp)) != 0)
		rc = -1;
	if (render_verdict(f, rp) != 0)
		rc = -1;
	return rc;
}
