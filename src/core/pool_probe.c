/* pool_probe: start the pool's threads and take the loop's descriptors once, to see that they can be had. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "core/pool_probe.h"

/*
 * libuv abort()s when it cannot start its pool's threads (on the first
 * uv_queue_work) or cannot make a pipe it needs at loop start, and a
 * process that aborts says nothing useful and leaves its temporary files.
 * Before any output file is made and before anything is printed, these
 * probes take the same resources and give them back, so that a limit
 * (ulimit -v, -u, -n) is one line and exit 1 instead. A limit could still
 * tighten between the probe and the run; nothing here can prevent that.
 */

struct gate {
	uv_mutex_t mu;
	uv_cond_t cv;
	bool open;
};

static void
waiter(void *arg)
{
	struct gate *g = arg;

	uv_mutex_lock(&g->mu);
	while (!g->open)
		uv_cond_wait(&g->cv, &g->mu);
	uv_mutex_unlock(&g->mu);
}

/*
 * Start pool threads that all live at once, then let them end. They are
 * made with uv_thread_create, as libuv's pool makes its own, so they get
 * the same stack size, and with every signal blocked, as the handlers
 * expect to run on the main thread.
 */
int
pool_probe_threads(unsigned pool, char *err, size_t errlen)
{
	struct gate g = { .open = false };
	uv_thread_t *t;
	sigset_t all, old;
	unsigned n = 0;
	int rc = 0;

	if (pool == 0)
		pool = 4;	/* libuv's default */
	if ((t = calloc(pool, sizeof(*t))) == NULL) {
		snprintf(err, errlen, "cannot allocate memory to start %u pool "
		    "threads", pool);
		return -1;
	}
	if (uv_mutex_init(&g.mu) != 0 || uv_cond_init(&g.cv) != 0) {
		snprintf(err, errlen, "cannot start %u pool threads: no mutex",
		    pool);
		free(t);
		return -1;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (; n < pool; n++)
		if ((rc = uv_thread_create(&t[n], waiter, &g)) != 0)
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	uv_mutex_lock(&g.mu);
	g.open = true;
	uv_cond_broadcast(&g.cv);
	uv_mutex_unlock(&g.mu);
	for (unsigned i = 0; i < n; i++)
		uv_thread_join(&t[i]);
	uv_cond_destroy(&g.cv);
	uv_mutex_destroy(&g.mu);
	free(t);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start %u pool thread%s: %s (try a "
		    "smaller --pool)", pool, pool == 1 ? "" : "s", strerror(-rc));
		return -1;
	}
	return 0;
}

/*
 * Take need descriptors, then give them back. Taking them as duplicates
 * of descriptor 2 (always open: see stdfds) needs no file system.
 */
int
pool_probe_fds(unsigned need, char *err, size_t errlen)
{
	int fds[64];
	unsigned n = 0;
	int e = 0;

	if (need > sizeof(fds) / sizeof(fds[0]))
		need = sizeof(fds) / sizeof(fds[0]);
	for (; n < need; n++)
		if ((fds[n] = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)) < 0) {
			e = errno;
			break;
		}
	for (unsigned i = 0; i < n; i++)
		close(fds[i]);
	if (e != 0) {
		snprintf(err, errlen, "too few file descriptors: %u free, a run "
		    "needs %u (%s; raise ulimit -n)", n, need, strerror(e));
		return -1;
	}
	return 0;
}

/* Both, descriptors first: the cheaper test, and threads need none. */
int
pool_probe(unsigned pool, char *err, size_t errlen)
{
	if (pool_probe_fds(POOL_PROBE_FDS, err, errlen) != 0)
		return -1;
	return pool_probe_threads(pool, err, errlen);
}
