/* cmd-stop: `stop`, end the running demo (SIGINT, then SIGTERM, then SIGKILL). */
#include "cmd.h"
#include "session.h"

static int exec(struct session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!session_interrupt(s))
		return session_error(s, "no demo is running, so there is nothing to stop");
	return CMD_OK;
}

const struct command cmd_stop = {
	.name = "stop", .min_args = 0, .max_args = 0,
	.usage = "stop",
	.help = "stop the running demo and every process it started",
	.exec = exec,
};
