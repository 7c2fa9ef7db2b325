/* validate: lesson_validate, which checks listings against their demo sources and run commands through a callback. */
#include "lesson.h"

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../util/fileio.h"
#include "../util/xalloc.h"

/* A demo is meant to be read top to bottom; this is far more than that. */
#define SOURCE_MAX_BYTES (4 * 1024 * 1024)

/* The folder that holds the lesson's folder; caller frees. */
static char *lessons_dir(const struct lesson *l)
{
	const char *slash = strrchr(l->dir, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == l->dir)
		return xstrdup("/");
	return xstrndup(l->dir, (size_t)(slash - l->dir));
}

/* The folder NN-id in parent (the first by name if there are several), or
 * NULL; caller frees. */
static char *find_lesson_folder(const char *parent, const char *id)
{
	DIR *d = opendir(parent);
	struct dirent *de;
	char *best = NULL;

	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		const char *p = de->d_name;
		if (!isdigit((unsigned char)*p))
			continue;
		p += strspn(p, "0123456789");
		if (*p != '-' || strcmp(p + 1, id))
			continue;
		if (best && strcmp(de->d_name, best) >= 0)
			continue;
		char *path = xasprintf("%s/%s", parent, de->d_name);
		if (dir_exists(path)) {
			free(best);
			best = xstrdup(de->d_name);
		}
		free(path);
	}
	closedir(d);
	if (!best)
		return NULL;
	char *path = xasprintf("%s/%s", parent, best);
	free(best);
	return path;
}

/* The path of the listing's demo source, or NULL after pushing why. */
static char *demo_source(const struct lesson *l, const struct block *b,
			 struct strvec *problems)
{
	const char *slash = strchr(b->demo, '/');
	char *dir, *path;

	if (!slash) {
		dir = xstrdup(l->dir);
	} else {
		char *id = xstrndup(b->demo, (size_t)(slash - b->demo));
		char *parent = lessons_dir(l);
		dir = strcmp(id, l->id) ? find_lesson_folder(parent, id) : xstrdup(l->dir);
		if (!dir)
			lesson_problem(problems, l, b->line,
				"unknown demo '%s' (no lesson folder like 01-%s in %s)",
				b->demo, id, parent);
		free(id);
		free(parent);
		if (!dir)
			return NULL;
	}
	const char *name = slash ? slash + 1 : b->demo;
	path = xasprintf("%s/%s.c", dir, name);
	if (!file_exists(path)) {
		lesson_problem(problems, l, b->line, "unknown demo '%s' (no %s.c in %s)",
			b->demo, name, dir);
		free(path);
		path = NULL;
	}
	free(dir);
	return path;
}

/*
 * Resolve the region's lines from text into b->first and b->last.
 * Returns 0, or -1 after pushing why.
 */
static int find_region(const struct lesson *l, struct block *b, const char *text,
		       struct strvec *problems)
{
	char *open = xasprintf("/* region %s */", b->region);
	char *close = xasprintf("/* endregion %s */", b->region);
	const char *p = text;
	int line = 0, start = 0, end = 0, rc = -1;

	while (*p && !end) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *s = xstrndup(p, n);
		line++;
		if (!start && strstr(s, open))
			start = line;
		else if (start && strstr(s, close))
			end = line;
		free(s);
		p += n + (nl ? 1 : 0);
	}
	if (!start)
		lesson_problem(problems, l, b->line, "no region '%s' in %s.c (expected a line with %s)",
			b->region, b->demo, open);
	else if (!end)
		lesson_problem(problems, l, b->line,
			"region '%s' in %s.c has no end (expected a line with %s after line %d)",
			b->region, b->demo, close, start);
	else if (end == start + 1)
		lesson_problem(problems, l, b->line, "region '%s' in %s.c is empty (nothing between lines %d and %d)",
			b->region, b->demo, start, end);
	else {
		b->first = start + 1;
		b->last = end - 1;
		rc = 0;
	}
	free(open);
	free(close);
	return rc;
}

static size_t count_lines(const char *text, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	if (len && text[len - 1] != '\n')
		n++;
	return n;
}

static void check_listing(const struct lesson *l, struct block *b, struct strvec *problems)
{
	struct strbuf text, err;
	char *path;

	free(b->source);
	b->source = NULL;
	if (b->region)
		b->first = b->last = 0;
	path = demo_source(l, b, problems);
	if (!path)
		return;
	strbuf_init(&text);
	strbuf_init(&err);
	if (file_read(path, SOURCE_MAX_BYTES, &text, &err) < 0) {
		lesson_problem(problems, l, b->line, "%s", err.buf);
		goto out;
	}
	if (b->region) {
		if (find_region(l, b, text.buf, problems) < 0)
			goto out;
	} else {
		size_t n = count_lines(text.buf, text.len);
		if ((size_t)b->last > n) {
			struct strbuf range;
			strbuf_init(&range);
			strbuf_addf(&range, "%d", b->first);
			if (b->last != b->first)
				strbuf_addf(&range, "-%d", b->last);
			lesson_problem(problems, l, b->line,
				"listing range %s is past the end of %s.c (%zu line%s)",
				range.buf, b->demo, n, n == 1 ? "" : "s");
			strbuf_release(&range);
			goto out;
		}
	}
	b->source = path;
	path = NULL;
out:
	free(path);
	strbuf_release(&text);
	strbuf_release(&err);
}

static void check_run(const struct lesson *l, const struct block *b,
		      lesson_action_check check, void *ctx, struct strvec *problems)
{
	struct strbuf why;

	strbuf_init(&why);
	for (size_t i = 0; i < b->commands.nr; i++) {
		strbuf_reset(&why);
		if (check(ctx, l, b->commands.items[i], &why) == 0)
			continue;
		if (why.len)
			lesson_problem(problems, l, b->command_lines[i], "%s", why.buf);
		else
			lesson_problem(problems, l, b->command_lines[i], "command '%s' was rejected",
				b->commands.items[i]);
	}
	strbuf_release(&why);
}

size_t lesson_validate(struct lesson *l, lesson_action_check check, void *ctx,
		       struct strvec *problems)
{
	size_t before = problems->nr;

	for (size_t i = 0; i < l->nsteps; i++) {
		for (size_t j = 0; j < l->steps[i].nblocks; j++) {
			struct block *b = &l->steps[i].blocks[j];
			if (b->kind == BLOCK_LISTING)
				check_listing(l, b, problems);
			else if (b->kind == BLOCK_RUN && check)
				check_run(l, b, check, ctx, problems);
		}
	}
	return problems->nr - before;
}
