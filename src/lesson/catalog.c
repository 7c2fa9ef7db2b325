/* catalog: a folder of lessons loaded in NN order and looked up by name (catalog_init, catalog_release, catalog_load, catalog_find). */
#include "lesson.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../util/fileio.h"
#include "../util/xalloc.h"

struct entry {
	char *name;   /* the folder's name */
	int number;   /* its NN, or -1 when the name is not NN-id */
};

void catalog_init(struct catalog *c)
{
	memset(c, 0, sizeof *c);
}

void catalog_release(struct catalog *c)
{
	for (size_t i = 0; i < c->nr; i++)
		lesson_free(c->lessons[i]);
	free(c->lessons);
	for (size_t i = 0; i < c->nbad; i++) {
		free(c->bad[i].id);
		free(c->bad[i].dir);
		strvec_release(&c->bad[i].problems);
	}
	free(c->bad);
	catalog_init(c);
}

/* The NN of an "NN-id" folder name, or -1 when it is not one. */
static int folder_number(const char *name)
{
	int number;
	const char *id;
	return lesson_folder_name(name, &number, &id) ? number : -1;
}

/* NN order; names that are not NN-id last; the name breaks ties. */
static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->number != y->number) {
		if (x->number < 0 || y->number < 0)
			return x->number < 0 ? 1 : -1;
		return x->number < y->number ? -1 : 1;
	}
	return strcmp(x->name, y->name);
}

static void add_bad(struct catalog *c, const char *id, const char *dir, struct strvec *problems)
{
	XGROW(c->bad, c->badcap, c->nbad + 1);
	struct bad_lesson *b = &c->bad[c->nbad++];
	b->id = xstrdup(id);
	b->dir = xstrdup(dir);
	b->problems = *problems; /* handed over */
	strvec_init(problems);
}

/* Ids and folders of the lessons loaded so far, good or bad. */
struct seen {
	struct strvec ids, dirs;
};

/* The folder of an earlier lesson with this id, or NULL. */
static const char *seen_id(const struct catalog *c, const struct seen *seen, const char *id)
{
	for (size_t i = 0; i < c->nr; i++)
		if (!strcmp(c->lessons[i]->id, id))
			return c->lessons[i]->dir;
	for (size_t i = 0; i < seen->ids.nr; i++)
		if (!strcmp(seen->ids.items[i], id))
			return seen->dirs.items[i];
	return NULL;
}

static void load_one(struct catalog *c, struct seen *seen, const char *path,
		     const char *name, lesson_action_check check, void *ctx)
{
	struct strvec problems;
	struct lesson *l;
	const char *id = strchr(name, '-') + 1;
	const char *first;
	char *md = xasprintf("%s/lesson.md", path);

	strvec_init(&problems);
	l = lesson_parse(path, &problems);
	if (l)
		lesson_validate(l, check, ctx, &problems);
	if ((first = seen_id(c, seen, id)))
		strvec_pushf(&problems, "%s:1: duplicate lesson id '%s' (also in %s)",
			     md, id, first);
	else {
		strvec_push(&seen->ids, id);
		strvec_push(&seen->dirs, path);
	}
	lesson_sort_problems(&problems, md);
	if (l && !problems.nr) {
		XGROW(c->lessons, c->cap, c->nr + 1);
		c->lessons[c->nr++] = l;
	} else {
		add_bad(c, id, path, &problems);
		lesson_free(l);
	}
	strvec_release(&problems);
	free(md);
}

int catalog_load(struct catalog *c, const char *dir, lesson_action_check check,
		 void *ctx, struct strbuf *err)
{
	struct entry *entries = NULL;
	struct seen seen;
	size_t n = 0, cap = 0;
	struct dirent *de;
	size_t dlen = strlen(dir);
	DIR *d = opendir(dir);

	if (!d) {
		strbuf_addf(err, "cannot open lessons folder '%s': %s", dir, strerror(errno));
		return -1;
	}
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *path = xasprintf("%.*s/%s", (int)dlen, dir, de->d_name);
		if (dir_exists(path)) { /* files, like FORMAT.md, are not lessons */
			XGROW(entries, cap, n + 1);
			entries[n].name = xstrdup(de->d_name);
			entries[n].number = folder_number(de->d_name);
			n++;
		}
		free(path);
	}
	closedir(d);
	if (n)
		qsort(entries, n, sizeof *entries, entry_cmp);

	strvec_init(&seen.ids);
	strvec_init(&seen.dirs);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%.*s/%s", (int)dlen, dir, entries[i].name);
		if (entries[i].number < 0) {
			struct strvec problems;
			strvec_init(&problems);
			strvec_pushf(&problems,
				     "%s: folder name '%s' is not NN-id (expected like 01-fork)",
				     path, entries[i].name);
			add_bad(c, entries[i].name, path, &problems);
		} else {
			load_one(c, &seen, path, entries[i].name, check, ctx);
		}
		free(path);
		free(entries[i].name);
	}
	free(entries);
	strvec_release(&seen.ids);
	strvec_release(&seen.dirs);
	return 0;
}

static const char *folder_name(const struct lesson *l)
{
	const char *slash = strrchr(l->dir, '/');
	return slash ? slash + 1 : l->dir;
}

struct lesson *catalog_find(const struct catalog *c, const char *name, bool *ambiguous)
{
	struct lesson *found = NULL;
	size_t len = strlen(name), nfound = 0;
	bool digits = len > 0;

	if (ambiguous)
		*ambiguous = false;
	if (!len)
		return NULL;
	for (size_t i = 0; i < c->nr; i++)
		if (!strcmp(c->lessons[i]->id, name))
			return c->lessons[i];
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)name[i]))
			digits = false;
	if (digits && len <= 9) {
		long number = strtol(name, NULL, 10);
		for (size_t i = 0; i < c->nr; i++) {
			if (c->lessons[i]->number == number) {
				found = c->lessons[i];
				nfound++;
			}
		}
		if (nfound == 1)
			return found;
		if (nfound > 1)
			goto ambiguous;
	}
	for (size_t i = 0; i < c->nr; i++)
		if (!strcmp(folder_name(c->lessons[i]), name))
			return c->lessons[i];
	for (size_t i = 0; i < c->nr; i++) {
		if (!strncmp(c->lessons[i]->id, name, len)) {
			found = c->lessons[i];
			nfound++;
		}
	}
	if (nfound == 1)
		return found;
	if (nfound == 0)
		return NULL;
ambiguous:
	if (ambiguous)
		*ambiguous = true;
	return NULL;
}
