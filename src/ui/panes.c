/* panes: the full-screen front end's drawing: layout, panes, status, popups (see tui.h). */
#include "tui.h"
#include "complete.h"
#include "rline.h"
#include "../run/run.h"
#include "../util/clock.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "../view/graph.h"
#include "../view/meters.h"
#include "../view/queueview.h"
#include "../view/timeline.h"
#include "../view/tree.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tui_layout(struct tui *t)
{
	int w = t->w, h = t->h;
	t->too_small = w < TUI_MIN_W || h < TUI_MIN_H;
	t->status = (struct rect){ 0, h - 2, w, 1 };
	t->input = (struct rect){ 0, h - 1, w, 1 };
	int body = h - 2;
	if (t->full_view) {
		t->view = (struct rect){ 0, 0, w, body };
		t->lesson = t->log = (struct rect){ 0, 0, 0, 0 };
	} else if (w >= 110) {
		int left = w / 2;
		/* Before the first run the view has nothing to show: the
		 * output (help, lists) gets its room until then. */
		int top = t->s->have_model ? body * 3 / 5 : 4;
		t->lesson = (struct rect){ 0, 0, left, body };
		t->view = (struct rect){ left + 1, 0, w - left - 1, top };
		t->log = (struct rect){ left + 1, top, w - left - 1, body - top };
	} else {
		/* The view gets the most room: it is what moves. The output
		 * keeps a few lines, enough for the demo's latest words. */
		int lesson = body / 3, log = body / 5 > 4 ? body / 5 : 4;
		int view = body - lesson - log;
		if (!t->s->have_model) { /* nothing to view yet: read and type */
			lesson = body / 2;
			view = 3;
			log = body - lesson - view;
		}
		t->lesson = (struct rect){ 0, 0, w, lesson };
		t->view = (struct rect){ 0, lesson, w, view };
		t->log = (struct rect){ 0, lesson + view, w, body - lesson - view };
	}
}

void tui_log(struct tui *t, enum style st, const char *text)
{
	size_t slot = (t->log_first + t->log_count) % TUI_LOG_LINES;
	if (t->log_count == TUI_LOG_LINES) {
		free(t->log_ring[t->log_first].text);
		t->log_first = (t->log_first + 1) % TUI_LOG_LINES;
		t->log_count--;
	}
	t->log_ring[slot] = (struct log_line){ xstrdup(text), st };
	t->log_count++;
	/* Someone scrolled back reading: keep their place as lines arrive. */
	if (t->log_scroll && t->log_scroll + 1 < t->log_count)
		t->log_scroll++;
	t->dirty = true;
}

void tui_render_lesson(struct tui *t, bool force)
{
	const struct session *s = t->s;
	int width = t->lesson.w - 2;
	if (width < 20)
		width = 20;
	if (!force && t->doc_lesson == s->lesson && t->doc_step == s->step && t->doc_width == width)
		return;
	doc_release(&t->doc);
	doc_init(&t->doc);
	if (s->lesson) {
		/* The introduction stays above the first step: it is where a
		 * student learns what the lesson is about. */
		if (s->step == 0) {
			lesson_render_intro_doc(s->lesson, width, &t->doc);
			doc_newline(&t->doc);
		}
		lesson_render_doc(s->lesson, s->step, width, &t->doc);
	}
	if (t->doc_lesson != s->lesson || t->doc_step != s->step)
		t->doc_scroll = 0;
	t->doc_lesson = s->lesson;
	t->doc_step = s->step;
	t->doc_width = width;
}

/* A pane's title bar: "── title ──────── right ─". */
static void title_bar(struct tui *t, struct rect r, const char *title, const char *right,
		      enum style right_style)
{
	struct canvas *c = &t->canvas;
	struct rect row = { r.x, r.y, r.w, 1 };
	canvas_clear(c, row, ST_BORDER);
	for (int x = 0; x < r.w; x++)
		canvas_set(c, row, x, 0, 0x2500, ST_BORDER);
	int n = canvas_text(c, row, 1, 0, " ", ST_BORDER);
	n += canvas_text(c, row, 1 + n, 0, title, ST_BORDER);
	canvas_text(c, row, 1 + n, 0, " ", ST_BORDER);
	if (right && *right) {
		int rw = text_width(right);
		if (rw + n + 6 < r.w) {
			canvas_text(c, row, r.w - rw - 2, 0, right, right_style);
			canvas_set(c, row, r.w - rw - 3, 0, ' ', ST_BORDER);
			canvas_set(c, row, r.w - 2, 0, ' ', ST_BORDER);
		}
	}
}

