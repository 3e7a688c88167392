/* hooks: what the process lends the core, and the test hooks read from the environment, in one place. */
#include <stdlib.h>

#include "hooks.h"
#include "sys/signals.h"

/*
 * The process's signal handling as the core's host: a run is cancelled
 * by the first SIGINT or SIGTERM. POOLVIZ_MACHINE_ROOT, a test hook,
 * reads /proc and /sys/fs/cgroup under a fixture tree instead of the
 * machine's own.
 */
const struct host *
hooks_host(void)
{
	static struct host h = {
		.cancelled = signals_received,
		.wake = signals_wake,
		.hold = signals_hold,
		.exit_at_once = signals_exit_at_once,
		.unlink_on_exit = signals_unlink_on_exit,
	};

	h.machine_root = getenv("POOLVIZ_MACHINE_ROOT");
	return &h;
}

/* POOLVIZ_LIVE_COST: --live says on stderr what its drawing cost. */
bool
hooks_live_cost(void)
{
	return getenv("POOLVIZ_LIVE_COST") != NULL;
}

/* POOLVIZ_SWEEP_EXE: the program a sweep's points run, or NULL for this one. */
const char *
hooks_sweep_exe(void)
{
	const char *env = getenv("POOLVIZ_SWEEP_EXE");

	return env != NULL && *env != '\0' ? env : NULL;
}
