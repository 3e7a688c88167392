/* fmt: numbers and text as renderers print them, and a printf sink. */
#ifndef POOLVIZ_FMT_H
#define POOLVIZ_FMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* "1234.567": microseconds as milliseconds with three decimals, exactly. */
int fmt_ms3(char *buf, size_t len, int64_t us);
/* A millisecond value rounded to whole microseconds. */
double fmt_round_us(double ms);
/* Lowercase hex of n bytes; buf holds at least 2 * n + 1 bytes. */
void fmt_hex(char *buf, const unsigned char *p, size_t n);
/* n bytes as lowercase hex on f, no terminator; 0, or -1 on a write error. */
int fmt_put_hex(FILE *f, const unsigned char *p, size_t n);
/*
 * The first srclen bytes of src (or up to its NUL) as valid UTF-8: each
 * byte that does not start a well-formed sequence becomes U+FFFD. Returns
 * the length written, or -1 if dst was too small (dst is then cut short at
 * a character boundary, and still NUL-terminated). 3 * srclen + 1 always fits.
 */
int fmt_utf8_clean(char *dst, size_t dstlen, const char *src, size_t srclen);
/*
 * A number in a bounded width: three decimals below 1e6 in magnitude,
 * else three significant digits ("1e+308"), so that an absurd value in a
 * baseline cannot stretch a table. fmt_pct does the same for "+31.0%".
 */
const char *fmt_num3(char buf[32], double v);
const char *fmt_pct(char buf[32], double pct, int decimals);
/* one when n is 1, else many: "1 CPU", "2 CPUs". */
const char *fmt_plural(uint64_t n, const char *one, const char *many);
/*
 * The next line of at most width columns (width >= 1) from the words of
 * ASCII text *s: sets *line to its start and returns its length, and
 * moves *s past it; returns 0 when no words are left. A word longer than
 * width is cut. A number and the word after it stay on one line.
 */
size_t fmt_wrap(const char **s, size_t width, const char **line);

/*
 * A printf sink for renderers that write many pieces: a write error is
 * kept in bad for the end, so each piece need not be checked.
 */
struct fmt_sink {
	FILE *f;
	int bad;
};

void fmt_out(struct fmt_sink *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void fmt_vout(struct fmt_sink *s, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif
