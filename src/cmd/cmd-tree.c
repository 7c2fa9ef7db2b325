/* cmd-tree: `tree`, a snapshot of the running demo's process tree. */
#include "cmd.h"
#include "session.h"

static int exec(struct session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return session_print_tree(s);
}

const struct command cmd_tree = {
	.name = "tree", .min_args = 0, .max_args = 0,
	.usage = "tree",
	.help = "show the running demo's processes and threads, with state and CPU%",
	.exec = exec,
};
