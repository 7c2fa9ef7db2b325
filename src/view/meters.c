/* meters: core and thread CPU bars (see meters.h). */
#include "meters.h"
#include "model.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HIGH_PCT 90.0
#define COMM_W 15      /* columns for a thread's name at most (the kernel keeps 15 bytes) */
#define TEXT_BAR_W 20

/* One demo thread as a row of the meters. */
struct row {
	pid_t tid;
	const char *comm;
	double pct;
};

/* Busiest first; unmeasured (NaN) last; equal ones by tid so rows do not
 * swap places from one frame to the next. */
static int by_use(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	bool nx = isnan(x->pct), ny = isnan(y->pct);
	if (nx != ny)
		return nx ? 1 : -1;
	if (!nx && x->pct != y->pct)
		return x->pct > y->pct ? -1 : 1;
	return (x->tid > y->tid) - (x->tid < y->tid);
}

/* The demo's threads, busiest first (the caller frees *rows). The keeper
 * only waits and relays; counting it would blur the demo's own figure. */
static size_t demo_threads(const struct run_model *m, struct row **rows)
{
	size_t n = 0, cap = 0;
	*rows = NULL;
	for (size_t i = 0; i < m->snap.nprocs; i++) {
		const struct sample_proc *p = &m->snap.procs[i];
		if (p->pid == m->snap.keeper)
			continue;
		for (size_t j = 0; j < p->nthreads_read; j++) {
			XGROW(*rows, cap, n + 1);
			(*rows)[n++] = (struct row){ p->threads[j].tid, p->threads[j].comm,
						     p->threads[j].cpu_pct };
		}
	}
	if (n)
		qsort(*rows, n, sizeof **rows, by_use);
	return n;
}

/* The sum over rows, NaN when none of them is measured yet. */
static double total_of(const struct row *rows, size_t n)
{
	double sum = 0;
	bool any = false;
	for (size_t i = 0; i < n; i++)
		if (!isnan(rows[i].pct)) {
			sum += rows[i].pct;
			any = true;
		}
	return any ? sum : NAN;
}

static void pct_text(double pct, char *buf, size_t size)
{
	if (isnan(pct)) /* the first interval of a run, or a run over before it ended */
		snprintf(buf, size, "not measured yet");
	else
		snprintf(buf, size, "%3.0f%%", pct);
}

static void headline(const struct run_model *m, size_t threads, double total, char *buf,
		     size_t size)
{
	int n = m->cpus.n;
	if (!threads) /* a run that is over, or a demo between processes */
		snprintf(buf, size, "demo: no threads (%d core%s)", n, n == 1 ? "" : "s");
	else if (isnan(total))
		snprintf(buf, size, "demo: not measured yet (%d core%s)", n, n == 1 ? "" : "s");
	else
		snprintf(buf, size, "demo: %.0f%% of %d%% (%d core%s)", total, n * 100, n,
			 n == 1 ? "" : "s");
}

/*
 * A bar of w cells for pct of 100, in eighths of a cell: the partial
 * block tells 52% from 55% even in a short bar. The track is dim so an
 * idle thread still shows where its bar would be.
 */
