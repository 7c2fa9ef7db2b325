/* cmd-theme: `theme NAME`, the colours of the full-screen front end. */
#include "cmd.h"
#include "session.h"
#include "../util/strbuf.h"

#include <string.h>

static void complete(struct session *s, int argi, char **words, const char *prefix,
		     struct strvec *out)
{
	(void)s;
	(void)words;
	static const char *const names[] = { "dark", "light", "contrast" };
	for (size_t i = 0; argi == 1 && i < sizeof names / sizeof names[0]; i++)
		if (!strncmp(names[i], prefix, strlen(prefix)))
			strvec_push(out, names[i]);
}

static int exec(struct session *s, int argc, char **argv)
{
	(void)argc;
	if (!s->out.set_theme)
		return session_error(s, "theme: this front end has no colours (themes are for the full screen)");
	struct strbuf err;
	strbuf_init(&err);
	int rc = s->out.set_theme(s->out.ctx, argv[1], &err);
	if (rc < 0)
		session_error(s, "%s", err.buf);
	strbuf_release(&err);
	return rc < 0 ? CMD_ERROR : CMD_OK;
}

const struct command cmd_theme = {
	.name = "theme", .min_args = 1, .max_args = 1,
	.usage = "theme NAME",
	.help = "colours: dark, light, or contrast (for projectors)",
	.complete = complete, .exec = exec,
};
