/* test_doctor: libuv's pool-size and slow-I/O rules, for each version that changed them. */
#include "testutil.h"

#include "doctor/doctor.h"
#include "doctor/doctor_rules.h"

#define V144	DOCTOR_UV(1, 44, 2)
#define V152	DOCTOR_UV(1, 52, 0)

static unsigned
size_of(unsigned uv, const char *env)
{
	struct doctor_pool p;

	doctor_pool_from_env(&p, uv, env);
	return p.size;
}

static void
atoi_rules_of_1_44(void **state)
{
	(void)state;
	assert_int_equal(size_of(V144, NULL), 4);
	assert_int_equal(size_of(V144, ""), 1);
	assert_int_equal(size_of(V144, "0"), 1);
	assert_int_equal(size_of(V144, "abc"), 1);
	assert_int_equal(size_of(V144, "1"), 1);
	assert_int_equal(size_of(V144, "4"), 4);
	assert_int_equal(size_of(V144, "8abc"), 8);
	assert_int_equal(size_of(V144, " +8"), 8);	/* strtol's blanks and sign */
	assert_int_equal(size_of(V144, "-1"), 1024);
	assert_int_equal(size_of(V144, "1024"), 1024);
	assert_int_equal(size_of(V144, "1025"), 1024);
	assert_int_equal(size_of(V144, "99999"), 1024);
	assert_int_equal(size_of(V144, "0000000000000008"), 8);
	/* 2^32 + 3: the int keeps the low 32 bits. */
	assert_int_equal(size_of(V144, "4294967299"), 3);
	/* Past LONG_MIN strtol gives LONG_MIN, whose low 32 bits are 0. */
	assert_int_equal(size_of(V144, "-99999999999999999999999"), 1);
}

static void
buffer_rule_of_1_52(void **state)
{
	struct doctor_pool p;

	(void)state;
	assert_int_equal(size_of(V152, "8abc"), 8);
	assert_int_equal(size_of(V152, "000000000000008"), 8);	/* 15 bytes fit */
	doctor_pool_from_env(&p, V152, "0000000000000008");	/* 16 do not */
	assert_int_equal(p.size, 4);
	assert_int_equal(p.source, DOCTOR_SOURCE_ENV_IGNORED);
	assert_false(p.env_read);
	assert_int_equal(size_of(DOCTOR_UV(1, 51, 0), "0000000000000008"), 8);
}

static void
max_before_1_30(void **state)
{
	(void)state;
	assert_int_equal(size_of(DOCTOR_UV(1, 29, 0), "200"), 128);
	assert_int_equal(size_of(DOCTOR_UV(1, 30, 0), "200"), 200);
}

static void
dns_cap_by_version(void **state)
{
	struct doctor_dns d;
	static const unsigned want[] = { 0, 1, 1, 2, 2, 3, 3 };

	(void)state;
	for (unsigned n = 1; n <= 6; n++) {
		doctor_dns_cap(&d, V144, n);
		assert_true(d.capped);
		assert_int_equal(d.cap, want[n]);
	}
	doctor_dns_cap(&d, DOCTOR_UV(1, 23, 0), 4);
	assert_false(d.capped);
	assert_int_equal(d.cap, 4);
	doctor_dns_cap(&d, DOCTOR_UV(1, 23, 1), 4);
	assert_int_equal(d.cap, 2);
}

static void
quota_counting_by_version(void **state)
{
	(void)state;
	assert_false(doctor_counts_quota(DOCTOR_UV(1, 48, 0)));
	assert_true(doctor_counts_quota(DOCTOR_UV(1, 49, 0)));
	assert_false(doctor_counts_v2_hierarchy(DOCTOR_UV(1, 50, 0)));
	assert_true(doctor_counts_v2_hierarchy(DOCTOR_UV(1, 51, 0)));
}

static void
the_value_is_escaped_and_cut(void **state)
{
	struct doctor_pool p;
	char big[4001];

	(void)state;
	memset(big, 'x', 4000);
	big[4000] = '\0';
	doctor_pool_from_env(&p, V144, big);
	assert_int_equal(p.env_bytes, 4000);
	assert_true(p.env_truncated);
	assert_int_equal(strlen(p.env_shown), DOCTOR_ENV_ECHO);
	doctor_pool_from_env(&p, V144, "\x1b\\'\xff");
	assert_string_equal(p.env_shown, "\\x1b\\x5c\\x27\\xff");
}

static void
the_sentence_says_why(void **state)
{
	struct doctor_report r;
	char why[1024];

	(void)state;
	doctor_gather(&r, V144, "1.44.2", "abc", 0, TESTS_DIR
	    "/fixtures/machine/quota-1", 2);
	doctor_why(why, sizeof(why), &r);
	assert_string_equal(why, "UV_THREADPOOL_SIZE='abc': libuv 1.44 reads "
	    "it with atoi(), which gives 0, and 0 means 1: the pool will have "
	    "1 thread");
	doctor_gather(&r, V152, "1.52.0", "12345678901234567890", 0, "", 2);
	doctor_why(why, sizeof(why), &r);
	assert_non_null(strstr(why, "16-byte buffer"));
	assert_non_null(strstr(why, "default 4 threads"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(atoi_rules_of_1_44),
		cmocka_unit_test(buffer_rule_of_1_52),
		cmocka_unit_test(max_before_1_30),
		cmocka_unit_test(dns_cap_by_version),
		cmocka_unit_test(quota_counting_by_version),
		cmocka_unit_test(the_value_is_escaped_and_cut),
		cmocka_unit_test(the_sentence_says_why),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
