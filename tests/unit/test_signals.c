/* test_signals: what signals_defer holds while a sweep makes its child. */
#include "testutil.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "sys/signals.h"

static bool
blocked(int signum)
{
	sigset_t now;

	assert_int_equal(pthread_sigmask(SIG_BLOCK, NULL, &now), 0);
	return sigismember(&now, signum) == 1;
}

/* The signals that end the process wait; the faults, raised by the thread itself, do not. */
static void
defer_holds_what_ends_the_process(void **state)
{
	static const int held[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1,
		SIGUSR2, SIGALRM, SIGPWR, SIGXCPU, SIGCHLD };
	static const int faults[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP,
		SIGSYS, SIGABRT };

	(void)state;
	signals_defer(true);
	for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++)
		if (!blocked(held[i]))
			fail_msg("signal %d is not held", held[i]);
	assert_true(blocked(SIGRTMIN + 2));
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
		if (blocked(faults[i]))
			fail_msg("fault %d is held", faults[i]);
	signals_defer(false);
	assert_false(blocked(SIGUSR1));
	assert_false(blocked(SIGTERM));
}

/* Off gives back the mask there was, a signal held before included. */
static void
defer_gives_back_the_mask_it_found(void **state)
{
	sigset_t one;

	(void)state;
	sigemptyset(&one);
	sigaddset(&one, SIGUSR2);
	assert_int_equal(pthread_sigmask(SIG_BLOCK, &one, NULL), 0);
	signals_defer(true);
	signals_defer(false);
	assert_true(blocked(SIGUSR2));
	assert_false(blocked(SIGUSR1));
	assert_int_equal(pthread_sigmask(SIG_UNBLOCK, &one, NULL), 0);
}

static volatile sig_atomic_t got;

static void
note(int signum)
{
	got = signum;
}

/* A signal sent while held is taken when the hold ends, not lost. */
static void
a_signal_sent_meanwhile_comes_after(void **state)
{
	struct sigaction sa, old;

	(void)state;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = note;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGUSR1, &sa, &old), 0);
	got = 0;
	signals_defer(true);
	assert_int_equal(kill(getpid(), SIGUSR1), 0);
	assert_int_equal(got, 0);
	signals_defer(false);
	assert_int_equal(got, SIGUSR1);
	assert_int_equal(sigaction(SIGUSR1, &old, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defer_holds_what_ends_the_process),
		cmocka_unit_test(defer_gives_back_the_mask_it_found),
		cmocka_unit_test(a_signal_sent_meanwhile_comes_after),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
