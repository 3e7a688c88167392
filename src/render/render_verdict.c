/* render_verdict: "poolviz: ok: 5 checks held, 4 metrics within 25%". */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "render/fmt.h"
#include "render/render_verdict.h"

/* A line built piece by piece; what does not fit is cut off. */
struct line {
	char *buf;
	size_t len, n;
};

static void
put(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
put(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (l->n + 1 >= l->len)
		return;
	va_start(ap, fmt);
	k = vsnprintf(l->buf + l->n, l->len - l->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		l->n += (size_t)k < l->len - l->n ? (size_t)k : l->len - l->n - 1;
}

static void
passed(struct line *l, const struct report *rp)
{
	size_t ok = 0, better = 0, held = 0, unjudged = 0;

	for (size_t i = 0; rp->checks != NULL && i < rp->checks->n; i++) {
		held += rp->checks->c[i].judged;
		unjudged += !rp->checks->c[i].judged;
	}
	if (rp->checks != NULL)
		put(l, "%zu %s held", held, fmt_plural(held, "check", "checks"));
	if (unjudged > 0)
		put(l, ", %zu not judged", unjudged);
	if (rp->rows == NULL)
		return;
	for (int m = 0; m < BASE_COUNT; m++) {
		ok += rp->rows[m].verdict == BASE_VERDICT_OK;
		better += rp->rows[m].verdict == BASE_VERDICT_BETTER;
	}
	put(l, "%s%zu %s within %.0f%%", rp->checks != NULL ? ", " : "", ok,
	    fmt_plural(ok, "metric", "metrics"), rp->tolerance_pct);
	if (better > 0)
		put(l, ", %zu better", better);
}

/* The failed checks by name, then the regressed metrics with their change. */
static bool
failed(struct line *l, const struct report *rp)
{
	size_t nfail = 0, nreg = 0, k = 0;
	char pct[32];

	for (size_t i = 0; rp->checks != NULL && i < rp->checks->n; i++)
		if (!rp->checks->c[i].ok)
			put(l, "%s%s", nfail++ ? ", " : "", rp->checks->c[i].name);
	for (int m = 0; rp->rows != NULL && m < BASE_COUNT; m++)
		nreg += rp->rows[m].verdict == BASE_VERDICT_REGRESSED;
	if (nreg == 0)
		return nfail > 0;
	put(l, "%s%zu %s regressed (", nfail ? "; " : "", nreg,
	    fmt_plural(nreg, "metric", "metrics"));
	for (int m = 0; m < BASE_COUNT; m++)
		if (rp->rows[m].verdict == BASE_VERDICT_REGRESSED)
			put(l, "%s%s %s", k++ ? ", " : "",
			    baseline_name(rp->rows[m].metric),
			    fmt_pct(pct, rp->rows[m].change_pct, 0));
	put(l, ")");
	return true;
}

static void
reasons(struct line *l, const struct report *rp, const char *none)
{
	if (rp->nreasons == 0)
		put(l, "%s", none);
	for (size_t i = 0; i < rp->nreasons; i++)
		put(l, "%s%s", i ? "; " : "", rp->reasons[i]);
}

/*
 * The line, without a newline, into buf; its length. Empty when the run
 * was not judged (neither --check nor --baseline). A failure names the
 * checks that failed and the metrics that regressed; an inconclusive run
 * gives the report's reasons.
 */
size_t
render_verdict_line(char *buf, size_t len, const struct report *rp)
{
	struct line l = { buf, len, 0 };

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (!rp->judged)
		return 0;
	switch (rp->verdict) {
	case VERDICT_PASS:
		put(&l, "poolviz: ok: ");
		passed(&l, rp);
		break;
	case VERDICT_FAIL:
		put(&l, "poolviz: FAIL: ");
		if (!failed(&l, rp))
			reasons(&l, rp, "a check failed");
		break;
	case VERDICT_INCONCLUSIVE:
		put(&l, "poolviz: inconclusive: ");
		reasons(&l, rp, "the machine was too busy to judge");
		break;
	case VERDICT_NOT_JUDGED:	/* a check's, never a run's */
		break;
	case VERDICT_INTERRUPTED:
		put(&l, "poolviz: interrupted: ");
		reasons(&l, rp, "a signal stopped the runs");
		break;
	}
	return l.n;
}

/* The line and a newline, when the run was judged; 0, or -1 on a write error. */
int
render_verdict(FILE *f, const struct report *rp)
{
	char line[RENDER_VERDICT_LEN];

	if (render_verdict_line(line, sizeof(line), rp) == 0)
		return 0;
	return fprintf(f, "%s\n", line) < 0 ? -1 : 0;
}
