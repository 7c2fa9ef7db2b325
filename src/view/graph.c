/* graph: series as braille line graphs and as plain tables (see graph.h). */
#include "graph.h"
#include "model.h"
#include "units.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUM_MAX 128 /* a format_si result with the longest unit a series holds */
#define MAX_TICKS 5

/* Braille dot bits by column (0 left) and row (0 top), as Unicode numbers
 * the dots: 1-3 and 7 down the left, 4-6 and 8 down the right. */
static const uint8_t dot_bit[2][4] = {
	{ 0x01, 0x02, 0x04, 0x40 },
	{ 0x08, 0x10, 0x20, 0x80 },
};

struct plot {
	int w, h;         /* cells; the dot grid is 2w x 4h */
	double t0, t1;    /* times at the left and right edges */
	double lo, hi;    /* values at the bottom and top edges */
	uint8_t *bits;    /* w * h braille patterns, row by row */
	uint8_t *style;   /* the style of the last series to touch each cell */
};

/* The lowest and highest value the drawn lines reach. */
struct extent {
	double lo, hi;
	bool any;
};

typedef void seg_fn(void *ctx, double ta, double va, double tb, double vb);

/* Cut the segment a-b (ta <= tb) to [t0, t1]; false when nothing is left. */
static bool clip(double *ta, double *va, double *tb, double *vb, double t0, double t1)
{
	if (*tb < t0 || *ta > t1)
		return false;
	if (*ta < t0) {
		*va += (*vb - *va) * (t0 - *ta) / (*tb - *ta);
		*ta = t0;
	}
	if (*tb > t1) {
		*vb = *va + (*vb - *va) * (t1 - *ta) / (*tb - *ta);
		*tb = t1;
	}
	return true;
}

/* Call fn for each part of s's line inside [t0, t1]: the segment from each
 * point to the next, and a point with no drawable predecessor on its own
 * (as a segment of length 0). Non-finite points break the line. */
static void walk(const struct series *s, double t0, double t1, seg_fn *fn, void *ctx)
{
	for (size_t k = 0; s && k < s->n; k++) {
		double tb = s->t[k], vb = s->v[k];
		if (!isfinite(tb) || !isfinite(vb))
			continue;
		if (k > 0 && isfinite(s->t[k - 1]) && isfinite(s->v[k - 1])) {
			double ta = s->t[k - 1], va = s->v[k - 1];
			if (ta <= tb && clip(&ta, &va, &tb, &vb, t0, t1))
				fn(ctx, ta, va, tb, vb);
		} else if (tb >= t0 && tb <= t1) {
			fn(ctx, tb, vb, tb, vb);
		}
	}
}

static void extent_add(struct extent *e, double v)
{
	if (!e->any || v < e->lo)
		e->lo = v;
	if (!e->any || v > e->hi)
		e->hi = v;
	e->any = true;
}

static void extent_seg(void *ctx, double ta, double va, double tb, double vb)
{
	(void)ta;
	(void)tb;
	extent_add(ctx, va);
	extent_add(ctx, vb);
}

/* The smallest 1, 2 or 5 times a power of ten at or above x (> 0). */
static double nice_ceil(double x)
{
	static const double mult[] = { 1, 2, 5, 10 };
	double p = pow(10, floor(log10(x)));
	for (size_t i = 0; i < sizeof mult / sizeof *mult; i++)
		if (mult[i] * p >= x * (1 - 1e-12)) /* 100 stays 100 despite rounding */
			return mult[i] * p;
	return 10 * p;
}

static int x_dot(const struct plot *p, double t)
{
	double f = (t - p->t0) / (p->t1 - p->t0);
	if (!(f >= 0))
		f = 0;
	if (f > 1)
		f = 1;
	return (int)lround(f * (2 * p->w - 1));
}

