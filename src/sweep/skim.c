/* skim: keep a streamed JSON document small by counting, not keeping, its big arrays. */
#include <stdlib.h>
#include <string.h>

#include "sweep/skim.h"

void
skim_init(struct skim *s, size_t max, size_t arrays_keep)
{
	memset(s, 0, sizeof(*s));
	s->max = max;
	s->arrays_keep = arrays_keep;
}

static void
keep(struct skim *s, char c)
{
	char *p;
	size_t cap;

	if (s->over)
		return;
	if (s->len >= s->max) {
		s->over = true;
		return;
	}
	if (s->len + 2 > s->cap) {	/* room for c and a NUL */
		cap = s->cap ? 2 * s->cap : 4096;
		if (cap > s->max + 1)
			cap = s->max + 1;
		if ((p = realloc(s->p, cap)) == NULL) {
			s->over = true;
			return;
		}
		s->p = p;
		s->cap = cap;
	}
	s->p[s->len++] = c;
}

/* A token starts an element of a top-level array: keep it, or leave it out. */
static void
element_starts(struct skim *s)
{
	s->elem_next = false;
	s->elems++;
	if (s->array_is_tasks)
		s->tasks++;
	if (s->cut || s->len >= s->arrays_keep) {
		s->cut = true;
		s->dropping = true;
		return;
	}
	if (s->elems > 1)
		keep(s, ',');
}

static void
out(struct skim *s, char c)
{
	if (!s->dropping)
		keep(s, c);
}

static void
string_char(struct skim *s, char c)
{
	out(s, c);
	if (s->esc)
		s->esc = false;
	else if (c == '\\')
		s->esc = true;
	else if (c == '"') {
		s->in_str = false;
		s->in_key = false;
		return;
	}
	if (s->in_key && s->keylen + 1 < sizeof(s->key))
		s->key[s->keylen++] = c;
}

static void
scan(struct skim *s, char c)
{
	if (s->in_str) {
		string_char(s, c);
		return;
	}
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		return;
	if (s->in_array && s->depth == 2) {
		if (c == ',') {
			s->elem_next = true;
			s->dropping = false;
			return;
		}
		if (c == ']') {
			s->dropping = false;
			s->in_array = false;
		} else if (s->elem_next)
			element_starts(s);
	}
	out(s, c);
	switch (c) {
	case '"':
		s->in_str = true;
		if (s->depth == 1 && s->expect_key) {
			s->in_key = true;
			s->keylen = 0;
			s->expect_key = false;
		}
		break;
	case '{':
	case '[':
		if (s->depth == 1 && c == '[' && !s->in_array) {
			s->key[s->keylen] = '\0';
			s->in_array = true;
			s->array_is_tasks = strcmp(s->key, "tasks") == 0;
			s->tasks_seen |= s->array_is_tasks;
			s->elems = 0;
			s->elem_next = true;
		}
		s->depth++;
		if (s->depth == 1)
			s->expect_key = true;
		break;
	case '}':
	case ']':
		s->depth--;
		break;
	case ',':
		if (s->depth == 1)
			s->expect_key = true;
		break;
	default:
		break;
	}
}

void
skim_feed(struct skim *s, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && !s->over; i++)
		scan(s, buf[i]);
}

const char *
skim_text(struct skim *s)
{
	if (s->p == NULL)
		return s->over ? NULL : "";
	s->p[s->len] = '\0';
	return s->p;
}

void
skim_free(struct skim *s)
{
	free(s->p);
	s->p = NULL;
	s->len = s->cap = 0;
}
