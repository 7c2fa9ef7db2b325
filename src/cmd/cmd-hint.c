/* cmd-hint: `hint`, reveal the current step's hints. */
#include "cmd.h"
#include "session.h"

static int exec(struct session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!s->lesson)
		return session_error(s, "no lesson is open (open one with: open LESSON)");
	const struct step *st = &s->lesson->steps[s->step];
	int n = 0;
	for (size_t i = 0; i < st->nblocks; i++) {
		if (st->blocks[i].kind != BLOCK_HINT)
			continue;
		session_print(s, OUT_TEXT, "Hint: %s", st->blocks[i].text);
		n++;
	}
	if (!n)
		return session_error(s, "step %zu has no hint", s->step + 1);
	return CMD_OK;
}

const struct command cmd_hint = {
	.name = "hint", .min_args = 0, .max_args = 0,
	.usage = "hint",
	.help = "show the hint of the current step",
	.exec = exec,
};
