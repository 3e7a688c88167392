/* notes_machine: the sentences that say what the machine gave a run. */
#ifndef POOLVIZ_NOTES_MACHINE_H
#define POOLVIZ_NOTES_MACHINE_H

#include <stddef.h>

#include "core/machine.h"
#include "report/busy.h"

struct record_work;	/* core/record.h: the work, as the record holds it */

/*
 * Each fills buf with one or two sentences, or with "" when there is
 * nothing to say, and returns the length, or -1 if buf was too small.
 * The facts and load come from a record (record_facts, record->load) or
 * from a report's medians over its runs.
 */
/* w names the work's unit in load and too_busy; NULL: pbkdf2's, "hash". */
int machine_text_load(char *buf, size_t len, const struct machine_facts *f,
    const struct machine_load *l, const struct busy_verdict *v,
    const struct record_work *w);
int machine_text_quota(char *buf, size_t len, const struct machine_facts *f,
    const struct machine_load *l, const struct busy_verdict *v);
int machine_text_too_busy(char *buf, size_t len,
    const struct machine_facts *f, const struct machine_load *l,
    const struct busy_verdict *v, const struct record_work *w);

#endif
