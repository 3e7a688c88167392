/* options: argv in, one plain struct or one precise error out. */
#ifndef POOLVIZ_OPTIONS_H
#define POOLVIZ_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "argv.h"
#include "core/record.h"
#include "render/outputs.h"
#include "work/work.h"

#define OPT_CALLS_MAX		1000000ULL
#define OPT_POOL_MAX		1024ULL		/* libuv's own cap */
#define OPT_POOL_DEFAULT	4
#define OPT_REPEAT_MAX		100ULL
#define OPT_WARMUP_MAX		100ULL
#define OPT_TOLERANCE_MAX	1000ULL		/* percent */
#define OPT_TOLERANCE_DEFAULT	25
#define OPT_RETRIES_MAX		10ULL
/*
 * --retry-budget: seconds the whole command may take before no retry
 * starts. The default lets the README's CI recipe with --retries 3 end
 * within a minute on a machine that stays busy.
 */
#define OPT_RETRY_BUDGET_DEFAULT	45ULL
#define OPT_RETRY_BUDGET_MAX		86400ULL
#define OPT_HASH_MS_MIN		10ULL
#define OPT_HASH_MS_MAX		60000ULL

/*
 * getopt_long's values past every command's own: --work, each row of
 * work_options() (OPT_WORK_ROW + its index, unless it has a short name),
 * and each file output (OPT_OUTPUT + its enum output_id).
 */
#define OPT_WORK		1024
#define OPT_WORK_ROW		1025
#define OPT_OUTPUT		2048
#define OPTIONS_LONGOPTS_MAX	64

struct options {
	uint64_t calls;
	unsigned pool;			/* 0: not given, libuv decides */
	struct work_params work;	/* keylen 0: the work's own */
	unsigned work_given;		/* enum work_param bits the user gave */
	uint64_t hash_ms;		/* --hash-ms: 0 when not given */
	bool sync;
	bool print_key;
	bool help;
	bool version;
	enum scenario scenario;
	enum format format;
	bool timeline;
	bool live;			/* --live: the chart drawn as the run goes */
	bool ascii;
	bool notes;			/* --notes: every note below the chart */
	/* Each file output's path, by enum output_id: NULL when not asked for. */
	const char *paths[OUTPUT_COUNT];
	uint64_t repeat;		/* measured runs, 1 by default */
	bool repeat_given;		/* --repeat: report runs and stats */
	uint64_t warmup;		/* runs before them, not measured */
	bool check;
	uint64_t tolerance;		/* percent */
	bool tolerance_given;
	uint64_t retries;		/* --retries: measure again while inconclusive */
	bool retries_given;
	uint64_t retry_budget_s;	/* --retry-budget */
	bool retry_budget_given;
	const char *baseline;		/* --baseline: the file read */
};

void options_defaults(struct options *o);
int options_parse(struct options *o, int argc, char **argv, char *err,
    size_t errlen);
unsigned options_effective_pool(const struct options *o, const char *env);
void options_record_config(const struct options *o, const char *pool_env,
    struct record_config *cfg);
const char *options_output_path(const struct options *o, enum output_id id);
bool options_stdout_taken(const struct options *o);

/*
 * A command's getopt_long table, made at run time: its own rows, the
 * work's rows, and with outputs the file outputs' rows, sorted by name.
 * Shared with poolviz sweep, which parses its own command line.
 */
struct options_getopt {
	struct option longopts[OPTIONS_LONGOPTS_MAX + 1];
	char optstring[64];	/* "+:c:hp:Vd:i:k:" */
	char shorts[32];	/* the short options' letters */
};

void options_getopt_make(struct options_getopt *g, const struct option *own,
    const char *own_short, bool outputs);
void options_getopt_main(struct options_getopt *g);
int options_parse_format(const char *s, enum format *out, char *err,
    size_t errlen);
int options_parse_other(struct work_params *p, unsigned *given, int ch,
    int argc, char **argv, const struct options_getopt *g, char *err,
    size_t errlen);
int options_work_applies(const struct work_params *p, unsigned given,
    char *err, size_t errlen);
void options_work_error(char *err, size_t errlen, const char *param,
    const char *msg);

#endif
