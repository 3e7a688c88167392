/* outputs: the table of outputs, one row each; every renderer is in a file of its own. */
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

static const struct output_kind outputs[OUTPUT_COUNT] = {
	[OUTPUT_TEXT] = { .name = "text", .option = "--format",
	    .interrupted = true, .format = FORMAT_TEXT,
	    .render = render_text_report },
	[OUTPUT_JSON] = { .name = "json", .option = "--format",
	    .interrupted = true, .format = FORMAT_JSON,
	    .render = render_report_json_output },
	[OUTPUT_CSV] = { .name = "csv", .option = "--format",
	    .interrupted = true, .format = FORMAT_CSV,
	    .render = render_csv_output },
	[OUTPUT_MARKDOWN] = { .name = "markdown", .option = "--format",
	    .interrupted = true, .format = FORMAT_MARKDOWN,
	    .render = render_markdown_output },
	[OUTPUT_SVG] = { .name = "svg", .option = "--svg", .file = true,
	    .interrupted = true, .render = render_svg_output,
	    .help = "the chart as an SVG picture" },
	[OUTPUT_TRACE] = { .name = "trace", .option = "--trace", .file = true,
	    .interrupted = true, .render = render_trace_output,
	    .help = "a Chrome trace (Perfetto, chrome://tracing)" },
	/* An interrupted run is no baseline. */
	[OUTPUT_BASELINE] = { .name = "baseline", .option = "--save-baseline",
	    .file = true, .render = render_report_baseline_output,
	    .help = "keep this run's metrics (on a quiet machine)", .ci = true },
	/* An interrupted run has no verdict to report. */
	[OUTPUT_JUNIT] = { .name = "junit", .option = "--junit", .file = true,
	    .render = render_junit_output,
	    .help = "the verdicts as a JUnit XML report", .ci = true },
	[OUTPUT_HTML] = { .name = "html", .option = "--html", .file = true,
	    .interrupted = true, .render = render_html_output,
	    .help = "a page that plays the run back in a browser" },
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
