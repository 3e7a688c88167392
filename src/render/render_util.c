/* render_util: helpers that the json, csv, timeline, svg and trace share. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render_json.h"
#include "render/render_util.h"

int
render_ms3(char *buf, size_t len, int64_t us)
{
	/* The magnitude as unsigned, so INT64_MIN has one too. */
	uint64_t mag = us < 0 ? -(uint64_t)us : (uint64_t)us;

	return snprintf(buf, len, "%s%" PRIu64 ".%03" PRIu64, us < 0 ? "-" : "",
	    mag / 1000, mag % 1000);
}

double
render_round_us(double ms)
{
	return round(ms * 1000.0) / 1000.0;
}

void
render_hex(char *buf, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = hex[p[i] >> 4];
		buf[2 * i + 1] = hex[p[i] & 15];
	}
	buf[2 * n] = '\0';
}

/* The length of the well-formed UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates and beyond U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

int
render_utf8_clean(char *dst, size_t dstlen, const char *src, size_t srclen)
{
	static const char repl[] = "\xef\xbf\xbd";	/* U+FFFD */
	const unsigned char *s = (const unsigned char *)src;
	size_t n = strnlen(src, srclen), i = 0, o = 0, len;
	const char *from;

	if (dstlen == 0)
		return -1;
	while (i < n) {
		len = utf8_seq(s + i, n - i);
		from = len ? src + i : repl;
		if (o + (len ? len : 3) >= dstlen) {
			dst[o] = '\0';
			return -1;
		}
		memcpy(dst + o, from, len ? len : 3);
		o += len ? len : 3;
		i += len ? len : 1;
	}
	dst[o] = '\0';
	return (int)o;
}

size_t
render_wrap(const char **s, size_t width, const char **line)
{
	const char *p = *s, *w;
	size_t len = 0, word;

	while (*p == ' ')
		p++;
	*line = p;
	for (w = p; *w != '\0'; ) {
		word = strcspn(w, " ");
		if (len == 0 && word > width) {	/* cut a long word */
			len = width;
			break;
		}
		if ((size_t)(w - p) + word > width)
			break;
		len = (size_t)(w - p) + word;
		for (w += word; *w == ' '; w++)
			;
	}
	*s = p + len;
	return len;
}

void
render_jset(json_t *o, const char *key, json_t *v, int *bad)
{
	if (json_object_set_new(o, key, v) != 0)
		*bad = 1;
}

void
render_jappend(json_t *a, json_t *v, int *bad)
{
	if (json_array_append_new(a, v) != 0)
		*bad = 1;
}

json_t *
render_jstring(const char *s, size_t max)
{
	char buf[3 * 256 + 1];

	if (max > 256)
		max = 256;
	render_utf8_clean(buf, sizeof(buf), s, max);
	return json_string(buf);
}

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

int64_t
chart_wait_end(const struct record_task *t)
{
	return t->worker != 0 ? t->start_us : t->done_us;
}

void
chart_init(struct chart *c, const struct record *r, double units)
{
	int64_t end = 1000;	/* an empty run still gets a 1 ms axis */

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < r->nlines; i++)
		end = max64(end, r->lines[i].us);
	if (r->sync.ran)
		end = max64(end, r->sync.end_us);
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];

		end = max64(end, max64(t->queued_us, t->done_us));
		if (t->worker != 0)
			end = max64(end, t->end_us);
		if (t->worker > c->workers)
			c->workers = t->worker;
	}
	if (r->heartbeat.ran) {
		end = max64(end, r->heartbeat.gap_start_us +
		    r->heartbeat.max_gap_us);
	}
	for (int k = 0; k < PROBE_COUNT; k++)
		if (r->probes[k].ran)
			end = max64(end, r->probes[k].done_us);
	c->end_us = end;
	c->units = units;
}

double
chart_x(const struct chart *c, int64_t us)
{
	return (double)us * c->units / (double)c->end_us;
}

int64_t
chart_tick_step(const struct chart *c, int max_ticks)
{
	static const int64_t mult[] = { 1, 2, 5 };

	if (max_ticks < 2)
		max_ticks = 2;
	for (int64_t p = 1; p <= INT64_MAX / 10; p *= 10)
		for (size_t i = 0; i < 3; i++)
			if (c->end_us / (mult[i] * p) + 1 <= max_ticks)
				return mult[i] * p;
	return INT64_MAX;
}

