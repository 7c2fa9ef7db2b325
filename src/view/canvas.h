/*
 * canvas: a grid of cells that every view draws on. A cell holds one
 * Unicode character and a semantic style (what the text is, not what
 * colour it has: the front end's theme decides that). Views never call
 * curses; the full-screen front end copies a canvas to the terminal, and
 * tests compare a canvas's rows with expected text.
 *
 * Text is UTF-8 and measured with wcwidth (the caller has set an LC_CTYPE
 * locale): a CJK character takes two cells, the second holding
 * CANVAS_WIDE_TAIL. Drawing clips at the rectangle given, and a wide
 * character that does not fit whole becomes a space. Control characters
 * and invalid UTF-8 draw as '?', so nothing a demo prints can send escape
 * codes to the terminal.
 */
#ifndef LOCKSTEP_CANVAS_H
#define LOCKSTEP_CANVAS_H

#include <stddef.h>
#include <stdint.h>

struct strbuf;

enum style {
	ST_TEXT,        /* ordinary text */
	ST_DIM,         /* secondary: hints at keys, units, pids */
	ST_BOLD,
	ST_EMPH,        /* *emphasis* in a lesson */
	ST_STRONG,      /* **strong** */
	ST_TITLE,       /* the lesson's title */
	ST_HEADING,     /* a step's heading */
	ST_CODE,        /* `inline code` and code blocks */
	ST_KEYWORD,     /* C syntax colours */
	ST_TYPE,
	ST_STRING,
	ST_COMMENT,
	ST_NUMBER,
	ST_PREPROC,
	ST_LINENO,      /* line numbers of a listing */
	ST_QUOTE,       /* block quotes */
	ST_LINK,
	ST_RUN,         /* a step's run commands */
	ST_HINT,        /* hint and quiz blocks */
	ST_QUIZ,
	ST_BORDER,      /* pane borders and titles */
	ST_STATUS,      /* the status line */
	ST_STATUS_KEY,  /* key names in the status line */
	ST_POPUP,       /* completion list, help overlay */
	ST_SELECT,      /* the selected row */
	ST_TREE,        /* tree branch lines */
	ST_NEW,         /* a process or thread that just appeared */
	ST_EXITED,      /* one that just went, shown for a moment */
	ST_ZOMBIE,
	ST_STOPPED,
	ST_ORPHAN,
	ST_RUNNING,     /* a process or thread on a CPU */
	ST_METER,       /* a meter's filled part */
	ST_METER_HIGH,  /* ... near 100% */
	ST_AXIS,        /* graph axes and ticks */
	ST_SERIES1,     /* graph lines, timeline bars: up to six */
	ST_SERIES2,
	ST_SERIES3,
	ST_SERIES4,
	ST_SERIES5,
	ST_SERIES6,
	ST_WAITING,     /* a task waiting in a queue */
	ST_NOTICE,      /* the runner's messages */
	ST_DEMO,        /* a line the demo printed */
	ST_ERROR,
	ST_PAUSED,      /* "paused": the views are frozen */
	ST_COUNT
};

/* The right half of a two-column character. */
#define CANVAS_WIDE_TAIL 0xFFFFFFFFu

struct cell {
	uint32_t ch;      /* a code point, ' ' when blank */
	uint8_t style;    /* enum style */
};

struct canvas {
	int w, h;
	struct cell *cells; /* w * h, row by row */
};

struct rect {
	int x, y, w, h;
};

void canvas_init(struct canvas *c, int w, int h);
void canvas_release(struct canvas *c);
/* Change the size; every cell becomes blank. */
void canvas_resize(struct canvas *c, int w, int h);
/* The whole canvas as a rect. */
struct rect canvas_rect(const struct canvas *c);
/* Blank every cell of r (clipped to the canvas) with style st. */
void canvas_clear(struct canvas *c, struct rect r, enum style st);
/* Set one cell, if it is inside r and the canvas. */
void canvas_set(struct canvas *c, struct rect r, int x, int y, uint32_t ch, enum style st);
/*
 * Draw UTF-8 text at column x, row y of r (both relative to r), clipped to
 * r. Returns the number of columns the whole text takes (even the part
 * clipped), so callers can lay out what follows.
 */
int canvas_text(struct canvas *c, struct rect r, int x, int y, const char *s, enum style st);
int canvas_textn(struct canvas *c, struct rect r, int x, int y, const char *s, size_t n,
		 enum style st);
/* canvas_text, but text that does not fit ends in "…" so the reader knows
 * something was cut. Returns the columns drawn. */
int canvas_text_cut(struct canvas *c, struct rect r, int x, int y, const char *s, enum style st);
/* Set the style of the cells in r's row y from x for n columns. */
void canvas_restyle(struct canvas *c, struct rect r, int x, int y, int n, enum style st);

/* Columns of UTF-8 text as canvas_text draws it. */
int text_width(const char *s);
int text_width_n(const char *s, size_t n);
/* Bytes of s that fit in cols columns (never splitting a character). */
size_t text_fit(const char *s, int cols);
/* Decode one UTF-8 character at s (n bytes available): its code point, or
 * '?' for an invalid or control byte; *len gets the bytes used (>= 1). */
uint32_t text_decode(const char *s, size_t n, size_t *len);
/* Columns of one code point: 0 (combining), 1 or 2. */
int text_cp_width(uint32_t cp);

/* For tests: row y as UTF-8 with trailing blanks trimmed (caller frees);
 * the whole canvas as rows ending in '\n'. */
char *canvas_row(const struct canvas *c, int y);
void canvas_dump(const struct canvas *c, struct strbuf *out);
/* The style letters of row y, one per cell (a..z for styles 0..25, then
 * A..Z, 0..9), for tests. */
char *canvas_row_styles(const struct canvas *c, int y);
/* A rect inset by n on every side (never negative). */
struct rect rect_inset(struct rect r, int n);

#endif