static void draw_bar(struct canvas *c, struct rect r, int x, int y, int w, double pct)
{
	static const char *const part[8] = { " ", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	double v = isnan(pct) ? 0 : pct < 0 ? 0 : pct > 100 ? 100 : pct;
	long eighths = lround(v / 100.0 * w * 8);
	enum style st = v > HIGH_PCT ? ST_METER_HIGH : ST_METER;
	canvas_text(c, r, x, y, "[", ST_AXIS);
	for (int i = 0; i < w; i++) {
		long left = eighths - 8L * i;
		if (left >= 8)
			canvas_text(c, r, x + 1 + i, y, "█", st);
		else if (left > 0)
			canvas_text(c, r, x + 1 + i, y, part[left], st);
		else
			canvas_text(c, r, x + 1 + i, y, "·", ST_DIM);
	}
	canvas_text(c, r, x + 1 + w, y, "]", ST_AXIS);
}

/*
 * "label [bar] pct" on row y: the label padded to lw columns, the
 * percentage right-aligned at the end. Too narrow for a bar: label and
 * number only.
 */
static void meter_row(struct canvas *c, struct rect r, int y, const char *label, int lw,
		      double pct)
{
	char num[32];
	pct_text(pct, num, sizeof num);
	int nw = isnan(pct) ? 4 : text_width(num);
	int bw = r.w - lw - 1 - 2 - 1 - nw;
	if (bw < METERS_MIN_BAR_W || isnan(pct)) {
		canvas_text_cut(c, r, 0, y, label, ST_TEXT);
		int x = lw + 1 < r.w ? lw + 1 : text_width(label) + 1;
		canvas_text_cut(c, r, x, y, num, isnan(pct) ? ST_DIM : ST_TEXT);
		return;
	}
	canvas_textn(c, r, 0, y, label, text_fit(label, lw), ST_TEXT);
	draw_bar(c, r, lw + 1, y, bw, pct);
	canvas_text(c, r, r.w - nw, y, num, ST_TEXT);
}

void meters_draw(struct canvas *c, struct rect r, const struct run_model *m,
		 const struct meters_opts *o)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_clear(c, r, ST_TEXT);
	if (!m->have_snap) {
		canvas_text_cut(c, r, 0, 0, "(no sample yet)", ST_DIM);
		return;
	}
	struct row *rows;
	size_t n = demo_threads(m, &rows);
	char buf[160];
	headline(m, n, total_of(rows, n), buf, sizeof buf);
	int x = canvas_text_cut(c, r, 0, 0, buf, ST_BOLD);
	if (o && o->paused)
		canvas_text_cut(c, r, x + 2, 0, "paused", ST_PAUSED);

	/* One label column for cores and threads, so every bar starts and
	 * ends at the same place and lengths compare at a glance. */
	int tw = 0, nw = 0, lw = 0; /* the widest tid and name */
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(buf, sizeof buf, "%d", (int)rows[i].tid);
		if (w > tw)
			tw = w;
		w = text_width(rows[i].comm);
		if (w > nw)
			nw = w < COMM_W ? w : COMM_W;
	}
	if (n)
		lw = tw + 1 + nw;
	for (int i = 0; i < m->cpus.n; i++) {
		int w = snprintf(buf, sizeof buf, "cpu%d", i);
		if (w > lw)
			lw = w;
	}
	int y = 1;
	for (int i = 0; i < m->cpus.n && y < r.h; i++, y++) {
		snprintf(buf, sizeof buf, "cpu%d", i);
		meter_row(c, r, y, buf, lw, m->cpus.pct[i]);
	}
	if (y + 1 < r.h && n) {
		canvas_text_cut(c, r, 0, y++, "threads, busiest first", ST_DIM);
		size_t room = (size_t)(r.h - y), shown = n <= room ? n : room - 1;
		for (size_t i = 0; i < shown; i++, y++) {
			snprintf(buf, sizeof buf, "%*d %s", tw, (int)rows[i].tid, rows[i].comm);
			meter_row(c, r, y, buf, lw, rows[i].pct);
		}
		if (shown < n) {
			double rest = total_of(rows + shown, n - shown);
			if (isnan(rest))
				snprintf(buf, sizeof buf, "… %zu more threads", n - shown);
			else
				snprintf(buf, sizeof buf, "… %zu more threads using %.0f%%", n - shown,
					 rest);
			canvas_text_cut(c, r, 0, y, buf, ST_DIM);
		}
	}
	free(rows);
}

void meters_text(const struct run_model *m, struct strbuf *out)
{
	if (!m->have_snap) {
		strbuf_addstr(out, "(no sample yet)\n");
		return;
	}
	struct row *rows;
	size_t n = demo_threads(m, &rows);
	char buf[160];
	headline(m, n, total_of(rows, n), buf, sizeof buf);
	strbuf_addf(out, "%s\n", buf);
	for (int i = 0; i < m->cpus.n; i++) {
		double pct = m->cpus.pct[i];
		pct_text(pct, buf, sizeof buf);
		strbuf_addf(out, "cpu%d %s", i, buf);
		if (!isnan(pct)) {
			double v = pct < 0 ? 0 : pct > 100 ? 100 : pct;
			size_t fill = (size_t)lround(v / 100.0 * TEXT_BAR_W);
			strbuf_addstr(out, "  [");
			strbuf_repeat(out, "#", fill);
			strbuf_repeat(out, ".", TEXT_BAR_W - fill);
			strbuf_addch(out, ']');
		}
		strbuf_addch(out, '\n');
	}
	size_t shown = n < METERS_TEXT_THREADS ? n : METERS_TEXT_THREADS;
	for (size_t i = 0; i < shown; i++) {
		pct_text(rows[i].pct, buf, sizeof buf);
		strbuf_addf(out, "thread %d (%s): %s\n", (int)rows[i].tid, rows[i].comm,
			    isnan(rows[i].pct) ? buf : buf + strspn(buf, " "));
	}
	if (shown < n) {
		double rest = total_of(rows + shown, n - shown);
		if (isnan(rest))
			strbuf_addf(out, "... %zu more threads\n", n - shown);
		else
			strbuf_addf(out, "... %zu more threads using %.0f%%\n", n - shown, rest);
	}
	free(rows);
}
