/* cmd-go: `go [N]`, let thread N of a stepped demo past its gate. */
#include "cmd.h"
#include "session.h"

#include <stdlib.h>
#include <string.h>

/* The one waiting thread, or -1 (none) or -2 (several). */
static int only_waiting(const struct session *s)
{
	int found = -1;
	for (size_t i = 0; i < s->ngates; i++)
		if (s->gates[i].at[0])
			found = found == -1 ? (int)i : -2;
	return found;
}

static int exec(struct session *s, int argc, char **argv)
{
	if (!s->run)
		return session_error(s, "no demo is running, so no thread waits at a gate");
	int i;
	if (argc == 1) {
		i = only_waiting(s);
		if (i == -1)
			return session_error(s, "no thread waits at a gate (a demo stops at gates when run with step=on)");
		if (i == -2)
			return session_error(s, "several threads wait at gates: say which, go N");
	} else {
		char *end;
		long n = strtol(argv[1], &end, 10);
		if (*end || n < 1 || (size_t)n > s->ngates)
			return session_error(s, "go: expected a thread number from 1 to %zu, got '%s'",
					     s->ngates, argv[1]);
		i = (int)n - 1;
		if (!s->gates[i].at[0])
			return session_error(s, "thread %d is not waiting at a gate", i + 1);
	}
	struct gate_thread *g = &s->gates[i];
	if (run_gate(s->run, g->tid) < 0)
		return session_error(s, "cannot reach %s's gates: it has stopped reading them", run_name(s->run));
	session_print(s, OUT_EVENT, "· thread %d goes past %s", i + 1, g->at);
	g->at[0] = '\0';
	return CMD_OK;
}

const struct command cmd_go = {
	.name = "go", .min_args = 0, .max_args = 1,
	.usage = "go [N]",
	.help = "let thread N of a demo run with step=on past the gate it waits at",
	.exec = exec,
};
