/* usage: the text of --help and poolviz sweep --help, the work's part from its table. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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

/* The works' units: "Hash, Scrypt or Deflate". */
static void
works_units(char *buf, size_t len)
{
	size_t nw = work_count();
	char s[128];

	for (size_t k = 0; k < nw; k++) {
		snprintf(s, sizeof(s), "%s%s", k == 0 ? "" : k + 1 == nw ?
		    " or " : ", ", work_kind_unit((enum work_kind)k));
		append(buf, len, s);
	}
}

static const char poolviz_tail_synopsis[] =
"               [--format text|json|csv|markdown]\n"
"               [--timeline [--ascii]] [--live] [--svg FILE] [--trace FILE]\n"
"               [--repeat N] [--warmup N] [--check] [--tolerance PCT]\n"
"               [--save-baseline FILE] [--baseline FILE] [--retries N]\n"
"               [--retry-budget SECONDS]\n"
"               [--junit FILE]\n"
"       poolviz sweep [--pool LIST] [--calls LIST] [--repeat R] ...\n"
"       poolviz -h | --help | -V | --version\n"
"\n"
"Runs the article's experiment: one PBKDF2 hash on the main thread, which\n"
"blocks it, then N hashes queued on libuv's thread pool with uv_queue_work,\n"
"which run on the pool while the loop goes on. Prints one line per event,\n"
"as the article's Node script does, in whole milliseconds since the start.\n"
"\n"
"options:\n"
"  -c, --calls N        async hashes to queue, 0 to 1000000 (default 4)\n"
"  -p, --pool N         thread-pool size, 1 to 1024; without it\n"
"                       UV_THREADPOOL_SIZE applies, else 4, as in Node\n";

static const char poolviz_no_sync[] =
"      --no-sync        skip the blocking hash and its two lines (article only)\n";

