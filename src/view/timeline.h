/*
 * timeline: the tasks a demo reports (a pool's jobs, a queue's items), one
 * lane per worker thread and a bar per task from its begin to its end,
 * so idle workers, long tasks and a queue that backs up are seen at once.
 *
 *     tasks: 9 done, 3 running, 4 waiting
 *     w1 4312 ██████▐███████▐████
 *     w2 4313 ████▐██████▐██████
 *     queue   ░░▒▒▓▓▓▓▒▒░░░
 *             └0s     1s     2s
 *
 * Bars take ST_SERIES1..6 by task id, so neighbours differ, and a bar of
 * two or more cells starts with a half block so that tasks one after
 * another stay apart even without colour. A running task's bar reaches
 * now. The "queue" row counts the tasks waiting (queued, not yet begun) in
 * each column of time: ░ one, ▒ two, ▓ three or more (ST_WAITING). Lanes
 * are numbered in the order workers began their first task. Times are
 * seconds since the run began; every figure is the model's.
 */
#ifndef LOCKSTEP_VIEW_TIMELINE_H
#define LOCKSTEP_VIEW_TIMELINE_H

#include "canvas.h"

struct run_model;
struct strbuf;

struct timeline_opts {
	double window;  /* seconds shown, ending at now; 0: the whole run */
};

/*
 * Draw m's tasks in r of c as of time now: the headline, the lanes (when
 * they do not all fit, the last row says how many more workers there
 * are), the queue row when any task was queued, and the time axis.
 * Without tasks it says "(this demo reports no tasks)". A rect too small
 * for a plot keeps the headline. Clears r first; draws only inside it.
 * o may be NULL for the whole run.
 */
void timeline_draw(struct canvas *c, struct rect r, const struct run_model *m, double now,
		   const struct timeline_opts *o);

/*
 * Plain mode: append one line per worker, its tasks in order,
 *     worker 1 (tid 4312): task 1 0.00–0.52 s, task 3 0.52–1.10 s
 * (a label the demo gave replaces "task N"; a running task's span ends
 * at now: "0.52–1.30 s (running)"), then, when tasks were queued, one line
 *     waited: task 3 0.00–0.52 s, task 4 0.00–1.30 s (still waiting)
 * from queued to begun. Without tasks: "(this demo reports no tasks)\n".
 */
void timeline_text(const struct run_model *m, double now, struct strbuf *out);

#endif
