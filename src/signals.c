/* signals: Ctrl-C and SIGTERM, caught once for the whole process. */
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "signals.h"

/*
 * One handler, installed once, never replaced. A first signal is recorded
 * and wakes the loop (uv_async_send is async-signal-safe); the loop stops
 * the run cleanly, and main says 130 or 143. A second signal, or one while
 * the main thread hashes and the loop cannot see it, ends the process at
 * once: it removes the temporary files not yet renamed (unlink(2) is
 * async-signal-safe) and exits; output already flushed stays.
 *
 * Only the main thread takes these signals: the pool's threads are made
 * with them blocked (signals_hold), so the handler never
 * runs beside the main thread, which sets and clears what it reads.
 */

#define PENDING_MAX 8

static volatile sig_atomic_t got, at_once, cursor_hidden;
static uv_async_t *volatile wake;
static const char *volatile pending[PENDING_MAX];

static void
leave(int signum)
{
	static const char show[] = "\033[?25h";

	/* --live hid the cursor: give it back (write(2) is async-signal-safe). */
	if (cursor_hidden)
		(void)!write(STDOUT_FILENO, show, sizeof(show) - 1);
	for (int i = 0; i < PENDING_MAX; i++)
		if (pending[i] != NULL)
			unlink(pending[i]);
	_exit(128 + signum);
}

static void
handler(int signum)
{
	if (at_once || got != 0)
		leave(signum);
	got = signum;
	if (wake != NULL)
		uv_async_send(wake);
}

/*
 * A script's background job starts with SIGINT (and perhaps SIGTERM)
 * ignored, so that Ctrl-C meant for the foreground leaves it alone; the
 * Unix convention is to keep it so. The dispositions are read once, on
 * the main thread, before poolviz sets any.
 */
bool
signals_catchable(int signum)
{
	static bool read, ignored_int, ignored_term;
	struct sigaction sa;

	if (!read) {
		read = true;
		ignored_int = sigaction(SIGINT, NULL, &sa) == 0 &&
		    sa.sa_handler == SIG_IGN;
		ignored_term = sigaction(SIGTERM, NULL, &sa) == 0 &&
		    sa.sa_handler == SIG_IGN;
	}
	if (signum == SIGINT)
		return !ignored_int;
	if (signum == SIGTERM)
		return !ignored_term;
	return true;
}

void
signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	if (signals_catchable(SIGINT))
		sigaction(SIGINT, &sa, NULL);
	if (signals_catchable(SIGTERM))
		sigaction(SIGTERM, &sa, NULL);
}

/* The first signal received, or 0. */
int
signals_received(void)
{
	return got;
}

/* Wake this async handle on a first signal; NULL before closing it. */
void
signals_wake(uv_async_t *async)
{
	wake = async;
}

/*
 * While on, a signal ends the process at once: the main thread is about
 * to block where the loop cannot see it. A signal received before leaves
 * now, once the caller has flushed what it had to say.
 */
void
signals_exit_at_once(bool on)
{
	at_once = on;
	if (on && got != 0)
		leave(got);
}

/*
 * Keep SIGINT and SIGTERM pending on this thread while block is true;
 * threads made meanwhile inherit the hold (libuv's pool is made so).
 */
void
signals_hold(bool block)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* Remove path if a signal ends the process before it is renamed. */
void
signals_unlink_on_exit(const char *path, bool on)
{
	for (int i = 0; i < PENDING_MAX; i++)
		if (on ? pending[i] == NULL : pending[i] == path) {
			pending[i] = on ? path : NULL;
			return;
		}
}

/* While on, a signal that ends the process at once shows the cursor first. */
void
signals_show_cursor_on_exit(bool on)
{
	cursor_hidden = on;
}
