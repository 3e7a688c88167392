/* work: the table of kinds of pool work, and the calls that dispatch to it. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "sys/cpuclock.h"
#include "sys/paths.h"
#include "work/work_impl.h"

/* Indexed by enum work_kind. */
static const struct work_ops *const table[] = {
	&work_pbkdf2,
	&work_scrypt,
	&work_deflate,
};

#define NWORKS	(sizeof(table) / sizeof(table[0]))

static const struct work_ops *
ops_of(enum work_kind k)
{
	return (size_t)k < NWORKS ? table[k] : table[WORK_PBKDF2];
}

void
work_params_defaults(struct work_params *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = WORK_PBKDF2;
	p->iterations = 100000;
	p->digest = "sha512";
	p->password = "password";
	p->salt = "salt";
	p->scrypt_n = 16384;	/* Node's crypto.scrypt defaults */
	p->scrypt_r = 8;
	p->scrypt_p = 1;
	p->size = 1048576;	/* 1 MiB */
	p->level = 6;		/* zlib's Z_DEFAULT_COMPRESSION */
}

int
work_kind_parse(const char *name, enum work_kind *out)
{
	for (size_t i = 0; i < NWORKS; i++)
		if (strcmp(name, table[i]->name) == 0) {
			*out = table[i]->kind;
			return 0;
		}
	return -1;
}

const char *
work_kind_name(enum work_kind k)
{
	return ops_of(k)->name;
}

const char *
work_kind_unit(enum work_kind k)
{
	return ops_of(k)->unit;
}

size_t
work_count(void)
{
	return NWORKS;
}

const struct work_help *
work_help(enum work_kind k)
{
	return &ops_of(k)->help;
}

/* The names in the table's order: "pbkdf2, scrypt or deflate", "pbkdf2|scrypt|deflate". */
size_t
work_kind_list(char *buf, size_t len, const char *sep, const char *last)
{
	size_t n = 0;

	if (len > 0)
		buf[0] = '\0';
	for (size_t i = 0; i < NWORKS; i++)
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", i == 0 ?
			    "" : i + 1 == NWORKS ? last : sep, table[i]->name);
	return n;
}

/* The works a parameter applies to, in the table's order: "pbkdf2, scrypt". */
size_t
work_kind_list_of(char *buf, size_t len, unsigned bits)
{
	size_t n = 0;

	if (len > 0)
		buf[0] = '\0';
	for (size_t i = 0; i < NWORKS; i++)
		if ((table[i]->applies & bits) != 0 && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n == 0 ?
			    "" : ", ", table[i]->name);
	return n;
}

/* Each work's own rows, in the table's order; made once, then only read. */
static struct work_option all_options[WORK_OPTIONS_MAX];
static size_t nall_options;
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

static void
all_options_make(void)
{
	for (size_t i = 0; i < NWORKS; i++)
		for (size_t j = 0; j < table[i]->noptions &&
		    nall_options < WORK_OPTIONS_MAX; j++)
			all_options[nall_options++] = table[i]->options[j];
}

const struct work_option *
work_options(size_t *n)
{
	(void)pthread_once(&all_once, all_options_make);
	*n = nall_options;
	return all_options;
}

/* The row that declares an option bit. */
static const struct work_option *
option_of(enum work_param bit)
{
	size_t n;
	const struct work_option *rows = work_options(&n);

	for (size_t i = 0; i < n; i++)
		if (rows[i].bit == bit)
			return &rows[i];
	return NULL;
}

unsigned
work_applies(enum work_kind k)
{
	return ops_of(k)->applies;
}

/* The bytes each unit leaves: --keylen where it applies, else the work's own. */
size_t
work_keylen(const struct work_params *p)
{
	const struct work_ops *ops = ops_of(p->kind);

	if ((ops->applies & WORK_P_KEYLEN) && p->keylen != 0)
		return (size_t)p->keylen;
	return (size_t)ops->keylen;
}

