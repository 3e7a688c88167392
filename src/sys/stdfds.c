/* stdfds: a closed stdin, stdout or stderr is reopened on /dev/null; a non-blocking stdout is written whole. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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
 * Write all of buf to stdout, waiting (poll) while a non-blocking stdout
 * is full instead of failing with EAGAIN. A first signal during the wait
 * ends the process (signals.c sees stdout full).
 */
static ssize_t
write_whole(void *cookie, const char *buf, size_t n)
{
	size_t done = 0;

	(void)cookie;
	while (done < n) {
		ssize_t w = write(STDOUT_FILENO, buf + done, n - done);
		struct pollfd p = { .fd = STDOUT_FILENO, .events = POLLOUT };

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

/*
 * A stdout left O_NONBLOCK by whoever started poolviz (a shared file
 * description: clearing the flag would change it for them too) makes
 * stdio give up at the first full pipe, cutting the output at 64 KiB.
 * Then stdout becomes a stream that waits for the pipe instead.
 */
void
stdfds_blocking_stdout(void)
{
	static const cookie_io_functions_t io = { .write = write_whole };
	int fl = fcntl(STDOUT_FILENO, F_GETFL);
	FILE *f;

	if (fl < 0 || !(fl & O_NONBLOCK) ||
	    (f = fopencookie(NULL, "w", io)) == NULL)
		return;
	if (isatty(STDOUT_FILENO))
		setvbuf(f, NULL, _IOLBF, 0);
	stdout = f;
}
