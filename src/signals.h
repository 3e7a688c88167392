/* signals: one handler for SIGINT and SIGTERM, for the whole process. */
#ifndef POOLVIZ_SIGNALS_H
#define POOLVIZ_SIGNALS_H

#include <stdbool.h>

#include <uv.h>

bool signals_catchable(int signum);
void signals_install(void);
int signals_received(void);
void signals_wake(uv_async_t *async);
void signals_exit_at_once(bool on);
void signals_hold(bool block);
void signals_unlink_on_exit(const char *path, bool on);
void signals_show_cursor_on_exit(bool on);

#endif
