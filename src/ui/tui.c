/* tui: the full-screen front end's loop, keys, signals and hooks (see ui.h, tui.h). */
#define _GNU_SOURCE /* kill, getpid with SIGSTOP for Ctrl-Z */
#include "ui.h"
#include "complete.h"
#include "history.h"
#include "rline.h"
#include "term.h"
#include "tui.h"
#include "../cmd/cmd.h"
#include "../loop/loop.h"
#include "../run/run.h"
#include "../util/clock.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"
#include "../view/tree.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Frames are rate-limited; input never is (a key redraws at once). */
#define FRAME_MS 33

static struct tui *the_tui;

static void frame(struct tui *t)
{
	int cx, cy;
	tui_draw(t, &cx, &cy);
	term_show(&t->canvas, cx, cy);
	t->dirty = false;
	t->last_frame_ns = clock_now_ns();
}

static void resize(struct tui *t)
{
	term_size(&t->w, &t->h);
	tui_layout(t);
	term_invalidate();
	t->dirty = true;
}

/* ---- session hooks ---- */

static void on_line_out(void *ctx, enum out_kind kind, const char *text)
{
	static const enum style styles[] = {
		[OUT_TEXT] = ST_TEXT, [OUT_ERROR] = ST_ERROR, [OUT_DEMO] = ST_DEMO,
		[OUT_EVENT] = ST_DIM, [OUT_NOTICE] = ST_NOTICE, [OUT_TREE] = ST_TREE,
		[OUT_SAY] = ST_BOLD,
	};
	tui_log(ctx, styles[kind], text);
}

static void on_show_step(void *ctx)
{
	struct tui *t = ctx;
	tui_render_lesson(t, true);
	t->doc_scroll = 0;
	t->dirty = true;
}

static int on_theme(void *ctx, const char *name, struct strbuf *err)
{
	struct tui *t = ctx;
	struct theme th;
	if (theme_load(&th, t->themes_dir, name, err) < 0)
		return -1;
	if (!term_has_colour())
		theme_monochrome(&th);
	t->theme = th;
	term_set_theme(&t->theme);
	t->dirty = true;
	return 0;
}

static char *prompt_text(const struct session *s)
{
	if (s->lesson)
		return xasprintf("%s %zu/%zu> ", s->lesson->id, s->step + 1, s->lesson->nsteps);
	return xstrdup("lockstep> ");
}

static void update_prompt(struct tui *t)
{
	char *p = prompt_text(t->s);
	if (strcmp(p, rline_prompt()))
		rline_set_prompt(p);
	free(p);
}

/* ---- readline hooks ---- */

static void on_entered(char *line)
{
	struct tui *t = the_tui;
	if (!line) { /* Ctrl-D on an empty line */
		t->s->quit = true;
		return;
	}
	history_note(line);
	/* echo the command into the output, as a terminal would */
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s%s", rline_prompt(), line);
	tui_log(t, ST_BOLD, sb.buf);
	strbuf_release(&sb);
	t->log_scroll = 0;
	cmd_execute(t->s, line);
	free(line);
	update_prompt(t);
	t->dirty = true;
}

static void on_changed(void)
{
	the_tui->dirty = true;
}

static void on_redraw_all(void)
{
	term_invalidate();
	the_tui->dirty = true;
}

/* ---- keys ---- */

static void next_view(struct tui *t, int step)
{
	struct session *s = t->s;
	s->view = (enum view_kind)(((int)s->view + step + VIEW_COUNT) % VIEW_COUNT);
}

static void toggle_expanded(struct tui *t, pid_t pid, bool open)
{
	size_t i;
	for (i = 0; i < t->nexpanded && t->expanded[i] != pid; i++)
		;
	if (open && i == t->nexpanded && t->nexpanded < sizeof t->expanded / sizeof t->expanded[0])
		t->expanded[t->nexpanded++] = pid;
	else if (!open && i < t->nexpanded)
		t->expanded[i] = t->expanded[--t->nexpanded];
}

static void step_to(struct tui *t, const char *command)
{
	cmd_execute(t->s, command);
	update_prompt(t);
}

static void on_key(struct tui *t, int key, wint_t alt)
{
	struct session *s = t->s;
	if (t->help) { /* any key closes the help */
		t->help = false;
		t->dirty = true;
		return;
	}
	t->dirty = true;
	switch (key) {
	case TK_F1:
		t->help = true;
		return;
	case TK_ALT_OTHER:
		if (alt == 'h') {
			t->help = true;
			return;
		}
		break;
	case TK_F2:
		if (s->run)
			run_pause(s->run, !run_paused(s->run));
		else
			tui_log(t, ST_ERROR, "no demo is running, so there is nothing to pause");
		return;
	case TK_F3:
		next_view(t, 1);
		return;
	case TK_ALT_1: case TK_ALT_2: case TK_ALT_3: case TK_ALT_4: case TK_ALT_5:
		s->view = (enum view_kind)(key - TK_ALT_1);
		return;
	case TK_F4:
		t->full_view = !t->full_view;
		tui_layout(t);
		return;
	case TK_F7:
		step_to(t, "prev");
		return;
	case TK_F8:
		step_to(t, "next");
		return;
	case TK_PGUP: {
		size_t page = t->lesson.h > 3 ? (size_t)t->lesson.h - 2 : 1;
		t->doc_scroll = t->doc_scroll > page ? t->doc_scroll - page : 0;
		return;
	}
	case TK_PGDN:
		t->doc_scroll += t->lesson.h > 3 ? (size_t)t->lesson.h - 2 : 1;
		return; /* clamped when drawn */
	case TK_SHIFT_UP: case TK_CTRL_UP:
		if (t->log_scroll + 1 < t->log_count)
			t->log_scroll++;
		return;
	case TK_SHIFT_DOWN: case TK_CTRL_DOWN:
		if (t->log_scroll)
			t->log_scroll--;
		return;
	case TK_ALT_UP:
		if (t->tree_selected > 0)
			t->tree_selected--;
		s->view = VIEW_TREE;
		return;
	case TK_ALT_DOWN:
		t->tree_selected++; /* clamped by the next draw */
		s->view = VIEW_TREE;
		return;
	case TK_ALT_RIGHT: case TK_ALT_LEFT: {
		pid_t pid = tree_selected_pid(&s->model, t->tree_selected, t->expanded, t->nexpanded);
		if (pid > 0)
			toggle_expanded(t, pid, key == TK_ALT_RIGHT);
		return;
	}
	}
	rline_key(key, (int)alt);
	update_prompt(t);
}

