/* test_queueview: queue bars, their histories and the plain lines, from
 * run models fed queue events by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe/event.h"
#include "util/strbuf.h"
#include "view/canvas.h"
#include "expect_canvas.h"
#include "view/model.h"
#include "view/queueview.h"

#define START_US 1000000u

/* The demo reports queue name at t seconds into the run. */
static void report(struct run_model *m, const char *name, double t, long depth, long capacity)
{
	struct event ev;
	memset(&ev, 0, sizeof ev);
	ev.kind = EVENT_QUEUE;
	ev.time_us = START_US + (uint64_t)(t * 1e6 + 0.5);
	snprintf(ev.name, sizeof ev.name, "%s", name);
	ev.depth = depth;
	ev.capacity = capacity;
	model_event(m, &ev);
}

static void expect_text(const struct run_model *m, const char *want)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "> "); /* appended, not overwritten */
	queueview_text(m, &sb);
	if (strncmp(sb.buf, "> ", 2) || strcmp(sb.buf + 2, want))
		fail_msg("got:\n%s\nexpected:\n> %s", sb.buf, want);
	strbuf_release(&sb);
}

static void draw(struct canvas *c, int w, int h, const struct run_model *m)
{
	canvas_resize(c, w, h);
	queueview_draw(c, canvas_rect(c), m, m->now);
}

static void no_queue(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 40, 2, &m);
	expect_canvas(&c, "(this demo reports no queue)\n\n");
	expect_styles(&c, 0, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbaaaaaaaaaaaa");
	draw(&c, 12, 1, &m);
	expect_canvas(&c, "(this demo…\n");
	expect_text(&m, "(this demo reports no queue)\n");
	canvas_release(&c);
	model_release(&m);
}

static void bounded_bar(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	struct canvas c;
	canvas_init(&c, 1, 1);
	/* one row: the bar alone; "jobs " + 18 cells + " 4 of 8" */
	report(&m, "jobs", 0, 0, 8);
	draw(&c, 30, 1, &m);
	expect_canvas(&c, "jobs ░░░░░░░░░░░░░░░░░░ 0 of 8\n");
	expect_styles(&c, 0, "ccccabbbbbbbbbbbbbbbbbbaaaaaaa");
	expect_text(&m, "queue jobs: 0 of 8  [........]  max 0\n");

	report(&m, "jobs", 1, 4, 8);
	draw(&c, 30, 1, &m);
	expect_canvas(&c, "jobs █████████░░░░░░░░░ 4 of 8\n");
	expect_styles(&c, 0, "ccccaGGGGGGGGGbbbbbbbbbaaaaaaa");
	expect_text(&m, "queue jobs: 4 of 8  [####....]  max 4\n");

	report(&m, "jobs", 2, 8, 8);
	draw(&c, 30, 1, &m);
	expect_canvas(&c, "jobs ██████████████████ 8 of 8\n");
	expect_styles(&c, 0, "ccccaHHHHHHHHHHHHHHHHHHaaaaaaa"); /* full: the high style */
	expect_text(&m, "queue jobs: 8 of 8  [########]  max 8\n");

	/* back to half: the max stays */
	report(&m, "jobs", 3, 4, 8);
	expect_text(&m, "queue jobs: 4 of 8  [####....]  max 8\n");
	canvas_release(&c);
	model_release(&m);
}

static void bar_never_rounds_to_empty_or_full(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	struct canvas c;
	canvas_init(&c, 1, 1);
	report(&m, "big", 0, 1, 1000);
	draw(&c, 24, 1, &m);
	expect_canvas(&c, "big █░░░░░░░░░ 1 of 1000\n");
	report(&m, "big", 1, 999, 1000);
	draw(&c, 24, 1, &m);
	expect_canvas(&c, "big ███████░ 999 of 1000\n");
	/* in text the bar is scaled past 40 characters */
	expect_text(&m, "queue big: 999 of 1000  [#######################################.]  max 999\n");
	canvas_release(&c);
	model_release(&m);
}

static void unbounded_bar(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	struct canvas c;
	canvas_init(&c, 1, 1);
	/* nothing yet deeper than 0: nothing to scale to */
	report(&m, "log", 0, 0, 0);
	draw(&c, 40, 1, &m);
	expect_canvas(&c, "log ░░░░░░░░░░░░░░░ 0 (unbounded, max 0)\n");
	expect_text(&m, "queue log: 0 (unbounded)  [.]  max 0\n");

	/* scaled to the deepest seen */
	report(&m, "log", 1, 8, 0);
	draw(&c, 40, 1, &m);
	expect_canvas(&c, "log ███████████████ 8 (unbounded, max 8)\n");
	expect_styles(&c, 0, "cccaGGGGGGGGGGGGGGGaaaaaaaaaaaaaaaaaaaaa"); /* never "high" */
	expect_text(&m, "queue log: 8 (unbounded)  [########]  max 8\n");

	report(&m, "log", 2, 4, 0);
	draw(&c, 40, 1, &m);
	expect_canvas(&c, "log ████████░░░░░░░ 4 (unbounded, max 8)\n");
	expect_text(&m, "queue log: 4 (unbounded)  [####....]  max 8\n");

	report(&m, "log", 3, 0, 0);
	draw(&c, 40, 1, &m);
	expect_canvas(&c, "log ░░░░░░░░░░░░░░░ 0 (unbounded, max 8)\n");
	expect_text(&m, "queue log: 0 (unbounded)  [........]  max 8\n");
	canvas_release(&c);
	model_release(&m);
}

