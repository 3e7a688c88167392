/* usage: the text of --help, which reads like the man page's synopsis. */
#ifndef POOLVIZ_USAGE_H
#define POOLVIZ_USAGE_H

#include <stdio.h>

/* poolviz --help and poolviz sweep --help: 0, or -1 on a write error. */
int usage_print(FILE *f);
int usage_sweep_print(FILE *f);

#endif
