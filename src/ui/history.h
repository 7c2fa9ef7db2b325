/*
 * history: the input line's history, kept under $XDG_STATE_HOME/lockstep
 * (default ~/.local/state/lockstep) for both front ends. Saved by writing
 * aside and renaming, so a crash never leaves half a file. Internal to ui/.
 */
#ifndef LOCKSTEP_UI_HISTORY_H
#define LOCKSTEP_UI_HISTORY_H

/* Load the history file into readline's history (quietly: no history is
 * better than no shell). */
void history_load(void);
/* Add a line unless it repeats the last one. */
void history_note(const char *line);
/* Save and forget the path. */
void history_store(void);

#endif
