/* fixtures: fixed records, built by hand, that every renderer test draws. */
#ifndef POOLVIZ_FIXTURES_H
#define POOLVIZ_FIXTURES_H

#include "testutil.h"

#include "core/record.h"
#include "work/work.h"

/*
 * Times are microseconds, made up to look like real runs on a machine
 * where one sha512 hash of 100000 iterations takes about 641 ms.
 */

/* The work as pbkdf2 with these parameters describes itself. */
static inline void
fx_pbkdf2(struct record_config *cfg, uint64_t iterations, const char *digest)
{
	struct work_params p;

	work_params_defaults(&p);
	p.iterations = iterations;
	p.keylen = cfg->keylen;
	p.digest = digest;
	work_describe(&p, &cfg->work);
}

static inline void
fx_config(struct record *r, uint64_t calls, unsigned pool, unsigned cpus,
    bool sync, bool print_key, size_t keylen)
{
	struct record_config cfg;
	char err[128];

	memset(&cfg, 0, sizeof(cfg));
	cfg.calls = calls;
	cfg.pool = pool;
	cfg.keylen = keylen;
	fx_pbkdf2(&cfg, 100000, "sha512");
	cfg.sync = sync;
	cfg.print_key = print_key;
	cfg.scenario = SCENARIO_ARTICLE;
	assert_int_equal(record_init(r, &cfg, err, sizeof(err)), 0);
	r->machine.cpus = cpus;
	/* A quiet machine without a quota: all of its CPUs were left to the run. */
	r->machine.affinity_cpus = cpus;
	r->machine.usable_cpus = cpus;
	r->load.cpu_known = true;
	r->load.available_cpus = cpus;
	/* A healthy pool: every worker that had a unit wanted a CPU. */
	r->demand.known = true;
	r->demand.samples = 100;
	r->demand.expected = (double)(pool < calls ? pool : calls);
	r->demand.mean = r->demand.p10 = r->demand.expected;
	snprintf(r->machine.libuv, sizeof(r->machine.libuv), "1.44.2");
	snprintf(r->machine.openssl, sizeof(r->machine.openssl),
	    "OpenSSL 3.0.11 19 Sep 2023");
	/* Keys are bytes from a formula, so goldens can show them. */
	for (size_t i = 0; i < keylen; i++)
		r->sync_key[i] = (unsigned char)(0xa0 + i);
	if (r->keys != NULL)
		for (size_t i = 0; i < calls * keylen; i++)
			r->keys[i] = (unsigned char)(i / keylen * 0x11 + i % keylen);
}

static inline void
fx_sync(struct record *r, int64_t start_line, int64_t start, int64_t end,
    int64_t cpu)
{
	r->sync.ran = true;
	r->sync.start_us = start;
	r->sync.end_us = end;
	r->sync.cpu_us = cpu;
	r->heartbeat.block_hashes = 1;	/* as run_sync counts: one, or more in blocked */
	assert_int_equal(record_add_line(r, LINE_SYNC_START, 0, start_line), 0);
	assert_int_equal(record_add_line(r, LINE_SYNC_END, 0, end), 0);
}

static inline void
fx_task(struct record *r, uint32_t id, uint32_t worker, int64_t queued,
    int64_t start, int64_t end, int64_t done, int64_t cpu)
{
	struct record_task *t = &r->tasks[id - 1];

	assert_int_equal(t->id, id);
	t->worker = worker;
	t->queued_us = queued;
	t->start_us = start;
	t->end_us = end;
	t->done_us = done;
	t->cpu_us = cpu;
}

static inline void
fx_line(struct record *r, enum line_kind kind, uint32_t id, int64_t us)
{
	assert_int_equal(record_add_line(r, kind, id, us), 0);
}

