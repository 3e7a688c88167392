/* notes: the sentences under a chart, made from the record's numbers. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "render/fmt.h"
#include "render/notes.h"
#include "render/notes_machine.h"
#include "report/check.h"

/*
 * Notes. Each sentence holds a bounded number of numbers, so none comes
 * near NOTE_LEN; a cut one would still be NUL-terminated.
 */
struct notes {
	char (*v)[NOTE_LEN];
	size_t n;
};

static void note(struct notes *ns, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct notes *ns, const char *fmt, ...)
{
	va_list ap;

	if (ns->n == NOTES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(ns->v[ns->n++], NOTE_LEN, fmt, ap);
	va_end(ap);
}

/* Tenths of a ms, rounded up, so "within 0.1 ms" is never an understatement. */
static double
ceil_tenth(double ms)
{
	return ceil(ms * 10.0 - 1e-9) / 10.0;
}

static void
note_hashes(struct notes *ns, const struct record *r,
    const struct record_summary *s, uint64_t ran)
{
	unsigned ncpus = record_cpus(r);
	const char *cpus = fmt_plural(ncpus, "CPU", "CPUs");
	char ratio[96] = ".";

	if (r->config.calls == 0) {
		if (r->sync.ran)
			note(ns, "No async hashes were queued; the blocking "
			    "hash took %.1f ms on the main thread.",
			    s->sync_ms);
		else
			note(ns, "Nothing was hashed: no blocking hash and no "
			    "async hashes.");
		return;
	}
	if (ran == 0) {
		note(ns, "None of the %" PRIu64 " async %s ran.",
		    r->config.calls, fmt_plural(r->config.calls, "hash", "hashes"));
		return;
	}
	if (s->one_hash_ms > 0)
		snprintf(ratio, sizeof(ratio), ": each took on average %.1f "
		    "times %s.", s->mean_task_ms / s->one_hash_ms,
		    r->sync.ran ? "as long as the blocking hash" :
		    "the median hash's CPU time");
	note(ns, "%" PRIu64 " %s on a pool of %u %s %u %s%s", ran,
	    fmt_plural(ran, "hash", "hashes"), r->config.pool,
	    r->config.pool > ncpus ? "but only" : "with", ncpus, cpus, ratio);
}

/* Waves: more hashes than the pool has threads, so some queue. */
static void
note_waves(struct notes *ns, const struct record *r,
    const struct record_summary *s)
{
	unsigned ncpus = record_cpus(r);
	uint64_t lanes = record_lanes(&r->config, ncpus);
	double expect = check_expected_hashes(r, record_available(r));
	int64_t wait = 0;

	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0 &&
		    r->tasks[i].start_us - r->tasks[i].queued_us > wait)
			wait = r->tasks[i].start_us - r->tasks[i].queued_us;
	char about[32];

	/* Others may have left fewer CPUs than lanes: then N / A hashes. */
	if (expect > (double)s->expected_waves + 0.05)
		snprintf(about, sizeof(about), "%.1f", expect);
	else
		snprintf(about, sizeof(about), "%" PRIu64, s->expected_waves);
	note(ns, "With room for %" PRIu64 " at a time (pool %u, %u %s), "
	    "%" PRIu64 " hashes make %" PRIu64 " waves: expect about %s"
	    " times one hash. All were done after %.1f times (%.1f ms); the "
	    "longest wait in the queue was %.1f ms.", lanes, r->config.pool,
	    ncpus, fmt_plural(ncpus, "CPU", "CPUs"),
	    r->config.calls, s->expected_waves, about,
	    s->makespan_ms / s->one_hash_ms, s->makespan_ms, us_to_ms(wait));
}

