/* machine: read the CPUs, the cgroup quota and /proc/stat under a root. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/machine.h"

/* "a" and "b" joined by one slash; a root of "" or "/" is the real one. */
static int
path_join(char *out, size_t n, const char *a, const char *b)
{
	size_t la = strlen(a);
	int w;

	while (la > 0 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	if (*b == '\0' && la > 0)
		w = snprintf(out, n, "%.*s", (int)la, a);
	else
		w = snprintf(out, n, "%.*s/%s", (int)la, a, b);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A small file's text, NUL-terminated; its length, or -1. */
static ssize_t
read_small(const char *path, char *buf, size_t n)
{
	size_t len = 0;
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (len + 1 < n) {
		got = read(fd, buf + len, n - 1 - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

static ssize_t
read_in(const char *dir, const char *name, char *buf, size_t n)
{
	char path[MACHINE_PATH_MAX];

	if (path_join(path, sizeof(path), dir, name) < 0)
		return -1;
	return read_small(path, buf, n);
}

/* --- the CPUs ------------------------------------------------------------ */

void
machine_cpus_set(struct machine_cpus *c, const int *list, int n)
{
	memset(c, 0, sizeof(*c));
	for (int i = 0; i < n; i++) {
		int cpu = list[i];

		if (cpu < 0 || cpu >= MACHINE_MAX_CPUS ||
		    machine_cpus_has(c, cpu))
			continue;
		c->mask[cpu / 64] |= UINT64_C(1) << (cpu % 64);
		c->count++;
	}
}

bool
machine_cpus_has(const struct machine_cpus *c, int cpu)
{
	if (cpu < 0 || cpu >= MACHINE_MAX_CPUS)
		return false;
	return (c->mask[cpu / 64] >> (cpu % 64)) & 1;
}

int
machine_cpus_list(const struct machine_cpus *c, int *out, int max)
{
	int n = 0;

	for (int cpu = 0; cpu < MACHINE_MAX_CPUS && n < max; cpu++)
		if (machine_cpus_has(c, cpu))
			out[n++] = cpu;
	return n;
}

int
machine_cpus_affinity(struct machine_cpus *c)
{
	size_t size = CPU_ALLOC_SIZE(MACHINE_MAX_CPUS);
	cpu_set_t *set;

	memset(c, 0, sizeof(*c));
	set = CPU_ALLOC(MACHINE_MAX_CPUS);
	if (set == NULL)
		return -1;
	CPU_ZERO_S(size, set);
	if (sched_getaffinity(0, size, set) != 0) {
		CPU_FREE(set);
		return -1;
	}
	for (int cpu = 0; cpu < MACHINE_MAX_CPUS; cpu++)
		if (CPU_ISSET_S(cpu, size, set)) {
			c->mask[cpu / 64] |= UINT64_C(1) << (cpu % 64);
			c->count++;
		}
	CPU_FREE(set);
	return 0;
}

/* --- the quota ------------------------------------------------------------ */

/* The quota in one cgroup directory: 1 and *cpus when limited, else 0. */
typedef int (*quota_at_fn)(const char *dir, double *cpus, double *period_ms);

static int
quota_v1_at(const char *dir, double *cpus, double *period_ms)
{
	char qb[64], pb[64];
	long long quota, period;

	if (read_in(dir, "cpu.cfs_quota_us", qb, sizeof(qb)) <= 0 ||
	    read_in(dir, "cpu.cfs_period_us", pb, sizeof(pb)) <= 0)
		return 0;
	quota = strtoll(qb, NULL, 10);		/* -1: unlimited */
	period = strtoll(pb, NULL, 10);
	if (quota <= 0 || period <= 0)
		return 0;
	*cpus = (double)quota / (double)period;
	*period_ms = (double)period / 1e3;
	return 1;
}

static int
quota_v2_at(const char *dir, double *cpus, double *period_ms)
{
	char buf[128], *end;
	long long quota, period;

	if (read_in(dir, "cpu.max", buf, sizeof(buf)) <= 0)
		return 0;
	if (strncmp(buf, "max", 3) == 0)	/* "max 100000": unlimited */
		return 0;
	quota = strtoll(buf, &end, 10);
	if (end == buf)
		return 0;
	period = strtoll(end, NULL, 10);
	if (quota <= 0 || period <= 0)
		return 0;
	*cpus = (double)quota / (double)period;
	*period_ms = (double)period / 1e3;
	return 1;
}

/*
 * Walk from the process's cgroup up to the mount's root, keeping the
 * tightest quota. Inside a container, /proc/self/cgroup may name a host
 * path that this mount does not show (its root is the container's own
 * cgroup); then the walk starts at the mount's root.
 */
static void
quota_walk(struct machine_quota *q, const char *mount, const char *cgpath,
    quota_at_fn at)
{
	char dir[MACHINE_PATH_MAX], own[MACHINE_PATH_MAX];
	size_t mlen = strlen(mount);
	double cpus, period_ms = 0;

	if (strstr(cgpath, "..") != NULL ||
	    path_join(dir, sizeof(dir), mount, cgpath) < 0 || !is_dir(dir))
		snprintf(dir, sizeof(dir), "%s", mount);
	memcpy(own, dir, sizeof(own));
	for (;;) {
		if (at(dir, &cpus, &period_ms) && (!q->limited ||
		    cpus < q->cpus)) {
			q->limited = true;
			q->cpus = cpus;
			q->period_ms = period_ms;
			if (path_join(q->stat_path, sizeof(q->stat_path), dir,
			    "cpu.stat") < 0 || !is_file(q->stat_path))
				q->stat_path[0] = '\0';
		}
		if (strlen(dir) <= mlen)
			break;
		char *slash = strrchr(dir + mlen, '/');

		if (slash == NULL)
			break;
		*slash = '\0';
	}
	if (!q->limited && (path_join(q->stat_path, sizeof(q->stat_path), own,
	    "cpu.stat") < 0 || !is_file(q->stat_path)))
		q->stat_path[0] = '\0';
}

/* Is "cpu" one of the comma-separated controllers? */
static bool
has_cpu_controller(const char *list, size_t len)
{
	const char *p = list, *end = list + len;

	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		size_t n = comma != NULL ? (size_t)(comma - p) : (size_t)(end - p);

		if (n == 3 && memcmp(p, "cpu", 3) == 0)
			return true;
		p += n + 1;
	}
	return false;
}

void
machine_quota_read(struct machine_quota *q, const char *root)
{
	/* Where distributions mount the v1 cpu controller and cgroup2. */
	static const char *const v1_mounts[] = {
		"sys/fs/cgroup/cpu", "sys/fs/cgroup/cpu,cpuacct",
		"sys/fs/cgroup/cpuacct,cpu",
	};
	static const char *const v2_mounts[] = {
		"sys/fs/cgroup", "sys/fs/cgroup/unified",
	};
	char buf[8192], path[MACHINE_PATH_MAX], mount[MACHINE_PATH_MAX];
	char v1[MACHINE_PATH_MAX] = "", v2[MACHINE_PATH_MAX] = "";
	bool have_v1 = false, have_v2 = false;
	char *line, *next;

	memset(q, 0, sizeof(*q));
	q->cgroup = MACHINE_CGROUP_NONE;
	if (path_join(path, sizeof(path), root, "proc/self/cgroup") < 0 ||
	    read_small(path, buf, sizeof(buf)) < 0)
		return;

	/* Lines are "hierarchy:controllers:path"; cgroup2's is "0::path". */
	for (line = buf; *line != '\0'; line = next) {
		char *c1, *c2, *nl = strchr(line, '\n');

		next = nl != NULL ? nl + 1 : line + strlen(line);
		if (nl != NULL)
			*nl = '\0';
		c1 = strchr(line, ':');
		c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
		if (c2 == NULL)
			continue;
		/* A path too long for the buffer is cut, misses, and the
		 * walk starts at the mount's root. */
		if (c1 - line == 1 && line[0] == '0' && c2 == c1 + 1) {
			snprintf(v2, sizeof(v2), "%s", c2 + 1);
			have_v2 = true;
		} else if (has_cpu_controller(c1 + 1, (size_t)(c2 - c1 - 1))) {
			snprintf(v1, sizeof(v1), "%s", c2 + 1);
			have_v1 = true;
		}
	}

	/* The cpu controller sits in one hierarchy only: v1 if it is there. */
	if (have_v1)
		for (size_t i = 0; i < sizeof(v1_mounts) / sizeof(v1_mounts[0]); i++) {
			if (path_join(mount, sizeof(mount), root, v1_mounts[i]) < 0 ||
			    !is_dir(mount))
				continue;
			q->cgroup = MACHINE_CGROUP_V1;
			quota_walk(q, mount, v1, quota_v1_at);
			return;
		}
	if (have_v2)
		for (size_t i = 0; i < sizeof(v2_mounts) / sizeof(v2_mounts[0]); i++) {
			if (path_join(mount, sizeof(mount), root, v2_mounts[i]) < 0 ||
			    path_join(path, sizeof(path), mount,
			    "cgroup.controllers") < 0 || !is_file(path))
				continue;
			q->cgroup = MACHINE_CGROUP_V2;
			quota_walk(q, mount, v2, quota_v2_at);
			return;
		}
}

const char *
machine_cgroup_name(enum machine_cgroup g)
{
	switch (g) {
	case MACHINE_CGROUP_NONE:
		return "none";
	case MACHINE_CGROUP_V1:
		return "cgroup v1";
	case MACHINE_CGROUP_V2:
		return "cgroup v2";
	}
	return "?";
}

/* --- the facts ------------------------------------------------------------ */

static void
facts_usable(struct machine_facts *f)
{
	double usable = f->cpus.count;

	if (f->quota.limited && (usable <= 0 || f->quota.cpus < usable))
		usable = f->quota.cpus;
	f->usable_cpus = usable;
}

int
machine_facts_read(struct machine_facts *f, const char *root)
{
	int rc;

	memset(f, 0, sizeof(*f));
	if (root == NULL)
		root = "";
	if (strlen(root) >= sizeof(f->root) - 64) {	/* room for the paths */
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(f->root, root, strlen(root) + 1);
	rc = machine_cpus_affinity(&f->cpus);
	machine_quota_read(&f->quota, f->root);
	facts_usable(f);
	return rc;
}

void
machine_facts_set_cpus(struct machine_facts *f, const int *list, int n)
{
	machine_cpus_set(&f->cpus, list, n);
	facts_usable(f);
}

/* --- readings ---------------------------------------------------------------- */

struct stat_sum {
	const struct machine_cpus *cpus;
	uint64_t busy, steal;
	int seen;
};

/*
 * One "cpuN user nice system idle iowait irq softirq steal guest
 * guest_nice" line. Busy is user + nice + system + irq + softirq: guest
 * and guest_nice are already inside user and nice (proc(5)), and iowait
 * is idle time. Older kernels give fewer fields; the missing ones are 0.
 */
static void
stat_line(struct stat_sum *s, const char *text, size_t len)
{
	char line[512], *p, *end;
	uint64_t v[10] = { 0 };
	unsigned long cpu;

	if (len >= sizeof(line) || len < 4 || memcmp(text, "cpu", 3) != 0 ||
	    !isdigit((unsigned char)text[3]))
		return;
	memcpy(line, text, len);
	line[len] = '\0';
	cpu = strtoul(line + 3, &p, 10);
	if (cpu >= MACHINE_MAX_CPUS || !machine_cpus_has(s->cpus, (int)cpu))
		return;
	for (int i = 0; i < 10; i++) {
		v[i] = strtoull(p, &end, 10);
		if (end == p)
			break;
		p = end;
	}
	s->busy += v[0] + v[1] + v[2] + v[5] + v[6];
	s->steal += v[7];
	s->seen++;
}

int
machine_stat_parse(const char *text, const struct machine_cpus *c,
    uint64_t *busy, uint64_t *steal)
{
	struct stat_sum s = { .cpus = c };
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		stat_line(&s, p, (size_t)(nl - p));
		p = *nl != '\0' ? nl + 1 : nl;
	}
	*busy = s.busy;
	*steal = s.steal;
	return c->count > 0 && s.seen == c->count ? 0 : -1;
}

/* The cpu lines come first; the long "intr" line after them is never read. */
static int
stat_read(const char *root, const struct machine_cpus *c, uint64_t *busy,
    uint64_t *steal)
{
	struct stat_sum s = { .cpus = c };
	char path[MACHINE_PATH_MAX], line[512];
	FILE *fp;

	if (path_join(path, sizeof(path), root, "proc/stat") < 0 ||
	    (fp = fopen(path, "re")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL &&
	    strncmp(line, "cpu", 3) == 0)
		stat_line(&s, line, strcspn(line, "\n"));
	fclose(fp);
	*busy = s.busy;
	*steal = s.steal;
	return c->count > 0 && s.seen == c->count ? 0 : -1;
}

int
machine_throttled_parse(const char *text, enum machine_cgroup g, uint64_t *us)
{
	const char *key = NULL, *p = text;
	unsigned long long v;
	unsigned div = 1;
	size_t klen;

	switch (g) {
	case MACHINE_CGROUP_V1:
		key = "throttled_time";		/* nanoseconds */
		div = 1000;
		break;
	case MACHINE_CGROUP_V2:
		key = "throttled_usec";
		break;
	case MACHINE_CGROUP_NONE:
		break;
	}
	if (key == NULL)
		return -1;
	klen = strlen(key);
	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, klen) == 0 && p[klen] == ' ') {
			v = strtoull(p + klen, NULL, 10);
			*us = v / div;
			return 0;
		}
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return -1;
}

static double
clock_s(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
machine_snap_take(struct machine_snap *s, const struct machine_facts *f)
{
	char buf[1024];

	memset(s, 0, sizeof(*s));
	s->ticks_per_s = sysconf(_SC_CLK_TCK);
	s->wall_s = clock_s(CLOCK_MONOTONIC);
	s->own_cpu_s = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	s->stat_known = stat_read(f->root, &f->cpus, &s->busy_ticks,
	    &s->steal_ticks) == 0 && s->ticks_per_s > 0;
	s->throttled_known = f->quota.stat_path[0] != '\0' &&
	    read_small(f->quota.stat_path, buf, sizeof(buf)) > 0 &&
	    machine_throttled_parse(buf, f->quota.cgroup, &s->throttled_us) == 0;
}

/* --- load and verdict -------------------------------------------------------- */

/*
 * Others and steal run on the CPUs of the mask, so what they leave is
 * counted against the affinity; a quota then caps this process to its
 * share of what is left: available = min(quota, affinity - other - steal).
 * Without a quota that is usable - other - steal. With a 1-CPU quota on 2
 * CPUs, a neighbour spinning on one CPU leaves the run its whole quota.
 */
void
machine_load_compute(struct machine_load *l, const struct machine_facts *f,
    const struct machine_snap *a, const struct machine_snap *b)
{
	double wall, busy, steal, own, avail, n = f->cpus.count;

	memset(l, 0, sizeof(*l));
	wall = b->wall_s - a->wall_s;
	l->wall_s = wall > 0 ? wall : 0;
	if (b->throttled_known && a->throttled_known &&
	    b->throttled_us >= a->throttled_us) {
		l->throttled_known = true;
		l->throttled_ms = (double)(b->throttled_us - a->throttled_us) / 1e3;
	}
	if (!(wall > 0) || !a->stat_known || !b->stat_known || n <= 0 ||
	    a->ticks_per_s <= 0 || b->busy_ticks < a->busy_ticks ||
	    b->steal_ticks < a->steal_ticks)
		return;
	busy = (double)(b->busy_ticks - a->busy_ticks) / (double)a->ticks_per_s;
	steal = (double)(b->steal_ticks - a->steal_ticks) / (double)a->ticks_per_s;
	own = b->own_cpu_s - a->own_cpu_s;
	if (own < 0)
		own = 0;
	l->other_cpus = (busy - own) / wall;
	if (l->other_cpus < 0)
		l->other_cpus = 0;
	if (l->other_cpus > n)
		l->other_cpus = n;
	l->steal_cpus = steal / wall;
	avail = n - l->other_cpus - l->steal_cpus;
	if (avail > f->usable_cpus)		/* usable = min(n, quota) */
		avail = f->usable_cpus;
	l->available_cpus = avail > 0 ? avail : 0;
	l->cpu_known = true;
}

/*
 * Since Linux 6.18 a quota throttles each thread as it returns to user
 * space, taking it off the run queue: a throttled thread neither runs nor
 * waits, as a stopped one does, so a throttled run looked stopped (39 ms
 * in one of ten under a 1-CPU quota, judged inconclusive). Time the
 * cgroup was throttled is the quota's, not a stop: only what it cannot
 * explain is. (cgroup v1 sums the throttled time over the CPUs, so this
 * forgives at least as much as the quota took.)
 */
void
machine_load_stopped(struct machine_load *l, bool known, double stopped_ms)
{
	l->stopped_known = known;
	if (!known || !(stopped_ms > 0)) {
		l->stopped_ms = 0;
		return;
	}
	if (l->throttled_known)
		stopped_ms -= l->throttled_ms;
	l->stopped_ms = stopped_ms > 0 ? stopped_ms : 0;
}
