/* doctor: gather what the pool will be here, and say why in sentences. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "doctor/doctor.h"

void
doctor_gather(struct doctor_report *r, unsigned uv, const char *uv_string,
    const char *env, unsigned option_pool, const char *root,
    unsigned parallelism)
{
	double usable;

	memset(r, 0, sizeof(*r));
	r->uv = uv;
	snprintf(r->uv_string, sizeof(r->uv_string), "%s", uv_string);
	if (option_pool != 0)
		doctor_pool_from_option(&r->pool, uv, option_pool, env);
	else
		doctor_pool_from_env(&r->pool, uv, env);
	doctor_dns_cap(&r->dns, uv, r->pool.size);
	machine_facts_read(&r->facts, root != NULL ? root : "");
	r->available_parallelism = parallelism;
	r->counts_quota = doctor_counts_quota(uv);

	usable = r->facts.usable_cpus;
	if (usable <= 0)
		r->fit = DOCTOR_FIT_UNKNOWN;
	else if (r->pool.size > ceil(usable - 1e-9))
		r->fit = DOCTOR_FIT_LARGER;
	else if (2.0 * r->pool.size <= usable)
		r->fit = DOCTOR_FIT_SMALLER;
	else
		r->fit = DOCTOR_FIT_OK;
}

/* "1.44" of "1.44.2". */
static void
short_version(char *buf, size_t len, unsigned uv)
{
	snprintf(buf, len, "%u.%u", uv >> 16 & 0xff, uv >> 8 & 0xff);
}

static const char *
threads(unsigned n)
{
	return n == 1 ? "thread" : "threads";
}

static void add(char *buf, size_t len, size_t *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Appends to buf at *at; a truncated sentence stays a terminated string. */
static void
add(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*at >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *at, len - *at, fmt, ap);
	va_end(ap);
	*at = n < 0 ? len : *at + (size_t)n;
}

void
doctor_why(char *buf, size_t len, const struct doctor_report *r)
{
	const struct doctor_pool *p = &r->pool;
	char v[16];
	size_t at = 0;

	short_version(v, sizeof(v), r->uv);
	buf[0] = '\0';
	if (p->env_set && p->source != DOCTOR_SOURCE_OPTION)
		add(buf, len, &at, "UV_THREADPOOL_SIZE='%s'%s", p->env_shown,
		    p->env_truncated ? "..." : "");
	if (p->env_set && (p->env_truncated || p->env_bytes == 0 ||
	    p->source == DOCTOR_SOURCE_ENV_IGNORED) &&
	    p->source != DOCTOR_SOURCE_OPTION)
		add(buf, len, &at, " (%zu bytes)", p->env_bytes);
	switch (p->source) {
	case DOCTOR_SOURCE_DEFAULT:
		add(buf, len, &at, "UV_THREADPOOL_SIZE is not set: libuv %s "
		    "uses its default: the pool will have %u threads", v,
		    p->size);
		return;
	case DOCTOR_SOURCE_ENV_IGNORED:
		add(buf, len, &at, ": libuv %s reads it with uv_os_getenv() "
		    "into a 16-byte buffer, which cannot hold it, so it is "
		    "ignored: the pool will have the default %u threads", v,
		    p->size);
		return;
	case DOCTOR_SOURCE_OPTION:
		add(buf, len, &at, "--pool %u: with UV_THREADPOOL_SIZE=%u the "
		    "pool would have %u %s", p->size, p->size, p->size,
		    threads(p->size));
		return;
	case DOCTOR_SOURCE_ENV:
		break;
	}
	add(buf, len, &at, ": libuv %s reads it with %satoi(), which gives "
	    "%lld", v, doctor_reads_env_into_buffer(r->uv) ?
	    "uv_os_getenv() and " : "", p->atoi);
	if (p->atoi_overflow)
		add(buf, len, &at, " (the number does not fit an int: glibc's "
		    "atoi() keeps the low 32 bits of strtol()'s result)");
	else if (p->stop_at[0] != '\0' && p->atoi != 0)
		add(buf, len, &at, " (it stops at '%s')", p->stop_at);
	if (p->atoi < 0)
		add(buf, len, &at, "; stored in an unsigned int, that is %u",
		    p->stored);
	if (p->zero_to_one)
		add(buf, len, &at, ", and 0 means 1");
	if (p->clamped)
		add(buf, len, &at, ", over the maximum of %u, so %u", p->max,
		    p->max);
	add(buf, len, &at, ": the pool will have %u %s", p->size,
	    threads(p->size));
}

void
doctor_warning(char *buf, size_t len, const struct doctor_report *r)
{
	const struct machine_facts *f = &r->facts;
	char cpus[32];
	const char *whose;

	buf[0] = '\0';
	snprintf(cpus, sizeof(cpus), "%.4g CPU%s", f->usable_cpus,
	    f->usable_cpus == 1 ? "" : "s");
	whose = f->quota.limited && f->quota.cpus <= f->cpus.count ?
	    "the cgroup quota allows" : "the affinity mask allows";
	switch (r->fit) {
	case DOCTOR_FIT_OK:
	case DOCTOR_FIT_UNKNOWN:
		return;
	case DOCTOR_FIT_LARGER:
		snprintf(buf, len, "the pool (%u %s) is larger than the %s "
		    "%s: CPU-bound pool work takes turns on them, so more "
		    "threads only add waiting", r->pool.size,
		    threads(r->pool.size), cpus, whose);
		return;
	case DOCTOR_FIT_SMALLER:
		snprintf(buf, len, "the pool (%u %s) is much smaller than the "
		    "%s %s: CPU-bound pool work leaves CPUs idle",
		    r->pool.size, threads(r->pool.size), cpus, whose);
		return;
	}
}
