/* cli: one line per complaint, and an exit status that never hides lost output. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "options.h"

/* One line on stderr, with anything unprintable the user gave replaced. */
void
cli_complain(const char *pre, const char *msg)
{
	fprintf(stderr, "poolviz: %s", pre);
	for (const char *p = msg; *p != '\0'; p++)
		fputc(iscntrl((unsigned char)*p) ? '?' : *p, stderr);
	fputc('\n', stderr);
}

/* Bad input: the complaint and where to read more; exit status 2. */
int
cli_usage_error(const char *msg, const char *help)
{
	char line[1024];

	snprintf(line, sizeof(line), "%s (see %s)", msg, help);
	cli_complain("", line);
	return PV_EXIT_USAGE;
}

/* Report what became of stdout; returns the exit status it calls for. */
int
cli_finish_output(struct output *out, int status)
{
	if (output_close(out) == 0)
		return status;
	if (output_reader_gone(out))
		return PV_EXIT_READER_GONE;
	fprintf(stderr, "poolviz: write error: %s\n", strerror(out->error));
	return PV_EXIT_FAIL;
}
