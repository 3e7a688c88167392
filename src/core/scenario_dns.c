/*
 * scenario_dns: DNS lookups and file reads fill the pool at once, to show
 * that libuv lets lookups (slow I/O) hold at most (n + 1) / 2 of its n
 * workers while file reads (fast I/O) take the others.
 *
 * Offline, a resolver answers "localhost" in microseconds, so each lookup
 * and each read is slowed, by a stated time, on the worker that runs it.
 * poolviz's executable defines getaddrinfo() and pread64(), the two calls
 * libuv's uv_getaddrinfo() and uv_fs_read() make there; the dynamic
 * linker binds libuv's calls to them. While this scenario runs, a call
 * that is one of its own (the host "localhost" and a service that is a
 * task's id; the scenario's file and a task's offset) sleeps the stated
 * time and then calls the C library's own, found with
 * dlsym(RTLD_NEXT, ...). Every other call goes straight through. libuv
 * still schedules each request as it always does, which is what is shown.
 */
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "core/run.h"

#define DNS_LOOKUP_MS	80	/* each lookup sleeps this long first */
#define DNS_READ_MS	20	/* each file read sleeps this long first */
#define DNS_HOST	"localhost"

struct dns {
	struct run *run;
	size_t ntasks;
	uv_getaddrinfo_t *gai;	/* indexed like the record's tasks */
	uv_fs_t *fs;
	char (*service)[24];	/* a lookup's service: its task id */
	char *bytes;		/* a read's own byte, indexed like the tasks */
	int fd;			/* the file, already unlinked */
	size_t next_read;	/* the next read's task index */
	size_t lookups, lookups_done;
	size_t reads_in_flight;
};

/* The running scenario, for the calls on the workers; NULL otherwise. */
static struct dns *_Atomic dns_active;

static void
sleep_ms(unsigned ms)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/* The task a lookup of this run is for: its index, or -1. */
static long
lookup_task(const struct dns *d, const char *node, const char *service)
{
	char *end;
	long id;

	if (node == NULL || service == NULL || strcmp(node, DNS_HOST) != 0)
		return -1;
	id = strtol(service, &end, 10);
	if (*end != '\0' || id < 1 || (size_t)id > d->ntasks || id % 2 == 0)
		return -1;
	return id - 1;
}

typedef int (*getaddrinfo_fn)(const char *, const char *,
    const struct addrinfo *, struct addrinfo **);
typedef ssize_t (*pread64_fn)(int, void *, size_t, off64_t);

/* The C library's own function: the next definition after this executable. */
static void *
next_symbol(const char *name)
{
	return dlsym(RTLD_NEXT, name);
}

int
getaddrinfo(const char *node, const char *service,
    const struct addrinfo *hints, struct addrinfo **res)
{
	static void *_Atomic real;
	struct dns *d = atomic_load_explicit(&dns_active, memory_order_acquire);
	void *fn = atomic_load_explicit(&real, memory_order_relaxed);
	long i = d != NULL ? lookup_task(d, node, service) : -1;
	int rc;

	if (fn == NULL) {
		if ((fn = next_symbol("getaddrinfo")) == NULL)
			return EAI_SYSTEM;
		atomic_store_explicit(&real, fn, memory_order_relaxed);
	}
	if (i < 0)
		return ((getaddrinfo_fn)fn)(node, service, hints, res);
	run_task_start(d->run, (size_t)i);
	sleep_ms(DNS_LOOKUP_MS);
	rc = ((getaddrinfo_fn)fn)(node, service, hints, res);
	run_task_end(d->run, (size_t)i);
	return rc;
}

ssize_t
pread64(int fd, void *buf, size_t count, off64_t offset)
{
	static void *_Atomic real;
	struct dns *d = atomic_load_explicit(&dns_active, memory_order_acquire);
	void *fn = atomic_load_explicit(&real, memory_order_relaxed);
	bool ours = d != NULL && fd == d->fd && offset >= 0 &&
	    (size_t)offset < d->ntasks && offset % 2 == 1;
	ssize_t n;

	if (fn == NULL) {
		if ((fn = next_symbol("pread64")) == NULL) {
			errno = ENOSYS;
			return -1;
		}
		atomic_store_explicit(&real, fn, memory_order_relaxed);
	}
	if (!ours)
		return ((pread64_fn)fn)(fd, buf, count, offset);
	run_task_start(d->run, (size_t)offset);
	sleep_ms(DNS_READ_MS);
	n = ((pread64_fn)fn)(fd, buf, count, offset);
	run_task_end(d->run, (size_t)offset);
	return n;
}

/* --- on the loop ----------------------------------------------------------- */

static void read_cb(uv_fs_t *req);

