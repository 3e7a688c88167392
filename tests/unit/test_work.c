/* test_work: each kind of work against published vectors, OpenSSL's other doors and zlib. */
#include "testutil.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <zlib.h>

#include "work/work.h"

static void
hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static struct work *
open_ok(const struct work_params *p)
{
	struct work *w;
	const char *param;
	char err[256];

	if (work_open(&w, p, &param, err, sizeof(err)) != 0)
		fail_msg("work_open(%s): %s", work_kind_name(p->kind), err);
	return w;
}

/* Run one unit through a state, and once more without one: the same key. */
static void
derive(const struct work_params *p, const char *want)
{
	struct work *w = open_ok(p);
	struct work_state *s = work_state_new(w);
	unsigned char key[128], again[128];
	char got[257];
	size_t n = work_out_len(w);

	assert_non_null(s);
	assert_true(n <= sizeof(key));
	assert_int_equal(n, strlen(want) / 2);
	assert_int_equal(work_run(w, s, key), 0);
	assert_int_equal(work_run(w, NULL, again), 0);
	assert_memory_equal(key, again, n);
	/* Without an output the work still runs, and keeps its key to itself. */
	assert_int_equal(work_run(w, s, NULL), 0);
	hex(key, n, got);
	assert_string_equal(got, want);
	work_state_free(s);
	work_close(w);
}

static void
pbkdf2(const char *digest, const char *pass, const char *salt, uint64_t iter,
    size_t keylen, const char *want)
{
	struct work_params p;

	work_params_defaults(&p);
	p.digest = digest;
	p.password = pass;
	p.salt = salt;
	p.iterations = iter;
	p.keylen = keylen;
	derive(&p, want);
}

static void
scrypt(const char *pass, const char *salt, uint64_t n, uint64_t r, uint64_t pp,
    const char *want)
{
	struct work_params p;

	work_params_defaults(&p);
	p.kind = WORK_SCRYPT;
	p.password = pass;
	p.salt = salt;
	p.scrypt_n = n;
	p.scrypt_r = r;
	p.scrypt_p = pp;
	p.keylen = 0;	/* scrypt's own default, 64 as Node's */
	derive(&p, want);
}