/*
 * One check of OpenSSL's configuration, for every work: a broken one
 * (default_properties = fips=yes with no FIPS provider, say) fetches
 * nothing, and each work would otherwise report it in its own words, or
 * not at all until its first unit ("this OpenSSL has no scrypt", keys of
 * zeros from deflate). SHA-256 is what every work uses or can fetch:
 * PBKDF2's default digest, and deflate's check of its output. Also turns
 * off OpenSSL's atexit clean-up, which would run before libuv's
 * destructor joins the pool, orphaning each worker's thread state.
 */
static int
library_check(char *err, size_t errlen)
{
	static const unsigned char in[1];
	unsigned char md[EVP_MAX_MD_SIZE];
	const char *conf = getenv("OPENSSL_CONF");
	char e[PATHS_ECHO_SIZE];
	unsigned int mdlen;
	EVP_MD *sha;
	int ok;

	OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
	sha = EVP_MD_fetch(NULL, "sha256", NULL);
	ok = sha != NULL && EVP_Digest(in, 0, md, &mdlen, sha, NULL) == 1 &&
	    EVP_Digest(in, 0, md, &mdlen, EVP_sha256(), NULL) == 1;
	EVP_MD_free(sha);
	if (ok)
		return 0;
	ERR_clear_error();
	snprintf(err, errlen, "OpenSSL cannot fetch any digest, not even "
	    "sha256: its configuration is broken (check OPENSSL_CONF=%s)",
	    conf != NULL ? paths_echo(conf, e) : "(unset)");
	return -1;
}

int
work_open(struct work **out, const struct work_params *p, const char **param,
    char *err, size_t errlen)
{
	struct work *w;

	*out = NULL;
	*param = NULL;
	if (library_check(err, errlen) != 0)
		return -1;
	if ((w = calloc(1, sizeof(*w))) == NULL) {
		snprintf(err, errlen, "cannot allocate memory for the work");
		return -1;
	}
	w->ops = ops_of(p->kind);
	w->p = *p;
	w->p.keylen = work_keylen(p);
	w->out_len = (size_t)w->p.keylen;
	if (w->ops->open(w, param, err, errlen) != 0) {
		free(w);
		return -1;
	}
	*out = w;
	return 0;
}

void
work_close(struct work *w)
{
	if (w == NULL)
		return;
	w->ops->close(w);
	free(w);
}

struct work_state *
work_state_new(const struct work *w)
{
	return w->ops->state_new(w);
}

void
work_state_free(struct work_state *s)
{
	/* Every kind's state begins with its ops, so that it frees itself. */
	if (s != NULL)
		(*(const struct work_ops *const *)s)->state_free(s);
}

int
work_run(const struct work *w, struct work_state *s, unsigned char *out)
{
	void *tmp;
	int rc;

	if (s != NULL)
		return w->ops->run(w, s, out);
	if ((tmp = w->ops->state_new(w)) == NULL)
		return -1;
	rc = w->ops->run(w, tmp, out);
	w->ops->state_free(tmp);
	return rc;
}

size_t
work_out_len(const struct work *w)
{
	return w->out_len;
}

static void scale_text(const struct work_params *p, char *buf, size_t len);

void
work_describe(const struct work_params *p, struct record_work *d)
{
	const struct work_ops *ops = ops_of(p->kind);
	struct work_params q = *p;

	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", ops->name);
	snprintf(d->unit, sizeof(d->unit), "%s", ops->unit);
	snprintf(d->noun, sizeof(d->noun), "%s", ops->noun);
	snprintf(d->nouns, sizeof(d->nouns), "%s", ops->nouns);
	snprintf(d->doing, sizeof(d->doing), "%s", ops->doing);
	scale_text(p, d->scale, sizeof(d->scale));
	q.keylen = work_keylen(p);
	ops->describe(&q, d);
}

void
work_param_u64(struct record_work *d, const char *name, uint64_t n, bool brief)
{
	struct record_param *rp;

	if (d->nparams >= RECORD_PARAMS_MAX)
		return;
	rp = &d->params[d->nparams++];
	snprintf(rp->name, sizeof(rp->name), "%s", name);
	rp->n = n;
	rp->brief = brief;
}

