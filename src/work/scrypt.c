/* scrypt: OpenSSL's scrypt (EVP_KDF "SCRYPT"), as Node's crypto.scrypt runs it on the pool. */
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "work/work_impl.h"

/* What OpenSSL allocates for one derivation: B (128 r p) and V plus XY (128 r (N + 2)). */
static uint64_t
scrypt_memory(uint64_t n, uint64_t r, uint64_t p)
{
	/* n < 2^31 and r, p < 2^30 (the options' caps): saturate rather than wrap. */
	if (r > UINT64_MAX / 128 / (n + 2 + p))
		return UINT64_MAX;
	return 128 * r * (n + 2 + p);
}

static EVP_KDF_CTX *
ctx_new(const struct work *w)
{
	uint64_t n = w->p.scrypt_n, maxmem = WORK_SCRYPT_MEM_MAX + (1 << 20);
	uint32_t r = (uint32_t)w->p.scrypt_r, p = (uint32_t)w->p.scrypt_p;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
		OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
		OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
		OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
		OSSL_PARAM_construct_end(),
	};

	return kdf_ctx_new(w, w->impl, params);
}

/*
 * Every unit pays for its memory afresh. OpenSSL allocates V (about 128 N
 * r bytes) for each derivation and frees it after. glibc maps a block that
 * large, but on freeing one it raises its threshold to the block's size,
 * up to 32 MiB, so that the next blocks of that size come from the heap:
 * the third unit of a size on a thread reuses pages already touched and
 * takes less than half the first one's CPU time. A fresh worker's first
 * unit never does, the blocking unit did in part (after the calibration),
 * and units over 32 MiB never do: one scrypt hash cost 32 to 107 ms in one
 * run, and --hash-ms, timing a unit cold, missed the blocking one by a
 * third. A fixed threshold (glibc's default) maps every unit's V and
 * unmaps it on free, so each unit costs what the calibration timed.
 */
static void
scrypt_malloc_steady(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	(void)mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

static void
scrypt_close(struct work *w)
{
	EVP_KDF_free(w->impl);
	w->impl = NULL;
}

/*
 * Refuse what OpenSSL would (N not a power of two above 1, r * p of 2^30
 * or more, N too large for r) and what needs more than the memory cap,
 * here rather than on a worker after the run has begun.
 */
static int
scrypt_open(struct work *w, const char **param, char *err, size_t errlen)
{
	uint64_t n = w->p.scrypt_n, r = w->p.scrypt_r, p = w->p.scrypt_p, mem;
	EVP_KDF_CTX *c;

	OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
	scrypt_malloc_steady();
	*param = "scrypt-n";
	if (n < 2 || n > WORK_SCRYPT_N_MAX || (n & (n - 1)) != 0) {
		snprintf(err, errlen, "'%" PRIu64 "': not a power of 2 from 2 "
		    "to %llu", n, WORK_SCRYPT_N_MAX);
		return -1;
	}
	/* RFC 7914: N < 2^(128 r / 8), which binds only for r below 4. */
	if (r < 4 && n >= (1ULL << (16 * r))) {
		snprintf(err, errlen, "'%" PRIu64 "': too large for --scrypt-r "
		    "%" PRIu64 " (expected N below 2^(16 r))", n, r);
		return -1;
	}
	*param = "scrypt-p";
	if (r * p > WORK_SCRYPT_RP_MAX) {
		snprintf(err, errlen, "'%" PRIu64 "': r times p is %" PRIu64
		    " (expected below 2^30)", p, r * p);
		return -1;
	}
	*param = "scrypt-n";
	if ((mem = scrypt_memory(n, r, p)) > WORK_SCRYPT_MEM_MAX) {
		snprintf(err, errlen, "'%" PRIu64 "': with r %" PRIu64 " and p "
		    "%" PRIu64 " it needs %" PRIu64 " MiB a call (expected at "
		    "most 1024 MiB: about 128 N r bytes)", n, r, p, mem >> 20);
		return -1;
	}
	*param = NULL;
	if ((w->impl = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_SCRYPT, NULL)) == NULL) {
		snprintf(err, errlen, "this OpenSSL has no scrypt");
		ERR_clear_error();
		return -1;
	}
	/* Setting the parameters is OpenSSL's own check of them. */
	if ((c = ctx_new(w)) == NULL) {
		snprintf(err, errlen, "OpenSSL refuses scrypt with N %" PRIu64
		    ", r %" PRIu64 ", p %" PRIu64, n, r, p);
		scrypt_close(w);
		return -1;
	}
	EVP_KDF_CTX_free(c);
	return 0;
}

static void *
scrypt_state_new(const struct work *w)
{
	return kdf_state_new(w, ctx_new(w));
}