int
chart_tick_label(char *buf, size_t len, int64_t us, int64_t step)
{
	int64_t ms = us / 1000, frac = us % 1000;

	if (step % 1000 == 0)
		return snprintf(buf, len, "%" PRId64, ms);
	if (step % 100 == 0)
		return snprintf(buf, len, "%" PRId64 ".%01" PRId64, ms,
		    frac / 100);
	if (step % 10 == 0)
		return snprintf(buf, len, "%" PRId64 ".%02" PRId64, ms,
		    frac / 10);
	return snprintf(buf, len, "%" PRId64 ".%03" PRId64, ms, frac);
}

/*
 * Notes. Each sentence holds a bounded number of numbers, so none comes
 * near CHART_NOTE_LEN; a cut one would still be NUL-terminated.
 */
struct notes {
	char (*v)[CHART_NOTE_LEN];
	size_t n;
};

static void note(struct notes *ns, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct notes *ns, const char *fmt, ...)
{
	va_list ap;

	if (ns->n == CHART_NOTES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(ns->v[ns->n++], CHART_NOTE_LEN, fmt, ap);
	va_end(ap);
}

static const char *
plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Tenths of a ms, rounded up, so "within 0.1 ms" is never an understatement. */
static double
ceil_tenth(double ms)
{
	return ceil(ms * 10.0 - 1e-9) / 10.0;
}

static void
note_hashes(struct notes *ns, const struct record *r,
    const struct record_summary *s, uint64_t ran)
{
	const char *cpus = plural(r->machine.cpus, "CPU", "CPUs");
	char ratio[96] = ".";

	if (r->config.calls == 0) {
		if (r->sync.ran)
			note(ns, "No async hashes were queued; the blocking "
			    "hash took %.1f ms on the main thread.",
			    s->sync_ms);
		else
			note(ns, "Nothing was hashed: no blocking hash and no "
			    "async hashes.");
		return;
	}
	if (ran == 0) {
		note(ns, "None of the %" PRIu64 " async %s ran.",
		    r->config.calls, plural(r->config.calls, "hash", "hashes"));
		return;
	}
	if (s->one_hash_ms > 0)
		snprintf(ratio, sizeof(ratio), ": each took on average %.1f "
		    "times %s.", s->mean_task_ms / s->one_hash_ms,
		    r->sync.ran ? "as long as the blocking hash" :
		    "the median hash's CPU time");
	note(ns, "%" PRIu64 " %s on a pool of %u %s %u %s%s", ran,
	    plural(ran, "hash", "hashes"), r->config.pool,
	    r->config.pool > r->machine.cpus ? "but only" : "with",
	    r->machine.cpus, cpus, ratio);
}

/* Waves: more hashes than the pool has threads, so some queue. */
static void
note_waves(struct notes *ns, const struct record *r,
    const struct record_summary *s)
{
	uint64_t lanes = record_lanes(&r->config, r->machine.cpus);
	int64_t wait = 0;

	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0 &&
		    r->tasks[i].start_us - r->tasks[i].queued_us > wait)
			wait = r->tasks[i].start_us - r->tasks[i].queued_us;
	note(ns, "With room for %" PRIu64 " at a time (pool %u, %u %s), "
	    "%" PRIu64 " hashes make %" PRIu64 " waves: expect about %" PRIu64
	    " times one hash. All were done after %.1f times (%.1f ms); the "
	    "longest wait in the queue was %.1f ms.", lanes, r->config.pool,
	    r->machine.cpus, plural(r->machine.cpus, "CPU", "CPUs"),
	    r->config.calls, s->expected_waves, s->expected_waves,
	    s->makespan_ms / s->one_hash_ms, s->makespan_ms, us_to_ms(wait));
}

static void
note_heartbeat(struct notes *ns, const struct record *r)
{
	const struct record_heartbeat *h = &r->heartbeat;
	int64_t a = h->gap_start_us, b = h->gap_start_us + h->max_gap_us;
	bool hashing = false;

	if (r->sync.ran && a < r->sync.end_us && r->sync.start_us < b)
		hashing = true;
	note(ns, "The heartbeat, due every %u ms, ticked %" PRIu64 " %s; its "
	    "longest gap was %.1f ms%s.", h->interval_ms, h->ticks,
	    plural(h->ticks, "time", "times"), us_to_ms(h->max_gap_us),
	    hashing ? ", while the main thread hashed" : "");
}