static int y_dot(const struct plot *p, double v)
{
	double f = (p->hi - v) / (p->hi - p->lo);
	if (!(f >= 0))
		f = 0;
	if (f > 1)
		f = 1;
	return (int)lround(f * (4 * p->h - 1));
}

static void plot_dot(struct plot *p, int x, int y, uint8_t st)
{
	if (x < 0 || y < 0 || x >= 2 * p->w || y >= 4 * p->h)
		return;
	size_t i = (size_t)(y / 4) * (size_t)p->w + (size_t)(x / 2);
	p->bits[i] |= dot_bit[x % 2][y % 4];
	p->style[i] = st;
}

/* Bresenham on the dot grid, so a steep rise stays one connected line. */
static void plot_line(struct plot *p, int x0, int y0, int x1, int y1, uint8_t st)
{
	int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
	int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
	int err = dx + dy;
	for (;;) {
		plot_dot(p, x0, y0, st);
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
}

struct draw_ctx {
	struct plot *p;
	uint8_t style;
};

static void draw_seg(void *ctx, double ta, double va, double tb, double vb)
{
	struct draw_ctx *d = ctx;
	plot_line(d->p, x_dot(d->p, ta), y_dot(d->p, va), x_dot(d->p, tb), y_dot(d->p, vb),
		  d->style);
}

/* Is x 1, 2, 2.5 or 5 times a power of ten: a tick worth labelling? */
static bool round_tick(double x)
{
	static const double ok[] = { 1, 2, 2.5, 5, 10 };
	x = fabs(x);
	double m = x / pow(10, floor(log10(x)));
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (fabs(m - ok[i]) < 1e-9)
			return true;
	return false;
}

/* Ticks of the y axis, most important first; a group is taken only if all
 * its ticks land on rows of their own, so the labels stay evenly spread,
 * and quarters only when they are round (25 of 100, not 12.5 of 50). */
static int y_ticks(const struct plot *p, double *tv, int *trow)
{
	double g[3][3];
	int gn[3];
	if (p->lo == 0 || p->hi == 0) {
		double end = p->lo == 0 ? p->hi : p->lo;
		g[0][0] = p->hi, g[0][1] = p->lo, gn[0] = 2;
		g[1][0] = end / 2, gn[1] = 1;
		g[2][0] = end / 4, g[2][1] = end * 3 / 4;
		gn[2] = round_tick(end / 4) ? 2 : 0;
	} else {
		g[0][0] = p->hi, g[0][1] = 0, g[0][2] = p->lo, gn[0] = 3;
		g[1][0] = p->hi / 2, g[1][1] = p->lo / 2, gn[1] = 2;
		gn[2] = 0;
	}
	int n = 0;
	for (int gi = 0; gi < 3; gi++) {
		int rows[3], k = 0;
		bool fits = true;
		for (int j = 0; j < gn[gi]; j++) {
			int row = y_dot(p, g[gi][j]) / 4;
			bool taken = false;
			for (int i = 0; i < n; i++)
				taken |= trow[i] == row;
			for (int i = 0; i < k; i++)
				taken |= rows[i] == row;
			if (taken)
				fits = false;
			else if (gi == 0) /* the ends and zero: each on its own merit */
				tv[n] = g[gi][j], trow[n++] = row;
			else
				rows[k++] = row;
		}
		if (gi > 0 && fits && n + k <= MAX_TICKS)
			for (int j = 0; j < k; j++)
				tv[n] = g[gi][j], trow[n++] = rows[j];
	}
	return n;
}

/* Decimals that write every multiple of step exactly: 2.5 needs one. */
static int time_decimals(double step)
{
	int d = 0;
	for (double x = step; d < 6 && fabs(x - round(x)) > 1e-6 * (x > 1 ? x : 1); x *= 10)
		d++;
	return d;
}

static void time_label(double t, int decimals, char *buf, size_t size)
{
	snprintf(buf, size, "%.*fs", decimals, t == 0 ? 0.0 : t); /* no "-0s" */
}

/* The smallest 1-2-5 step between time ticks that leaves room for labels
 * over w columns. */
static double x_step(double t0, double t1, int w)
{
	static const double mult[] = { 1, 2, 5 };
	double span = t1 - t0, step = 1;
	for (int e = -3; e <= 15; e++)
		for (size_t i = 0; i < sizeof mult / sizeof *mult; i++) {
			char buf[64];
			step = mult[i] * pow(10, e);
			time_label(t1, time_decimals(step), buf, sizeof buf);
			if (step / span * w >= text_width(buf) + 2)
				return step;
		}
	return step;
}

void graph_time_axis(struct canvas *c, struct rect r, int y, int px, int w, double t0, double t1)
{
	if (w <= 0 || !(t1 > t0))
		return;
	struct plot p = { .t0 = t0, .t1 = t1, .w = w };
	double step = x_step(t0, t1, w);
	int dec = time_decimals(step);
	double first = ceil((t0 > 0 ? t0 : 0) / step - 1e-9);
	int end = 0; /* the first column free for a label */
	for (int i = 0; i <= w + 1; i++) {
		double t = (first + i) * step;
		if (t > t1 + step * 1e-9)
			break;
		char buf[64];
		time_label(t, dec, buf, sizeof buf);
		int wl = text_width(buf);
		int x = px + x_dot(&p, t) / 2;
		if (x + wl > r.w)
			x = r.w - wl;
		if (x < end)
			continue;
		canvas_text(c, r, x, y, buf, ST_AXIS);
		end = x + wl + 1;
	}
}

/* "name latest" with the series' unit, or "name -" before its first point. */
static void name_latest(const struct series *s, char *buf, size_t size)
{
	char num[NUM_MAX];
	format_si(s->n ? s->v[s->n - 1] : NAN, s->unit, num, sizeof num);
	snprintf(buf, size, "%s %s", s->name, num);
}

static void draw_legend(struct canvas *c, struct rect r, const struct series *const *s,
			size_t n)
{
	int x = 0;
	for (size_t i = 0; i < n; i++) {
		if (!s[i])
			continue;
		char buf[256];
		name_latest(s[i], buf, sizeof buf);
		if (x)
			x += 2;
		if (x >= r.w)
			break;
		x += canvas_text(c, r, x, 0, "●", (enum style)(ST_SERIES1 + i));
		x += 1;
		x += canvas_text_cut(c, r, x, 0, buf, ST_TEXT);
	}
}

/* The form for a rect too small for axes: one line per series. */
static void draw_lines(struct canvas *c, struct rect r, const struct series *const *s,
		       size_t n)
{
	int y = 0;
	for (size_t i = 0; i < n && y < r.h; i++) {
		if (!s[i])
			continue;
		char buf[512];
		name_latest(s[i], buf, sizeof buf);
		if (s[i]->count) {
			char lo[NUM_MAX], hi[NUM_MAX];
			format_si(s[i]->min, "", lo, sizeof lo);
			format_si(s[i]->max, "", hi, sizeof hi);
			size_t len = strlen(buf);
			snprintf(buf + len, sizeof buf - len, " (%s–%s)", lo, hi);
		}
		canvas_text_cut(c, r, 0, y++, buf, (enum style)(ST_SERIES1 + i));
	}
	if (!y)
		canvas_text_cut(c, r, 0, 0, "(no data yet)", ST_DIM);
}

void graph_draw(struct canvas *c, struct rect r, const struct series *const *s, size_t n,
		double now, const struct graph_opts *o)
{
	if (r.w <= 0 || r.h <= 0)
		return;
	canvas_clear(c, r, ST_TEXT);
	if (n > GRAPH_MAX_SERIES)
		n = GRAPH_MAX_SERIES;
	if (r.w < GRAPH_MIN_W || r.h < GRAPH_MIN_H) {
		draw_lines(c, r, s, n);
		return;
	}

	struct plot p = { .h = r.h - 2 };
	if (!isfinite(now))
		now = 0;
	double window = o && o->window > 0 ? o->window : 0;
	p.t1 = now;
	p.t0 = window > 0 ? now - window : 0;
	if (!(p.t1 > p.t0)) /* nothing has happened yet: show the first second */
		p.t1 = p.t0 + 1;

	struct extent e = { 0 };
	bool have_points = false;
	for (size_t i = 0; i < n; i++) {
		have_points |= s[i] && s[i]->n > 0;
		walk(s[i], p.t0, p.t1, extent_seg, &e);
	}
	double top = o && o->top > 0 && isfinite(o->top) ? o->top : 0;
	if (e.any && e.hi > top)
		p.hi = nice_ceil(e.hi);
	else
		p.hi = top;
	p.lo = e.any && e.lo < 0 ? -nice_ceil(-e.lo) : 0;
	if (p.hi == p.lo)
		p.hi = 1;

	double tv[MAX_TICKS];
	int trow[MAX_TICKS];
	int nt = have_points ? y_ticks(&p, tv, trow) : 0; /* no data, no scale */
	char labels[MAX_TICKS][NUM_MAX];
	int lw = 0;
	for (int i = 0; i < nt; i++) {
		format_si(tv[i], "", labels[i], sizeof labels[i]);
		int w = text_width(labels[i]);
		if (w > lw)
			lw = w;
	}
	int px = lw + 1;
	p.w = r.w - px;

	draw_legend(c, r, s, n);
	for (int y = 0; y < p.h; y++)
		canvas_text(c, r, lw, 1 + y, "│", ST_AXIS);
	for (int i = 0; i < nt; i++) {
		canvas_text(c, r, lw - text_width(labels[i]), 1 + trow[i], labels[i], ST_AXIS);
		canvas_text(c, r, lw, 1 + trow[i], "┤", ST_AXIS);
	}
	canvas_text(c, r, lw, r.h - 1, "└", ST_AXIS);
	graph_time_axis(c, r, r.h - 1, px, p.w, p.t0, p.t1);

	if (!have_points) {
		const char *msg = "(no data yet)";
		int x = px + (p.w - text_width(msg)) / 2;
		canvas_text(c, r, x > px ? x : px, 1 + (p.h - 1) / 2, msg, ST_DIM);
		return;
	}

	size_t cells = (size_t)p.w * (size_t)p.h;
	p.bits = xcalloc(cells, 1);
	p.style = xcalloc(cells, 1);
	for (size_t i = 0; i < n; i++) {
		struct draw_ctx d = { &p, (uint8_t)(ST_SERIES1 + i) };
		walk(s[i], p.t0, p.t1, draw_seg, &d);
	}
	for (int y = 0; y < p.h; y++)
		for (int x = 0; x < p.w; x++) {
			size_t i = (size_t)y * (size_t)p.w + (size_t)x;
			if (p.bits[i])
				canvas_set(c, r, px + x, 1 + y, 0x2800u + p.bits[i],
					   (enum style)p.style[i]);
		}
	free(p.bits);
	free(p.style);
}

/* A table of strings, owned, emitted with fitted right-aligned columns
 * (the first one left-aligned when asked). */
struct table {
	char **cell;
	size_t rows, cols;
};

static void table_init(struct table *t, size_t rows, size_t cols)
{
	t->rows = rows;
	t->cols = cols;
	t->cell = xcalloc(rows * cols, sizeof *t->cell);
}

static void table_set(struct table *t, size_t row, size_t col, const char *s)
{
	free(t->cell[row * t->cols + col]);
	t->cell[row * t->cols + col] = xstrdup(s);
}

static void table_emit(struct table *t, bool left_first, struct strbuf *out)
{
	int *width = xcalloc(t->cols, sizeof *width);
	for (size_t i = 0; i < t->rows; i++)
		for (size_t j = 0; j < t->cols; j++) {
			int w = text_width(t->cell[i * t->cols + j]);
			if (w > width[j])
				width[j] = w;
		}
	for (size_t i = 0; i < t->rows; i++) {
		for (size_t j = 0; j < t->cols; j++) {
			const char *s = t->cell[i * t->cols + j];
			size_t pad = (size_t)(width[j] - text_width(s));
			if (j)
				strbuf_addstr(out, "  ");
			if (j == 0 && left_first) {
				strbuf_addstr(out, s);
				if (t->cols > 1)
					strbuf_repeat(out, " ", pad);
			} else {
				strbuf_repeat(out, " ", pad);
				strbuf_addstr(out, s);
			}
		}
		strbuf_addch(out, '\n');
	}
	free(width);
}

static void table_release(struct table *t)
{
	for (size_t i = 0; i < t->rows * t->cols; i++)
		free(t->cell[i]);
	free(t->cell);
}

/* The latest value of s at or before t, or NaN before its first point. */
static double value_at(const struct series *s, double t)
{
	size_t lo = 0, hi = s->n; /* the first point after t is in [lo, hi] */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->t[mid] <= t + 1e-9)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? s->v[lo - 1] : NAN;
}

