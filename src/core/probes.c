/* probes: time what waits for the pool (files, DNS) and what does not (TCP). */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/probes.h"

#define PING "ping"

/* --- the file probe: stat, open, read and close, each through the pool --- */

static void
fs_close_cb(uv_fs_t *req)
{
	struct probes *p = req->data;

	if (p->fs_status == 0 && req->result < 0)
		p->fs_status = (int)req->result;
	uv_fs_req_cleanup(req);
	p->done(p->arg, PROBE_FS, p->fs_status);
}

static void
fs_read_cb(uv_fs_t *req)
{
	struct probes *p = req->data;

	if (req->result < 0)
		p->fs_status = (int)req->result;
	uv_fs_req_cleanup(req);
	uv_fs_close(p->loop, req, p->fd, fs_close_cb);
}

static void
fs_open_cb(uv_fs_t *req)
{
	struct probes *p = req->data;
	uv_buf_t buf = uv_buf_init(p->fsbuf, sizeof(p->fsbuf));
	int status = (int)req->result;

	uv_fs_req_cleanup(req);
	if (status < 0) {
		p->done(p->arg, PROBE_FS, status);
		return;
	}
	p->fd = status;
	uv_fs_read(p->loop, req, p->fd, &buf, 1, 0, fs_read_cb);
}

static void
fs_stat_cb(uv_fs_t *req)
{
	struct probes *p = req->data;
	int status = (int)req->result;

	uv_fs_req_cleanup(req);
	if (status < 0) {
		p->done(p->arg, PROBE_FS, status);
		return;
	}
	uv_fs_open(p->loop, req, p->path, O_RDONLY, 0, fs_open_cb);
}

/* --- the DNS probe: localhost through getaddrinfo in the pool --- */

/*
 * On a pool thread, as uv_getaddrinfo would run it. glibc reports a
 * lookup that could not open its files (no descriptor left) as "name not
 * known" with errno saying why: that errno is the real error, and
 * uv_getaddrinfo would lose it.
 */
static void
gai_work(uv_work_t *req)
{
	struct probes *p = req->data;
	struct addrinfo hints, *res = NULL;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	errno = 0;
	rc = getaddrinfo("localhost", NULL, &hints, &res);
	if (rc == 0)
		p->gai_status = 0;
	else if (rc == EAI_SYSTEM || errno == EMFILE || errno == ENFILE ||
	    errno == ENOMEM)
		p->gai_status = errno != 0 ? -errno : UV_EAI_FAIL;
	else if (rc == EAI_AGAIN)
		p->gai_status = UV_EAI_AGAIN;
	else if (rc == EAI_MEMORY)
		p->gai_status = UV_ENOMEM;
	else if (rc == EAI_NONAME)
		p->gai_status = UV_EAI_NONAME;
	else
		p->gai_status = UV_EAI_FAIL;
	if (res != NULL)
		freeaddrinfo(res);
}

static void
gai_cb(uv_work_t *req, int status)
{
	struct probes *p = req->data;

	p->done(p->arg, PROBE_DNS, status != 0 ? status : p->gai_status);
}

/* --- the TCP probe: a ping and its echo over loopback, through epoll --- */

static void
alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct probes *p = h->data;

	(void)suggested;
	if ((uv_tcp_t *)h == &p->client)
		*buf = uv_buf_init(p->rbuf + p->got, (unsigned)(sizeof(p->rbuf) - p->got));
	else
		*buf = uv_buf_init(p->pbuf, sizeof(p->pbuf));
}

static void
pong_cb(uv_write_t *req, int status)
{
	(void)req;
	(void)status;	/* the client's read reports any failure */
}

/* The server's side: echo what arrives. */
static void
peer_read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct probes *p = s->data;
	uv_buf_t out;

	if (n <= 0)
		return;
	out = uv_buf_init(buf->base, (unsigned)n);
	uv_write(&p->pong, s, &out, 1, pong_cb);
}

static void
connection_cb(uv_stream_t *server, int status)
{
	struct probes *p = server->data;

	if (status != 0 || p->peer_open)
		return;
	uv_tcp_init(p->loop, &p->peer);
	p->peer.data = p;
	p->peer_open = true;
	if (uv_accept(server, (uv_stream_t *)&p->peer) == 0)
		uv_read_start((uv_stream_t *)&p->peer, alloc_cb, peer_read_cb);
}

