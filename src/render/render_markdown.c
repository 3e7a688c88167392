/*
 * render_markdown: what text mode says, as Markdown for $GITHUB_STEP_SUMMARY:
 * a heading with the verdict line, then the run's lines (or the statistics
 * of repeated runs), the checks and the comparison with a baseline, each a
 * GFM table under a title of its own. It ends with a blank line, so that
 * a second report appended to the same summary starts a block of its own.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "render/fmt.h"
#include "render/mdw.h"
#include "render/render_markdown.h"
#include "render/render_report.h"
#include "render/render_text.h"
#include "render/render_verdict.h"

static void
line_cell(void *ctx, size_t row, int col, char *buf, size_t len)
{
	const struct record *r = ctx;
	const struct record_line *l = &r->lines[row];

	if (col == 0)
		render_text_format(buf, len, r, l);
	else
		snprintf(buf, len, "%" PRId64, render_text_ms(l->us));
}

static void
stat_cell(void *ctx, size_t row, int col, char *buf, size_t len)
{
	const struct stats *st = ctx;
	const struct stats_value *v = &st->v[row];

	switch (col) {
	case 0:
		snprintf(buf, len, "%s", stats_name((enum stats_metric)row));
		break;
	case 1:
		snprintf(buf, len, "%.3f", v->median);
		break;
	case 2:
		snprintf(buf, len, "%.3f", v->min);
		break;
	default:
		snprintf(buf, len, "%.3f", v->max);
		break;
	}
}

static void
check_cell(void *ctx, size_t row, int col, char *buf, size_t len)
{
	const struct report *rp = ctx;
	const struct check_result *c = &rp->checks->c[row];
	int prec = c->cmp == CHECK_EQ ? 0 : 3;

	switch (col) {
	case 0:
		snprintf(buf, len, "%s", c->name);
		break;
	case 1:
		snprintf(buf, len, "%s", verdict_name(report_check_verdict(rp,
		    row)));
		break;
	case 2:
		snprintf(buf, len, "%.*f", prec, c->measured);
		break;
	default:
		snprintf(buf, len, "%s%.*f", check_cmp_text(c->cmp), prec,
		    c->bound);
		break;
	}
}

static void
metric_cell(void *ctx, size_t row, int col, char *buf, size_t len)
{
	const struct report *rp = ctx;
	const struct baseline_row *r = &rp->rows[row];
	char num[32];

	switch (col) {
	case 0:
		snprintf(buf, len, "%s", baseline_name(r->metric));
		break;
	case 1:
		snprintf(buf, len, "%s", fmt_num3(num, r->base));
		break;
	case 2:
		snprintf(buf, len, "%s", fmt_num3(num, r->now));
		break;
	case 3:
		snprintf(buf, len, "%s", fmt_pct(num, r->change_pct, 1));
		break;
	default:
		snprintf(buf, len, "%s", baseline_verdict_name(r->verdict));
		break;
	}
}

/* The text report's sentences on the machine, as a paragraph if any. */
static int
machine_paragraph(struct fmt_sink *s, const struct report *rp)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int rc;

	if (m == NULL)
		return -1;
	/* The verdict line at the top already says why. */
	rc = render_report_machine_text(m, rp, false);
	if (fclose(m) != 0 || rc != 0) {
		free(buf);
		return -1;
	}
	if (len > 0)
		fmt_out(s, "\n%s", buf);
	free(buf);
	return 0;
}

int
render_markdown(FILE *f, const struct report *rp)
{
	static const char *const line_head[] = { "line", "ms" };
	static const char *const stat_head[] = { "metric", "median", "min",
	    "max" };
	static const char *const check_head[] = { "check", "verdict",
	    "measured", "expected" };
	static const char *const metric_head[] = { "metric", "baseline", "now",
	    "change", "verdict" };
	struct fmt_sink s = { f, 0 };
	char line[RENDER_VERDICT_LEN], was[128], is[128];
	const struct record *last = report_shown(rp);

	/*
	 * A heading, so that reports appended to one summary stand apart:
	 * the verdict line, or with none what ran.
	 */
	fmt_out(&s, "## ");
	if (render_verdict_line(line, sizeof(line), rp) > 0)
		mdw_text(&s, line);
	else {
		snprintf(line, sizeof(line), "poolviz: %" PRIu64 " %s, pool %"
		    PRIu64 ", %s", (uint64_t)last->config.calls,
		    fmt_plural(last->config.calls, "call", "calls"),
		    (uint64_t)last->config.pool, last->config.work.name);
		mdw_text(&s, line);
	}
	fmt_out(&s, "\n\n");
	if (rp->with_runs && rp->nruns > 1) {
		fmt_out(&s, "### Statistics\n\n%zu runs", rp->nruns);
		if (rp->warmup > 0)
			fmt_out(&s, " after %zu warm-up", rp->warmup);
		fmt_out(&s, ":\n\n");
		mdw_table(&s, 4, stat_head, "lrrr", STAT_COUNT, stat_cell,
		    (void *)rp->stats);
	} else if (last->nlines > 0) {
		fmt_out(&s, "### Lines\n\n");
		mdw_table(&s, 2, line_head, "lr", last->nlines, line_cell,
		    (void *)last);
	}
	if (rp->checks != NULL) {
		fmt_out(&s, "\n### Checks\n\n");
		mdw_table(&s, 4, check_head, "llrr", rp->checks->n, check_cell,
		    (void *)rp);
	}
	if (rp->base != NULL) {
		fmt_out(&s, "\n### Comparison with the baseline\n\n");
		mdw_table(&s, 5, metric_head, "lrrrl", BASE_COUNT, metric_cell,
		    (void *)rp);
		fmt_out(&s, "\n");
		if (rp->base->cpus != rp->now->cpus)
			fmt_out(&s, "The baseline had %u CPUs and this machine has "
			    "%u: the metrics are per wave and per lane, so they "
			    "still compare. ", rp->base->cpus, rp->now->cpus);
		render_report_machine_words(was, sizeof(was), rp->base);
		render_report_machine_words(is, sizeof(is), rp->now);
		fmt_out(&s, "Machine: baseline %s; now %s. ", was, is);
		fmt_out(&s, "Tolerance %.0f%%: a metric worse by more than that "
		    "regressed.\n", rp->tolerance_pct);
	}
	/* A quota named, others' share, what to do if inconclusive. */
	if ((rp->checks != NULL || rp->base != NULL) &&
	    machine_paragraph(&s, rp) != 0)
		s.bad = 1;
	/* A blank line last: whatever is appended next starts anew. */
	fmt_out(&s, "\n");
	return s.bad ? -1 : 0;
}

int
render_markdown_output(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	return render_markdown(f, rp);
}
