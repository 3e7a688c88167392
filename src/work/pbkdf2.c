/* pbkdf2: PBKDF2 through OpenSSL's EVP_KDF interface, as Node's crypto.pbkdf2. */
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "work/work_impl.h"

/*
 * PBKDF2 is fetched once and the digest checked once at open; threads
 * then only read it. (OpenSSL 3.0 cannot duplicate a PBKDF2 context, so
 * each thread makes its own.)
 */
struct pbkdf2 {
	EVP_KDF *alg;
	char digest[64];
};

/* True when OpenSSL knows a digest by this name. */
static int
digest_known(const char *name)
{
	EVP_MD *md;

	if (name == NULL || *name == '\0')
		return 0;
	md = EVP_MD_fetch(NULL, name, NULL);
	if (md == NULL) {
		ERR_clear_error();
		return 0;
	}
	EVP_MD_free(md);
	return 1;
}

/* A context with every parameter set; NULL if OpenSSL refuses. */
static EVP_KDF_CTX *
ctx_new(const struct work *w, uint64_t iterations)
{
	const struct pbkdf2 *k = w->impl;
	/* Node's pbkdf2 skips SP 800-132's lower bounds, as PKCS5_PBKDF2_HMAC does. */
	int pkcs5 = 1;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
		    (char *)k->digest, 0),
		OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iterations),
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5),
		OSSL_PARAM_construct_end(),
	};

	return kdf_ctx_new(w, k->alg, params);
}

static void
pbkdf2_close(struct work *w)
{
	struct pbkdf2 *k = w->impl;

	if (k != NULL)
		EVP_KDF_free(k->alg);
	free(k);
	w->impl = NULL;
}

static int
pbkdf2_open(struct work *w, const char **param, char *err, size_t errlen)
{
	struct pbkdf2 *k;
	EVP_KDF_CTX *c;
	unsigned char probe[1];
	int rc;

	/*
	 * OpenSSL's atexit clean-up would run before libuv's destructor joins
	 * the pool, orphaning each worker's thread state. Without it, each
	 * worker frees its own state as it exits.
	 */
	OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
	*param = "digest";
	if (!digest_known(w->p.digest)) {
		if (!digest_known("sha256")) {
			/* Not this name: OpenSSL knows none (OPENSSL_CONF). */
			*param = NULL;
			snprintf(err, errlen, "OpenSSL cannot fetch any digest, not "
			    "even sha256: its configuration is broken (check "
			    "OPENSSL_CONF=%.200s)", getenv("OPENSSL_CONF") != NULL ?
			    getenv("OPENSSL_CONF") : "(unset)");
			ERR_clear_error();
			return -1;
		}
		/* Echoed as options.c echoes a value: 40 bytes at most. */
		snprintf(err, errlen, "'%.40s%s': unknown digest (expected a name "
		    "'openssl list -digest-algorithms' shows, such as sha1, "
		    "sha256, sha512, sha3-256)", w->p.digest,
		    strlen(w->p.digest) > 40 ? "\u2026" : "");
		return -1;
	}
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		*param = NULL;
		snprintf(err, errlen, "cannot allocate memory for PBKDF2");
		return -1;
	}
	w->impl = k;
	if ((size_t)snprintf(k->digest, sizeof(k->digest), "%s", w->p.digest) >=
	    sizeof(k->digest)) {
		snprintf(err, errlen, ": name too long (expected one such as "
		    "sha256 or sha512)");
		pbkdf2_close(w);
		return -1;
	}
	if ((k->alg = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_PBKDF2, NULL)) == NULL) {
		*param = NULL;
		snprintf(err, errlen, "this OpenSSL has no PBKDF2");
		ERR_clear_error();
		pbkdf2_close(w);
		return -1;
	}
	/*
	 * Some digests are known but unusable in HMAC (SHAKE, for one); they
	 * fail only when used, so try one iteration now rather than after
	 * the experiment has begun.
	 */
	c = ctx_new(w, 1);
	rc = c != NULL && EVP_KDF_derive(c, probe, sizeof(probe), NULL) == 1;
	EVP_KDF_CTX_free(c);
	OPENSSL_cleanse(probe, sizeof(probe));
	if (!rc) {
		snprintf(err, errlen, "'%.40s': OpenSSL cannot use it for PBKDF2 "
		    "(expected an HMAC digest such as sha256 or sha512)",
		    w->p.digest);
		ERR_clear_error();
		pbkdf2_close(w);
		return -1;
	}
	*param = NULL;
	return 0;
}

