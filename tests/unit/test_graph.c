/* test_graph: number formatting, the braille line graph and its plain
 * tables, from series built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "view/canvas.h"
#include "expect_canvas.h"
#include "view/graph.h"
#include "view/model.h"
#include "view/units.h"

/* ---- units ---------------------------------------------------------------- */

static void expect_si(double v, const char *unit, const char *want)
{
	char buf[64];
	format_si(v, unit, buf, sizeof buf);
	if (strcmp(buf, want))
		fail_msg("format_si(%g, \"%s\"): got \"%s\", want \"%s\"", v, unit ? unit : "(null)",
			 buf, want);
}

static void si_examples(void **state)
{
	(void)state;
	expect_si(0, "", "0");
	expect_si(999, "", "999");
	expect_si(1234, "", "1.23k");
	expect_si(56789, "", "56.8k");
	expect_si(1234567, "", "1.23M");
	expect_si(2.5e9, "", "2.50G");
	expect_si(0.5, "", "0.500");
	expect_si(0.00012, "", "120µ");
	expect_si(-1234, "", "-1.23k");
	expect_si(-0.5, NULL, "-0.500");
	expect_si(1234567, "B/s", "1.23 MB/s");
	expect_si(999, "B/s", "999 B/s");
	expect_si(0, "B/s", "0 B/s");
	expect_si(0.00012, "s", "120 µs");
}

static void si_edges(void **state)
{
	(void)state;
	expect_si(5, "", "5");           /* whole numbers keep no decimals */
	expect_si(12.5, "", "12.5");
	expect_si(3.14159, "", "3.14");
	expect_si(999.7, "", "1.00k");   /* rounding carries into the prefix */
	expect_si(9.996, "", "10.0");    /* ... and into the next digit */
	expect_si(99.96, "", "100");
	expect_si(99960, "", "100k");
	expect_si(999499, "", "999k");
	expect_si(999500, "", "1.00M");
	expect_si(0.9996, "", "1.00");
	expect_si(0.1, "", "0.100");
	expect_si(0.05, "", "50.0m");
	expect_si(0.0999, "", "99.9m");
	expect_si(-0.0, "", "0");
	expect_si(1e25, "", "1.00e+25");  /* past E */
	expect_si(NAN, "B/s", "-");
	expect_si(INFINITY, "", "inf");
	expect_si(-INFINITY, "x", "-inf x");

	char tiny[4];
	format_si(1234567, "B/s", tiny, sizeof tiny);
	assert_string_equal(tiny, "1.2");
	format_si(1, "", tiny, 0); /* nothing written, nothing broken */
}

static void expect_seconds(double s, const char *want)
{
	char buf[64];
	format_seconds(s, buf, sizeof buf);
	if (strcmp(buf, want))
		fail_msg("format_seconds(%g): got \"%s\", want \"%s\"", s, buf, want);
}

static void seconds_examples(void **state)
{
	(void)state;
	expect_seconds(0.52, "0.52 s");
	expect_seconds(12, "12.0 s");
	expect_seconds(185, "3 min 05 s");
	expect_seconds(0, "0.00 s");
	expect_seconds(9.996, "10.0 s");
	expect_seconds(59.97, "1 min 00 s");
	expect_seconds(3599.6, "1 h 00 min");
	expect_seconds(3725, "1 h 02 min");
	expect_seconds(-1, "-");
	expect_seconds(NAN, "-");
}

/* ---- helpers -------------------------------------------------------------- */

static void add(struct series *s, double t, double v)
{
	series_add(s, t, v);
}

static void named(struct series *s, const char *name, const char *unit)
{
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", name);
	snprintf(s->unit, sizeof s->unit, "%s", unit);
}

static void draw(struct canvas *c, int w, int h, const struct series *const *s, size_t n,
		 double now, double window)
{
	canvas_resize(c, w, h);
	struct graph_opts o = { .window = window };
	graph_draw(c, canvas_rect(c), s, n, now, &o);
}

/*
 * Read the dots back from the braille cells of the plot area (columns
 * x0.. of rows 1..h-2), without the code under test: dots[y][x] of a grid
 * 2 dots per column and 4 per row.
 */
#define MAXD 256
static bool dots[MAXD][MAXD];

