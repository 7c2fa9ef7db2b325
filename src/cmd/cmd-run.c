/* cmd-run: `run [DEMO] [KEY=VALUE...]`: a demo, or the current step's own commands. */
#include "cmd.h"
#include "session.h"
#include "../util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void complete(struct session *s, int argi, char **words, const char *prefix,
		     struct strvec *out)
{
	if (argi == 1) {
		cmd_complete_demos(s, prefix, out);
		return;
	}
	/* KEY= for each parameter of the demo named first */
	struct strbuf why;
	strbuf_init(&why);
	const struct demo_desc *d = session_find_demo(s, NULL, words[1], &why);
	strbuf_release(&why);
	if (!d || strchr(prefix, '='))
		return;
	for (size_t i = 0; i < d->nparams; i++)
		if (!strncmp(d->params[i].name, prefix, strlen(prefix)))
			strvec_pushf(out, "%s=", d->params[i].name);
}

/* Merge KEY=VALUE overrides into a step command "run DEMO K=V...". */
static char *with_overrides(const char *command, int n, char **overrides)
{
	struct strvec words;
	strvec_init(&words);
	strvec_split(&words, command);
	for (int i = 0; i < n; i++) {
		size_t klen = (size_t)(strchr(overrides[i], '=') - overrides[i]) + 1;
		size_t k;
		for (k = 2; k < words.nr; k++)
			if (!strncmp(words.items[k], overrides[i], klen))
				break;
		if (k < words.nr) {
			free(words.items[k]);
			words.items[k] = xstrdup(overrides[i]);
		} else {
			strvec_push(&words, overrides[i]);
		}
	}
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < words.nr; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", words.items[i]);
	strvec_release(&words);
	return strbuf_detach(&sb);
}

/* `run` alone: queue the step's run blocks; `run K=V`: the same with overrides. */
static int run_step(struct session *s, int noverrides, char **overrides)
{
	if (!s->lesson)
		return session_error(s, "no lesson is open, so there is no step to run (run DEMO, or open LESSON)");
	const struct step *st = &s->lesson->steps[s->step];
	struct strvec cmds;
	strvec_init(&cmds);
	size_t runs = 0;
	for (size_t b = 0; b < st->nblocks; b++) {
		if (st->blocks[b].kind != BLOCK_RUN)
			continue;
		for (size_t c = 0; c < st->blocks[b].commands.nr; c++) {
			const char *cmd = st->blocks[b].commands.items[c];
			strvec_push(&cmds, cmd);
			runs += !strncmp(cmd, "run ", 4);
		}
	}
	int rc = CMD_OK;
	if (!cmds.nr) {
		rc = session_error(s, "step %zu has nothing to run (name a demo: run DEMO; list shows them)",
				   s->step + 1);
	} else if (noverrides && runs != 1) {
		rc = session_error(s, "step %zu runs %zu demos, so KEY=VALUE needs a demo name (run DEMO KEY=VALUE...)",
				   s->step + 1, runs);
	} else {
		for (size_t i = 0; i < cmds.nr; i++) {
			if (noverrides && !strncmp(cmds.items[i], "run ", 4)) {
				char *merged = with_overrides(cmds.items[i], noverrides, overrides);
				session_queue(s, merged);
				free(merged);
			} else {
				session_queue(s, cmds.items[i]);
			}
		}
		session_drain(s);
	}
	strvec_release(&cmds);
	return rc;
}

static int exec(struct session *s, int argc, char **argv)
{
	if (argc == 1 || strchr(argv[1], '=')) {
		if (s->run)
			return session_error(s, "%s is still running (type stop, or wait for it to end)",
					     run_name(s->run));
		return run_step(s, argc - 1, argv + 1);
	}
	struct strbuf why;
	strbuf_init(&why);
	const struct demo_desc *d = session_find_demo(s, NULL, argv[1], &why);
	if (!d || session_check_params(d, argc - 2, argv + 2, &why) < 0) {
		session_error(s, "%s", why.buf);
		strbuf_release(&why);
		return CMD_ERROR;
	}
	strbuf_release(&why);
	return session_start_run(s, d, argc - 2, argv + 2);
}

const struct command cmd_run = {
	.name = "run", .alias = "r", .min_args = 0, .max_args = -1,
	.usage = "run [DEMO] [KEY=VALUE...]",
	.help = "run a demo, or with no demo the current step's own commands",
	.complete = complete, .exec = exec,
};
