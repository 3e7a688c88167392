/* cli: one line per complaint, and an exit status that never hides lost output. */
#include <ctype.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "hooks.h"

/* One line on stderr, with anything unprintable the user gave replaced. */
void
cli_complain(const char *pre, const char *msg)
{
	fprintf(stderr, "poolviz: %s", pre);
	for (const char *p = msg; *p != '\0'; p++)
		fputc(iscntrl((unsigned char)*p) ? '?' : *p, stderr);
	fputc('\n', stderr);
}

/* Bad input: the complaint and where to read more; exit status 2. */
int
cli_usage_error(const char *msg, const char *help)
{
	char line[1024];

	snprintf(line, sizeof(line), "%s (see %s)", msg, help);
	cli_complain("", line);
	return PV_EXIT_USAGE;
}

/* Report what became of stdout; returns the exit status it calls for. */
int
cli_finish_output(struct output *out, int status)
{
	if (output_close(out) == 0)
		return status;
	if (output_reader_gone(out))
		return PV_EXIT_READER_GONE;
	fprintf(stderr, "poolviz: write error: %s\n", strerror(out->error));
	return PV_EXIT_FAIL;
}

/* A signal that stopped the run decides the status: 130 or 143. */
int
cli_signal_status(int signum, int status)
{
	if (signum == 0)
		return status;
	return signum == SIGTERM ? PV_EXIT_SIGTERM : PV_EXIT_SIGINT;
}

/*
 * The chart's width, height, colour and characters, from the terminal the
 * chart goes to (fd: stdout, or stderr when a file took stdout), the
 * environment (COLUMNS, NO_COLOR, TERM) and the locale. Its height is the
 * terminal's, so that the chart fits a screen; 0 (no limit) elsewhere.
 */
void
cli_choose_style(struct render_style *st, int fd, bool ascii)
{
	struct winsize ws;
	bool tty = fd >= 0 && isatty(fd), size = tty &&
	    ioctl(fd, TIOCGWINSZ, &ws) == 0;
	int cols = size ? ws.ws_col : 0;

	st->height = size ? ws.ws_row : 0;
	setlocale(LC_CTYPE, "");
	render_style_choose(st, tty, cols, getenv("COLUMNS"), getenv("NO_COLOR"),
	    getenv("TERM"), nl_langinfo(CODESET), ascii);
}

/* Progress through the runs on stderr, only where a person watches it. */
void
cli_progress(size_t i, size_t n, size_t warmup)
{
	if (n < 2 || !isatty(STDERR_FILENO))
		return;
	if (i < n)
		fprintf(stderr, "\rpoolviz: %s %zu of %zu\033[K", i < warmup ?
		    "warm-up" : "run", i < warmup ? i + 1 : i - warmup + 1,
		    i < warmup ? warmup : n - warmup);
	else
		fputs("\r\033[K", stderr);
}

/* The exit status a verdict stands for: 0, 1, or 3 for "too busy to judge". */
int
cli_verdict_status(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS:
		return PV_EXIT_OK;
	case VERDICT_FAIL:
		return PV_EXIT_FAIL;
	case VERDICT_INCONCLUSIVE:
		return PV_EXIT_INCONCLUSIVE;
	case VERDICT_NOT_JUDGED:	/* a check's, never a run's */
		return PV_EXIT_OK;
	case VERDICT_INTERRUPTED:	/* the signal's status replaces it */
		return PV_EXIT_INCONCLUSIVE;
	}
	return PV_EXIT_FAIL;
}

/*
 * --retries: one line on stderr, always (a CI log is where it matters),
 * saying why the measurement is made again.
 */
void
cli_retry(unsigned retry, unsigned retries, const struct report *spoiled,
    const struct measure_wait *w)
{
	char why[160] = "the machine was too busy to judge", seen[96] = "";

	if (spoiled->nreasons > 0)
		snprintf(why, sizeof(why), "%s",
		    spoiled->reasons[spoiled->nreasons - 1]);
	else
		report_machine_why(why, sizeof(why), spoiled);
	if (w->seen.cpu_known)
		snprintf(seen, sizeof(seen), "; others took %.1f CPUs in the "
		    "last window", w->seen.other_cpus + w->seen.steal_cpus);
	if (w->gave_up)
		fprintf(stderr, "poolviz: %s (%s): no retry %u of %u: waited "
		    "%.1f s for a quieter machine%s, and the retry budget of "
		    "%.0f s is spent\n", spoiled->verdict == VERDICT_INCONCLUSIVE ?
		    "inconclusive" : "disturbed", why, retry, retries,
		    w->waited_s, seen, w->budget_s);
	else
		fprintf(stderr, "poolviz: %s (%s): waited %.1f s for a quieter "
		    "machine%s; measuring again, retry %u of %u\n",
		    spoiled->verdict == VERDICT_INCONCLUSIVE ? "inconclusive" :
		    "disturbed", why, w->waited_s, seen, retry, retries);
}

/* --retries: the wait for a quieter machine begins; one line on stderr. */
void
cli_retry_wait(unsigned retry, unsigned retries, const struct report *spoiled,
    double max_s)
{
	fprintf(stderr, "poolviz: %s: waiting up to %.0f s for a quieter "
	    "machine before retry %u of %u\n", spoiled->verdict ==
	    VERDICT_INCONCLUSIVE ? "inconclusive" : "disturbed", max_s, retry,
	    retries);
}

/* The terminal's height in lines, or 24 when it will not say. */
int
cli_term_rows(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0)
		return ws.ws_row;
	return 24;
}

/*
 * --live is over: stop the drawing thread, which takes its frame away and
 * shows the cursor. With POOLVIZ_LIVE_COST set, say on stderr what the
 * drawing cost against the whole process's CPU time (BENCHMARKS.md).
 */
void
cli_live_done(struct render_live *view)
{
	struct rusage ru;
	double all;
	uint64_t frames;
	int64_t wall_us;

	if (view == NULL)
		return;
	render_live_stop(view);
	if (hooks_live_cost() &&
	    getrusage(RUSAGE_SELF, &ru) == 0) {
		all = (double)ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 +
		    (double)ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
		frames = render_live_frames(view, &wall_us);
		fprintf(stderr, "poolviz: live drawing used %.1f ms of %.1f ms "
		    "CPU (%.2f%%), %" PRIu64 " frames in %" PRId64 " ms\n",
		    render_live_cpu_us(view) / 1e3, all,
		    all > 0 ? 100 * render_live_cpu_us(view) / 1e3 / all : 0,
		    frames, wall_us / 1000);
	}
	render_live_free(view);
}