static void
scrypt_describe(const struct work_params *p, struct record_work *d)
{
	snprintf(d->title, sizeof(d->title), "scrypt N=%" PRIu64 " r=%" PRIu64
	    " p=%" PRIu64, p->scrypt_n, p->scrypt_r, p->scrypt_p);
	work_param_u64(d, "scrypt_n", p->scrypt_n, true);
	work_param_u64(d, "scrypt_r", p->scrypt_r, true);
	work_param_u64(d, "scrypt_p", p->scrypt_p, true);
	work_param_u64(d, "keylen", p->keylen, false);
}

/*
 * --hash-ms. A unit's CPU time is in proportion to N r p: ROMix runs 2 N
 * BlockMix of 2 r Salsa20/8, p times over. N alone moves in powers of 2,
 * 41% apart on either side of a target, so N is the largest power of 2
 * with N x 8 (Node's r) within the work and r makes up the rest: r from
 * 8 to 16, one step of r at most 1/16 of the whole. p stays as given.
 * The memory cap (about 128 N r bytes) bounds N, then r.
 */
#define SCRYPT_R_BASE	8

static double
scrypt_amount(const struct work_params *p)
{
	return (double)p->scrypt_n * (double)p->scrypt_r * (double)p->scrypt_p;
}

static void
scrypt_amount_set(struct work_params *p, double v)
{
	double nr = v / (double)p->scrypt_p, r;
	uint64_t n = 2, rmax, pp = p->scrypt_p;

	while (n < WORK_SCRYPT_N_MAX && (double)(2 * n) * SCRYPT_R_BASE <= nr &&
	    scrypt_memory(2 * n, SCRYPT_R_BASE, pp) <= WORK_SCRYPT_MEM_MAX)
		n *= 2;
	r = round(nr / (double)n);
	rmax = WORK_SCRYPT_MEM_MAX / 128 / (n + 2 + pp);
	if (WORK_SCRYPT_RP_MAX / pp < rmax)
		rmax = WORK_SCRYPT_RP_MAX / pp;
	if (r > (double)rmax)
		r = (double)rmax;
	p->scrypt_r = r < 1 ? 1 : (uint64_t)r;
	p->scrypt_n = n;
	/* 16 r of N is 8 r of 2 N, the same work in Node's r. */
	if (p->scrypt_r == 2 * SCRYPT_R_BASE && n < WORK_SCRYPT_N_MAX &&
	    scrypt_memory(2 * n, SCRYPT_R_BASE, pp) <= WORK_SCRYPT_MEM_MAX) {
		p->scrypt_n = 2 * n;
		p->scrypt_r = SCRYPT_R_BASE;
	}
}

/* It takes pbkdf2's --keylen, --password and --salt too. */
static const struct work_option options[] = {
	{ "--scrypt-n", 0, "N", WORK_P_SCRYPT_N, WORK_OPT_U64,
	    offsetof(struct work_params, scrypt_n), 2, WORK_SCRYPT_N_MAX, NULL,
	    "cost, a power of 2, 2 to 2^30 (default 16384)", NULL },
	{ "--scrypt-r", 0, "R", WORK_P_SCRYPT_R, WORK_OPT_U64,
	    offsetof(struct work_params, scrypt_r), 1, WORK_SCRYPT_RP_MAX, NULL,
	    "block size, 1 or more (default 8)", NULL },
	{ "--scrypt-p", 0, "P", WORK_P_SCRYPT_P, WORK_OPT_U64,
	    offsetof(struct work_params, scrypt_p), 1, WORK_SCRYPT_RP_MAX, NULL,
	    "parallelism, r x p < 2^30 (default 1)", NULL },
};

const struct work_ops work_scrypt = {
	.kind = WORK_SCRYPT,
	.name = "scrypt",
	.unit = "Scrypt",
	.noun = "scrypt hash",
	.nouns = "scrypt hashes",
	.doing = "hashing with scrypt",
	.applies = WORK_P_KEYLEN | WORK_P_PASSWORD | WORK_P_SALT |
	    WORK_P_SCRYPT_N | WORK_P_SCRYPT_R | WORK_P_SCRYPT_P,
	.options = options,
	.noptions = sizeof(options) / sizeof(options[0]),
	.help = { .like = "crypto.scrypt", .scale_note = "N, a power of 2, and r" },
	.keylen = 64,	/* Node's default */
	.scale = WORK_P_SCRYPT_N | WORK_P_SCRYPT_R,	/* what --hash-ms turns */
	.calib_start = 1024.0 * SCRYPT_R_BASE,
	.amount = scrypt_amount,
	.amount_set = scrypt_amount_set,
	.open = scrypt_open,
	.close = scrypt_close,
	.state_new = scrypt_state_new,
	.state_free = kdf_state_free,
	.run = kdf_state_run,
	.describe = scrypt_describe,
};
