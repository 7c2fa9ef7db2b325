/*
 * queueview: the queues a demo reports (a bounded buffer between producers
 * and consumers, a work queue), how full each is now and how full it was.
 *
 *     jobs ██████████░░░░░░░░░░░░░░░░░░░░ 3 of 8
 *     ● jobs 3 items
 *     8┤ ...the depth over the run, as graph_draw draws it...
 *
 * A bounded queue's bar fills to depth / capacity (ST_METER, ST_METER_HIGH
 * from 90%); an unbounded one's (capacity 0) to depth / the deepest it has
 * been, and says so: "3 (unbounded, max 8)". A bar shows at least one
 * filled cell when the queue holds anything, and is all filled only when
 * it is full. Nothing here knows of terminals.
 */
#ifndef LOCKSTEP_VIEW_QUEUEVIEW_H
#define LOCKSTEP_VIEW_QUEUEVIEW_H

#include "canvas.h"

struct run_model;
struct strbuf;

/*
 * Draw m's queues in r of c, as of time now: r's rows are shared out
 * between them (at most one queue per row; the first ones win), each
 * getting its bar row and, below it, its depth history (graph_draw of
 * the queue's history series over the whole run, up to the bar's scale). A row too narrow for a
 * bar keeps the name and the numbers. Without queues it says
 * "(this demo reports no queue)". Clears r first; draws only inside it.
 */
void queueview_draw(struct canvas *c, struct rect r, const struct run_model *m, double now);

/*
 * Plain mode: append one line per queue, for example
 *     queue jobs: 3 of 8  [###.....]  max 8
 *     queue results: 2 (unbounded)  [##...]  max 5
 * The bar has one character per item of capacity (unbounded: of the
 * deepest seen), between 1 and QUEUEVIEW_TEXT_BAR_MAX characters, scaled
 * past that. Without queues: "(this demo reports no queue)\n".
 */
#define QUEUEVIEW_TEXT_BAR_MAX 40
void queueview_text(const struct run_model *m, struct strbuf *out);

#endif
