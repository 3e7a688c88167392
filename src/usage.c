/* usage: the text of --help and poolviz sweep --help, the work's part from its table. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/scenario.h"
#include "render/outputs.h"
#include "usage.h"
#include "work/work.h"

#define WIDTH		78	/* no line of --help is longer */
#define HELP_COLUMN	23	/* where an option's help begins */

/*
 * text's words (apart by sep) after first, as many a line as fit in
 * WIDTH, the next lines indented; a '\n' in text breaks the line there.
 * A synopsis's words are its bracketed options, apart by '\t'.
 */
static void
wrap_words(FILE *f, const char *first, size_t indent, const char *text,
    char sep)
{
	const char stop[] = { sep, '\n', '\0' };
	size_t col = strlen(first), n;
	bool start = true;

	fputs(first, f);
	while (*text != '\0') {
		if (*text == sep) {
			text++;
			continue;
		}
		if (*text == '\n') {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
			start = true;
			text++;
			continue;
		}
		n = strcspn(text, stop);
		if (!start && col + 1 + n > WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
			start = true;
		}
		fprintf(f, "%s%.*s", start ? "" : " ", (int)n, text);
		col += n + !start;
		start = false;
		text += n;
	}
	fputc('\n', f);
}

static void
wrap(FILE *f, const char *first, size_t indent, const char *text)
{
	wrap_words(f, first, indent, text, ' ');
}

/* "  -i, --iterations N   ", or "      --salt S         ": an option's first column. */
static void
option_head(char *buf, size_t len, char short_name, const char *name,
    const char *arg)
{
	int n;

	if (short_name != 0)
		n = snprintf(buf, len, "  -%c, %s %s", short_name, name, arg);
	else
		n = snprintf(buf, len, "      %s %s", name, arg);
	if (n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "%*s", n + 2 < HELP_COLUMN ?
		    HELP_COLUMN - n : 2, "");
}

/* An option and its help, its lines apart by '\n', as they are. */
static void
option_help(FILE *f, char short_name, const char *name, const char *arg,
    const char *help)
{
	char head[128];

	option_head(head, sizeof(head), short_name, name, arg);
	fputs(head, f);
	for (const char *s = help; *s != '\0'; s++)
		if (*s == '\n')
			fprintf(f, "\n%*s", HELP_COLUMN, "");
		else
			fputc(*s, f);
	fputc('\n', f);
}

/* A row's word in a synopsis: "[-i iterations]", "[--salt S]". */
static void
synopsis_word(char *buf, size_t len, const struct work_option *wo)
{
	if (wo->short_name != 0)
		snprintf(buf, len, "[-%c %s]\t", wo->short_name, wo->name + 2);
	else
		snprintf(buf, len, "[%s %s]\t", wo->name, wo->arg);
}

static void
append(char *buf, size_t len, const char *s)
{
	size_t n = strlen(buf);

	if (n < len)
		snprintf(buf + n, len - n, "%s", s);
}

/* The works' names, each "name (like)": "pbkdf2 (crypto.pbkdf2), ...". */
static void
works_like(char *buf, size_t len)
{
	size_t nw = work_count();
	char s[128];

	for (size_t k = 0; k < nw; k++) {
		snprintf(s, sizeof(s), "%s%s (%s)", k == 0 ? "" : k + 1 == nw ?
		    " or " : ", ", work_kind_name((enum work_kind)k),
		    work_help((enum work_kind)k)->like);
		append(buf, len, s);
	}
}

static const char poolviz_intro[] =
"       poolviz sweep|doctor [options]  (poolviz sweep --help, doctor --help)\n"
"       poolviz -h | --help | -V | --version\n"
"\n"
"Runs the article's experiment: one PBKDF2 hash on the main thread, which\n"
"blocks it, then N hashes queued on libuv's thread pool with uv_queue_work,\n"
"which run while the loop goes on: one line per event, in milliseconds.\n"
"\n"
"the experiment:\n"
"  -c, --calls N        async hashes to queue, 0 to 1000000 (default 4)\n"
"  -p, --pool N         thread-pool size, 1 to 1024 (UV_THREADPOOL_SIZE or 4)\n";

