/* render_util: what renderers share: ms text, hex, UTF-8, the chart, notes. */
#ifndef POOLVIZ_RENDER_UTIL_H
#define POOLVIZ_RENDER_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/record.h"

/* "1234.567": microseconds as milliseconds with three decimals, exactly. */
int render_ms3(char *buf, size_t len, int64_t us);
/* A millisecond value rounded to whole microseconds. */
double render_round_us(double ms);
/* Lowercase hex of n bytes; buf holds at least 2 * n + 1 bytes. */
void render_hex(char *buf, const unsigned char *p, size_t n);
/*
 * The first srclen bytes of src (or up to its NUL) as valid UTF-8: each
 * byte that does not start a well-formed sequence becomes U+FFFD. Returns
 * the length written, or -1 if dst was too small (dst is then cut short at
 * a character boundary, and still NUL-terminated). 3 * srclen + 1 always fits.
 */
int render_utf8_clean(char *dst, size_t dstlen, const char *src,
    size_t srclen);

/*
 * Building jansson documents: each setter records a failure in *bad and
 * carries on. jansson steals the value even when it fails (and a NULL
 * value is a failure), so nothing leaks and the caller checks once.
 */
void render_jset(json_t *o, const char *key, json_t *v, int *bad);
void render_jappend(json_t *a, json_t *v, int *bad);
/*
 * SVG's pieces: a coordinate with one decimal whatever LC_NUMERIC says,
 * and text for XML (valid UTF-8, markup escaped, control characters that
 * XML 1.0 forbids replaced). render_xml_text returns -1 on a write error.
 */
const char *render_svg_num(char buf[32], double v);
int render_xml_text(FILE *f, const char *s, size_t max);
/* Write a JSON document and a newline, and free it; 0, or -1 on any failure. */
int render_json_dump(FILE *f, json_t *doc);

/* A record string of at most max (<= 256) bytes, cleaned to valid UTF-8. */
json_t *render_jstring(const char *s, size_t max);

/*
 * The next line of at most width columns (width >= 1) from the words of
 * ASCII text *s: sets *line to its start and returns its length, and
 * moves *s past it; returns 0 when no words are left. A word longer than
 * width is cut.
 */
size_t render_wrap(const char **s, size_t width, const char **line);

/*
 * The chart both the timeline and the SVG draw: time runs from the run's
 * zero to end_us, the latest time in the record (at least 1 ms), across
 * `units` columns or pixels.
 */
struct chart {
	int64_t end_us;
	double units;
	uint32_t workers;	/* the highest worker id: lanes 1..workers */
};

void chart_init(struct chart *c, const struct record *r, double units);
double chart_x(const struct chart *c, int64_t us);
/* The least step of 1, 2 or 5 times a power of ten us with <= max ticks. */
int64_t chart_tick_step(const struct chart *c, int max_ticks);
/* A tick's label in ms, with as many decimals as the step needs. */
int chart_tick_label(char *buf, size_t len, int64_t us, int64_t step);

/* When a task left the queue: its start, or when it was cancelled. */
int64_t chart_wait_end(const struct record_task *t);

/* Plain sentences about the record, true whatever its numbers. */
#define CHART_NOTES_MAX	8
#define CHART_NOTE_LEN	240
size_t chart_notes(const struct record *r,
    char notes[CHART_NOTES_MAX][CHART_NOTE_LEN]);

#endif
