/* sweep_run: spawn poolviz once per run, read its JSON, keep its numbers. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "core/pool_probe.h"
#include "sys/signals.h"
#include "sweep/sweep_run.h"
#include "sweep/sweep_stats.h"

#define OUT_MAX		((size_t)1 << 30)	/* a child's JSON, at most */
#define ERR_KEEP	4096			/* of its stderr: the first line is enough */
#define READ_CHUNK	65536
#define SWEEP_FIXED_MAX	12		/* the work's options, at most */
#define DRAIN_READS	16			/* a full pipe, with room */

struct buf {
	char *p;
	size_t len, cap;
	bool over;		/* more came than is kept, or memory ran out */
};

struct sweeper;

/*
 * One child and its two pipes. Both pipes are read to their end whatever
 * the child writes, so it never blocks on a full pipe; the child is judged
 * once it has exited and both pipes have ended, and freed once all three
 * handles are closed.
 */
struct child {
	struct sweeper *sw;
	uv_process_t proc;
	uv_pipe_t out, err;
	struct buf outb, errb;
	size_t point;
	unsigned round;		/* 0-based */
	int open;		/* handles not yet closed */
	int ended;		/* pipes at their end */
	bool out_ended, err_ended;
	bool exited, closing;
	int64_t status;
	int term_signal;
};

struct sweeper {
	uv_loop_t loop;
	uv_signal_t sigint, sigterm;
	uv_timer_t grace;
	uv_timer_t drain;	/* pipes still open after the child exited */
	const struct sweep_config *cfg;
	const char *exe;
	char *fixed[SWEEP_FIXED_MAX];	/* the children's arguments common to all */
	size_t nfixed;
	struct sweep_run *runs;	/* runs[point * repeat + round] */
	size_t npoints, nruns, next;
	struct child *child;	/* the one running, if any */
	struct sweep_machine machine;
	bool have_machine, failed;
	/* A disturbed run to make again; redos: its re-runs so far. */
	bool redo;
	size_t redo_slot;
	unsigned redos;
	int signum;
	sweep_progress_fn *progress;
	sweep_point_fn *point_done;
	void *arg;
	char *err;
	size_t errlen;
	char discard[READ_CHUNK];	/* reads past what is kept */
};

static void next(struct sweeper *sw);

static unsigned
point_pool(const struct sweeper *sw, size_t point)
{
	return (unsigned)sw->cfg->pools[point % sw->cfg->npools];
}

static uint64_t
point_calls(const struct sweeper *sw, size_t point)
{
	return sw->cfg->calls[point / sw->cfg->npools];
}

/* "pool 4, calls 8", and which run of the point when there are several. */
static void
point_name(const struct child *c, char *buf, size_t len)
{
	const struct sweeper *sw = c->sw;
	int n;

	n = snprintf(buf, len, "pool %u, calls %" PRIu64,
	    point_pool(sw, c->point), point_calls(sw, c->point));
	if (sw->cfg->repeat > 1 && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " (run %u of %u)",
		    c->round + 1, sw->cfg->repeat);
}

/* The first failure is the one reported. */
static void fail(struct sweeper *sw, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fail(struct sweeper *sw, const char *fmt, ...)
{
	va_list ap;

	if (sw->failed)
		return;
	sw->failed = true;
	va_start(ap, fmt);
	vsnprintf(sw->err, sw->errlen, fmt, ap);
	va_end(ap);
}

/* --- reading the pipes ------------------------------------------------------ */

static struct buf *
buf_of(struct child *c, const uv_handle_t *h, size_t *max)
{
	if (h == (const uv_handle_t *)&c->out) {
		*max = OUT_MAX;
		return &c->outb;
	}
	*max = ERR_KEEP;
	return &c->errb;
}

/* Room at the end of the pipe's buffer, or the discard buffer past its limit. */
static void
alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
	struct child *c = h->data;
	size_t max, cap;
	struct buf *bf = buf_of(c, h, &max);
	char *p;

	(void)suggested;
	if (bf->len < max && bf->cap - bf->len < READ_CHUNK) {
		for (cap = bf->cap ? bf->cap : READ_CHUNK; cap - bf->len <
		    READ_CHUNK; cap *= 2)
			;
		if ((p = realloc(bf->p, cap)) != NULL) {
			bf->p = p;
			bf->cap = cap;
		} else
			bf->over = true;
	}
	if (bf->len >= max || bf->cap - bf->len < READ_CHUNK)
		*b = uv_buf_init(c->sw->discard, sizeof(c->sw->discard));
	else
		*b = uv_buf_init(bf->p + bf->len, READ_CHUNK);
}

