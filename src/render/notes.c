/* notes: the sentences under a chart, made from the record's numbers. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "render/fmt.h"
#include "render/notes.h"
#include "render/notes_machine.h"
#include "report/busy.h"
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
	char ratio[160] = ".";

	if (r->config.calls == 0) {
		if (r->sync.ran)
			note(ns, "No async %s were queued; the blocking "
			    "%s took %.1f ms on the main thread.",
			    record_unit(r, 2), record_unit(r, 1), s->sync_ms);
		else
			note(ns, "Nothing ran: no blocking %s and no async "
			    "%s.", record_unit(r, 1), record_unit(r, 2));
		return;
	}
	if (ran == 0) {
		note(ns, "None of the %" PRIu64 " async %s ran.",
		    r->config.calls, record_unit(r, r->config.calls));
		return;
	}
	/*
	 * Like with like: one worker hash against one main-thread hash (its
	 * CPU time over the units it ran); with none, a hash's wall time
	 * against its CPU time, said only when they differ.
	 */
	if (r->sync.ran && s->mean_task_ms > 0) {
		double one = s->one_hash_ms;

		if (one > 0)
			snprintf(ratio, sizeof(ratio), ": each took on average "
			    "%.1f ms on its worker, %.1f times one %s on the "
			    "main thread (%.1f ms of CPU).", s->mean_task_ms,
			    s->mean_task_ms / one, record_unit(r, 1), one);
	} else if (s->one_hash_ms > 0 && s->mean_task_ms / s->one_hash_ms >=
	    1.2)
		snprintf(ratio, sizeof(ratio), ": each took on average %.1f ms, "
		    "%.1f times its CPU time, taking turns on the CPUs.",
		    s->mean_task_ms, s->mean_task_ms / s->one_hash_ms);
	else if (s->mean_task_ms > 0)
		snprintf(ratio, sizeof(ratio), ": each took on average %.1f ms.",
		    s->mean_task_ms);
	note(ns, "%" PRIu64 " %s on a pool of %u %s %u %s%s", ran,
	    record_unit(r, ran), r->config.pool,
	    r->config.pool > ncpus ? "but only" : "with", ncpus, cpus, ratio);
}

static double slowdown(const struct machine_facts *f,
    const struct machine_load *l, unsigned pool, unsigned calls,
    const char *verb, char *who, size_t len);

/*
 * --hash-ms sized the work from one unit's CPU time, which differs from
 * run to run: the chosen size, given again, repeats the same work. Where
 * others held this run's units back by more than a tenth, the wall time
 * that CPU time became, at the machine factor of the note after the run.
 */
static void
note_hash_ms(struct notes *ns, const struct record *r)
{
	struct machine_facts f;
	unsigned calls = r->config.calls < UINT32_MAX ?
	    (unsigned)r->config.calls : UINT32_MAX;
	double factor;
	char who[160];

	record_facts(r, &f);
	factor = slowdown(&f, &r->load, r->config.pool, calls, "used", who,
	    sizeof(who));
	if (factor > NOTES_WALL_FACTOR && !isinf(factor)) {
		note(ns, "--hash-ms %" PRIu64 " chose %s: about %" PRIu64 " ms "
		    "of CPU time for each %s; %s, machine factor %.1f: about "
		    "%.0f ms of wall time each. Give %s to do the same work "
		    "again.", r->config.hash_ms, r->config.work.scale,
		    r->config.hash_ms, record_unit(r, 1), who, factor,
		    (double)r->config.hash_ms * factor, r->config.work.scale);
		return;
	}
	note(ns, "--hash-ms %" PRIu64 " chose %s: about %" PRIu64 " ms of CPU "
	    "time for each %s, more wall time when others share the CPUs. "
	    "Give %s to do the same work again.", r->config.hash_ms,
	    r->config.work.scale, r->config.hash_ms, record_unit(r, 1),
	    r->config.work.scale);
}

/*
 * Waves: more hashes than the pool has threads, so some queue. The
 * prediction is the summary's: waves x T, scaled once for the CPUs others
 * left and once for what a pooled hash cost against T. The sentence says
 * each factor of it.
 */
