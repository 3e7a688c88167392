/* jsonw: jansson setters, whole documents, and documents written as walked. */
#include <string.h>

#include "render/fmt.h"
#include "render/jsonw.h"

void
jsonw_set(json_t *o, const char *key, json_t *v, int *bad)
{
	if (json_object_set_new(o, key, v) != 0)
		*bad = 1;
}

void
jsonw_append(json_t *a, json_t *v, int *bad)
{
	if (json_array_append_new(a, v) != 0)
		*bad = 1;
}

/* The caller checks once, after every setter has carried on. */
json_t *
jsonw_checked(json_t *o, int bad)
{
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
jsonw_string(const char *s, size_t max)
{
	char buf[3 * 256 + 1];

	if (max > 256)
		max = 256;
	fmt_utf8_clean(buf, sizeof(buf), s, max);
	return json_string(buf);
}

int
jsonw_dump(FILE *f, json_t *doc)
{
	int rc = -1;

	if (doc == NULL)
		return -1;
	if (json_dumpf(doc, f, JSONW_FLAGS) == 0 && putc('\n', f) != EOF)
		rc = 0;
	json_decref(doc);
	return rc;
}

/* --- written as walked ----------------------------------------------------- */

#define INDENT	2	/* JSON_INDENT(2) in JSONW_FLAGS */

static void
indent(struct jsonw *w, int depth)
{
	if (w->compact)
		return;
	if (putc('\n', w->f) == EOF)
		w->bad = 1;
	for (int i = 0; i < depth * INDENT; i++)
		if (putc(' ', w->f) == EOF)
			w->bad = 1;
}

struct reindent {
	struct jsonw *w;
	int depth;
};

/*
 * jansson lays out a value as if it were the whole document; nested at a
 * depth, each of its lines moves right by that depth's indent. A newline
 * in jansson's output is always layout: inside strings it is escaped.
 */
static int
reindent(const char *buf, size_t size, void *data)
{
	struct reindent *ri = data;
	const char *nl;
	size_t n;

	while (size > 0) {
		nl = memchr(buf, '\n', size);
		n = nl != NULL ? (size_t)(nl - buf) : size;
		if (fwrite(buf, 1, n, ri->w->f) != n)
			return -1;
		if (nl != NULL) {
			indent(ri->w, ri->depth);
			n++;
		}
		buf += n;
		size -= n;
	}
	return ri->w->bad ? -1 : 0;
}

static void
dump(struct jsonw *w, json_t *v)
{
	struct reindent ri = { w, w->depth };

	if (v == NULL)
		w->bad = 1;
	else if (json_dump_callback(v, reindent, &ri, (w->compact ?
	    JSONW_COMPACT : JSONW_FLAGS) | JSON_ENCODE_ANY) != 0)
		w->bad = 1;
	json_decref(v);
}

/* The separator before a member and its key, as jansson writes them. */
static void
member(struct jsonw *w, const char *key)
{
	if (w->depth == 0)
		return;
	if (!w->empty[w->depth - 1] && putc(',', w->f) == EOF)
		w->bad = 1;
	w->empty[w->depth - 1] = false;
	indent(w, w->depth);
	if (key != NULL) {
		dump(w, json_string(key));
		if (fputs(w->compact ? ":" : ": ", w->f) == EOF)
			w->bad = 1;
	}
}

static void
open_container(struct jsonw *w, const char *key, char open, char close)
{
	member(w, key);
	if (w->depth == JSONW_DEPTH) {	/* a caller's bug */
		w->bad = 1;
		return;
	}
	if (putc(open, w->f) == EOF)
		w->bad = 1;
	w->close[w->depth] = close;
	w->empty[w->depth] = true;
	w->depth++;
}

void
jsonw_init(struct jsonw *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
}

void
jsonw_init_compact(struct jsonw *w, FILE *f)
{
	jsonw_init(w, f);
	w->compact = true;
}

void
jsonw_object(struct jsonw *w, const char *key)
{
	open_container(w, key, '{', '}');
}

void
jsonw_array(struct jsonw *w, const char *key)
{
	open_container(w, key, '[', ']');
}

void
jsonw_put(struct jsonw *w, const char *key, json_t *v)
{
	member(w, key);
	dump(w, v);
}

/* An empty container closes on its line, "{}", as jansson writes it. */
void
jsonw_close(struct jsonw *w)
{
	if (w->depth == 0) {
		w->bad = 1;
		return;
	}
	w->depth--;
	if (!w->empty[w->depth])
		indent(w, w->depth);
	if (putc(w->close[w->depth], w->f) == EOF)
		w->bad = 1;
}

int
jsonw_end(struct jsonw *w)
{
	if (w->depth != 0 || putc('\n', w->f) == EOF)
		w->bad = 1;
	return w->bad ? -1 : 0;
}
