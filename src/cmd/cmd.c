/* cmd: the command table, lookup and dispatch (see cmd.h). */
#include "cmd.h"
#include "session.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"
#include "../util/xalloc.h"

#include <stdlib.h>
#include <string.h>

const struct command *const cmd_table[] = {
	&cmd_answer, &cmd_check, &cmd_go, &cmd_help, &cmd_hint, &cmd_list, &cmd_next,
	&cmd_open, &cmd_params, &cmd_pause, &cmd_prev, &cmd_quit, &cmd_rate,
	&cmd_resume, &cmd_run, &cmd_show, &cmd_step, &cmd_stop, &cmd_theme,
	&cmd_tree, &cmd_view, NULL,
};

const struct command *cmd_find(const char *word, struct strbuf *why)
{
	for (size_t i = 0; cmd_table[i]; i++)
		if (!strcmp(cmd_table[i]->name, word) ||
		    (cmd_table[i]->alias && !strcmp(cmd_table[i]->alias, word)))
			return cmd_table[i];
	const struct command *found = NULL;
	struct strbuf names;
	strbuf_init(&names);
	size_t n = 0, len = strlen(word);
	for (size_t i = 0; len && cmd_table[i]; i++) {
		if (strncmp(cmd_table[i]->name, word, len))
			continue;
		found = cmd_table[i];
		strbuf_addf(&names, "%s%s", n++ ? ", " : "", cmd_table[i]->name);
	}
	if (n == 1) {
		strbuf_release(&names);
		return found;
	}
	if (n > 1)
		strbuf_addf(why, "ambiguous command '%s' (could be %s)", word, names.buf);
	else
		strbuf_addf(why, "unknown command '%s' (type help for the list)", word);
	strbuf_release(&names);
	return NULL;
}

static int arity_ok(const struct command *c, int nargs)
{
	return nargs >= c->min_args && (c->max_args < 0 || nargs <= c->max_args);
}

int cmd_execute(struct session *s, const char *line)
{
	line += strspn(line, " \t");
	if (!*line || *line == '#')
		return CMD_OK;
	struct strvec words;
	strvec_init(&words);
	strvec_split(&words, line);
	struct strbuf why;
	strbuf_init(&why);
	int rc;
	const struct command *c = cmd_find(words.items[0], &why);
	if (!c) {
		session_error(s, "%s", why.buf);
		rc = CMD_USAGE;
	} else if (!arity_ok(c, (int)words.nr - 1)) {
		session_error(s, "usage: %s", c->usage);
		rc = CMD_USAGE;
	} else {
		free(words.items[0]);
		words.items[0] = xstrdup(c->name);
		rc = c->exec(s, (int)words.nr, words.items);
	}
	strbuf_release(&why);
	strvec_release(&words);
	s->last_status = rc;
	return rc;
}

int cmd_check_action(void *session, const struct lesson *l, const char *line, struct strbuf *why)
{
	struct session *s = session;
	struct strvec words;
	strvec_init(&words);
	strvec_split(&words, line);
	int rc = -1;
	const struct command *c = words.nr ? cmd_find(words.items[0], why) : NULL;
	if (!words.nr) {
		strbuf_addstr(why, "empty command");
	} else if (!c) {
		/* cmd_find said why */
	} else if (!arity_ok(c, (int)words.nr - 1)) {
		strbuf_addf(why, "usage: %s", c->usage);
	} else if (c == &cmd_run) {
		const struct demo_desc *d;
		if (words.nr < 2 || strchr(words.items[1], '='))
			strbuf_addstr(why, "a run block's run needs a demo name (run DEMO [KEY=VALUE...])");
		else if ((d = session_find_demo(s, l, words.items[1], why)))
			rc = session_check_params(d, (int)words.nr - 2, words.items + 2, why);
	} else if (c == &cmd_quit) {
		strbuf_addstr(why, "a run block cannot quit the shell");
	} else {
		rc = 0;
	}
	strvec_release(&words);
	return rc;
}

void cmd_complete_lessons(struct session *s, const char *prefix, struct strvec *out)
{
	size_t len = strlen(prefix);
	for (size_t i = 0; i < s->catalog.nr; i++)
		if (!strncmp(s->catalog.lessons[i]->id, prefix, len))
			strvec_push(out, s->catalog.lessons[i]->id);
}

void cmd_complete_demos(struct session *s, const char *prefix, struct strvec *out)
{
	size_t len = strlen(prefix);
	for (size_t i = 0; i < s->manifest.nr; i++) {
		const struct demo_desc *d = &s->manifest.demos[i];
		/* Short names for the open lesson, full ids for every demo. */
		if (s->lesson && !strcmp(d->lesson, s->lesson->id) && !strncmp(d->name, prefix, len))
			strvec_push(out, d->name);
		if (!strncmp(d->id, prefix, len))
			strvec_push(out, d->id);
	}
}

void cmd_complete(struct session *s, const char *before, const char *word, struct strvec *out)
{
	struct strvec words;
	strvec_init(&words);
	strvec_split(&words, before);
	if (!words.nr) {
		for (size_t i = 0; cmd_table[i]; i++)
			if (!strncmp(cmd_table[i]->name, word, strlen(word)))
				strvec_push(out, cmd_table[i]->name);
	} else {
		struct strbuf why;
		strbuf_init(&why);
		const struct command *c = cmd_find(words.items[0], &why);
		if (c && c->complete)
			c->complete(s, (int)words.nr, words.items, word, out);
		strbuf_release(&why);
	}
	strvec_release(&words);
}
