/* sweep_grid: parse lists such as 1,2,4-6 and check the grid's size. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "sweep/sweep.h"
#include "sweep/sweep_grid.h"

#define EXPECTED "(expected values such as 1,2,4, a range such as 1-8, or both)"

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/*
 * One number of the list. A list that is one plain number gets exactly
 * the message the single-run option gives; otherwise the message names
 * the list and the item.
 */
static int
number(const char *opt, const char *list, const char *item, uint64_t min,
    uint64_t max, uint64_t *out, char *err, size_t errlen)
{
	char ctx[320];

	if (strcmp(item, list) == 0)
		return argv_parse_u64(opt, item, min, max, out, err, errlen);
	snprintf(ctx, sizeof(ctx), "%s '%s': item", opt, list);
	return argv_parse_u64(ctx, item, min, max, out, err, errlen);
}

/* One item, "N" or "LO-HI", as the range [*lo, *hi]. */
static int
item(const char *opt, const char *list, char *it, uint64_t min, uint64_t max,
    uint64_t *lo, uint64_t *hi, char *err, size_t errlen)
{
	char *dash = strchr(it, '-'), *second;

	if (dash == NULL) {
		if (number(opt, list, it, min, max, lo, err, errlen) != 0)
			return -1;
		*hi = *lo;
		return 0;
	}
	*dash = '\0';
	second = dash + 1;
	if (*it == '\0' || *second == '\0' || strchr(second, '-') != NULL) {
		*dash = '-';
		snprintf(err, errlen, "%s '%s': item '%s' is neither a number "
		    "nor a low-high range " EXPECTED, opt, list, it);
		return -1;
	}
	if (number(opt, list, it, min, max, lo, err, errlen) != 0 ||
	    number(opt, list, second, min, max, hi, err, errlen) != 0)
		return -1;
	*dash = '-';
	if (*lo > *hi) {
		snprintf(err, errlen, "%s '%s': range '%s' runs downwards "
		    "(expected low-high, such as %" PRIu64 "-%" PRIu64 ")", opt,
		    list, it, *hi, *lo);
		return -1;
	}
	return 0;
}

/*
 * A list of values in [min, max]: items "N" or "LO-HI", separated by
 * commas, nothing else. The values come out ascending, each once, at most
 * SWEEP_RUNS_MAX of them; *out is the caller's to free.
 */
int
sweep_list_parse(const char *opt, const char *s, uint64_t min, uint64_t max,
    uint64_t **out, size_t *nout, char *err, size_t errlen)
{
	uint64_t *v = NULL, lo, hi;
	size_t n = 0, len;
	const char *p = s;
	char *it = NULL;

	*out = NULL;
	*nout = 0;
	if (*s == '\0') {
		snprintf(err, errlen, "%s '': empty list " EXPECTED, opt);
		return -1;
	}
	if ((v = calloc(SWEEP_RUNS_MAX, sizeof(*v))) == NULL) {
		snprintf(err, errlen, "%s: cannot allocate memory", opt);
		return -1;
	}
	for (;;) {
		len = strcspn(p, ",");
		if (len == 0) {
			snprintf(err, errlen, "%s '%s': empty item " EXPECTED,
			    opt, s);
			goto fail;
		}
		if ((it = strndup(p, len)) == NULL) {
			snprintf(err, errlen, "%s: cannot allocate memory", opt);
			goto fail;
		}
		if (item(opt, s, it, min, max, &lo, &hi, err, errlen) != 0)
			goto fail;
		if (hi - lo >= SWEEP_RUNS_MAX - n) {
			snprintf(err, errlen, "%s '%s': more than %d values "
			    "(expected at most %d)", opt, s, SWEEP_RUNS_MAX,
			    SWEEP_RUNS_MAX);
			goto fail;
		}
		for (uint64_t x = lo; ; x++) {
			v[n++] = x;
			if (x == hi)
				break;
		}
		free(it);
		it = NULL;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	for (size_t i = 1; i < n; i++)
		if (v[i] == v[i - 1]) {
			snprintf(err, errlen, "%s '%s': %" PRIu64 " appears twice "
			    "(expected each value once)", opt, s, v[i]);
			goto fail;
		}
	*out = v;
	*nout = n;
	return 0;

fail:
	free(it);
	free(v);
	return -1;
}

/* Refuse a sweep of more than SWEEP_RUNS_MAX children. */
int
sweep_grid_check(size_t npools, size_t ncalls, uint64_t repeat, char *err,
    size_t errlen)
{
	uint64_t runs = (uint64_t)npools * ncalls * repeat;

	if (runs <= SWEEP_RUNS_MAX)
		return 0;
	snprintf(err, errlen, "the sweep is too large: %zu pool %s x %zu call "
	    "%s x %" PRIu64 " %s each = %" PRIu64 " runs (expected at most %d)",
	    npools, npools == 1 ? "size" : "sizes", ncalls,
	    ncalls == 1 ? "count" : "counts", repeat,
	    repeat == 1 ? "run" : "runs", runs, SWEEP_RUNS_MAX);
	return -1;
}
