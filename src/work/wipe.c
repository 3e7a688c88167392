/* wipe: OPENSSL_cleanse behind a header that needs no OpenSSL. */
#include <openssl/crypto.h>

#include "work/wipe.h"

void
work_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		OPENSSL_cleanse(p, n);
}
