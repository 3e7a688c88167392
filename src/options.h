/* options: argv in, one plain struct or one precise error out. */
#ifndef POOLVIZ_OPTIONS_H
#define POOLVIZ_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/record.h"
#include "render/outputs.h"
#include "work/work.h"

#define OPT_CALLS_MAX		1000000ULL
#define OPT_POOL_MAX		1024ULL		/* libuv's own cap */
#define OPT_ITERATIONS_MAX	WORK_ITERATIONS_MAX
#define OPT_KEYLEN_MAX		WORK_KEYLEN_MAX
#define OPT_POOL_DEFAULT	4
#define OPT_REPEAT_MAX		100ULL
#define OPT_WARMUP_MAX		100ULL
#define OPT_TOLERANCE_MAX	1000ULL		/* percent */
#define OPT_TOLERANCE_DEFAULT	25
#define OPT_RETRIES_MAX		10ULL
/* An error message echoes at most this many bytes of a value, then "...". */
#define OPT_ECHO_MAX		40
#define OPT_ECHO_SIZE		(OPT_ECHO_MAX + 4)
#define OPT_HASH_MS_MIN		10ULL
#define OPT_HASH_MS_MAX		60000ULL

/*
 * The work's options, long ones past every other option's value: poolviz
 * and its sweep both list them and both hand them to options_parse_other.
 */
enum {
	OPT_W_LEVEL = 1024,
	OPT_W_PASSWORD,
	OPT_W_SALT,
	OPT_W_SCRYPT_N,
	OPT_W_SCRYPT_P,
	OPT_W_SCRYPT_R,
	OPT_W_SIZE,
	OPT_W_WORK,
};

struct options {
	uint64_t calls;
	unsigned pool;			/* 0: not given, libuv decides */
	/* The work and its parameters: see options_work_params. */
	enum work_kind work;
	uint64_t iterations;
	uint64_t keylen;
	const char *digest;
	const char *password;
	const char *salt;
	uint64_t scrypt_n, scrypt_r, scrypt_p;
	uint64_t size, level;
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
	const char *svg_path;		/* NULL: no SVG */
	const char *trace_path;		/* NULL: no trace */
	const char *junit_path;		/* NULL: no JUnit report */
	uint64_t repeat;		/* measured runs, 1 by default */
	bool repeat_given;		/* --repeat: report runs and stats */
	uint64_t warmup;		/* runs before them, not measured */
	bool check;
	uint64_t tolerance;		/* percent */
	bool tolerance_given;
	uint64_t retries;		/* --retries: measure again while inconclusive */
	bool retries_given;
	const char *save_baseline;
	const char *baseline;
};

void options_defaults(struct options *o);
int options_parse(struct options *o, int argc, char **argv, char *err,
    size_t errlen);
int options_parse_u64(const char *opt, const char *s, uint64_t min,
    uint64_t max, uint64_t *out, char *err, size_t errlen);
unsigned options_effective_pool(const struct options *o, const char *env);
void options_record_config(const struct options *o, const char *pool_env,
    struct record_config *cfg);
const char *options_output_path(const struct options *o, enum output_id id);
bool options_stdout_taken(const struct options *o);

/* Shared with poolviz sweep, which parses its own command line. */
struct option;
int options_parse_format(const char *s, enum format *out, char *err,
    size_t errlen);
const char *options_echo(const char *s, char *buf, size_t len);
int options_value_is_option(const char *opt, const char *value, bool path,
    const struct option *opts, char *err, size_t errlen);
int options_parse_path(const char *opt, const char *s, const char **out,
    char *err, size_t errlen);
int options_parse_digest(const char *s, const char **out, char *err,
    size_t errlen);
int options_work_applies(const struct options *o, char *err, size_t errlen);
void options_work_params(const struct options *o, struct work_params *p);
void options_take_scale(struct options *o, const struct work_params *p);
void options_work_error(char *err, size_t errlen, const char *param,
    const char *msg);
const char *options_name(int argc, char **argv, char *buf, size_t len);
int options_parse_other(struct options *o, int ch, int argc, char **argv,
    const struct option *opts, char *err, size_t errlen);
int options_no_operands(int argc, char **argv, const char *who, char *err,
    size_t errlen);

#endif