static void
note_heartbeat(struct notes *ns, const struct record *r)
{
	const struct record_heartbeat *h = &r->heartbeat;
	int64_t a = h->gap_start_us, b = h->gap_start_us + h->max_gap_us;
	bool hashing = false;

	if (r->sync.ran && a < r->sync.end_us && r->sync.start_us < b)
		hashing = true;
	note(ns, "The heartbeat, due every %u ms, ticked %" PRIu64 " %s; its "
	    "longest gap was %.1f ms%s.", h->interval_ms, h->ticks,
	    fmt_plural(h->ticks, "time", "times"), us_to_ms(h->max_gap_us),
	    hashing ? ", while the main thread hashed" : "");
}

static void
note_probes(struct notes *ns, const struct record *r)
{
	char buf[NOTE_LEN] = "";
	size_t used = 0;
	int n;

	for (int k = 0; k < PROBE_COUNT; k++) {
		const struct record_probe *p = &r->probes[k];

		if (!p->ran)
			continue;
		n = snprintf(buf + used, sizeof(buf) - used, "%s%s %s %.1f ms",
		    used ? ", " : "", probe_name(p->kind),
		    p->status ? "failed after" : "took",
		    us_to_ms(p->done_us - p->start_us));
		if (n < 0 || (size_t)n >= sizeof(buf) - used)
			break;	/* cannot happen: three short clauses */
		used += (size_t)n;
	}
	if (used > 0)
		note(ns, "Probes on the loop: %s.", buf);
}

/*
 * What others, steal or a quota took, when it was noticeable: the
 * sentences of notes_machine.c, on this run's own load.
 */
static void
note_machine(struct notes *ns, const struct record *r)
{
	struct machine_facts f;
	struct machine_verdict v;
	char buf[NOTE_LEN];

	record_facts(r, &f);
	machine_verdict_of(&v, &f, &r->load, r->config.pool,
	    (unsigned)(r->config.calls < UINT32_MAX ? r->config.calls :
	    UINT32_MAX));
	if (machine_text_quota(buf, sizeof(buf), &f, &r->load, &v) > 0)
		note(ns, "%s", buf);
	if (machine_text_load(buf, sizeof(buf), &f, &r->load, &v) > 0)
		note(ns, "%s", buf);
}

/* Parallelism, against what the CPUs others left would allow. */
static void
note_parallelism(struct notes *ns, const struct record *r,
    const struct record_summary *s)
{
	double lanes = (double)record_lanes(&r->config, record_cpus(r));
	double avail = record_available(r);

	if ((double)r->config.calls < lanes)
		lanes = (double)r->config.calls;
	if (r->load.cpu_known && avail < lanes * 0.95 &&
	    r->load.other_cpus + r->load.steal_cpus > MACHINE_NOTICE_CPUS)
		note(ns, "Parallelism %.1f: that many hashes ran at once on "
		    "average, of the %.1f that the CPUs left to this run "
		    "allowed.", s->parallelism, avail);
	else
		note(ns, "Parallelism %.1f: that many hashes ran at once on "
		    "average.", s->parallelism);
}

size_t
notes_make(const struct record *r, char notes[NOTES_MAX][NOTE_LEN])
{
	struct notes ns = { notes, 0 };
	struct record_summary s;
	uint64_t ran = 0;

	record_summarize(r, &s);
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0)
			ran++;
	note_hashes(&ns, r, &s, ran);
	note_machine(&ns, r);
	if (ran > 0 && s.parallelism > 0)
		note_parallelism(&ns, r, &s);
	if (ran == r->config.calls && r->config.calls > r->config.pool &&
	    s.one_hash_ms > 0)
		note_waves(&ns, r, &s);
	if (ran > 0)
		note(&ns, "The loop delivered each result within %.1f ms of "
		    "its hash's end.", ceil_tenth(s.max_lag_ms));
	if (r->heartbeat.ran)
		note_heartbeat(&ns, r);
	note_probes(&ns, r);
	if (r->interrupted)
		note(&ns, "Interrupted: %" PRIu64 " of %" PRIu64 " %s ran.",
		    ran, r->config.calls,
		    fmt_plural(r->config.calls, "hash", "hashes"));
	return ns.n;
}
