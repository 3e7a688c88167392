/* render_text: one article line per record line, with an optional key line. */
#include <inttypes.h>
#include <stdio.h>

#include "render_text.h"

/* Whole milliseconds, truncated, as Date.now() - start reads in Node. */
int64_t
render_text_ms(int64_t us)
{
	return us / 1000;
}

/* Format line l into buf without a newline; returns snprintf's count. */
int
render_text_format(char *buf, size_t len, const struct record *r,
    const struct record_line *l)
{
	int64_t ms = render_text_ms(l->us);

	(void)r;
	switch (l->kind) {
	case LINE_SYNC_START:
		return snprintf(buf, len, "Start Synchronous Hash: %" PRId64 "ms", ms);
	case LINE_SYNC_END:
		return snprintf(buf, len, "End Synchronous Hash: %" PRId64 "ms", ms);
	case LINE_SCHEDULED:
		return snprintf(buf, len, "Scheduled all async tasks: %" PRId64 "ms", ms);
	case LINE_ASYNC_DONE:
		return snprintf(buf, len, "Async Hash %" PRIu32 " Done: %" PRId64 "ms",
		    l->id, ms);
	case LINE_HEARTBEAT_STALL:
	case LINE_PROBE_DONE:
		break;
	}
	return snprintf(buf, len, "?: %" PRId64 "ms", ms);
}

static int
put_key(FILE *f, const unsigned char *key, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	if (fputs("Key: ", f) == EOF)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (putc(hex[key[i] >> 4], f) == EOF ||
		    putc(hex[key[i] & 15], f) == EOF)
			return -1;
	return putc('\n', f) == EOF ? -1 : 0;
}

/* Write one line, and its key line when the run prints keys. */
int
render_text_line(FILE *f, const struct record *r, const struct record_line *l)
{
	char buf[256];
	const unsigned char *key = NULL;

	render_text_format(buf, sizeof(buf), r, l);
	if (fputs(buf, f) == EOF || putc('\n', f) == EOF)
		return -1;
	if (!r->config.print_key)
		return 0;
	if (l->kind == LINE_SYNC_END)
		key = r->sync_key;
	else if (l->kind == LINE_ASYNC_DONE)
		key = record_task_key(r, l->id);
	return key != NULL ? put_key(f, key, r->config.keylen) : 0;
}

int
render_text(FILE *f, const struct record *r)
{
	for (size_t i = 0; i < r->nlines; i++)
		if (render_text_line(f, r, &r->lines[i]) != 0)
			return -1;
	return 0;
}
