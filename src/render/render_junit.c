/*
 * render_junit: one <testsuite name="poolviz">, one <testcase> per check
 * (classname poolviz.check) and per baseline metric (poolviz.baseline), a
 * <failure> for a FAIL and a <skipped> for an inconclusive one. The subset
 * is described by docs/ci/junit.xsd, which the tests validate against.
 *
 * What the consumers read (checked against their parsers):
 * - GitLab (lib/gitlab/ci/parsers/test/junit.rb): testsuite/testcase
 *   "name", "classname", "time" and "file"; the status from a <failure>,
 *   <error> or <skipped> child, whose element text is shown as the
 *   details (so the message goes in the text as well as the attribute).
 * - Jenkins (junit-plugin SuiteResult.java, CaseResult.java): testsuite
 *   "name", "time", "timestamp"; testcase "name", "classname", "time"
 *   (seconds, a plain decimal), <failure>/<error> "message" and text,
 *   <skipped> "message" (else its text), and <properties>/<property>
 *   "name" and "value".
 * Times are seconds with three decimals. A check or a metric takes no
 * time of its own, so each testcase's is 0; the suite's is the measured
 * runs' total.
 */
#include <inttypes.h>
#include <stdio.h>

#include "render/fmt.h"
#include "render/render_junit.h"
#include "render/render_verdict.h"
#include "render/xmlw.h"

/* How long a run took: from its zero to the last thing it recorded. */
static int64_t
run_us(const struct record *r)
{
	int64_t end = r->sync.ran ? r->sync.end_us : 0;

	for (size_t i = 0; i < r->nlines; i++)
		if (r->lines[i].us > end)
			end = r->lines[i].us;
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].done_us > end)
			end = r->tasks[i].done_us;
	return end;
}

/* Seconds with three decimals, whatever LC_NUMERIC says. */
static void
seconds(struct fmt_sink *s, int64_t us)
{
	int64_t ms = (us + 500) / 1000;

	fmt_out(s, "%" PRId64 ".%03" PRId64, ms / 1000, ms % 1000);
}

static void
property(struct fmt_sink *s, const char *name, const char *value)
{
	fmt_out(s, "    <property name=\"");
	xmlw_sink_text(s, name, 256);
	fmt_out(s, "\" value=\"");
	xmlw_sink_text(s, value, 256);
	fmt_out(s, "\"/>\n");
}

static void
property_u64(struct fmt_sink *s, const char *name, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	property(s, name, buf);
}

/* The configuration and the machine, as the JSON's config and machine say them. */
static void
properties(struct fmt_sink *s, const struct report *rp)
{
	const struct record *r = report_shown(rp);
	const struct record_config *c = &r->config;
	char buf[32], line[RENDER_VERDICT_LEN];

	fmt_out(s, "  <properties>\n");
	property_u64(s, "calls", c->calls);
	property_u64(s, "pool", c->pool);
	property(s, "work", c->work.name);
	for (size_t i = 0; i < c->work.nparams; i++) {
		const struct record_param *p = &c->work.params[i];

		if (p->text)
			property(s, p->name, p->s);
		else
			property_u64(s, p->name, p->n);
	}
	property(s, "sync", c->sync ? "true" : "false");
	property(s, "scenario", scenario_name(c->scenario));
	property_u64(s, "runs", rp->nruns);
	property_u64(s, "warmup", rp->warmup);
	snprintf(buf, sizeof(buf), "%.0f", rp->tolerance_pct);
	property(s, "tolerance_pct", buf);
	property_u64(s, "machine.cpus", r->machine.cpus);
	property(s, "machine.libuv", r->machine.libuv);
	property(s, "machine.openssl", r->machine.openssl);
	property(s, "verdict", verdict_name(rp->verdict));
	if (render_verdict_line(line, sizeof(line), rp) > 0)
		property(s, "verdict_line", line);
	fmt_out(s, "  </properties>\n");
}

/* One testcase; msg is what failed or why it proves nothing. */
static void
testcase(struct fmt_sink *s, const char *classname, const char *name,
    enum verdict v, const char *msg)
{
	const char *el = v == VERDICT_FAIL ? "failure" : "skipped";

