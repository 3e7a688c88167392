/* jansson_oom: a renderer under jansson allocations that fail at each point. */
#ifndef POOLVIZ_JANSSON_OOM_H
#define POOLVIZ_JANSSON_OOM_H

#include <jansson.h>

#include "core/record.h"

static int jansson_oom_budget;

static void *
jansson_oom_malloc(size_t n)
{
	return jansson_oom_budget-- > 0 ? malloc(n) : NULL;
}

/*
 * With jansson's allocations failing at each point in turn, render
 * returns -1 and frees what it took (ASan and valgrind watch the frees);
 * with enough memory it succeeds. A failure while dumping may leave part
 * of the document written, as a write error would.
 */
static inline void
assert_jansson_oom_clean(int (*render)(FILE *, const struct record *),
    const struct record *r)
{
	char *out;
	size_t len;
	FILE *f;
	int rc = -1, n;

	for (n = 0; n < 100000 && rc != 0; n++) {
		out = NULL;
		f = open_memstream(&out, &len);
		assert_non_null(f);
		jansson_oom_budget = n;
		json_set_alloc_funcs(jansson_oom_malloc, free);
		rc = render(f, r);
		json_set_alloc_funcs(malloc, free);
		assert_int_equal(fclose(f), 0);
		assert_true(rc == 0 || rc == -1);
		free(out);
	}
	assert_int_equal(rc, 0);
	assert_true(n > 10);
}

#endif
