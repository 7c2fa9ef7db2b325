/* cmd-pause: `pause` and `resume`, stop and continue every process of the demo. */
#include "cmd.h"
#include "session.h"

static int set_paused(struct session *s, bool paused)
{
	if (!s->run)
		return session_error(s, "no demo is running, so there is nothing to %s",
				     paused ? "pause" : "resume");
	if (run_paused(s->run) == paused)
		return session_error(s, "%s is %s already", run_name(s->run), paused ? "paused" : "running");
	run_pause(s->run, paused);
	session_print(s, OUT_NOTICE, paused ? "‖ paused %s: every process stopped (SIGSTOP); the views are frozen"
					    : "▶ resumed %s (SIGCONT)", run_name(s->run));
	return CMD_OK;
}

static int exec_pause(struct session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return set_paused(s, true);
}

static int exec_resume(struct session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return set_paused(s, false);
}

const struct command cmd_pause = {
	.name = "pause", .min_args = 0, .max_args = 0,
	.usage = "pause",
	.help = "stop every process of the demo where it is (resume goes on)",
	.exec = exec_pause,
};

const struct command cmd_resume = {
	.name = "resume", .min_args = 0, .max_args = 0,
	.usage = "resume",
	.help = "let a paused demo go on",
	.exec = exec_resume,
};