static const char poolviz_rest[] =
"      --scenario NAME  what to show (default article):\n"
"         article  the article's experiment, exactly\n"
"         blocked  a 10 ms heartbeat ticks on the loop; the hashes are queued,\n"
"                  then the main thread hashes until the pool has finished:\n"
"                  the heartbeat stalls and finished results wait for it\n"
"         starve   the pool is filled with the hashes; then a file probe and\n"
"                  a DNS probe wait for a free worker while a loopback TCP\n"
"                  round trip, through epoll, does not wait at all\n"
"         offload  blocked's workload, with the blocking work on a thread of\n"
"                  its own (Node's Worker) that reports back through\n"
"                  uv_async_send: the heartbeat keeps ticking and results\n"
"                  are delivered as they end\n"
"      --format F       text (default): the lines; json: one JSON document\n"
"                       (schema 1, fields in the README); csv: one row per hash;\n"
"                       markdown: the verdict line, then the lines (or the\n"
"                       statistics), checks and comparison as GFM tables, for\n"
"                       >> \"$GITHUB_STEP_SUMMARY\". With json, csv or markdown\n"
"                       the verdict line also goes to stderr\n"
"      --timeline       after the lines, a chart of the main thread and each\n"
"                       worker, as wide as the terminal (COLUMNS), in colour on\n"
"                       a terminal unless NO_COLOR is non-empty or TERM=dumb\n"
"      --live           on a terminal, draw that chart while the run goes,\n"
"                       about 20 frames a second below the lines, by a\n"
"                       thread of its own; the last frame is --timeline's\n"
"                       chart (text only, not with --repeat)\n"
"      --ascii          draw the chart in plain ASCII\n"
"      --svg FILE       write the chart as an SVG picture\n"
"      --trace FILE     write a Chrome trace (Perfetto, chrome://tracing)\n"
"                       A FILE of '-' (--svg, --trace, --junit, --save-baseline)\n"
"                       is stdout: the text then goes to stderr; one output\n"
"                       only on stdout, and not with --format json, csv or\n"
"                       markdown\n"
"      --repeat N       run N times (1 to 100) and report each metric's median,\n"
"                       min and max; text mode then prints only that table\n"
"      --warmup N       runs before those, not counted (0 to 100, default 0)\n"
"      --check          check the article's promises (article scenario only),\n"
"                       one line each, 'check NAME: ok|FAIL measured=M\n"
"                       expected=E', on the medians; with T one hash (the\n"
"                       blocking one, else the median hash's CPU time), L =\n"
"                       min(pool, usable CPUs) the lanes (a CPU quota counts),\n"
"                       W = ceil(calls / L), A the CPUs other processes left\n"
"                       the runs and tol the tolerance:\n"
"         scheduled_first  no Done line before Scheduled\n"
"         sync_work        blocking hash's CPU time >= 0.90 (1 - tol) x an async\n"
"                          one's (0 past a tolerance of 100)\n"
"         makespan_max     makespan <= (1 + tol) x max(W, calls / A) x T\n"
"         makespan_min     makespan >= max(0, 1 - tol) x calls x T / L\n"
"         lag              max_lag_ms < 5 x (1 + tol) x C, C = max(1,\n"
"                          (min(pool, calls) + 1) / A): the loop thread\n"
"                          waits its turn when workers fill the CPUs\n"
"                       A run others left too little CPU to judge, or that\n"
"                       failed while they took a noticeable share, is\n"
"                       inconclusive: exit status 3, saying why\n"
"      --tolerance PCT  the margin for --check and --baseline, 0 to 1000\n"
"                       (default 25); above 100 the lower bounds\n"
"                       (makespan_min) are zero, not negative\n"
"      --save-baseline FILE  write this run's JSON with the metrics a\n"
"                       baseline keeps (with --repeat, the medians); on a\n"
"                       machine others disturbed, nothing is saved: exit 3\n"
"      --baseline FILE  compare with a saved baseline of the same calls, pool,\n"
"                       work and its parameters (iterations, keylen, digest\n"
"                       for pbkdf2) and scenario: a table of\n"
"                       makespan_per_wave, parallelism_per_lane,\n"
"                       mean_task_per_hash and max_lag_ms, each ok, better or\n"
"                       REGRESSED beyond the tolerance; a metric of zero, below\n"
"                       zero or not finite is a malformed baseline\n"
"      --retries N      with --check, --baseline or --save-baseline: measure\n"
"                       again, up to N more times (0 to 10, default 0), while\n"
"                       the machine was too busy to judge; one line on stderr\n"
"                       each time, after waiting for a quieter machine\n"
"      --retry-budget S with --retries: the seconds the whole command may take\n"
"                       (1 to 86400, default 45); no retry starts past it\n"
"      --junit FILE     write the checks and the baseline's metrics as a\n"
"                       JUnit XML report (with --check or --baseline)\n"
"\n"
"With --check or --baseline, text mode ends with one verdict line:\n"
"  poolviz: ok: 5 checks held, 4 metrics within 25%\n"
"  poolviz: FAIL: makespan_max; 1 metric regressed (makespan_per_wave +31%)\n"
"  poolviz: inconclusive: <why the machine could not judge>\n"
"  -h, --help           show this help and exit\n"
"  -V, --version        show poolviz's, libuv's and OpenSSL's versions\n"
"\n"
"Run 'poolviz sweep --help' for the sweep over pool sizes and call counts.\n"
"\n"
"exit status:\n"
"  0    the run completed and its output was written\n"
"  1    a check failed, a metric regressed, output was lost (a write\n"
"       error such as a full disk) or a run failed\n"
"  2    bad input: a usage error, nothing was run\n"
"  3    inconclusive: the machine was too busy to judge (or --save-baseline\n"
"       refused a disturbed machine); the output says why\n"
"  130  interrupted by SIGINT (Ctrl-C); 143: by SIGTERM. The first lets\n"
"       the running hashes finish (their lines still print); a second,\n"
"       or one during the blocking hash, ends poolviz at once\n"
"  141  the reader of stdout went away (as with | head -1)\n";