static int read_dots(const struct canvas *c, int x0, int *dw, int *dh)
{
	static const int bit[4][2] = { { 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 } };
	memset(dots, 0, sizeof dots);
	*dw = 2 * (c->w - x0);
	*dh = 4 * (c->h - 2);
	int n = 0;
	for (int row = 1; row < c->h - 1; row++)
		for (int col = x0; col < c->w; col++) {
			uint32_t ch = c->cells[row * c->w + col].ch;
			if (ch < 0x2800 || ch > 0x28FF)
				continue;
			for (int dy = 0; dy < 4; dy++)
				for (int dx = 0; dx < 2; dx++)
					if ((ch - 0x2800) & (uint32_t)bit[dy][dx]) {
						dots[4 * (row - 1) + dy][2 * (col - x0) + dx] = true;
						n++;
					}
		}
	return n;
}

/* Are all the dots one 8-connected line from (xa, ya) to (xb, yb)? */
static bool connected(int dw, int dh, int xa, int ya, int xb, int yb, int total)
{
	static bool seen[MAXD][MAXD];
	static int stack[MAXD * MAXD][2];
	memset(seen, 0, sizeof seen);
	if (!dots[ya][xa] || !dots[yb][xb])
		return false;
	int sp = 0, reached = 0;
	stack[sp][0] = xa, stack[sp][1] = ya, sp++;
	seen[ya][xa] = true;
	while (sp) {
		sp--;
		int x = stack[sp][0], y = stack[sp][1];
		reached++;
		for (int dy = -1; dy <= 1; dy++)
			for (int dx = -1; dx <= 1; dx++) {
				int nx = x + dx, ny = y + dy;
				if (nx < 0 || ny < 0 || nx >= dw || ny >= dh || seen[ny][nx] || !dots[ny][nx])
					continue;
				seen[ny][nx] = true;
				stack[sp][0] = nx, stack[sp][1] = ny, sp++;
			}
	}
	return reached == total && seen[yb][xb];
}

/* ---- graph_draw ----------------------------------------------------------- */

static void rising_line(void **state)
{
	(void)state;
	struct series s;
	named(&s, "ops", "");
	for (int i = 0; i <= 10; i++)
		add(&s, i, 10.0 * i);
	const struct series *ps[] = { &s };
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 40, 10, ps, 1, 10, 0);
	expect_canvas(&c,
		"● ops 100\n"
		"100┤                               ⢀⣀⠤⠒⠉\n"
		"   │                           ⣀⠤⠔⠊⠁\n"
		" 75┤                      ⢀⡠⠔⠒⠉\n"
		"   │                  ⢀⡠⠔⠊⠁\n"
		" 50┤             ⢀⣀⠤⠒⠊⠁\n"
		" 25┤         ⣀⠤⠔⠊⠁\n"
		"   │    ⢀⡠⠔⠒⠉\n"
		"  0┤⣀⠤⠒⠉⠁\n"
		"   └0s     2s     4s     6s     8s   10s\n");
	expect_styles(&c, 0, "Jaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	expect_styles(&c, 1, "IIIIaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaJJJJJ");
	expect_styles(&c, 9, "aaaIIIaaaaaIIaaaaaIIaaaaaIIaaaaaIIaaaIII");

	/* 72 x 32 dots: one unbroken line from bottom left to top right,
	 * every dot column used once or more */
	int dw, dh, total = read_dots(&c, 4, &dw, &dh);
	assert_int_equal(dw, 72);
	assert_int_equal(dh, 32);
	assert_true(connected(dw, dh, 0, 31, 71, 0, total));
	for (int x = 0; x < dw; x++) {
		bool any = false;
		for (int y = 0; y < dh; y++)
			any |= dots[y][x];
		assert_true(any);
	}
	canvas_release(&c);
	series_release(&s);
}