/* The article: 4 calls on the default pool of 4, a machine with 2 CPUs. */
static inline void
fx_article(struct record *r)
{
	fx_config(r, 4, 4, 2, true, false, 64);
	fx_sync(r, 41, 48, 641234, 640871);
	fx_task(r, 1, 1, 641290, 641587, 1925310, 1925391, 641012);
	fx_task(r, 2, 2, 641302, 641611, 1921877, 1921950, 640554);
	fx_task(r, 3, 3, 641309, 641650, 1931006, 1931072, 642210);
	fx_task(r, 4, 4, 641315, 641702, 1928440, 1928519, 641873);
	fx_line(r, LINE_SCHEDULED, 0, 641330);
	fx_line(r, LINE_ASYNC_DONE, 2, 1921950);
	fx_line(r, LINE_ASYNC_DONE, 1, 1925391);
	fx_line(r, LINE_ASYNC_DONE, 4, 1928519);
	fx_line(r, LINE_ASYNC_DONE, 3, 1931072);
}

/* --no-sync: the same hashes, queued at once. */
static inline void
fx_nosync(struct record *r)
{
	fx_config(r, 4, 4, 2, false, false, 64);
	fx_task(r, 1, 2, 15, 301, 1283990, 1284052, 640230);
	fx_task(r, 2, 1, 22, 288, 1281345, 1281411, 640002);
	fx_task(r, 3, 3, 27, 340, 1289020, 1289077, 642001);
	fx_task(r, 4, 4, 31, 362, 1286473, 1286540, 641420);
	fx_line(r, LINE_SCHEDULED, 0, 40);
	fx_line(r, LINE_ASYNC_DONE, 2, 1281411);
	fx_line(r, LINE_ASYNC_DONE, 1, 1284052);
	fx_line(r, LINE_ASYNC_DONE, 4, 1286540);
	fx_line(r, LINE_ASYNC_DONE, 3, 1289077);
}

/* --calls 0: only the blocking hash. */
static inline void
fx_zero(struct record *r)
{
	fx_config(r, 0, 4, 2, true, false, 64);
	fx_sync(r, 41, 48, 641234, 640871);
	fx_line(r, LINE_SCHEDULED, 0, 641260);
}

/*
 * Waves: 8 calls on a pool of 2 with 4 CPUs, sha256 at about 400 ms, and
 * --print-key with 8-byte keys. Workers take tasks as they free up.
 */
static inline void
fx_waves(struct record *r)
{
	fx_config(r, 8, 2, 4, true, true, 8);
	fx_pbkdf2(&r->config, 50000, "sha256");
	fx_sync(r, 25, 30, 400120, 400010);
	fx_task(r, 1, 1, 400160, 400390, 800512, 800580, 400050);
	fx_task(r, 2, 2, 400166, 400402, 801230, 801297, 400700);
	fx_task(r, 3, 1, 400172, 800530, 1201003, 1201070, 400390);
	fx_task(r, 4, 2, 400178, 801249, 1202310, 1202388, 401000);
	fx_task(r, 5, 2, 400184, 1202330, 1603120, 1603190, 400710);
	fx_task(r, 6, 1, 400190, 1201020, 1601870, 1601944, 400800);
	fx_task(r, 7, 1, 400196, 1601890, 2002004, 2002079, 400060);
	fx_task(r, 8, 2, 400202, 1603140, 2003560, 2003633, 400350);
	fx_line(r, LINE_SCHEDULED, 0, 400230);
	fx_line(r, LINE_ASYNC_DONE, 1, 800580);
	fx_line(r, LINE_ASYNC_DONE, 2, 801297);
	fx_line(r, LINE_ASYNC_DONE, 3, 1201070);
	fx_line(r, LINE_ASYNC_DONE, 4, 1202388);
	fx_line(r, LINE_ASYNC_DONE, 6, 1601944);
	fx_line(r, LINE_ASYNC_DONE, 5, 1603190);
	fx_line(r, LINE_ASYNC_DONE, 7, 2002079);
	fx_line(r, LINE_ASYNC_DONE, 8, 2003633);
}

