/* test_meters: core and thread bars, their totals and the plain lines, from
 * samples built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"
#include "view/canvas.h"
#include "expect_canvas.h"
#include "view/meters.h"
#include "view/model.h"

#define KEEPER 100
#define DEMO 101

/* A sample of the keeper (busy, so leaving it out shows) and the demo with
 * threads tid DEMO.. using pct[i] each. */
static void sample(struct run_model *m, const double *pct, size_t n, const char *comm)
{
	struct sample_snap s;
	sample_snap_init(&s);
	s.keeper = KEEPER;
	s.demo = DEMO;
	s.nprocs = 2;
	s.procs = xcalloc(2, sizeof *s.procs);
	s.procs[0] = (struct sample_proc){ .pid = KEEPER, .ppid = 1, .nthreads = 1 };
	snprintf(s.procs[0].comm, sizeof s.procs[0].comm, "lockstep-keeper");
	s.procs[0].threads = xcalloc(1, sizeof *s.procs[0].threads);
	s.procs[0].threads[0] = (struct sample_thread){ .tid = KEEPER, .cpu_pct = 50 };
	s.procs[0].nthreads_read = 1;
	s.procs[1] = (struct sample_proc){ .pid = DEMO, .ppid = KEEPER, .nthreads = (long)n };
	snprintf(s.procs[1].comm, sizeof s.procs[1].comm, "%s", comm);
	s.procs[1].threads = xcalloc(n, sizeof *s.procs[1].threads);
	for (size_t i = 0; i < n; i++) {
		s.procs[1].threads[i] = (struct sample_thread){ .tid = DEMO + (pid_t)i,
								.cpu_pct = pct[i] };
		snprintf(s.procs[1].threads[i].comm, sizeof s.procs[1].threads[i].comm, "%s", comm);
	}
	s.procs[1].nthreads_read = n;
	model_sample(m, &s);
	sample_snap_release(&s);
}

static void expect_text(const struct run_model *m, const char *want)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "> "); /* appended, not overwritten */
	meters_text(m, &sb);
	if (strncmp(sb.buf, "> ", 2) || strcmp(sb.buf + 2, want))
		fail_msg("got:\n%s\nexpected:\n> %s", sb.buf, want);
	strbuf_release(&sb);
}

static void draw(struct canvas *c, int w, int h, const struct run_model *m, bool paused)
{
	struct meters_opts o = { .paused = paused };
	canvas_resize(c, w, h);
	meters_draw(c, canvas_rect(c), m, &o);
}

static void no_sample(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 0);
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 30, 2, &m, false);
	expect_canvas(&c, "(no sample yet)\n\n");
	expect_text(&m, "(no sample yet)\n");
	canvas_release(&c);
	model_release(&m);
}

/* Two busy threads on two cores: 200%, each bar full and "high". */
static void two_busy_threads(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 0);
	double cores[2] = { 97, 100 }, pct[2] = { 99, 98.5 };
	model_cpus(&m, 2, cores);
	sample(&m, pct, 2, "spin");
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 40, 6, &m, false);
	expect_canvas(&c, "demo: 198% of 200% (2 cores)\n"
			  "cpu0     [███████████████████████▎]  97%\n"
			  "cpu1     [████████████████████████] 100%\n"
			  "threads, busiest first\n"
			  "101 spin [███████████████████████▊]  99%\n"
			  "102 spin [███████████████████████▋]  98%\n");
	char *st = canvas_row_styles(&c, 2);
	/* '[' axis, the bar "near full", then the number as text. */
	assert_int_equal(st[9], 'I');
	assert_int_equal(st[10], 'H');
	free(st);
	expect_text(&m, "demo: 198% of 200% (2 cores)\n"
			"cpu0  97%  [###################.]\n"
			"cpu1 100%  [####################]\n"
			"thread 101 (spin): 99%\n"
			"thread 102 (spin): 98%\n");
	canvas_release(&c);
	model_release(&m);
}

