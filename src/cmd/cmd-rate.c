/* cmd-rate: `rate [HZ]`, how often the views sample the demo. */
#include "cmd.h"
#include "session.h"

#include <errno.h>
#include <stdlib.h>

static int exec(struct session *s, int argc, char **argv)
{
	if (argc == 2) {
		char *end;
		errno = 0;
		long hz = strtol(argv[1], &end, 10);
		if (!*argv[1] || *end || errno || hz < 1 || hz > 50)
			return session_error(s, "rate: expected a whole number of samples a second from 1 to 50, got '%s'",
					     argv[1]);
		session_set_rate(s, (int)(1000 / hz));
	}
	session_print(s, OUT_TEXT, "sampling %.0f times a second (every %d ms)", 1000.0 / s->sample_ms,
		      s->sample_ms);
	return CMD_OK;
}

const struct command cmd_rate = {
	.name = "rate", .min_args = 0, .max_args = 1,
	.usage = "rate [HZ]",
	.help = "how many times a second the views sample the demo (1 to 50; 10 at start)",
	.exec = exec,
};
