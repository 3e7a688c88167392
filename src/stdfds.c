/* stdfds: a closed stdin, stdout or stderr is reopened on /dev/null. */
#include <fcntl.h>
#include <unistd.h>

#include "stdfds.h"

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
