/*
 * meters: how busy each CPU core is and how much of it each demo thread
 * uses, over the last sampling interval, so "two busy threads = 200%" and
 * "one global lock = about 100%" are seen at a glance.
 *
 *     demo: 198% of 200% (2 cores)
 *     cpu0 [████████████████████████▊ ]  97%
 *     cpu1 [█████████████████████████▌]  99%
 *     threads, busiest first
 *      4312 spin    [█████████████████▉]  99%
 *      4313 spin    [█████████████████▋]  98%
 *     … 3 more threads using 1%
 *
 * Bars fill in eighths of a cell (ST_METER, ST_METER_HIGH above 90%); a
 * core's bar measures against one core, and so does a thread's (a thread
 * runs on one core at a time). The demo's total is the sum over its
 * threads (the keeper is not the demo and is left out) against every core.
 * A value not measured (the first interval of a run, or a run over before
 * it ended) reads "not measured yet"; with no demo thread at all the
 * total reads "no threads".
 * Every number is the model's; nothing here knows of terminals.
 */
#ifndef LOCKSTEP_VIEW_METERS_H
#define LOCKSTEP_VIEW_METERS_H

#include <stdbool.h>

#include "canvas.h"

struct run_model;
struct strbuf;

struct meters_opts {
	bool paused;  /* the demo is paused: say the meters are frozen */
};

/*
 * Draw m's cores and threads in r of c. The cores come first; the threads
 * take the rows left, busiest first, and when they do not all fit the last
 * row says how many more there are and what they use together. A rect too
 * narrow for bars (under METERS_MIN_BAR_W columns of bar) keeps the names
 * and numbers. Without a sample yet it says "(no sample yet)". Clears r
 * first; draws only inside it. o may be NULL.
 */
#define METERS_MIN_BAR_W 4
void meters_draw(struct canvas *c, struct rect r, const struct run_model *m,
		 const struct meters_opts *o);

/*
 * Plain mode: append the same figures as lines:
 *     demo: 198% of 200% (2 cores)
 *     cpu0  97%  [###################.]
 *     thread 4312 (spin): 99%
 *     ... 3 more threads using 1%
 * at most METERS_TEXT_THREADS threads, busiest first.
 */
#define METERS_TEXT_THREADS 16
void meters_text(const struct run_model *m, struct strbuf *out);

#endif
