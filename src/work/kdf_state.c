/* kdf_state: the KDF works' EVP_KDF context, made one way, and a thread's state around it. */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "work/work_impl.h"

struct kdf_state {
	const struct work_ops *ops;	/* first: see work_state_free */
	EVP_KDF_CTX *ctx;
	unsigned char *scratch;		/* out_len: a key nobody prints */
};

EVP_KDF_CTX *
kdf_ctx_new(const struct work *w, EVP_KDF *alg, const OSSL_PARAM *own)
{
	OSSL_PARAM params[2 + KDF_OWN_PARAMS + 1];
	size_t n = 0;
	EVP_KDF_CTX *c;

	params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
	    (void *)w->p.password, strlen(w->p.password));
	params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
	    (void *)w->p.salt, strlen(w->p.salt));
	for (; own->key != NULL && n < 2 + KDF_OWN_PARAMS; own++)
		params[n++] = *own;
	params[n] = OSSL_PARAM_construct_end();
	if ((c = EVP_KDF_CTX_new(alg)) == NULL)
		return NULL;
	if (EVP_KDF_CTX_set_params(c, params) != 1) {
		EVP_KDF_CTX_free(c);
		ERR_clear_error();
		return NULL;
	}
	return c;
}

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