static struct rect below_title(struct rect r)
{
	return (struct rect){ r.x, r.y + 1, r.w, r.h > 1 ? r.h - 1 : 0 };
}

static void draw_lesson(struct tui *t)
{
	struct session *s = t->s;
	struct rect r = t->lesson;
	if (r.w <= 0 || r.h <= 0)
		return;
	char title[256];
	if (s->lesson)
		snprintf(title, sizeof title, "%s · step %zu of %zu", s->lesson->id, s->step + 1,
			 s->lesson->nsteps);
	else
		snprintf(title, sizeof title, "lockstep");
	struct rect body = below_title(r);
	body.x += 1;
	body.w -= 1;
	size_t lines = doc_nlines(&t->doc);
	size_t page = (size_t)(body.h > 0 ? body.h : 0);
	if (lines > page && t->doc_scroll > lines - page)
		t->doc_scroll = lines - page;
	if (lines <= page)
		t->doc_scroll = 0;
	char more[64] = "";
	if (lines > page)
		snprintf(more, sizeof more, "%s%zu%% PgUp/PgDn",
			 t->doc_scroll + page < lines ? "↓ " : "", (t->doc_scroll + page) * 100 / lines);
	title_bar(t, r, title, more, ST_DIM);
	if (s->lesson) {
		doc_draw(&t->canvas, body, &t->doc, t->doc_scroll);
	} else {
		static const char *const welcome[] = {
			"Welcome to lockstep.",
			"",
			"Type list to see the lessons, then open LESSON",
			"(for example: open fork). help lists the commands;",
			"F1 shows the keys.",
		};
		for (size_t i = 0; i < sizeof welcome / sizeof welcome[0]; i++)
			canvas_text(&t->canvas, body, 1, (int)i + 1, welcome[i], i ? ST_TEXT : ST_HEADING);
	}
}

/* Draw the current view in body; *where gets what the title should add
 * (which rows of a tall tree are shown). */
static void draw_view_body(struct tui *t, struct rect body, char *where, size_t size)
{
	struct session *s = t->s;
	struct run_model *m = &s->model;
	double now = m->now;
	if (!s->have_model) {
		canvas_text(&t->canvas, body, 1, 0, "No demo has run yet: type run, or run DEMO.", ST_DIM);
		return;
	}
	switch (s->view) {
	case VIEW_TREE: {
		struct tree_view_opts o = { .scroll = t->tree_scroll, .selected = t->tree_selected,
					    .expanded = t->expanded, .nexpanded = t->nexpanded };
		struct tree_drawn d = tree_draw(&t->canvas, body, m, &o);
		/* keep what the view clamped, so the cursor never runs off */
		t->tree_scroll = d.scroll;
		t->tree_selected = d.selected;
		if (d.rows > body.h && body.h > 0)
			snprintf(where, size, " · rows %d–%d of %d, Alt-↑↓", d.scroll + 1,
				 d.scroll + body.h < d.rows ? d.scroll + body.h : d.rows, d.rows);
		break;
	}
	case VIEW_METERS: {
		struct meters_opts o = { .paused = s->run && run_paused(s->run) };
		meters_draw(&t->canvas, body, m, &o);
		break;
	}
	case VIEW_GRAPH: {
		const struct series *list[6];
		size_t n = model_graph_series(m, list, 6);
		struct graph_opts o = { .window = 0 };
		if (!n) {
			canvas_text(&t->canvas, body, 1, 0, "(no metrics yet)", ST_DIM);
		} else if (list[0] == &m->usage_cpu && n > 1 && body.h >= 2 * GRAPH_MIN_H) {
			/* The sampler's own series: CPU % and counts do not share
			 * a scale, so each gets half of the pane. */
			struct rect top = { body.x, body.y, body.w, body.h / 2 };
			struct rect bottom = { body.x, body.y + top.h, body.w, body.h - top.h };
			graph_draw(&t->canvas, top, list, 1, now, &o);
			graph_draw(&t->canvas, bottom, list + 1, n - 1, now, &o);
		} else {
			graph_draw(&t->canvas, body, list, n, now, &o);
		}
		break;
	}
	case VIEW_TIMELINE: {
		struct timeline_opts o = { .window = 0 };
		timeline_draw(&t->canvas, body, m, now, &o);
		break;
	}
	case VIEW_QUEUE:
		queueview_draw(&t->canvas, body, m, now);
		break;
	case VIEW_COUNT:
		break;
	}
}

