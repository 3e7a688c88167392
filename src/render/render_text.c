/* render_text: one article line per record line, with an optional key line. */
#include <inttypes.h>
#include <stdio.h>

#include <uv.h>

#include "render/fmt.h"
#include "render/render_text.h"

/* Whole milliseconds, truncated, as Date.now() - start reads in Node. */
int64_t
render_text_ms(int64_t us)
{
	return us / 1000;
}

/*
 * "File probe done: 1290ms (latency 640.2ms, through the pool)". Latency
 * keeps a decimal: the TCP probe's is well under a millisecond.
 */
static int
probe_line(char *buf, size_t len, const struct record *r,
    const struct record_line *l)
{
	static const char *const what[] = { "File", "DNS", "TCP" };
	static const char *const via[] = { "the pool", "the pool", "epoll" };
	unsigned k = l->id < PROBE_COUNT ? l->id : 0;
	int status = r->probes[k].status;

	if (status != 0)
		return snprintf(buf, len, "%s probe failed: %" PRId64 "ms (%s)",
		    what[k], render_text_ms(l->us), uv_strerror(status));
	return snprintf(buf, len, "%s probe done: %" PRId64 "ms (latency %.1fms, "
	    "through %s)", what[k], render_text_ms(l->us),
	    us_to_ms(r->probes[k].done_us - r->probes[k].start_us),
	    via[k]);
}

static bool
task_failed(const struct record *r, uint32_t id)
{
	return id != 0 && id <= r->ntasks && r->tasks[id - 1].status != 0;
}

/* Format line l into buf without a newline; returns snprintf's count. */
int
render_text_format(char *buf, size_t len, const struct record *r,
    const struct record_line *l)
{
	int64_t ms = render_text_ms(l->us), waited;
	/* The work's noun: "Hash" for the article's pbkdf2. */
	const char *unit = r->config.work.unit[0] != '\0' ? r->config.work.unit :
	    "Hash";

	switch (l->kind) {
	case LINE_SYNC_START:
		return snprintf(buf, len, "Start Synchronous %s: %" PRId64 "ms",
		    unit, ms);
	case LINE_SYNC_END:
		/* The blocked scenario's main thread may run several. */
		if (r->heartbeat.block_hashes > 1)
			return snprintf(buf, len, "End Synchronous %s: %" PRId64
			    "ms (%" PRIu64 " %s on the main thread)", unit, ms,
			    r->heartbeat.block_hashes,
			    record_unit(r, r->heartbeat.block_hashes));
		return snprintf(buf, len, "End Synchronous %s: %" PRId64 "ms",
		    unit, ms);
	case LINE_OFFLOAD_START:
		return snprintf(buf, len, "Start Worker Thread %s: %" PRId64 "ms",
		    unit, ms);
	case LINE_OFFLOAD_DONE:
		if (r->offload.failed)
			return snprintf(buf, len, "Worker Thread %s failed: %"
			    PRId64 "ms", unit, ms);
		return snprintf(buf, len, "Worker Thread %s Done: %" PRId64 "ms "
		    "(%" PRIu64 " %s, ended %" PRId64 "ms earlier, main thread "
		    "free)", unit, ms, r->offload.units,
		    record_unit(r, r->offload.units),
		    render_text_ms(r->offload.done_us - r->offload.end_us));
	case LINE_SCHEDULED:
		return snprintf(buf, len, "Scheduled all async tasks: %" PRId64 "ms", ms);
	case LINE_ASYNC_DONE:
		/* The dns scenario's tasks are lookups and reads, not hashes. */
		switch (record_task_kind(r, l->id)) {
		case TASK_DNS:
			unit = "Lookup";
			break;
		case TASK_FS:
			unit = "File Read";
			break;
		case TASK_WORK:
			break;
		}
		/* A unit that failed (its memory, its library) is not done. */
		if (task_failed(r, l->id))
			return snprintf(buf, len, "Async %s %" PRIu32 " failed: %"
			    PRId64 "ms", unit, l->id, ms);
		if ((waited = record_task_waited(r, l->id)) > 0)
			return snprintf(buf, len, "Async %s %" PRIu32 " Done: %"
			    PRId64 "ms (finished %" PRId64 "ms earlier, waited "
			    "for the main thread)", unit, l->id, ms,
			    render_text_ms(waited));
		return snprintf(buf, len, "Async %s %" PRIu32 " Done: %" PRId64
		    "ms", unit, l->id, ms);
	case LINE_HEARTBEAT_STALL:
		if (r->offload.ran)
			return snprintf(buf, len, "Heartbeat longest gap: %"
			    PRId64 "ms", render_text_ms(r->heartbeat.stall_us));
		return snprintf(buf, len, "Heartbeat stalled: %" PRId64 "ms",
		    render_text_ms(r->heartbeat.stall_us));
	case LINE_PROBE_DONE:
		return probe_line(buf, len, r, l);
	}
	return snprintf(buf, len, "?: %" PRId64 "ms", ms);
}

static int
put_key(FILE *f, const unsigned char *key, size_t len)
{
	if (fputs("Key: ", f) == EOF || fmt_put_hex(f, key, len) != 0)
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
	else if (l->kind == LINE_ASYNC_DONE && !task_failed(r, l->id))
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
