/* scenario: the table of scenarios, what each one is and which options apply to it. */
#ifndef POOLVIZ_SCENARIO_H
#define POOLVIZ_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Adding a scenario: a constant here, one file that defines its
 * scenario_ops (core/scenario_NAME.c), and one row in scenario.c's table.
 * Options, baseline matching and the experiment read the table; nothing
 * else names a scenario.
 */
enum scenario {
	SCENARIO_ARTICLE,	/* the first row is the default */
	SCENARIO_BLOCKED,
	SCENARIO_STARVE,
	SCENARIO_OFFLOAD,
	SCENARIO_DNS,
	SCENARIO_COUNT,
};

struct scenario_ops;		/* how it runs: core/run.h */

struct scenario_kind {
	const char *name;
	/* A blocking hash on the main thread: the record's sync span. */
	bool blocks;
	/* --no-sync applies: the blocking hash is optional. */
	bool no_sync;
	/* --check and --repeat apply: its metrics are the article's. */
	bool check;
	const struct scenario_ops *ops;
	/* Its tasks are DNS lookups (odd ids) and file reads (even ids), not the work. */
	bool io;
};

const struct scenario_kind *scenario_get(enum scenario s);
const char *scenario_name(enum scenario s);
bool scenario_is_default(enum scenario s);
int scenario_from_name(const char *name, enum scenario *out);
size_t scenario_list(char *buf, size_t len);
int scenario_parse(const char *name, enum scenario *out, char *err,
    size_t errlen);

#endif