/*
 * blocked, as it runs: the hashes are queued first; on the heartbeat's
 * second tick the main thread hashes until it has run a hash that began
 * after the pool's had ended (two hashes here), so both results wait for
 * it; the next tick measures the stall. 2 hashes, a pool of 4, 4 CPUs.
 */
static inline void
fx_blocked(struct record *r)
{
	fx_config(r, 2, 4, 4, true, false, 64);
	r->config.scenario = SCENARIO_BLOCKED;
	fx_task(r, 1, 1, 250, 700, 641700, 1302600, 641000);
	fx_task(r, 2, 2, 260, 720, 641320, 1302560, 640600);
	fx_line(r, LINE_SCHEDULED, 0, 300);
	fx_sync(r, 20050, 20100, 1302500, 1282000);
	r->heartbeat.block_hashes = 2;
	r->heartbeat.ran = true;
	r->heartbeat.interval_ms = 10;
	r->heartbeat.ticks = 3;
	r->heartbeat.gap_start_us = 20010;
	r->heartbeat.max_gap_us = 1282690;
	r->heartbeat.stall_us = 1282690;
	assert_int_equal(record_add_tick(r, 10005), 0);
	assert_int_equal(record_add_tick(r, 20010), 0);
	assert_int_equal(record_add_tick(r, 1302700), 0);
	fx_line(r, LINE_ASYNC_DONE, 2, 1302560);
	fx_line(r, LINE_ASYNC_DONE, 1, 1302600);
	fx_line(r, LINE_HEARTBEAT_STALL, 0, 1302700);
}

/*
 * fx_blocked as a --live frame sees it at now (live_snapshot's record): a
 * span not ended yet ends at now, a result not delivered yet has done_us
 * -1, the heartbeat has the ticks so far and its gap grows from the last
 * one to now, and no line is kept. From about 642 ms to 1302 ms both
 * units have ended and wait for the main thread.
 */
static inline int64_t
fx_upto(int64_t us, int64_t now)
{
	return us < now ? us : now;
}

static inline void
fx_blocked_at(struct record *r, int64_t now)
{
	struct record full;
	int64_t last = 0, gap = 0;

	fx_blocked(&full);
	fx_config(r, 2, 4, 4, true, false, 64);
	r->config.scenario = SCENARIO_BLOCKED;
	r->sync.ran = true;
	r->sync.start_us = full.sync.start_us;
	r->sync.end_us = fx_upto(full.sync.end_us, now);
	for (uint32_t id = 1; id <= 2; id++) {
		const struct record_task *k = &full.tasks[id - 1];

		fx_task(r, id, k->start_us <= now ? k->worker : 0, k->queued_us,
		    fx_upto(k->start_us, now), fx_upto(k->end_us, now),
		    k->done_us <= now ? k->done_us : -1, 0);
	}
	r->heartbeat.ran = true;
	r->heartbeat.interval_ms = full.heartbeat.interval_ms;
	for (size_t i = 0; i < full.heartbeat.ntick_us &&
	    full.heartbeat.tick_us[i] <= now; i++) {
		if (full.heartbeat.tick_us[i] - last > gap) {
			gap = full.heartbeat.tick_us[i] - last;
			r->heartbeat.gap_start_us = last;
		}
		last = full.heartbeat.tick_us[i];
		assert_int_equal(record_add_tick(r, last), 0);
	}
	if (now - last > gap) {
		gap = now - last;
		r->heartbeat.gap_start_us = last;
	}
	r->heartbeat.max_gap_us = gap;
	record_free(&full);
}

/*
 * starve: 4 hashes fill the pool of 4 (8 CPUs); the fs and dns probes
 * need the pool too and wait for a free worker, the tcp probe does not.
 */