static void
close_cb(uv_handle_t *h);

static bool *
pipe_ended(struct child *c, const uv_stream_t *s)
{
	return s == (const uv_stream_t *)&c->out ? &c->out_ended : &c->err_ended;
}

/* A pipe at its end, or given up: read no more from it. */
static void
pipe_end(struct child *c, uv_stream_t *s)
{
	bool *e = pipe_ended(c, s);

	if (*e)
		return;
	*e = true;
	uv_read_stop(s);
	c->ended++;
}

/* Once the child has exited and both pipes have ended, close all three. */
static void
maybe_close(struct child *c)
{
	if (c->closing || !c->exited || c->ended < 2)
		return;
	c->closing = true;
	uv_close((uv_handle_t *)&c->proc, close_cb);
	uv_close((uv_handle_t *)&c->out, close_cb);
	uv_close((uv_handle_t *)&c->err, close_cb);
}

/* Any read error ends the pipe, as its end does; what came is judged. */
static void
read_cb(uv_stream_t *s, ssize_t nread, const uv_buf_t *b)
{
	struct child *c = s->data;
	size_t max;
	struct buf *bf = buf_of(c, (uv_handle_t *)s, &max);

	if (nread > 0) {
		if (b->base == c->sw->discard)
			bf->over = true;
		else
			bf->len += (size_t)nread;
		return;
	}
	if (nread == 0)		/* EAGAIN: nothing this time */
		return;
	pipe_end(c, s);
	maybe_close(c);
}

/*
 * The child has exited but a pipe is still open: a process it left
 * behind holds the other end. Read what is there already, without
 * waiting, and end the pipe, so that the sweep goes on.
 */
static void
pipe_drain(struct child *c, uv_stream_t *s)
{
	uv_os_fd_t fd;
	uv_buf_t b;
	ssize_t n;

	if (*pipe_ended(c, s))
		return;
	/* Bounded: a process left behind may write as fast as it is read. */
	if (uv_fileno((uv_handle_t *)s, &fd) == 0)
		for (int i = 0; i < DRAIN_READS; i++) {
			alloc_cb((uv_handle_t *)s, READ_CHUNK, &b);
			do
				n = read(fd, b.base, b.len);
			while (n < 0 && errno == EINTR);
			if (n <= 0)
				break;
			read_cb(s, n, &b);
		}
	pipe_end(c, s);
}

static void
pipes_drain(struct child *c)
{
	uv_timer_stop(&c->sw->drain);
	pipe_drain(c, (uv_stream_t *)&c->out);
	pipe_drain(c, (uv_stream_t *)&c->err);
	maybe_close(c);
}

static void
drain_cb(uv_timer_t *t)
{
	struct sweeper *sw = t->data;

	if (sw->child != NULL && sw->child->exited && !sw->child->closing)
		pipes_drain(sw->child);
}

static void
exit_cb(uv_process_t *p, int64_t status, int term_signal)
{
	struct child *c = p->data;

	c->exited = true;
	c->status = status;
	c->term_signal = term_signal;
	signals_kill_on_exit(0);
	uv_timer_stop(&c->sw->grace);
	/* Stopping for a signal, what is left in the pipes is not wanted. */
	if (c->ended < 2 && c->sw->signum != 0)
		pipes_drain(c);
	else if (c->ended < 2)
		uv_timer_start(&c->sw->drain, drain_cb, SWEEP_DRAIN_GRACE_MS, 0);
	maybe_close(c);
}