static void
note_probes(struct notes *ns, const struct record *r)
{
	char buf[CHART_NOTE_LEN] = "";
	size_t used = 0;
	int n;

	for (int k = 0; k < PROBE_COUNT; k++) {
		const struct record_probe *p = &r->probes[k];

		if (!p->ran)
			continue;
		n = snprintf(buf + used, sizeof(buf) - used, "%s%s %s %.1f ms",
		    used ? ", " : "", probe_name(p->kind),
		    p->status ? "failed after" : "took",
		    us_to_ms(p->done_us - p->start_us));
		if (n < 0 || (size_t)n >= sizeof(buf) - used)
			break;	/* cannot happen: three short clauses */
		used += (size_t)n;
	}
	if (used > 0)
		note(ns, "Probes on the loop: %s.", buf);
}

size_t
chart_notes(const struct record *r, char notes[CHART_NOTES_MAX][CHART_NOTE_LEN])
{
	struct notes ns = { notes, 0 };
	struct record_summary s;
	uint64_t ran = 0;

	record_summarize(r, &s);
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0)
			ran++;
	note_hashes(&ns, r, &s, ran);
	if (ran > 0 && s.parallelism > 0)
		note(&ns, "Parallelism %.1f: that many hashes ran at once on "
		    "average.", s.parallelism);
	if (ran == r->config.calls && r->config.calls > r->config.pool &&
	    s.one_hash_ms > 0)
		note_waves(&ns, r, &s);
	if (ran > 0)
		note(&ns, "The loop delivered each result within %.1f ms of "
		    "its hash's end.", ceil_tenth(s.max_lag_ms));
	if (r->heartbeat.ran)
		note_heartbeat(&ns, r);
	note_probes(&ns, r);
	if (r->interrupted)
		note(&ns, "Interrupted: %" PRIu64 " of %" PRIu64 " %s ran.",
		    ran, r->config.calls,
		    plural(r->config.calls, "hash", "hashes"));
	return ns.n;
}

/*
 * A coordinate with one decimal, from integer tenths: printf's %f would
 * follow LC_NUMERIC and could write a decimal comma.
 */
const char *
render_svg_num(char buf[32], double v)
{
	long long t = llround(v * 10);

	snprintf(buf, 32, "%s%lld.%lld", t < 0 ? "-" : "", llabs(t) / 10,
	    llabs(t) % 10);
	return buf;
}

/*
 * Text for XML, from a string of at most max bytes: made valid UTF-8,
 * markup characters escaped, and control characters, which XML 1.0
 * forbids even as references, replaced, except tab, CR and LF.
 */
int
render_xml_text(FILE *f, const char *str, size_t max)
{
	char clean[3 * 256 + 1];
	int bad = 0;

	if (max > 256)
		max = 256;
	render_utf8_clean(clean, sizeof(clean), str, max);
	for (const char *p = clean; *p != '\0' && !bad; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '&')
			bad = fputs("&amp;", f) == EOF;
		else if (ch == '<')
			bad = fputs("&lt;", f) == EOF;
		else if (ch == '>')
			bad = fputs("&gt;", f) == EOF;
		else if (ch == '"')
			bad = fputs("&quot;", f) == EOF;
		else if (ch == '\'')
			bad = fputs("&apos;", f) == EOF;
		else if (ch == '\t' || ch == '\n' || ch == '\r')
			bad = fprintf(f, "&#%d;", ch) < 0;
		else if (ch < 0x20 || ch == 0x7f)
			bad = fputs("\xef\xbf\xbd", f) == EOF;
		else
			bad = putc(ch, f) == EOF;
	}
	return bad ? -1 : 0;
}

int
render_json_dump(FILE *f, json_t *doc)
{
	int rc = -1;

	if (doc == NULL)
		return -1;
	if (json_dumpf(doc, f, RENDER_JSON_FLAGS) == 0 && putc('\n', f) != EOF)
		rc = 0;
	json_decref(doc);
	return rc;
}
