/* pool_probe: find out, before libuv does, whether a run can have its pool and its loop. */
#ifndef POOLVIZ_POOL_PROBE_H
#define POOLVIZ_POOL_PROBE_H

#include <stddef.h>

/* Free descriptors a run needs: the loop's own, a few files, room to spare. */
#define POOL_PROBE_FDS	16

int pool_probe(unsigned pool, char *err, size_t errlen);
int pool_probe_fds(unsigned need, char *err, size_t errlen);
int pool_probe_threads(unsigned pool, char *err, size_t errlen);

#endif
