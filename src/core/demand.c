/* demand: a sampler thread that counts the pool's workers wanting a CPU. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/demand.h"

/*
 * Throughput cannot tell a serial pool from a parallel one when the run
 * had about one CPU; demand can. A healthy pool has min(pool, units left)
 * workers in state R (running, or runnable and waiting for a CPU) whatever
 * else the machine does; a pool that runs one unit at a time has one, the
 * others sleeping on its lock (S, or D).
 *
 * Workers register their thread ids process-wide, once each: libuv's pool
 * outlives a run, and a worker that has not run a unit yet is idle anyway.
 * The table only grows, and a slot is written before the count that
 * publishes it.
 */
static atomic_long worker_tids[DEMAND_MAX_WORKERS];
static atomic_uint nworker_tids;
static _Thread_local bool registered;

struct demand {
	pthread_t thread;
	atomic_bool quit;
	const char *proc_root;
	unsigned pool;
	size_t queued;
	const atomic_size_t *ended;
	struct demand_sample *s;
	size_t n, cap;
	bool unreadable;	/* a registered worker's stat could not be read */
	bool nomem;
	/* The sampler's gaps: see demand_stopped_us. */
	long tid, main_tid;
	bool sched_unknown;	/* its schedstat could not be read */
	int64_t born_us;	/* when the thread was asked for */
	int64_t born_cpu_us;	/* and the process's CPU time then */
	int64_t last_main;	/* the loop thread's run + wait at the last look */
	int64_t *last_worker;	/* each registered worker's, by its slot */
	uint64_t gaps;		/* gaps measured */
	int64_t stopped_us;
};

void
demand_register_worker(void)
{
	unsigned i;

	if (registered)
		return;
	registered = true;
	i = atomic_fetch_add(&nworker_tids, 1);
	if (i < DEMAND_MAX_WORKERS)
		atomic_store(&worker_tids[i], (long)syscall(SYS_gettid));
}

char
demand_parse_stat(const char *line)
{
	const char *p = strrchr(line, ')');

	if (p == NULL || p[1] != ' ' || p[2] < 'A' || p[2] > 'Z')
		return 0;
	return p[2];
}

char
demand_read_state(const char *proc_root, long tid)
{
	char path[256], line[512];
	FILE *f;
	size_t n;
	int w;

	w = snprintf(path, sizeof(path), "%s/self/task/%ld/stat", proc_root,
	    tid);
	if (w < 0 || (size_t)w >= sizeof(path) || (f = fopen(path, "re")) == NULL)
		return 0;
	n = fread(line, 1, sizeof(line) - 1, f);
	fclose(f);
	line[n] = '\0';
	return demand_parse_stat(line);
}

int
demand_parse_schedstat(const char *text, uint64_t *run_ns, uint64_t *wait_ns)
{
	unsigned long long run, wait;

	if (sscanf(text, "%llu %llu", &run, &wait) != 2)
		return -1;
	*run_ns = run;
	*wait_ns = wait;
	return 0;
}

/*
 * A thread that asked to sleep is, for the rest of a gap, running or
 * waiting for a CPU, and schedstat counts both, whoever else runs: a busy
 * machine, or a throttled quota, shows as wait. What is left was spent
 * where no thread of a stopped process can be: stopped. Or asleep on a
 * lock that another thread held: under valgrind, which runs one thread at
 * a time, the sampler sleeps while another runs or waits for a CPU. So
 * what no thread's run and wait covered bounds it (a stopped process's
 * threads neither run nor wait), and so does what the process's CPU time
 * leaves (a thread no one registered may have run). A read of /proc that
 * sleeps a little is left too, hence the floor.
 */
int64_t
demand_stopped_us(const struct demand_gap *g)
{
	int64_t left = g->wall_us - g->sleep_us - g->own_us;

	if (g->wall_us - g->threads_us < left)
		left = g->wall_us - g->threads_us;
	if (g->wall_us - g->cpu_us < left)
		left = g->wall_us - g->cpu_us;
	return left > DEMAND_STOP_MIN_US ? left : 0;
}