static void two_queues_with_history(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	for (int i = 0; i <= 8; i++)
		report(&m, "jobs", i * 0.5, i < 5 ? i : 8 - i, 8);
	for (int i = 0; i <= 6; i++)
		report(&m, "results", i, i % 4, 0);
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 40, 14, &m);
	/* each gets 7 rows: the bar, then its history up to the bar's end
	 * (the capacity 8; for the unbounded one the deepest, 3) */
	expect_canvas(&c,
		"jobs ░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 0 of 8\n"
		"● jobs 0 items\n"
		"8┤\n"
		" │\n"
		"4┤      ⣀⡠⠤⠒⠒⠉⠉⠉⠒⠒⠢⠤⢄⣀\n"
		"0┤⣀⠤⠔⠒⠉⠉              ⠉⠑⠒⠤⢄⡀\n"
		" └0s    1s    2s     3s    4s    5s   6s\n"
		"results ███████░░░░ 2 (unbounded, max 3)\n"
		"● results 2 items\n"
		"   3┤             ⢀⡠⠤⠒⠉⢆\n"
		"    │         ⣀⠤⠒⠊⠁     ⠱⡀           ⣀⠤⠒\n"
		"1.50┤    ⢀⡠⠤⠒⠉           ⠈⢆     ⢀⡠⠤⠒⠉\n"
		"   0┤⣀⠤⠒⠉⠁                 ⠱⣀⠤⠒⠉⠁\n"
		"    └0s    1s   2s    3s    4s    5s  6s\n");
	expect_styles(&c, 7, "cccccccaGGGGGGGbbbbaaaaaaaaaaaaaaaaaaaaa");
	expect_styles(&c, 4, "IIaaaaaaJJJJJJJJJJJJJJaaaaaaaaaaaaaaaaaa");
	expect_text(&m,
		"queue jobs: 0 of 8  [........]  max 4\n"
		"queue results: 2 (unbounded)  [##.]  max 3\n");

	/* an odd row count: the spare row goes to the last queue */
	draw(&c, 40, 3, &m);
	expect_canvas(&c,
		"jobs ░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 0 of 8\n"
		"results ███████░░░░ 2 (unbounded, max 3)\n"
		"results 2 items (0–3)\n");
	/* fewer rows than queues: the first ones */
	draw(&c, 40, 1, &m);
	expect_canvas(&c, "jobs ░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 0 of 8\n");
	canvas_release(&c);
	model_release(&m);
}

static void narrow_and_wide(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	report(&m, "任务", 0, 3, 4);
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 20, 1, &m);
	expect_canvas(&c, "任务 ██████░░ 3 of 4\n");
	expect_styles(&c, 0, "ccccaGGGGGGbbaaaaaaa");
	expect_text(&m, "queue 任务: 3 of 4  [###.]  max 3\n");
	/* no room for a bar of 3: the words and numbers, cut with "…" */
	draw(&c, 13, 1, &m);
	expect_canvas(&c, "任务 3 of 4\n");
	draw(&c, 9, 1, &m);
	expect_canvas(&c, "任务 3 o…\n");
	draw(&c, 3, 1, &m);
	expect_canvas(&c, "任…\n");
	draw(&c, 2, 1, &m);
	expect_canvas(&c, "…\n");
	draw(&c, 1, 1, &m);
	expect_canvas(&c, "…\n");
	canvas_release(&c);
	model_release(&m);
}

/* At every size, inside a bigger canvas: nothing outside the rect. */
static void every_size_stays_inside(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	for (int i = 0; i <= 20; i++) {
		report(&m, "任务队列", i * 0.3, i % 9, 8);
		report(&m, "results", i * 0.3, i, 0);
	}
	struct canvas c;
	canvas_init(&c, 60, 30);
	for (int w = 0; w <= 56; w++)
		for (int h = 0; h <= 26; h++) {
			for (int i = 0; i < c.w * c.h; i++)
				c.cells[i] = (struct cell){ '#', ST_ERROR };
			struct rect r = { 2, 2, w, h };
			queueview_draw(&c, r, &m, m.now);
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
	model_release(&m);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_queue),
		cmocka_unit_test(bounded_bar),
		cmocka_unit_test(bar_never_rounds_to_empty_or_full),
		cmocka_unit_test(unbounded_bar),
		cmocka_unit_test(two_queues_with_history),
		cmocka_unit_test(narrow_and_wide),
		cmocka_unit_test(every_size_stays_inside),
	};
	return cmocka_run_group_tests_name("queueview", tests, NULL, NULL);
}
