/* render_sweep: the sweep's table of --format outputs, rows only; one file per format. */
#include <stddef.h>

#include "sweep/render_sweep.h"

static const struct sweep_output outputs[] = {
	{ FORMAT_TEXT, render_sweep_text },
	{ FORMAT_JSON, render_sweep_json },
	{ FORMAT_CSV, render_sweep_csv },
	{ FORMAT_MARKDOWN, render_sweep_markdown },
};

/* The row --format f picks; text's when no row has it. */
const struct sweep_output *
sweep_output_of_format(enum format f)
{
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++)
		if (outputs[i].format == f)
			return &outputs[i];
	return &outputs[0];
}
