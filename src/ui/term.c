/* term: the full-screen terminal through ncursesw (see term.h). */
#define _XOPEN_SOURCE_EXTENDED 1 /* the wide-character curses calls */
#define _GNU_SOURCE              /* sigaction flags, TIOCGWINSZ */
#include "term.h"
#include "../view/canvas.h"
#include "../view/theme.h"

#include <curses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

static bool open_now;
static bool colour;
static attr_t attrs_of[ST_COUNT];
static short pair_of[ST_COUNT];

/* For the crash handler: what to write to put the terminal right, and the
 * modes it had, prepared while nothing is wrong. */
static struct termios saved_modes;
static char restore_seq[256];
static size_t restore_len;

static void crash_handler(int sig)
{
	tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
	if (restore_len)
		(void)!write(STDOUT_FILENO, restore_seq, restore_len);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void add_cap(const char *name)
{
	char *s = tigetstr((char *)name);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	/* padding like "$<5>" is for real terminals of long ago: drop it */
	for (size_t i = 0; i < n && restore_len < sizeof restore_seq - 1; i++) {
		if (s[i] == '$' && s[i + 1] == '<') {
			while (i < n && s[i] != '>')
				i++;
			continue;
		}
		restore_seq[restore_len++] = s[i];
	}
}

int term_open(void)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -1;
	tcgetattr(STDIN_FILENO, &saved_modes);
	if (!newterm(NULL, stdout, stdin))
		return -1;
	open_now = true;
	/* sgr0 (plain text), cnorm (cursor back), rmcup (the shell's screen) */
	restore_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmcup");
	add_cap("rmkx");
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = crash_handler;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		sigaction(fatal[i], &sa, NULL);
	cbreak();   /* keys at once, but Ctrl-C and Ctrl-Z still signal */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	meta(stdscr, TRUE);
	set_escdelay(25);
	colour = has_colors() && !getenv("NO_COLOR");
	if (colour) {
		start_color();
		use_default_colors();
	}
	curs_set(1);
	return 0;
}

void term_close(void)
{
	if (!open_now)
		return;
	endwin();
	open_now = false;
	int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
		signal(fatal[i], SIG_DFL);
}

bool term_has_colour(void)
{
	return colour;
}

void term_set_theme(const struct theme *t)
{
	for (int i = 0; i < ST_COUNT; i++) {
		const struct theme_style *ts = &t->st[i];
		attr_t a = A_NORMAL;
		if (ts->attrs & THEME_BOLD)
			a |= A_BOLD;
		if (ts->attrs & THEME_DIM)
			a |= A_DIM;
		if (ts->attrs & THEME_ITALIC)
			a |= A_ITALIC;
		if (ts->attrs & THEME_UNDERLINE)
			a |= A_UNDERLINE;
		if (ts->attrs & THEME_REVERSE)
			a |= A_REVERSE;
		attrs_of[i] = a;
		pair_of[i] = 0;
		if (colour && i + 1 < COLOR_PAIRS) {
			/* a 256-colour number on an 8-colour terminal would be
			 * refused: fall back to the terminal's default */
			int fg = ts->fg < COLORS ? ts->fg : -1, bg = ts->bg < COLORS ? ts->bg : -1;
			init_pair((short)(i + 1), (short)fg, (short)bg);
			pair_of[i] = (short)(i + 1);
		}
	}
	term_invalidate();
}

void term_size(int *w, int *h)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row) {
		if (ws.ws_col != COLS || ws.ws_row != LINES)
			resizeterm(ws.ws_row, ws.ws_col);
	}
	*w = COLS;
	*h = LINES;
}

void term_invalidate(void)
{
	if (open_now)
		clearok(curscr, TRUE);
}

void term_show(const struct canvas *c, int cx, int cy)
{
	for (int y = 0; y < c->h && y < LINES; y++) {
		for (int x = 0; x < c->w && x < COLS; x++) {
			const struct cell *cl = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
			if (cl->ch == CANVAS_WIDE_TAIL)
				continue;
			wchar_t wc[2] = { (wchar_t)cl->ch, 0 };
			cchar_t cc;
			int st = cl->style < ST_COUNT ? cl->style : ST_TEXT;
			setcchar(&cc, wc, attrs_of[st], pair_of[st], NULL);
			/* the last cell of the screen makes curses want to
			 * scroll; it draws the cell and returns ERR: fine */
			mvadd_wch(y, x, &cc);
		}
	}
	if (cx >= 0 && cy >= 0) {
		curs_set(1);
		move(cy, cx);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

void term_suspend(void)
{
	endwin();
}

void term_resume(void)
{
	refresh();
	term_invalidate();
}

int term_key(wint_t *alt_char)
{
	wint_t wc;
	int r = get_wch(&wc);
	if (r == ERR)
		return TK_NONE;
	if (r == OK) {
		if (wc != 27)
			return (int)wc;
		/* Escape: alone, or the start of an Alt key */
		wint_t next;
		int r2 = get_wch(&next);
		if (r2 == ERR)
			return 27;
		if (r2 == OK && next >= '1' && next <= '5')
			return TK_ALT_1 + (int)(next - '1');
		if (r2 == OK) {
			*alt_char = next;
			return TK_ALT_OTHER;
		}
		wc = next; /* Escape then a function key: treat as the key */
	}
	switch (wc) {
	case KEY_F(1): return TK_F1;
	case KEY_F(2): return TK_F2;
	case KEY_F(3): return TK_F3;
	case KEY_F(4): return TK_F4;
	case KEY_F(5): return TK_F5;
	case KEY_F(6): return TK_F6;
	case KEY_F(7): return TK_F7;
	case KEY_F(8): return TK_F8;
	case KEY_F(9): return TK_F9;
	case KEY_F(10): return TK_F10;
	case KEY_UP: return TK_UP;
	case KEY_DOWN: return TK_DOWN;
	case KEY_LEFT: return TK_LEFT;
	case KEY_RIGHT: return TK_RIGHT;
	case KEY_HOME: return TK_HOME;
	case KEY_END: return TK_END;
	case KEY_PPAGE: return TK_PGUP;
	case KEY_NPAGE: return TK_PGDN;
	case KEY_DC: return TK_DELETE;
	case KEY_IC: return TK_INSERT;
	case KEY_BACKSPACE: return TK_BACKSPACE;
	case KEY_ENTER: return '\r';
	case KEY_SR: return TK_SHIFT_UP;
	case KEY_SF: return TK_SHIFT_DOWN;
	case KEY_RESIZE: return TK_OTHER;
	}
	/* Modified arrows have no fixed codes: curses names them kUP3 (Alt),
	 * kUP5 (Ctrl), kUP2 (Shift) and so on. */
	const char *name = keyname((int)wc);
	if (name) {
		static const struct { const char *name; int key; } mods[] = {
			{ "kUP3", TK_ALT_UP }, { "kDN3", TK_ALT_DOWN }, { "kLFT3", TK_ALT_LEFT },
			{ "kRIT3", TK_ALT_RIGHT }, { "kUP5", TK_CTRL_UP }, { "kDN5", TK_CTRL_DOWN },
			{ "kUP", TK_SHIFT_UP }, { "kDN", TK_SHIFT_DOWN },
		};
		for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
			if (!strcmp(name, mods[i].name))
				return mods[i].key;
	}
	return TK_OTHER;
}