void
work_param_text(struct record_work *d, const char *name, const char *s,
    bool brief)
{
	struct record_param *rp;

	if (d->nparams >= RECORD_PARAMS_MAX)
		return;
	rp = &d->params[d->nparams++];
	snprintf(rp->name, sizeof(rp->name), "%s", name);
	/* A longer one is cut short here; the parameter itself is not. */
	snprintf(rp->s, sizeof(rp->s), "%s", s);
	rp->text = true;
	rp->brief = brief;
}

/* The bits of the options a work declares itself. */
static unsigned
options_bits(const struct work_ops *ops)
{
	unsigned bits = 0;

	for (size_t i = 0; i < ops->noptions; i++)
		bits |= ops->options[i].bit;
	return bits;
}

/* One option as a child's argument, "--name=value"; NULL without memory. */
static char *
option_arg(const struct work_option *wo, const struct work_params *p)
{
	const char *field = (const char *)p + wo->offset;
	char *s = NULL;
	int rc = -1;

	switch (wo->type) {
	case WORK_OPT_U64:
		rc = asprintf(&s, "%s=%" PRIu64, wo->name,
		    *(const uint64_t *)(const void *)field);
		break;
	case WORK_OPT_TEXT:
	case WORK_OPT_CUSTOM:
		rc = asprintf(&s, "%s=%s", wo->name,
		    *(const char *const *)(const void *)field);
		break;
	}
	return rc < 0 ? NULL : s;
}

/*
 * The options a child poolviz needs to run the same work: the work's own
 * rows, then those it shares with another. pbkdf2 is the default, so its
 * children are not told --work, as before there was one.
 */
int
work_argv(const struct work_params *p, char **argv, size_t max, size_t *n)
{
	const struct work_ops *ops = ops_of(p->kind);
	struct work_params q = *p;
	size_t nrows;
	const struct work_option *rows = work_options(&nrows);
	int rc = 0;

	q.keylen = work_keylen(p);
	*n = 0;
	if (p->kind != WORK_PBKDF2) {
		if (max == 0 || asprintf(&argv[0], "--work=%s", ops->name) < 0)
			return -1;
		(*n)++;
	}
	for (size_t i = 0; i < ops->noptions && rc == 0; i++)
		if (*n >= max || (argv[*n] = option_arg(&ops->options[i], &q)) == NULL)
			rc = -1;
		else
			(*n)++;
	for (size_t i = 0; i < nrows && rc == 0; i++) {
		if (!(ops->applies & rows[i].bit) ||
		    (rows[i].bit & options_bits(ops)))
			continue;
		if (*n >= max || (argv[*n] = option_arg(&rows[i], &q)) == NULL)
			rc = -1;
		else
			(*n)++;
	}
	if (rc != 0) {
		while (*n > 0)
			free(argv[--*n]);
	}
	return rc;
}

/* --- --hash-ms: the size knobs, and their calibration -------------------- */

unsigned
work_scale_params(enum work_kind k)
{
	return ops_of(k)->scale;
}

const char *
work_param_option(enum work_param bit)
{
	const struct work_option *wo = option_of(bit);

	return wo != NULL ? wo->name : "?";
}

/*
 * The knobs as options to give again, in the rows' order: "--iterations
 * 73230", "--scrypt-n 8192 --scrypt-r 11". Each knob is a WORK_OPT_U64.
 */
static void
scale_text(const struct work_params *p, char *buf, size_t len)
{
	const struct work_ops *ops = ops_of(p->kind);
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ops->noptions && n < len; i++)
		if ((ops->scale & ops->options[i].bit) != 0)
			n += (size_t)snprintf(buf + n, len - n, "%s%s %" PRIu64,
			    n == 0 ? "" : " ", ops->options[i].name,
			    *(const uint64_t *)(const void *)((const char *)p +
			    ops->options[i].offset));
}

