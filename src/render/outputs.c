/* outputs: the table of outputs, with thin adapters to each renderer's own signature;
 * text mode's output is render_text_report.c. */
#include <stdio.h>
#include <string.h>

#include "render/outputs.h"
#include "render/render_csv.h"
#include "render/render_html.h"
#include "render/render_junit.h"
#include "render/render_markdown.h"
#include "render/render_report.h"
#include "render/render_svg.h"
#include "render/render_text_report.h"
#include "render/render_trace.h"

static int
json_out(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	return render_report_json_file(f, rp);
}

static int
csv_out(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	return render_csv(f, report_last(rp));
}

static int
markdown_out(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	return render_markdown(f, rp);
}

static int
junit_out(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	return render_junit(f, rp);
}

static int
svg_out(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	/* Interrupted, the last run counted is not the last one asked for. */
	if (rp->with_runs && rp->runs_requested > 1)
		return render_svg_run(f, report_last(rp), rp->nruns,
		    rp->runs_requested);
	return render_svg(f, report_last(rp));
}

/* The replay page of the last run, which its title names as svg_out's does. */
static int
html_out(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	if (rp->with_runs && rp->runs_requested > 1)
		return render_html(f, report_last(rp), rp->nruns,
		    rp->runs_requested);
	return render_html(f, report_last(rp), 0, 0);
}

static int
trace_out(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	return render_trace(f, report_last(rp));
}

/* The run's document with the metrics a baseline keeps. */
static int
baseline_out(FILE *f, const struct report *rp, const struct render_style *st)
{
	struct report with = *rp;

	(void)st;
	with.include_baseline = true;
	return render_report_json_file(f, &with);
}

static const struct output_kind outputs[OUTPUT_COUNT] = {
	[OUTPUT_TEXT] = { "text", "--format", false, true, FORMAT_TEXT, render_text_report },
	[OUTPUT_JSON] = { "json", "--format", false, true, FORMAT_JSON, json_out },
	[OUTPUT_CSV] = { "csv", "--format", false, true, FORMAT_CSV, csv_out },
	[OUTPUT_MARKDOWN] = { "markdown", "--format", false, true,
	    FORMAT_MARKDOWN, markdown_out },
	[OUTPUT_SVG] = { "svg", "--svg", true, true, FORMAT_TEXT, svg_out },
	[OUTPUT_TRACE] = { "trace", "--trace", true, true, FORMAT_TEXT, trace_out },
	/* An interrupted run is no baseline. */
	[OUTPUT_BASELINE] = { "baseline", "--save-baseline", true, false,
	    FORMAT_TEXT, baseline_out },
	/* An interrupted run has no verdict to report. */
	[OUTPUT_JUNIT] = { "junit", "--junit", true, false, FORMAT_TEXT,
	    junit_out },
	[OUTPUT_HTML] = { "html", "--html", true, true, FORMAT_TEXT, html_out },
};

const struct output_kind *
output_kind(enum output_id id)
{
	return (unsigned)id < OUTPUT_COUNT ? &outputs[id] : NULL;
}

/* The stdout row --format f picks. */
const struct output_kind *
output_of_format(enum format f)
{
	for (int i = 0; i < OUTPUT_COUNT; i++)
		if (!outputs[i].file && outputs[i].format == f)
			return &outputs[i];
	return NULL;
}

const char *
format_name(enum format f)
{
	const struct output_kind *k = output_of_format(f);

	return k != NULL ? k->name : "?";
}

int
format_from_name(const char *name, enum format *out)
{
	for (int i = 0; i < OUTPUT_COUNT; i++)
		if (!outputs[i].file && strcmp(name, outputs[i].name) == 0) {
			*out = outputs[i].format;
			return 0;
		}
	return -1;
}

/* "text, json, csv or markdown": the formats there are, for messages. */
size_t
format_names(char *buf, size_t len)
{
	size_t n = 0, k = 0, total = 0;

	for (int i = 0; i < OUTPUT_COUNT; i++)
		total += !outputs[i].file;
	if (len > 0)
		buf[0] = '\0';
	for (int i = 0; i < OUTPUT_COUNT; i++) {
		if (outputs[i].file)
			continue;
		k++;
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", k == 1 ? "" :
			    k == total ? " or " : ", ", outputs[i].name);
	}
	return n;
}
