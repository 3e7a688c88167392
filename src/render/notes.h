/* notes: plain sentences about a record, below the timeline and the SVG. */
#ifndef POOLVIZ_NOTES_H
#define POOLVIZ_NOTES_H

#include <stddef.h>

#include "core/record.h"

#define NOTES_MAX	10
#define NOTE_LEN	240

/* The notes true of this record, whatever its numbers; returns how many. */
size_t notes_make(const struct record *r, char notes[NOTES_MAX][NOTE_LEN]);

#endif
