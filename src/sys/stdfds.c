/* stdfds: a closed stdin, stdout or stderr is reopened on /dev/null; a non-blocking stdout or stderr is written whole. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "sys/stdfds.h"

/*
 * A closed standard descriptor would be the next one open(2) returns:
 * libuv's loop would take it and later refuse to close it (it asserts
 * fd > 2), and a file poolviz writes could receive what was meant for
 * stdout. So each missing one is reopened on /dev/null before anything
 * else runs. stdin and stderr read and write nothing there, which changes
 * nothing; stdout is opened read-only, so that every write to it fails
 * with EBADF and is reported as the output error it is: output meant for
 * a closed stdout is lost, and poolviz must not say it succeeded.
 */
void
stdfds_open(void)
{
	static const int flags[3] = { O_RDONLY, O_RDONLY, O_WRONLY };

	for (int fd = 0; fd <= 2; fd++) {
		int got;

		if (fcntl(fd, F_GETFD) != -1)
			continue;
		if ((got = open("/dev/null", flags[fd])) < 0)
			_exit(1);	/* no /dev/null: nothing sane is left */
		if (got != fd) {
			/* A lower one was missing too and is open now: move it. */
			if (dup2(got, fd) < 0)
				_exit(1);
			close(got);
		}
	}
}

/*
 * Write all of buf to the descriptor the cookie holds, waiting (poll)
 * while a non-blocking one is full instead of failing with EAGAIN. A
 * first signal during the wait ends the process (signals.c sees stdout
 * or stderr full).
 */
static ssize_t
write_whole(void *cookie, const char *buf, size_t n)
{
	int fd = (int)(intptr_t)cookie;
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(fd, buf + done, n - done);
		struct pollfd p = { .fd = fd, .events = POLLOUT };

		if (w > 0)
			done += (size_t)w;
		else if (w < 0 && errno == EINTR)
			continue;
		else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (poll(&p, 1, -1) < 0 && errno != EINTR)
				return done > 0 ? (ssize_t)done : -1;
		} else
			return done > 0 ? (ssize_t)done : -1;
	}
	return (ssize_t)done;
}

static int
close_copy(void *cookie)
{
	return close((int)(intptr_t)cookie);
}

static bool
nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl >= 0 && (fl & O_NONBLOCK);
}

/*
 * A stdout or stderr left O_NONBLOCK by whoever started poolviz (a shared
 * file description: clearing the flag would change it for them too)
 * makes stdio give up at the first full pipe, cutting the output at
 * 64 KiB, or the text and every error line at the first full stderr.
 * Then the stream becomes one that waits for the pipe instead: stdout
 * buffered as stdio would (by lines on a terminal), stderr unbuffered.
 */
void
stdfds_blocking(void)
{
	static const cookie_io_functions_t io = { .write = write_whole };
	FILE *f;

	if (nonblocking(STDOUT_FILENO) && (f = fopencookie(
	    (void *)(intptr_t)STDOUT_FILENO, "w", io)) != NULL) {
		if (isatty(STDOUT_FILENO))
			setvbuf(f, NULL, _IOLBF, 0);
		stdout = f;
	}
	if (nonblocking(STDERR_FILENO) && (f = fopencookie(
	    (void *)(intptr_t)STDERR_FILENO, "w", io)) != NULL) {
		setvbuf(f, NULL, _IONBF, 0);
		stderr = f;
	}
}

/*
 * A stream of its own on a copy of fd (stderr, when "-" sends the text
 * there), written whole like the standard ones; closing it closes the
 * copy only. NULL with errno set on failure.
 */
FILE *
stdfds_copy(int fd)
{
	static const cookie_io_functions_t io = { .write = write_whole,
	    .close = close_copy };
	int c = dup(fd), e;
	FILE *f;

	if (c < 0)
		return NULL;
	f = nonblocking(c) ? fopencookie((void *)(intptr_t)c, "w", io) :
	    fdopen(c, "w");
	if (f == NULL) {
		e = errno;
		close(c);
		errno = e;
	}
	return f;
}
