/* work: one kind of pool work (pbkdf2, scrypt, deflate) behind one interface. */
#ifndef POOLVIZ_WORK_H
#define POOLVIZ_WORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "work/work_desc.h"

enum work_kind {
	WORK_PBKDF2,
	WORK_SCRYPT,
	WORK_DEFLATE,
};

/* Each parameter a work may take, as a bit in work_applies(). */
enum work_param {
	WORK_P_ITERATIONS = 1u << 0,
	WORK_P_KEYLEN = 1u << 1,
	WORK_P_DIGEST = 1u << 2,
	WORK_P_PASSWORD = 1u << 3,
	WORK_P_SALT = 1u << 4,
	WORK_P_SCRYPT_N = 1u << 5,
	WORK_P_SCRYPT_R = 1u << 6,
	WORK_P_SCRYPT_P = 1u << 7,
	WORK_P_SIZE = 1u << 8,
	WORK_P_LEVEL = 1u << 9,
};

#define WORK_ITERATIONS_MAX	2147483647ULL	/* Node's */
#define WORK_KEYLEN_MAX		1048576ULL	/* 1 MiB */
#define WORK_SCRYPT_N_MAX	(1ULL << 30)
#define WORK_SCRYPT_RP_MAX	1073741823ULL	/* r * p < 2^30, RFC 7914 */
/* scrypt needs about 128 * r * (N + p) bytes; more than this is refused. */
#define WORK_SCRYPT_MEM_MAX	(1ULL << 30)	/* 1 GiB */
#define WORK_DEFLATE_SIZE_MAX	(64ULL << 20)	/* 64 MiB */
#define WORK_DEFLATE_LEVEL_MAX	9ULL
/* --print-key for deflate: the compressed size (8 bytes, big-endian), then its SHA-256. */
#define WORK_DEFLATE_KEYLEN	40

/* A work's parameters; those of other works are ignored. */
struct work_params {
	enum work_kind kind;
	uint64_t iterations;	/* pbkdf2 */
	uint64_t keylen;	/* pbkdf2, scrypt; 0: the work's default */
	const char *digest;	/* pbkdf2 */
	const char *password;	/* pbkdf2, scrypt; the caller's, outliving the work */
	const char *salt;	/* pbkdf2, scrypt */
	uint64_t scrypt_n, scrypt_r, scrypt_p;
	uint64_t size;		/* deflate: bytes of input */
	uint64_t level;		/* deflate: 0 to 9 */
};

/*
 * One option of a work, declared in its row as git's parse-options rows
 * are: the option parser, both --help texts, the usage errors and the
 * fuzz checker all read these, so that a new work edits none of them.
 * An option several works take is declared once, by the first, and the
 * others name its bit in their applies.
 */
enum work_option_type {
	WORK_OPT_U64,		/* a whole number in [min, max] */
	WORK_OPT_TEXT,		/* any bytes, a const char * into argv */
	WORK_OPT_CUSTOM,	/* the row's parse */
};

struct work_option {
	const char *name;	/* "--scrypt-n" */
	char short_name;	/* 'i', or 0 */
	const char *arg;	/* --help's name of its value: "N" */
	enum work_param bit;	/* the bit in work_given and work_applies */
	enum work_option_type type;
	size_t offset;		/* its field in struct work_params */
	uint64_t min, max;	/* WORK_OPT_U64 */
	/* WORK_OPT_CUSTOM: 0, or -1 with a message about the value ("'': ...") */
	int (*parse)(const char *s, struct work_params *p, char *err,
	    size_t errlen);
	const char *help;	/* poolviz --help's line; the works it applies to come first */
	const char *sweep_help;	/* poolviz sweep --help's, or NULL: "as for poolviz" */
};

/* What --help says of a work beyond its options. */
struct work_help {
	const char *like;	/* what Node call it does: "crypto.pbkdf2" */
	const char *scale_note;	/* of its --hash-ms knobs, or NULL: "N, a power of 2, and r" */
	const char *print_key;	/* what --print-key shows when no key, or NULL */
};

#define WORK_OPTIONS_MAX	32

/* Every work's options, the table's order, each once. */
const struct work_option *work_options(size_t *n);
const struct work_help *work_help(enum work_kind k);

struct work;		/* an opened work: shared, read-only, by every thread */
struct work_state;	/* one thread's: a context, a stream, buffers */

void work_params_defaults(struct work_params *p);
int work_kind_parse(const char *name, enum work_kind *out);
const char *work_kind_name(enum work_kind k);
/* The works' names joined, "pbkdf2, scrypt or deflate" with ", " and " or ". */
size_t work_kind_list(char *buf, size_t len, const char *sep,
    const char *last);
size_t work_kind_list_of(char *buf, size_t len, unsigned bits);
const char *work_kind_unit(enum work_kind k);	/* "Hash" */
size_t work_count(void);			/* the rows of the table */
unsigned work_applies(enum work_kind k);	/* enum work_param bits */
size_t work_keylen(const struct work_params *p);

/*
 * Open a work. On failure err says what is wrong with the operation
 * ("'x': unknown digest"), and *param names the parameter at fault
 * ("digest"), or NULL; the CLI adds the option's name.
 */
int work_open(struct work **out, const struct work_params *p,
    const char **param, char *err, size_t errlen);
void work_close(struct work *w);

/* One thread's state, made before the clock starts; NULL without memory. */
struct work_state *work_state_new(const struct work *w);
void work_state_free(struct work_state *s);
/*
 * Run one unit. out, if not NULL, gets work_out_len() bytes: the key, or
 * what --print-key shows for the work. 0, or -1 on failure. A NULL state
 * makes one for this unit.
 */
int work_run(const struct work *w, struct work_state *s, unsigned char *out);
size_t work_out_len(const struct work *w);

/*
 * --hash-ms: each work has size knobs (pbkdf2's iterations, scrypt's N
 * and r, deflate's size) that one unit's CPU time grows with.
 * work_calibrate times small units on the calling thread (its CPU time)
 * and sets the knobs in *p so that one unit takes about target_ms;
 * *unit_ms is the time its last measurement predicts for the size
 * chosen. 0, or -1 with err when the work cannot open.
 */
unsigned work_scale_params(enum work_kind k);	/* enum work_param bits */
const char *work_param_option(enum work_param bit);	/* "--iterations" */
int work_calibrate(struct work_params *p, double target_ms, double *unit_ms,
    char *err, size_t errlen);
/*
 * For the tests: the calibration with another clock. A timer gives the
 * least CPU time of runs units at *p (with runs 0 it only opens the
 * work), and may lower a size the work refuses; 0, or -1 with err.
 */
typedef int (*work_timer)(struct work_params *p, int runs, double *ms,
    void *arg, char *err, size_t errlen);
int work_calibrate_by(struct work_params *p, double target_ms,
    work_timer timer, void *arg, double *unit_ms, char *err, size_t errlen);
/* One unit's CPU time in ms on the calling thread; 0, or -1 with err. */
int work_unit_ms(const struct work_params *p, double *ms, char *err,
    size_t errlen);

/* Plain data about a work for the record: name, noun, title, parameters. */
void work_describe(const struct work_params *p, struct record_work *d);
/* The options a child poolviz needs for this work: malloc'd strings. */
int work_argv(const struct work_params *p, char **argv, size_t max,
    size_t *n);
const char *work_library_version(void);

/* For the tests: deflate's input, and its state's last output. */
const unsigned char *work_deflate_input(const struct work *w, size_t *len);
const unsigned char *work_deflate_last(const struct work_state *s,
    size_t *len);

#endif
