/* run_sink: where a run's article lines, its stopping line and --live's frames go. */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "render/render_text.h"
#include "run_sink.h"

static int
line(void *arg, const struct record *r, const struct record_line *l)
{
	struct run_sink *s = arg;
	int rc;

	if (!s->lines)
		return 0;
	char *text = NULL;
	size_t len = 0;
	FILE *m;

	if (s->view == NULL)
		return output_note(s->out, render_text_line(s->out->f, r, l));
	/* The view keeps the line too, to write it again after a resize. */
	if ((m = open_memstream(&text, &len)) == NULL)
		return output_note(s->out, -1);
	rc = render_text_line(m, r, l);
	if (fclose(m) != 0)
		rc = -1;
	render_live_hold(s->view);
	if (rc == 0 && fwrite(text, 1, len, s->out->f) != len)
		rc = -1;
	rc = output_note(s->out, rc);
	/* With a frame below, the line must be out before the frame is back. */
	if (rc == 0) {
		rc = output_flush(s->out);
		render_live_said(s->view, text, len);
	}
	render_live_release(s->view);
	free(text);
	return rc;
}

static int
flush(void *arg)
{
	struct run_sink *s = arg;

	return s->lines ? output_flush(s->out) : 0;
}

/* "hashes", "deflates": the work's unit, lower case, plural unless one. */
static void
noun(char *buf, size_t len, const char *unit, size_t n)
{
	size_t i, u = strlen(unit);
	const char *end = "";

	if (n != 1)
		end = u > 0 && strchr("hsx", unit[u - 1]) != NULL ? "es" : "s";
	for (i = 0; i + 1 < len && unit[i] != '\0'; i++)
		buf[i] = (char)tolower((unsigned char)unit[i]);
	buf[i] = '\0';
	strncat(buf, end, len - i - 1);
}

/*
 * The first signal, seen on the loop. On a terminal, say what the wait is
 * for: the ^C echo left the cursor mid-line, so begin on a new one (the
 * live frame's erasing takes the echo away with it).
 */
static void
stopping(void *arg, const struct record *r, size_t running)
{
	struct run_sink *s = arg;
	char unit[40];

	if (!isatty(STDERR_FILENO))
		return;
	if (s->out != NULL && s->out->f != NULL)
		fflush(s->out->f);
	if (s->view != NULL)
		render_live_hold(s->view);
	else if (r->signal == SIGINT)
		fputc('\n', stderr);	/* after the terminal's ^C */
	if (running > 0) {
		noun(unit, sizeof(unit), r->config.work.unit, running);
		fprintf(stderr, "poolviz: stopping: waiting for %zu running %s "
		    "(Ctrl-C again to quit now)\n", running, unit);
	}
	fflush(stderr);
	s->fresh = true;
	if (s->view != NULL)
		render_live_release(s->view);
}

struct experiment_sink
run_sink_make(struct run_sink *s, struct live *lv)
{
	return (struct experiment_sink){ .line = line, .flush = flush,
	    .arg = s, .stopping = stopping, .live = lv };
}
