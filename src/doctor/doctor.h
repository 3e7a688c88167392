/* doctor: what the pool will be here and why: its size, the DNS cap and the CPUs. */
#ifndef POOLVIZ_DOCTOR_H
#define POOLVIZ_DOCTOR_H

#include <stdbool.h>
#include <stdio.h>

#include "core/machine.h"
#include "doctor/doctor_rules.h"

/* The pool against the CPUs the process may use (affinity and quota). */
enum doctor_fit {
	DOCTOR_FIT_OK,
	DOCTOR_FIT_LARGER,	/* more threads than usable CPUs */
	DOCTOR_FIT_SMALLER,	/* at most half the usable CPUs */
	DOCTOR_FIT_UNKNOWN,	/* the CPUs are unknown */
};

/* Everything the doctor says, gathered in a few reads: nothing is timed. */
struct doctor_report {
	unsigned uv;			/* uv_version() */
	char uv_string[32];		/* uv_version_string() */
	struct doctor_pool pool;
	struct doctor_dns dns;
	struct machine_facts facts;	/* affinity, tightest quota, usable */
	unsigned available_parallelism;	/* uv_available_parallelism() */
	bool counts_quota;		/* this libuv counts a cgroup quota */
	enum doctor_fit fit;
};

/*
 * Gather for libuv version uv: the size from env (NULL: unset), or from
 * option_pool when it is not 0; the machine under root ("" for the real
 * one); parallelism is what uv_available_parallelism() returned.
 */
void doctor_gather(struct doctor_report *r, unsigned uv, const char *uv_string,
    const char *env, unsigned option_pool, const char *root,
    unsigned parallelism);

/* One sentence: how the size came about ("UV_THREADPOOL_SIZE='abc': ..."). */
void doctor_why(char *buf, size_t len, const struct doctor_report *r);
/* The warning about the pool and the CPUs, or "" when there is none. */
void doctor_warning(char *buf, size_t len, const struct doctor_report *r);

int render_doctor_text(FILE *f, const struct doctor_report *r);
int render_doctor_json(FILE *f, const struct doctor_report *r);

/* poolviz doctor: argv[0] is "doctor". */
int doctor_main(int argc, char **argv);

#endif