void graph_table_text(const struct series *const *s, size_t n, double step, double now,
		      struct strbuf *out)
{
	if (!isfinite(now) || now < 0)
		now = 0;
	size_t rows = 1;
	int dec = 1;
	bool stepped = step > 0 && isfinite(step);
	if (stepped) {
		while (now / step >= GRAPH_TABLE_MAX_ROWS)
			step *= 2;
		rows = (size_t)floor(now / step + 1e-9) + 1;
		dec = time_decimals(step);
	}
	struct table t;
	table_init(&t, rows + 1, n + 1);
	table_set(&t, 0, 0, "time");
	for (size_t j = 0; j < n; j++)
		table_set(&t, 0, j + 1, s[j] ? s[j]->name : "");
	for (size_t i = 0; i < rows; i++) {
		double at = stepped ? (double)i * step : now;
		char buf[NUM_MAX];
		time_label(at, dec, buf, sizeof buf);
		table_set(&t, i + 1, 0, buf);
		for (size_t j = 0; j < n; j++) {
			format_si(s[j] ? value_at(s[j], at) : NAN, s[j] ? s[j]->unit : "", buf,
				  sizeof buf);
			table_set(&t, i + 1, j + 1, buf);
		}
	}
	table_emit(&t, false, out);
	table_release(&t);
}

