/* render_json: one run as a JSON document whose field names are a contract. */
#ifndef POOLVIZ_RENDER_JSON_H
#define POOLVIZ_RENDER_JSON_H

#include <stdio.h>

#include "core/record.h"
#include "render/jsonw.h"

/* The schema number in every document; bump it when a field changes meaning. */
#define RENDER_JSON_SCHEMA	1

/*
 * The run's members, written into an object the caller opened: a single
 * run's document, or each of --repeat's runs.
 */
void render_json_members(struct jsonw *w, const struct record *r);
/* The run as a document and a newline; 0, or -1 on a write error or without memory. */
int render_json(FILE *f, const struct record *r);
/* The same document in JSONW_COMPACT's layout, without the newline. */
int render_json_compact(FILE *f, const struct record *r);

#endif
