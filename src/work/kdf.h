/* kdf: PBKDF2 through OpenSSL, with the algorithm fetched once and reused. */
#ifndef POOLVIZ_KDF_H
#define POOLVIZ_KDF_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/kdf.h>

/*
 * A prepared derivation: PBKDF2 is fetched once and the parameters checked
 * once. kdf_derive() only reads it, so any number of threads may derive
 * from one struct kdf at once. (OpenSSL 3.0 cannot duplicate a PBKDF2
 * context, so each derivation makes its own.)
 */
struct kdf {
	EVP_KDF *alg;
	char digest[64];
	const char *password;		/* the caller's; must outlive the kdf */
	size_t password_len;
	const char *salt;
	size_t salt_len;
	uint64_t iterations;
};

struct kdf_params {
	const char *digest;
	const char *password;
	size_t password_len;
	const char *salt;
	size_t salt_len;
	uint64_t iterations;
};

int kdf_open(struct kdf *k, const struct kdf_params *p, char *err,
    size_t errlen);
int kdf_derive(const struct kdf *k, unsigned char *out, size_t keylen);
EVP_KDF_CTX *kdf_ctx_new(const struct kdf *k);
int kdf_ctx_derive(EVP_KDF_CTX *c, unsigned char *out, size_t keylen);
int kdf_derive_iter(const struct kdf *k, uint64_t iterations,
    unsigned char *out, size_t keylen);
void kdf_close(struct kdf *k);

int kdf_digest_known(const char *name);
const char *kdf_openssl_version(void);

#endif
