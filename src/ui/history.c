/* history: the input line's history on disk (see history.h). */
#include "history.h"
#include "../util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

static char *path;

void history_load(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char *dir = state && *state ? xasprintf("%s/lockstep", state) :
		    home && *home ? xasprintf("%s/.local/state/lockstep", home) : NULL;
	if (!dir)
		return;
	for (char *p = dir + 1; *p; p++) { /* mkdir -p */
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	mkdir(dir, 0700);
	free(path);
	path = xasprintf("%s/history", dir);
	free(dir);
	read_history(path);
}

void history_note(const char *line)
{
	if (!*line)
		return;
	HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
	if (!last || strcmp(last->line, line))
		add_history(line);
}

void history_store(void)
{
	if (!path)
		return;
	char *tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
	stifle_history(1000);
	if (write_history(tmp) == 0)
		rename(tmp, path);
	else
		unlink(tmp);
	free(tmp);
	free(path);
	path = NULL;
}