static void steep_rise_is_connected(void **state)
{
	(void)state;
	struct series s;
	named(&s, "jump", "");
	add(&s, 0, 0);
	add(&s, 4.9, 0);
	add(&s, 5, 1000);    /* 32 dot rows up within one dot column */
	add(&s, 10, 1000);
	const struct series *ps[] = { &s };
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 40, 10, ps, 1, 10, 0);
	char *r0 = canvas_row(&c, 0);
	assert_string_equal(r0, "● jump 1.00k");
	free(r0);
	/* labels 1.00k, 750, 500, 250, 0: five wide, so the plot starts at 6 */
	int dw, dh, total = read_dots(&c, 6, &dw, &dh);
	assert_int_equal(dw, 68);
	assert_true(connected(dw, dh, 0, 31, 67, 0, total));
	/* the rise fills the dot column it happens in, top to bottom */
	int x = (int)lround(5.0 / 10 * 67);
	for (int y = 0; y < dh; y++)
		if (!dots[y][x] && !dots[y][x - 1])
			fail_msg("dot row %d of the rise is missing", y);
	canvas_release(&c);
	series_release(&s);
}

static void two_series_styles(void **state)
{
	(void)state;
	struct series a, b;
	named(&a, "in", "");
	named(&b, "out", "");
	add(&a, 0, 100);
	add(&a, 10, 100);
	add(&b, 0, 0);
	add(&b, 5, 0);
	add(&b, 5, 100); /* out joins in at the top for the second half */
	add(&b, 10, 100);
	const struct series *ps[] = { &a, &b };
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 30, 8, ps, 2, 10, 0);
	expect_canvas(&c,
		"● in 100  ● out 100\n"
		"100┤⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⡏⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉\n"
		" 75┤             ⡇\n"
		"   │             ⡇\n"
		" 50┤             ⡇\n"
		" 25┤             ⡇\n"
		"  0┤⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⡇\n"
		"   └0s   2s   4s   6s   8s 10s\n");
	/* markers in their series' style; where both lines run the later
	 * one's style wins, so the top row turns from J to K at the rise */
	expect_styles(&c, 0, "JaaaaaaaaaKaaaaaaaaaaaaaaaaaaa");
	expect_styles(&c, 1, "IIIIJJJJJJJJJJJJJKKKKKKKKKKKKK");
	expect_styles(&c, 6, "aaIIKKKKKKKKKKKKKKaaaaaaaaaaaa");

	/* the same with the order swapped: now in is drawn last */
	const struct series *swapped[] = { &b, &a };
	draw(&c, 30, 8, swapped, 2, 10, 0);
	expect_styles(&c, 0, "JaaaaaaaaaaKaaaaaaaaaaaaaaaaaa");
	expect_styles(&c, 1, "IIIIKKKKKKKKKKKKKKKKKKKKKKKKKK");
	canvas_release(&c);
	series_release(&a);
	series_release(&b);
}

/* The labels of the y axis, top to bottom, "50 25 0". */
static char *y_labels(const struct canvas *c)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (int y = 1; y < c->h - 1; y++) {
		char *row = canvas_row(c, y);
		char *tick = strstr(row, "┤");
		if (tick) {
			*tick = '\0';
			strbuf_addf(&sb, "%s%s", sb.len ? " " : "", row + strspn(row, " "));
		}
		free(row);
	}
	return strbuf_detach(&sb);
}

static void expect_labels(struct canvas *c, int w, int h, double lo, double hi,
			  const char *want)
{
	struct series s;
	named(&s, "m", "B");
	add(&s, 0, lo);
	add(&s, 10, hi);
	const struct series *ps[] = { &s };
	draw(c, w, h, ps, 1, 10, 0);
	char *got = y_labels(c);
	if (strcmp(got, want))
		fail_msg("%g..%g in %dx%d: labels \"%s\", want \"%s\"", lo, hi, w, h, got, want);
	free(got);
	series_release(&s);
}