static void
note_waves(struct notes *ns, const struct record *r,
    const struct record_summary *s)
{
	unsigned ncpus = record_cpus(r);
	uint64_t lanes = record_lanes(&r->config, ncpus);
	double quiet = (double)s->expected_waves * s->one_hash_ms;
	double avail = record_available(r);
	bool spread = record_expected_units(r, avail) >
	    (double)s->expected_waves;
	unsigned all = r->machine.cpus;
	char load[256] = "", uneven[128] = "", lead[320];
	int64_t wait = 0;

	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0 &&
		    r->tasks[i].start_us - r->tasks[i].queued_us > wait)
			wait = r->tasks[i].start_us - r->tasks[i].queued_us;
	/*
	 * Others may have left fewer CPUs than lanes: then N / A hashes. The
	 * pool's hashes may each have cost more CPU time than T, or less.
	 */
	if (s->unit_factor != 1)
		snprintf(uneven, sizeof(uneven), "each pooled %s took %.1f ms "
		    "of CPU, %.2f times the main thread's", record_unit(r, 1),
		    s->one_hash_ms * s->unit_factor, s->unit_factor);
	if (spread)
		snprintf(load, sizeof(load), "; others left %.1f of %u %s%s%s, "
		    "so about %.1f ms", avail, all, fmt_plural(all, "CPU",
		    "CPUs"), uneven[0] ? " and " : "", uneven, s->predicted_ms);
	else if (uneven[0])
		snprintf(load, sizeof(load), "; %s, so about %.1f ms", uneven,
		    s->predicted_ms);
	/*
	 * A pool wider than the CPUs: the chart draws the pool's waves, each
	 * worker's hashes slowed by sharing a CPU; the time is the CPUs'
	 * waves. Say both, each by its name.
	 */
	if (lanes < r->config.pool) {
		uint64_t drawn = (r->config.calls + r->config.pool - 1) /
		    r->config.pool;

		snprintf(lead, sizeof(lead), "%" PRIu64 " %s on a pool of %u "
		    "make %" PRIu64 " %s, as the chart draws them, but %u %s "
		    "%s only %" PRIu64 " at a time, so they take as long as %"
		    PRIu64 " waves of one %s", r->config.calls,
		    record_unit(r, r->config.calls), r->config.pool, drawn,
		    drawn == 1 ? "wave" : "waves", ncpus,
		    fmt_plural(ncpus, "CPU", "CPUs"),
		    fmt_plural(ncpus, "runs", "run"), lanes,
		    s->expected_waves, record_unit(r, 1));
	} else
		snprintf(lead, sizeof(lead), "With room for %" PRIu64 " at a "
		    "time (pool %u, %u %s), %" PRIu64 " %s make %" PRIu64
		    " waves", lanes, r->config.pool, ncpus,
		    fmt_plural(ncpus, "CPU", "CPUs"), r->config.calls,
		    record_unit(r, r->config.calls), s->expected_waves);
	note(ns, "%s: expect about %" PRIu64 " x %.1f ms = %.1f ms on a quiet "
	    "machine%s. All were done after %.1f ms; the longest wait in the "
	    "queue was %.1f ms.", lead, s->expected_waves, s->one_hash_ms,
	    quiet, load, s->makespan_ms, us_to_ms(wait));
}

static void
note_heartbeat(struct notes *ns, const struct record *r)
{
	const struct record_heartbeat *h = &r->heartbeat;
	int64_t a = h->gap_start_us, b = h->gap_start_us + h->max_gap_us;
	bool working = false;

	if (r->sync.ran && a < r->sync.end_us && r->sync.start_us < b)
		working = true;
	note(ns, "The heartbeat, due every %u ms, ticked %" PRIu64 " %s; its "
	    "longest gap was %.1f ms%s%s.", h->interval_ms, h->ticks,
	    fmt_plural(h->ticks, "time", "times"), us_to_ms(h->max_gap_us),
	    working ? ", while the main thread was " : "",
	    working ? record_unit_doing(r) : "");
}