static void draw_view(struct tui *t)
{
	struct session *s = t->s;
	struct rect r = t->view;
	if (r.w <= 0 || r.h <= 0)
		return;
	char title[192], right[64] = "", where[96] = "";
	/* The body first: the title says which part of it is shown. */
	draw_view_body(t, below_title(r), where, sizeof where);
	snprintf(title, sizeof title, "%s%s%s", session_view_name(s->view), where,
		 t->full_view ? " (F4: back)" : "");
	enum style rs = ST_DIM;
	if (s->run && run_paused(s->run)) {
		snprintf(right, sizeof right, "paused: F2 resumes");
		rs = ST_PAUSED;
	} else if (s->run) {
		snprintf(right, sizeof right, "%s · %.0f Hz", run_name(s->run), 1000.0 / s->sample_ms);
	} else if (s->have_model) {
		snprintf(right, sizeof right, "last run");
	}
	title_bar(t, r, title, right, rs);
}

static void draw_log(struct tui *t)
{
	struct rect r = t->log;
	if (r.w <= 0 || r.h <= 0)
		return;
	char right[64] = "";
	if (t->log_scroll)
		snprintf(right, sizeof right, "%zu lines back · Shift-↓", t->log_scroll);
	title_bar(t, r, "output", right, ST_DIM);
	struct rect body = below_title(r);
	/* The newest line at the bottom, log_scroll lines back; a long line
	 * wraps onto as many rows as it needs, so nothing said is cut off. */
	if (t->log_scroll > t->log_count)
		t->log_scroll = t->log_count;
	int avail = body.w - 1, y = body.h;
	if (avail < 1)
		return;
	for (size_t i = t->log_count - t->log_scroll; i-- > 0 && y > 0;) {
		const struct log_line *l = &t->log_ring[(t->log_first + i) % TUI_LOG_LINES];
		/* Split into rows first: they are drawn bottom up. */
		const char *rows[64];
		size_t lens[64], n = 0;
		const char *p = l->text;
		do {
			size_t k = text_width(p) <= avail ? strlen(p) : text_fit(p, avail);
			if (!k)
				k = strlen(p); /* a character wider than the pane: clipped */
			rows[n] = p;
			lens[n++] = k;
			p += k;
		} while (*p && n < 64);
		for (size_t r = n; r-- > 0 && y > 0;)
			canvas_textn(&t->canvas, body, 1, --y, rows[r], lens[r], l->st);
	}
}

static void draw_status(struct tui *t)
{
	struct session *s = t->s;
	struct rect r = t->status;
	canvas_clear(&t->canvas, r, ST_STATUS);
	struct strbuf left;
	strbuf_init(&left);
	if (s->lesson)
		strbuf_addf(&left, " %s %zu/%zu", s->lesson->id, s->step + 1, s->lesson->nsteps);
	else
		strbuf_addstr(&left, " no lesson");
	if (s->run) {
		double secs = (double)(clock_now_ns() - run_start_ns(s->run)) / 1e9;
		strbuf_addf(&left, " │ %s %s %.1f s", run_paused(s->run) ? "‖ paused" : "▶ running",
			    run_name(s->run), secs);
		for (size_t i = 0; i < s->run_args.nr; i++)
			strbuf_addf(&left, " %s", s->run_args.items[i]);
	} else if (s->have_model) {
		strbuf_addf(&left, " │ ■ %s", s->last_result);
	}
	strbuf_addf(&left, " │ %s", session_view_name(s->view));
	static const char keys[] = "F1 help  F2 pause  F3 view  F4 full  ^C stop ";
	int kw = text_width(keys);
	int lw = canvas_text(&t->canvas, r, 0, 0, left.buf, ST_STATUS);
	if (lw + kw + 2 <= r.w)
		canvas_text(&t->canvas, r, r.w - kw, 0, keys, ST_STATUS_KEY);
	strbuf_release(&left);
}

/* The input line: the prompt and readline's buffer, scrolled so the cursor
 * stays in sight. */
static void draw_input(struct tui *t, int *cx, int *cy)
{
	struct rect r = t->input;
	canvas_clear(&t->canvas, r, ST_TEXT);
	const char *prompt = rline_prompt(), *buf = rline_buffer();
	int pw = text_width(prompt);
	int before = text_width_n(buf, (size_t)rline_cursor());
	int room = r.w - pw - 1;
	int skip = 0; /* columns of the line scrolled off to the left */
	if (room > 4 && before > room)
		skip = before - room;
	canvas_text(&t->canvas, r, 0, 0, prompt, ST_BOLD);
	/* draw from the first character that starts at or after skip */
	size_t off = text_fit(buf, skip);
	int shift = text_width_n(buf, off) - skip;
	canvas_text(&t->canvas, r, pw + shift, 0, buf + off, ST_TEXT);
	*cx = r.x + pw + before - skip;
	*cy = r.y;
}

