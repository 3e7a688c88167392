/*
 * render_junit: one <testsuite name="poolviz">, one <testcase> per check
 * (classname poolviz.check), per baseline metric (poolviz.baseline) and
 * one for the run's verdict (poolviz.run, name verdict), so that every
 * report of a configuration has the same testcases whatever its verdict;
 * a <failure> for a FAIL and a <skipped> for an inconclusive or not judged
 * one. The subset is described by docs/ci/junit.xsd, which the tests
 * validate against.
 *
 * What the consumers read (checked against their parsers):
 * - GitLab (lib/gitlab/ci/parsers/test/junit.rb): testsuite/testcase
 *   "name", "classname", "time" and "file"; the status from a <failure>,
 *   <error> or <skipped> child, whose element text is shown as the
 *   details.
 * - Jenkins (junit-plugin SuiteResult.java, CaseResult.java): testsuite
 *   "name", "time", "timestamp"; testcase "name", "classname", "time"
 *   (seconds, a plain decimal), <failure>/<error> "message" and text,
 *   <skipped> "message" (else its text), and <properties>/<property>
 *   "name" and "value".
 * So the "message" attribute says what happened, with its figures and
 * their units, and the text says what the check or metric asserts, or
 * what the machine did: viewers that show both (xunit-viewer, Jenkins)
 * never show one sentence twice.
 * Times are seconds with three decimals. A check or a metric takes no
 * time of its own, so each testcase's is 0; the suite's is the measured
 * runs' total.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/fmt.h"
#include "render/render_junit.h"
#include "render/render_report.h"
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

/*
 * Long text in pieces that xmlw takes (at most 256 bytes), never cutting
 * a UTF-8 sequence.
 */
static void
long_text(struct fmt_sink *s, const char *text)
{
	char piece[241];
	size_t len = strlen(text);

	while (len > 0) {
		size_t n = len < sizeof(piece) - 1 ? len : sizeof(piece) - 1;

		while (n < len && n > 1 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
		memcpy(piece, text, n);
		piece[n] = '\0';
		xmlw_sink_text(s, piece, sizeof(piece));
		text += n;
		len -= n;
	}
}

/*
 * One testcase; msg is what failed or why it proves nothing, body what
 * the testcase asserts (another sentence, never msg again).
 */
static void
testcase(struct fmt_sink *s, const char *classname, const char *name,
    enum verdict v, const char *msg, const char *body)
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
	long_text(s, body);
	fmt_out(s, "</%s>\n  </testcase>\n", el);
}

/* What each check measures, in which unit, and what it asserts. */
static const struct {
	const char *name;
	const char *unit;	/* after a number: " ms", " workers"; "" for a ratio */
	const char *kind;	/* before the figures: "ratio " or "" */
	const char *asserts;
} check_words[] = {
	{ "lag", " ms", "", "The loop's worst heartbeat lag (median over "
	    "the runs) stays under 5 ms, more where busy workers and the loop "
	    "outnumber the CPUs: the pool keeps the loop free." },
	{ "makespan_max", " ms", "", "The makespan (median over the runs) "
	    "is at most (1 + tolerance) x the expected waves x one hash: each "
	    "wave of the pool takes about one hash." },
	{ "makespan_min", " ms", "", "The makespan (median over the runs) "
	    "is at least (1 - tolerance) x calls x one hash / lanes: no "
	    "machine hashes faster than its CPUs allow." },
	{ "runnable_workers", " workers", "", "The mean number of the pool's "
	    "workers that wanted a CPU reaches the share of the expected "
	    "demand that the tolerance allows: a pool that runs one unit at "
	    "a time keeps one." },
	{ "scheduled_first", " Done lines", "", "No Done line comes before "
	    "the Scheduled line: the hashes run off the loop." },
	{ "sync_work", "", "ratio ", "The blocking hash's CPU time over the "
	    "mean pooled hash's is at least 0.90 x (1 - tolerance): the "
	    "blocking hash did real work." },
};

/* What each baseline metric is, with its unit. */
static const struct {
	const char *unit;
	const char *kind;
	const char *asserts;
} metric_words[BASE_COUNT] = {
	[BASE_MAKESPAN_PER_WAVE] = { "", "ratio ", "The makespan over what "
	    "its waves should take on the CPUs the run had, against the "
	    "baseline's: a regression means slower waves." },
	[BASE_PARALLELISM_PER_LANE] = { "", "ratio ", "The parallelism over "
	    "the lanes the run could use, against the baseline's: a "
	    "regression means fewer hashes at once." },
	[BASE_MEAN_TASK_PER_HASH] = { "", "ratio ", "The mean task over one "
	    "hash times the hashes that share each CPU, against the "
	    "baseline's: a regression means tasks that wait longer." },
	[BASE_MAX_LAG_MS] = { " ms", "", "The loop's worst heartbeat lag "
	    "against the baseline's; it regresses only past the lag check's "
	    "bound." },
};

static size_t
check_word(const char *name)
{
	for (size_t i = 0; i < sizeof(check_words) / sizeof(check_words[0]); i++)
		if (strcmp(check_words[i].name, name) == 0)
			return i;
	return (size_t)-1;
}

static const char *
reason0(const struct report *rp)
{
	return rp->nreasons > 0 ? rp->reasons[0] : "the machine was busy";
}