/*
 * Setting the parameters fetches the digest from OpenSSL's method store,
 * under its lock, so a thread does it once per run rather than per hash.
 */
static void *
pbkdf2_state_new(const struct work *w)
{
	return kdf_state_new(w, ctx_new(w, w->p.iterations));
}

static void
pbkdf2_describe(const struct work_params *p, struct record_work *d)
{
	snprintf(d->title, sizeof(d->title), "%" PRIu64 " iterations, %s",
	    p->iterations, p->digest);
	work_param_u64(d, "iterations", p->iterations, true);
	work_param_u64(d, "keylen", p->keylen, false);
	work_param_text(d, "digest", p->digest, true);
}

static int
digest_parse(const char *s, struct work_params *p, char *err, size_t errlen)
{
	if (*s == '\0') {
		snprintf(err, errlen, "'': empty digest name (expected one such "
		    "as sha256 or sha512)");
		return -1;
	}
	p->digest = s;
	return 0;
}

/* A unit's CPU time is in proportion to its iterations. */
static double
pbkdf2_amount(const struct work_params *p)
{
	return (double)p->iterations;
}

static void
pbkdf2_amount_set(struct work_params *p, double v)
{
	p->iterations = v < 1 ? 1 : v >= (double)WORK_ITERATIONS_MAX ?
	    WORK_ITERATIONS_MAX : (uint64_t)llround(v);
}

/* --keylen, --password and --salt are scrypt's too. */
static const struct work_option options[] = {
	{ "--iterations", 'i', "N", WORK_P_ITERATIONS, WORK_OPT_U64,
	    offsetof(struct work_params, iterations), 1, WORK_ITERATIONS_MAX,
	    NULL, "1 to 2147483647 (default 100000)",
	    "PBKDF2 iterations, 1 to 2147483647 (default 100000)" },
	{ "--keylen", 'k', "N", WORK_P_KEYLEN, WORK_OPT_U64,
	    offsetof(struct work_params, keylen), 1, WORK_KEYLEN_MAX, NULL,
	    "key bytes (default 512; scrypt 64)",
	    "derived key length in bytes, 1 to 1048576 (default 512)" },
	{ "--digest", 'd', "NAME", WORK_P_DIGEST, WORK_OPT_CUSTOM,
	    offsetof(struct work_params, digest), 0, 0, digest_parse,
	    "HMAC's digest: sha256, sha512 (default), ...",
	    "as for poolviz (default sha512)" },
	{ "--password", 0, "S", WORK_P_PASSWORD, WORK_OPT_TEXT,
	    offsetof(struct work_params, password), 0, 0, NULL,
	    "any bytes (default password)",
	    "the password (default password)" },
	{ "--salt", 0, "S", WORK_P_SALT, WORK_OPT_TEXT,
	    offsetof(struct work_params, salt), 0, 0, NULL,
	    "any bytes (default salt)",
	    "the salt (default salt)" },
};

const struct work_ops work_pbkdf2 = {
	.kind = WORK_PBKDF2,
	.name = "pbkdf2",
	.unit = "Hash",
	.noun = "hash",
	.nouns = "hashes",
	.doing = "hashing",
	.applies = WORK_P_ITERATIONS | WORK_P_KEYLEN | WORK_P_DIGEST |
	    WORK_P_PASSWORD | WORK_P_SALT,
	.options = options,
	.noptions = sizeof(options) / sizeof(options[0]),
	.help = { .like = "crypto.pbkdf2" },
	.keylen = 512,
	.scale = WORK_P_ITERATIONS,	/* what --hash-ms turns */
	.calib_start = 1000,
	.amount = pbkdf2_amount,
	.amount_set = pbkdf2_amount_set,
	.open = pbkdf2_open,
	.close = pbkdf2_close,
	.state_new = pbkdf2_state_new,
	.state_free = kdf_state_free,
	.run = kdf_state_run,
	.describe = pbkdf2_describe,
};

const char *
work_library_version(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}
