/* cmd-nav: moving through a lesson: `show`, `next`, `prev`, `step N`. */
#include "cmd.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>

void cmd_show_step(struct session *s, bool with_intro)
{
	if (s->out.show_step) {
		s->out.show_step(s->out.ctx);
		return;
	}
	struct strbuf sb;
	strbuf_init(&sb);
	if (with_intro) {
		lesson_render_intro(s->lesson, s->width, &sb);
		session_print_text(s, OUT_TEXT, sb.buf);
		session_print(s, OUT_TEXT, "%s", "");
		strbuf_reset(&sb);
	}
	session_print(s, OUT_TEXT, "[%s: step %zu of %zu]", s->lesson->id, s->step + 1, s->lesson->nsteps);
	lesson_render_text(s->lesson, s->step, s->width, &sb);
	session_print_text(s, OUT_TEXT, sb.buf);
	strbuf_release(&sb);
}

static int need_lesson(struct session *s)
{
	if (s->lesson)
		return 0;
	session_error(s, "no lesson is open (open one with: open LESSON; list shows them)");
	return -1;
}

static int exec_show(struct session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (need_lesson(s))
		return CMD_ERROR;
	cmd_show_step(s, false);
	return CMD_OK;
}

static int exec_next(struct session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (need_lesson(s))
		return CMD_ERROR;
	if (s->step + 1 >= s->lesson->nsteps)
		return session_error(s, "this is the last step of %s (%zu of %zu)", s->lesson->id,
				     s->step + 1, s->lesson->nsteps);
	s->step++;
	cmd_show_step(s, false);
	return CMD_OK;
}

static int exec_prev(struct session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (need_lesson(s))
		return CMD_ERROR;
	if (s->step == 0)
		return session_error(s, "this is the first step of %s", s->lesson->id);
	s->step--;
	cmd_show_step(s, false);
	return CMD_OK;
}

static int exec_step(struct session *s, int argc, char **argv)
{
	(void)argc;
	if (need_lesson(s))
		return CMD_ERROR;
	int i = lesson_find_step(s->lesson, argv[1]);
	if (i < 0)
		return session_error(s, "no step '%s' in %s (expected a number from 1 to %zu, or the start of a step's title)",
				     argv[1], s->lesson->id, s->lesson->nsteps);
	s->step = (size_t)i;
	cmd_show_step(s, false);
	return CMD_OK;
}

const struct command cmd_show = {
	.name = "show", .min_args = 0, .max_args = 0,
	.usage = "show",
	.help = "show the current step again",
	.exec = exec_show,
};

const struct command cmd_next = {
	.name = "next", .alias = "n", .min_args = 0, .max_args = 0,
	.usage = "next",
	.help = "go to the next step",
	.exec = exec_next,
};

const struct command cmd_prev = {
	.name = "prev", .alias = "p", .min_args = 0, .max_args = 0,
	.usage = "prev",
	.help = "go back to the previous step",
	.exec = exec_prev,
};

const struct command cmd_step = {
	.name = "step", .min_args = 1, .max_args = 1,
	.usage = "step N",
	.help = "go to step N (a number, or the start of its title)",
	.exec = exec_step,
};