/*
 * The attribute: "measured 2001.614 ms, expected <=2512.485 ms", or why
 * it proves nothing. The body: what the check asserts, and for an
 * inconclusive one the figures the attribute leaves out.
 */
static void
check_message(char *buf, size_t len, char *body, size_t blen,
    const struct report *rp, const struct check_result *c, enum verdict v)
{
	size_t w = check_word(c->name);
	const char *unit = w != (size_t)-1 ? check_words[w].unit : "";
	const char *kind = w != (size_t)-1 ? check_words[w].kind : "";
	const char *asserts = w != (size_t)-1 ? check_words[w].asserts :
	    "See the checks in docs/ci.md.";
	int prec = c->cmp == CHECK_EQ ? 0 : 3;
	char figures[160];

	snprintf(figures, sizeof(figures), "measured %s%.*f%s, expected %s%.*f%s",
	    kind, prec, c->measured, unit, check_cmp_text(c->cmp), prec,
	    c->bound, unit);
	switch (v) {
	case VERDICT_NOT_JUDGED:
		snprintf(buf, len, "not judged: %s", c->why);
		snprintf(body, blen, "%s", asserts);
		break;
	case VERDICT_INCONCLUSIVE:
	case VERDICT_INTERRUPTED:	/* a check's is never this: as inconclusive */
		snprintf(buf, len, "inconclusive: %s", reason0(rp));
		snprintf(body, blen, "%s; the machine was too busy for that to "
		    "prove anything. %s", figures, asserts);
		break;
	case VERDICT_FAIL:
	case VERDICT_PASS:
		snprintf(buf, len, "%s", figures);
		snprintf(body, blen, "%s Tolerance %.0f%%.", asserts,
		    rp->tolerance_pct);
		break;
	}
}

static void
metric_message(char *buf, size_t len, char *body, size_t blen,
    const struct report *rp, const struct baseline_row *r, enum verdict v)
{
	const char *unit = metric_words[r->metric].unit;
	const char *kind = metric_words[r->metric].kind;
	char b[32], n[32], c[32], figures[160];

	snprintf(figures, sizeof(figures), "baseline %s%s%s, now %s%s (%s), "
	    "tolerance %.0f%%", kind, fmt_num3(b, r->base), unit,
	    fmt_num3(n, r->now), unit, fmt_pct(c, r->change_pct, 1),
	    rp->tolerance_pct);
	if (v == VERDICT_INCONCLUSIVE) {
		snprintf(buf, len, "inconclusive: %s", reason0(rp));
		snprintf(body, blen, "%s; the machine was too busy for that to "
		    "prove anything. %s", figures, metric_words[r->metric].asserts);
	} else {
		snprintf(buf, len, "%s", figures);
		snprintf(body, blen, "%s", metric_words[r->metric].asserts);
	}
}

/*
 * The run's own testcase: the verdict line in the attribute, and in the
 * text what the machine did (a quota, others' share, what to do), or,
 * where it says nothing, where to look.
 */
static int
run_testcase(struct fmt_sink *s, const struct report *rp)
{
	char line[RENDER_VERDICT_LEN], *buf = NULL;
	size_t len = 0;
	FILE *m;
	int rc;

	render_verdict_line(line, sizeof(line), rp);
	if (rp->verdict == VERDICT_PASS) {
		testcase(s, "poolviz.run", "verdict", rp->verdict, line, "");
		return 0;
	}
	if ((m = open_memstream(&buf, &len)) == NULL)
		return -1;
	rc = render_report_machine_text(m, rp, false);
	if (fclose(m) != 0 || rc != 0) {
		free(buf);
		return -1;
	}
	while (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	testcase(s, "poolviz.run", "verdict", rp->verdict, line, len > 0 ? buf :
	    rp->verdict == VERDICT_FAIL ? "The checks and metrics above say "
	    "what failed." : rp->verdict == VERDICT_INTERRUPTED ? "A signal "
	    "cut the command: nothing was concluded." : "The machine was too "
	    "busy to judge.");
	free(buf);
	return 0;
}

int
render_junit(FILE *f, const struct report *rp)
{
	struct fmt_sink s = { f, 0 };
	size_t tests = 1, failures = 0, skipped = 0;
	int64_t total = 0;
	char msg[RENDER_VERDICT_LEN], body[768];

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
	/* The run's verdict, in every report, whatever else carries it. */
	failures += rp->verdict == VERDICT_FAIL;
	skipped += rp->verdict != VERDICT_PASS && rp->verdict != VERDICT_FAIL;
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

		check_message(msg, sizeof(msg), body, sizeof(body), rp, c, v);
		testcase(&s, "poolviz.check", c->name, v, msg, body);
	}
	for (int m = 0; rp->rows != NULL && m < BASE_COUNT; m++) {
		enum verdict v = report_metric_verdict(rp, m);

		metric_message(msg, sizeof(msg), body, sizeof(body), rp,
		    &rp->rows[m], v);
		testcase(&s, "poolviz.baseline", baseline_name(rp->rows[m].metric),
		    v, msg, body);
	}
	if (run_testcase(&s, rp) != 0)
		s.bad = 1;
	fmt_out(&s, "</testsuite>\n");
	return s.bad ? -1 : 0;
}

int
render_junit_output(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	return render_junit(f, rp);
}
