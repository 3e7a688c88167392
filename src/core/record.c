/* record: storage for one run and the summary numbers derived from it. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "core/record.h"

/* Lines other than Done lines: start, end, scheduled, a stall, the probes. */
#define EXTRA_LINES (8 + PROBE_COUNT)

int
record_init(struct record *r, const struct record_config *cfg, char *err,
    size_t errlen)
{
	memset(r, 0, sizeof(*r));
	r->config = *cfg;
	r->ntasks = cfg->calls;
	r->cap_lines = cfg->calls + EXTRA_LINES;

	r->tasks = calloc(r->ntasks ? r->ntasks : 1, sizeof(*r->tasks));
	r->lines = calloc(r->cap_lines, sizeof(*r->lines));
	r->sync_key = calloc(1, cfg->keylen);
	if (r->tasks == NULL || r->lines == NULL || r->sync_key == NULL)
		goto nomem;
	if (cfg->print_key && cfg->calls > 0) {
		if (cfg->keylen > SIZE_MAX / cfg->calls)
			goto nomem;
		r->keys = calloc(cfg->calls, cfg->keylen);
		if (r->keys == NULL)
			goto nomem;
	}
	for (size_t i = 0; i < r->ntasks; i++)
		r->tasks[i].id = (uint32_t)(i + 1);
	return 0;

nomem:
	snprintf(err, errlen, "cannot allocate memory for %llu calls "
	    "with %zu-byte keys", (unsigned long long)cfg->calls, cfg->keylen);
	record_free(r);
	return -1;
}

void
record_free(struct record *r)
{
	if (r->keys != NULL)
		explicit_bzero(r->keys, r->ntasks * r->config.keylen);
	if (r->sync_key != NULL)
		explicit_bzero(r->sync_key, r->config.keylen);
	free(r->keys);
	free(r->sync_key);
	free(r->tasks);
	free(r->lines);
	free(r->heartbeat.tick_us);
	memset(r, 0, sizeof(*r));
}

int
record_add_line(struct record *r, enum line_kind kind, uint32_t id, int64_t us)
{
	if (r->nlines == r->cap_lines)
		return -1;
	r->lines[r->nlines].kind = kind;
	r->lines[r->nlines].id = id;
	r->lines[r->nlines].us = us;
	r->nlines++;
	return 0;
}

/*
 * The ticks' times grow by doubling, on the loop's thread only: a tick
 * every 10 ms makes a few hundred of them in a run of seconds.
 */
int
record_add_tick(struct record *r, int64_t us)
{
	struct record_heartbeat *h = &r->heartbeat;
	int64_t *t;
	size_t cap;

	if (h->ntick_us == h->cap_tick_us) {
		cap = h->cap_tick_us ? 2 * h->cap_tick_us : 64;
		if (cap > SIZE_MAX / sizeof(*t) ||
		    (t = realloc(h->tick_us, cap * sizeof(*t))) == NULL)
			return -1;
		h->tick_us = t;
		h->cap_tick_us = cap;
	}
	h->tick_us[h->ntick_us++] = us;
	return 0;
}

/*
 * How long a finished hash waited for a blocked main thread: it ended
 * before the block did and was delivered after. 0 when it did not.
 */
int64_t
record_task_waited(const struct record *r, uint32_t id)
{
	const struct record_task *t;

	if (!r->heartbeat.ran || !r->sync.ran || id == 0 || id > r->ntasks)
		return 0;
	t = &r->tasks[id - 1];
	if (t->worker == 0 || t->end_us >= r->sync.end_us ||
	    t->done_us < r->sync.end_us)
		return 0;
	return t->done_us - t->end_us;
}

const unsigned char *
record_task_key(const struct record *r, uint32_t id)
{
	if (r->keys == NULL || id == 0 || id > r->ntasks)
		return NULL;
	return r->keys + (size_t)(id - 1) * r->config.keylen;
}

double
us_to_ms(int64_t us)
{
	return (double)us / 1000.0;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The median of the tasks' CPU times, or 0 when none ran. */
static double
median_task_cpu_ms(const struct record *r)
{
	int64_t *v;
	size_t n = 0;
	double m;

	if (r->ntasks == 0 || (v = malloc(r->ntasks * sizeof(*v))) == NULL)
		return 0;
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0)
			v[n++] = r->tasks[i].cpu_us;
	if (n == 0) {
		free(v);
		return 0;
	}
	qsort(v, n, sizeof(*v), cmp_i64);
	m = n % 2 ? us_to_ms(v[n / 2]) : (us_to_ms(v[n / 2 - 1]) + us_to_ms(v[n / 2])) / 2;
	free(v);
	return m;
}