int
usage_print(FILE *f)
{
	size_t n, nw = work_count();
	const struct work_option *rows = work_options(&n);
	char text[2048], w[256];

	/* The synopsis: own options, the work's, own options again. */
	snprintf(text, sizeof(text), "[-c calls]\t[-p pool]\t[--work ");
	work_kind_list(w, sizeof(w), "|", "|");
	append(text, sizeof(text), w);
	append(text, sizeof(text), "]\t");
	for (size_t i = 0; i < n; i++) {
		synopsis_word(w, sizeof(w), &rows[i]);
		append(text, sizeof(text), w);
	}
	append(text, sizeof(text), "[--hash-ms N]\t[--no-sync]\t[--print-key]\t"
	    "[--scenario article|blocked|starve|offload]");
	wrap_words(f, "usage: poolviz ", 15, text, '\t');
	fputs(poolviz_tail_synopsis, f);

	/* --work, then each work's options. */
	snprintf(text, sizeof(text), "the pool work each call does, as Node's "
	    "would (default %s): ", work_kind_name((enum work_kind)0));
	works_like(text, sizeof(text));
	append(text, sizeof(text), "; the lines name its unit: ");
	works_units(text, sizeof(text));
	append(text, sizeof(text), ". Each takes only its own options below; "
	    "another work's is bad input");
	option_head(w, sizeof(w), 0, "--work", "W");
	wrap(f, w, HELP_COLUMN, text);
	for (size_t i = 0; i < n; i++)
		option_help(f, rows[i].short_name, rows[i].name, rows[i].arg,
		    rows[i].help);

	/* --hash-ms names each work's knob. */
	snprintf(text, sizeof(text), "pick the work's size so one unit takes "
	    "about N ms of CPU here (10 to 60000): ");
	for (size_t k = 0; k < nw; k++) {
		const struct work_help *h = work_help((enum work_kind)k);

		snprintf(w, sizeof(w), "%s%s%s%s%s for %s", k == 0 ? "" : ", ",
		    work_scale_option((enum work_kind)k), h->scale_note != NULL ?
		    " (" : "", h->scale_note != NULL ? h->scale_note : "",
		    h->scale_note != NULL ? ")" : "", work_kind_name((enum work_kind)k));
		append(text, sizeof(text), w);
	}
	append(text, sizeof(text), ", after a short calibration; not with "
	    "that option itself");
	option_head(w, sizeof(w), 0, "--hash-ms", "N");
	wrap(f, w, HELP_COLUMN, text);
	fputs(poolviz_no_sync, f);

	/* --print-key says what a work that makes no key shows. */
	snprintf(text, sizeof(text), "after each finished hash, a line "
	    "'Key: <hex>'");
	for (size_t k = 0; k < nw; k++) {
		const struct work_help *h = work_help((enum work_kind)k);

		if (h->print_key == NULL)
			continue;
		snprintf(w, sizeof(w), "; for %s ", work_kind_name((enum work_kind)k));
		append(text, sizeof(text), w);
		append(text, sizeof(text), h->print_key);
	}
	option_head(w, sizeof(w), 0, "--print-key", "");
	wrap(f, w, HELP_COLUMN, text);
	fputs(poolviz_rest, f);
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
"      --repeat N       runs per point, 1 to 100 (default 1): medians are shown\n";

static const char sweep_rest[] =
"      --format F       text (default): a table and the law it shows;\n"
"                       json: one document (schema 1); csv: one row per point;\n"
"                       markdown: the table and the law, for a CI summary\n"
"      --svg FILE       write makespan against pool size as an SVG plot; '-'\n"
"                       writes it to stdout (the text then goes to stderr)\n"
"  -h, --help           show this help and exit\n"
"\n"
"A sweep runs at most 10000 children (points x repeat). Progress goes to\n"
"stderr when it is a terminal. If a child fails, the sweep stops and names\n"
"the point and the first line of the child's stderr; nothing is printed.\n"
"\n"
"exit status:\n"
"  0    every point ran and the output was written\n"
"  1    a child failed, or output was lost\n"
"  2    bad input: nothing was run\n"
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
	snprintf(text, sizeof(text), "[-p pools]\t[-c calls]\t[--repeat N]\t");
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
