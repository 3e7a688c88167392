/* signals: Ctrl-C and SIGTERM caught once for the whole process; every other fatal signal cleans up. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "sys/signals.h"

/*
 * One handler for SIGINT and SIGTERM, installed once, never replaced. A
 * first signal is recorded and wakes the loop (uv_async_send is
 * async-signal-safe); the loop stops the run cleanly, and main says 130
 * or 143. The process ends at once instead, in the handler, when nothing
 * would hear the signal: a second signal; one while the main thread
 * hashes (signals_exit_at_once); one before any loop has listened, when
 * the main thread may wait in an open or a read that never returns (a
 * FIFO, a silent pipe); and one while stdout, or a FIFO, device or
 * socket named by a file option, is full, where the main thread may wait
 * in a write (signals_watch_fd). Ending at once removes the temporary
 * files not yet renamed (unlink(2) is async-signal-safe) and exits;
 * output already flushed stays.
 *
 * An output that is not full at the first signal may fill later, when
 * the report is written to a reader that has stopped reading. So the
 * first signal also starts a watchdog, SIGALRM every STALL_TICK_MS: an
 * output that stays full for STALL_TICKS ticks in a row ends the process
 * as a second signal would, with the first signal's status. A reader that
 * still reads frees room between ticks and is waited for.
 *
 * Every other signal whose default action ends the process removes them
 * too, stops the sweep's child, then ends the process by that signal, so
 * that the wait status still says which. The faults (SIGSEGV, SIGBUS,
 * SIGFPE, SIGILL, SIGTRAP) do so on an alternate stack, so that a stack
 * overflow on the main thread is cleaned up too; the path calls only
 * async-signal-safe functions. SIGXFSZ is ignored: a file over
 * the size limit is then a write error (EFBIG), reported as one.
 *
 * SIGINT and SIGTERM are taken by the main thread only: the pool's
 * threads are made with them blocked (signals_hold), so that handler
 * never runs beside the main thread, which sets and clears what it reads.
 */

#define PENDING_MAX 8

#define WATCH_MAX 8

#define STALL_TICK_MS	200
#define STALL_TICKS	10	/* 2 s without room in an output */

static volatile sig_atomic_t got, at_once, listened, child, cursor_hidden;
static volatile sig_atomic_t ticking, stalled;
static uv_async_t *volatile wake;
static const char *volatile pending[PENDING_MAX];
static volatile sig_atomic_t watched[WATCH_MAX];	/* fd + 1; 0: free */

static void
cleanup(void)
{
	static const char show[] = "\033[?25h";
	pid_t pid = (pid_t)child;

	/* --live hid the cursor: give it back (write(2) is async-signal-safe). */
	if (cursor_hidden)
		(void)!write(STDOUT_FILENO, show, sizeof(show) - 1);
	for (int i = 0; i < PENDING_MAX; i++)
		if (pending[i] != NULL)
			unlink(pending[i]);
	if (pid > 0)
		kill(pid, SIGKILL);
}

static void
leave(int signum)
{
	cleanup();
	_exit(128 + signum);
}

/*
 * A write the main thread may be waiting in would wait: stdout, or an
 * output written in place (a FIFO, a device, a socket; signals_watch_fd),
 * is a full pipe whose reader does not read. poll(2) is async-signal-safe.
 * One test for every such wait, rather than a case for each.
 */
static bool
output_full(void)
{
	struct pollfd p[WATCH_MAX + 2];
	nfds_t n = 0;

	p[n++] = (struct pollfd){ .fd = STDOUT_FILENO, .events = POLLOUT };
	p[n++] = (struct pollfd){ .fd = STDERR_FILENO, .events = POLLOUT };
	for (int i = 0; i < WATCH_MAX; i++)
		if (watched[i] > 0)
			p[n++] = (struct pollfd){ .fd = (int)watched[i] - 1,
			    .events = POLLOUT };
	if (poll(p, n, 0) < 0)
		return false;
	for (nfds_t i = 0; i < n; i++)
		if (!(p[i].revents & POLLOUT))
			return true;
	return false;
}

/* The watchdog: SIGALRM every STALL_TICK_MS from the first signal on. */
static void
start_ticking(void)
{
	struct itimerval it = {
		.it_interval = { .tv_usec = STALL_TICK_MS * 1000 },
		.it_value = { .tv_usec = STALL_TICK_MS * 1000 },
	};

	ticking = 1;
	if (setitimer(ITIMER_REAL, &it, NULL) != 0)
		ticking = 0;
}

static void
handler(int signum)
{
	int e = errno;

	if (at_once || got != 0 || !listened || output_full())
		leave(signum);
	got = signum;
	start_ticking();
	if (wake != NULL)
		uv_async_send(wake);
	errno = e;
}

/* Clean up, then die of signum as if it had not been caught. */
static void
fatal(int signum)
{
	struct sigaction sa;
	sigset_t set;

	cleanup();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(signum, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, signum);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(signum);
	_exit(128 + signum);	/* not reached: the default action ends it */
}

/*
 * SIGALRM: the watchdog's tick (from the kernel's timer, not from kill),
 * or else a fatal signal like the others.
 */