static inline void
fx_starve(struct record *r)
{
	fx_config(r, 4, 4, 8, false, false, 64);
	r->config.scenario = SCENARIO_STARVE;
	fx_task(r, 1, 1, 100, 350, 641700, 641760, 641100);
	fx_task(r, 2, 2, 110, 362, 642950, 643012, 642310);
	fx_task(r, 3, 3, 120, 371, 641420, 641490, 640800);
	fx_task(r, 4, 4, 130, 380, 643801, 643850, 643200);
	r->probes[PROBE_FS] = (struct record_probe){ true, PROBE_FS, 250, 641900, 0 };
	r->probes[PROBE_DNS] = (struct record_probe){ true, PROBE_DNS, 260, 643300, 0 };
	r->probes[PROBE_TCP] = (struct record_probe){ true, PROBE_TCP, 270, 2410, 0 };
	fx_line(r, LINE_SCHEDULED, 0, 180);
	fx_line(r, LINE_PROBE_DONE, PROBE_TCP, 2410);
	fx_line(r, LINE_ASYNC_DONE, 3, 641490);
	fx_line(r, LINE_ASYNC_DONE, 1, 641760);
	fx_line(r, LINE_PROBE_DONE, PROBE_FS, 641900);
	fx_line(r, LINE_ASYNC_DONE, 2, 643012);
	fx_line(r, LINE_PROBE_DONE, PROBE_DNS, 643300);
	fx_line(r, LINE_ASYNC_DONE, 4, 643850);
}

/*
 * Interrupted at 300 ms: 4 calls on a pool of 2; hashes 1 and 2 were on
 * workers and finished, 3 and 4 were cancelled in the queue.
 */
static inline void
fx_interrupted(struct record *r)
{
	fx_config(r, 4, 2, 2, false, false, 64);
	fx_task(r, 1, 1, 15, 290, 641300, 641370, 640900);
	fx_task(r, 2, 2, 20, 301, 642010, 642080, 641600);
	fx_task(r, 3, 0, 25, 0, 0, 300100, 0);
	fx_task(r, 4, 0, 30, 0, 0, 300150, 0);
	fx_line(r, LINE_SCHEDULED, 0, 40);
	fx_line(r, LINE_ASYNC_DONE, 1, 641370);
	fx_line(r, LINE_ASYNC_DONE, 2, 642080);
	r->interrupted = true;
}

/*
 * Strings that must be escaped: quotes, backslash, <, &, >, a newline, a
 * control byte, a byte that is not UTF-8 (0xff) and one that is (é).
 */
#define FX_HOSTILE_DIGEST	"sha\"512\\<&>\n'\x01\xff\xc3\xa9"
#define FX_HOSTILE_DIGEST_CLEAN	"sha\"512\\<&>\n'\x01\xef\xbf\xbd\xc3\xa9"

static inline void
fx_hostile(struct record *r)
{
	fx_config(r, 1, 1, 1, true, true, 4);
	fx_pbkdf2(&r->config, 100000, FX_HOSTILE_DIGEST);
	snprintf(r->machine.libuv, sizeof(r->machine.libuv), "1.44<b>&\"x\"");
	snprintf(r->machine.openssl, sizeof(r->machine.openssl),
	    "OpenSSL 'q' \\ </text>]]>\r\n");
	fx_sync(r, 10, 12, 2012, 1990);
	fx_task(r, 1, 1, 2050, 2100, 4120, 4180, 2001);
	fx_line(r, LINE_SCHEDULED, 0, 2060);
	fx_line(r, LINE_ASYNC_DONE, 1, 4180);
}

/*
 * offload: blocked's workload with its blocking work on a thread of its
 * own, which ran two hashes and was heard through uv_async_send; the
 * heartbeat kept ticking and each result was delivered as it ended.
 */
