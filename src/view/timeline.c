/* timeline: task lanes, the waiting row and the time axis (see timeline.h). */
#include "timeline.h"
#include "graph.h"
#include "model.h"
#include "../util/strbuf.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#define NO_TASKS "(this demo reports no tasks)"

/* The time scale of the plot: t0 at column px, t1 at px + w - 1. */
struct scale {
	double t0, t1;
	int px, w;
};

/* The column of time t, or -1 left of the plot, w right of it. */
static int column(const struct scale *s, double t)
{
	if (t < s->t0)
		return -1;
	if (t > s->t1)
		return s->w;
	int x = (int)floor((t - s->t0) / (s->t1 - s->t0) * s->w);
	return x < s->w ? x : s->w - 1;
}

static void counts(const struct run_model *m, size_t *done, size_t *running, size_t *waiting,
		   bool *any_queued)
{
	*done = *running = *waiting = 0;
	*any_queued = false;
	for (size_t i = 0; i < m->ntasks; i++) {
		const struct task *t = &m->tasks[i];
		if (!isnan(t->queued))
			*any_queued = true;
		if (!isnan(t->end))
			(*done)++;
		else if (!isnan(t->begin))
			(*running)++;
		else
			(*waiting)++;
	}
}

static enum style task_style(long id)
{
	return (enum style)(ST_SERIES1 + ((id % 6) + 6) % 6);
}

/* Task t's bar in lane row y, clipped to the plot; a running one reaches now. */
static void draw_task(struct canvas *c, struct rect r, int y, const struct scale *s,
		      const struct task *t, double now)
{
	double end = isnan(t->end) ? now : t->end;
	if (end < s->t0 || t->begin > s->t1)
		return;
	int a = column(s, t->begin);
	/* The cell where a task ends belongs to it only if the task reaches
	 * into it: a task ending on a cell's edge leaves that cell to the next. */
	int b = end > s->t1 ? s->w - 1
			    : (int)ceil((end - s->t0) / (s->t1 - s->t0) * s->w - 1e-9) - 1;
	if (a < 0)
		a = 0;
	if (b < a)
		b = a; /* every task shows, however short */
	if (b >= s->w)
		b = s->w - 1;
	/* A task that began before the window has no visible start to mark. */
	bool mark = b > a && t->begin >= s->t0;
	enum style st = task_style(t->id);
	for (int x = a; x <= b; x++)
		canvas_text(c, r, s->px + x, y, x == a && mark ? "▐" : "█", st);
}

/* How many tasks waited at some moment of column x: the most over the
 * column's start, middle and end, so a short wait still shows. */
static int waiting_in(const struct run_model *m, const struct scale *s, int x, double now)
{
	double dt = (s->t1 - s->t0) / s->w;
	double at[3] = { s->t0 + x * dt, s->t0 + (x + 0.5) * dt, s->t0 + (x + 1) * dt };
	int most = 0;
	for (int k = 0; k < 3; k++) {
		if (at[k] > now)
			break;
		int n = 0;
		for (size_t i = 0; i < m->ntasks; i++) {
			const struct task *t = &m->tasks[i];
			if (!isnan(t->queued) && t->queued <= at[k] &&
			    (isnan(t->begin) || t->begin > at[k]))
				n++;
		}
		if (n > most)
			most = n;
	}
	return most;
}

static void lane_label(const struct run_model *m, size_t i, char *buf, size_t size)
{
	snprintf(buf, size, "w%zu %d", i + 1, (int)m->lanes[i].tid);
}

