/* deflate: zlib's deflate of a fixed buffer, as Node's zlib.deflate runs it on the pool. */
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "work/work_impl.h"

struct deflate_input {
	unsigned char *buf;
	size_t len;
};

struct deflate_state {
	const struct work_ops *ops;	/* first: see work_state_free */
	z_stream z;
	unsigned char *out;
	size_t cap, len;		/* deflateBound, and the last output's */
};

/*
 * The input: words drawn by a seeded xorshift, so that it compresses
 * about as text does (neither trivially, like zeros, nor not at all,
 * like random bytes), and is the same on every run and machine.
 */
static void
fill(unsigned char *b, size_t len)
{
	static const char *const words[] = {
		"the", "event", "loop", "thread", "pool", "libuv", "worker",
		"hash", "queue", "callback", "node", "async", "sync", "main",
		"block", "deflate", "zlib", "crypto", "file", "system", "dns",
		"lookup", "task", "done", "start", "wave", "lag", "of", "a",
		"runs", "waits", "and",
	};
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	size_t i = 0;

	while (i < len) {
		const char *w;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		w = words[x % (sizeof(words) / sizeof(words[0]))];
		for (; *w != '\0' && i < len; w++)
			b[i++] = (unsigned char)*w;
		if (i < len)
			b[i++] = (x >> 32) % 16 == 0 ? '\n' : ' ';
	}
}

static void
deflate_close(struct work *w)
{
	struct deflate_input *in = w->impl;

	if (in != NULL)
		free(in->buf);
	free(in);
	w->impl = NULL;
}

static int
deflate_open(struct work *w, const char **param, char *err, size_t errlen)
{
	struct deflate_input *in;

	*param = NULL;
	if ((in = calloc(1, sizeof(*in))) == NULL ||
	    (in->buf = malloc((size_t)w->p.size)) == NULL) {
		free(in);
		snprintf(err, errlen, "cannot allocate %" PRIu64 " bytes to "
		    "compress", w->p.size);
		return -1;
	}
	in->len = (size_t)w->p.size;
	fill(in->buf, in->len);
	w->impl = in;
	return 0;
}

static void
deflate_state_free(void *arg)
{
	struct deflate_state *s = arg;

	if (s == NULL)
		return;
	deflateEnd(&s->z);
	free(s->out);
	free(s);
}

/* A stream and an output buffer big enough for any input of the size. */
static void *
deflate_state_new(const struct work *w)
{
	struct deflate_state *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->ops = w->ops;
	if (deflateInit(&s->z, (int)w->p.level) != Z_OK) {
		free(s);
		return NULL;
	}
	s->cap = deflateBound(&s->z, (uLong)w->p.size);
	if ((s->out = malloc(s->cap)) == NULL) {
		deflate_state_free(s);
		return NULL;
	}
	return s;
}

/* One zlib stream of the whole input; out gets its size and SHA-256. */
static int
deflate_run(const struct work *w, void *arg, unsigned char *out)
{
	const struct deflate_input *in = w->impl;
	struct deflate_state *s = arg;
	unsigned int mdlen = 0;
	uint64_t n;

	if (deflateReset(&s->z) != Z_OK)
		return -1;
	s->z.next_in = in->buf;
	s->z.avail_in = (uInt)in->len;
	s->z.next_out = s->out;
	s->z.avail_out = (uInt)s->cap;
	if (deflate(&s->z, Z_FINISH) != Z_STREAM_END)
		return -1;
	s->len = s->cap - s->z.avail_out;
	if (out == NULL)
		return 0;
	n = s->len;
	for (int i = 7; i >= 0; i--, n >>= 8)
		out[i] = (unsigned char)(n & 0xff);
	if (EVP_Digest(s->out, s->len, out + 8, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != WORK_DEFLATE_KEYLEN - 8)
		return -1;
	return 0;
}

static void
deflate_describe(const struct work_params *p, struct record_work *d)
{
	snprintf(d->title, sizeof(d->title), "deflate of %" PRIu64 " bytes at "
	    "level %" PRIu64, p->size, p->level);
	work_param_u64(d, "size", p->size, true);
	work_param_u64(d, "level", p->level, true);
}

/* A unit's CPU time is in proportion to its input; at least 1 KiB. */
static double
deflate_amount(const struct work_params *p)
{
	return (double)p->size;
}

static void
deflate_amount_set(struct work_params *p, double v)
{
	p->size = v < 1024 ? 1024 : v >= (double)WORK_DEFLATE_SIZE_MAX ?
	    WORK_DEFLATE_SIZE_MAX : (uint64_t)llround(v);
}

static const struct work_option options[] = {
	{ "--size", 0, "BYTES", WORK_P_SIZE, WORK_OPT_U64,
	    offsetof(struct work_params, size), 1, WORK_DEFLATE_SIZE_MAX, NULL,
	    "input bytes, 1 to 67108864 (default 1048576)", NULL },
	{ "--level", 0, "L", WORK_P_LEVEL, WORK_OPT_U64,
	    offsetof(struct work_params, level), 0, WORK_DEFLATE_LEVEL_MAX, NULL,
	    "zlib's level, 0 to 9 (default 6)", NULL },
};

const struct work_ops work_deflate = {
	.kind = WORK_DEFLATE,
	.name = "deflate",
	.unit = "Deflate",
	.noun = "deflate block",
	.nouns = "deflate blocks",
	.doing = "deflating",
	.applies = WORK_P_SIZE | WORK_P_LEVEL,
	.options = options,
	.noptions = sizeof(options) / sizeof(options[0]),
	.help = { .like = "zlib.deflate", .print_key = "the compressed size "
	    "(8 bytes, big-endian)\nthen the SHA-256 of the compressed bytes" },
	.keylen = WORK_DEFLATE_KEYLEN,
	.scale = WORK_P_SIZE,	/* what --hash-ms turns */
	.calib_start = 65536,
	.amount = deflate_amount,
	.amount_set = deflate_amount_set,
	.open = deflate_open,
	.close = deflate_close,
	.state_new = deflate_state_new,
	.state_free = deflate_state_free,
	.run = deflate_run,
	.describe = deflate_describe,
};

const unsigned char *
work_deflate_input(const struct work *w, size_t *len)
{
	const struct deflate_input *in = w->impl;

	if (w->ops != &work_deflate) {
		*len = 0;
		return NULL;
	}
	*len = in->len;
	return in->buf;
}

const unsigned char *
work_deflate_last(const struct work_state *ws, size_t *len)
{
	const struct deflate_state *s = (const struct deflate_state *)ws;

	if (s == NULL || s->ops != &work_deflate) {
		*len = 0;
		return NULL;
	}
	*len = s->len;
	return s->out;
}
