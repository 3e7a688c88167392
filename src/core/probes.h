/* probes: a file, a DNS and a TCP round trip, each timed on the loop. */
#ifndef POOLVIZ_PROBES_H
#define POOLVIZ_PROBES_H

#include <stdbool.h>
#include <stddef.h>

#include <uv.h>

#include "core/host.h"
#include "core/record.h"

/* Called on the loop when a probe ends, with 0 or a libuv error code. */
typedef void (*probe_done_fn)(void *arg, enum probe_kind kind, int status);

/*
 * The fs and DNS probes go through libuv's thread pool (uv_fs_*, and
 * getaddrinfo in a uv_queue_work, as uv_getaddrinfo does it, so that the
 * errno behind a failure is kept); the TCP probe goes through epoll only (uv_tcp_*). All
 * set-up (a temporary file, a listening socket) happens in probes_init, so
 * that probes_start times only the probes themselves.
 */
struct probes {
	uv_loop_t *loop;
	probe_done_fn done;
	void *arg;
	const struct host *host;	/* removes the file if the process ends */

	char path[64];			/* the temporary file */
	uv_fs_t fs;
	uv_file fd;
	int fs_status;			/* the first error of the chain */
	char fsbuf[512];

	uv_work_t gai;
	int gai_status;			/* 0, or a libuv error code */

	uv_tcp_t server, client, peer;
	uv_connect_t connect;
	uv_write_t ping, pong;
	char rbuf[16], pbuf[16];
	size_t got;
	bool peer_open, tcp_open;
	struct sockaddr_in addr;	/* where the server listens */
};

int probes_init(struct probes *p, uv_loop_t *loop, const struct host *host,
    probe_done_fn done, void *arg, char *err, size_t errlen);
void probes_start(struct probes *p);
void probes_close(struct probes *p);

#endif