static const char poolviz_experiment[] =
"      --hash-ms N      size the work so one unit takes about N ms of CPU time\n"
"      --no-sync        skip the blocking hash (article only)\n"
"      --print-key      a line 'Key: <hex>' after each finished unit\n";

static const char poolviz_seeing[] =
"seeing inside:\n"
"      --timeline       a chart of the main thread and workers (--ascii, --notes)\n"
"      --live           that chart drawn as the run goes, on a terminal\n";

static const char poolviz_checking[] =
"checking, in CI:\n"
"      --repeat N       run N times (--warmup N more first): medians\n"
"      --check          check the article's promises on the medians\n"
"      --baseline FILE  compare with a saved baseline\n"
"      --tolerance PCT  the margin for both (default 25); above 100 the\n"
"                       lower bounds (makespan_min) are zero, not negative\n"
"      --retries N      measure again while too busy (within --retry-budget S)\n";

static const char poolviz_tail[] =
"  -h, --help           this help;  -V, --version  the versions\n"
"\n"
"exit status: 0 ok; 1 a check failed, a metric regressed or output was lost;\n"
"2 bad input; 3 inconclusive (too busy to judge); 130, 143 interrupted; 141\n"
"the reader of stdout went away. A FILE '-' is stdout. See man poolviz.\n";

/* The file outputs' rows of one group, each on its option's line. */
static void
file_outputs(FILE *f, bool ci)
{
	for (int i = 0; i < OUTPUT_COUNT; i++) {
		const struct output_kind *k = output_kind((enum output_id)i);

		if (k->file && k->ci == ci)
			option_help(f, 0, k->option, "FILE", k->help);
	}
}

/* A work row's line: the works it applies to, then its own help. */
static void
work_row(FILE *f, const struct work_option *wo)
{
	char text[256], w[64];

	work_kind_list_of(w, sizeof(w), wo->bit);
	snprintf(text, sizeof(text), "%s: %s", w, wo->help);
	option_help(f, wo->short_name, wo->name, wo->arg, text);
}

int
usage_print(FILE *f)
{
	size_t n;
	const struct work_option *rows = work_options(&n);
	char text[1024], w[256];

	snprintf(text, sizeof(text), "[-c calls]\t[-p pool]\t[--scenario NAME]\t"
	    "[--work ");
	work_kind_list(w, sizeof(w), "|", "|");
	append(text, sizeof(text), w);
	append(text, sizeof(text), "]\t[work options]\t[--timeline|--live]\t"
	    "[--format F]\t[--check]\t...");
	wrap_words(f, "usage: poolviz ", 15, text, '\t');
	fputs(poolviz_intro, f);

	/* "article (default), blocked, ...": the table's first is the default. */
	scenario_list(w, sizeof(w));
	snprintf(text, sizeof(text), "%s (default)%s", scenario_name(
	    (enum scenario)0), w + strlen(scenario_name((enum scenario)0)));
	option_head(w, sizeof(w), 0, "--scenario", "NAME");
	wrap(f, w, HELP_COLUMN, text);
	fputs(poolviz_experiment, f);

	text[0] = '\0';
	works_like(text, sizeof(text));
	option_head(w, sizeof(w), 0, "--work", "W");
	wrap(f, w, HELP_COLUMN, text);
	for (size_t i = 0; i < n; i++)
		work_row(f, &rows[i]);

	fputs(poolviz_seeing, f);
	format_names(w, sizeof(w));
	snprintf(text, sizeof(text), "%s (default the lines)", w);
	option_head(w, sizeof(w), 0, "--format", "F");
	wrap(f, w, HELP_COLUMN, text);
	file_outputs(f, false);
	fputs(poolviz_checking, f);
	file_outputs(f, true);
	fputs(poolviz_tail, f);
	return ferror(f) ? -1 : 0;
}

