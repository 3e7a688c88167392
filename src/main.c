/* poolviz: see how libuv's event loop and its thread pool share work. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "experiment.h"
#include "kdf.h"
#include "options.h"
#include "output.h"
#include "record.h"
#include "render_text.h"

#ifndef POOLVIZ_VERSION
#define POOLVIZ_VERSION "0.1.0"
#endif

static const char usage_text[] =
"usage: poolviz [-c calls] [-p pool] [-i iterations] [-k keylen] [-d digest]\n"
"               [--password S] [--salt S] [--no-sync] [--print-key]\n"
"       poolviz -h | --help | -V | --version\n"
"\n"
"Runs the article's experiment: one PBKDF2 hash on the main thread, which\n"
"blocks it, then N hashes queued on libuv's thread pool with uv_queue_work,\n"
"which run on the pool while the loop goes on. Prints one line per event,\n"
"as the article's Node script does, in milliseconds since the start.\n"
"\n"
"options:\n"
"  -c, --calls N        async hashes to queue, 0 to 1000000 (default 4)\n"
"  -p, --pool N         thread-pool size, 1 to 1024; without it\n"
"                       UV_THREADPOOL_SIZE applies, else 4, as in Node\n"
"  -i, --iterations N   PBKDF2 iterations, 1 to 2147483647 (default 100000)\n"
"  -k, --keylen N       derived key length in bytes, 1 to 1048576 (default 512)\n"
"  -d, --digest NAME    any digest OpenSSL can use in HMAC: sha1, sha256,\n"
"                       sha512 (default), sha3-256, ...\n"
"      --password S     the password, any bytes, may be empty (default password)\n"
"      --salt S         the salt, any bytes, may be empty (default salt)\n"
"      --no-sync        skip the blocking hash and its two lines\n"
"      --print-key      after each finished hash, a line 'Key: <hex>'\n"
"  -h, --help           show this help and exit\n"
"  -V, --version        show poolviz's, libuv's and OpenSSL's versions\n"
"\n"
"exit status:\n"
"  0    the run completed and its output was written\n"
"  1    output was lost (a write error such as a full disk) or a run failed\n"
"  2    bad input: a usage error, nothing was run\n"
"  141  the reader of stdout went away (as with | head -1)\n";

/* One line on stderr, with anything unprintable the user gave replaced. */
static void
complain(const char *msg)
{
	fputs("poolviz: ", stderr);
	for (const char *p = msg; *p != '\0'; p++)
		fputc(iscntrl((unsigned char)*p) ? '?' : *p, stderr);
	fputc('\n', stderr);
}

static int
usage_error(const char *msg)
{
	char line[768];

	snprintf(line, sizeof(line), "%s (see poolviz --help)", msg);
	complain(line);
	return PV_EXIT_USAGE;
}

static int
text_line(void *arg, const struct record *r, const struct record_line *l)
{
	struct output *out = arg;

	return output_note(out, render_text_line(out->f, r, l));
}

static int
text_flush(void *arg)
{
	return output_flush(arg);
}

/* Report what became of stdout; returns the exit status it calls for. */
static int
finish_output(struct output *out, int status)
{
	if (output_close(out) == 0)
		return status;
	if (output_reader_gone(out))
		return 141;
	fprintf(stderr, "poolviz: write error: %s\n", strerror(out->error));
	return PV_EXIT_FAIL;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct kdf kdf;
	struct kdf_params kp;
	struct record_config cfg;
	struct record rec;
	struct output out;
	struct experiment_sink sink;
	char err[512];
	int status = PV_EXIT_OK;

	/* A reader that goes away is an EPIPE to handle, not a death. */
	signal(SIGPIPE, SIG_IGN);
	output_init(&out, stdout);

	if (options_parse(&o, argc, argv, err, sizeof(err)) != 0)
		return usage_error(err);
	if (o.help) {
		fputs(usage_text, stdout);
		return finish_output(&out, PV_EXIT_OK);
	}
	if (o.version) {
		printf("poolviz %s (libuv %s, %s)\n", POOLVIZ_VERSION,
		    uv_version_string(), kdf_openssl_version());
		return finish_output(&out, PV_EXIT_OK);
	}

	kp = (struct kdf_params){
		.digest = o.digest,
		.password = o.password, .password_len = strlen(o.password),
		.salt = o.salt, .salt_len = strlen(o.salt),
		.iterations = o.iterations,
	};
	if (kdf_open(&kdf, &kp, err, sizeof(err)) != 0)
		return usage_error(err);

	memset(&cfg, 0, sizeof(cfg));
	cfg.calls = o.calls;
	cfg.pool = options_effective_pool(&o, getenv("UV_THREADPOOL_SIZE"));
	cfg.iterations = o.iterations;
	cfg.keylen = (size_t)o.keylen;
	snprintf(cfg.digest, sizeof(cfg.digest), "%s", o.digest);
	cfg.sync = o.sync && o.scenario != SCENARIO_STARVE;
	cfg.print_key = o.print_key;
	cfg.scenario = o.scenario;

	if ((o.pool != 0 && experiment_set_pool(o.pool, err, sizeof(err)) != 0) ||
	    record_init(&rec, &cfg, err, sizeof(err)) != 0) {
		complain(err);
		kdf_close(&kdf);
		return PV_EXIT_FAIL;
	}

	sink = (struct experiment_sink){ text_line, text_flush, &out };
	if (experiment_run(&kdf, &rec, &sink, err, sizeof(err)) != 0) {
		complain(err);
		status = PV_EXIT_FAIL;
	}
	if (rec.interrupted)
		status = rec.signal == SIGTERM ? PV_EXIT_SIGTERM : PV_EXIT_SIGINT;
	record_free(&rec);
	kdf_close(&kdf);
	return finish_output(&out, status);
}