void
record_summarize(const struct record *r, struct record_summary *s)
{
	int64_t first_queued = INT64_MAX, last_done = INT64_MIN;
	int64_t first_start = INT64_MAX, last_end = INT64_MIN;
	int64_t run = 0, busy = 0, max_lag = 0;
	size_t ran = 0;
	uint64_t lanes;

	memset(s, 0, sizeof(*s));
	if (r->sync.ran)
		s->sync_ms = us_to_ms(r->sync.end_us - r->sync.start_us);

	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];

		if (t->worker == 0)
			continue;
		ran++;
		if (t->queued_us < first_queued)
			first_queued = t->queued_us;
		if (t->done_us > last_done)
			last_done = t->done_us;
		if (t->start_us < first_start)
			first_start = t->start_us;
		if (t->end_us > last_end)
			last_end = t->end_us;
		run += t->end_us - t->start_us;
		busy += t->cpu_us;
		if (t->done_us - t->end_us > max_lag)
			max_lag = t->done_us - t->end_us;
	}
	if (ran > 0) {
		s->makespan_ms = us_to_ms(last_done - first_queued);
		s->mean_task_ms = us_to_ms(run) / (double)ran;
		if (last_end > first_start)
			s->parallelism = (double)busy / (double)(last_end - first_start);
		s->max_lag_ms = us_to_ms(max_lag);
	}

	lanes = record_lanes(&r->config, record_cpus(r));
	s->expected_waves = (r->config.calls + lanes - 1) / lanes;
	s->one_hash_ms = record_one_unit_ms(r);
	s->unit_factor = record_unit_factor(r, s->one_hash_ms);
	s->predicted_ms = record_expected_units(r, record_available(r)) *
	    s->one_hash_ms * s->unit_factor;
}

/*
 * T, the one unit every sentence, bound, baseline metric and prediction
 * is built on: the CPU time of one unit. The blocking unit's thread CPU
 * time (in the blocked scenario, over the block_hashes units it ran), or
 * without a blocking unit the median pooled unit's. CPU time, not wall
 * time: beside a busy neighbour the wall time grows with the load, and
 * the predictions scale for the load once already (record_expected_units).
 * Where the blocking unit's clock was not read, its wall time stands in.
 */
double
record_one_unit_ms(const struct record *r)
{
	double units = (double)(r->heartbeat.block_hashes > 1 ?
	    r->heartbeat.block_hashes : 1);

	if (!r->sync.ran)
		return median_task_cpu_ms(r);
	if (r->sync.cpu_us > 0)
		return us_to_ms(r->sync.cpu_us) / units;
	return us_to_ms(r->sync.end_us - r->sync.start_us) / units;
}

/*
 * What one pooled unit cost, in units of T: the mean CPU time of the units
 * the pool ran over T_MS, the blocking unit's. Two CPUs need not run a
 * unit alike: a laptop's cores turbo alone and slow down together, some
 * are slower by design, and a virtual machine's may share a core with
 * another guest. Then every pooled unit costs more (or less) CPU time
 * than the blocking one, and the waves take that much longer. Within
 * RECORD_UNEVEN of T that is measurement noise, and the factor is 1.
 * Without a blocking unit whose CPU clock was read, T is the pooled
 * units' own median, and the factor is 1 too. The mean, not the median:
 * the waves' time is the pool's CPU time, fast units and slow ones.
 */
double
record_unit_factor(const struct record *r, double t_ms)
{
	int64_t cpu = 0;
	size_t ran = 0;
	double f;

	if (!r->sync.ran || r->sync.cpu_us <= 0 || !(t_ms > 0))
		return 1;
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].worker != 0 && r->tasks[i].cpu_us > 0) {
			cpu += r->tasks[i].cpu_us;
			ran++;
		}
	if (ran == 0)
		return 1;
	f = us_to_ms(cpu) / (double)ran / t_ms;
	if (f <= RECORD_UNEVEN && f >= 1 / RECORD_UNEVEN)
		return 1;
	return f;
}

/*
 * The makespan to expect, in units: W = ceil(N / L) waves with L =
 * min(pool, usable CPUs) lanes, or N / A when the A CPUs others left the
 * run are fewer than the lanes: then the units share what there was.
 * This is the one place the load enters a prediction.
 */
double
record_expected_units(const struct record *r, double avail)
{
	uint64_t lanes = record_lanes(&r->config, record_cpus(r));
	double w = (double)((r->config.calls + lanes - 1) / lanes), spread;

	/* Within a twentieth of the lanes, as the sentences round it: all. */
	if (avail <= 0 || avail + 0.05 >= (double)lanes)
		return w;
	if (avail < 0.1)		/* nothing left: a bound still finite */
		avail = 0.1;
	spread = (double)r->config.calls / avail;
	return spread > w ? spread : w;
}

/* How many hashes can run at once: min(pool, cpus), at least 1. */
uint64_t
record_lanes(const struct record_config *c, unsigned cpus)
{
	uint64_t lanes = c->pool < cpus ? c->pool : cpus;

	return lanes > 0 ? lanes : 1;
}

/* How many workers get a hash: min(pool, calls). */
uint64_t
record_busy(const struct record_config *c)
{
	return c->pool < c->calls ? c->pool : c->calls;
}

/* The CPUs the process could use: min(affinity, quota), else libuv's. */
double
record_usable(const struct record *r)
{
	return r->machine.usable_cpus > 0 ? r->machine.usable_cpus :
	    (double)r->machine.cpus;
}

