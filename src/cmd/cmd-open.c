/* cmd-open: `open LESSON`, by id, number or unique prefix. */
#include "cmd.h"
#include "session.h"

#include <string.h>


static void complete(struct session *s, int argi, char **words, const char *prefix,
		     struct strvec *out)
{
	(void)words;
	if (argi == 1)
		cmd_complete_lessons(s, prefix, out);
}

static int exec(struct session *s, int argc, char **argv)
{
	(void)argc;
	bool ambiguous = false;
	struct lesson *l = catalog_find(&s->catalog, argv[1], &ambiguous);
	if (!l) {
		for (size_t i = 0; i < s->catalog.nbad; i++)
			if (!strcmp(s->catalog.bad[i].id, argv[1]))
				return session_error(s, "lesson '%s' did not load: %s", argv[1],
						     s->catalog.bad[i].problems.nr ?
						     s->catalog.bad[i].problems.items[0] : "(no reason)");
		struct strbuf ids;
		strbuf_init(&ids);
		for (size_t i = 0; i < s->catalog.nr; i++)
			strbuf_addf(&ids, "%s%s", i ? ", " : "", s->catalog.lessons[i]->id);
		session_error(s, "%s lesson '%s' (expected one of: %s)",
			      ambiguous ? "ambiguous" : "unknown", argv[1], ids.len ? ids.buf : "none");
		strbuf_release(&ids);
		return CMD_ERROR;
	}
	s->lesson = l;
	s->step = 0;
	cmd_show_step(s, true);
	return CMD_OK;
}

const struct command cmd_open = {
	.name = "open", .min_args = 1, .max_args = 1,
	.usage = "open LESSON",
	.help = "open a lesson (by id or number) at its first step",
	.complete = complete, .exec = exec,
};