static void auto_scale_ticks(void **state)
{
	(void)state;
	struct canvas c;
	canvas_init(&c, 1, 1);
	/* the top is the next 1, 2 or 5 times a power of ten; quarters only
	 * where they are round and the rows allow them */
	expect_labels(&c, 30, 9, 0, 37, "50 25 0");
	expect_labels(&c, 30, 9, 0, 100, "100 75 50 25 0");
	expect_labels(&c, 30, 9, 0, 101, "200 150 100 50 0");
	expect_labels(&c, 30, 9, 100, 1234, "2.00k 1.50k 1.00k 500 0");
	expect_labels(&c, 30, 9, 0.1, 0.3, "0.500 0.250 0");
	expect_labels(&c, 30, 9, 0, 0, "1 0.750 0.500 0.250 0"); /* all zero: 0..1 */
	expect_labels(&c, 30, 9, 2e6, 3e6, "5.00M 2.50M 0"); /* 0 stays in view */
	expect_labels(&c, 30, 6, 0, 100, "100 50 0");       /* too few rows for quarters */
	expect_labels(&c, 30, 5, 0, 100, "100 50 0");
	expect_canvas(&c,
		"● m 100 B\n"
		"100┤                 ⢀⣀⣀⠤⠤⠔⠒⠊⠉\n"
		" 50┤        ⢀⣀⡠⠤⠤⠒⠒⠊⠉⠁\n"
		"  0┤⣀⡠⠤⠔⠒⠒⠉⠉⠁\n"
		"   └0s   2s   4s   6s   8s 10s\n");

	/* the whole 1234 graph: labels right-aligned, ┤ on their rows */
	expect_labels(&c, 30, 9, 100, 1234, "2.00k 1.50k 1.00k 500 0");
	expect_canvas(&c,
		"● m 1.23 kB\n"
		"2.00k┤\n"
		"1.50k┤\n"
		"     │                     ⢀⣀⠤\n"
		"1.00k┤               ⢀⣀⠤⠔⠒⠉⠁\n"
		"     │          ⣀⡠⠔⠒⠉⠁\n"
		"  500┤    ⣀⡠⠤⠒⠊⠉\n"
		"    0┤⠤⠒⠊⠉\n"
		"     └0s          5s       10s\n");
	expect_styles(&c, 6, "aaIIIIaaaaJJJJJJaaaaaaaaaaaaaa");
	canvas_release(&c);
}

static void negative_values(void **state)
{
	(void)state;
	struct series s;
	named(&s, "temp", "°C");
	for (int i = 0; i <= 10; i++)
		add(&s, i, i * 6 - 30);
	const struct series *ps[] = { &s };
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 30, 8, ps, 1, 10, 0);
	/* the bottom is nice too, so 0 gets a label of its own */
	expect_canvas(&c,
		"● temp 30 °C\n"
		" 50┤\n"
		" 25┤                    ⣀⣀⠤⠤⠔⠒\n"
		"   │              ⣀⠤⠤⠒⠒⠉\n"
		"  0┤      ⣀⠤⠤⠒⠒⠊⠉⠉\n"
		"-25┤⠤⠔⠒⠒⠉⠉\n"
		"-50┤\n"
		"   └0s   2s   4s   6s   8s 10s\n");
	series_release(&s);

	/* all below zero: the top is 0 */
	named(&s, "debt", "");
	add(&s, 0, -5);
	add(&s, 10, -80);
	draw(&c, 30, 8, ps, 1, 10, 0);
	expect_canvas(&c,
		"● debt -80\n"
		"   0┤⠒⠤⢄⣀\n"
		" -25┤    ⠉⠑⠢⠤⣀⡀\n"
		"    │         ⠈⠉⠒⠢⠤⣀⡀\n"
		" -50┤               ⠈⠉⠒⠢⢄⣀\n"
		" -75┤                     ⠉⠑⠒⠤\n"
		"-100┤\n"
		"    └0s   2s   4s  6s   8s 10s\n");
	canvas_release(&c);
	series_release(&s);
}

static void single_point(void **state)
{
	(void)state;
	struct series s;
	named(&s, "one", "");
	add(&s, 0, 5);
	const struct series *ps[] = { &s };
	struct canvas c;
	canvas_init(&c, 1, 1);
	/* at the very start (now 0): the first second, the dot top left */
	draw(&c, 20, 5, ps, 1, 0, 0);
	expect_canvas(&c,
		"● one 5\n"
		"   5┤⠁\n"
		"2.50┤\n"
		"   0┤\n"
		"    └0.0s   0.5s\n");
	expect_styles(&c, 1, "aaaIIJaaaaaaaaaaaaaa");
	series_release(&s);

	/* later in the run: the dot where its time falls */
	named(&s, "one", "");
	add(&s, 3, 5);
	draw(&c, 20, 5, ps, 1, 10, 0);
	expect_canvas(&c,
		"● one 5\n"
		"   5┤    ⠈\n"
		"2.50┤\n"
		"   0┤\n"
		"    └0s     5s   10s\n");
	canvas_release(&c);
	series_release(&s);
}

