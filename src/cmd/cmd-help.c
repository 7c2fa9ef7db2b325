/* cmd-help: `help [CMD]`, built from the command table. */
#include "cmd.h"
#include "session.h"

#include <string.h>

static void complete(struct session *s, int argi, char **words, const char *prefix,
		     struct strvec *out)
{
	(void)words;
	(void)s;
	if (argi != 1)
		return;
	for (size_t i = 0; cmd_table[i]; i++)
		if (!strncmp(cmd_table[i]->name, prefix, strlen(prefix)))
			strvec_push(out, cmd_table[i]->name);
}

static int exec(struct session *s, int argc, char **argv)
{
	if (argc == 2) {
		struct strbuf why;
		strbuf_init(&why);
		const struct command *c = cmd_find(argv[1], &why);
		if (!c) {
			session_error(s, "%s", why.buf);
			strbuf_release(&why);
			return CMD_USAGE;
		}
		strbuf_release(&why);
		session_print(s, OUT_TEXT, "usage: %s", c->usage);
		if (c->alias)
			session_print(s, OUT_TEXT, "alias: %s", c->alias);
		session_print(s, OUT_TEXT, "%s", c->help);
		return CMD_OK;
	}
	int w = 0;
	for (size_t i = 0; cmd_table[i]; i++)
		if ((int)strlen(cmd_table[i]->usage) > w)
			w = (int)strlen(cmd_table[i]->usage);
	session_print(s, OUT_TEXT, "commands (any unique prefix works; help CMD for one):");
	for (size_t i = 0; cmd_table[i]; i++)
		session_print(s, OUT_TEXT, "  %-*s  %s", w, cmd_table[i]->usage, cmd_table[i]->help);
	return CMD_OK;
}

const struct command cmd_help = {
	.name = "help", .alias = "?", .min_args = 0, .max_args = 1,
	.usage = "help [CMD]",
	.help = "list the commands, or explain one",
	.complete = complete, .exec = exec,
};