static void on_input(void *ctx, int fd)
{
	(void)fd;
	struct tui *t = ctx;
	wint_t alt = 0;
	int key;
	bool any = false;
	while ((key = term_key(&alt)) != TK_NONE) {
		on_key(t, key, alt);
		any = true;
	}
	/* A key is drawn at once: echo must never wait for a frame. */
	if (any && !t->s->quit)
		frame(t);
}

/* ---- signals ---- */

static void suspend(struct tui *t)
{
	term_suspend();
	/* Stop for real; the shell's fg sends SIGCONT and we go on here. */
	kill(getpid(), SIGSTOP);
	term_resume();
	resize(t);
}

static void on_signal(void *ctx, int sig)
{
	struct tui *t = ctx;
	struct session *s = t->s;
	switch (sig) {
	case SIGCHLD:
		session_on_sigchld(s);
		break;
	case SIGINT: /* Ctrl-C: stop the demo, or clear the line */
		if (!session_interrupt(s))
			rline_clear();
		break;
	case SIGWINCH:
		resize(t);
		break;
	case SIGTSTP:
		suspend(t);
		break;
	case SIGCONT: /* continued after a stop we did not ask for */
		resize(t);
		break;
	default: /* SIGTERM, SIGHUP */
		s->quit = true;
		t->exit_status = 128 + sig;
		break;
	}
	t->dirty = true;
}

/* Redraw while a run goes: the views follow the sampler. */
static long on_tick(void *ctx)
{
	struct tui *t = ctx;
	if (t->s->run)
		t->dirty = true;
	return t->s->sample_ms;
}

int ui_tui_run(struct session *s, const char *themes_dir, const char *theme_name)
{
	struct tui *t = xcalloc(1, sizeof *t);
	the_tui = t;
	t->s = s;
	t->themes_dir = xstrdup(themes_dir);
	doc_init(&t->doc);
	canvas_init(&t->canvas, 0, 0);
	t->tree_selected = -1;
	struct strbuf err;
	strbuf_init(&err);
	int rc = theme_load(&t->theme, themes_dir, theme_name, &err);
	if (term_open() < 0) {
		fprintf(stderr, "lockstep: cannot use this terminal full-screen; try --plain\n");
		strbuf_release(&err);
		canvas_release(&t->canvas);
		doc_release(&t->doc);
		free(t->themes_dir);
		free(t);
		return 1;
	}
	if (rc < 0) { /* say why, and go on without colours */
		theme_parse(&t->theme, "none", "", "", &err);
		tui_log(t, ST_ERROR, err.buf);
	}
	if (!term_has_colour())
		theme_monochrome(&t->theme);
	term_set_theme(&t->theme);
	strbuf_release(&err);

	s->out = (struct session_output){ .ctx = t, .line = on_line_out, .show_step = on_show_step,
					  .set_theme = on_theme };
	s->full_screen = true;
	s->live_tree = false;
	static const int sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP, SIGCONT, 0 };
	loop_watch_signals(s->loop, sigs, on_signal, t);
	signal(SIGPIPE, SIG_IGN);

	history_load();
	complete_install(s);
	char *p = prompt_text(s);
	rline_start(p, &(struct rline_hooks){ .line = on_entered, .changed = on_changed,
					      .redraw_all = on_redraw_all });
	free(p);
	loop_watch_fd(s->loop, STDIN_FILENO, on_input, t);
	int tick = loop_add_timer(s->loop, s->sample_ms, on_tick, t);
	resize(t);
	tui_log(t, ST_DIM, "lockstep: list shows the lessons, open LESSON starts one; F1 shows the keys.");
	frame(t);

	while (!s->quit) {
		long wait = -1;
		if (t->dirty) {
			uint64_t since = (clock_now_ns() - t->last_frame_ns) / 1000000u;
			wait = since >= FRAME_MS ? 0 : (long)(FRAME_MS - since);
		}
		loop_run_once(s->loop, wait);
		if (t->dirty && (clock_now_ns() - t->last_frame_ns) / 1000000u >= FRAME_MS)
			frame(t);
	}

	loop_cancel_timer(s->loop, tick);
	loop_unwatch_fd(s->loop, STDIN_FILENO);
	session_shutdown(s, 5000);
	rline_stop();
	term_close();
	history_store();
	int status = t->exit_status;
	for (size_t i = 0; i < t->log_count; i++)
		free(t->log_ring[(t->log_first + i) % TUI_LOG_LINES].text);
	canvas_release(&t->canvas);
	doc_release(&t->doc);
	free(t->themes_dir);
	free(t);
	the_tui = NULL;
	s->out = (struct session_output){ 0 };
	return status;
}
