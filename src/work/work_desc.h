/* work_desc: a work described as plain data, for the record and the renderers. */
#ifndef POOLVIZ_WORK_DESC_H
#define POOLVIZ_WORK_DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The work owns these (work_describe fills them); the record embeds them
 * in its config, so core/record.h includes this header and nothing under
 * work/ includes core/.
 */

/* One parameter of the work, as JSON config and baseline matching name it. */
struct record_param {
	char name[16];		/* "iterations", "digest", "scrypt_n" */
	bool text;		/* s holds it, else n */
	bool brief;		/* named in the trace's metadata */
	uint64_t n;
	char s[64];
};

#define RECORD_PARAMS_MAX	5

/* The kind of pool work, as plain data filled by work_describe(). */
struct record_work {
	char name[16];		/* "pbkdf2", as --work names it */
	char unit[16];		/* the noun in the article's lines: "Hash" */
	char noun[24];		/* one unit in charts and notes: "hash" */
	char nouns[24];		/* more than one: "hashes" */
	char doing[24];		/* a unit running, in legends: "hashing" */
	char title[160];	/* for titles: "100000 iterations, sha512" */
	char scale[48];		/* the size knob, to give again: "--iterations 100000" */
	struct record_param params[RECORD_PARAMS_MAX];
	size_t nparams;
};

#endif
