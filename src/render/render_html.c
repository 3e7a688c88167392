/* render_html: the replay page, its template's markers filled from the record. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "render/fmt.h"
#include "render/notes.h"
#include "render/render_html.h"
#include "report/report.h"
#include "render/render_json.h"
#include "render/render_svg.h"
#include "render/xmlw.h"

/* html_page, html_css, html_js: src/render/html/, by scripts/embed.sh. */
#include "html_assets.h"

#define LESSON_LEN	600

/* The bytes without their trailing newlines, then one newline. */
static int
put_trimmed(FILE *f, const unsigned char *b, size_t n)
{
	while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r'))
		n--;
	return fwrite(b, 1, n, f) == n && putc('\n', f) != EOF ? 0 : -1;
}

/* Text for HTML: markup escaped; s is valid UTF-8 (fmt_utf8_clean's). */
static int
put_text(FILE *f, const char *s)
{
	int bad = 0;

	for (; *s != '\0' && !bad; s++)
		switch (*s) {
		case '&': bad = fputs("&amp;", f) == EOF; break;
		case '<': bad = fputs("&lt;", f) == EOF; break;
		case '>': bad = fputs("&gt;", f) == EOF; break;
		case '"': bad = fputs("&quot;", f) == EOF; break;
		case '\'': bad = fputs("&#39;", f) == EOF; break;
		default: bad = putc(*s, f) == EOF; break;
		}
	return bad ? -1 : 0;
}

/* One <p> a note, then the lesson's, as the text output ends with it. */
static int
put_notes(FILE *f, const struct record *r)
{
	char notes[NOTES_MAX][NOTE_LEN], lesson[LESSON_LEN];
	char clean[3 * LESSON_LEN + 1];
	size_t n = notes_make(r, notes);
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		bad |= fputs("<p>", f) == EOF;
		bad |= xmlw_text(f, notes[i], NOTE_LEN) != 0;
		bad |= fputs("</p>\n", f) == EOF;
	}
	if (notes_lesson(r, lesson, sizeof(lesson)) > 0) {
		fmt_utf8_clean(clean, sizeof(clean), lesson, sizeof(lesson));
		bad |= fputs("<p class=\"lesson\">", f) == EOF;
		bad |= put_text(f, clean) != 0;
		bad |= fputs("</p>\n", f) == EOF;
	}
	return bad ? -1 : 0;
}

/*
 * The --format json document inside <script>: the characters that could
 * end the element or start markup (< > &) and the two line terminators
 * old JavaScript rejects (U+2028, U+2029) as \u escapes, which are only
 * ever inside JSON strings, where they mean the same.
 */
static int
put_json(FILE *f, const struct record *r)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *m;
	int rc = -1;

	if ((m = open_memstream(&buf, &len)) == NULL)
		return -1;
	if (render_json_compact(m, r) != 0) {
		fclose(m);
		goto out;
	}
	if (fclose(m) != 0)
		goto out;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '<' || c == '>' || c == '&') {
			if (fprintf(f, "\\u%04x", c) < 0)
				goto out;
		} else if (c == 0xe2 && i + 2 < len &&
		    (unsigned char)buf[i + 1] == 0x80 &&
		    ((unsigned char)buf[i + 2] == 0xa8 ||
		    (unsigned char)buf[i + 2] == 0xa9)) {
			if (fputs((unsigned char)buf[i + 2] == 0xa8 ?
			    "\\u2028" : "\\u2029", f) == EOF)
				goto out;
			i += 2;
		} else if (putc(c, f) == EOF)
			goto out;
	}
	rc = putc('\n', f) == EOF ? -1 : 0;
out:
	free(buf);
	return rc;
}

/* A template line that is exactly a marker gets its content, else -2. */
static int
marker(FILE *f, const char *line, size_t n, const struct record *r,
    size_t run, size_t of)
{
#define IS(m)	(n == sizeof(m) - 1 && memcmp(line, m, n) == 0)
	if (IS("@@TITLE@@"))
		return render_svg_title(f, r, run, of) != 0 ||
		    putc('\n', f) == EOF ? -1 : 0;
	if (IS("@@CSS@@"))
		return put_trimmed(f, html_css, html_css_len);
	if (IS("@@JS@@"))
		return put_trimmed(f, html_js, html_js_len);
	if (IS("@@SVG@@"))
		return render_svg_page(f, r, run, of);
	if (IS("@@NOTES@@"))
		return put_notes(f, r);
	if (IS("@@RUN_JSON@@"))
		return put_json(f, r);
#undef IS
	return -2;
}

int
render_html(FILE *f, const struct record *r, size_t run, size_t of)
{
	const char *p = (const char *)html_page, *end = p + html_page_len;
	int rc = 0;

	while (p < end && rc == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);

		if ((rc = marker(f, p, n, r, run, of)) == -2)
			rc = fwrite(p, 1, n, f) == n &&
			    (nl == NULL || putc('\n', f) != EOF) ? 0 : -1;
		p += n + (nl != NULL);
	}
	return rc != 0 || ferror(f) ? -1 : 0;
}

int
render_html_output(FILE *f, const struct report *rp,
    const struct render_style *st)
{
	(void)st;
	if (rp->with_runs && rp->runs_requested > 1)
		return render_html(f, report_shown(rp), rp->nruns,
		    rp->runs_requested);
	return render_html(f, report_shown(rp), 0, 0);
}