static void
note_offload(struct notes *ns, const struct record *r)
{
	const struct record_offload *o = &r->offload;

	note(ns, "The worker thread ran %" PRIu64 " %s from %.1f to %.1f ms "
	    "(%.1f ms of CPU); the loop heard of it %.1f ms later, through "
	    "uv_async_send.", o->units, record_unit(r, o->units),
	    us_to_ms(o->start_us), us_to_ms(o->end_us), us_to_ms(o->cpu_us),
	    ceil_tenth(us_to_ms(o->done_us - o->end_us)));
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

/* The sentences of notes_machine.c, on this run's own load. */
size_t
notes_machine(const struct record *r, char out[2][NOTE_LEN],
    bool *disturbed)
{
	struct machine_facts f;
	struct busy_verdict v;
	size_t n = 0;

	record_facts(r, &f);
	busy_verdict_of(&v, &f, &r->load, r->config.pool,
	    (unsigned)(r->config.calls < UINT32_MAX ? r->config.calls :
	    UINT32_MAX));
	*disturbed = v.disturbed;
	if (machine_text_quota(out[n], NOTE_LEN, &f, &r->load, &v) > 0)
		n++;
	if (machine_text_load(out[n], NOTE_LEN, &f, &r->load, &v,
	    &r->config.work) > 0)
		n++;
	return n;
}

/* What others, steal or a quota took, when it was noticeable. */
static void
note_machine(struct notes *ns, const struct record *r)
{
	char s[2][NOTE_LEN];
	bool disturbed;
	size_t n = notes_machine(r, s, &disturbed);

	for (size_t i = 0; i < n; i++)
		note(ns, "%s", s[i]);
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
	    r->load.other_cpus + r->load.steal_cpus > BUSY_NOTICE_CPUS)
		note(ns, "Parallelism %.1f: that many %s ran at once on "
		    "average, of the %.1f that the CPUs left to this run "
		    "allowed.", s->parallelism, record_unit(r, 2), avail);
	else
		note(ns, "Parallelism %.1f: that many %s ran at once on "
		    "average.", s->parallelism, record_unit(r, 2));
}

/*
 * Parallelism below 1: less than one hash at a time, which "that many
 * hashes ran at once" would not explain. Why, as far as the run knows:
 * others took the CPUs, a quota throttled it, or it waited for a CPU.
 */
static void
note_under_one(struct notes *ns, const struct record *r,
    const struct record_summary *s, uint64_t ran)
{
	char unused[2][NOTE_LEN];
	bool disturbed;
	char waited[80];
	const char *why = waited;

	snprintf(waited, sizeof(waited), "the %s waited for a CPU part of "
	    "the time", record_unit(r, 2));
	notes_machine(r, unused, &disturbed);
	if (disturbed)
		why = "the CPUs were busy elsewhere";
	else if (r->machine.quota_limited && r->load.throttled_known &&
	    r->load.throttled_ms > 0)
		why = "a CPU quota held this process back";
	if (ran == 1)
		note(ns, "Parallelism %.1f: the one %s ran on a CPU for "
		    "%.0f%% of its time; %s.", s->parallelism,
		    record_unit(r, 1), s->parallelism * 100, why);
	else
		note(ns, "Parallelism %.1f: less than one %s at a time on "
		    "average; %s.", s->parallelism, record_unit(r, 1), why);
}

/* The dns scenario: how the requests were slowed, and what ran at once. */
static size_t
notes_io(struct notes *ns, const struct record *r)
{
	struct record_io_summary s;

	record_io_summarize(r, &s);
	note(ns, "Each lookup was slowed by %" PRIu32 " ms and each file read "
	    "by %" PRIu32 " ms on its worker: poolviz's own getaddrinfo() and "
	    "pread64() wait that long, then call the C library's.",
	    r->io.lookup_ms, r->io.read_ms);
	note(ns, "At most %u %s ran at once (libuv's cap for a pool of %u: "
	    "(n + 1) / 2 = %u), with up to %u file %s beside them.",
	    s.max_dns, fmt_plural(s.max_dns, "lookup", "lookups"),
	    r->config.pool, s.dns_cap, s.fs_at_max_dns,
	    fmt_plural(s.fs_at_max_dns, "read", "reads"));
	if (r->interrupted)
		note(ns, "Interrupted: requests still queued were not run.");
	return ns->n;
}

