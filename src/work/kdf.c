/* kdf: PBKDF2 through OpenSSL's EVP_KDF interface. */
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/params.h>

#include "work/kdf.h"

/* True when OpenSSL knows a digest by this name. */
int
kdf_digest_known(const char *name)
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

int
kdf_open(struct kdf *k, const struct kdf_params *p, char *err, size_t errlen)
{
	unsigned char probe[1];

	memset(k, 0, sizeof(*k));
	/*
	 * OpenSSL's atexit clean-up would run before libuv's destructor joins
	 * the pool, orphaning each worker's thread state. Without it, each
	 * worker frees its own state as it exits.
	 */
	OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
	if (!kdf_digest_known(p->digest)) {
		snprintf(err, errlen, "--digest '%s': unknown digest (expected "
		    "a name 'openssl list -digest-algorithms' shows, such as "
		    "sha1, sha256, sha512, sha3-256)", p->digest);
		return -1;
	}
	if ((size_t)snprintf(k->digest, sizeof(k->digest), "%s", p->digest) >=
	    sizeof(k->digest)) {
		snprintf(err, errlen, "--digest: name too long (expected one "
		    "such as sha256 or sha512)");
		return -1;
	}
	if ((k->alg = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_PBKDF2, NULL)) == NULL) {
		snprintf(err, errlen, "this OpenSSL has no PBKDF2");
		ERR_clear_error();
		return -1;
	}
	k->password = p->password;
	k->password_len = p->password_len;
	k->salt = p->salt;
	k->salt_len = p->salt_len;
	k->iterations = p->iterations;

	/*
	 * Some digests are known but unusable in HMAC (SHAKE, for one); they
	 * fail only when used, so try one iteration now rather than after
	 * the experiment has begun.
	 */
	if (kdf_derive_iter(k, 1, probe, sizeof(probe)) != 0) {
		snprintf(err, errlen, "--digest '%s': OpenSSL cannot use it "
		    "for PBKDF2 (expected an HMAC digest such as sha256 or "
		    "sha512)", p->digest);
		ERR_clear_error();
		kdf_close(k);
		return -1;
	}
	OPENSSL_cleanse(probe, sizeof(probe));
	return 0;
}

/* A context with every parameter set; NULL if OpenSSL refuses. */
static EVP_KDF_CTX *
ctx_new(const struct kdf *k, uint64_t iterations)
{
	/* Node's pbkdf2 skips SP 800-132's lower bounds, as PKCS5_PBKDF2_HMAC does. */
	int pkcs5 = 1;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
		    (char *)k->digest, 0),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
		    (void *)k->password, k->password_len),
		OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
		    (void *)k->salt, k->salt_len),
		OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iterations),
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5),
		OSSL_PARAM_construct_end(),
	};
	EVP_KDF_CTX *c;

	if ((c = EVP_KDF_CTX_new(k->alg)) == NULL)
		return NULL;
	if (EVP_KDF_CTX_set_params(c, params) != 1) {
		EVP_KDF_CTX_free(c);
		return NULL;
	}
	return c;
}

/*
 * A context for one thread to derive with again and again: setting the
 * parameters fetches the digest from OpenSSL's method store, under its
 * lock, so a worker does it once per run rather than once per hash.
 */
EVP_KDF_CTX *
kdf_ctx_new(const struct kdf *k)
{
	return ctx_new(k, k->iterations);
}

/* Derive with a context from kdf_ctx_new; 0 on success, -1 on failure. */
int
kdf_ctx_derive(EVP_KDF_CTX *c, unsigned char *out, size_t keylen)
{
	return EVP_KDF_derive(c, out, keylen, NULL) == 1 ? 0 : -1;
}

/* Derive keylen bytes into out; 0 on success, -1 on failure. Thread-safe. */
int
kdf_derive_iter(const struct kdf *k, uint64_t iterations, unsigned char *out,
    size_t keylen)
{
	EVP_KDF_CTX *c = ctx_new(k, iterations);
	int rc;

	if (c == NULL)
		return -1;
	rc = kdf_ctx_derive(c, out, keylen);
	EVP_KDF_CTX_free(c);
	return rc;
}

int
kdf_derive(const struct kdf *k, unsigned char *out, size_t keylen)
{
	return kdf_derive_iter(k, k->iterations, out, keylen);
}

void
kdf_close(struct kdf *k)
{
	EVP_KDF_free(k->alg);
	memset(k, 0, sizeof(*k));
}

const char *
kdf_openssl_version(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}