/* A thread's run + wait time, in microseconds; 0, or -1. */
static int
sched_read(const char *proc_root, long tid, int64_t *us)
{
	char path[256], line[128];
	uint64_t run, wait;
	FILE *f;
	size_t n;
	int w;

	w = snprintf(path, sizeof(path), "%s/self/task/%ld/schedstat",
	    proc_root, tid);
	if (w < 0 || (size_t)w >= sizeof(path) || (f = fopen(path, "re")) == NULL)
		return -1;
	n = fread(line, 1, sizeof(line) - 1, f);
	fclose(f);
	line[n] = '\0';
	if (demand_parse_schedstat(line, &run, &wait) != 0)
		return -1;
	*us = (int64_t)((run + wait) / 1000);
	return 0;
}

/* What a thread ran and waited since the last look; 0 if it is gone. */
static int64_t
sched_delta(const char *proc_root, long tid, int64_t *last)
{
	int64_t now, d;

	if (sched_read(proc_root, tid, &now) != 0)
		return 0;
	d = now - *last;
	*last = now;
	return d > 0 ? d : 0;
}

static int64_t
clock_us(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t mono_us(void) { return clock_us(CLOCK_MONOTONIC); }
/* Every thread's CPU time: a stopped process uses none. */
static int64_t process_cpu_us(void) { return clock_us(CLOCK_PROCESS_CPUTIME_ID); }

/* The last look: its time, the sampler's schedstat and the process's CPU. */
struct look {
	int64_t t, sched, cpu;
};

/*
 * One gap since the last look: add what the process spent stopped. A
 * worker registered since then counts its whole run and wait, which can
 * only make a stop look shorter.
 */
static void
account(struct demand *d, struct look *last)
{
	struct look now = { mono_us(), 0, process_cpu_us() };
	struct demand_gap g;
	unsigned nt = atomic_load(&nworker_tids);

	if (d->sched_unknown)
		return;
	if (sched_read(d->proc_root, d->tid, &now.sched) != 0) {
		d->sched_unknown = true;
		return;
	}
	g.wall_us = now.t - last->t;
	g.sleep_us = DEMAND_INTERVAL_US;
	g.own_us = now.sched - last->sched;
	g.cpu_us = now.cpu - last->cpu;
	g.threads_us = g.own_us + sched_delta(d->proc_root, d->main_tid,
	    &d->last_main);
	if (nt > DEMAND_MAX_WORKERS)
		nt = DEMAND_MAX_WORKERS;
	for (unsigned i = 0; i < nt; i++) {
		long tid = atomic_load(&worker_tids[i]);

		if (tid != 0)
			g.threads_us += sched_delta(d->proc_root, tid,
			    &d->last_worker[i]);
	}
	d->stopped_us += demand_stopped_us(&g);
	d->gaps++;
	*last = now;
}

static int
cmp_u16(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	return (x > y) - (x < y);
}

void
demand_summarize(const struct demand_sample *s, size_t n,
    struct record_demand *out)
{
	uint16_t *v;
	double run = 0, exp = 0;
	size_t m = 0;

	out->samples = 0;
	out->mean = out->p10 = out->expected = 0;
	if (n == 0 || (v = malloc(n * sizeof(*v))) == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		if (s[i].expected >= 1) {
			v[m++] = s[i].runnable;
			run += s[i].runnable;
			exp += s[i].expected;
		}
	if (m > 0) {
		qsort(v, m, sizeof(*v), cmp_u16);
		out->samples = m;
		out->mean = run / (double)m;
		out->expected = exp / (double)m;
		out->p10 = v[(m - 1) / 10];
	}
	free(v);
}

static void
take(struct demand *d)
{
	size_t ended = atomic_load_explicit(d->ended, memory_order_acquire);
	size_t left = d->queued > ended ? d->queued - ended : 0;
	unsigned nt = atomic_load(&nworker_tids), run = 0;
	struct demand_sample *s;

	if (nt > DEMAND_MAX_WORKERS)
		nt = DEMAND_MAX_WORKERS;
	for (unsigned i = 0; i < nt; i++) {
		long tid = atomic_load(&worker_tids[i]);
		char st;

		if (tid == 0)
			continue;
		if ((st = demand_read_state(d->proc_root, tid)) == 0)
			d->unreadable = true;
		else if (st == 'R')
			run++;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 1024;

		if ((s = realloc(d->s, cap * sizeof(*s))) == NULL) {
			d->nomem = true;
			return;
		}
		d->s = s;
		d->cap = cap;
	}
	d->s[d->n].runnable = (uint16_t)(run < UINT16_MAX ? run : UINT16_MAX);
	d->s[d->n].expected = (uint16_t)(left < d->pool ? left : d->pool);
	d->n++;
}

/*
 * Sample until every queued unit has ended, or until told to quit; the
 * gaps are measured to the end, the last one after the last sleep, so a
 * stop that outlasts the units is counted too.
 */
static void *
sampler(void *arg)
{
	struct demand *d = arg;
	struct timespec ts = { 0, DEMAND_INTERVAL_US * 1000L };
	/*
	 * The first gap runs from the thread's creation, when its run and
	 * wait times were 0: a stop before its first look counts too.
	 */
	struct look last = { d->born_us, 0, d->born_cpu_us };

	d->tid = (long)syscall(SYS_gettid);
	for (;;) {
		account(d, &last);
		if (atomic_load(&d->quit) || d->unreadable || d->nomem ||
		    atomic_load_explicit(d->ended, memory_order_acquire) >=
		    d->queued)
			break;
		take(d);
		/* A sampling interval, not a wait for anything. */
		nanosleep(&ts, NULL);
	}
	return NULL;
}

struct demand *
demand_start(const char *proc_root, unsigned pool, size_t queued,
    const atomic_size_t *ended)
{
	struct demand *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	d->proc_root = proc_root;
	d->pool = pool;
	d->queued = queued;
	d->ended = ended;
	atomic_init(&d->quit, false);
	/* The loop's thread is the one that starts the sampler. */
	d->main_tid = (long)syscall(SYS_gettid);
	if ((d->last_worker = calloc(DEMAND_MAX_WORKERS,
	    sizeof(*d->last_worker))) == NULL) {
		free(d);
		return NULL;
	}
	(void)sched_read(proc_root, d->main_tid, &d->last_main);
	for (unsigned i = 0; i < DEMAND_MAX_WORKERS &&
	    i < atomic_load(&nworker_tids); i++)
		if (atomic_load(&worker_tids[i]) != 0)
			(void)sched_read(proc_root, atomic_load(&worker_tids[i]),
			    &d->last_worker[i]);
	d->born_us = mono_us();
	d->born_cpu_us = process_cpu_us();
	if (pthread_create(&d->thread, NULL, sampler, d) != 0) {
		free(d->last_worker);
		free(d);
		return NULL;
	}
	return d;
}

void
demand_stop(struct demand *d, struct record_demand *out)
{
	memset(out, 0, sizeof(*out));
	if (d == NULL) {
		snprintf(out->why, sizeof(out->why), "the sampler thread "
		    "could not start");
		return;
	}
	atomic_store(&d->quit, true);
	pthread_join(d->thread, NULL);
	out->stop_known = !d->sched_unknown && d->gaps > 0;
	out->stopped_ms = out->stop_known ? (double)d->stopped_us / 1e3 : 0;
	if (d->unreadable)
		snprintf(out->why, sizeof(out->why), "%s/self/task cannot be "
		    "read", d->proc_root);
	else if (d->nomem)
		snprintf(out->why, sizeof(out->why), "no memory for samples");
	else {
		demand_summarize(d->s, d->n, out);
		out->known = out->samples > 0;
		if (!out->known)
			snprintf(out->why, sizeof(out->why), "no sample saw "
			    "a unit running");
	}
	free(d->s);
	free(d->last_worker);
	free(d);
}