/* Whether work_open's param ("scrypt-n") names one of the size knobs. */
static bool
scale_refused(const struct work_ops *ops, const char *param)
{
	for (size_t i = 0; i < ops->noptions && param != NULL; i++)
		if ((ops->scale & ops->options[i].bit) != 0 &&
		    strcmp(ops->options[i].name + 2, param) == 0)
			return true;
	return false;
}

/*
 * One unit's CPU time at the knobs in *p, the lesser of runs (the first
 * may pay for page faults). A size the work refuses (scrypt's memory for
 * its N and r) is halved until it opens.
 */
static int
time_unit(struct work_params *p, int runs, double *ms, void *arg, char *err,
    size_t errlen)
{
	const struct work_ops *ops = ops_of(p->kind);
	struct work *w = NULL;
	struct work_state *st;
	const char *param;
	double best = -1, t0, was;
	int rc = 0;

	(void)arg;
	while (work_open(&w, p, &param, err, errlen) != 0) {
		was = ops->amount(p);
		if (!scale_refused(ops, param))
			return -1;
		ops->amount_set(p, was / 2);
		if (!(ops->amount(p) < was))
			return -1;
	}
	if ((st = work_state_new(w)) == NULL) {
		snprintf(err, errlen, "cannot allocate memory for the work");
		work_close(w);
		return -1;
	}
	for (int i = 0; i < runs && rc == 0; i++) {
		t0 = (double)cpuclock_thread_ns() / 1e6;
		rc = work_run(w, st, NULL);
		t0 = (double)cpuclock_thread_ns() / 1e6 - t0;
		if (best < 0 || t0 < best)
			best = t0;
	}
	work_state_free(st);
	work_close(w);
	if (rc != 0) {
		snprintf(err, errlen, "%s failed while calibrating",
		    work_kind_name(p->kind));
		return -1;
	}
	*ms = best > 0.001 ? best : 0.001;
	return 0;
}

/* One unit's CPU time at p's parameters, on this thread. */
int
work_unit_ms(const struct work_params *p, double *ms, char *err,
    size_t errlen)
{
	struct work_params q = *p;

	return time_unit(&q, 1, ms, NULL, err, errlen);
}

/*
 * Grow a small unit until it takes a measurable sample (up to 50 ms, less
 * for a smaller target), scale its amount in proportion to the target,
 * and measure once more where that costs little (a target up to half a
 * second). *unit_ms is what the last measurement predicts for the size
 * chosen: the target, give or take a step of the knobs and their bounds.
 */
int
work_calibrate_by(struct work_params *p, double target_ms, work_timer timer,
    void *arg, double *unit_ms, char *err, size_t errlen)
{
	const struct work_ops *ops = ops_of(p->kind);
	double goal = target_ms < 50 ? target_ms : 50, t = 0, f, at = 0, any;

	ops->amount_set(p, ops->calib_start);
	for (int i = 0; i < 20; i++) {
		if (timer(p, 2, &t, arg, err, errlen) != 0)
			return -1;
		at = ops->amount(p);	/* as timed: the timer may lower it */
		if (t >= goal / 2)
			break;
		f = goal / t;
		f = f < 2 ? 2 : f > 16 ? 16 : f;
		ops->amount_set(p, at * f);
		if (!(ops->amount(p) > at))
			break;	/* at the knobs' end */
	}
	ops->amount_set(p, at * target_ms / t);
	if (target_ms <= 500) {
		if (timer(p, 1, &t, arg, err, errlen) != 0)
			return -1;
		at = ops->amount(p);
		ops->amount_set(p, at * target_ms / t);
	}
	/* The last word on scrypt's memory: open it once more at the end. */
	if (timer(p, 0, &any, arg, err, errlen) != 0)
		return -1;
	*unit_ms = t * ops->amount(p) / at;
	return 0;
}

int
work_calibrate(struct work_params *p, double target_ms, double *unit_ms,
    char *err, size_t errlen)
{
	return work_calibrate_by(p, target_ms, time_unit, NULL, unit_ms, err,
	    errlen);
}
