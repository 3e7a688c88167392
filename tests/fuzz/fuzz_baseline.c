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
 * Whatever a baseline holds, a comparison with a run gives changes that a
 * report can write: finite and within BASELINE_CHANGE_MAX, or NAN (n/a),
 * against a run's metrics as small, as large and as odd as they come.
 */
static const char *
compare_check(const struct baseline *b)
{
	static const double nows[] = { 0, 1e-9, 1, 1e9, 1e300, INFINITY, NAN };
	struct baseline now = *b;
	struct baseline_row rows[BASE_COUNT];
	json_t *j;

	for (size_t k = 0; k < sizeof(nows) / sizeof(nows[0]); k++) {
		for (int m = 0; m < BASE_COUNT; m++)
			now.m[m] = nows[k];
		baseline_compare(b, &now, 25, 5, rows);
		for (int m = 0; m < BASE_COUNT; m++)
			if (!isnan(rows[m].change_pct) &&
			    !(fabs(rows[m].change_pct) <= BASELINE_CHANGE_MAX))
				return "compared to a change out of bounds";
	}
	/* What it holds can be written back, whole. */
	if ((j = baseline_json(b)) == NULL)
		return "accepted what baseline_json cannot write";
	json_decref(j);
	return NULL;
}

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
			if (!isfinite(b.m[m]) || (b.m[m] != 0 &&
			    (b.m[m] < BASELINE_METRIC_MIN ||
			    b.m[m] > BASELINE_METRIC_MAX)))
				bad = "accepted a metric out of [1e-6, 1e6]";
		if (bad == NULL)
			bad = compare_check(&b);
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
