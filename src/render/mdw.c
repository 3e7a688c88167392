/* mdw: Markdown text escaped, and tables padded to their columns. */
#include <stdbool.h>
#include <string.h>

#include "render/mdw.h"

static bool
alnum(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
}

/*
 * Whether ch at p (after prev) could start markup, so needs a backslash:
 * always \ ` * [ ] | and ~; '_' only at a word's edge (within a word,
 * as in makespan_max, GFM never reads it as emphasis); '<' only where it
 * could open an HTML tag. So the source stays readable.
 */
static bool
special(unsigned char prev, const unsigned char *p)
{
	switch (*p) {
	case '\\': case '`': case '*': case '[': case ']': case '|': case '~':
		return true;
	case '_':
		return !alnum(prev) || !alnum(p[1]);
	case '<':
		return (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' &&
		    p[1] <= 'Z') || p[1] == '/' || p[1] == '!' || p[1] == '?';
	default:
		return false;
	}
}

/* The text as written: escaped, and how many columns it takes. */
static size_t
escape(char *out, size_t len, const char *text)
{
	size_t n = 0, cols = 0;
	unsigned char prev = ' ';

	for (const unsigned char *p = (const unsigned char *)text; *p != '\0' &&
	    n + 3 < len; p++) {
		unsigned char ch = *p < 0x20 || *p == 0x7f ? ' ' : *p;

		if (special(prev, p)) {
			out[n++] = '\\';
			cols++;
		}
		out[n++] = (char)ch;
		/* A UTF-8 continuation byte takes no column of its own. */
		cols += (ch & 0xc0) != 0x80;
		prev = ch;
	}
	out[n] = '\0';
	return cols;
}

void
mdw_text(struct fmt_sink *s, const char *text)
{
	char buf[2 * MDW_CELL + 4];

	/* Longer text goes in pieces, each escaped alike. */
	while (*text != '\0') {
		char piece[MDW_CELL];
		size_t k = strlen(text) < sizeof(piece) - 1 ? strlen(text) :
		    sizeof(piece) - 1;

		memcpy(piece, text, k);
		piece[k] = '\0';
		escape(buf, sizeof(buf), piece);
		fmt_out(s, "%s", buf);
		text += k;
	}
}

static void
pad(struct fmt_sink *s, size_t n, char ch)
{
	while (n-- > 0)
		fmt_out(s, "%c", ch);
}

void
mdw_table(struct fmt_sink *s, int ncols, const char *const *head,
    const char *align, size_t nrows, mdw_cell_fn cell, void *ctx)
{
	char raw[MDW_CELL], esc[2 * MDW_CELL + 4];
	size_t w[MDW_COLS], c;

	if (ncols > MDW_COLS)
		ncols = MDW_COLS;
	for (int k = 0; k < ncols; k++) {
		w[k] = escape(esc, sizeof(esc), head[k]);
		if (w[k] < 3)
			w[k] = 3;	/* the delimiter row's "---" */
	}
	for (size_t i = 0; i < nrows; i++)
		for (int k = 0; k < ncols; k++) {
			raw[0] = '\0';
			cell(ctx, i, k, raw, sizeof(raw));
			if ((c = escape(esc, sizeof(esc), raw)) > w[k])
				w[k] = c;
		}
	for (int k = 0; k < ncols; k++) {
		c = escape(esc, sizeof(esc), head[k]);
		fmt_out(s, "| ");
		if (align[k] == 'r')
			pad(s, w[k] - c, ' ');
		fmt_out(s, "%s ", esc);
		if (align[k] != 'r')
			pad(s, w[k] - c, ' ');
	}
	fmt_out(s, "|\n");
	for (int k = 0; k < ncols; k++) {
		fmt_out(s, "| ");
		pad(s, w[k] - 1, '-');
		fmt_out(s, "%c ", align[k] == 'r' ? ':' : '-');
	}
	fmt_out(s, "|\n");
	for (size_t i = 0; i < nrows; i++) {
		for (int k = 0; k < ncols; k++) {
			raw[0] = '\0';
			cell(ctx, i, k, raw, sizeof(raw));
			c = escape(esc, sizeof(esc), raw);
			fmt_out(s, "| ");
			if (align[k] == 'r')
				pad(s, w[k] - c, ' ');
			fmt_out(s, "%s ", esc);
			if (align[k] != 'r')
				pad(s, w[k] - c, ' ');
		}
		fmt_out(s, "|\n");
	}
}
