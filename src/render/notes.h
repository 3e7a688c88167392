/* notes: plain sentences about a record, below the timeline and the SVG. */
#ifndef POOLVIZ_NOTES_H
#define POOLVIZ_NOTES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/record.h"

#define NOTES_MAX	10
#define NOTE_LEN	512

/* The notes true of this record, whatever its numbers; returns how many. */
size_t notes_make(const struct record *r, char notes[NOTES_MAX][NOTE_LEN]);

/*
 * The lesson a scenario's run teaches, in one or two sentences from its
 * numbers, in at most two lines of 80 columns whatever the numbers, for
 * the end of its text output; "" for the article's run
 * (whose output is the article's lines) and for an interrupted one.
 */
size_t notes_lesson(const struct record *r, char *buf, size_t len);

/*
 * What a quota, other processes and steal took from this run, in up to
 * two sentences (the quota's, then the load's), each only where it was
 * noticeable; returns how many. *disturbed: others and steal took more
 * than BUSY_NOTICE_CPUS (false when the load is unknown).
 */
size_t notes_machine(const struct record *r, char out[2][NOTE_LEN],
    bool *disturbed);

/*
 * One sentence for a run that others (more than BUSY_NOTICE_CPUS) or a
 * binding quota held back: who, and how many times as long as on a quiet
 * machine the hashes should take; returns its length, 0 (and "") when
 * neither held the run.
 */
size_t notes_slower(const struct record *r, char *buf, size_t len);

/*
 * What --hash-ms chose, for a line on a terminal before the run: the
 * size, to be given again, and one unit's CPU time as calibrated
 * (unit_ms). With the load others and a quota left while it calibrated
 * (f and l, or NULL), and the run's pool and calls: where that makes the
 * units take more than NOTES_WALL_FACTOR times as long as on a quiet
 * machine, the wall time to expect, the CPU time times that machine
 * factor. "--hash-ms 300 chose --iterations 52408: about 300 ms of CPU
 * time for each hash; others use 1.0 of 2 CPUs now, machine factor 2.0:
 * expect about 600 ms of wall time each". Returns its length.
 */
#define NOTES_WALL_FACTOR	1.1
size_t notes_hash_ms_line(char *buf, size_t len, uint64_t hash_ms,
    const struct record_work *w, double unit_ms,
    const struct machine_facts *f, const struct machine_load *l,
    unsigned pool, unsigned calls);

#endif
