/* host: what the process around a run lends it: a way to be cancelled, and where the machine is read. */
#ifndef POOLVIZ_HOST_H
#define POOLVIZ_HOST_H

#include <stdbool.h>

#include <uv.h>

/*
 * The core never knows how the process catches signals or reads its test
 * hooks: the CLI passes them in (poolviz's own are sys/signals.c's and
 * hooks.c's). A NULL host, or a NULL member, stands for a process that is
 * never cancelled and has nothing to clean up when it ends.
 */
struct host {
	/* The signal that asked the run to stop (SIGINT, SIGTERM), or 0. */
	int (*cancelled)(void);
	/* Send async once cancelled; NULL before the handle is closed. */
	void (*wake)(uv_async_t *async);
	/*
	 * While on, this thread, and the threads it makes meanwhile (libuv's
	 * pool), never see the cancelling signal.
	 */
	void (*hold)(bool on);
	/*
	 * While on, a cancellation ends the process at once: the main thread
	 * is about to block where the loop cannot see it.
	 */
	void (*exit_at_once)(bool on);
	/* Remove path if the process ends before it is turned off again. */
	void (*unlink_on_exit)(const char *path, bool on);
	/* /proc and /sys/fs/cgroup are read under it: NULL, the machine's own. */
	const char *machine_root;
};

int host_cancelled(const struct host *h);
void host_wake(const struct host *h, uv_async_t *async);
void host_hold(const struct host *h, bool on);
void host_exit_at_once(const struct host *h, bool on);
void host_unlink_on_exit(const struct host *h, const char *path, bool on);

#endif