static void no_data_yet(void **state)
{
	(void)state;
	struct series s;
	named(&s, "idle", "");
	const struct series *ps[] = { &s };
	struct canvas c;
	canvas_init(&c, 1, 1);
	/* axes and times (now is known) but no invented y scale */
	draw(&c, 30, 7, ps, 1, 3, 0);
	expect_canvas(&c,
		"● idle -\n"
		"│\n"
		"│\n"
		"│        (no data yet)\n"
		"│\n"
		"│\n"
		"└0s       1s        2s      3s\n");
	expect_styles(&c, 3, "Iaaaaaaaabbbbbbbbbbbbbaaaaaaaa");
	draw(&c, 30, 7, NULL, 0, 3, 0);
	char *r0 = canvas_row(&c, 0), *r3 = canvas_row(&c, 3);
	assert_string_equal(r0, "");
	assert_string_equal(r3, "│        (no data yet)");
	free(r0);
	free(r3);
	/* the small form says it too */
	draw(&c, 15, 2, NULL, 0, 3, 0);
	expect_canvas(&c, "(no data yet)\n\n");
	canvas_release(&c);
}

static void window_cuts_old_points(void **state)
{
	(void)state;
	struct series s;
	named(&s, "ops", "");
	for (int i = 0; i <= 20; i++)
		add(&s, i, i % 2 ? 80 : 20);
	const struct series *ps[] = { &s };
	struct canvas c;
	canvas_init(&c, 1, 1);
	/* 14.5 s .. 20 s: the line from 14 to 15 enters at the left edge */
	draw(&c, 30, 7, ps, 1, 20, 5.5);
	expect_canvas(&c,
		"● ops 20\n"
		"100┤\n"
		" 75┤ ⢠⠊⢢      ⢠⠊⢢      ⢀⠔⠑⡄\n"
		" 50┤⠔⠁  ⠑⢄  ⢀⠔⠁  ⠑⢄   ⡰⠁  ⠈⠢⡀\n"
		" 25┤      ⠣⡠⠃      ⠣⡠⠊      ⠘⢄\n"
		"  0┤\n"
		"   └       16s      18s    20s\n");
	canvas_release(&c);
	series_release(&s);
}

static void tiny_rect_fallback(void **state)
{
	(void)state;
	struct series a, b;
	named(&a, "in", "");
	named(&b, "out", "B/s");
	add(&a, 0, 100);
	add(&a, 10, 100);
	add(&b, 0, 0);
	add(&b, 5, 1500);
	const struct series *ps[] = { &a, &b };
	struct canvas c;
	canvas_init(&c, 1, 1);
	/* one pixel too narrow, then one too low: one line per series */
	draw(&c, 19, 5, ps, 2, 10, 0);
	expect_canvas(&c, "in 100 (100–100)\nout 1.50 kB/s (0–1…\n\n\n\n");
	expect_styles(&c, 0, "JJJJJJJJJJJJJJJJaaa");
	expect_styles(&c, 1, "KKKKKKKKKKKKKKKKKKK");
	draw(&c, 20, 4, ps, 2, 10, 0);
	expect_canvas(&c, "in 100 (100–100)\nout 1.50 kB/s (0–1.…\n\n\n");
	/* the rows there are */
	draw(&c, 19, 1, ps, 2, 10, 0);
	expect_canvas(&c, "in 100 (100–100)\n");
	draw(&c, 1, 1, ps, 2, 10, 0);
	expect_canvas(&c, "…\n");
	/* the smallest size with axes */
	draw(&c, 20, 5, ps, 2, 10, 0);
	expect_canvas(&c,
		"● in 100  ● out 1.5…\n"
		"2.00k┤       ⡀\n"
		"1.00k┤   ⢀⠤⠒⠉\n"
		"    0┤⡤⠴⠮⠥⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤\n"
		"     └0s     5s  10s\n");
	canvas_release(&c);
	series_release(&a);
	series_release(&b);
}

