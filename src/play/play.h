/*
 * play: scripted playback of a lesson, for a presenter and as a test.
 *
 * A script is lines of:
 *     $ COMMAND             a shell command, exactly as typed at the prompt
 *     $! COMMAND            one that must be refused (its error line can be
 *                           expected like any output)
 *     say TEXT              a line for the audience
 *     pause                 wait for a key (not with --auto)
 *     sleep SECONDS         wait, while the demo goes on (scaled by speed)
 *     speed X               scale later sleeps: 2 = twice as fast (0.1 to 10)
 *     expect /REGEX/ [within SECONDS]
 *                           wait until a line of output matches (POSIX
 *                           extended regex; default 5 s); lines are matched
 *                           after the previous expect's match. $1..$9 in
 *                           REGEX stand for the groups of the last expect
 *                           whose pattern has groups, matched literally
 *     rewind                look again from the start of the last command's
 *                           output (for lines whose order is not fixed)
 *     wait [within SECONDS] wait until the running demo and the step's
 *                           queued commands have finished (default 60 s)
 *     # comment, and blank lines
 *
 * The whole script is checked before anything runs. With auto, a failed
 * expect, wait or command prints "FILE:LINE: expected ... got ..." and the
 * script stops with status 1; without auto it is a warning and the show
 * goes on.
 */
#ifndef LOCKSTEP_PLAY_H
#define LOCKSTEP_PLAY_H

#include <stdbool.h>

struct session;

struct play_opts {
	bool auto_mode;
	double speed;     /* 1.0 normal */
	/* Wait for a key (pause without auto). NULL: pauses do not wait. */
	void (*wait_key)(void *ctx);
	void *ctx;
};

/* Play path through s. Returns 0 when everything passed, 1 when an expect,
 * wait or command failed (with auto), 2 when the script cannot be read or
 * has a bad line (reported as FILE:LINE: what is wrong). */
int play_file(struct session *s, const char *path, const struct play_opts *o);

#endif
