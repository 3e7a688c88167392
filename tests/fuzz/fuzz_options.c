/* fuzz_options: libFuzzer target for options_parse; the input is an argv. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options_check.h"

#define FUZZ_MAX_ARGS	64	/* after argv[0] */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input's NUL bytes separate the arguments: "--calls\0" "7" is
 * poolviz --calls 7. Each argument gets a heap block of its own exact size,
 * so that reading past one is an ASan report rather than the next one.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[FUZZ_MAX_ARGS + 2];
	char why[512];
	const char *bad;
	int argc = 0;
	size_t at = 0;

	argv[argc++] = strdup("poolviz");
	while (at < size && argc <= FUZZ_MAX_ARGS) {
		const uint8_t *nul = memchr(data + at, '\0', size - at);
		size_t n = nul != NULL ? (size_t)(nul - data) - at : size - at;

		if ((argv[argc] = malloc(n + 1)) == NULL)
			abort();
		memcpy(argv[argc], data + at, n);
		argv[argc][n] = '\0';
		argc++;
		at += n + 1;
	}
	argv[argc] = NULL;
	if (argv[0] == NULL)
		abort();

	bad = options_check(argc, argv, why, sizeof(why));
	if (bad != NULL) {
		fprintf(stderr, "fuzz_options: %s\nargv:", bad);
		for (int i = 0; i < argc; i++)
			fprintf(stderr, " '%s'", argv[i]);
		fputc('\n', stderr);
		abort();
	}
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return 0;
}
