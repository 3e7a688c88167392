/* sweep: not yet; the subcommand is reserved. */
#include <stdio.h>

#include "options.h"
#include "sweep.h"

int
sweep_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("poolviz: sweep: not implemented yet\n", stderr);
	return PV_EXIT_USAGE;
}