/* Partial cells in eighths, an idle track, and the pause marker. */
static void eighths_and_pause(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 0);
	double cores[1] = { 55 }, pct[1] = { 0 };
	model_cpus(&m, 1, cores);
	sample(&m, pct, 1, "idle");
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 20, 2, &m, true);
	/* Bars line up after the widest label, "101 idle": 55% of 4 cells
	 * is 2.2 cells, 2 full and a quarter. */
	expect_canvas(&c, "demo: 0% of 100% (1…\n"
			  "cpu0     [██▎·]  55%\n");
	draw(&c, 40, 2, &m, true);
	/* ... of 24 cells: 13.2 cells. */
	expect_canvas(&c, "demo: 0% of 100% (1 core)  paused\n"
			  "cpu0     [█████████████▎··········]  55%\n");
	char *st = canvas_row_styles(&c, 0);
	assert_int_equal(st[27], 'T'); /* paused */
	free(st);
	canvas_release(&c);
	model_release(&m);
}

/* The first sample of a run has no rates yet: it says so, not "0%". */
static void measuring(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 0);
	double cores[2] = { NAN, NAN }, pct[1] = { NAN };
	model_cpus(&m, 2, cores);
	sample(&m, pct, 1, "demo");
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 36, 5, &m, false);
	expect_canvas(&c, "demo: not measured yet (2 cores)\n"
			  "cpu0     not measured yet\n"
			  "cpu1     not measured yet\n"
			  "threads, busiest first\n"
			  "101 demo not measured yet\n");
	expect_text(&m, "demo: not measured yet (2 cores)\n"
			"cpu0 not measured yet\n"
			"cpu1 not measured yet\n"
			"thread 101 (demo): not measured yet\n");
	/* The run is over: the last sample has no demo threads. */
	struct sample_snap none;
	sample_snap_init(&none);
	model_sample(&m, &none);
	draw(&c, 36, 2, &m, false);
	expect_canvas(&c, "demo: no threads (2 cores)\n"
			  "cpu0 not measured yet\n");
	canvas_release(&c);
	model_release(&m);
}

/* More threads than rows: the busiest are shown, the rest summed. */
static void many_threads(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 0);
	double cores[2] = { 60, 40 }, pct[20];
	for (int i = 0; i < 20; i++)
		pct[i] = i == 7 ? 50 : i == 3 ? 30 : 1;
	model_cpus(&m, 2, cores);
	sample(&m, pct, 20, "w");
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 40, 7, &m, false);
	expect_canvas(&c, "demo: 98% of 200% (2 cores)\n"
			  "cpu0  [████████████████▎··········]  60%\n"
			  "cpu1  [██████████▊················]  40%\n"
			  "threads, busiest first\n"
			  "108 w [█████████████▌·············]  50%\n"
			  "104 w [████████▏··················]  30%\n"
			  "… 18 more threads using 18%\n");
	struct strbuf sb;
	strbuf_init(&sb);
	meters_text(&m, &sb);
	assert_non_null(strstr(sb.buf, "thread 108 (w): 50%\nthread 104 (w): 30%\nthread 101 (w): 1%\n"));
	assert_non_null(strstr(sb.buf, "... 4 more threads using 4%\n"));
	strbuf_release(&sb);
	canvas_release(&c);
	model_release(&m);
}

/* Down to one cell, nothing is drawn outside the rect and nothing crashes;
 * a narrow rect keeps the numbers without bars. */
static void small_rects(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 0);
	double cores[2] = { 10, 20 }, pct[2] = { 5, 15 };
	model_cpus(&m, 2, cores);
	sample(&m, pct, 2, "日本語のスレッド");
	struct canvas c;
	canvas_init(&c, 30, 8);
	struct rect inner = { 2, 1, 14, 5 };
	canvas_clear(&c, canvas_rect(&c), ST_TEXT);
	meters_draw(&c, inner, &m, NULL);
	for (int y = 0; y < 8; y++)
		for (int x = 0; x < 30; x++)
			if (x < 2 || x >= 16 || y < 1 || y >= 6)
				assert_int_equal(c.cells[y * 30 + x].ch, ' ');
	char *row = canvas_row(&c, 2);
	assert_string_equal(row, "  cpu0  10%");
	free(row);
	for (int w = 1; w < 12; w++)
		for (int h = 1; h < 6; h++)
			draw(&c, w, h, &m, true);
	canvas_release(&c);
	model_release(&m);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_sample),
		cmocka_unit_test(two_busy_threads),
		cmocka_unit_test(eighths_and_pause),
		cmocka_unit_test(measuring),
		cmocka_unit_test(many_threads),
		cmocka_unit_test(small_rects),
	};
	return cmocka_run_group_tests_name("meters", tests, NULL, NULL);
}
