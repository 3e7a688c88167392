/* signals: one handler for SIGINT and SIGTERM, for the whole process. */
#ifndef POOLVIZ_SIGNALS_H
#define POOLVIZ_SIGNALS_H

#include <stdbool.h>

#include <uv.h>

/* Names the signals a sweep's child starts with ignored ("INT,TERM"). */
#define SIGNALS_IGNORE_ENV "POOLVIZ_SWEEP_IGNORE"

bool signals_catchable(int signum);
const char *signals_ignored_names(void);
void signals_fatal_install(void);
void signals_install(void);
int signals_received(void);
void signals_wake(uv_async_t *async);
void signals_exit_at_once(bool on);
void signals_hold(bool block);
void signals_unlink_on_exit(const char *path, bool on);
void signals_watch_fd(int fd, bool on);
void signals_kill_on_exit(int pid);
void signals_defer(bool on);
void signals_show_cursor_on_exit(bool on);

#endif