/*
 * Whole CPUs, as lanes for hashes: a quota of 1.5 CPUs runs one hash at
 * full speed and another at half, so expectations take one, at least 1.
 */
unsigned
record_cpus(const struct record *r)
{
	double u = floor(record_usable(r));

	return u >= 1 ? (unsigned)u : 1;
}

/*
 * The CPUs the run had, averaged over it: what others and steal left of
 * the usable ones. Where the load is unknown, all of the usable ones.
 */
double
record_available(const struct record *r)
{
	double u = record_usable(r);

	if (!r->load.cpu_known)
		return u;
	return r->load.available_cpus < u ? r->load.available_cpus : u;
}

/* The facts busy_verdict_of and the sentences take, from the record. */
void
record_facts(const struct record *r, struct machine_facts *f)
{
	int list[MACHINE_MAX_CPUS];
	unsigned n = r->machine.affinity_cpus ? r->machine.affinity_cpus :
	    r->machine.cpus;

	memset(f, 0, sizeof(*f));
	if (n > MACHINE_MAX_CPUS)
		n = MACHINE_MAX_CPUS;
	for (unsigned i = 0; i < n; i++)
		list[i] = (int)i;
	machine_cpus_set(&f->cpus, list, (int)n);
	f->quota.cgroup = r->machine.quota_cgroup;
	f->quota.limited = r->machine.quota_limited;
	f->quota.cpus = r->machine.quota_cpus;
	f->quota.period_ms = r->machine.quota_period_ms;
	f->usable_cpus = record_usable(r);
}

const char *
probe_name(enum probe_kind k)
{
	switch (k) {
	case PROBE_FS:
		return "fs";
	case PROBE_DNS:
		return "dns";
	case PROBE_TCP:
		return "tcp";
	case PROBE_COUNT:
		break;
	}
	return "?";
}

/* The scenario's table says whether its tasks are lookups and reads. */
enum task_kind
record_task_kind(const struct record *r, uint32_t id)
{
	const struct scenario_kind *k = scenario_get(r->config.scenario);

	if (k == NULL || !k->io)
		return TASK_WORK;
	return id % 2 == 1 ? TASK_DNS : TASK_FS;
}

const char *
task_kind_name(enum task_kind k)
{
	switch (k) {
	case TASK_WORK:
		return "work";
	case TASK_DNS:
		return "dns";
	case TASK_FS:
		return "fs";
	}
	return "?";
}

const char *
record_unit(const struct record *r, uint64_t n)
{
	const struct record_work *w = &r->config.work;

	if (n == 1)
		return w->noun[0] != '\0' ? w->noun : "hash";
	return w->nouns[0] != '\0' ? w->nouns : "hashes";
}

uint64_t
record_block_units(const struct record_config *c)
{
	uint64_t pool = c->pool > 0 ? c->pool : 1;

	return (c->calls + pool - 1) / pool + 1;
}

const char *
record_unit_doing(const struct record *r)
{
	return r->config.work.doing[0] != '\0' ? r->config.work.doing :
	    "hashing";
}

const char *
record_task_noun(const struct record *r, uint32_t id)
{
	switch (record_task_kind(r, id)) {
	case TASK_WORK:
		return record_unit(r, 1);
	case TASK_DNS:
		return "lookup";
	case TASK_FS:
		return "read";
	}
	return "?";
}

/*
 * A sweep over the tasks' starts and ends in time order (an end before a
 * start at the same microsecond: touching spans do not overlap).
 */
struct io_event {
	int64_t us;
	int delta;		/* +1 start, -1 end */
	enum task_kind kind;
};

static int
io_event_cmp(const void *a, const void *b)
{
	const struct io_event *x = a, *y = b;

	if (x->us != y->us)
		return x->us < y->us ? -1 : 1;
	return x->delta - y->delta;
}

void
record_io_summarize(const struct record *r, struct record_io_summary *s)
{
	struct io_event *ev;
	size_t n = 0;
	unsigned dns = 0, fs = 0;

	memset(s, 0, sizeof(*s));
	s->dns_cap = (r->config.pool + 1) / 2;
	if ((ev = calloc(2 * r->ntasks + 1, sizeof(*ev))) == NULL)
		return;
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct record_task *t = &r->tasks[i];
		enum task_kind k = record_task_kind(r, t->id);

		if (t->worker == 0 || k == TASK_WORK || t->end_us < t->start_us)
			continue;
		ev[n++] = (struct io_event){ t->start_us, +1, k };
		ev[n++] = (struct io_event){ t->end_us, -1, k };
	}
	qsort(ev, n, sizeof(*ev), io_event_cmp);
	for (size_t i = 0; i < n; i++) {
		unsigned *c = ev[i].kind == TASK_DNS ? &dns : &fs;

		if (ev[i].delta > 0)
			(*c)++;
		else if (*c > 0)
			(*c)--;
		if (dns > s->max_dns) {
			s->max_dns = dns;
			s->fs_at_max_dns = fs;
		} else if (dns == s->max_dns && fs > s->fs_at_max_dns)
			s->fs_at_max_dns = fs;
		if (fs > s->max_fs)
			s->max_fs = fs;
	}
	free(ev);
}
