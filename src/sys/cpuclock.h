/* cpuclock: the calling thread's CPU time, the one clock poolviz times work with. */
#ifndef POOLVIZ_CPUCLOCK_H
#define POOLVIZ_CPUCLOCK_H

#include <stdint.h>

/*
 * CLOCK_THREAD_CPUTIME_ID: CPU time the calling thread has used, never
 * decreasing on one thread; 0 where the clock cannot be read.
 */
int64_t cpuclock_thread_ns(void);
int64_t cpuclock_thread_us(void);

#endif
