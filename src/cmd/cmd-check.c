/* cmd-check: `check [PATH...]`, validate lessons and report every problem as file:line. */
#include "cmd.h"
#include "session.h"
#include "../util/fileio.h"
#include "../util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Check one path; adds to the counts. Returns -1 if it cannot be read. */
static int check_path(struct session *s, const char *path, size_t *lessons, size_t *problems)
{
	struct strvec found;
	strvec_init(&found);
	char *dir = NULL;
	size_t len = strlen(path);
	if (len >= 9 && !strcmp(path + len - 9, "lesson.md"))
		dir = len == 9 ? xstrdup(".") : xstrndup(path, len - 10);
	else {
		char *md = xasprintf("%s/lesson.md", path);
		if (file_exists(md))
			dir = xstrdup(path);
		free(md);
	}
	if (dir) { /* a single lesson */
		struct lesson *l = lesson_parse(dir, &found);
		if (l) {
			lesson_validate(l, cmd_check_action, s, &found);
			lesson_free(l);
		}
		(*lessons)++;
		free(dir);
	} else { /* a folder of lessons */
		struct catalog c;
		catalog_init(&c);
		struct strbuf err;
		strbuf_init(&err);
		if (catalog_load(&c, path, cmd_check_action, s, &err) < 0) {
			session_error(s, "%s", err.buf);
			strbuf_release(&err);
			catalog_release(&c);
			strvec_release(&found);
			return -1;
		}
		strbuf_release(&err);
		*lessons += c.nr + c.nbad;
		for (size_t i = 0; i < c.nbad; i++)
			for (size_t k = 0; k < c.bad[i].problems.nr; k++)
				strvec_push(&found, c.bad[i].problems.items[k]);
		catalog_release(&c);
	}
	for (size_t i = 0; i < found.nr; i++)
		session_print(s, OUT_TEXT, "%s", found.items[i]);
	*problems += found.nr;
	strvec_release(&found);
	return 0;
}

static int exec(struct session *s, int argc, char **argv)
{
	size_t lessons = 0, problems = 0;
	int unreadable = 0;
	if (argc == 1)
		unreadable += check_path(s, s->lessons_dir, &lessons, &problems) < 0;
	for (int i = 1; i < argc; i++)
		unreadable += check_path(s, argv[i], &lessons, &problems) < 0;
	if (problems)
		session_print(s, OUT_TEXT, "checked %zu lesson%s: %zu problem%s", lessons,
			      lessons == 1 ? "" : "s", problems, problems == 1 ? "" : "s");
	else if (!unreadable)
		session_print(s, OUT_TEXT, "checked %zu lesson%s: no problems", lessons,
			      lessons == 1 ? "" : "s");
	return problems || unreadable ? CMD_ERROR : CMD_OK;
}

const struct command cmd_check = {
	.name = "check", .min_args = 0, .max_args = -1,
	.usage = "check [PATH...]",
	.help = "check lessons (folders or lesson.md files) and list every problem as file:line",
	.exec = exec,
};
