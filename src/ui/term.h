/*
 * term: the full-screen terminal, through ncursesw (internal to ui/).
 *
 * It owns the terminal while the front end runs: opens it, maps the theme's
 * styles to colour pairs, copies a canvas to the screen (curses sends only
 * what changed), and gives the terminal back on every way out, including a
 * crash: term_open installs handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL
 * and SIGABRT that restore the terminal's modes with async-signal-safe
 * calls only and then die of the same signal.
 */
#ifndef LOCKSTEP_UI_TERM_H
#define LOCKSTEP_UI_TERM_H

#include <stdbool.h>
#include <wchar.h>

struct canvas;
struct theme;

/* Take over the terminal (stdin, stdout). Returns 0, or -1 if it is not a
 * usable terminal (then nothing has changed). */
int term_open(void);
/* Give it back: the screen as it was, the cursor visible, modes restored. */
void term_close(void);
/* Has the terminal colours? (false with NO_COLOR set) */
bool term_has_colour(void);
void term_set_theme(const struct theme *t);
/* The terminal's size now (asks the kernel, then tells curses). */
void term_size(int *w, int *h);
/* Copy the canvas to the screen and put the cursor at (x, y) (hidden if
 * x < 0); then update the terminal. */
void term_show(const struct canvas *c, int cursor_x, int cursor_y);
/* Forget what is on the screen: the next term_show redraws every cell
 * (after a resize, a resume, or Ctrl-L). */
void term_invalidate(void);
/* Leave the screen for a suspend (Ctrl-Z) and come back after it. */
void term_suspend(void);
void term_resume(void);

/* Keys. A key is a character (>= 0) or one of these. */
enum {
	TK_NONE = -1,
	TK_F1 = -100, TK_F2, TK_F3, TK_F4, TK_F5, TK_F6, TK_F7, TK_F8, TK_F9, TK_F10,
	TK_UP, TK_DOWN, TK_LEFT, TK_RIGHT, TK_HOME, TK_END, TK_PGUP, TK_PGDN,
	TK_DELETE, TK_BACKSPACE, TK_INSERT,
	TK_ALT_UP, TK_ALT_DOWN, TK_ALT_LEFT, TK_ALT_RIGHT,
	TK_CTRL_UP, TK_CTRL_DOWN, TK_SHIFT_UP, TK_SHIFT_DOWN,
	TK_ALT_1, TK_ALT_2, TK_ALT_3, TK_ALT_4, TK_ALT_5,
	TK_ALT_OTHER, /* Alt with a character: term_key's *alt_char holds it */
	TK_OTHER,     /* a key lockstep does not use */
};
/* The next key waiting, or TK_NONE. Never blocks. */
int term_key(wint_t *alt_char);

#endif
