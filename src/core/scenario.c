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

/* The names in the table's order: "article, blocked, starve or offload". */
size_t
scenario_list(char *buf, size_t len)
{
	size_t n = 0;

	if (len > 0)
		buf[0] = '\0';
	for (int i = 0; i < SCENARIO_COUNT && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
		    i == 0 ? "" : i == SCENARIO_COUNT - 1 ? " or " : ", ",
		    scenarios[i].name);
	return n;
}

/* The same, with a message naming the scenarios there are. */
int
scenario_parse(const char *name, enum scenario *out, char *err, size_t errlen)
{
	char names[256];

	if (scenario_from_name(name, out) == 0)
		return 0;
	scenario_list(names, sizeof(names));
	snprintf(err, errlen, "'%s': unknown scenario (expected %s)", name,
	    names);
	return -1;
}