static void
client_read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct probes *p = s->data;

	(void)buf;
	if (n == 0)
		return;
	if (n < 0) {
		uv_read_stop(s);
		p->done(p->arg, PROBE_TCP, (int)n);
		return;
	}
	p->got += (size_t)n;
	if (p->got >= strlen(PING)) {
		uv_read_stop(s);
		p->done(p->arg, PROBE_TCP, memcmp(p->rbuf, PING, strlen(PING)) ? UV_EPROTO : 0);
	}
}

static void
ping_cb(uv_write_t *req, int status)
{
	struct probes *p = req->data;

	if (status != 0)
		p->done(p->arg, PROBE_TCP, status);
}

static void
connect_cb(uv_connect_t *req, int status)
{
	struct probes *p = req->data;
	uv_buf_t buf = uv_buf_init(PING, (unsigned)strlen(PING));

	if (status != 0) {
		p->done(p->arg, PROBE_TCP, status);
		return;
	}
	p->ping.data = p;
	uv_read_start((uv_stream_t *)&p->client, alloc_cb, client_read_cb);
	uv_write(&p->ping, (uv_stream_t *)&p->client, &buf, 1, ping_cb);
}

int
probes_init(struct probes *p, uv_loop_t *loop, const struct host *host,
    probe_done_fn done, void *arg, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char data[4096];
	int fd, rc, namelen = sizeof(p->addr);

	memset(p, 0, sizeof(*p));
	p->loop = loop;
	p->host = host;
	p->done = done;
	p->arg = arg;
	p->fs.data = p->gai.data = p->connect.data = p;

	/* TMPDIR may be long or odd: fall back to /tmp rather than truncate. */
	if (tmp == NULL || *tmp == '\0' || (size_t)snprintf(p->path,
	    sizeof(p->path), "%s/poolviz-probe-XXXXXX", tmp) >= sizeof(p->path))
		snprintf(p->path, sizeof(p->path), "/tmp/poolviz-probe-XXXXXX");
	if ((fd = mkstemp(p->path)) < 0) {
		snprintf(err, errlen, "cannot create the file probe's temporary file");
		p->path[0] = '\0';
		return -1;
	}
	host_unlink_on_exit(p->host, p->path, true);
	memset(data, 'p', sizeof(data));
	rc = write(fd, data, sizeof(data)) == (ssize_t)sizeof(data) ? 0 : -1;
	close(fd);
	if (rc != 0) {
		snprintf(err, errlen, "cannot write the file probe's temporary file");
		goto fail;
	}

	uv_tcp_init(loop, &p->server);
	uv_tcp_init(loop, &p->client);
	p->server.data = p->client.data = p;
	p->tcp_open = true;
	uv_ip4_addr("127.0.0.1", 0, &p->addr);
	if ((rc = uv_tcp_bind(&p->server, (const struct sockaddr *)&p->addr, 0)) != 0 ||
	    (rc = uv_listen((uv_stream_t *)&p->server, 4, connection_cb)) != 0 ||
	    (rc = uv_tcp_getsockname(&p->server, (struct sockaddr *)&p->addr, &namelen)) != 0) {
		snprintf(err, errlen, "cannot listen on 127.0.0.1 for the TCP probe: %s",
		    uv_strerror(rc));
		goto fail;
	}
	return 0;

fail:
	probes_close(p);
	return -1;
}

/* Start all three at once; each reports through p->done. */
void
probes_start(struct probes *p)
{
	int rc;

	if ((rc = uv_fs_stat(p->loop, &p->fs, p->path, fs_stat_cb)) != 0)
		p->done(p->arg, PROBE_FS, rc);
	if ((rc = uv_queue_work(p->loop, &p->gai, gai_work, gai_cb)) != 0)
		p->done(p->arg, PROBE_DNS, rc);
	if ((rc = uv_tcp_connect(&p->connect, &p->client,
	    (const struct sockaddr *)&p->addr, connect_cb)) != 0)
		p->done(p->arg, PROBE_TCP, rc);
}

/* Close the sockets and remove the file; the loop must run to finish closing. */
void
probes_close(struct probes *p)
{
	if (p->tcp_open) {
		uv_close((uv_handle_t *)&p->server, NULL);
		uv_close((uv_handle_t *)&p->client, NULL);
		if (p->peer_open)
			uv_close((uv_handle_t *)&p->peer, NULL);
		p->tcp_open = p->peer_open = false;
	}
	if (p->path[0] != '\0') {
		unlink(p->path);
		host_unlink_on_exit(p->host, p->path, false);
		p->path[0] = '\0';
	}
}
