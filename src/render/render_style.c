/* render_style: the chart's style, from the terminal and the environment. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render/render_style.h"

/* COLUMNS as a positive whole number of digits only, or 0. */
static int
columns(const char *s)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return 0;
	return v > RENDER_STYLE_MAX_WIDTH ? RENDER_STYLE_MAX_WIDTH : (int)v;
}

/*
 * A pure function of what the caller read from the terminal and the
 * environment: COLUMNS wins, then the terminal's width, else 80; colour
 * only on a terminal, and not when NO_COLOR is set to a non-empty value
 * (no-color.org: NO_COLOR= set but empty leaves colour on) or TERM is
 * "dumb"; Unicode only in a UTF-8 locale and without --ascii.
 */
void
render_style_choose(struct render_style *s, bool is_tty, int tty_cols,
    const char *columns_env, const char *no_color_env, const char *term_env,
    const char *locale_codeset, bool ascii_flag)
{
	int w = columns(columns_env);

	if (w == 0)
		w = is_tty && tty_cols > 0 ? tty_cols :
		    RENDER_STYLE_DEFAULT_WIDTH;
	if (w < RENDER_STYLE_MIN_WIDTH)
		w = RENDER_STYLE_MIN_WIDTH;
	if (w > RENDER_STYLE_MAX_WIDTH)
		w = RENDER_STYLE_MAX_WIDTH;
	s->width = w;
	s->color = is_tty && (no_color_env == NULL || *no_color_env == '\0') &&
	    (term_env == NULL || strcmp(term_env, "dumb") != 0);
	s->unicode = !ascii_flag && locale_codeset != NULL &&
	    (strcasecmp(locale_codeset, "UTF-8") == 0 ||
	    strcasecmp(locale_codeset, "UTF8") == 0);
}