/* Readline's candidates, listed above the input line. */
static void draw_matches(struct tui *t)
{
	int n;
	char **m = rline_matches(&n);
	if (!m)
		return;
	int rows = n < t->h - 4 ? n : t->h - 4;
	int width = 0;
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < rows; i++) {
		strbuf_reset(&sb);
		complete_describe(rline_buffer(), m[i], &sb);
		int w = text_width(sb.buf);
		if (w > width)
			width = w;
	}
	width += 2;
	if (width > t->w)
		width = t->w;
	struct rect box = { 0, t->input.y - rows - (rows < n), width, rows + (rows < n) };
	canvas_clear(&t->canvas, box, ST_POPUP);
	for (int i = 0; i < rows; i++) {
		strbuf_reset(&sb);
		complete_describe(rline_buffer(), m[i], &sb);
		canvas_text(&t->canvas, box, 1, i, sb.buf, ST_POPUP);
	}
	if (rows < n) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "… %d more", n - rows);
		canvas_text(&t->canvas, box, 1, rows, sb.buf, ST_POPUP);
	}
	strbuf_release(&sb);
}

static void draw_help(struct tui *t)
{
	static const char *const lines[] = {
		"Keys (they work while a demo runs)",
		"",
		"  F1 / Alt-h      this help (any key closes it)",
		"  F2              pause or resume the demo (every process stops)",
		"  F3              next view: tree, meters, graph, timeline, queue",
		"  Alt-1 .. Alt-5  a view by number",
		"  F4              the view on the whole screen (for a projector)",
		"  F7 / F8         previous / next step of the lesson",
		"  PgUp / PgDn     scroll the lesson",
		"  Shift-↑ / ↓     scroll the output",
		"  Alt-↑ / Alt-↓   move through the tree; Alt-→ / Alt-← show or",
		"                  fold a process's threads",
		"  Ctrl-C          stop the demo (or clear the line)",
		"  Ctrl-Z          suspend lockstep (fg brings it back)",
		"  Tab             complete commands, lessons, demos, KEY=",
		"  Ctrl-L          redraw the screen",
		"",
		"Commands: help, list, open, next, prev, step, show, run, stop,",
		"pause, resume, tree, view, rate, theme, params, hint, answer,",
		"check, quit. Type help COMMAND for one.",
	};
	int n = (int)(sizeof lines / sizeof lines[0]);
	int w = 0;
	for (int i = 0; i < n; i++)
		if (text_width(lines[i]) > w)
			w = text_width(lines[i]);
	w += 4;
	if (w > t->w)
		w = t->w;
	int h = n + 2 < t->h ? n + 2 : t->h;
	struct rect box = { (t->w - w) / 2, (t->h - h) / 2, w, h };
	canvas_clear(&t->canvas, box, ST_POPUP);
	for (int i = 0; i < n && i + 1 < h; i++)
		canvas_text(&t->canvas, box, 2, i + 1, lines[i], i ? ST_POPUP : ST_HEADING);
}

void tui_draw(struct tui *t, int *cx, int *cy)
{
	struct canvas *c = &t->canvas;
	if (c->w != t->w || c->h != t->h)
		canvas_resize(c, t->w, t->h);
	canvas_clear(c, canvas_rect(c), ST_TEXT);
	tui_layout(t); /* cheap, and the first run changes it */
	if (t->too_small) {
		char msg[128];
		snprintf(msg, sizeof msg, "lockstep needs at least %d×%d; this terminal is %d×%d",
			 TUI_MIN_W, TUI_MIN_H, t->w, t->h);
		struct rect all = canvas_rect(c);
		int w = text_width(msg);
		canvas_text(c, all, w < t->w ? (t->w - w) / 2 : 0, t->h / 2, msg, ST_ERROR);
		*cx = *cy = -1;
		return;
	}
	tui_render_lesson(t, false);
	draw_lesson(t);
	if (t->lesson.w > 0 && t->view.x > 0) /* the divider of the wide layout */
		for (int y = 0; y < t->lesson.h; y++)
			canvas_set(c, canvas_rect(c), t->lesson.w, y, y ? 0x2502 : 0x252C, ST_BORDER);
	draw_view(t);
	draw_log(t);
	draw_status(t);
	draw_input(t, cx, cy);
	draw_matches(t);
	if (t->help) {
		draw_help(t);
		*cx = *cy = -1;
	}
}
