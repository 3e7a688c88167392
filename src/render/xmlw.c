/* xmlw: numbers and text that SVG documents can hold as they are. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "render/xmlw.h"

/*
 * A coordinate with one decimal, from integer tenths: printf's %f would
 * follow LC_NUMERIC and could write a decimal comma. The magnitude is
 * bounded first (XMLW_NUM_MAX; NaN is 0): llround of a value past
 * long long's range is unspecified, and llabs(LLONG_MIN) overflows.
 */
#define XMLW_NUM_MAX	1e15

const char *
xmlw_num(char buf[32], double v)
{
	unsigned long long m;
	long long t;

	if (isnan(v))
		v = 0;
	else if (v > XMLW_NUM_MAX)
		v = XMLW_NUM_MAX;
	else if (v < -XMLW_NUM_MAX)
		v = -XMLW_NUM_MAX;
	t = llround(v * 10);
	m = t < 0 ? 0ULL - (unsigned long long)t : (unsigned long long)t;
	snprintf(buf, 32, "%s%llu.%llu", t < 0 ? "-" : "", m / 10, m % 10);
	return buf;
}

/*
 * Control characters, which XML 1.0 forbids even as references, are
 * replaced, except tab, CR and LF, which are written as references.
 */
int
xmlw_text(FILE *f, const char *str, size_t max)
{
	char clean[3 * 256 + 1];
	int bad = 0;

	if (max > 256)
		max = 256;
	fmt_utf8_clean(clean, sizeof(clean), str, max);
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

void
xmlw_sink_text(struct fmt_sink *s, const char *str, size_t max)
{
	if (xmlw_text(s->f, str, max) != 0)
		s->bad = 1;
}
