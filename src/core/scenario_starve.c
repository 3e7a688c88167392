/* scenario_starve: the hashes fill the pool; then a file, a DNS and a TCP probe start. */
#include "core/probes.h"
#include "core/run.h"

struct starve {
	struct run *run;
	struct probes probes;
	unsigned probes_done;
	bool finished[PROBE_COUNT];
};

static void
probe_done(void *arg, enum probe_kind kind, int status)
{
	struct starve *s = arg;
	struct record_probe *p = &run_record(s->run)->probes[kind];

	if (s->finished[kind])
		return;		/* a probe reports once, its first outcome */
	s->finished[kind] = true;
	p->done_us = run_now(s->run);
	p->status = status;
	run_emit(s->run, LINE_PROBE_DONE, kind, p->done_us);
	if (++s->probes_done == PROBE_COUNT)
		probes_close(&s->probes);
}

/* The temporary file and the listening socket, before the clock starts. */
static int
starve_open(struct run *run, void *state, char *err, size_t errlen)
{
	struct starve *s = state;

	s->run = run;
	return probes_init(&s->probes, run_loop(run), run_host(run), probe_done,
	    s, err, errlen);
}

static void
starve_start(struct run *run, void *state)
{
	struct starve *s = state;
	struct record *r = run_record(run);

	run_listen_signals(run);
	run_queue_all(run);
	for (int k = 0; k < PROBE_COUNT; k++) {
		r->probes[k].ran = true;
		r->probes[k].kind = (enum probe_kind)k;
		r->probes[k].start_us = run_now(run);
	}
	probes_start(&s->probes);
}

static void
starve_close(struct run *run, void *state)
{
	struct starve *s = state;

	(void)run;
	probes_close(&s->probes);
}

const struct scenario_ops scenario_starve = {
	.size = sizeof(struct starve),
	.open = starve_open,
	.start = starve_start,
	.close = starve_close,
};
