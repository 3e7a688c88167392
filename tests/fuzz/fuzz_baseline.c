/* fuzz_baseline: libFuzzer target for the baseline reader; the input is a file. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/baseline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * What baseline_parse promises for any bytes: 0 with a configuration and
 * metrics in range, or -1 with one message about --baseline.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct baseline b;
	char err[1024];
	const char *bad = NULL;
	int rc;

	memset(err, 0, sizeof(err));
	rc = baseline_parse(&b, "fuzz", (const char *)data, size, err, sizeof(err));
	if (rc == 0) {
		if (b.cpus == 0)
			bad = "accepted with no CPUs";
		else if (b.config.pool < 1 || b.config.pool > 1024)
			bad = "accepted a pool out of range";
		else if (memchr(b.config.work.name, '\0', sizeof(b.config.work.name)) == NULL)
			bad = "accepted an unterminated work";
		else if (b.config.work.nparams > RECORD_PARAMS_MAX)
			bad = "accepted too many parameters";
		for (size_t i = 0; i < b.config.work.nparams && bad == NULL; i++)
			if (memchr(b.config.work.params[i].s, '\0',
			    sizeof(b.config.work.params[i].s)) == NULL ||
			    memchr(b.config.work.params[i].name, '\0',
			    sizeof(b.config.work.params[i].name)) == NULL)
				bad = "accepted an unterminated parameter";
		for (int m = 0; m < BASE_COUNT && bad == NULL; m++)
			if (!isfinite(b.m[m]) || b.m[m] < 0)
				bad = "accepted a metric that is not a finite, non-negative number";
	} else if (rc != -1)
		bad = "returned neither 0 nor -1";
	else if (memchr(err, '\0', sizeof(err)) == NULL)
		bad = "err is not terminated";
	else if (strncmp(err, "--baseline 'fuzz': ", 19) != 0)
		bad = "err does not say it is about --baseline";
	if (bad != NULL) {
		fprintf(stderr, "fuzz_baseline: %s (err: %.200s)\n", bad, err);
		abort();
	}
	return 0;
}