/* --- judging a child -------------------------------------------------------- */

/* The first line of the child's stderr, without poolviz's own prefix. */
static void
first_line(const struct buf *bf, char *line, size_t len)
{
	const char *p = bf->p != NULL ? bf->p : "";
	size_t n = bf->len;
	const char *nl = memchr(p, '\n', n);

	if (nl != NULL)
		n = (size_t)(nl - p);
	if (n >= 9 && memcmp(p, "poolviz: ", 9) == 0) {
		p += 9;
		n -= 9;
	}
	snprintf(line, len, "%.*s", (int)(n > 300 ? 300 : n), p);
}

/*
 * Numbers no run can produce: a makespan, a parallelism or a hash time
 * below zero or not finite. They are a broken child, not a measurement to
 * plot. (Parallelism can pass the pool's size a little, as the times it
 * comes from are rounded, so that is no bound.)
 */
static bool
run_impossible(const struct sweep_run *r, char *why, size_t len)
{
	if (!isfinite(r->makespan_ms) || r->makespan_ms < 0)
		snprintf(why, len, "an impossible makespan (%g ms)",
		    r->makespan_ms);
	else if (!isfinite(r->parallelism) || r->parallelism < 0)
		snprintf(why, len, "an impossible parallelism (%g)",
		    r->parallelism);
	else if (!isfinite(r->one_hash_ms) || r->one_hash_ms < 0)
		snprintf(why, len, "an impossible hash time (%g ms)",
		    r->one_hash_ms);
	else
		return false;
	return true;
}

static void
judge(struct child *c)
{
	struct sweeper *sw = c->sw;
	struct sweep_machine m;
	struct sweep_run *run;
	char name[96], line[320], why[512];

	/* A child stopped by the sweep's own signal failed for a reason known. */
	if (sw->signum != 0 || sw->failed)
		return;
	point_name(c, name, sizeof(name));
	first_line(&c->errb, line, sizeof(line));
	if (c->term_signal != 0) {
		fail(sw, "%s: the child was killed by signal %d (%s)%s%s", name,
		    c->term_signal, strsignal(c->term_signal),
		    line[0] != '\0' ? ": " : "", line);
		return;
	}
	if (c->status != 0) {
		fail(sw, "%s: the child exited with status %" PRId64 "%s%s", name,
		    c->status, line[0] != '\0' ? ": " : " and wrote nothing on "
		    "stderr", line);
		return;
	}
	if (c->outb.over) {
		fail(sw, "%s: the child's output is over %zu MiB, or more than "
		    "memory allows", name, OUT_MAX >> 20);
		return;
	}
	run = &sw->runs[c->point * sw->cfg->repeat + c->round];
	if (sweep_child_parse(c->outb.p != NULL ? c->outb.p : "", c->outb.len,
	    point_pool(sw, c->point), point_calls(sw, c->point), run, &m, why,
	    sizeof(why)) != 0) {
		fail(sw, "%s: %s", name, why);
		return;
	}
	if (run_impossible(run, why, sizeof(why))) {
		fail(sw, "%s: the child reported %s", name, why);
		return;
	}
	if (!sw->have_machine) {
		sw->machine = m;
		sw->have_machine = true;
	}
	/*
	 * Others took the CPUs: measure this run again, up to SWEEP_REDO_MAX
	 * times; the next run has its own re-runs.
	 */
	if (run->disturbed && sw->redos < SWEEP_REDO_MAX) {
		sw->redo = true;
		sw->redo_slot = c->point + (size_t)c->round * sw->npoints;
		sw->redos++;
		return;
	}
	sw->redos = 0;
	/* Its last round: the point is what the result will hold. */
	if (sw->point_done != NULL && c->round + 1 == sw->cfg->repeat) {
		struct sweep_point pt;

		sweep_point_make(&pt, point_pool(sw, c->point),
		    point_calls(sw, c->point), sw->machine.cpus,
		    &sw->runs[c->point * sw->cfg->repeat], sw->cfg->repeat);
		sw->point_done(sw->arg, c->point, &pt, &sw->machine);
	}
}

