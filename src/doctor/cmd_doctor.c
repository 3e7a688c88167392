/* cmd_doctor: poolviz doctor's command line: parse, gather, render. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "argv.h"
#include "cli.h"
#include "delivery.h"
#include "doctor/doctor.h"
#include "hooks.h"

enum {
	OPT_FORMAT = 256,
};

/* Sorted by name, as in the switch below. */
static const struct option longopts[] = {
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "help",	no_argument,		NULL, 'h' },
	{ "pool",	required_argument,	NULL, 'p' },
	{ NULL,		0,			NULL, 0 },
};

struct doctor_options {
	bool help, json;
	unsigned pool;		/* 0: from the environment */
};

static int
doctor_usage(FILE *f)
{
	return fputs(
"usage: poolviz doctor [--pool N] [--format text|json]\n"
"       poolviz doctor -h | --help\n"
"\n"
"Says how many threads libuv's pool will have in this environment and why,\n"
"by the rules of the libuv poolviz runs with: UV_THREADPOOL_SIZE as that\n"
"libuv reads it, the cap on concurrent DNS lookups, and the CPUs (affinity,\n"
"the tightest cgroup quota, uv_available_parallelism()). It measures nothing.\n"
"\n"
"  -p, --pool N      what a pool of N threads would do here, instead of the\n"
"                    size the environment gives\n"
"      --format F    text (the default) or json (see docs/json.md)\n"
"  -h, --help        show this help\n", f) < 0 ? -1 : 0;
}

static int
parse(struct doctor_options *o, int argc, char **argv, char *err,
    size_t errlen)
{
	char e[ARGV_ECHO_SIZE];
	uint64_t v;
	int ch;

	memset(o, 0, sizeof(*o));
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+hp:", longopts, NULL)) != -1) {
		if (argv_check_value(ch, argc, argv, false, longopts, "hp",
		    err, errlen) != 0)
			return -1;
		switch (ch) {
		case 'h':
			o->help = true;
			break;
		case 'p':
			if (argv_parse_u64("--pool", optarg, 1,
			    doctor_max_pool(uv_version()), &v, err,
			    errlen) != 0)
				return -1;
			o->pool = (unsigned)v;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o->json = false;
			else if (strcmp(optarg, "json") == 0)
				o->json = true;
			else {
				snprintf(err, errlen, "--format '%s': unknown "
				    "format (expected text or json)",
				    argv_echo(optarg, e, sizeof(e)));
				return -1;
			}
			break;
		default:
			argv_getopt_error(ch, argc, argv, longopts, err, errlen);
			return -1;
		}
	}
	return argv_no_operands(argc, argv, "poolviz doctor", err, errlen);
}

int
doctor_main(int argc, char **argv)
{
	struct doctor_options o;
	struct doctor_report r;
	struct output out;
	char err[512];

	output_init(&out, stdout);
	if (parse(&o, argc, argv, err, sizeof(err)) != 0)
		return cli_usage_error(err, "poolviz doctor --help");
	if (o.help) {
		output_note(&out, doctor_usage(stdout));
		return cli_finish_output(&out, PV_EXIT_OK);
	}
	doctor_gather(&r, uv_version(), uv_version_string(),
	    getenv("UV_THREADPOOL_SIZE"), o.pool, hooks_host()->machine_root,
	    uv_available_parallelism());
	output_note(&out, o.json ? render_doctor_json(stdout, &r) :
	    render_doctor_text(stdout, &r));
	return cli_finish_output(&out, PV_EXIT_OK);
}
