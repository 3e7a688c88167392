/* notes_machine: the sentences that say what the machine gave a run. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "core/record.h"
#include "render/notes_machine.h"

/* The work's unit, one or many; pbkdf2's where none is named. */
static const char *
unit(const struct record_work *w, bool many)
{
	if (w == NULL || w->noun[0] == '\0' || w->nouns[0] == '\0')
		return many ? "hashes" : "hash";
	return many ? w->nouns : w->noun;
}

/* A caller's buffer, filled piece by piece; over notes a truncation. */
struct textbuf {
	char *p;
	size_t len, used;
	bool over;
};

static void add(struct textbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add(struct textbuf *b, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (b->over)
		return;
	va_start(ap, fmt);
	w = vsnprintf(b->p + b->used, b->len - b->used, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= b->len - b->used)
		b->over = true;
	else
		b->used += (size_t)w;
}

static int
done(struct textbuf *b)
{
	if (b->over) {
		b->p[0] = '\0';
		return -1;
	}
	return (int)b->used;
}

/* "CPU" after a number that prints as 1.0, else "CPUs". */
static const char *
cpus_word(double x)
{
	return lround(x * 10) == 10 ? "CPU" : "CPUs";
}

static int
begin(struct textbuf *b, char *buf, size_t len)
{
	b->p = buf;
	b->len = len;
	b->used = 0;
	b->over = false;
	if (len == 0)
		return -1;
	buf[0] = '\0';
	return 0;
}

/* "Other processes used 1.0 [and the hypervisor stole 0.3] of the 2 CPUs" */
static void
add_who(struct textbuf *b, const struct machine_facts *f,
    const struct machine_load *l, bool opens)
{
	int n = f->cpus.count;
	bool other = l->other_cpus >= 0.05, steal = l->steal_cpus >= 0.05;

	if (other && steal)
		add(b, "%cther processes used %.1f and the hypervisor stole %.1f",
		    opens ? 'O' : 'o', l->other_cpus, l->steal_cpus);
	else if (steal)
		add(b, "%che hypervisor stole %.1f", opens ? 'T' : 't',
		    l->steal_cpus);
	else
		add(b, "%cther processes used %.1f", opens ? 'O' : 'o',
		    l->other_cpus);
	/* A set's load is the median over its runs (stats_load_of). */
	add(b, " of the %d %s during %s", n, n == 1 ? "CPU" : "CPUs",
	    l->runs > 1 ? "these runs" : "this run");
}

/*
 * "Other processes used 1.0 of the 2 CPUs during this run, so the hashes
 * had about 1.0 of the 2.0 CPUs they could use: machine factor 2.0, so
 * expect each hash to take about 2.0 times one hash." The hashes slow
 * down by the machine factor, lanes / available, where lanes is what
 * they could use.
 */
int
machine_text_load(char *buf, size_t len, const struct machine_facts *f,
    const struct machine_load *l, const struct busy_verdict *v,
    const struct record_work *w)
{
	struct textbuf b;
	double avail, factor;

	if (begin(&b, buf, len) < 0)
		return -1;
	if (!l->cpu_known || !v->disturbed)
		return 0;
	avail = l->available_cpus;
	add_who(&b, f, l, true);
	if (avail >= v->lanes * 0.95) {
		add(&b, ", but the %s still had the %.1f %s they could use.",
		    unit(w, true), v->lanes, cpus_word(v->lanes));
		return done(&b);
	}
	if (avail < 0.05) {
		add(&b, ", so the %s had almost no CPU: expect them to take"
		    " far longer.", unit(w, true));
		return done(&b);
	}
	/*
	 * The base is stated: one hash (T, its CPU time), as in the
	 * sentence on what each hash took, and the machine factor by name.
	 */
	factor = v->lanes / avail;
	add(&b, ", so the %s had about %.1f of the %.1f %s they could "
	    "use: machine factor %.1f, so expect each %s to take ",
	    unit(w, true), avail, v->lanes, cpus_word(v->lanes), factor,
	    unit(w, false));
	if (factor > 10)
		add(&b, "more than ten times one %s.", unit(w, false));
	else
		add(&b, "about %.1f times one %s.", factor, unit(w, false));
	return done(&b);
}

/*
 * "A CPU quota of 1.0 CPU (cgroup v1) held this process to one CPU: it
 * was throttled for 1.2 s." Said only when the quota set the lanes.
 */
int
machine_text_quota(char *buf, size_t len, const struct machine_facts *f,
    const struct machine_load *l, const struct busy_verdict *v)
{
	struct textbuf b;
	double q = f->quota.cpus;

	if (begin(&b, buf, len) < 0)
		return -1;
	if (!f->quota.limited || !v->quota_binds)
		return 0;
	add(&b, "A CPU quota of %.1f %s (%s) held this process to ", q,
	    cpus_word(q), machine_cgroup_name(f->quota.cgroup));
	if (lround(q * 10) == 10)
		add(&b, "one CPU");
	else
		add(&b, "%.1f %s", q, cpus_word(q));
	if (l != NULL && l->throttled_known && l->throttled_ms >= 1000)
		add(&b, ": it was throttled for %.1f s.", l->throttled_ms / 1e3);
	else if (l != NULL && l->throttled_known && l->throttled_ms >= 1)
		add(&b, ": it was throttled for %.0f ms.", l->throttled_ms);
	else
		add(&b, ".");
	return done(&b);
}

/*
 * "The machine was too busy to judge: other processes used 1.3
 * of the 2 CPUs during this run, leaving 0.70 CPUs where the hashes
 * could use 2.0 (a verdict needs at least 0.80)." The two figures the
 * rule compares are printed at its precision (busy.h), so they compare
 * as it did.
 */
int
machine_text_too_busy(char *buf, size_t len, const struct machine_facts *f,
    const struct machine_load *l, const struct busy_verdict *v,
    const struct record_work *w)
{
	struct textbuf b;
	double need = busy_cpus(v->lanes * BUSY_JUDGE_SHARE);
	double a = busy_cpus(l->available_cpus);

	if (begin(&b, buf, len) < 0)
		return -1;
	if (!l->cpu_known || !v->too_busy)
		return 0;
	add(&b, "The machine was too busy to judge: ");
	add_who(&b, f, l, false);
	add(&b, ", leaving %.*f %s where the %s could use %.1f"
	    " (a verdict needs at least %.*f).", BUSY_DIGITS, a,
	    cpus_word(a), unit(w, true), v->lanes, BUSY_DIGITS, need);
	return done(&b);
}
