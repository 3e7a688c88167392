/* host: the process's hooks as the core calls them, each one optional. */
#include <stddef.h>

#include "core/host.h"

int
host_cancelled(const struct host *h)
{
	return h != NULL && h->cancelled != NULL ? h->cancelled() : 0;
}

void
host_wake(const struct host *h, uv_async_t *async)
{
	if (h != NULL && h->wake != NULL)
		h->wake(async);
}

void
host_hold(const struct host *h, bool on)
{
	if (h != NULL && h->hold != NULL)
		h->hold(on);
}

void
host_exit_at_once(const struct host *h, bool on)
{
	if (h != NULL && h->exit_at_once != NULL)
		h->exit_at_once(on);
}

void
host_unlink_on_exit(const struct host *h, const char *path, bool on)
{
	if (h != NULL && h->unlink_on_exit != NULL)
		h->unlink_on_exit(path, on);
}
