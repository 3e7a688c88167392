/* doctor_rules: libuv's rules for the pool's size and the slow-I/O cap, by libuv version. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor/doctor_rules.h"

/* MAX_THREADPOOL_SIZE: 128, raised to 1024 in libuv 1.30.0. */
unsigned
doctor_max_pool(unsigned uv)
{
	return uv >= DOCTOR_UV(1, 30, 0) ? 1024 : 128;
}

/*
 * Since 1.52.0 init_threads() reads the variable with uv_os_getenv() into
 * a 16-byte buffer; a value that does not fit (16 bytes or more, with its
 * NUL) is UV_ENOBUFS, and the default stays. Before, getenv() and atoi().
 */
bool
doctor_reads_env_into_buffer(unsigned uv)
{
	return uv >= DOCTOR_UV(1, 52, 0);
}

/* uv_available_parallelism() (1.44) counts a cgroup quota since 1.49.0. */
bool
doctor_counts_quota(unsigned uv)
{
	return uv >= DOCTOR_UV(1, 49, 0);
}

/* ... and walks a cgroup v2 hierarchy's parents since 1.51.0. */
bool
doctor_counts_v2_hierarchy(unsigned uv)
{
	return uv >= DOCTOR_UV(1, 51, 0);
}

/* slow_work_thread_threshold(), (nthreads + 1) / 2, since 1.23.1. */
bool
doctor_has_dns_cap(unsigned uv)
{
	return uv >= DOCTOR_UV(1, 23, 1);
}

size_t
doctor_escape(char *out, size_t outlen, const char *s, size_t n)
{
	size_t o = 0;

	if (outlen == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char tmp[5];
		size_t len;

		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
			tmp[0] = (char)c;
			len = 1;
		} else
			len = (size_t)snprintf(tmp, sizeof(tmp), "\\x%02x", c);
		if (o + len >= outlen)
			break;
		memcpy(out + o, tmp, len);
		o += len;
	}
	out[o] = '\0';
	return o;
}

static void
pool_env(struct doctor_pool *p, unsigned uv, const char *env)
{
	memset(p, 0, sizeof(*p));
	p->max = doctor_max_pool(uv);
	p->source = DOCTOR_SOURCE_DEFAULT;
	p->size = DOCTOR_POOL_DEFAULT;
	if (env == NULL)
		return;
	p->env_set = true;
	p->env_bytes = strlen(env);
	p->env_truncated = p->env_bytes > DOCTOR_ENV_ECHO;
	doctor_escape(p->env_shown, sizeof(p->env_shown), env,
	    p->env_truncated ? DOCTOR_ENV_ECHO : p->env_bytes);
}

void
doctor_pool_from_env(struct doctor_pool *p, unsigned uv, const char *env)
{
	char *end;
	long l;

	pool_env(p, uv, env);
	if (env == NULL)
		return;
	if (doctor_reads_env_into_buffer(uv) && p->env_bytes >= 16) {
		p->source = DOCTOR_SOURCE_ENV_IGNORED;
		return;
	}
	p->source = DOCTOR_SOURCE_ENV;
	p->env_read = true;
	/*
	 * glibc's atoi() is (int)strtol(s, NULL, 10): blanks and a sign, then
	 * digits; past LONG_MAX it gives LONG_MAX, and the int keeps the low
	 * 32 bits. libuv stores that int in an unsigned int.
	 */
	errno = 0;
	l = strtol(env, &end, 10);
	p->atoi_overflow = errno == ERANGE || l > INT_MAX || l < INT_MIN;
	p->stored = (unsigned)((unsigned long)l & 0xffffffffUL);
	p->atoi = p->stored > (unsigned)INT_MAX ?
	    (long long)p->stored - 4294967296LL : (long long)p->stored;
	if (*end != '\0')
		doctor_escape(p->stop_at, sizeof(p->stop_at), end, 1);
	p->size = p->stored;
	if (p->size == 0) {
		p->zero_to_one = true;
		p->size = 1;
	}
	if (p->size > p->max) {
		p->clamped = true;
		p->size = p->max;
	}
}

void
doctor_pool_from_option(struct doctor_pool *p, unsigned uv, unsigned n,
    const char *env)
{
	pool_env(p, uv, env);
	p->source = DOCTOR_SOURCE_OPTION;
	p->size = n;
}

void
doctor_dns_cap(struct doctor_dns *d, unsigned uv, unsigned pool)
{
	d->capped = doctor_has_dns_cap(uv);
	d->cap = d->capped ? (pool + 1) / 2 : pool;
}

const char *
doctor_source_name(enum doctor_source s)
{
	switch (s) {
	case DOCTOR_SOURCE_DEFAULT:
		return "default";
	case DOCTOR_SOURCE_ENV:
		return "env";
	case DOCTOR_SOURCE_ENV_IGNORED:
		return "env_ignored";
	case DOCTOR_SOURCE_OPTION:
		return "option";
	}
	return "?";
}
