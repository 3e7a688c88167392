/* poolviz: see how libuv's event loop and its thread pool share work. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <uv.h>

#include "cli.h"
#include "cmd_run.h"
#include "delivery.h"
#include "doctor/doctor.h"
#include "options.h"
#include "sweep/sweep.h"
#include "sys/signals.h"
#include "sys/stdfds.h"
#include "usage.h"
#include "work/work.h"

#ifndef POOLVIZ_VERSION
#define POOLVIZ_VERSION "0.1.0"
#endif

int
main(int argc, char **argv)
{
	struct options o;
	struct output out;
	char err[512];

	stdfds_open();			/* before anything opens a file */
	stdfds_blocking();		/* before anything is written */
	signals_fatal_install();	/* SIGINT and SIGTERM too */
	/* A reader that goes away is an EPIPE to handle, not a death. */
	signal(SIGPIPE, SIG_IGN);
	if (argc > 1 && strcmp(argv[1], "sweep") == 0)
		return sweep_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "doctor") == 0)
		return doctor_main(argc - 1, argv + 1);
	output_init(&out, stdout);

	if (options_parse(&o, argc, argv, err, sizeof(err)) != 0)
		return cli_usage_error(err, "poolviz --help");
	if (o.help) {
		output_note(&out, usage_print(stdout));
		return cli_finish_output(&out, PV_EXIT_OK);
	}
	if (o.version) {
		output_note(&out, printf("poolviz %s (libuv %s, %s)\n",
		    POOLVIZ_VERSION, uv_version_string(),
		    work_library_version()) < 0 ? -1 : 0);
		return cli_finish_output(&out, PV_EXIT_OK);
	}
	return cmd_run(&o, &out);
}