size_t
notes_make(const struct record *r, char notes[NOTES_MAX][NOTE_LEN])
{
	struct notes ns = { notes, 0 };
	struct record_summary s;
	uint64_t ran = 0;

	if (r->io.ran)
		return notes_io(&ns, r);
	record_summarize(r, &s);
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0)
			ran++;
	note_hashes(&ns, r, &s, ran);
	if (r->config.hash_ms != 0 && r->config.work.scale[0] != '\0')
		note_hash_ms(&ns, r);
	note_machine(&ns, r);
	if (ran > 0 && s.parallelism > 0 && s.parallelism < 0.95)
		note_under_one(&ns, r, &s, ran);
	else if (ran > 0 && s.parallelism > 0)
		note_parallelism(&ns, r, &s);
	if (r->sync.ran && r->heartbeat.block_hashes > 1)
		note(&ns, "The main thread ran %" PRIu64 " %s in a row "
		    "(%.1f ms), one more than a worker had to run, so that "
		    "the pool's %s end first.",
		    r->heartbeat.block_hashes,
		    record_unit(r, r->heartbeat.block_hashes),
		    us_to_ms(r->sync.end_us - r->sync.start_us),
		    record_unit(r, 2));
	if (r->offload.ran)
		note_offload(&ns, r);
	if (ran == r->config.calls && r->config.calls > r->config.pool &&
	    s.one_hash_ms > 0)
		note_waves(&ns, r, &s);
	if (ran > 0)
		note(&ns, "The loop delivered each result within %.1f ms of "
		    "its %s's end.", ceil_tenth(s.max_lag_ms), record_unit(r, 1));
	if (r->heartbeat.ran)
		note_heartbeat(&ns, r);
	note_probes(&ns, r);
	if (r->interrupted)
		note(&ns, "Interrupted: %" PRIu64 " of %" PRIu64 " %s ran.",
		    ran, r->config.calls,
		    record_unit(r, r->config.calls));
	return ns.n;
}

/*
 * How many times as long as on a quiet machine units on this pool take,
 * from what others and a quota left them: min(pool, calls, CPUs) over
 * what they had. who says who took it, in the tense of verb ("others
 * used 1.0 of 2 CPUs", "a CPU quota of 1.0"). 0 when neither held them
 * back; INFINITY when almost nothing was left.
 */
static double
slowdown(const struct machine_facts *f, const struct machine_load *l,
    unsigned pool, unsigned calls, const char *verb, char *who, size_t len)
{
	struct busy_verdict v;
	double quiet, had, factor;
	bool quota;

	who[0] = '\0';
	if (calls == 0)
		return 0;
	busy_verdict_of(&v, f, l, pool, calls);
	quota = f->quota.limited && v.quota_binds;
	if (!v.disturbed && !quota)
		return 0;
	/* A quiet machine: every CPU of the mask, no quota, nobody else. */
	quiet = (double)(pool < calls ? pool : calls);
	if (f->cpus.count > 0 && quiet > f->cpus.count)
		quiet = f->cpus.count;
	had = v.lanes;
	if (l->cpu_known && l->available_cpus < had)
		had = l->available_cpus;
	if (v.disturbed && quota)
		snprintf(who, len, "others %s %.1f of %d CPUs, and a CPU quota "
		    "of %.1f", verb, l->other_cpus + l->steal_cpus,
		    f->cpus.count, f->quota.cpus);
	else if (v.disturbed)
		snprintf(who, len, "others %s %.1f of %d CPUs", verb,
		    l->other_cpus + l->steal_cpus, f->cpus.count);
	else
		snprintf(who, len, "a CPU quota of %.1f", f->quota.cpus);
	if (had < 0.05)
		return INFINITY;
	factor = quiet / had;
	return factor < 1 ? 1 : factor;
}

size_t
notes_slower(const struct record *r, char *buf, size_t len)
{
	struct machine_facts f;
	unsigned calls = r->config.calls < UINT32_MAX ?
	    (unsigned)r->config.calls : UINT32_MAX;
	double factor;
	char who[160];
	int n;

	buf[0] = '\0';
	record_facts(r, &f);
	factor = slowdown(&f, &r->load, r->config.pool, calls, "used", who,
	    sizeof(who));
	if (factor == 0)
		return 0;
	/* Short: it goes on one line of a terminal, after the run's. */
	if (isinf(factor))
		n = snprintf(buf, len, "%s: expect far longer than on a quiet "
		    "machine", who);
	else
		n = snprintf(buf, len, "%s: expect %.1fx a quiet machine's "
		    "times", who, factor);
	if (n < 0)
		return 0;
	return (size_t)n < len ? (size_t)n : len - 1;
}

