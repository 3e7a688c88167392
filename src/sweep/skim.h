/* skim: a child's JSON as it streams in, its big top-level arrays counted, not kept. */
#ifndef POOLVIZ_SKIM_H
#define POOLVIZ_SKIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A sweep child's document holds a line and a task per call: 300,000
 * calls are about 100 MB of text, and jansson's tree of them five times
 * that. The parent needs the summary, the machine and the count of tasks,
 * so the text is skimmed as it arrives: whitespace outside strings is
 * dropped, and the elements of an array that is a member of the top-level
 * object are kept only while the kept text is under arrays_keep (a small
 * document is kept whole); past it they are counted and left out, with
 * the commas that would join them, so what is kept still parses. Past
 * max, nothing more is kept and over says so.
 */
#define SKIM_ARRAYS_KEEP	((size_t)256 << 10)
#define SKIM_MAX		((size_t)4 << 20)

struct skim {
	char *p;		/* the kept text, NUL-terminated once fed */
	size_t len, cap;
	size_t max, arrays_keep;
	bool over;		/* more than max to keep, or no memory */
	bool cut;		/* elements of a top-level array were left out */
	uint64_t tasks;		/* elements of the top-level "tasks" array */
	bool tasks_seen;	/* there was one */

	/* The scanner. */
	int depth;		/* 1: inside the top-level object */
	bool in_str, esc;
	bool expect_key;	/* at depth 1: the next string is a key */
	bool in_key;
	char key[16];		/* the last top-level key, cut */
	size_t keylen;
	bool in_array;		/* inside a top-level member array */
	bool array_is_tasks;
	uint64_t elems;		/* its elements so far */
	bool elem_next;		/* the next token starts an element */
	bool dropping;		/* inside an element left out */
};

void skim_init(struct skim *s, size_t max, size_t arrays_keep);
void skim_feed(struct skim *s, const char *buf, size_t n);
/* The kept text, NUL-terminated ("" when nothing was kept); NULL: no memory. */
const char *skim_text(struct skim *s);
void skim_free(struct skim *s);

#endif
