/* render_csv: the tasks as CSV: numbers and hex only, so nothing is quoted. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "render/render_csv.h"
#include "report/report.h"
#include "render/fmt.h"

static int
put_ms(FILE *f, int64_t us)
{
	char buf[32];

	fmt_ms3(buf, sizeof(buf), us);
	return fprintf(f, ",%s", buf) < 0 ? -1 : 0;
}

static int
put_row(FILE *f, const struct record *r, const struct record_task *t,
    char *hex)
{
	const unsigned char *key;

	/* A hash cancelled in the queue: its id and when it was queued only. */
	if (t->worker == 0) {
		if (fprintf(f, "%" PRIu32 ",", t->id) < 0 ||
		    put_ms(f, t->queued_us) || fputs(",,,,", f) == EOF)
			return -1;
	} else if (fprintf(f, "%" PRIu32 ",%" PRIu32, t->id, t->worker) < 0 ||
	    put_ms(f, t->queued_us) || put_ms(f, t->start_us) ||
	    put_ms(f, t->end_us) || put_ms(f, t->done_us) ||
	    put_ms(f, t->cpu_us))
		return -1;
	if (r->io.ran && fprintf(f, ",%s",
	    task_kind_name(record_task_kind(r, t->id))) < 0)
		return -1;
	if (hex != NULL) {
		key = record_task_key(r, t->id);
		if (key != NULL)
			fmt_hex(hex, key, r->config.keylen);
		else
			hex[0] = '\0';
		if (fprintf(f, ",%s", hex) < 0)
			return -1;
	}
	return putc('\n', f) == EOF ? -1 : 0;
}

/* Header and rows, ms with three decimals; 0, or -1 on a write error. */
int
render_csv(FILE *f, const struct record *r)
{
	char *hex = NULL;
	int rc = -1;

	if (r->config.print_key &&
	    (hex = malloc(2 * r->config.keylen + 1)) == NULL)
		return -1;
	if (fprintf(f, "id,worker,queued_ms,start_ms,end_ms,done_ms,cpu_ms%s%s\n",
	    r->io.ran ? ",kind" : "", hex != NULL ? ",key" : "") < 0)
		goto out;
	for (size_t i = 0; i < r->ntasks; i++)
		if (put_row(f, r, &r->tasks[i], hex) != 0)
			goto out;
	rc = 0;
out:
	if (hex != NULL)	/* the keys' hex is as secret as the keys */
		explicit_bzero(hex, 2 * r->config.keylen + 1);
	free(hex);
	return rc;
}

int
render_csv_output(FILE *f, const struct report *rp, const struct render_style *st)
{
	(void)st;
	return render_csv(f, report_last(rp));
}
