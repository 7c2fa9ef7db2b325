/*
 * tui: the full-screen front end's state, shared by tui.c (the loop, keys,
 * signals and layout) and panes.c (drawing each part of the screen onto one
 * canvas). Internal to ui/.
 *
 *   wide (>= 110 columns)          narrow
 *   +-----------+--------------+   +--------------------------+
 *   | lesson    | view         |   | lesson                   |
 *   |           +--------------+   +--------------------------+
 *   |           | output       |   | view                     |
 *   +-----------+--------------+   +--------------------------+
 *   | status line              |   | output                   |
 *   | input line               |   | status line / input line |
 */
#ifndef LOCKSTEP_UI_TUI_H
#define LOCKSTEP_UI_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../cmd/session.h"
#include "../view/canvas.h"
#include "../view/doc.h"
#include "../view/theme.h"

/* Below this the screen says how big it must be instead of drawing. */
#define TUI_MIN_W 50
#define TUI_MIN_H 14
/* Lines of output kept for scrolling back. */
#define TUI_LOG_LINES 2000

struct log_line {
	char *text;
	enum style st;
};

struct tui {
	struct session *s;
	struct canvas canvas;
	struct theme theme;
	char *themes_dir;

	/* layout, recomputed on every resize and toggle */
	int w, h;
	bool too_small, full_view, help;
	struct rect lesson, view, log, status, input;

	/* the lesson pane: the open step as a styled document */
	struct doc doc;
	size_t doc_scroll;
	int doc_width;          /* the width doc was laid out for */
	const struct lesson *doc_lesson;
	size_t doc_step;

	/* the output pane: the newest TUI_LOG_LINES lines */
	struct log_line log_ring[TUI_LOG_LINES];
	size_t log_first, log_count;
	size_t log_scroll;      /* lines back from the newest */

	/* the tree view's cursor, for expanding a process's threads */
	int tree_scroll, tree_selected;
	pid_t expanded[64];
	size_t nexpanded;

	bool dirty;             /* something changed since the last frame */
	uint64_t last_frame_ns;
	int exit_status;
};

/* panes.c: draw the whole screen onto t->canvas; the cursor position of
 * the input line goes to *cx, *cy. */
void tui_draw(struct tui *t, int *cx, int *cy);
/* Lay out the panes for t->w x t->h. */
void tui_layout(struct tui *t);
/* Append a line to the output pane. */
void tui_log(struct tui *t, enum style st, const char *text);
/* Render the open step into t->doc if the lesson, step or width changed. */
void tui_render_lesson(struct tui *t, bool force);

#endif