static inline void
fx_offload(struct record *r)
{
	fx_config(r, 2, 4, 4, false, false, 64);
	r->config.scenario = SCENARIO_OFFLOAD;
	fx_task(r, 1, 1, 250, 700, 641700, 641790, 641000);
	fx_task(r, 2, 2, 260, 720, 641320, 641400, 640600);
	fx_line(r, LINE_SCHEDULED, 0, 300);
	fx_line(r, LINE_OFFLOAD_START, 0, 20050);
	r->offload = (struct record_offload){ true, 20100, 1302500, 1302640,
	    1282000, 2, false };
	r->heartbeat.ran = true;
	r->heartbeat.interval_ms = 10;
	r->heartbeat.ticks = 131;
	r->heartbeat.gap_start_us = 640200;
	r->heartbeat.max_gap_us = 12400;
	r->heartbeat.stall_us = 12400;
	/* 64 ticks up to the longest gap, 67 after it, 9.9 ms apart. */
	for (int64_t us = 10200; us <= 640200; us += 10000)
		assert_int_equal(record_add_tick(r, us), 0);
	for (int64_t us = 652600; us <= 1306000; us += 9900)
		assert_int_equal(record_add_tick(r, us), 0);
	assert_int_equal(r->heartbeat.ntick_us, 131);
	fx_line(r, LINE_ASYNC_DONE, 2, 641400);
	fx_line(r, LINE_ASYNC_DONE, 1, 641790);
	fx_line(r, LINE_OFFLOAD_DONE, 0, 1302640);
	fx_line(r, LINE_HEARTBEAT_STALL, 0, 1310100);
}

/*
 * Another work's words on the same times: the record as the named work,
 * at its defaults, describes itself. The times stay pbkdf2's; only the
 * words drawn change.
 */
static inline void
fx_as_work(struct record *r, const char *name)
{
	struct work_params p;

	work_params_defaults(&p);
	assert_int_equal(work_kind_parse(name, &p.kind), 0);
	work_describe(&p, &r->config.work);
}

static inline void
fx_blocked_scrypt(struct record *r)
{
	fx_blocked(r);
	fx_as_work(r, "scrypt");
}

static inline void
fx_waves_deflate(struct record *r)
{
	fx_waves(r);
	fx_as_work(r, "deflate");
}

static inline void
fx_offload_deflate(struct record *r)
{
	fx_offload(r);
	fx_as_work(r, "deflate");
}

typedef void fixture_fn(struct record *);

/* The other works, drawn by the chart's renderers (timeline and SVG). */
static const struct {
	const char *name;
	fixture_fn *build;
} fixtures_works[] = {
	{ "blocked_scrypt", fx_blocked_scrypt },
	{ "waves_deflate", fx_waves_deflate },
	{ "offload_deflate", fx_offload_deflate },
};
#define NFIXTURES_WORKS (sizeof(fixtures_works) / sizeof(fixtures_works[0]))

static const struct {
	const char *name;
	fixture_fn *build;
} fixtures[] = {
	{ "article", fx_article },
	{ "nosync", fx_nosync },
	{ "zero", fx_zero },
	{ "waves", fx_waves },
	{ "blocked", fx_blocked },
	{ "starve", fx_starve },
	{ "offload", fx_offload },
	{ "interrupted", fx_interrupted },
	{ "hostile", fx_hostile },
};
#define NFIXTURES (sizeof(fixtures) / sizeof(fixtures[0]))

/* Whatever fn wrote to a memory stream, NUL-terminated; the caller frees it. */
#define CAPTURE(buf, call) do {						\
	size_t capture_len_;						\
	FILE *f = open_memstream(&(buf), &capture_len_);		\
									\
	assert_non_null(f);						\
	assert_int_equal((call), 0);					\
	assert_int_equal(fclose(f), 0);					\
} while (0)

/* A renderer writing to a stream that refuses writes says so: -1. */
static inline void
assert_write_error_reported(int (*render)(FILE *, const struct record *),
    void (*fixture)(struct record *))
{
	struct record r;
	FILE *f;

	fixture(&r);
	f = fopen("/dev/null", "r");
	assert_non_null(f);
	assert_int_equal(render(f, &r), -1);
	fclose(f);
	record_free(&r);
}

#endif
