/* output: keep the first write error on a stream so that it is reported. */
#include <errno.h>
#include <stdio.h>

#include "output.h"

void
output_init(struct output *o, FILE *f)
{
	o->f = f;
	o->error = 0;
}

/* Record a failed write (rc != 0) once; returns rc. */
int
output_note(struct output *o, int rc)
{
	if (rc != 0 && o->error == 0)
		o->error = errno != 0 ? errno : EIO;
	return rc;
}

int
output_flush(struct output *o)
{
	if (o->error != 0)
		return -1;
	errno = 0;
	return output_note(o, fflush(o->f) == EOF || ferror(o->f) ? -1 : 0);
}

/* Flush and close the stream for good; returns 0 when nothing was lost. */
int
output_close(struct output *o)
{
	int rc = output_flush(o);

	errno = 0;
	if (fclose(o->f) == EOF && rc == 0)
		rc = output_note(o, -1);
	o->f = NULL;
	return rc;
}

/* The reader went away (EPIPE): stop quietly rather than complain. */
bool
output_reader_gone(const struct output *o)
{
	return o->error == EPIPE;
}
