/*
 * ui: the front ends. Only ui/ includes curses or readline.
 *
 * plain: the same commands as the full-screen shell, one line of output per
 * thing that happens, views printed as text snapshots. It is what pipes,
 * dumb terminals, CI and handouts get, and what playback and one-shot
 * commands use. On a terminal it reads the input line with GNU readline in
 * callback mode, so demo output and typing do not trample each other.
 */
#ifndef LOCKSTEP_UI_H
#define LOCKSTEP_UI_H

#include <stdbool.h>

struct session;

/* Route the session's output to stdout and stderr; oneshot prefixes errors
 * with "lockstep: " as a command-line tool does. Also handles SIGCHLD,
 * SIGINT, SIGTERM and SIGHUP through the session's loop. */
void ui_plain_attach(struct session *s, bool oneshot);
/* Read commands from stdin until quit or end of input; returns the exit
 * status. On a terminal, readline; otherwise each line is performed after
 * the run started by the line before it has ended. */
int ui_plain_interactive(struct session *s);
/* Perform one command and wait for any run it started; returns its status. */
int ui_plain_oneshot(struct session *s, const char *line);
/*
 * The full-screen front end (ncursesw, readline in callback mode): lesson
 * pane, live view pane, output pane, status and input lines. Runs until
 * quit, end of input, SIGTERM or SIGHUP, and gives the terminal back on
 * every way out. Returns the exit status (1 if the terminal cannot be used
 * full-screen, after saying so).
 */
int ui_tui_run(struct session *s, const char *themes_dir, const char *theme_name);
/* Play a script (see play.h); returns its status. */
int ui_plain_play(struct session *s, const char *path, bool auto_mode, double speed);

#endif