static void
alarm_handler(int signum, siginfo_t *si, void *uc)
{
	int e = errno;

	(void)uc;
	if (!ticking || got == 0 || si == NULL || si->si_code == SI_USER ||
	    si->si_code == SI_QUEUE)
		fatal(signum);
	if (!output_full())
		stalled = 0;
	else if (++stalled >= STALL_TICKS)
		leave(got);
	errno = e;
}

/*
 * A script's background job starts with SIGINT (and perhaps SIGTERM)
 * ignored, so that Ctrl-C meant for the foreground leaves it alone; the
 * Unix convention is to keep it so. The dispositions are read once, on
 * the main thread, before poolviz sets any. A sweep's children are told
 * through POOLVIZ_SWEEP_IGNORE, as libuv gives a spawned process the
 * default actions back.
 */
bool
signals_catchable(int signum)
{
	static bool read, ignored_int, ignored_term;
	struct sigaction sa;
	const char *env;

	if (!read) {
		read = true;
		if ((env = getenv(SIGNALS_IGNORE_ENV)) != NULL) {
			if (strstr(env, "INT") != NULL)
				signal(SIGINT, SIG_IGN);
			if (strstr(env, "TERM") != NULL)
				signal(SIGTERM, SIG_IGN);
			unsetenv(SIGNALS_IGNORE_ENV);
		}
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

/* What a child should be told to ignore: "INT", "TERM", "INT,TERM" or "". */
const char *
signals_ignored_names(void)
{
	bool i = !signals_catchable(SIGINT), t = !signals_catchable(SIGTERM);

	return i && t ? "INT,TERM" : i ? "INT" : t ? "TERM" : "";
}

/* The faults run their handler on this stack, the main thread's own. */
static void
alt_stack(void)
{
	static char stack[64 * 1024];
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof(stack) };

	(void)sigaltstack(&ss, NULL);
}

static void
install(int signum, void (*fn)(int))
{
	struct sigaction sa;

	/* One ignored at start stays ignored. */
	if (sigaction(signum, NULL, &sa) != 0 || sa.sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(signum, &sa, NULL);
}

/*
 * Before anything else, in main and so for the sweep as well: the fatal
 * signals clean up, SIGXFSZ is ignored, and SIGINT and SIGTERM end the
 * process at once (no loop listens yet), removing temporary files.
 */
void
signals_fatal_install(void)
{
	static const int fatals[] = {
		SIGABRT, SIGHUP, SIGIO, SIGPROF, SIGPWR, SIGQUIT,
		SIGSTKFLT, SIGSYS, SIGUSR1, SIGUSR2, SIGVTALRM, SIGXCPU,
	};

	static const int faults[] = { SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGTRAP };
	struct sigaction sa;

	(void)signals_catchable(SIGINT);	/* before anything is installed */
	for (size_t i = 0; i < sizeof(fatals) / sizeof(fatals[0]); i++)
		install(fatals[i], fatal);
	if (sigaction(SIGALRM, NULL, &sa) == 0 && sa.sa_handler != SIG_IGN) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = alarm_handler;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESTART | SA_SIGINFO;
		sigaction(SIGALRM, &sa, NULL);
	}
	alt_stack();
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		if (sigaction(faults[i], NULL, &sa) != 0 || sa.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = fatal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_ONSTACK | SA_NODEFER;
		sigaction(faults[i], &sa, NULL);
	}
	for (int s = SIGRTMIN; s <= SIGRTMAX; s++)
		install(s, fatal);
	signal(SIGXFSZ, SIG_IGN);
	signals_install();
}

void
signals_install(void)
{
	if (signals_catchable(SIGINT))
		install(SIGINT, handler);
	if (signals_catchable(SIGTERM))
		install(SIGTERM, handler);
}

/* The first signal received, or 0. */
int
signals_received(void)
{
	return got;
}

/*
 * Wake this async handle on a first signal; NULL before closing it. From
 * the first loop that listens on, a first signal is left to the loops and
 * to main, which stop the run and still report what it measured.
 */
void
signals_wake(uv_async_t *async)
{
	if (async != NULL)
		listened = 1;
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

/*
 * An output written in place (a FIFO, a device, a socket): a first signal
 * ends the process at once while a write to it would wait, as for stdout.
 */
void
signals_watch_fd(int fd, bool on)
{
	for (int i = 0; i < WATCH_MAX; i++)
		if (on ? watched[i] == 0 : watched[i] == fd + 1) {
			watched[i] = on ? fd + 1 : 0;
			return;
		}
}

/* Kill this child (0: none) if a signal ends the process. */
void
signals_kill_on_exit(int pid)
{
	child = pid;
}

/*
 * While on, every signal that may end the process is held pending on this
 * thread (the faults, which the thread itself raises, are not), and off
 * gives back the mask it had. A child is made between the two and told to
 * signals_kill_on_exit: a signal sent after the fork, before the child was
 * known, would otherwise end the process and leave the child running. A
 * process libuv spawns starts with no signal blocked.
 */
void
signals_defer(bool on)
{
	static const int faults[] = { SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGTRAP,
		SIGSYS, SIGABRT };
	static sigset_t old;
	sigset_t set;

	if (!on) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return;
	}
	sigfillset(&set);
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		sigdelset(&set, faults[i]);
	pthread_sigmask(SIG_BLOCK, &set, &old);
}

/* While on, a signal that ends the process at once shows the cursor first. */
void
signals_show_cursor_on_exit(bool on)
{
	cursor_hidden = on;
}
