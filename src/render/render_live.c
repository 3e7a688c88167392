/* render_live: a thread that redraws the run's chart in place, below its lines. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "render/render_live.h"
#include "render/render_timeline.h"
#include "sys/cpuclock.h"

#define CURSOR_HIDE	"\033[?25l"
#define CURSOR_SHOW	"\033[?25h"

/*
 * The frames are drawn here, never by the loop: a main thread blocked on
 * its hash would stop them. The thread reads the run only through
 * core/live.h's atomics. It shares the terminal with the main thread's
 * lines through one mutex: whoever writes first takes the frame away,
 * and the frame is put back after. Each frame goes out in one write(2),
 * so nothing is ever half-drawn on the screen.
 */
struct render_live {
	int fd;
	struct live *lv;
	struct render_style st;
	int max_rows;
	pthread_t thread;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;			/* under mu */
	char *frame;			/* the frame on screen, under mu */
	size_t len;
	int rows;			/* its lines, 0 when none is shown */
	int64_t axis_us;		/* drawing thread only */
	struct record rec;		/* drawing thread only */
	int64_t cpu_us;			/* set by the thread as it ends */
	uint64_t frames;		/* drawn so far, under mu */
	struct timespec born;		/* when the view started */
	int64_t wall_us;		/* the view's life, set as it ends */
};

static void
put(int fd, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;	/* a terminal that fails: nothing to say it on */
		s += w;
		n -= (size_t)w;
	}
}

/* Take the frame off the screen: up to its first line, clear below. */
static void
erase(struct render_live *v)
{
	char buf[32];
	int n;

	if (v->rows == 0)
		return;
	n = snprintf(buf, sizeof(buf), "\r\033[%dA\033[J", v->rows);
	put(v->fd, buf, (size_t)n);
	v->rows = 0;
}

static void
show(struct render_live *v)
{
	int rows = 0;

	for (size_t i = 0; i < v->len; i++)
		rows += v->frame[i] == '\n';
	put(v->fd, v->frame, v->len);
	v->rows = rows;
}

/* The axis's end: 1, 2 or 5 times a power of ten ms, past now. */
static int64_t
axis_for(int64_t now_us)
{
	static const int64_t mult[] = { 1, 2, 5 };

	for (int64_t p = 1000; p <= INT64_MAX / 10; p *= 10)
		for (size_t i = 0; i < 3; i++)
			if (now_us <= mult[i] * p)
				return mult[i] * p;
	return now_us;
}

/* The frame, cut to max_rows lines so that moving up to it stays on screen. */
static char *
render(struct render_live *v, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f;
	int64_t now = live_now(v->lv);
	int lines = 0;

	/* Before the run's zero (a warm-up still going) there is nothing yet. */
	if (atomic_load_explicit(&v->lv->zero, memory_order_acquire) == 0)
		return NULL;
	if ((f = open_memstream(&buf, &n)) == NULL)
		return NULL;
	live_snapshot(v->lv, &v->rec, now);
	if (now > v->axis_us)
		v->axis_us = axis_for(now);
	if (render_timeline_frame(f, &v->rec, &v->st, v->axis_us) != 0) {
		fclose(f);
		free(buf);
		return NULL;
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (buf[i] == '\n' && ++lines == v->max_rows) {
			n = i + 1;
			break;
		}
	*len = n;
	return buf;
}

static void *
drawer(void *arg)
{
	struct render_live *v = arg;
	struct timespec next;
	char *frame;
	size_t len = 0;

	pthread_mutex_lock(&v->mu);
	while (!v->stop) {
		pthread_mutex_unlock(&v->mu);
		frame = render(v, &len);
		pthread_mutex_lock(&v->mu);
		if (frame != NULL && !v->stop) {
			erase(v);
			free(v->frame);
			v->frame = frame;
			v->len = len;
			show(v);
			v->frames++;
		} else
			free(frame);
		/*
		 * The next frame a period after this one is out: a busy
		 * machine gets fewer frames, never a drawer that races.
		 */
		clock_gettime(CLOCK_MONOTONIC, &next);
		next.tv_nsec += 1000000000L / RENDER_LIVE_FPS;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_sec++;
			next.tv_nsec -= 1000000000L;
		}
		while (!v->stop && pthread_cond_timedwait(&v->cv, &v->mu,
		    &next) == 0)
			;
	}
	pthread_mutex_unlock(&v->mu);
	v->cpu_us = cpuclock_thread_us();
	clock_gettime(CLOCK_MONOTONIC, &next);
	v->wall_us = (int64_t)(next.tv_sec - v->born.tv_sec) * 1000000 +
	    (next.tv_nsec - v->born.tv_nsec) / 1000;
	return NULL;
}

struct render_live *
render_live_start(int fd, struct live *lv, const struct render_style *st,
    int rows)
{
	struct render_live *v;
	pthread_condattr_t ca;
	sigset_t all, old;
	char err[16];

	if ((v = calloc(1, sizeof(*v))) == NULL)
		return NULL;
	v->fd = fd;
	v->lv = lv;
	v->st = *st;
	v->max_rows = rows > 2 ? rows - 1 : 1;
	/*
	 * The view's life starts here, before the run's clock and before the
	 * thread gets a CPU (late, on a busy machine): it spans the whole run.
	 */
	clock_gettime(CLOCK_MONOTONIC, &v->born);
	if (record_init(&v->rec, &lv->config, err, sizeof(err)) != 0) {
		free(v);
		return NULL;
	}
	pthread_mutex_init(&v->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&v->cv, &ca);
	pthread_condattr_destroy(&ca);
	fflush(stdout);
	put(fd, CURSOR_HIDE, strlen(CURSOR_HIDE));
	/* Signals are the main thread's: the drawer is made with them blocked. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	v->started = pthread_create(&v->thread, NULL, drawer, v) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!v->started) {
		put(fd, CURSOR_SHOW, strlen(CURSOR_SHOW));
		render_live_free(v);
		return NULL;
	}
	return v;
}

void
render_live_hold(struct render_live *v)
{
	pthread_mutex_lock(&v->mu);
	erase(v);
}

void
render_live_release(struct render_live *v)
{
	if (v->frame != NULL && !v->stop)
		show(v);
	pthread_mutex_unlock(&v->mu);
}

void
render_live_stop(struct render_live *v)
{
	if (!v->started)
		return;
	pthread_mutex_lock(&v->mu);
	v->stop = true;
	pthread_cond_signal(&v->cv);
	pthread_mutex_unlock(&v->mu);
	pthread_join(v->thread, NULL);
	v->started = false;
	erase(v);
	put(v->fd, CURSOR_SHOW, strlen(CURSOR_SHOW));
}

int64_t
render_live_cpu_us(const struct render_live *v)
{
	return v->cpu_us;
}

/* Frames drawn, and over how long; read after render_live_stop. */
uint64_t
render_live_frames(const struct render_live *v, int64_t *wall_us)
{
	*wall_us = v->wall_us;
	return v->frames;
}

void
render_live_free(struct render_live *v)
{
	if (v == NULL)
		return;
	render_live_stop(v);
	pthread_mutex_destroy(&v->mu);
	pthread_cond_destroy(&v->cv);
	record_free(&v->rec);
	free(v->frame);
	free(v);
}
