/*
 * theme: how each semantic style looks, read from a theme file
 * (assets/themes/NAME.theme). No curses here: a theme is colours and
 * attributes in neutral terms, and the full-screen front end turns them
 * into colour pairs.
 *
 * A theme file has one line per style: the style's name, a foreground, a
 * background, and any attributes:
 *
 *     # comments and blank lines are ignored
 *     heading   cyan      default   bold
 *     zombie    red       default   bold underline
 *     select    black     yellow
 *
 * Colours are default, the eight names black red green yellow blue magenta
 * cyan white, their bright- forms (bright-red), or a number 0..255.
 * Attributes are bold, dim, italic, underline, reverse. A style the file
 * does not mention looks like text. Problems are reported as
 * "FILE:LINE: what is wrong".
 */
#ifndef LOCKSTEP_THEME_H
#define LOCKSTEP_THEME_H

#include <stdbool.h>

#include "canvas.h"

struct strbuf;

#define THEME_DEFAULT_COLOR (-1)

enum theme_attr {
	THEME_BOLD = 1,
	THEME_DIM = 2,
	THEME_ITALIC = 4,
	THEME_UNDERLINE = 8,
	THEME_REVERSE = 16,
};

struct theme_style {
	int fg, bg;   /* 0..255, or THEME_DEFAULT_COLOR */
	int attrs;    /* enum theme_attr bits */
};

struct theme {
	char name[64];
	struct theme_style st[ST_COUNT];
};

/* The name a style has in theme files: "text", "heading", "series1", ... */
const char *theme_style_name(enum style st);
/* Every style plain, then the text of a theme file applied; source names
 * it in messages. Returns 0, or -1 with every problem on its own line of
 * err (the good lines still apply). */
int theme_parse(struct theme *t, const char *name, const char *text, const char *source,
		struct strbuf *err);
/* Read DIR/NAME.theme. Returns 0, or -1 with the problem in err. */
int theme_load(struct theme *t, const char *dir, const char *name, struct strbuf *err);
/*
 * For terminals without colour, or NO_COLOR: keep the attributes, drop the
 * colours, and give the styles that only colour told apart an attribute
 * of their own (so a zombie still stands out).
 */
void theme_monochrome(struct theme *t);

#endif