void graph_summary_text(const struct series *const *s, size_t n, struct strbuf *out)
{
	static const char *const head[] = { "name", "min", "mean", "max", "last", "samples" };
	struct table t;
	table_init(&t, n + 1, 6);
	for (size_t j = 0; j < 6; j++)
		table_set(&t, 0, j, head[j]);
	for (size_t i = 0; i < n; i++) {
		const struct series *x = s[i];
		bool any = x && x->count;
		double v[4] = {
			any ? x->min : NAN,
			any ? x->sum / (double)x->count : NAN,
			any ? x->max : NAN,
			x && x->n ? x->v[x->n - 1] : NAN,
		};
		char buf[NUM_MAX];
		table_set(&t, i + 1, 0, x ? x->name : "");
		for (size_t j = 0; j < 4; j++) {
			format_si(v[j], x ? x->unit : "", buf, sizeof buf);
			table_set(&t, i + 1, j + 1, buf);
		}
		snprintf(buf, sizeof buf, "%zu", x ? x->count : 0);
		table_set(&t, i + 1, 5, buf);
	}
	table_emit(&t, true, out);
	table_release(&t);
}

double graph_table_step(double seconds)
{
	double raw = seconds / 20;
	if (!(raw > 0.1))
		return 0.1;
	double p = pow(10, floor(log10(raw)));
	return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
}