static void wide_names(void **state)
{
	(void)state;
	struct series q, a;
	named(&q, "队列深度", "items");
	named(&a, "in", "");
	add(&q, 0, 1);
	add(&q, 4, 3);
	add(&a, 0, 100);
	add(&a, 4, 100);
	const struct series *ps[] = { &q, &a };
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 30, 6, ps, 2, 4, 0);
	char *r0 = canvas_row(&c, 0);
	assert_string_equal(r0, "● 队列深度 3 items  ● in 100");
	free(r0);
	/* four characters, eight cells: the second marker at column 20 */
	expect_styles(&c, 0, "JaaaaaaaaaaaaaaaaaaaKaaaaaaaaa");
	assert_int_equal(c.cells[3].ch, CANVAS_WIDE_TAIL);
	/* cut in the small form: "…" after whole characters only (at four
	 * columns 列 does not fit beside it) and never after a space */
	draw(&c, 3, 2, ps, 2, 4, 0);
	expect_canvas(&c, "队…\nin…\n");
	draw(&c, 4, 2, ps, 2, 4, 0);
	expect_canvas(&c, "队…\nin…\n");
	draw(&c, 2, 1, ps, 2, 4, 0);
	expect_canvas(&c, "…\n");
	canvas_release(&c);
	series_release(&q);
	series_release(&a);
}

/* At every size from 1x1 up, inside a bigger canvas: nothing drawn outside
 * the rect, nothing left over from a busier picture inside it. */
static void every_size_stays_inside(void **state)
{
	(void)state;
	struct series a, b;
	named(&a, "队列", "items");
	named(&b, "rate", "B/s");
	for (int i = 0; i <= 40; i++) {
		add(&a, i * 0.25, (i * 37) % 11);
		add(&b, i * 0.25, i % 3 ? -1e6 : 2e6);
	}
	const struct series *ps[] = { &a, &b };
	struct canvas c;
	canvas_init(&c, 64, 24);
	for (int w = 0; w <= 60; w++)
		for (int h = 0; h <= 20; h++) {
			for (int i = 0; i < c.w * c.h; i++)
				c.cells[i] = (struct cell){ '#', ST_ERROR };
			struct rect r = { 2, 2, w, h };
			struct graph_opts o = { .window = (w % 3) * 2.0 };
			graph_draw(&c, r, ps, 2, 10, &o);
			for (int y = 0; y < c.h; y++)
				for (int x = 0; x < c.w; x++) {
					bool in = x >= 2 && x < 2 + w && y >= 2 && y < 2 + h;
					struct cell cl = c.cells[y * c.w + x];
					if (!in && (cl.ch != '#' || cl.style != ST_ERROR))
						fail_msg("%dx%d: drew at %d,%d outside", w, h, x, y);
					if (in && cl.style == ST_ERROR)
						fail_msg("%dx%d: left %d,%d as it was", w, h, x, y);
				}
		}
	canvas_release(&c);
	series_release(&a);
	series_release(&b);
}

/* ---- plain text ----------------------------------------------------------- */

struct three {
	struct series ops, rate, depth;
};

static void three_series(struct three *t)
{
	named(&t->ops, "ops", "");
	named(&t->rate, "rate", "B/s");
	named(&t->depth, "队列深度", "items");
	add(&t->ops, 0, 0);
	add(&t->ops, 1, 10);
	add(&t->ops, 2, 100);
	add(&t->ops, 3, 999);
	add(&t->ops, 4, 1000);
	add(&t->ops, 6, -2);
	add(&t->rate, 1.5, 1234567);
	add(&t->rate, 4, 2500);
	add(&t->rate, 7.2, 0.5);
	add(&t->depth, 0, 1);
	add(&t->depth, 4, 3);
}

static void three_release(struct three *t)
{
	series_release(&t->ops);
	series_release(&t->rate);
	series_release(&t->depth);
}

static void expect_text(const char *got, const char *want)
{
	if (strcmp(got, want))
		fail_msg("got:\n%s\nexpected:\n%s", got, want);
}

