/* cmd-quit: `quit`, stop any demo and leave the shell. */
#include "cmd.h"
#include "session.h"

static int exec(struct session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	s->quit = true;
	return CMD_OK;
}

const struct command cmd_quit = {
	.name = "quit", .alias = "exit", .min_args = 0, .max_args = 0,
	.usage = "quit",
	.help = "stop any running demo and leave lockstep",
	.exec = exec,
};
