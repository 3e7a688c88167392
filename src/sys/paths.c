/* paths: what a file option's path names: stdout, or a file known by its resolved directory and name. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "sys/paths.h"

#define LINKS_MAX	40	/* as the kernel's ELOOP limit */

/*
 * The path as an error message echoes it: whole when short, else cut, so
 * that a path of 4096 bytes never pushes out what the message says of it.
 */
const char *
paths_echo(const char *path, char buf[PATHS_ECHO_SIZE])
{
	if (strlen(path) <= PATHS_ECHO_MAX)
		return path;
	snprintf(buf, PATHS_ECHO_SIZE, "%.*s\u2026", PATHS_ECHO_MAX, path);
	return buf;
}

/*
 * What a path means for stdout: "-" is stdout by the command line's
 * convention; a path that names the process's own stdout by another name
 * (/dev/stdout, /proc/self/fd/1, /dev/fd/1, or the very file stdout was
 * redirected to: the same device and inode as descriptor 1) is stdout
 * too. Every name of stdout is one rule: the output takes stdout alone
 * (the options refuse a second one there, and the text goes to stderr),
 * and stdout is written, never replaced. The null device is the one
 * exception: "--svg /dev/null >/dev/null" discards both, and nothing
 * written there can run into anything. The one place that decides, so
 * that another spelling of stdout joins here.
 */
enum paths_stdout
paths_stdout(const char *path)
{
	struct stat sp, so;

	if (path == NULL)
		return PATHS_FILE;
	if (strcmp(path, "-") == 0)
		return PATHS_DASH;
	if (stat(path, &sp) != 0 || fstat(STDOUT_FILENO, &so) != 0 ||
	    sp.st_dev != so.st_dev || sp.st_ino != so.st_ino)
		return PATHS_FILE;
	if (S_ISCHR(sp.st_mode) && major(sp.st_rdev) == 1 &&
	    minor(sp.st_rdev) == 3)
		return PATHS_FILE;	/* /dev/null */
	return PATHS_STDOUT;
}

/*
 * The kernel's fs.protected_symlinks rule, which a shell's '>' meets and
 * poolviz's own following of links must not bypass: in a sticky
 * world-writable directory (/tmp), a link is followed only when it is
 * ours or the directory owner's. link is the link's path, st its lstat.
 */
static bool
link_followable(const char *link, const struct stat *st)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(link, '/');
	struct stat ds;

	if (st->st_uid == geteuid())
		return true;
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if ((size_t)snprintf(dir, sizeof(dir), "%.*s", slash == link ? 1 :
	    (int)(slash - link), link) >= sizeof(dir))
		return false;
	if (stat(dir, &ds) != 0)
		return false;
	if (!(ds.st_mode & S_ISVTX) || !(ds.st_mode & S_IWOTH))
		return true;
	return st->st_uid == ds.st_uid;
}

/*
 * The file a path will be written to: its symbolic links followed (a
 * dangling one names the file it would create), then the directory
 * resolved by realpath and the last name joined to it. Two spellings of
 * one file (s.svg, ./s.svg, a link to it) resolve alike, whether the file
 * exists yet or not. Returns -1 with errno set when it cannot be known,
 * EACCES for a link the kernel would not follow (link_followable).
 */
int
paths_resolve(const char *path, char *out, size_t len)
{
	char cur[PATH_MAX], link[PATH_MAX], dir[PATH_MAX], real[PATH_MAX];
	const char *base;
	struct stat st;
	ssize_t n;
	char *slash;

	if ((size_t)snprintf(cur, sizeof(cur), "%s", path) >= sizeof(cur)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (int hops = 0; lstat(cur, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
		if (hops == LINKS_MAX) {
			errno = ELOOP;
			return -1;
		}
		if (!link_followable(cur, &st)) {
			errno = EACCES;
			return -1;
		}
		if ((n = readlink(cur, link, sizeof(link) - 1)) < 0)
			return -1;
		link[n] = '\0';
		if (link[0] == '/' || (slash = strrchr(cur, '/')) == NULL)
			snprintf(dir, sizeof(dir), "%s", link);
		else if ((size_t)snprintf(dir, sizeof(dir), "%.*s/%s",
		    (int)(slash - cur), cur, link) >= sizeof(dir)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(cur, dir, sizeof(cur));
	}
	/* Split into the directory and the last name. */
	while ((n = (ssize_t)strlen(cur)) > 1 && cur[n - 1] == '/')
		cur[n - 1] = '\0';
	if ((slash = strrchr(cur, '/')) == NULL) {
		snprintf(dir, sizeof(dir), ".");
		base = cur;
	} else {
		*slash = '\0';
		snprintf(dir, sizeof(dir), "%s", slash == cur ? "/" : cur);
		base = slash + 1;
	}
	if (realpath(dir, real) == NULL)
		return -1;
	if ((size_t)snprintf(out, len, "%s%s%s", real, strcmp(real, "/") == 0 ?
	    "" : "/", base) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/*
 * Two resolved paths name one entry: the same last name in one directory,
 * the directories compared by device and inode, so that a bind mount (m
 * mounted on s: s/y.svg and m/y.svg) or any other second path to one
 * directory is found whether the file exists yet or not.
 */
static bool
same_entry(char *ra, char *rb)
{
	char *sa = strrchr(ra, '/'), *sb = strrchr(rb, '/');
	struct stat da, db;
	bool same;

	if (sa == NULL || sb == NULL || strcmp(sa + 1, sb + 1) != 0)
		return false;
	*sa = *sb = '\0';
	same = stat(sa == ra ? "/" : ra, &da) == 0 &&
	    stat(sb == rb ? "/" : rb, &db) == 0 &&
	    da.st_dev == db.st_dev && da.st_ino == db.st_ino;
	*sa = *sb = '/';
	return same;
}

/*
 * Two paths name one file: the same resolved directory (by device and
 * inode) and name, or (a hard link) the same existing inode. Paths that
 * name stdout are not the same file here: the options refuse a second
 * output on stdout apart.
 */
bool
paths_same(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];
	struct stat sa, sb;

	if (a == NULL || b == NULL)
		return false;
	if (paths_stdout(a) != PATHS_FILE || paths_stdout(b) != PATHS_FILE)
		return false;
	if (strcmp(a, b) == 0)
		return true;
	if (paths_resolve(a, ra, sizeof(ra)) == 0 &&
	    paths_resolve(b, rb, sizeof(rb)) == 0 &&
	    (strcmp(ra, rb) == 0 || same_entry(ra, rb)))
		return true;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
