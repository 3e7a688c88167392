/* scenario: the one table of scenarios; each row's ops live in its own file. */
#include <stdio.h>
#include <string.h>

#include "core/run.h"
#include "core/scenario.h"

/* One row per scenario, in the order --help and messages list them. */
static const struct scenario_kind scenarios[SCENARIO_COUNT] = {
	[SCENARIO_ARTICLE] = { "article", true, true, true, &scenario_article, false },
	[SCENARIO_BLOCKED] = { "blocked", true, false, false, &scenario_blocked, false },
	[SCENARIO_STARVE] = { "starve", false, false, false, &scenario_starve, false },
	[SCENARIO_OFFLOAD] = { "offload", false, false, false, &scenario_offload, false },
	[SCENARIO_DNS] = { "dns", false, false, false, &scenario_dns, true },
};

const struct scenario_kind *
scenario_get(enum scenario s)
{
	return (unsigned)s < SCENARIO_COUNT ? &scenarios[s] : NULL;
}

const char *
scenario_name(enum scenario s)
{
	return (unsigned)s < SCENARIO_COUNT ? scenarios[s].name : "?";
}

bool
scenario_is_default(enum scenario s)
{
	return s == (enum scenario)0;
}

/* The scenario of that name; -1 if there is none. */
int
scenario_from_name(const char *name, enum scenario *out)
{
	for (int i = 0; i < SCENARIO_COUNT; i++)
		if (strcmp(name, scenarios[i].name) == 0) {
			*out = (enum scenario)i;
			return 0;
		}
	return -1;
}

/* The same, with a message naming the scenarios there are. */
int
scenario_parse(const char *name, enum scenario *out, char *err, size_t errlen)
{
	size_t len;

	if (scenario_from_name(name, out) == 0)
		return 0;
	len = (size_t)snprintf(err, errlen, "'%s': unknown scenario (expected ",
	    name);
	for (int i = 0; i < SCENARIO_COUNT && len < errlen; i++)
		len += (size_t)snprintf(err + len, errlen - len, "%s%s",
		    i == 0 ? "" : i == SCENARIO_COUNT - 1 ? " or " : ", ",
		    scenarios[i].name);
	if (len < errlen)
		snprintf(err + len, errlen - len, ")");
	return -1;
}
