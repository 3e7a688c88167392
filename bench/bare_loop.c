/*
 * bare_loop: the floor for poolviz's per-call cost. It queues N PBKDF2
 * hashes with uv_queue_work, each worker deriving with its own EVP_KDF
 * context as poolviz's do, and records, prints and keeps nothing. With -c
 * it also reads the clocks poolviz reads for each call (the time when
 * queued, started, ended and delivered; the thread's CPU time before and
 * after), and throws the readings away: the cost of measuring at all.
 * With -m it reads only the four times, not the CPU time.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <uv.h>

static const char usage_text[] =
"usage: bare_loop [-c | -m] calls [iterations [keylen [digest]]]\n"
"Queues calls PBKDF2 hashes of \"password\" and \"salt\" on libuv's pool\n"
"(UV_THREADPOOL_SIZE, default 4) and prints how many failed.\n"
"Defaults: 1 iteration, 16-byte keys, sha512. -c: read poolviz's clocks\n"
"too; -m: only its CLOCK_MONOTONIC ones, not the thread's CPU time.\n";

static EVP_KDF *alg;
static OSSL_PARAM params[5];
static size_t keylen = 16;
static unsigned long failed, done;
static _Thread_local EVP_KDF_CTX *ctx;
static int clocks;		/* 1: -m, 2: -c */
static volatile uint64_t reading;	/* where readings go, so none is optimised away */

/* What poolviz's run_now and thread_cpu_us read, when -c asks for it. */
static void
read_clocks(int cpu_too)
{
	struct timespec ts;

	if (!clocks)
		return;
	reading = uv_hrtime();
	if (cpu_too && clocks == 2 && clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
		reading = (uint64_t)ts.tv_nsec;
}

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

/* On a worker: a failure is counted by the loop, so no lock is needed here. */
static void
work_cb(uv_work_t *req)
{
	unsigned char out[1024];
	int bad;

	if (ctx == NULL && (ctx = EVP_KDF_CTX_new(alg)) != NULL &&
	    EVP_KDF_CTX_set_params(ctx, params) != 1) {
		EVP_KDF_CTX_free(ctx);
		ctx = NULL;
	}
	read_clocks(1);
	bad = ctx == NULL || EVP_KDF_derive(ctx, out, keylen, NULL) != 1;
	read_clocks(1);
	req->data = (void *)(uintptr_t)bad;
	OPENSSL_cleanse(out, keylen);
}

static void
after_work_cb(uv_work_t *req, int status)
{
	read_clocks(0);
	done++;
	if (status != 0 || req->data != NULL)
		failed++;
}

int
main(int argc, char **argv)
{
	static char password[] = "password", salt[] = "salt";
	char digest[64] = "sha512";
	long calls, iterations = 1, kl = 16;
	unsigned int iter;
	uv_work_t *works;
	uv_loop_t loop;

	if (argc > 1 && (strcmp(argv[1], "-c") == 0 ||
	    strcmp(argv[1], "-m") == 0)) {
		clocks = argv[1][1] == 'c' ? 2 : 1;
		argc--;
		argv++;
	}
	if (argc < 2 || argc > 5 || (calls = whole(argv[1], 100000000)) < 0 ||
	    (argc > 2 && (iterations = whole(argv[2], 100000000)) < 0) ||
	    (argc > 3 && (kl = whole(argv[3], 1024)) < 0) ||
	    (argc > 4 && snprintf(digest, sizeof(digest), "%s", argv[4]) >=
	    (int)sizeof(digest))) {
		fputs(usage_text, stderr);
		return 2;
	}
	keylen = (size_t)kl;
	iter = (unsigned int)iterations;
	if ((alg = EVP_KDF_fetch(NULL, "PBKDF2", NULL)) == NULL) {
		fputs("bare_loop: no PBKDF2 in OpenSSL\n", stderr);
		return 1;
	}
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
	    digest, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
	    password, strlen(password));
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
	    salt, strlen(salt));
	params[3] = OSSL_PARAM_construct_uint(OSSL_KDF_PARAM_ITER, &iter);
	params[4] = OSSL_PARAM_construct_end();
	if ((works = calloc((size_t)calls, sizeof(*works))) == NULL ||
	    uv_loop_init(&loop) != 0) {
		fputs("bare_loop: out of memory\n", stderr);
		return 1;
	}
	for (long i = 0; i < calls; i++) {
		read_clocks(0);
		(void)uv_queue_work(&loop, &works[i], work_cb, after_work_cb);
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&loop) != 0 || done != (unsigned long)calls) {
		fputs("bare_loop: the loop did not finish\n", stderr);
		return 1;
	}
	free(works);
	EVP_KDF_free(alg);
	printf("%lu failed\n", failed);
	return failed != 0;
}