void timeline_draw(struct canvas *c, struct rect r, const struct run_model *m, double now,
		   const struct timeline_opts *o)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_clear(c, r, ST_TEXT);
	if (!m->ntasks) {
		canvas_text_cut(c, r, 0, 0, NO_TASKS, ST_DIM);
		return;
	}
	size_t done, running, waiting;
	bool queued;
	counts(m, &done, &running, &waiting, &queued);
	char buf[128];
	snprintf(buf, sizeof buf, "tasks: %zu done, %zu running, %zu waiting", done, running,
		 waiting);
	canvas_text_cut(c, r, 0, 0, buf, ST_BOLD);

	int lw = queued ? text_width("queue") : 0; /* the label column */
	for (size_t i = 0; i < m->nlanes; i++) {
		lane_label(m, i, buf, sizeof buf);
		if (text_width(buf) > lw)
			lw = text_width(buf);
	}
	struct scale s = { .px = lw + 1, .w = r.w - lw - 1 };
	/* The headline, one lane and the axis at least; else the headline says it. */
	if (s.w < 4 || r.h < 3)
		return;
	double window = o ? o->window : 0;
	s.t1 = now > 1 ? now : 1; /* an axis of at least a second reads sensibly */
	s.t0 = window > 0 && now > window ? now - window : 0;

	int rows = r.h - 2 - (queued ? 1 : 0); /* headline, axis, queue row */
	if (rows < 1) { /* no room for the queue row: lanes matter more */
		queued = false;
		rows = r.h - 2;
	}
	size_t shown = m->nlanes <= (size_t)rows ? m->nlanes : (size_t)rows - 1;
	for (size_t i = 0; i < shown; i++) {
		lane_label(m, i, buf, sizeof buf);
		canvas_text(c, r, 0, 1 + (int)i, buf, ST_DIM);
	}
	for (size_t i = 0; i < m->ntasks; i++) {
		const struct task *t = &m->tasks[i];
		if (t->lane >= 0 && (size_t)t->lane < shown && !isnan(t->begin))
			draw_task(c, r, 1 + t->lane, &s, t, now);
	}
	int y = 1 + (int)shown;
	if (shown < m->nlanes) {
		snprintf(buf, sizeof buf, "… %zu more workers", m->nlanes - shown);
		canvas_text_cut(c, r, 0, y++, buf, ST_DIM);
	}
	if (queued) {
		static const char *const shade[] = { " ", "░", "▒", "▓" };
		canvas_text(c, r, 0, y, "queue", ST_DIM);
		for (int x = 0; x < s.w; x++) {
			int n = waiting_in(m, &s, x, now);
			if (n)
				canvas_text(c, r, s.px + x, y, shade[n < 3 ? n : 3], ST_WAITING);
		}
	}
	canvas_text(c, r, lw, r.h - 1, "└", ST_AXIS);
	graph_time_axis(c, r, r.h - 1, s.px, s.w, s.t0, s.t1);
}

/* "task 3" or the demo's label for it. */
static void task_name(const struct task *t, char *buf, size_t size)
{
	if (t->label[0])
		snprintf(buf, size, "%s", t->label);
	else
		snprintf(buf, size, "task %ld", t->id);
}

/* "0.00–0.52 s"; a span still open ends now and says why. */
static void span(struct strbuf *out, double a, double b, double now, const char *open)
{
	if (isnan(b))
		strbuf_addf(out, "%.2f–%.2f s (%s)", a, now, open);
	else
		strbuf_addf(out, "%.2f–%.2f s", a, b);
}

void timeline_text(const struct run_model *m, double now, struct strbuf *out)
{
	if (!m->ntasks) {
		strbuf_addstr(out, NO_TASKS "\n");
		return;
	}
	char name[80];
	for (size_t l = 0; l < m->nlanes; l++) {
		strbuf_addf(out, "worker %zu (tid %d):", l + 1, (int)m->lanes[l].tid);
		const char *sep = " ";
		for (size_t i = 0; i < m->ntasks; i++) {
			const struct task *t = &m->tasks[i];
			if (t->lane != (int)l || isnan(t->begin))
				continue;
			task_name(t, name, sizeof name);
			strbuf_addf(out, "%s%s ", sep, name);
			span(out, t->begin, t->end, now, "running");
			sep = ", ";
		}
		strbuf_addch(out, '\n');
	}
	const char *sep = "waited: ";
	for (size_t i = 0; i < m->ntasks; i++) {
		const struct task *t = &m->tasks[i];
		if (isnan(t->queued))
			continue;
		task_name(t, name, sizeof name);
		strbuf_addf(out, "%s%s ", sep, name);
		span(out, t->queued, t->begin, now, "still waiting");
		sep = ", ";
	}
	if (sep[0] == ',')
		strbuf_addch(out, '\n');
}
