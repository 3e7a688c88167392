/* render_live: a thread that redraws the run's chart in place, below its lines. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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
	struct render_style st;		/* drawing thread only */
	int max_rows;			/* drawing thread only */
	bool follow;			/* the size follows the terminal's */
	int term_cols, term_rows;	/* its size when the screen was last made, under mu */
	char *said;			/* the last lines the caller wrote, under mu */
	size_t said_len;
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

/*
 * The terminal's size now; false when it will not say. The frames follow
 * it: a resize (a font zoomed, a window dragged) reflows what is on the
 * screen, so the next frame starts from a clean one (see fresh_screen).
 */
static bool
term_size(const struct render_live *v, int *cols, int *rows)
{
	struct winsize ws;

	if (ioctl(v->fd, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0 ||
	    ws.ws_row == 0)
		return false;
	*cols = ws.ws_col;
	*rows = ws.ws_row;
	return true;
}

/*
 * After a resize the terminal has rewrapped the frame on screen, so moving
 * up its rows no longer finds its top: clear the whole screen, and write
 * again as many of the caller's last lines as fit above a frame of
 * `keep` rows, so that the newest stay in sight.
 */
static void
fresh_screen(struct render_live *v, int cols, int rows, int keep)
{
	static const char clear[] = "\033[H\033[2J";
	int room = rows - 1 - keep, used;
	size_t at = v->said_len, start;

	put(v->fd, clear, sizeof(clear) - 1);
	v->rows = 0;
	/* A frame drawn for the old size is not put back: the next one comes. */
	free(v->frame);
	v->frame = NULL;
	v->len = 0;
	while (at > 0 && room > 0) {
		start = at - 1;		/* the newline that ends this line */
		while (start > 0 && v->said[start - 1] != '\n')
			start--;
		/* ASCII lines: a byte a column, a long one taking more rows. */
		used = (int)((at - start - 1 + (size_t)cols - 1) / (size_t)cols);
		if (used < 1)
			used = 1;
		if (used > room)
			break;
		room -= used;
		at = start;
	}
	if (at < v->said_len)
		put(v->fd, v->said + at, v->said_len - at);
}

/*
 * Take the frame away; after a resize since the screen was last made,
 * make it anew, with room for a frame of keep rows.
 */
static void
take_away(struct render_live *v, int keep)
{
	int cols, rows;

	if (v->follow && term_size(v, &cols, &rows) &&
	    (cols != v->term_cols || rows != v->term_rows)) {
		fresh_screen(v, cols, rows, keep);
		v->term_cols = cols;
		v->term_rows = rows;
	} else
		erase(v);
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

	int cols, rows;

	/* Before the run's zero (a warm-up still going) there is nothing yet. */
	if (atomic_load_explicit(&v->lv->zero, memory_order_acquire) == 0)
		return NULL;
	/* Each frame at the terminal's size now: its width and its height. */
	if (v->follow && term_size(v, &cols, &rows)) {
		v->st.width = cols < RENDER_STYLE_MIN_WIDTH ?
		    RENDER_STYLE_MIN_WIDTH : cols > RENDER_STYLE_MAX_WIDTH ?
		    RENDER_STYLE_MAX_WIDTH : cols;
		v->max_rows = rows > 2 ? rows - 1 : 1;
	}
	v->st.height = v->max_rows;
	if ((f = open_memstream(&buf, &n)) == NULL)
		return NULL;
	live_snapshot(v->lv, &v->rec, now);
	if (now > v->axis_us)
		v->axis_us = axis_for(now);
	if (render_timeline_frame(f, &v->rec, &v->st, v->axis_us, now) != 0) {
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
			int keep = 0;

			for (size_t i = 0; i < len; i++)
				keep += frame[i] == '\n';
			take_away(v, keep);
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
    int rows, bool follow)
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
	v->follow = follow && term_size(v, &v->term_cols, &v->term_rows);
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
	take_away(v, 0);
}

/* Keep the last lines written between hold and release, for a resize. */
void
render_live_said(struct render_live *v, const char *text, size_t len)
{
	enum { KEEP = 8192 };
	char *p;
	size_t drop;

	if (len == 0 || len > KEEP)
		return;
	if (v->said_len + len > KEEP) {
		drop = v->said_len + len - KEEP;
		while (drop < v->said_len && v->said[drop - 1] != '\n')
			drop++;
		memmove(v->said, v->said + drop, v->said_len - drop);
		v->said_len -= drop;
	}
	if ((p = realloc(v->said, v->said_len + len)) == NULL)
		return;
	memcpy(p + v->said_len, text, len);
	v->said = p;
	v->said_len += len;
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
	take_away(v, 0);
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
	free(v->said);
	free(v);
}
