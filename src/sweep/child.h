/* child: run one process on a libuv loop and read both its pipes to their end. */
#ifndef POOLVIZ_CHILD_H
#define POOLVIZ_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#define CHILD_READ_CHUNK	65536
#define CHILD_DRAIN_READS	16	/* a full pipe, with room */

/* What came on one pipe, up to the most that is kept. */
struct child_buf {
	char *p;
	size_t len, cap;
	bool over;		/* more came than is kept, or memory ran out */
};

struct child;

/* The child has exited: its status is set; its pipes may still be open. */
typedef void child_exit_fn(struct child *c, void *arg);
/* Every handle is closed: what came can be judged, and c freed. */
typedef void child_done_fn(struct child *c, void *arg);
/* What came on stdout, as it comes, when it is not kept. */
typedef void child_feed_fn(void *arg, const char *p, size_t n);

struct child_spec {
	const char *file;	/* file and args: read by child_spawn only */
	char **args;
	size_t out_max, err_max;	/* kept of stdout and stderr */
	/*
	 * Given, stdout is handed to it a read at a time instead of kept
	 * (out_max is then unused), so the caller keeps what it needs.
	 */
	child_feed_fn *out_feed;
	/*
	 * Grace for the pipes to end once the child has exited: past it,
	 * what they hold is read and they are closed, though a process the
	 * child left behind may hold their other end.
	 */
	uint64_t drain_grace_ms;
	child_exit_fn *exited;		/* may be NULL */
	child_done_fn *done;
	void *arg;
};

/*
 * One child and its two pipes. Both pipes are read to their end whatever
 * the child writes, so it never blocks on a full pipe; done follows once
 * it has exited, both pipes have ended and all its handles are closed.
 */
struct child {
	uv_process_t proc;
	uv_pipe_t out, err;
	uv_timer_t drain;	/* pipes still open after the child exited */
	struct child_buf outb, errb;
	struct child_spec spec;
	int open;		/* handles not yet closed */
	int ended;		/* pipes at their end */
	bool out_ended, err_ended;
	bool exited, closing;
	int64_t status;
	int term_signal;
	char discard[CHILD_READ_CHUNK];	/* reads past what is kept */
};

/*
 * Start file with args, stdin ignored, and read its stdout and stderr.
 * 0, or libuv's error: the process could not start. Either way done
 * follows, once c's handles are closed; c must stay where it is till then.
 */
int child_spawn(struct child *c, uv_loop_t *loop, const struct child_spec *s);
/*
 * Start reading both pipes, after child_spawn; 0, or libuv's error: then
 * the child is killed and its pipes are given up.
 */
int child_read(struct child *c);
/*
 * The child has exited but a pipe is still open: read what is there
 * already, without waiting, and end both pipes.
 */
void child_drain(struct child *c);
/* The buffers; after done. */
void child_free(struct child *c);

#endif
