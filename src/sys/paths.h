/* paths: what a file option's path names: stdout, or a file known by its resolved directory and name. */
#ifndef POOLVIZ_PATHS_H
#define POOLVIZ_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* What a path says of stdout. */
enum paths_stdout {
	PATHS_FILE,	/* a file (or NULL): not stdout */
	PATHS_DASH,	/* "-": stdout, which this output then takes alone */
	PATHS_STDOUT,	/* another name of stdout: the same, as for "-" */
};

/* A path as a message echoes it: its first PATHS_ECHO_MAX bytes, then "…". */
#define PATHS_ECHO_MAX	40
#define PATHS_ECHO_SIZE	(PATHS_ECHO_MAX + 4)

const char *paths_echo(const char *path, char buf[PATHS_ECHO_SIZE]);
enum paths_stdout paths_stdout(const char *path);
int paths_resolve(const char *path, char *out, size_t len);
bool paths_same(const char *a, const char *b);

#endif