static void
close_cb(uv_handle_t *h)
{
	struct child *c = h->data;
	struct sweeper *sw = c->sw;

	if (--c->open > 0)
		return;
	judge(c);
	free(c->outb.p);
	free(c->errb.p);
	free(c);
	sw->child = NULL;
	next(sw);
}

/* --- the sequence of children ----------------------------------------------- */

static void
shut_down(struct sweeper *sw)
{
	uv_close((uv_handle_t *)&sw->sigint, NULL);
	uv_close((uv_handle_t *)&sw->sigterm, NULL);
	uv_close((uv_handle_t *)&sw->grace, NULL);
	uv_close((uv_handle_t *)&sw->drain, NULL);
}

/* Start the next run, or end the loop when none is left to start. */
static void
next(struct sweeper *sw)
{
	const struct sweep_config *cfg = sw->cfg;
	uv_process_options_t opt;
	uv_stdio_container_t stdio[3];
	char calls[32], pool[32], name[96];
	char *argv[5 + SWEEP_FIXED_MAX + 1] = { (char *)sw->exe, calls, pool,
	    "--no-sync", "--format=json" };
	struct child *c;
	int rc;

	for (size_t i = 0; i < sw->nfixed; i++)
		argv[5 + i] = sw->fixed[i];
	argv[5 + sw->nfixed] = NULL;

	if (sw->signum != 0 || sw->failed || (!sw->redo &&
	    sw->next == sw->nruns)) {
		shut_down(sw);
		return;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		fail(sw, "cannot allocate memory for a child");
		shut_down(sw);
		return;
	}
	c->sw = sw;
	if (sw->redo) {		/* the same run again: the same progress */
		sw->redo = false;
		c->point = sw->redo_slot % sw->npoints;
		c->round = (unsigned)(sw->redo_slot / sw->npoints);
	} else {
		c->point = sw->next % sw->npoints;
		c->round = (unsigned)(sw->next / sw->npoints);
		sw->next++;
		sw->redos = 0;
	}
	sw->child = c;
	snprintf(calls, sizeof(calls), "--calls=%" PRIu64,
	    point_calls(sw, c->point));
	snprintf(pool, sizeof(pool), "--pool=%u", point_pool(sw, c->point));
	if (sw->progress != NULL)
		sw->progress(sw->arg, sw->next, sw->nruns,
		    point_pool(sw, c->point), point_calls(sw, c->point),
		    c->round + 1, cfg->repeat);

	uv_pipe_init(&sw->loop, &c->out, 0);
	uv_pipe_init(&sw->loop, &c->err, 0);
	c->out.data = c->err.data = c->proc.data = c;
	memset(stdio, 0, sizeof(stdio));
	stdio[0].flags = UV_IGNORE;
	stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[1].data.stream = (uv_stream_t *)&c->out;
	stdio[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[2].data.stream = (uv_stream_t *)&c->err;
	memset(&opt, 0, sizeof(opt));
	opt.exit_cb = exit_cb;
	opt.file = sw->exe;
	opt.args = argv;
	opt.stdio_count = 3;
	opt.stdio = stdio;
	/* The process handle is initialised, to be closed, even on failure. */
	c->open = 3;
	if ((rc = uv_spawn(&sw->loop, &c->proc, &opt)) != 0) {
		point_name(c, name, sizeof(name));
		fail(sw, "%s: cannot run '%s': %s", name, sw->exe,
		    uv_strerror(rc));
		c->exited = true;
		c->ended = 2;
		c->out_ended = c->err_ended = true;
		maybe_close(c);
		return;
	}
	signals_kill_on_exit(c->proc.pid);
	if ((rc = uv_read_start((uv_stream_t *)&c->out, alloc_cb, read_cb)) != 0 ||
	    (rc = uv_read_start((uv_stream_t *)&c->err, alloc_cb, read_cb)) != 0) {
		/* Cannot happen on a fresh pipe; if it did, the child must go. */
		fail(sw, "cannot read from the child: %s", uv_strerror(rc));
		uv_process_kill(&c->proc, SIGKILL);
		c->ended = 2;
		c->out_ended = c->err_ended = true;
	}
}

/* --- signals ------------------------------------------------------------------ */

static void
grace_cb(uv_timer_t *t)
{
	struct sweeper *sw = t->data;

	if (sw->child != NULL && !sw->child->exited)
		uv_process_kill(&sw->child->proc, SIGKILL);
}

/*
 * SIGINT or SIGTERM: no further child starts, and the running one is
 * sent the same signal, then SIGKILL after a grace period or at a second
 * signal. The sweep ends once it is gone, so none is left behind.
 */
static void
signal_cb(uv_signal_t *h, int signum)
{
	struct sweeper *sw = h->data;
	struct child *c = sw->child;
	bool again = sw->signum != 0;

	if (!again)
		sw->signum = signum;
	if (c != NULL && c->exited && !c->closing)
		pipes_drain(c);
	if (c == NULL || c->exited)
		return;
	if (again) {
		uv_process_kill(&c->proc, SIGKILL);
		return;
	}
	uv_process_kill(&c->proc, signum);
	uv_timer_start(&sw->grace, grace_cb, SWEEP_KILL_GRACE_MS, 0);
}

/* --- the whole sweep -------------------------------------------------------- */

static int
arguments(struct sweeper *sw)
{
	const struct sweep_config *cfg = sw->cfg;
	struct work_params p = cfg->work;

	/* The work's own options, as work_argv writes them. */
	p.iterations = cfg->iterations;
	p.keylen = cfg->keylen;
	p.digest = cfg->digest;
	p.password = cfg->password;
	p.salt = cfg->salt;
	return work_argv(&p, sw->fixed, SWEEP_FIXED_MAX, &sw->nfixed);
}

static int
points_make(struct sweep_result *res, struct sweeper *sw)
{
	const struct sweep_config *cfg = sw->cfg;

	if ((res->points = calloc(sw->npoints, sizeof(*res->points))) == NULL)
		return -1;
	res->npoints = sw->npoints;
	res->machine = sw->machine;
	for (size_t k = 0; k < sw->npoints; k++)
		sweep_point_make(&res->points[k], point_pool(sw, k),
		    point_calls(sw, k), sw->machine.cpus,
		    &sw->runs[k * cfg->repeat], cfg->repeat);
	return 0;
}

/*
 * Run every point cfg->repeat times, each run a child `exe --calls C
 * --pool P --no-sync --format json` with the configuration's options, one
 * at a time: side by side they would compete for the CPUs. On SWEEP_DONE
 * the result holds every point; otherwise it holds none.
 */
enum sweep_status
sweep_run(struct sweep_result *res, const struct sweep_config *cfg,
    const char *exe, sweep_progress_fn *progress, void *arg, int *signum,
    char *err, size_t errlen)
{
	return sweep_run_live(res, cfg, exe, progress, NULL, arg, signum, err,
	    errlen);
}

enum sweep_status
sweep_run_live(struct sweep_result *res, const struct sweep_config *cfg,
    const char *exe, sweep_progress_fn *progress, sweep_point_fn *point_done,
    void *arg, int *signum, char *err, size_t errlen)
{
	struct sweeper *sw;
	enum sweep_status st = SWEEP_FAILED;
	int rc;

	memset(res, 0, sizeof(*res));
	res->config = cfg;
	*signum = 0;
	if ((sw = calloc(1, sizeof(*sw))) == NULL) {
		snprintf(err, errlen, "cannot allocate memory for the sweep");
		return SWEEP_FAILED;
	}
	sw->cfg = cfg;
	sw->exe = exe;
	sw->progress = progress;
	sw->point_done = point_done;
	sw->arg = arg;
	sw->err = err;
	sw->errlen = errlen;
	sw->npoints = cfg->npools * cfg->ncalls;
	sw->nruns = sw->npoints * cfg->repeat;
	sw->runs = calloc(sw->nruns ? sw->nruns : 1, sizeof(*sw->runs));
	if (sw->runs == NULL || arguments(sw) != 0) {
		snprintf(err, errlen, "cannot allocate memory for the sweep");
		goto out;
	}
	/* libuv aborts if its first loop cannot have its signal pipe. */
	if (pool_probe_fds(POOL_PROBE_FDS, err, errlen) != 0)
		goto out;
	if ((rc = uv_loop_init(&sw->loop)) != 0) {
		snprintf(err, errlen, "uv_loop_init: %s", uv_strerror(rc));
		goto out;
	}
	uv_signal_init(&sw->loop, &sw->sigint);
	uv_signal_init(&sw->loop, &sw->sigterm);
	uv_timer_init(&sw->loop, &sw->grace);
	uv_timer_init(&sw->loop, &sw->drain);
	sw->sigint.data = sw->sigterm.data = sw->grace.data = sw->drain.data = sw;
	/* libuv gives a child the default actions: it is told what to ignore. */
	if (*signals_ignored_names() != '\0')
		setenv(SIGNALS_IGNORE_ENV, signals_ignored_names(), 1);
	if (signals_catchable(SIGINT))
		uv_signal_start(&sw->sigint, signal_cb, SIGINT);
	if (signals_catchable(SIGTERM))
		uv_signal_start(&sw->sigterm, signal_cb, SIGTERM);
	next(sw);
	uv_run(&sw->loop, UV_RUN_DEFAULT);
	if ((rc = uv_loop_close(&sw->loop)) != 0)
		fail(sw, "uv_loop_close: %s", uv_strerror(rc));

	if (sw->signum != 0) {
		*signum = sw->signum;
		st = SWEEP_INTERRUPTED;
	} else if (!sw->failed) {
		if (points_make(res, sw) == 0)
			st = SWEEP_DONE;
		else
			snprintf(err, errlen, "cannot allocate memory for the "
			    "points");
	}
out:
	for (size_t i = 0; i < sw->nfixed; i++)
		free(sw->fixed[i]);
	free(sw->runs);
	free(sw);
	return st;
}

/*
 * Linux limits one argument to MAX_ARG_STRLEN bytes, and all of them with
 * the environment to about a quarter of the stack limit (_SC_ARG_MAX). A
 * password or salt past either could never reach a child: bad input, told
 * before any child runs rather than as a failed spawn (E2BIG).
 */
#define ARG_STRLEN_MAX	((size_t)32 * 4096)	/* MAX_ARG_STRLEN */
#define ARG_ROOM	4096	/* the other arguments, with room to spare */

int
sweep_args_fit(const struct sweep_config *cfg, char *err, size_t errlen)
{
	extern char **environ;
	const char *opt[2] = { "--password", "--salt" };
	const char *val[2] = { cfg->password, cfg->salt };
	long argmax = sysconf(_SC_ARG_MAX);
	size_t total = ARG_ROOM;

	for (char **e = environ; *e != NULL; e++)
		total += strlen(*e) + 1 + sizeof(char *);
	for (int i = 0; i < 2; i++) {
		size_t n = strlen(opt[i]) + 1 + strlen(val[i]) + 1;

		if (n > ARG_STRLEN_MAX) {
			snprintf(err, errlen, "%s: %zu bytes, too long for a child's "
			    "argument (at most %zu)", opt[i], strlen(val[i]),
			    ARG_STRLEN_MAX - strlen(opt[i]) - 2);
			return -1;
		}
		total += n + sizeof(char *);
	}
	if (argmax > 0 && total > (size_t)argmax) {
		snprintf(err, errlen, "--password and --salt: too long for a "
		    "child's argument list (%zu bytes with the environment, at "
		    "most %ld)", total, argmax);
		return -1;
	}
	return 0;
}

void
sweep_result_free(struct sweep_result *res)
{
	free(res->points);
	res->points = NULL;
	res->npoints = 0;
}
