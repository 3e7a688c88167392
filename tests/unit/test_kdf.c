/* test_kdf: PBKDF2 against published vectors and OpenSSL's one-shot call. */
#include "testutil.h"

#include <openssl/evp.h>

#include "work/kdf.h"

static void
hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void
check(const char *digest, const char *pass, const char *salt, uint64_t iter,
    size_t keylen, const char *want)
{
	struct kdf k;
	struct kdf_params p = { digest, pass, strlen(pass), salt, strlen(salt), iter };
	unsigned char key[128];
	char got[257], err[256];

	assert_true(keylen <= sizeof(key));
	if (kdf_open(&k, &p, err, sizeof(err)) != 0)
		fail_msg("kdf_open(%s): %s", digest, err);
	assert_int_equal(kdf_derive(&k, key, keylen), 0);
	hex(key, keylen, got);
	assert_string_equal(got, want);
	kdf_close(&k);
}

/* RFC 6070, PBKDF2-HMAC-SHA1 (the vector with a NUL cannot come from argv). */
static void
rfc6070_sha1(void **state)
{
	(void)state;
	check("sha1", "password", "salt", 1, 20,
	    "0c60c80f961f0e71f3a9b524af6012062fe037a6");
	check("sha1", "password", "salt", 2, 20,
	    "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
	check("sha1", "password", "salt", 4096, 20,
	    "4b007901b765489abead49d926f721d065a429c1");
	check("sha1", "passwordPASSWORDpassword",
	    "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25,
	    "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
}

/* RFC 7914 section 11, PBKDF2-HMAC-SHA256. */
static void
rfc7914_sha256(void **state)
{
	(void)state;
	check("sha256", "passwd", "salt", 1, 64,
	    "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
	    "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
	check("sha256", "Password", "NaCl", 80000, 64,
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
	char err[256];
	(void)state;
	for (size_t d = 0; d < sizeof(digests) / sizeof(*digests); d++)
		for (size_t w = 0; w < sizeof(words) / sizeof(*words); w++)
			for (size_t l = 0; l < sizeof(lens) / sizeof(*lens); l++) {
				const char *salt = words[(w + 1) % 3];
				struct kdf_params p = { digests[d], words[w],
				    strlen(words[w]), salt, strlen(salt), 3 };
				struct kdf k;

				assert_int_equal(kdf_open(&k, &p, err, sizeof(err)), 0);
				assert_int_equal(kdf_derive(&k, a, lens[l]), 0);
				assert_int_equal(PKCS5_PBKDF2_HMAC(words[w],
				    (int)strlen(words[w]), (const unsigned char *)salt,
				    (int)strlen(salt), 3, EVP_get_digestbyname(digests[d]),
				    (int)lens[l], b), 1);
				assert_memory_equal(a, b, lens[l]);
				kdf_close(&k);
			}
}

static void
bad_digests_are_refused(void **state)
{
	struct kdf k;
	char err[256];
	struct kdf_params p = { "nosuch", "password", 8, "salt", 4, 1 };

	(void)state;
	assert_int_equal(kdf_open(&k, &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--digest 'nosuch': unknown digest"));
	/* Known to OpenSSL, but an XOF has no HMAC. */
	p.digest = "shake128";
	assert_int_equal(kdf_open(&k, &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--digest 'shake128': OpenSSL cannot use it"));
	p.digest = "";
	assert_int_equal(kdf_open(&k, &p, err, sizeof(err)), -1);
	assert_true(kdf_digest_known("SHA512"));
	assert_false(kdf_digest_known("sha513"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc6070_sha1),
		cmocka_unit_test(rfc7914_sha256),
		cmocka_unit_test(matches_pkcs5_pbkdf2_hmac),
		cmocka_unit_test(bad_digests_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
