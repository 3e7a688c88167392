/* doctor_rules: libuv's rules for the pool's size and the slow-I/O cap, by libuv version. */
#ifndef POOLVIZ_DOCTOR_RULES_H
#define POOLVIZ_DOCTOR_RULES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A libuv version as uv_version() gives it: major << 16 | minor << 8 | patch.
 * Each rule below names the version that brought it, read from libuv's
 * src/threadpool.c, src/unix/linux.c and its ChangeLog.
 */
#define DOCTOR_UV(maj, min, pat)	((unsigned)((maj) << 16 | (min) << 8 | (pat)))

#define DOCTOR_ENV_ECHO		40	/* bytes of the value ever shown */
#define DOCTOR_POOL_DEFAULT	4	/* default_threads[4] */

/* Where the pool's size came from. */
enum doctor_source {
	DOCTOR_SOURCE_DEFAULT,		/* UV_THREADPOOL_SIZE unset */
	DOCTOR_SOURCE_ENV,		/* read from UV_THREADPOOL_SIZE */
	DOCTOR_SOURCE_ENV_IGNORED,	/* set, but too long to read (1.52+) */
	DOCTOR_SOURCE_OPTION,		/* --pool N: what N would do */
};

/* How libuv turned the environment's value into a size, step by step. */
struct doctor_pool {
	enum doctor_source source;
	unsigned size;			/* the threads the pool will get */
	bool env_set;
	size_t env_bytes;		/* the value's length */
	char env_shown[DOCTOR_ENV_ECHO * 4 + 1];	/* escaped, at most 40 bytes of it */
	bool env_truncated;		/* more than 40 bytes */
	bool env_read;			/* libuv parsed it (not ignored) */
	long long atoi;			/* what atoi() gave, as an int */
	bool atoi_overflow;		/* the digits did not fit: glibc's atoi wraps */
	unsigned stored;		/* atoi's int stored in libuv's unsigned nthreads */
	bool zero_to_one;		/* 0 means 1 */
	bool clamped;			/* over the maximum */
	unsigned max;			/* MAX_THREADPOOL_SIZE */
	char stop_at[8];		/* where atoi stopped, escaped; "" at the end */
};

/* The slow-I/O cap: getaddrinfo and getnameinfo may occupy this many workers. */
struct doctor_dns {
	bool capped;			/* libuv 1.23.1 and later */
	unsigned cap;			/* (n + 1) / 2, or n before the cap */
};

unsigned doctor_max_pool(unsigned uv);
bool doctor_reads_env_into_buffer(unsigned uv);	/* 1.52+: 16 bytes */
bool doctor_counts_quota(unsigned uv);		/* 1.49+ */
bool doctor_counts_v2_hierarchy(unsigned uv);	/* 1.51+ */
bool doctor_has_dns_cap(unsigned uv);		/* 1.23.1+ */

/* The pool's size for an environment value (NULL: unset), by libuv uv's rules. */
void doctor_pool_from_env(struct doctor_pool *p, unsigned uv, const char *env);
/* --pool N: what that size would do (N within 1..doctor_max_pool). */
void doctor_pool_from_option(struct doctor_pool *p, unsigned uv, unsigned n,
    const char *env);
void doctor_dns_cap(struct doctor_dns *d, unsigned uv, unsigned pool);

/* Bytes escaped for a terminal or JSON: printable ASCII but \ and ', else \xHH. */
size_t doctor_escape(char *out, size_t outlen, const char *s, size_t n);

const char *doctor_source_name(enum doctor_source s);

#endif
