/* render_json: one run as a JSON document whose field names are a contract. */
#ifndef POOLVIZ_RENDER_JSON_H
#define POOLVIZ_RENDER_JSON_H

#include <stdio.h>

#include <jansson.h>

#include "core/record.h"

/* The schema number in every document; bump it when a field changes meaning. */
#define RENDER_JSON_SCHEMA	1

/*
 * Reals: 15 significant digits (DBL_DIG) print any value of up to 15
 * digits exactly as written, so 641.234 stays 641.234 rather than
 * jansson's default 17-digit 641.23400000000004. Times have 3 decimals,
 * so they stay exact below 10^12 ms, about 31 years.
 */
#define RENDER_JSON_FLAGS \
	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

json_t *render_json_record(const struct record *r);
int render_json(FILE *f, const struct record *r);

#endif
