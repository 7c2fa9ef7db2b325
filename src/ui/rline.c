/* rline: readline in callback mode, drawn by the front end (see rline.h). */
#include "rline.h"
#include "term.h"
#include "../util/xalloc.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

static struct rline_hooks hooks;
static unsigned char queue[64];
static size_t qhead, qlen;
static FILE *devnull;
static char **matches;
static int nmatches;

static int feed_getc(FILE *f)
{
	(void)f;
	if (!qlen)
		return '\n'; /* never reached: readline reads only what was fed */
	unsigned char c = queue[qhead];
	qhead = (qhead + 1) % sizeof queue;
	qlen--;
	return c;
}

static int feed_available(void)
{
	return qlen > 0;
}

static void redisplay(void)
{
	if (hooks.changed)
		hooks.changed();
}

static void no_prep(int meta)
{
	(void)meta; /* curses owns the terminal's modes */
}

static void no_deprep(void)
{
}

static void show_matches(char **m, int n, int max_len)
{
	(void)max_len;
	rline_matches_clear();
	/* m[0] is the common prefix; m[1..n] the candidates */
	matches = xcalloc((size_t)n + 1, sizeof *matches);
	for (int i = 0; i < n; i++)
		matches[i] = xstrdup(m[i + 1]);
	nmatches = n;
	redisplay();
}

static int redraw_key(int count, int key)
{
	(void)count;
	(void)key;
	if (hooks.redraw_all)
		hooks.redraw_all();
	return 0;
}

static void on_line(char *line)
{
	if (hooks.line)
		hooks.line(line);
	else
		free(line);
}

void rline_start(const char *prompt, const struct rline_hooks *h)
{
	hooks = *h;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	rl_outstream = devnull; /* readline must never write to the screen */
	rl_getc_function = feed_getc;
	rl_input_available_hook = feed_available;
	rl_redisplay_function = redisplay;
	rl_prep_term_function = no_prep;
	rl_deprep_term_function = no_deprep;
	rl_completion_display_matches_hook = show_matches;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_readline_name = "lockstep";
	rl_callback_handler_install(prompt, on_line);
	rl_bind_key('\f', redraw_key);
}

void rline_stop(void)
{
	rl_callback_handler_remove();
	rline_matches_clear();
	if (devnull) {
		fclose(devnull);
		devnull = NULL;
		rl_outstream = NULL;
	}
}

void rline_set_prompt(const char *prompt)
{
	rl_set_prompt(prompt);
	redisplay();
}

static void push(const char *bytes, size_t n)
{
	for (size_t i = 0; i < n && qlen < sizeof queue; i++) {
		queue[(qhead + qlen) % sizeof queue] = (unsigned char)bytes[i];
		qlen++;
	}
}

void rline_key(int key, int alt_char)
{
	char buf[MB_LEN_MAX + 2];
	size_t n = 0;
	switch (key) {
	case TK_UP: push("\033[A", 3); break;
	case TK_DOWN: push("\033[B", 3); break;
	case TK_RIGHT: push("\033[C", 3); break;
	case TK_LEFT: push("\033[D", 3); break;
	case TK_HOME: push("\033[H", 3); break;
	case TK_END: push("\033[F", 3); break;
	case TK_DELETE: push("\033[3~", 4); break;
	case TK_BACKSPACE: push("\177", 1); break;
	case TK_ALT_OTHER:
		/* Alt-x is Meta-x to readline: ESC then x */
		buf[n++] = '\033';
		/* fall through */
	default:
		if (key < 0 && key != TK_ALT_OTHER)
			return; /* keys readline has no use for */
		{
			wchar_t wc = (wchar_t)(key == TK_ALT_OTHER ? alt_char : key);
			mbstate_t st;
			memset(&st, 0, sizeof st);
			size_t k = wcrtomb(buf + n, wc, &st);
			if (k == (size_t)-1)
				return;
			n += k;
			push(buf, n);
		}
		break;
	}
	rline_matches_clear();
	while (qlen)
		rl_callback_read_char();
}

void rline_clear(void)
{
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	rline_matches_clear();
	redisplay();
}

const char *rline_prompt(void)
{
	return rl_prompt ? rl_prompt : "";
}

const char *rline_buffer(void)
{
	return rl_line_buffer ? rl_line_buffer : "";
}

int rline_cursor(void)
{
	return rl_point;
}

char **rline_matches(int *n)
{
	*n = nmatches;
	return nmatches ? matches : NULL;
}

void rline_matches_clear(void)
{
	for (int i = 0; i < nmatches; i++)
		free(matches[i]);
	free(matches);
	matches = NULL;
	nmatches = 0;
}
