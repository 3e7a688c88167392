/* sweep_run: run the sweep's points, one poolviz child per run, and keep their numbers. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "core/pool_probe.h"
#include "sweep/child.h"
#include "sys/signals.h"
#include "sweep/sweep_run.h"
#include "sweep/sweep_stats.h"

#define ERR_KEEP	4096			/* of its stderr: the first line is enough */
#define SWEEP_FIXED_MAX	12		/* the work's options, at most */

struct sweeper;

/* The child running, and which run of which point it makes. */
struct sweep_child {
	struct child ch;
	struct skim skim;	/* its JSON as it comes, lines and tasks counted */
	struct sweeper *sw;
	size_t point;
	unsigned round;		/* 0-based */
};

struct sweeper {
	uv_loop_t loop;
	uv_signal_t sigint, sigterm;
	uv_timer_t grace;
	const struct sweep_config *cfg;
	const char *exe;
	char *fixed[SWEEP_FIXED_MAX];	/* the children's arguments common to all */
	size_t nfixed;
	struct sweep_run *runs;	/* runs[point * repeat + round] */
	double law_t_ms;	/* the first point's T that ran a hash, or 0 */
	size_t npoints, nruns, next;
	struct sweep_child *child;	/* the one running, if any */
	struct sweep_machine machine;
	bool have_machine, failed;
	/* A disturbed run to make again; where re-runs stand (sweep_redo). */
	bool redo;
	size_t redo_slot;
	struct sweep_redo redos;
	int signum;
	sweep_progress_fn *progress;
	sweep_point_fn *point_done;
	void *arg;
	char *err;
	size_t errlen;
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
point_name(const struct sweep_child *c, char *buf, size_t len)
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

/* --- the child's exit ----------------------------------------------------- */

static void
exited_cb(struct child *ch, void *arg)
{
	struct sweep_child *c = arg;

	(void)ch;
	signals_kill_on_exit(0);
	uv_timer_stop(&c->sw->grace);
	/* Stopping for a signal, what is left in the pipes is not wanted. */
	if (c->sw->signum != 0)
		child_drain(&c->ch);
}

/* --- judging a child -------------------------------------------------------- */

/* The first line of the child's stderr, without poolviz's own prefix. */
static void
first_line(const struct child_buf *bf, char *line, size_t len)
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
 * below zero, not finite, or past any run's magnitude (a year of
 * milliseconds; a parallelism of a million, where the pool has at most
 * 1024 threads). They are a broken child, not a measurement to plot, and
 * a value of 1e300 would overflow the plot's integer coordinates.
 * (Parallelism can pass the pool's size a little, as the times it comes
 * from are rounded, so the pool is no bound.)
 */
#define RUN_MS_MAX		(365.0 * 24 * 3600 * 1000)
#define RUN_PARALLELISM_MAX	1e6

static bool
run_impossible(const struct sweep_run *r, char *why, size_t len)
{
	if (!isfinite(r->makespan_ms) || r->makespan_ms < 0 ||
	    r->makespan_ms > RUN_MS_MAX)
		snprintf(why, len, "an impossible makespan (%g ms)",
		    r->makespan_ms);
	else if (!isfinite(r->parallelism) || r->parallelism < 0 ||
	    r->parallelism > RUN_PARALLELISM_MAX)
		snprintf(why, len, "an impossible parallelism (%g)",
		    r->parallelism);
	else if (!isfinite(r->one_hash_ms) || r->one_hash_ms < 0 ||
	    r->one_hash_ms > RUN_MS_MAX)
		snprintf(why, len, "an impossible hash time (%g ms)",
		    r->one_hash_ms);
	else
		return false;
	return true;
}

