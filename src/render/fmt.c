/* fmt: milliseconds, hex, UTF-8, plurals, word wrap and a printf sink. */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/fmt.h"

static const char hexdigits[] = "0123456789abcdef";

int
fmt_ms3(char *buf, size_t len, int64_t us)
{
	/* The magnitude as unsigned, so INT64_MIN has one too. */
	uint64_t mag = us < 0 ? -(uint64_t)us : (uint64_t)us;

	return snprintf(buf, len, "%s%" PRIu64 ".%03" PRIu64, us < 0 ? "-" : "",
	    mag / 1000, mag % 1000);
}

double
fmt_round_us(double ms)
{
	return round(ms * 1000.0) / 1000.0;
}

#define FMT_BOUND	1e6

const char *
fmt_num3(char buf[32], double v)
{
	if (!isfinite(v)) {
		snprintf(buf, 32, "n/a");
		return buf;
	}
	snprintf(buf, 32, fabs(v) < FMT_BOUND ? "%.3f" : "%.3g", v);
	return buf;
}

const char *
fmt_pct(char buf[32], double pct, int decimals)
{
	if (!isfinite(pct))
		snprintf(buf, 32, "n/a");
	else if (fabs(pct) < FMT_BOUND)
		snprintf(buf, 32, "%+.*f%%", decimals, pct);
	else
		snprintf(buf, 32, "%+.3g%%", pct);
	return buf;
}

void
fmt_hex(char *buf, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = hexdigits[p[i] >> 4];
		buf[2 * i + 1] = hexdigits[p[i] & 15];
	}
	buf[2 * n] = '\0';
}

int
fmt_put_hex(FILE *f, const unsigned char *p, size_t n)
{
	char buf[2 * 64 + 1];
	size_t k;

	/* In pieces, so a key of any length needs no allocation. */
	for (size_t i = 0; i < n; i += k) {
		k = n - i < 64 ? n - i : 64;
		fmt_hex(buf, p + i, k);
		if (fwrite(buf, 1, 2 * k, f) != 2 * k) {
			explicit_bzero(buf, sizeof(buf));
			return -1;
		}
	}
	explicit_bzero(buf, sizeof(buf));	/* a key's hex: wiped like the key */
	return 0;
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
fmt_utf8_clean(char *dst, size_t dstlen, const char *src, size_t srclen)
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

const char *
fmt_plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/*
 * The length of the word at w, where a number and the word after it are
 * one ("653.0 ms", "2 CPUs"): a line never breaks between them.
 */
static size_t
nb_word(const char *w)
{
	size_t n = strcspn(w, " ");

	while (n > 0 && w[n] == ' ' && isdigit((unsigned char)w[n - 1]) &&
	    w[n + 1] != '\0' && w[n + 1] != ' ' &&
	    !isdigit((unsigned char)w[n + 1]))
		n += 1 + strcspn(w + n + 1, " ");
	return n;
}

size_t
fmt_wrap(const char **s, size_t width, const char **line)
{
	const char *p = *s, *w;
	size_t len = 0, word;

	while (*p == ' ')
		p++;
	*line = p;
	for (w = p; *w != '\0'; ) {
		word = nb_word(w);
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
fmt_vout(struct fmt_sink *s, const char *fmt, va_list ap)
{
	if (vfprintf(s->f, fmt, ap) < 0)
		s->bad = 1;
}

void
fmt_out(struct fmt_sink *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vout(s, fmt, ap);
	va_end(ap);
}
