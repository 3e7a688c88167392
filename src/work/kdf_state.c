/* kdf_state: a thread's EVP_KDF context and scratch key, for the KDF works. */
#include <stdlib.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>

#include "work/work_impl.h"

struct kdf_state {
	const struct work_ops *ops;	/* first: see work_state_free */
	EVP_KDF_CTX *ctx;
	unsigned char *scratch;		/* out_len: a key nobody prints */
};

void
kdf_state_free(void *arg)
{
	struct kdf_state *s = arg;

	if (s == NULL)
		return;
	EVP_KDF_CTX_free(s->ctx);
	free(s->scratch);
	free(s);
}

void *
kdf_state_new(const struct work *w, EVP_KDF_CTX *ctx)
{
	struct kdf_state *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		EVP_KDF_CTX_free(ctx);
		return NULL;
	}
	s->ops = w->ops;
	s->ctx = ctx;
	s->scratch = malloc(w->out_len);
	if (s->ctx == NULL || s->scratch == NULL) {
		kdf_state_free(s);
		return NULL;
	}
	return s;
}

int
kdf_state_run(const struct work *w, void *arg, unsigned char *out)
{
	struct kdf_state *s = arg;
	unsigned char *key = out != NULL ? out : s->scratch;
	int rc = EVP_KDF_derive(s->ctx, key, w->out_len, NULL) == 1 ? 0 : -1;

	if (rc != 0)
		ERR_clear_error();
	if (out == NULL)
		OPENSSL_cleanse(key, w->out_len);
	return rc;
}
