/* render_style: how wide a chart is, and whether in colour and Unicode. */
#ifndef POOLVIZ_RENDER_STYLE_H
#define POOLVIZ_RENDER_STYLE_H

#include <stdbool.h>

#define RENDER_STYLE_MIN_WIDTH		40
#define RENDER_STYLE_MAX_WIDTH		1000
#define RENDER_STYLE_DEFAULT_WIDTH	80

struct render_style {
	int width;		/* columns, RENDER_STYLE_MIN_WIDTH or more */
	bool color;		/* ANSI colour escapes */
	bool unicode;		/* block elements rather than ASCII */
	/*
	 * The rows the chart may take, axis and legend included, 0 for as
	 * many as it needs: lanes that do not fit are counted on one line.
	 */
	int height;
	bool brief;		/* no notes below the chart (they need --notes) */
};

void render_style_choose(struct render_style *s, bool is_tty, int tty_cols,
    const char *columns_env, const char *no_color_env, const char *term_env,
    const char *locale_codeset, bool ascii_flag);

#endif
