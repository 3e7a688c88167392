/* cpuclock: the calling thread's CPU time, for the experiment, calibration and --live's own cost. */
#include <time.h>

#include "sys/cpuclock.h"

int64_t
cpuclock_thread_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t
cpuclock_thread_us(void)
{
	return cpuclock_thread_ns() / 1000;
}