/* Queue the next read, if there is one; the read at index i reads byte i. */
static void
queue_read(struct dns *d)
{
	uv_buf_t buf;
	size_t i;

	while (d->next_read < d->ntasks && d->next_read % 2 == 0)
		d->next_read++;		/* even indices are lookups */
	if (d->next_read >= d->ntasks || run_stopping(d->run))
		return;
	i = d->next_read++;
	buf = uv_buf_init(&d->bytes[i], 1);	/* reads at once: one each */
	d->fs[i].data = d;
	run_task_queued(d->run, i);
	if (uv_fs_read(run_loop(d->run), &d->fs[i], d->fd, &buf, 1,
	    (int64_t)i, read_cb) != 0) {
		run_task_done(d->run, i, UV_ECANCELED);
		return;
	}
	d->reads_in_flight++;
}

/*
 * Reads keep the pool's other workers busy while lookups remain: each
 * read that ends queues the next, so one is always waiting. Once the
 * lookups are over, the reads left are queued at once.
 */
static void
read_cb(uv_fs_t *req)
{
	struct dns *d = req->data;
	size_t i = (size_t)(req - d->fs);
	int status = req->result < 0 ? (int)req->result : 0;

	uv_fs_req_cleanup(req);
	d->reads_in_flight--;
	run_task_done(d->run, i, status);
	queue_read(d);
}

static void
lookup_cb(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
	struct dns *d = req->data;
	size_t i = (size_t)(req - d->gai);

	uv_freeaddrinfo(res);
	run_task_done(d->run, i, status == UV_ECANCELED ? status : 0);
	if (++d->lookups_done == d->lookups)
		while (d->next_read < d->ntasks && !run_stopping(d->run))
			queue_read(d);
}

static int
dns_open(struct run *run, void *state, char *err, size_t errlen)
{
	struct dns *d = state;
	const char *tmp = getenv("TMPDIR");
	char path[256];
	size_t n = run_record(run)->ntasks;
	char *zeros = NULL;
	int rc = -1;

	d->run = run;
	d->ntasks = n;
	d->fd = -1;
	d->gai = calloc(n ? n : 1, sizeof(*d->gai));
	d->fs = calloc(n ? n : 1, sizeof(*d->fs));
	d->service = calloc(n ? n : 1, sizeof(*d->service));
	d->bytes = calloc(n ? n : 1, 1);
	zeros = calloc(n ? n : 1, 1);
	if (d->gai == NULL || d->fs == NULL || d->service == NULL ||
	    d->bytes == NULL || zeros == NULL) {
		snprintf(err, errlen, "cannot allocate memory for %zu requests", n);
		goto out;
	}
	/* TMPDIR may be long or odd: fall back to /tmp rather than truncate. */
	if (tmp == NULL || *tmp == '\0' || (size_t)snprintf(path, sizeof(path),
	    "%s/poolviz-dns-XXXXXX", tmp) >= sizeof(path))
		snprintf(path, sizeof(path), "/tmp/poolviz-dns-XXXXXX");
	if ((d->fd = mkstemp(path)) < 0) {
		snprintf(err, errlen, "cannot create the file the reads read");
		goto out;
	}
	/* Unlinked at once: nothing is left behind, whatever ends the run. */
	unlink(path);
	if (write(d->fd, zeros, n ? n : 1) != (ssize_t)(n ? n : 1)) {
		snprintf(err, errlen, "cannot write the file the reads read");
		goto out;
	}
	run_record(run)->io.ran = true;
	run_record(run)->io.lookup_ms = DNS_LOOKUP_MS;
	run_record(run)->io.read_ms = DNS_READ_MS;
	rc = 0;
out:
	free(zeros);
	return rc;
}

/*
 * All the lookups first, then as many reads as the pool has workers and
 * one more, so that a worker that frees up always finds one waiting.
 */
static void
dns_start(struct run *run, void *state)
{
	struct dns *d = state;
	struct addrinfo hints;
	unsigned pool = run_record(run)->config.pool;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	atomic_store_explicit(&dns_active, d, memory_order_release);
	run_listen_signals(run);
	run_hold(run, true);
	for (size_t i = 0; i < d->ntasks; i += 2) {
		d->gai[i].data = d;
		snprintf(d->service[i], sizeof(d->service[i]), "%zu", i + 1);
		run_task_queued(run, i);
		if (uv_getaddrinfo(run_loop(run), &d->gai[i], lookup_cb, DNS_HOST,
		    d->service[i], &hints) != 0) {
			run_task_done(run, i, UV_ECANCELED);
			continue;
		}
		d->lookups++;
	}
	for (unsigned k = 0; k <= pool; k++)
		queue_read(d);
	if (d->lookups == 0)
		while (d->next_read < d->ntasks)
			queue_read(d);
	run_hold(run, false);
	run_scheduled(run);
}

static void
dns_close(struct run *run, void *state)
{
	struct dns *d = state;

	(void)run;
	atomic_store_explicit(&dns_active, NULL, memory_order_release);
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	free(d->gai);
	free(d->fs);
	free(d->service);
	free(d->bytes);
	d->gai = NULL;
	d->fs = NULL;
	d->service = NULL;
	d->bytes = NULL;
}

const struct scenario_ops scenario_dns = {
	.size = sizeof(struct dns),
	.open = dns_open,
	.start = dns_start,
	.close = dns_close,
};
