/*
 * loop: the shell's one event loop. Everything the shell does happens in a
 * callback from here: input, a run's pipes, signals (through a signalfd,
 * so handlers never run at an awkward moment) and timers. The shell is
 * single-threaded and nothing in src/ needs a lock.
 *
 * Callbacks may add and remove watches and timers, including their own;
 * removal inside a callback takes effect at once (the removed callback is
 * not called again, even later in the same round).
 */
#ifndef LOCKSTEP_LOOP_H
#define LOCKSTEP_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;

typedef void (*loop_fd_fn)(void *ctx, int fd);
/* A timer callback returns the delay until its next call in ms, or -1 to
 * end the timer. */
typedef long (*loop_timer_fn)(void *ctx);
typedef void (*loop_signal_fn)(void *ctx, int sig);

/* A new loop. It blocks the signals handed to loop_watch_signals in the
 * whole process, so call this before any thread or child is started. */
struct loop *loop_new(void);
void loop_free(struct loop *l);

/* Call fn when fd is readable (or at end of file or error). */
void loop_watch_fd(struct loop *l, int fd, loop_fd_fn fn, void *ctx);
void loop_unwatch_fd(struct loop *l, int fd);
/* Call fn after delay_ms, then as it says; returns an id for loop_cancel. */
int loop_add_timer(struct loop *l, long delay_ms, loop_timer_fn fn, void *ctx);
void loop_cancel_timer(struct loop *l, int id);
/* Deliver these signals (a 0-terminated list) to fn, through a signalfd. */
int loop_watch_signals(struct loop *l, const int *sigs, loop_signal_fn fn, void *ctx);

/* Wait for one round of events (at most timeout_ms; -1 waits until one),
 * run their callbacks and return. */
void loop_run_once(struct loop *l, long timeout_ms);

#endif
