/* pbkdf2_once: time one bare PKCS5_PBKDF2_HMAC call, the floor for poolviz's blocking hash. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

static const char usage_text[] =
"usage: pbkdf2_once [password [salt [iterations [keylen [digest]]]]]\n"
"Prints the milliseconds one PKCS5_PBKDF2_HMAC call takes.\n"
"Defaults are the article's: password salt 100000 512 sha512.\n";

/* A whole number in [1, max], digits only, else -1. */
static long
whole(const char *s, long max)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > max)
		return -1;
	return v;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	const char *password = argc > 1 ? argv[1] : "password";
	const char *salt = argc > 2 ? argv[2] : "salt";
	long iterations = argc > 3 ? whole(argv[3], 2147483647L) : 100000;
	long keylen = argc > 4 ? whole(argv[4], 1048576L) : 512;
	const char *digest = argc > 5 ? argv[5] : "sha512";
	const EVP_MD *md;
	unsigned char *key;
	double t0, t1;
	int ok;

	if (argc > 6 || (argc > 1 && strcmp(argv[1], "-h") == 0)) {
		fputs(usage_text, argc > 6 ? stderr : stdout);
		return argc > 6 ? 2 : 0;
	}
	if (iterations < 0 || keylen < 0) {
		fputs("pbkdf2_once: iterations and keylen must be whole numbers "
		    "from 1\n", stderr);
		return 2;
	}
	if ((md = EVP_get_digestbyname(digest)) == NULL) {
		fprintf(stderr, "pbkdf2_once: unknown digest '%s'\n", digest);
		return 2;
	}
	if ((key = malloc((size_t)keylen)) == NULL) {
		fputs("pbkdf2_once: out of memory\n", stderr);
		return 1;
	}

	t0 = now_ms();
	ok = PKCS5_PBKDF2_HMAC(password, (int)strlen(password),
	    (const unsigned char *)salt, (int)strlen(salt), (int)iterations,
	    md, (int)keylen, key);
	t1 = now_ms();

	OPENSSL_cleanse(key, (size_t)keylen);
	free(key);
	if (!ok) {
		fputs("pbkdf2_once: PKCS5_PBKDF2_HMAC failed\n", stderr);
		return 1;
	}
	printf("%.3f\n", t1 - t0);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
