/* outpath: what a file option's path names: stdout, or a file known by its resolved directory and name. */
#ifndef POOLVIZ_OUTPATH_H
#define POOLVIZ_OUTPATH_H

#include <stdbool.h>
#include <stddef.h>

bool output_path_is_stdout(const char *path);
int output_path_resolve(const char *path, char *out, size_t len);
bool output_path_same(const char *a, const char *b);

#endif