size_t
notes_hash_ms_line(char *buf, size_t len, uint64_t hash_ms,
    const struct record_work *w, double unit_ms,
    const struct machine_facts *f, const struct machine_load *l,
    unsigned pool, unsigned calls)
{
	double factor = 0;
	char who[160], wall[240] = "";
	int n;

	if (f != NULL && l != NULL)
		factor = slowdown(f, l, pool, calls, "use", who, sizeof(who));
	if (isinf(factor))
		snprintf(wall, sizeof(wall), "; %s now: expect far more wall "
		    "time", who);
	else if (factor > NOTES_WALL_FACTOR)
		snprintf(wall, sizeof(wall), "; %s now, machine factor %.1f: "
		    "expect about %.0f ms of wall time each", who, factor,
		    unit_ms * factor);
	n = snprintf(buf, len, "--hash-ms %" PRIu64 " chose %s: about %.0f ms "
	    "of CPU time for each %s%s", hash_ms, w->scale, unit_ms, w->noun,
	    wall);
	if (n < 0)
		return 0;
	return (size_t)n < len ? (size_t)n : len - 1;
}

/* The longest a delivered result waited between its end and its delivery. */
static double
max_wait_ms(const struct record *r)
{
	int64_t m = 0;

	/* The Done lines' own figure, cut to whole ms as they cut it, so
	 * "waited up to" is the largest "finished N ms earlier". */
	for (uint32_t id = 1; id <= r->ntasks; id++)
		if (record_task_waited(r, id) > m)
			m = record_task_waited(r, id);
	return (double)(m / 1000);
}

/* Every probe ran and came back: the starve scenario's lesson holds. */
static bool
probes_ok(const struct record *r)
{
	for (int k = 0; k < PROBE_COUNT; k++)
		if (!r->probes[k].ran || r->probes[k].status != 0)
			return false;
	return true;
}

static double
probe_ms(const struct record_probe *p, enum probe_kind k)
{
	return us_to_ms(p[k].done_us - p[k].start_us);
}

size_t
notes_lesson(const struct record *r, char *buf, size_t len)
{
	const struct record_probe *p = r->probes;
	int n = 0;

	buf[0] = '\0';
	if (r->interrupted)
		return 0;
	/*
	 * Each lesson fits two lines of 80 columns, whatever its numbers, so
	 * that it stays on a screen of 80x24 below the chart; the notes say
	 * the rest.
	 */
	if (r->io.ran) {
		struct record_io_summary s;

		record_io_summarize(r, &s);
		n = snprintf(buf, len, "DNS lookups hold at most (n + 1) / 2 of "
		    "libuv's n workers: pool %u, at most %u at once (poolviz "
		    "slowed each lookup by %" PRIu32 " ms and each read by %"
		    PRIu32 " ms).", r->config.pool, s.max_dns, r->io.lookup_ms,
		    r->io.read_ms);
	} else if (r->offload.ran)
		n = snprintf(buf, len, "With the blocking work on its own "
		    "thread, the heartbeat never went more than %" PRId64 " ms "
		    "without a tick (due every %u ms). Compare: --scenario "
		    "blocked.", r->heartbeat.max_gap_us / 1000,
		    r->heartbeat.interval_ms);
	else if (r->heartbeat.ran && r->sync.ran)
		n = snprintf(buf, len, "The pool finished its work, but the "
		    "results waited up to %.0f ms for the main thread; the "
		    "heartbeat stalled for %" PRId64 " ms. The remedy: --scenario "
		    "offload.", max_wait_ms(r), r->heartbeat.stall_us / 1000);
	else if (probes_ok(r) && r->config.pool >= r->config.calls + 2)
		/* The hashes left a worker for each probe: nothing waited. */
		n = snprintf(buf, len, "With workers free (a pool of %u for "
		    "%" PRIu64 " %s), file and DNS took %.0f and %.0f ms, "
		    "TCP %.1f ms through epoll. Fill the pool: only file and DNS "
		    "wait.", r->config.pool, r->config.calls,
		    record_unit(r, r->config.calls),
		    probe_ms(p, PROBE_FS), probe_ms(p, PROBE_DNS),
		    probe_ms(p, PROBE_TCP));
	else if (probes_ok(r))
		n = snprintf(buf, len, "File and DNS work waited %.0f and %.0f "
		    "ms for a free worker, while the TCP round trip went "
		    "through epoll in %.1f ms: only pool work waits.",
		    probe_ms(p, PROBE_FS), probe_ms(p, PROBE_DNS),
		    probe_ms(p, PROBE_TCP));
	if (n < 0)
		return 0;
	return (size_t)n < len ? (size_t)n : len - 1;
}
