/* queueview: queue depth bars and histories (see queueview.h). */
#include "queueview.h"
#include "graph.h"
#include "model.h"
#include "../util/strbuf.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#define NO_QUEUE "(this demo reports no queue)"

/* What the bar measures against: the capacity, or for an unbounded queue
 * the deepest it has been (it has no other limit to show). */
static long bar_scale(const struct queue *q)
{
	return q->capacity > 0 ? q->capacity : q->max_depth;
}

/* Filled cells of a width-cell bar. Rounded, except that a queue holding
 * anything shows at least one cell and only a full one fills the bar, so
 * "empty" and "full" are never rounding artefacts. */
static int bar_fill(long depth, long scale, int width)
{
	if (width <= 0 || scale <= 0 || depth <= 0)
		return 0;
	if (depth >= scale)
		return width;
	int n = (int)lround((double)depth / (double)scale * width);
	if (n < 1)
		n = 1;
	if (n > width - 1)
		n = width - 1;
	return n;
}

static void numbers(const struct queue *q, bool with_max, char *buf, size_t size)
{
	if (q->capacity > 0)
		snprintf(buf, size, "%ld of %ld", q->depth, q->capacity);
	else if (with_max)
		snprintf(buf, size, "%ld (unbounded, max %ld)", q->depth, q->max_depth);
	else
		snprintf(buf, size, "%ld (unbounded)", q->depth);
}

/* "name ████░░░░ 3 of 8" on row y of r; the bar takes what is left, and
 * goes first when there is too little room. */
static void draw_bar_row(struct canvas *c, struct rect r, int y, const struct queue *q)
{
	char num[96];
	numbers(q, true, num, sizeof num);
	int x = text_width(q->name) + 1;
	int bw = r.w - x - text_width(num) - 1;
	if (bw < 3) {
		x = canvas_text_cut(c, r, 0, y, q->name, ST_BOLD) + 1;
		canvas_text_cut(c, r, x, y, num, ST_TEXT);
		return;
	}
	canvas_text(c, r, 0, y, q->name, ST_BOLD);
	int fill = bar_fill(q->depth, bar_scale(q), bw);
	bool high = q->capacity > 0 && (double)q->depth >= 0.9 * (double)q->capacity;
	for (int i = 0; i < bw; i++)
		canvas_text(c, r, x + i, y, i < fill ? "█" : "░",
			    i < fill ? (high ? ST_METER_HIGH : ST_METER) : ST_DIM);
	canvas_text(c, r, x + bw + 1, y, num, ST_TEXT);
}

void queueview_draw(struct canvas *c, struct rect r, const struct run_model *m, double now)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_clear(c, r, ST_TEXT);
	if (!m->nqueues) {
		canvas_text_cut(c, r, 0, 0, NO_QUEUE, ST_DIM);
		return;
	}
	int nq = m->nqueues < (size_t)r.h ? (int)m->nqueues : r.h;
	int each = r.h / nq, y = 0;
	for (int i = 0; i < nq; i++) {
		const struct queue *q = &m->queues[i];
		int bh = i == nq - 1 ? r.h - y : each; /* the last takes the spare rows */
		struct rect row = { r.x, r.y + y, r.w, bh };
		draw_bar_row(c, row, 0, q);
		if (bh > 1) {
			const struct series *hist = &q->history;
			struct rect g = { r.x, r.y + y + 1, r.w, bh - 1 };
			/* The graph's top is the bar's end, so the two agree. */
			struct graph_opts o = { .window = 0, .top = (double)bar_scale(q) };
			graph_draw(c, g, &hist, 1, now, &o);
		}
		y += bh;
	}
}

void queueview_text(const struct run_model *m, struct strbuf *out)
{
	if (!m->nqueues) {
		strbuf_addstr(out, NO_QUEUE "\n");
		return;
	}
	for (size_t i = 0; i < m->nqueues; i++) {
		const struct queue *q = &m->queues[i];
		long scale = bar_scale(q);
		int width = scale < 1 ? 1 : scale > QUEUEVIEW_TEXT_BAR_MAX ? QUEUEVIEW_TEXT_BAR_MAX
									  : (int)scale;
		int fill = bar_fill(q->depth, scale, width);
		char num[96];
		numbers(q, false, num, sizeof num);
		strbuf_addf(out, "queue %s: %s  [", q->name, num);
		strbuf_repeat(out, "#", (size_t)fill);
		strbuf_repeat(out, ".", (size_t)(width - fill));
		strbuf_addf(out, "]  max %ld\n", q->max_depth);
	}
}