	fmt_out(s, "  <testcase classname=\"%s\" name=\"", classname);
	xmlw_sink_text(s, name, 256);
	fmt_out(s, "\" time=\"0.000\"");
	if (v == VERDICT_PASS) {
		fmt_out(s, "/>\n");
		return;
	}
	fmt_out(s, ">\n    <%s message=\"", el);
	xmlw_sink_text(s, msg, 256);
	fmt_out(s, "\">");
	xmlw_sink_text(s, msg, 256);
	fmt_out(s, "</%s>\n  </testcase>\n", el);
}

/* "measured 2001.614, expected <=2512.485", and why when it proves nothing. */
static void
check_message(char *buf, size_t len, const struct report *rp,
    const struct check_result *c, enum verdict v)
{
	int prec = c->cmp == CHECK_EQ ? 0 : 3;
	int n = snprintf(buf, len, "measured %.*f, expected %s%.*f", prec,
	    c->measured, check_cmp_text(c->cmp), prec, c->bound);

	if (v == VERDICT_NOT_JUDGED)
		snprintf(buf, len, "not judged: %s", c->why);
	else if (v == VERDICT_INCONCLUSIVE && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "; inconclusive: %s",
		    rp->nreasons > 0 ? rp->reasons[0] : "the machine was busy");
}

static void
metric_message(char *buf, size_t len, const struct report *rp,
    const struct baseline_row *r, enum verdict v)
{
	char b[32], n[32], c[32];
	int k = snprintf(buf, len, "baseline %s, now %s (%s), tolerance %.0f%%",
	    fmt_num3(b, r->base), fmt_num3(n, r->now),
	    fmt_pct(c, r->change_pct, 1), rp->tolerance_pct);

	if (v == VERDICT_INCONCLUSIVE && k > 0 && (size_t)k < len)
		snprintf(buf + k, len - (size_t)k, "; inconclusive: %s",
		    rp->nreasons > 0 ? rp->reasons[0] : "the machine was busy");
}

int
render_junit(FILE *f, const struct report *rp)
{
	struct fmt_sink s = { f, 0 };
	size_t tests = 0, failures = 0, skipped = 0;
	int64_t total = 0;
	char msg[RENDER_VERDICT_LEN];
	bool extra;

	for (size_t i = 0; rp->checks != NULL && i < rp->checks->n; i++) {
		enum verdict v = report_check_verdict(rp, i);

		tests++;
		failures += v == VERDICT_FAIL;
		skipped += v == VERDICT_INCONCLUSIVE || v == VERDICT_NOT_JUDGED;
	}
	for (int m = 0; rp->rows != NULL && m < BASE_COUNT; m++) {
		enum verdict v = report_metric_verdict(rp, m);

		tests++;
		failures += v == VERDICT_FAIL;
		skipped += v == VERDICT_INCONCLUSIVE;
	}
	/*
	 * A verdict no check or metric carries (an inconclusive run whose
	 * checks all held, say) gets a testcase of its own, with the line.
	 */
	extra = (rp->verdict == VERDICT_FAIL && failures == 0) ||
	    (rp->verdict == VERDICT_INCONCLUSIVE && skipped == 0);
	if (extra) {
		tests++;
		failures += rp->verdict == VERDICT_FAIL;
		skipped += rp->verdict == VERDICT_INCONCLUSIVE;
	}
	for (size_t i = 0; i < rp->nruns; i++)
		total += run_us(&rp->runs[i]);
	fmt_out(&s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fmt_out(&s, "<testsuite name=\"poolviz\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"0\" skipped=\"%zu\" time=\"", tests, failures, skipped);
	seconds(&s, total);
	fmt_out(&s, "\">\n");
	properties(&s, rp);
	for (size_t i = 0; rp->checks != NULL && i < rp->checks->n; i++) {
		const struct check_result *c = &rp->checks->c[i];
		enum verdict v = report_check_verdict(rp, i);

		check_message(msg, sizeof(msg), rp, c, v);
		testcase(&s, "poolviz.check", c->name, v, msg);
	}
	for (int m = 0; rp->rows != NULL && m < BASE_COUNT; m++) {
		enum verdict v = report_metric_verdict(rp, m);

		metric_message(msg, sizeof(msg), rp, &rp->rows[m], v);
		testcase(&s, "poolviz.baseline", baseline_name(rp->rows[m].metric),
		    v, msg);
	}
	if (extra) {
		render_verdict_line(msg, sizeof(msg), rp);
		testcase(&s, "poolviz.run", "verdict", rp->verdict, msg);
	}
	fmt_out(&s, "</testsuite>\n");
	return s.bad ? -1 : 0;
}

int
render_junit_output(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	return render_junit(f, rp);
}
