/* cmd-list: `list`, the lessons and their demos, and the lessons that did not load. */
#include "cmd.h"
#include "session.h"

#include <string.h>

static int exec(struct session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!s->catalog.nr && !s->catalog.nbad)
		session_print(s, OUT_TEXT, "no lessons in %s", s->lessons_dir);
	for (size_t i = 0; i < s->catalog.nr; i++) {
		const struct lesson *l = s->catalog.lessons[i];
		session_print(s, OUT_TEXT, "%02d %-10s %s%s", l->number, l->id, l->title,
			      s->lesson == l ? "  (open)" : "");
		for (size_t k = 0; k < s->manifest.nr; k++) {
			const struct demo_desc *d = &s->manifest.demos[k];
			if (!strcmp(d->lesson, l->id))
				session_print(s, OUT_TEXT, "     %-14s %s", d->name, d->summary);
		}
	}
	for (size_t i = 0; i < s->catalog.nbad; i++) {
		const struct bad_lesson *b = &s->catalog.bad[i];
		session_print(s, OUT_TEXT, "!! %s did not load (%zu problem%s):", b->dir,
			      b->problems.nr, b->problems.nr == 1 ? "" : "s");
		for (size_t k = 0; k < b->problems.nr; k++)
			session_print(s, OUT_TEXT, "     %s", b->problems.items[k]);
	}
	return CMD_OK;
}

const struct command cmd_list = {
	.name = "list", .alias = "ls", .min_args = 0, .max_args = 0,
	.usage = "list",
	.help = "the lessons and their demos, each with one line on what it shows",
	.exec = exec,
};