static const char sweep_intro[] =
"       poolviz sweep -h | --help\n"
"\n"
"Runs the experiment without the blocking hash at every point of a grid of\n"
"pool sizes and call counts, each in a fresh poolviz process (libuv sets the\n"
"pool size once per process), one at a time, and shows how the time to\n"
"finish all hashes follows ceil(calls / min(pool, CPUs)) times one hash.\n"
"\n"
"options:\n"
"  -p, --pool LIST      pool sizes, each 1 to 1024 (default 1,2,4,8)\n"
"  -c, --calls LIST     call counts, each 0 to 1000000 (default 8)\n"
"                       a LIST holds numbers and ranges: 1,2,4 or 1-8 or 1,2,4-6\n"
"      --repeat N       runs per point, in a row, 1 to 100 (default 1): medians\n"
"      --hash-ms N      size the work once so one unit takes about N ms of CPU\n";

static const char sweep_rest[] =
"      --check          a gate: one verdict line; exit 1 if a point others did\n"
"                       not disturb failed the law, 3 if only disturbed ones did\n"
"      --format F       text (default): a table and the law; json: one document\n"
"                       (schema 1); csv: a row per point; markdown: for CI\n"
"      --svg FILE       write makespan against pool size as an SVG plot; '-'\n"
"                       writes it to stdout (the text then goes to stderr)\n"
"  -h, --help           show this help and exit\n"
"\n"
"A sweep runs at most 10000 children (points x repeat); on a terminal it says\n"
"how long it should take and shows its progress. A failed child stops it: the\n"
"point and the child's first line on stderr are named, nothing is printed.\n"
"\n"
"exit status:\n"
"  0    every point ran and the output was written (--check: and held)\n"
"  1    a child failed, output was lost, or (--check) a quiet point failed\n"
"  2    bad input: nothing was run\n"
"  3    --check: only points that others disturbed failed (inconclusive)\n"
"  130  interrupted by SIGINT (Ctrl-C); 143: by SIGTERM; nothing is printed\n"
"  141  the reader of stdout went away\n"
"\n"
"environment:\n"
"  POOLVIZ_SWEEP_EXE    run this program for each point instead of poolviz\n"
"                       itself (a hook for tests)\n";

int
usage_sweep_print(FILE *f)
{
	size_t n;
	const struct work_option *rows = work_options(&n);
	char text[2048], w[256];
	bool others = false;

	/*
	 * The synopsis: the rows with a help of their own in the sweep, then
	 * --work, then the others ("as for poolviz").
	 */
	snprintf(text, sizeof(text), "[-p pools]\t[-c calls]\t[--repeat N]\t"
	    "[--check]\t");
	for (size_t i = 0; i < n; i++)
		if (rows[i].sweep_help != NULL) {
			synopsis_word(w, sizeof(w), &rows[i]);
			append(text, sizeof(text), w);
		}
	append(text, sizeof(text), "[--work W]\t");
	for (size_t i = 0; i < n; i++)
		if (rows[i].sweep_help == NULL) {
			synopsis_word(w, sizeof(w), &rows[i]);
			append(text, sizeof(text), w);
		}
	append(text, sizeof(text), "[--format text|json|csv|markdown]\t"
	    "[--svg FILE]");
	wrap_words(f, "usage: poolviz sweep ", 21, text, '\t');
	fputs(sweep_intro, f);

	snprintf(text, sizeof(text), "%s (default)", work_kind_name((enum work_kind)0));
	for (size_t k = 1; k < work_count(); k++) {
		snprintf(w, sizeof(w), "%s%s", k + 1 == work_count() ? " or " :
		    ", ", work_kind_name((enum work_kind)k));
		append(text, sizeof(text), w);
	}
	append(text, sizeof(text), ", with its options as for poolviz; every "
	    "child is given them");
	option_head(w, sizeof(w), 0, "--work", "W");
	wrap(f, w, HELP_COLUMN, text);
	for (size_t i = 0; i < n; i++)
		if (rows[i].sweep_help != NULL)
			option_help(f, rows[i].short_name, rows[i].name,
			    rows[i].arg, rows[i].sweep_help);
	text[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (rows[i].sweep_help == NULL) {
			snprintf(w, sizeof(w), "%s%s %s", others ? ", " : "",
			    rows[i].name, rows[i].arg);
			append(text, sizeof(text), w);
			others = true;
		}
	if (others) {
		append(text, sizeof(text), "\nas for poolviz");
		wrap(f, "      ", HELP_COLUMN, text);
	}
	fputs(sweep_rest, f);
	return ferror(f) ? -1 : 0;
}
