/*
 * serial: a test double that makes poolviz's pool serial. Preloaded
 * (LD_PRELOAD=build/serial.so), it takes one process-wide mutex around
 * EVP_KDF_derive, which pbkdf2 and scrypt run through: the workers then
 * run one unit at a time, the others sleeping on the lock (state S), as a
 * pool with a global lock around its work would.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include <openssl/kdf.h>

static pthread_mutex_t one_at_a_time = PTHREAD_MUTEX_INITIALIZER;

int
EVP_KDF_derive(EVP_KDF_CTX *ctx, unsigned char *key, size_t keylen,
    const OSSL_PARAM params[])
{
	static int (*real)(EVP_KDF_CTX *, unsigned char *, size_t,
	    const OSSL_PARAM[]);
	int rc;

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "EVP_KDF_derive");
	if (real == NULL)
		return 0;
	pthread_mutex_lock(&one_at_a_time);
	rc = real(ctx, key, keylen, params);
	pthread_mutex_unlock(&one_at_a_time);
	return rc;
}
