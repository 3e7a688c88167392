/* testutil: what every cmocka test file includes, in the order cmocka wants. */
#ifndef POOLVIZ_TESTUTIL_H
#define POOLVIZ_TESTUTIL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

/* cmocka 1.1 has no assert_double_equal. */
#define assert_near(a, b, eps) do {					\
	double a_ = (a), b_ = (b);					\
	if (!(fabs(a_ - b_) <= (eps)))					\
		fail_msg("%s = %.9g, expected %.9g (within %g)", #a,	\
		    a_, b_, (double)(eps));				\
} while (0)

#ifndef TESTS_DIR
#define TESTS_DIR "tests"
#endif

/* Read a whole file into a NUL-terminated buffer the caller frees. */
static inline char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = (len + 4096 + 1) * 2;
			buf = realloc(buf, cap);
			if (buf == NULL) {
				fclose(f);
				return NULL;
			}
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/*
 * Render into memory with fn(FILE *, ctx) and compare with a golden file.
 * POOLVIZ_UPDATE_GOLDEN=1 rewrites the golden file instead.
 */
static inline void
assert_golden(const char *golden, const char *got)
{
	char path[512];
	char *want;

	snprintf(path, sizeof(path), "%s/golden/%s", TESTS_DIR, golden);
	if (getenv("POOLVIZ_UPDATE_GOLDEN") != NULL) {
		FILE *f = fopen(path, "wb");

		assert_non_null(f);
		fputs(got, f);
		assert_int_equal(fclose(f), 0);
	}
	want = slurp(path);
	if (want == NULL)
		fail_msg("missing golden file %s", path);
	assert_string_equal(got, want);
	free(want);
}

/* True when a command is on PATH. */
static inline bool
have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* Feed text to a command's stdin; its exit status. */
static inline int
pipe_to(const char *cmd, const char *text)
{
	FILE *p = popen(cmd, "w");

	assert_non_null(p);
	fputs(text, p);
	return pclose(p);
}

#endif
