/* stdfds: descriptors 0, 1 and 2 open before anything else takes them. */
#ifndef POOLVIZ_STDFDS_H
#define POOLVIZ_STDFDS_H

#include <stdio.h>

void stdfds_open(void);
void stdfds_blocking(void);
FILE *stdfds_copy(int fd);

#endif
