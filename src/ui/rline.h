/*
 * rline: GNU readline in callback mode inside the full-screen front end
 * (internal to ui/). Readline keeps the line, history, editing keys, the
 * user's inputrc and completion; it never touches the terminal itself:
 * keys come from the front end (rline_key), the line is drawn by the front
 * end (rline_prompt, rline_buffer, rline_cursor), and completion candidates
 * are handed over as a list to show in the screen (rline_matches).
 */
#ifndef LOCKSTEP_UI_RLINE_H
#define LOCKSTEP_UI_RLINE_H

#include <stdbool.h>

struct rline_hooks {
	void (*line)(char *line);   /* a line was entered (NULL: end of input); the hook frees it */
	void (*changed)(void);      /* the line or cursor changed: redraw it */
	void (*redraw_all)(void);   /* Ctrl-L */
};

void rline_start(const char *prompt, const struct rline_hooks *h);
void rline_stop(void);
void rline_set_prompt(const char *prompt);
/* Feed one key (a character or a TK_* of term.h) to readline. */
void rline_key(int key, int alt_char);
/* Empty the line (Ctrl-C at the prompt). */
void rline_clear(void);
const char *rline_prompt(void);
const char *rline_buffer(void);
/* Bytes of the buffer before the cursor. */
int rline_cursor(void);
/* The candidates readline wants listed (after a second Tab), or NULL;
 * valid until rline_matches_clear or the next key. */
char **rline_matches(int *n);
void rline_matches_clear(void);

#endif
