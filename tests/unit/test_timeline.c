/* test_timeline: task lanes, the waiting row, the axis and the plain rows,
 * from run models fed task events by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe/event.h"
#include "util/strbuf.h"
#include "view/canvas.h"
#include "expect_canvas.h"
#include "view/model.h"
#include "view/timeline.h"

#define START_US 1000000u

/* Thread tid reports task id at t seconds into the run. */
static void task(struct run_model *m, enum event_kind kind, double t, pid_t tid, long id,
		 const char *label)
{
	struct event ev;
	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.time_us = START_US + (uint64_t)(t * 1e6 + 0.5);
	ev.pid = 500;
	ev.tid = tid;
	ev.id = id;
	ev.text = label;
	model_event(m, &ev);
}

static void expect_text(const struct run_model *m, double now, const char *want)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "> "); /* appended, not overwritten */
	timeline_text(m, now, &sb);
	if (strncmp(sb.buf, "> ", 2) || strcmp(sb.buf + 2, want))
		fail_msg("got:\n%s\nexpected:\n> %s", sb.buf, want);
	strbuf_release(&sb);
}

static void draw(struct canvas *c, int w, int h, const struct run_model *m, double now,
		 double window)
{
	struct timeline_opts o = { .window = window };
	canvas_resize(c, w, h);
	timeline_draw(c, canvas_rect(c), m, now, &o);
}

static void no_tasks(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 40, 2, &m, 1, 0);
	expect_canvas(&c, "(this demo reports no tasks)\n\n");
	draw(&c, 10, 1, &m, 1, 0);
	expect_canvas(&c, "(this dem…\n");
	expect_text(&m, 1, "(this demo reports no tasks)\n");
	canvas_release(&c);
	model_release(&m);
}

/* Two workers, four tasks over two seconds: one cell is a tenth of a second. */
static void two_workers(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	task(&m, EVENT_TASK_BEGIN, 0.0, 11, 1, NULL);
	task(&m, EVENT_TASK_BEGIN, 0.0, 12, 2, NULL);
	task(&m, EVENT_TASK_END, 0.5, 11, 1, NULL);
	task(&m, EVENT_TASK_BEGIN, 0.5, 11, 3, "resize a.png");
	task(&m, EVENT_TASK_END, 1.0, 12, 2, NULL);
	task(&m, EVENT_TASK_END, 1.5, 11, 3, NULL);
	task(&m, EVENT_TASK_BEGIN, 1.5, 12, 4, NULL);
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 26, 4, &m, 2.0, 0);
	expect_canvas(&c, "tasks: 3 done, 1 running,…\n"
			  "w1 11 ▐████▐█████████\n"
			  "w2 12 ▐█████████     ▐████\n"
			  "     └0s        1s      2s\n");
	/* Each task its own colour: task 1 series 2 (K), task 3 series 4 (M). */
	char *st = canvas_row_styles(&c, 1);
	assert_string_equal(st, "bbbbbaKKKKKMMMMMMMMMMaaaaa");
	free(st);
	expect_text(&m, 2.0,
		    "worker 1 (tid 11): task 1 0.00–0.50 s, resize a.png 0.50–1.50 s\n"
		    "worker 2 (tid 12): task 2 0.00–1.00 s, task 4 1.50–2.00 s (running)\n");
	canvas_release(&c);
	model_release(&m);
}

