/* complete: Tab completion through the command table (see complete.h). */
#include "complete.h"
#include "../cmd/cmd.h"
#include "../cmd/session.h"
#include "../probe/param.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"
#include "../util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

static struct session *session;

static char *generator(const char *text, int state)
{
	static struct strvec cands;
	static size_t next;
	if (!state) {
		strvec_clear(&cands);
		next = 0;
		char *before = xstrndup(rl_line_buffer, (size_t)(rl_point - (int)strlen(text)));
		cmd_complete(session, before, text, &cands);
		free(before);
	}
	if (next < cands.nr)
		return xstrdup(cands.items[next++]);
	return NULL;
}

static char **completer(const char *text, int start, int end)
{
	(void)end;
	/* check takes paths: leave those to readline's filename completion */
	if (start > 0 && !strncmp(rl_line_buffer + strspn(rl_line_buffer, " "), "check ", 6))
		return NULL;
	rl_attempted_completion_over = 1;
	char **m = rl_completion_matches(text, generator);
	/* "children=" wants its value typed right after, not a space */
	if (m && m[0] && !m[1] && m[0][strlen(m[0]) - 1] == '=')
		rl_completion_suppress_append = 1;
	return m;
}

void complete_install(struct session *s)
{
	session = s;
	rl_attempted_completion_function = completer;
}

void complete_describe(const char *line, const char *cand, struct strbuf *out)
{
	size_t n = strlen(cand);
	strbuf_addstr(out, cand);
	if (!n || cand[n - 1] != '=' || !session)
		return;
	struct strvec words;
	strvec_init(&words);
	strvec_split(&words, line);
	const struct command *c = NULL;
	struct strbuf why;
	strbuf_init(&why);
	if (words.nr >= 2)
		c = cmd_find(words.items[0], &why);
	const struct demo_desc *d = c == &cmd_run ? session_find_demo(session, NULL, words.items[1], &why) : NULL;
	strbuf_release(&why);
	if (d) {
		char name[64], range[256];
		snprintf(name, sizeof name, "%.*s", (int)(n - 1), cand);
		int i = param_find(d->params, name);
		if (i >= 0) {
			param_range_text(&d->params[i], range, sizeof range);
			strbuf_addf(out, "  %s  %s", range, d->params[i].help ? d->params[i].help : "");
		}
	}
	strvec_release(&words);
}