static void table_text(void **state)
{
	(void)state;
	struct three t;
	three_series(&t);
	const struct series *ps[] = { &t.ops, &t.rate, &t.depth };
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "> "); /* appended, not overwritten */
	graph_table_text(ps, 3, 1, 7.5, &sb);
	expect_text(sb.buf,
		"> time    ops       rate  队列深度\n"
		"  0s      0          -   1 items\n"
		"  1s     10          -   1 items\n"
		"  2s    100  1.23 MB/s   1 items\n"
		"  3s    999  1.23 MB/s   1 items\n"
		"  4s  1.00k  2.50 kB/s   3 items\n"
		"  5s  1.00k  2.50 kB/s   3 items\n"
		"  6s     -2  2.50 kB/s   3 items\n"
		"  7s     -2  2.50 kB/s   3 items\n");
	strbuf_reset(&sb);
	/* a step with a fraction: times keep it */
	graph_table_text(ps, 3, 2.5, 7.5, &sb);
	expect_text(sb.buf,
		"time    ops       rate  队列深度\n"
		"0.0s      0          -   1 items\n"
		"2.5s    100  1.23 MB/s   1 items\n"
		"5.0s  1.00k  2.50 kB/s   3 items\n"
		"7.5s     -2  0.500 B/s   3 items\n");
	strbuf_reset(&sb);
	/* no step: the one row at now */
	graph_table_text(ps, 3, 0, 7.5, &sb);
	expect_text(sb.buf,
		"time  ops       rate  队列深度\n"
		"7.5s   -2  0.500 B/s   3 items\n");
	strbuf_reset(&sb);
	/* a step too fine for the run: doubled to at most 1000 rows */
	graph_table_text(ps, 1, 0.001, 7.5, &sb);
	size_t lines = 0;
	for (const char *p = sb.buf; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 1 + 938);  /* step 0.008: rows 0 .. 7.496 */
	assert_non_null(strstr(sb.buf, "\n7.496s     -2\n"));
	strbuf_reset(&sb);
	/* no series: the times alone */
	graph_table_text(NULL, 0, 1, 2, &sb);
	expect_text(sb.buf, "time\n  0s\n  1s\n  2s\n");
	strbuf_release(&sb);
	three_release(&t);
}

static void summary_text(void **state)
{
	(void)state;
	struct three t;
	three_series(&t);
	struct series idle;
	named(&idle, "idle", "");
	const struct series *ps[] = { &t.ops, &t.rate, &t.depth, &idle };
	struct strbuf sb;
	strbuf_init(&sb);
	graph_summary_text(ps, 4, &sb);
	expect_text(sb.buf,
		"name            min      mean        max       last  samples\n"
		"ops              -2       351      1.00k         -2        6\n"
		"rate      0.500 B/s  412 kB/s  1.23 MB/s  0.500 B/s        3\n"
		"队列深度    1 items   2 items    3 items    3 items        2\n"
		"idle              -         -          -          -        0\n");
	strbuf_reset(&sb);

	/* a long series keeps every other old point, but min, mean, max and
	 * samples count every value seen */
	struct series big;
	named(&big, "n", "");
	for (int i = 0; i < 5000; i++)
		add(&big, i * 0.01, i);
	assert_true(big.n < 5000);
	const struct series *pb[] = { &big };
	graph_summary_text(pb, 1, &sb);
	expect_text(sb.buf,
		"name  min   mean    max   last  samples\n"
		"n       0  2.50k  5.00k  5.00k     5000\n");
	series_release(&big);
	strbuf_reset(&sb);
	graph_summary_text(NULL, 0, &sb);
	expect_text(sb.buf, "name  min  mean  max  last  samples\n");
	strbuf_release(&sb);
	three_release(&t);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(si_examples),
		cmocka_unit_test(si_edges),
		cmocka_unit_test(seconds_examples),
		cmocka_unit_test(rising_line),
		cmocka_unit_test(steep_rise_is_connected),
		cmocka_unit_test(two_series_styles),
		cmocka_unit_test(auto_scale_ticks),
		cmocka_unit_test(negative_values),
		cmocka_unit_test(single_point),
		cmocka_unit_test(no_data_yet),
		cmocka_unit_test(window_cuts_old_points),
		cmocka_unit_test(tiny_rect_fallback),
		cmocka_unit_test(wide_names),
		cmocka_unit_test(every_size_stays_inside),
		cmocka_unit_test(table_text),
		cmocka_unit_test(summary_text),
	};
	return cmocka_run_group_tests_name("graph", tests, NULL, NULL);
}
