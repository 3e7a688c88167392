/* child: spawn one process, read both its pipes to their end, close it, then say so. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sweep/child.h"

static struct child_buf *
buf_of(struct child *c, const uv_handle_t *h, size_t *max)
{
	if (h == (const uv_handle_t *)&c->out) {
		*max = c->spec.out_max;
		return &c->outb;
	}
	*max = c->spec.err_max;
	return &c->errb;
}

/*
 * Room at the end of the pipe's buffer, or the discard buffer past its
 * limit, or where stdout is fed to the caller.
 */
static void
alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
	struct child *c = h->data;
	size_t max, cap;
	struct child_buf *bf = buf_of(c, h, &max);
	char *p;

	(void)suggested;
	/* Fed to the caller: read into the scratch buffer, kept by no one. */
	if (bf == &c->outb && c->spec.out_feed != NULL) {
		*b = uv_buf_init(c->discard, sizeof(c->discard));
		return;
	}
	if (bf->len < max && bf->cap - bf->len < CHILD_READ_CHUNK) {
		for (cap = bf->cap ? bf->cap : CHILD_READ_CHUNK; cap - bf->len <
		    CHILD_READ_CHUNK; cap *= 2)
			;
		if ((p = realloc(bf->p, cap)) != NULL) {
			bf->p = p;
			bf->cap = cap;
		} else
			bf->over = true;
	}
	if (bf->len >= max || bf->cap - bf->len < CHILD_READ_CHUNK)
		*b = uv_buf_init(c->discard, sizeof(c->discard));
	else
		*b = uv_buf_init(bf->p + bf->len, CHILD_READ_CHUNK);
}

/* done follows the last handle's close; c is not touched after it. */
static void
close_cb(uv_handle_t *h)
{
	struct child *c = h->data;

	if (--c->open > 0)
		return;
	c->spec.done(c, c->spec.arg);
}

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

/* Once the child has exited and both pipes have ended, close every handle. */
static void
maybe_close(struct child *c)
{
	if (c->closing || !c->exited || c->ended < 2)
		return;
	c->closing = true;
	uv_close((uv_handle_t *)&c->proc, close_cb);
	uv_close((uv_handle_t *)&c->out, close_cb);
	uv_close((uv_handle_t *)&c->err, close_cb);
	uv_close((uv_handle_t *)&c->drain, close_cb);
}

/* Any read error ends the pipe, as its end does; what came is judged. */
static void
read_cb(uv_stream_t *s, ssize_t nread, const uv_buf_t *b)
{
	struct child *c = s->data;
	size_t max;
	struct child_buf *bf = buf_of(c, (uv_handle_t *)s, &max);

	if (nread > 0) {
		if (bf == &c->outb && c->spec.out_feed != NULL)
			c->spec.out_feed(c->spec.arg, b->base, (size_t)nread);
		else if (b->base == c->discard)
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
 * waiting, and end the pipe, so that the caller goes on.
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
		for (int i = 0; i < CHILD_DRAIN_READS; i++) {
			alloc_cb((uv_handle_t *)s, CHILD_READ_CHUNK, &b);
			do
				n = read(fd, b.base, b.len);
			while (n < 0 && errno == EINTR);
			if (n <= 0)
				break;
			read_cb(s, n, &b);
		}
	pipe_end(c, s);
}

void
child_drain(struct child *c)
{
	uv_timer_stop(&c->drain);
	pipe_drain(c, (uv_stream_t *)&c->out);
	pipe_drain(c, (uv_stream_t *)&c->err);
	maybe_close(c);
}

static void
drain_cb(uv_timer_t *t)
{
	struct child *c = t->data;

	if (c->exited && !c->closing)
		child_drain(c);
}

static void
exit_cb(uv_process_t *p, int64_t status, int term_signal)
{
	struct child *c = p->data;

	c->exited = true;
	c->status = status;
	c->term_signal = term_signal;
	if (c->spec.exited != NULL)
		c->spec.exited(c, c->spec.arg);
	if (c->ended < 2 && !c->closing)
		uv_timer_start(&c->drain, drain_cb, c->spec.drain_grace_ms, 0);
	maybe_close(c);
}

int
child_spawn(struct child *c, uv_loop_t *loop, const struct child_spec *s)
{
	uv_process_options_t opt;
	uv_stdio_container_t stdio[3];
	int rc;

	c->spec = *s;
	uv_pipe_init(loop, &c->out, 0);
	uv_pipe_init(loop, &c->err, 0);
	uv_timer_init(loop, &c->drain);
	c->out.data = c->err.data = c->proc.data = c->drain.data = c;
	memset(stdio, 0, sizeof(stdio));
	stdio[0].flags = UV_IGNORE;
	stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[1].data.stream = (uv_stream_t *)&c->out;
	stdio[2].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
	stdio[2].data.stream = (uv_stream_t *)&c->err;
	memset(&opt, 0, sizeof(opt));
	opt.exit_cb = exit_cb;
	opt.file = s->file;
	opt.args = s->args;
	opt.stdio_count = 3;
	opt.stdio = stdio;
	/* The process handle is initialised, to be closed, even on failure. */
	c->open = 4;
	if ((rc = uv_spawn(loop, &c->proc, &opt)) != 0) {
		c->exited = true;
		c->ended = 2;
		c->out_ended = c->err_ended = true;
		maybe_close(c);
	}
	return rc;
}

int
child_read(struct child *c)
{
	int rc;

	if ((rc = uv_read_start((uv_stream_t *)&c->out, alloc_cb, read_cb)) != 0 ||
	    (rc = uv_read_start((uv_stream_t *)&c->err, alloc_cb, read_cb)) != 0) {
		/* Cannot happen on a fresh pipe; if it did, the child must go. */
		uv_process_kill(&c->proc, SIGKILL);
		c->ended = 2;
		c->out_ended = c->err_ended = true;
	}
	return rc;
}

void
child_free(struct child *c)
{
	free(c->outb.p);
	free(c->errb.p);
}
