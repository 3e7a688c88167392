/* sweep_grid: the lists of pool sizes and call counts a sweep runs over. */
#ifndef POOLVIZ_SWEEP_GRID_H
#define POOLVIZ_SWEEP_GRID_H

#include <stddef.h>
#include <stdint.h>

int sweep_list_parse(const char *opt, const char *s, uint64_t min,
    uint64_t max, uint64_t **out, size_t *n, char *err, size_t errlen);
int sweep_grid_check(size_t npools, size_t ncalls, uint64_t repeat,
    char *err, size_t errlen);

#endif
