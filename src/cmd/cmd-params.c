/* cmd-params: `params DEMO`, a demo's parameter table and limits. */
#include "cmd.h"
#include "session.h"
#include "../probe/param.h"

#include <stdio.h>
#include <stdlib.h>

static void complete(struct session *s, int argi, char **words, const char *prefix,
		     struct strvec *out)
{
	(void)words;
	if (argi == 1)
		cmd_complete_demos(s, prefix, out);
}

static int exec(struct session *s, int argc, char **argv)
{
	(void)argc;
	struct strbuf why;
	strbuf_init(&why);
	const struct demo_desc *d = session_find_demo(s, NULL, argv[1], &why);
	if (!d) {
		session_error(s, "%s", why.buf);
		strbuf_release(&why);
		return CMD_ERROR;
	}
	strbuf_release(&why);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return session_error(s, "cannot format the table: out of memory");
	param_print_table(f, d->params);
	fclose(f);
	session_print(s, OUT_TEXT, "%s: %s", d->id, d->summary);
	session_print_text(s, OUT_TEXT, text);
	session_print(s, OUT_TEXT, "limits: %d processes, %d threads, %d s (the keeper stops it past them)",
		      d->max_procs, d->max_threads, d->max_seconds);
	free(text);
	return CMD_OK;
}

const struct command cmd_params = {
	.name = "params", .min_args = 1, .max_args = 1,
	.usage = "params DEMO",
	.help = "a demo's parameters: name, default, range and what each does",
	.complete = complete, .exec = exec,
};