/* Tasks queued before a worker takes them show on the queue row. */
static void waiting_row(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	for (long id = 1; id <= 4; id++)
		task(&m, EVENT_TASK_QUEUED, 0.0, 10, id, NULL);
	task(&m, EVENT_TASK_BEGIN, 0.0, 11, 1, NULL);
	task(&m, EVENT_TASK_END, 0.5, 11, 1, NULL);
	task(&m, EVENT_TASK_BEGIN, 0.5, 11, 2, NULL);
	task(&m, EVENT_TASK_END, 1.0, 11, 2, NULL);
	task(&m, EVENT_TASK_BEGIN, 1.0, 11, 3, NULL);
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 26, 3, &m, 1.5, 0);
	/* No room for the queue row: the lane and the axis win. */
	expect_canvas(&c, "tasks: 2 done, 1 running,…\n"
			  "w1 11 ▐█████▐██████▐██████\n"
			  "     └0.0s  0.5s   1.0s\n");
	draw(&c, 26, 4, &m, 1.5, 0);
	/* Three wait until 0.5 s, two until 1 s, one after: ▓ ▒ ░ as the
	 * queue drains (a cell is 0.075 s; one holding a change shows the
	 * most it saw). */
	expect_canvas(&c, "tasks: 2 done, 1 running,…\n"
			  "w1 11 ▐█████▐██████▐██████\n"
			  "queue ▓▓▓▓▓▓▓▒▒▒▒▒▒▒░░░░░░\n"
			  "     └0.0s  0.5s   1.0s\n");
	expect_text(&m, 1.5,
		    "worker 1 (tid 11): task 1 0.00–0.50 s, task 2 0.50–1.00 s, task 3 1.00–1.50 s (running)\n"
		    "waited: task 1 0.00–0.00 s, task 2 0.00–0.50 s, task 3 0.00–1.00 s, "
		    "task 4 0.00–1.50 s (still waiting)\n");
	canvas_release(&c);
	model_release(&m);
}

/* More workers than rows; a window that scrolls; tiny rects. */
static void many_workers_and_window(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	for (int w = 0; w < 6; w++) {
		task(&m, EVENT_TASK_BEGIN, 0.1 * w, 20 + w, w + 1, NULL);
		task(&m, EVENT_TASK_END, 1.0 + w, 20 + w, w + 1, NULL);
	}
	struct canvas c;
	canvas_init(&c, 1, 1);
	draw(&c, 30, 5, &m, 6.0, 0);
	expect_canvas(&c, "tasks: 6 done, 0 running, 0 w…\n"
			  "w1 20 ▐███\n"
			  "w2 21 ▐███████\n"
			  "… 4 more workers\n"
			  "     └0s  1s  2s  3s 4s  5s 6s\n");
	/* The last two seconds: only the long tasks reach into them, from
	 * the left edge. */
	draw(&c, 30, 8, &m, 6.0, 2.0);
	char *row = canvas_row(&c, 6);
	assert_string_equal(row, "w6 25 ████████████████████████");
	free(row);
	row = canvas_row(&c, 1);
	assert_string_equal(row, "w1 20");
	free(row);
	for (int w = 1; w < 14; w++)
		for (int h = 1; h < 5; h++)
			draw(&c, w, h, &m, 6.0, 0);
	canvas_release(&c);
	model_release(&m);
}

/* Never outside the rect, even with wide labels around it. */
static void inside_rect(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, START_US);
	task(&m, EVENT_TASK_BEGIN, 0.0, 11, 1, "画像を縮小");
	struct canvas c;
	canvas_init(&c, 30, 8);
	canvas_clear(&c, canvas_rect(&c), ST_TEXT);
	struct rect r = { 3, 2, 20, 4 };
	timeline_draw(&c, r, &m, 3.0, NULL);
	for (int y = 0; y < 8; y++)
		for (int x = 0; x < 30; x++)
			if (x < 3 || x >= 23 || y < 2 || y >= 6)
				assert_int_equal(c.cells[y * 30 + x].ch, ' ');
	expect_text(&m, 3.0, "worker 1 (tid 11): 画像を縮小 0.00–3.00 s (running)\n");
	canvas_release(&c);
	model_release(&m);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_tasks),
		cmocka_unit_test(two_workers),
		cmocka_unit_test(waiting_row),
		cmocka_unit_test(many_workers_and_window),
		cmocka_unit_test(inside_rect),
	};
	return cmocka_run_group_tests_name("timeline", tests, NULL, NULL);
}
