/* work_impl: what each kind of work gives the table in work.c; not for callers. */
#ifndef POOLVIZ_WORK_IMPL_H
#define POOLVIZ_WORK_IMPL_H

#include <openssl/types.h>

#include "work/work.h"

struct work_ops {
	enum work_kind kind;
	const char *name;	/* as --work names it */
	const char *unit;	/* the noun in the article's lines: "Hash" */
	const char *noun;	/* one unit in charts and notes: "hash" */
	const char *nouns;	/* more than one: "hashes" */
	const char *doing;	/* a unit running, in legends: "hashing" */
	unsigned applies;	/* enum work_param bits: its own options and shared ones */
	const struct work_option *options;	/* the options it declares */
	size_t noptions;
	struct work_help help;
	uint64_t keylen;	/* the default key length, or the fixed one */
	/*
	 * --hash-ms: the knobs it sets (enum work_param bits), and the work
	 * one unit does as a number its CPU time grows in proportion to
	 * (pbkdf2's iterations, scrypt's N r p). amount_set turns the knobs
	 * to the amount nearest a wanted one within their bounds; the
	 * calibration times calib_start first and scales from there.
	 */
	unsigned scale;
	double calib_start;
	double (*amount)(const struct work_params *p);
	void (*amount_set)(struct work_params *p, double amount);
	int (*open)(struct work *w, const char **param, char *err,
	    size_t errlen);
	void (*close)(struct work *w);
	void *(*state_new)(const struct work *w);
	void (*state_free)(void *s);
	int (*run)(const struct work *w, void *s, unsigned char *out);
	void (*describe)(const struct work_params *p, struct record_work *d);
};

struct work {
	const struct work_ops *ops;
	struct work_params p;
	size_t out_len;
	void *impl;		/* the kind's own: a fetched algorithm, an input */
};

extern const struct work_ops work_pbkdf2, work_scrypt, work_deflate;

/*
 * The state of a work run through an EVP_KDF context (kdf_state.c): the
 * context, made by the kind, and a scratch key. kdf_state_new owns ctx,
 * even when it fails.
 */
void *kdf_state_new(const struct work *w, EVP_KDF_CTX *ctx);
/*
 * A context of alg with the work's password and salt and the kind's own
 * parameters (at most KDF_OWN_PARAMS, ended by OSSL_PARAM_END) set; NULL
 * if OpenSSL refuses them, its error cleared.
 */
#define KDF_OWN_PARAMS	8
EVP_KDF_CTX *kdf_ctx_new(const struct work *w, EVP_KDF *alg,
    const OSSL_PARAM *own);
void kdf_state_free(void *s);
int kdf_state_run(const struct work *w, void *s, unsigned char *out);

void work_param_u64(struct record_work *d, const char *name, uint64_t n,
    bool brief);
void work_param_text(struct record_work *d, const char *name, const char *s,
    bool brief);

#endif
