/*
 * graph: metric series over time, as a line graph on a canvas and as
 * plain-text tables.
 *
 * graph_draw draws up to GRAPH_MAX_SERIES series in braille dots (each cell
 * a 2x4 grid of dots), inside r:
 *
 *     ● ops 100  ● errors 30
 *     100┤                            ⣀⠤⠒⠉
 *        │                      ⢀⡠⠔⠒⠉⠉
 *      50┤               ⢀⣀⡠⢤⣤⣒⣊⣁⣀⣀⣀⣀⣀⣀⣀⣀⣀
 *       0┤⣤⣤⣤⣤⣤⠤⠤⠤⠤⠤⠤⠶⠶⠮⠭⠥⠔⠊⠁
 *        └0s    2s    4s     6s    8s  10s
 *
 *   - row 0, the legend: a marker in the series' style (ST_SERIES1 + i)
 *     and "name latest", the latest value with the series' unit;
 *   - at the left, the y axis (ST_AXIS): a vertical line and up to five
 *     tick labels (top, bottom and 0, then halves, then quarters where
 *     they are round and the rows leave each its own), each on the row
 *     where a line at that value is drawn;
 *   - the last row, the x axis: time ticks in seconds since the run began,
 *     1, 2 or 5 times a power of ten apart, as close as the labels allow;
 *   - between them the plot. The y scale runs from min(0, lowest shown
 *     value) to a "nice" top (1, 2 or 5 times a power of ten) at or above
 *     the highest, or to o->top when nothing shown is above it; below zero
 *     the bottom is nice too. The x scale covers o->window seconds ending
 *     at now (window 0: from 0 to now; at least one second). Consecutive
 *     points are joined by lines on the dot grid; a line from a point
 *     outside the window is cut at its edge. A cell where two series meet
 *     takes the later series' style.
 * With no points at all it draws the axes, the times, no y scale (there is
 * nothing to scale) and "(no data yet)". In a rect narrower than
 * GRAPH_MIN_W or lower than GRAPH_MIN_H it draws one line per series
 * instead, "name latest (min–max)" in the series' style, over all values
 * seen. Text that does not fit ends in "…". It clears r first and never
 * draws outside it. Non-finite values are not drawn (they break the line).
 *
 * Every number shown is formatted by format_si (units.h).
 */
#ifndef LOCKSTEP_VIEW_GRAPH_H
#define LOCKSTEP_VIEW_GRAPH_H

#include <stddef.h>

#include "canvas.h"

struct series;
struct strbuf;

#define GRAPH_MAX_SERIES 6 /* one style each: ST_SERIES1 .. ST_SERIES6 */
#define GRAPH_MIN_W 20     /* below either, the one-line-per-series form */
#define GRAPH_MIN_H 5

struct graph_opts {
	double window;      /* seconds shown, ending at now; 0: the whole run */
	double top;         /* > 0: the y scale's top, when no shown value is
			       above it (a queue's capacity); 0: a nice top */
};

/* Draw s[0..n-1] (only the first GRAPH_MAX_SERIES) as of time now, in r of
 * c. o may be NULL for the whole run. */
void graph_draw(struct canvas *c, struct rect r, const struct series *const *s, size_t n,
		double now, const struct graph_opts *o);

/*
 * Time tick labels ("0s", "2s", "0.5s": 1, 2 or 5 times a power of ten
 * apart, as close as the labels allow) on row y of r, for a time scale
 * running from t0 at column px to t1 at column px + w - 1; the timeline
 * shares it so the two views read time alike.
 */
void graph_time_axis(struct canvas *c, struct rect r, int y, int px, int w, double t0, double t1);

/*
 * Plain mode: append a table with a header row ("time" and the series'
 * names) and one row for each step seconds from 0 to now: the time, then
 * each series' latest value at or before it (format_si with its unit), or
 * "-" before its first point. Columns are right-aligned, two spaces apart,
 * as wide as their widest entry. Lines end in '\n'. A step <= 0 (or NaN)
 * gives one row, at now; a step that would give more than
 * GRAPH_TABLE_MAX_ROWS rows is doubled until it does not.
 */
#define GRAPH_TABLE_MAX_ROWS 1000
/* A step for a run of that many seconds: about twenty rows, at 1, 2 or 5
 * times a power of ten seconds (times a reader can add up), and no finer
 * than 0.1 s. */
double graph_table_step(double seconds);
void graph_table_text(const struct series *const *s, size_t n, double step, double now,
		      struct strbuf *out);

/*
 * The end-of-run summary, appended: a header row, then one row per series:
 * name, min, mean (sum / count), max, last, samples (values seen, dropped
 * ones included), the values with the series' unit and "-" for a series
 * with none. The name column is left-aligned, the others right-aligned,
 * two spaces apart. Lines end in '\n'.
 */
void graph_summary_text(const struct series *const *s, size_t n, struct strbuf *out);

#endif
