/* jsonw: writing JSON through jansson, whole or one object at a time. */
#ifndef POOLVIZ_JSONW_H
#define POOLVIZ_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

/*
 * Every document's layout. Reals: 15 significant digits (DBL_DIG) print
 * any value of up to 15 digits exactly as written, so 641.234 stays
 * 641.234 rather than jansson's default 17-digit 641.23400000000004.
 * Times have 3 decimals, so they stay exact below 10^12 ms, about 31 years.
 */
#define JSONW_FLAGS \
	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/*
 * Building jansson values: each setter records a failure in *bad and
 * carries on. jansson steals the value even when it fails (and a NULL
 * value is a failure), so nothing leaks and the caller checks once.
 */
void jsonw_set(json_t *o, const char *key, json_t *v, int *bad);
void jsonw_append(json_t *a, json_t *v, int *bad);
/* o when building it went well (bad is 0), else NULL, with o freed. */
json_t *jsonw_checked(json_t *o, int bad);
/* A record string of at most max (<= 256) bytes, cleaned to valid UTF-8. */
json_t *jsonw_string(const char *s, size_t max);
/* Write a whole document and a newline, and free it; 0, or -1 on any failure. */
int jsonw_dump(FILE *f, json_t *doc);

/*
 * A document written as it is walked: the writer opens and closes the
 * containers and writes the separators between members; jansson writes
 * every key and value, each indented to its depth. The bytes are those
 * jsonw_dump would write for the same document built whole.
 */
#define JSONW_DEPTH	8

struct jsonw {
	FILE *f;
	int depth;			/* containers open */
	char close[JSONW_DEPTH];	/* '}' or ']' for each */
	bool empty[JSONW_DEPTH];	/* no member written yet */
	int bad;			/* a write error or no memory */
	bool compact;			/* no layout at all: JSONW_COMPACT */
};

/* The compact layout: jansson's JSON_COMPACT, no newline or indent. */
#define JSONW_COMPACT \
	(JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

void jsonw_init(struct jsonw *w, FILE *f);
/* The same document in JSONW_COMPACT's layout, for the replay page. */
void jsonw_init_compact(struct jsonw *w, FILE *f);
/* Open an object or array: key names it inside an object, NULL in an array. */
void jsonw_object(struct jsonw *w, const char *key);
void jsonw_array(struct jsonw *w, const char *key);
/* One member, v written now and freed; a NULL v marks the writer bad. */
void jsonw_put(struct jsonw *w, const char *key, json_t *v);
void jsonw_close(struct jsonw *w);
/* After the last close: a newline; 0, or -1 if anything failed. */
int jsonw_end(struct jsonw *w);

#endif
