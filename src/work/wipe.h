/* wipe: clear secrets (keys) so that the optimiser cannot drop it. */
#ifndef POOLVIZ_WIPE_H
#define POOLVIZ_WIPE_H

#include <stddef.h>

void work_wipe(void *p, size_t n);

#endif