static void
judge(struct sweep_child *c)
{
	struct sweeper *sw = c->sw;
	struct sweep_machine m;
	struct sweep_run *run;
	char name[96], line[320], why[512];

	/* A child stopped by the sweep's own signal failed for a reason known. */
	if (sw->signum != 0 || sw->failed)
		return;
	point_name(c, name, sizeof(name));
	first_line(&c->ch.errb, line, sizeof(line));
	if (c->ch.term_signal != 0) {
		fail(sw, "%s: the child was killed by signal %d (%s)%s%s", name,
		    c->ch.term_signal, strsignal(c->ch.term_signal),
		    line[0] != '\0' ? ": " : "", line);
		return;
	}
	if (c->ch.status != 0) {
		fail(sw, "%s: the child exited with status %" PRId64 "%s%s", name,
		    c->ch.status, line[0] != '\0' ? ": " : " and wrote nothing on "
		    "stderr", line);
		return;
	}
	run = &sw->runs[c->point * sw->cfg->repeat + c->round];
	if (sweep_child_parse_skim(&c->skim, point_pool(sw, c->point),
	    point_calls(sw, c->point), run, &m, why, sizeof(why)) != 0) {
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
	 * times, while the load looks like a passing spell (sweep_redo). A
	 * dns sweep counts what ran at once, which others do not change:
	 * its runs stand.
	 */
	if (sw->cfg->scenario == NULL &&
	    sweep_redo(&sw->redos, run->disturbed)) {
		sw->redo = true;
		sw->redo_slot = c->point * sw->cfg->repeat + c->round;
		return;
	}
	/*
	 * Its last round: the point is what the result will hold. Points
	 * finish in their order, so the first with a hash gives the T of
	 * every prediction, this one's included.
	 */
	if (c->round + 1 == sw->cfg->repeat) {
		struct sweep_point pt;

		sweep_point_make(&pt, point_pool(sw, c->point),
		    point_calls(sw, c->point), sw->machine.cpus,
		    &sw->runs[c->point * sw->cfg->repeat], sw->cfg->repeat);
		if (sw->law_t_ms == 0)
			sw->law_t_ms = pt.one_hash_ms;
		pt.law_t_ms = sw->law_t_ms;
		if (sw->point_done != NULL)
			sw->point_done(sw->arg, c->point, &pt, &sw->machine);
	}
}

/* The child's stdout, a read at a time: skimmed, never kept whole. */
static void
feed_cb(void *arg, const char *p, size_t n)
{
	struct sweep_child *c = arg;

	skim_feed(&c->skim, p, n);
}

/* Every handle of the child is closed: judge it, then start the next. */
static void
done_cb(struct child *ch, void *arg)
{
	struct sweep_child *c = arg;
	struct sweeper *sw = c->sw;

	(void)ch;
	judge(c);
	child_free(&c->ch);
	skim_free(&c->skim);
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
}

/* Start the next run, or end the loop when none is left to start. */
static void
next(struct sweeper *sw)
{
	const struct sweep_config *cfg = sw->cfg;
	struct child_spec spec = {
		.file = sw->exe,
		.err_max = ERR_KEEP,
		.out_feed = feed_cb,
		.drain_grace_ms = SWEEP_DRAIN_GRACE_MS,
		.exited = exited_cb,
		.done = done_cb,
	};
	char calls[32], pool[32], name[96], scenario[64];
	char *argv[5 + SWEEP_FIXED_MAX + 1] = { (char *)sw->exe, calls, pool,
	    "--no-sync", "--format=json" };
	struct sweep_child *c;
	int rc;

	/* A scenario of lookups and reads has no blocking hash to skip. */
	if (cfg->scenario != NULL) {
		if ((size_t)snprintf(scenario, sizeof(scenario), "--scenario=%s",
		    cfg->scenario) >= sizeof(scenario)) {
			fail(sw, "a scenario's name too long");
			shut_down(sw);
			return;
		}
		argv[3] = scenario;
	}
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
	skim_init(&c->skim, SKIM_MAX, SKIM_ARRAYS_KEEP);
	if (sw->redo) {		/* the same run again: the same progress */
		sw->redo = false;
		c->point = sw->redo_slot / cfg->repeat;
		c->round = (unsigned)(sw->redo_slot % cfg->repeat);
	} else {
		c->point = sw->next / cfg->repeat;
		c->round = (unsigned)(sw->next % cfg->repeat);
		sw->next++;
	}
	sw->child = c;
	snprintf(calls, sizeof(calls), "--calls=%" PRIu64,
	    point_calls(sw, c->point));
	snprintf(pool, sizeof(pool), "--pool=%u", point_pool(sw, c->point));
	if (sw->progress != NULL)
		sw->progress(sw->arg, sw->next, sw->nruns,
		    point_pool(sw, c->point), point_calls(sw, c->point),
		    c->round + 1, cfg->repeat);

	spec.args = argv;
	spec.arg = c;
	/* A signal from the fork on waits until the child is known. */
	signals_defer(true);
	if ((rc = child_spawn(&c->ch, &sw->loop, &spec)) == 0)
		signals_kill_on_exit(c->ch.proc.pid);
	signals_defer(false);
	if (rc != 0) {
		point_name(c, name, sizeof(name));
		fail(sw, "%s: cannot run '%s': %s", name, sw->exe,
		    uv_strerror(rc));
		return;
	}
	if ((rc = child_read(&c->ch)) != 0)
		fail(sw, "cannot read from the child: %s", uv_strerror(rc));
}

/* --- signals ------------------------------------------------------------------ */

static void
grace_cb(uv_timer_t *t)
{
	struct sweeper *sw = t->data;

	if (sw->child != NULL && !sw->child->ch.exited)
		uv_process_kill(&sw->child->ch.proc, SIGKILL);
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
	struct sweep_child *c = sw->child;
	bool again = sw->signum != 0;

	if (!again)
		sw->signum = signum;
	if (c != NULL && c->ch.exited && !c->ch.closing)
		child_drain(&c->ch);
	if (c == NULL || c->ch.exited)
		return;
	if (again) {
		uv_process_kill(&c->ch.proc, SIGKILL);
		return;
	}
	uv_process_kill(&c->ch.proc, signum);
	uv_timer_start(&sw->grace, grace_cb, SWEEP_KILL_GRACE_MS, 0);
}

/* --- the whole sweep -------------------------------------------------------- */

static int
arguments(struct sweeper *sw)
{
	/* The work's own options, as work_argv writes them. */
	return work_argv(&sw->cfg->work, sw->fixed, SWEEP_FIXED_MAX,
	    &sw->nfixed);
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
	sweep_result_law_t(res);
	return 0;
}

/*
 * Run every point cfg->repeat times, its runs one after another, so that
 * each point's row can follow as soon as it is measured; each run a child `exe --calls C
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
	sw->sigint.data = sw->sigterm.data = sw->grace.data = sw;
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
	const char *val[2] = { cfg->work.password, cfg->work.salt };
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