/* RFC 6070, PBKDF2-HMAC-SHA1 (the vector with a NUL cannot come from argv). */
static void
rfc6070_sha1(void **state)
{
	(void)state;
	pbkdf2("sha1", "password", "salt", 1, 20,
	    "0c60c80f961f0e71f3a9b524af6012062fe037a6");
	pbkdf2("sha1", "password", "salt", 2, 20,
	    "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
	pbkdf2("sha1", "password", "salt", 4096, 20,
	    "4b007901b765489abead49d926f721d065a429c1");
	pbkdf2("sha1", "passwordPASSWORDpassword",
	    "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25,
	    "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
}

/* RFC 7914 section 11, PBKDF2-HMAC-SHA256. */
static void
rfc7914_sha256(void **state)
{
	(void)state;
	pbkdf2("sha256", "passwd", "salt", 1, 64,
	    "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
	    "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
	pbkdf2("sha256", "Password", "NaCl", 80000, 64,
	    "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
	    "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

/* The same derivation through PKCS5_PBKDF2_HMAC, OpenSSL's other door. */
static void
matches_pkcs5_pbkdf2_hmac(void **state)
{
	static const char *digests[] = { "sha1", "sha256", "sha512", "sha3-256", "md5" };
	static const char *words[] = { "", "password", "p\xc3\xa4ss\"\\" };
	static const size_t lens[] = { 1, 20, 64, 100 };
	unsigned char a[100], b[100];

	(void)state;
	for (size_t d = 0; d < sizeof(digests) / sizeof(*digests); d++)
		for (size_t w = 0; w < sizeof(words) / sizeof(*words); w++)
			for (size_t l = 0; l < sizeof(lens) / sizeof(*lens); l++) {
				const char *salt = words[(w + 1) % 3];
				struct work_params p;
				struct work *k;

				work_params_defaults(&p);
				p.digest = digests[d];
				p.password = words[w];
				p.salt = salt;
				p.iterations = 3;
				p.keylen = lens[l];
				k = open_ok(&p);
				assert_int_equal(work_run(k, NULL, a), 0);
				assert_int_equal(PKCS5_PBKDF2_HMAC(words[w],
				    (int)strlen(words[w]), (const unsigned char *)salt,
				    (int)strlen(salt), 3, EVP_get_digestbyname(digests[d]),
				    (int)lens[l], b), 1);
				assert_memory_equal(a, b, lens[l]);
				work_close(k);
			}
}

static void
refused(const struct work_params *p, const char *want_param, const char *want)
{
	struct work *w = (struct work *)p;	/* anything but NULL */
	const char *param = "unset";
	char err[256];

	assert_int_equal(work_open(&w, p, &param, err, sizeof(err)), -1);
	assert_null(w);
	if (want_param == NULL)
		assert_null(param);
	else
		assert_string_equal(param, want_param);
	if (strstr(err, want) == NULL)
		fail_msg("'%s' does not say '%s'", err, want);
}

static void
bad_digests_are_refused(void **state)
{
	struct work_params p;

	(void)state;
	work_params_defaults(&p);
	p.digest = "nosuch";
	refused(&p, "digest", "'nosuch': unknown digest");
	/* Known to OpenSSL, but an XOF has no HMAC. */
	p.digest = "shake128";
	refused(&p, "digest", "'shake128': OpenSSL cannot use it");
	p.digest = "";
	refused(&p, "digest", "unknown digest");
}

/* RFC 7914 section 12 (the fourth, N = 2^20, needs more than the cap: see below). */
static void
rfc7914_scrypt(void **state)
{
	(void)state;
	scrypt("", "", 16, 1, 1,
	    "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
	    "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
	scrypt("password", "NaCl", 1024, 8, 16,
	    "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
	    "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
	scrypt("pleaseletmein", "SodiumChloride", 16384, 8, 1,
	    "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
	    "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
}

/* The same derivation through EVP_PBE_scrypt, with --keylen given. */
static void
scrypt_matches_evp_pbe_scrypt(void **state)
{
	static const size_t lens[] = { 1, 32, 100 };
	unsigned char a[100], b[100];

	(void)state;
	for (size_t l = 0; l < sizeof(lens) / sizeof(*lens); l++) {
		struct work_params p;
		struct work *w;

		work_params_defaults(&p);
		p.kind = WORK_SCRYPT;
		p.scrypt_n = 256;
		p.scrypt_r = 4;
		p.scrypt_p = 2;
		p.keylen = lens[l];
		w = open_ok(&p);
		assert_int_equal(work_out_len(w), lens[l]);
		assert_int_equal(work_run(w, NULL, a), 0);
		assert_int_equal(EVP_PBE_scrypt("password", 8,
		    (const unsigned char *)"salt", 4, 256, 4, 2, 0, b, lens[l]), 1);
		assert_memory_equal(a, b, lens[l]);
		work_close(w);
	}
}

static void
bad_scrypt_parameters_are_refused(void **state)
{
	struct work_params p;

	(void)state;
	work_params_defaults(&p);
	p.kind = WORK_SCRYPT;
	p.scrypt_n = 1000;
	refused(&p, "scrypt-n", "'1000': not a power of 2");
	p.scrypt_n = 1;
	refused(&p, "scrypt-n", "not a power of 2");
	/* RFC 7914: N < 2^(16 r). */
	p.scrypt_n = 65536;
	p.scrypt_r = 1;
	refused(&p, "scrypt-n", "too large for --scrypt-r 1");
	/* The RFC's fourth vector: 128 * 8 * (2^20 + 3) bytes, just over 1 GiB. */
	p.scrypt_n = 1048576;
	p.scrypt_r = 8;
	refused(&p, "scrypt-n", "1024 MiB");
	p.scrypt_n = 16384;
	p.scrypt_p = 1ULL << 29;
	p.scrypt_r = 2;
	refused(&p, "scrypt-p", "r times p");
	/* Under the cap, just. */
	p.scrypt_n = 1ULL << 19;
	p.scrypt_r = 16;
	p.scrypt_p = 1;
	refused(&p, "scrypt-n", "MiB");
	p.scrypt_r = 15;
	{
		struct work *w = open_ok(&p);

		work_close(w);
	}
}

/* Deflate each unit, then inflate its output back: the input, every time. */
static void
deflate_round_trips(void **state)
{
	static const uint64_t levels[] = { 0, 1, 6, 9 };
	static const uint64_t sizes[] = { 1, 4096, 65536 + 7 };

	(void)state;
	for (size_t l = 0; l < sizeof(levels) / sizeof(*levels); l++)
		for (size_t z = 0; z < sizeof(sizes) / sizeof(*sizes); z++) {
			struct work_params p;
			struct work *w;
			struct work_state *s;
			const unsigned char *in, *out;
			unsigned char key[WORK_DEFLATE_KEYLEN], md[32], *back;
			size_t inlen, outlen;
			uLongf backlen;
			uint64_t n = 0;

			work_params_defaults(&p);
			p.kind = WORK_DEFLATE;
			p.level = levels[l];
			p.size = sizes[z];
			w = open_ok(&p);
			assert_int_equal(work_out_len(w), WORK_DEFLATE_KEYLEN);
			assert_non_null(s = work_state_new(w));
			in = work_deflate_input(w, &inlen);
			assert_int_equal(inlen, sizes[z]);
			for (int unit = 0; unit < 2; unit++) {
				assert_int_equal(work_run(w, s, key), 0);
				out = work_deflate_last(s, &outlen);
				backlen = (uLongf)inlen;
				assert_non_null(back = malloc(inlen));
				assert_int_equal(uncompress(back, &backlen, out,
				    (uLong)outlen), Z_OK);
				assert_int_equal(backlen, inlen);
				assert_memory_equal(back, in, inlen);
				free(back);
				/* The key: the size, big-endian, then SHA-256. */
				n = 0;
				for (int i = 0; i < 8; i++)
					n = n << 8 | key[i];
				assert_int_equal(n, outlen);
				SHA256(out, outlen, md);
				assert_memory_equal(key + 8, md, 32);
			}
			work_state_free(s);
			work_close(w);
		}
}

/* Compressible like text, neither trivially nor not at all. */
static void
deflate_input_is_like_text(void **state)
{
	struct work_params p;
	struct work *w;
	struct work_state *s;
	size_t outlen;

	(void)state;
	work_params_defaults(&p);
	p.kind = WORK_DEFLATE;
	p.size = 1 << 20;
	w = open_ok(&p);
	assert_non_null(s = work_state_new(w));
	assert_int_equal(work_run(w, s, NULL), 0);
	(void)work_deflate_last(s, &outlen);
	assert_true(outlen > (1 << 20) / 20);
	assert_true(outlen < (1 << 20) / 2);
	work_state_free(s);
	work_close(w);
}

/* What the record and a child poolviz are told about each work. */
static void
describes_itself(void **state)
{
	struct work_params p;
	struct record_work d;
	char *argv[16];
	size_t n;

	(void)state;
	work_params_defaults(&p);
	work_describe(&p, &d);
	assert_string_equal(d.name, "pbkdf2");
	assert_string_equal(d.unit, "Hash");
	/* The charts' and notes' words; the article's lines keep d.unit. */
	assert_string_equal(d.noun, "hash");
	assert_string_equal(d.nouns, "hashes");
	assert_string_equal(d.doing, "hashing");
	assert_string_equal(d.title, "100000 iterations, sha512");
	assert_int_equal(d.nparams, 3);
	assert_string_equal(d.params[0].name, "iterations");
	assert_int_equal(d.params[1].n, 512);
	assert_string_equal(d.params[2].s, "sha512");
	assert_int_equal(work_argv(&p, argv, 16, &n), 0);
	assert_int_equal(n, 5);
	assert_string_equal(argv[0], "--iterations=100000");
	assert_string_equal(argv[4], "--salt=salt");
	for (size_t i = 0; i < n; i++)
		free(argv[i]);

	p.kind = WORK_SCRYPT;
	work_describe(&p, &d);
	assert_string_equal(d.unit, "Scrypt");
	assert_string_equal(d.noun, "scrypt hash");
	assert_string_equal(d.nouns, "scrypt hashes");
	assert_string_equal(d.title, "scrypt N=16384 r=8 p=1");
	assert_int_equal(work_keylen(&p), 64);
	assert_int_equal(work_argv(&p, argv, 16, &n), 0);
	assert_string_equal(argv[0], "--work=scrypt");
	assert_string_equal(argv[4], "--keylen=64");
	for (size_t i = 0; i < n; i++)
		free(argv[i]);
	/* Too few slots: nothing is left allocated. */
	assert_int_equal(work_argv(&p, argv, 2, &n), -1);
	assert_int_equal(n, 0);

	p.kind = WORK_DEFLATE;
	work_describe(&p, &d);
	assert_string_equal(d.unit, "Deflate");
	assert_string_equal(d.noun, "deflate block");
	assert_string_equal(d.nouns, "deflate blocks");
	assert_string_equal(d.doing, "deflating");
	assert_string_equal(d.title, "deflate of 1048576 bytes at level 6");
	assert_int_equal(work_argv(&p, argv, 16, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(argv[1], "--size=1048576");
	assert_string_equal(argv[2], "--level=6");
	for (size_t i = 0; i < n; i++)
		free(argv[i]);
}

static void
names(void **state)
{
	enum work_kind k;

	(void)state;
	assert_int_equal(work_kind_parse("scrypt", &k), 0);
	assert_int_equal(k, WORK_SCRYPT);
	assert_int_equal(work_kind_parse("deflate", &k), 0);
	assert_int_equal(k, WORK_DEFLATE);
	assert_int_equal(work_kind_parse("Deflate", &k), -1);
	assert_int_equal(work_kind_parse("", &k), -1);
	assert_true(work_applies(WORK_PBKDF2) & WORK_P_ITERATIONS);
	assert_false(work_applies(WORK_SCRYPT) & WORK_P_ITERATIONS);
	assert_false(work_applies(WORK_DEFLATE) & WORK_P_KEYLEN);
}

/*
 * A fixture clock for the calibration: one unit's CPU time in proportion
 * to the work it does at a fixed cost per step, plus a fixed start-up,
 * with no measuring noise. scrypt's size is opened as work_open has it,
 * so a size over the memory cap fails the test.
 */
struct model {
	double ns;		/* per iteration, per byte, per step of N r p */
	double fixed_ms;
	int timed;
};

static double
model_ms(const struct model *m, const struct work_params *p)
{
	double a = 0;

	switch (p->kind) {
	case WORK_PBKDF2:
		a = (double)p->iterations;
		break;
	case WORK_SCRYPT:
		a = (double)p->scrypt_n * (double)p->scrypt_r *
		    (double)p->scrypt_p;
		break;
	case WORK_DEFLATE:
		a = (double)p->size;
		break;
	}
	return m->fixed_ms + a * m->ns / 1e6;
}

static int
model_timer(struct work_params *p, int runs, double *ms, void *arg,
    char *err, size_t errlen)
{
	struct model *m = arg;
	struct work *w;
	const char *param;

	(void)runs;
	if (p->kind == WORK_SCRYPT) {
		if (work_open(&w, p, &param, err, errlen) != 0)
			fail_msg("N %" PRIu64 " r %" PRIu64 " p %" PRIu64 ": %s",
			    p->scrypt_n, p->scrypt_r, p->scrypt_p, err);
		work_close(w);
	}
	m->timed++;
	*ms = model_ms(m, p);
	return 0;
}

/* Calibrate p's kind to target on the model; the unit's model time. */
static double
calibrate_on(struct work_params *p, struct model *m, double target,
    double *predicted)
{
	char err[256];

	m->timed = 0;
	if (work_calibrate_by(p, target, model_timer, m, predicted, err,
	    sizeof(err)) != 0)
		fail_msg("calibrate %s to %.0f ms: %s", work_kind_name(p->kind),
		    target, err);
	assert_true(m->timed <= 24);
	return model_ms(m, p);
}

/*
 * Issue 20: scrypt within 25% of the target. N alone (a power of 2) missed
 * by up to 41% (1380 ms for --hash-ms 1000); with r it is within a step
 * of r, 1/16, for every cost per step from 0.5 to 1.5 us and every target
 * the memory cap allows. The prediction is the model's time.
 */
static void
scrypt_calibrates_within_a_quarter(void **state)
{
	static const double targets[] = { 10, 50, 100, 200, 300, 500, 700,
	    1000, 1380, 2000, 3000 };
	struct work_params p;
	struct model m = { .fixed_ms = 0.05 };
	double got, predicted;

	(void)state;
	for (m.ns = 500; m.ns <= 1500; m.ns += 37)
		for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]);
		    i++) {
			work_params_defaults(&p);
			p.kind = WORK_SCRYPT;
			got = calibrate_on(&p, &m, targets[i], &predicted);
			if (fabs(got / targets[i] - 1) > 0.07 ||
			    fabs(predicted / got - 1) > 0.02)
				fail_msg("%.0f ns, --hash-ms %.0f: N %" PRIu64
				    " r %" PRIu64 " takes %.1f ms, predicted "
				    "%.1f", m.ns, targets[i], p.scrypt_n,
				    p.scrypt_r, got, predicted);
			assert_int_equal(p.scrypt_n & (p.scrypt_n - 1), 0);
			assert_int_equal(p.scrypt_p, 1);
		}
	/* A --scrypt-p given stays, and counts in the work. */
	work_params_defaults(&p);
	p.kind = WORK_SCRYPT;
	p.scrypt_p = 3;
	m.ns = 720;
	got = calibrate_on(&p, &m, 1000, &predicted);
	assert_int_equal(p.scrypt_p, 3);
	assert_true(fabs(got / 1000 - 1) <= 0.07);
	/* Past the memory cap (1 GiB) the largest size that opens: short of it. */
	work_params_defaults(&p);
	p.kind = WORK_SCRYPT;
	got = calibrate_on(&p, &m, 60000, &predicted);
	assert_true(got < 60000);
	assert_true((double)p.scrypt_n * (double)p.scrypt_r >= (1 << 22));
}

/*
 * pbkdf2 and deflate turn one whole number: within a few per cent, for
 * costs about this machine's (3 us an iteration of sha512, 70 ns a byte)
 * and others, where the knob's range reaches the target.
 */
static void
others_calibrate_within_a_quarter(void **state)
{
	static const double targets[] = { 10, 100, 300, 1000 };
	static const double ns[2][3] = { { 100, 2900, 9000 },
	    { 20, 67, 200 } };
	static const enum work_kind kinds[2] = { WORK_PBKDF2, WORK_DEFLATE };
	struct work_params p;
	struct model m = { .fixed_ms = 0.05 };
	double got, predicted;

	(void)state;
	for (size_t k = 0; k < 2; k++)
		for (size_t j = 0; j < 3; j++)
			for (size_t i = 0; i < sizeof(targets) /
			    sizeof(targets[0]); i++) {
				work_params_defaults(&p);
				p.kind = kinds[k];
				m.ns = ns[k][j];
				got = calibrate_on(&p, &m, targets[i],
				    &predicted);
				if (fabs(got / targets[i] - 1) > 0.05 ||
				    fabs(predicted / got - 1) > 0.02)
					fail_msg("%s, %.0f ns, --hash-ms %.0f: "
					    "%.1f ms, predicted %.1f",
					    work_kind_name(p.kind), m.ns,
					    targets[i], got, predicted);
			}
}

/* The knobs it sets, named as options to give again. */
static void
scale_is_given_again(void **state)
{
	struct work_params p;
	struct record_work d;

	(void)state;
	work_params_defaults(&p);
	work_describe(&p, &d);
	assert_string_equal(d.scale, "--iterations 100000");
	p.kind = WORK_SCRYPT;
	p.scrypt_n = 8192;
	p.scrypt_r = 11;
	work_describe(&p, &d);
	assert_string_equal(d.scale, "--scrypt-n 8192 --scrypt-r 11");
	p.kind = WORK_DEFLATE;
	work_describe(&p, &d);
	assert_string_equal(d.scale, "--size 1048576");
	assert_int_equal(work_scale_params(WORK_SCRYPT),
	    WORK_P_SCRYPT_N | WORK_P_SCRYPT_R);
	assert_string_equal(work_param_option(WORK_P_SCRYPT_R), "--scrypt-r");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc6070_sha1),
		cmocka_unit_test(rfc7914_sha256),
		cmocka_unit_test(matches_pkcs5_pbkdf2_hmac),
		cmocka_unit_test(bad_digests_are_refused),
		cmocka_unit_test(rfc7914_scrypt),
		cmocka_unit_test(scrypt_matches_evp_pbe_scrypt),
		cmocka_unit_test(bad_scrypt_parameters_are_refused),
		cmocka_unit_test(deflate_round_trips),
		cmocka_unit_test(deflate_input_is_like_text),
		cmocka_unit_test(describes_itself),
		cmocka_unit_test(names),
		cmocka_unit_test(scrypt_calibrates_within_a_quarter),
		cmocka_unit_test(others_calibrate_within_a_quarter),
		cmocka_unit_test(scale_is_given_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
