/* manifest: the build's record of every demo's --describe (see manifest.h). */
#include "manifest.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void manifest_init(struct manifest *m)
{
	m->demos = NULL;
	m->nr = m->cap = 0;
}

static void desc_release(struct demo_desc *d)
{
	free(d->id);
	free(d->lesson);
	free(d->name);
	free(d->summary);
	free(d->view);
	free(d->exe);
	for (size_t i = 0; i < d->nparams; i++) {
		free((char *)d->params[i].name);
		free((char *)d->params[i].def_choice);
		free((char *)d->params[i].choices);
		free((char *)d->params[i].help);
	}
	free(d->params);
}

void manifest_release(struct manifest *m)
{
	for (size_t i = 0; i < m->nr; i++)
		desc_release(&m->demos[i]);
	free(m->demos);
	manifest_init(m);
}

const struct demo_desc *manifest_find(const struct manifest *m, const char *id)
{
	for (size_t i = 0; i < m->nr; i++)
		if (!strcmp(m->demos[i].id, id))
			return &m->demos[i];
	return NULL;
}

static int parse_int(const char *w, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(w, &end, 10);
	if (!*w || *end || errno)
		return -1;
	*out = v;
	return 0;
}

/* Split "a b rest of line" into up to n words; the last gets the rest. */
static size_t words(char *line, char **w, size_t n)
{
	size_t k = 0;
	while (*line && k < n) {
		while (*line == ' ')
			line++;
		if (!*line)
			break;
		w[k++] = line;
		if (k == n)
			break;
		char *sp = strchr(line, ' ');
		if (!sp)
			break;
		*sp = '\0';
		line = sp + 1;
	}
	return k;
}

static int parse_param(struct demo_desc *d, char *rest)
{
	char *w[3], *v[4];
	if (words(rest, w, 3) < 3) /* NAME KIND the-rest */
		return -1;
	struct probe_param p = { 0 };
	long def, min, max;
	if (!strcmp(w[1], "int")) {
		size_t n = words(w[2], v, 4); /* DEF MIN MAX HELP */
		if (n < 3 || parse_int(v[0], &def) || parse_int(v[1], &min) || parse_int(v[2], &max) ||
		    min > max || def < min || def > max)
			return -1;
		p.kind = PROBE_KIND_INT;
		p.def = def;
		p.min = min;
		p.max = max;
		p.help = xstrdup(n == 4 ? v[3] : "");
	} else if (!strcmp(w[1], "choice")) {
		size_t n = words(w[2], v, 3); /* DEF CHOICES HELP */
		if (n < 2)
			return -1;
		p.kind = PROBE_KIND_CHOICE;
		p.def_choice = xstrdup(v[0]);
		p.choices = xstrdup(v[1]);
		p.help = xstrdup(n == 3 ? v[2] : "");
	} else {
		return -1;
	}
	p.name = xstrdup(w[0]);
	d->params = xrealloc(d->params, (d->nparams + 2) * sizeof *d->params);
	d->params[d->nparams++] = p;
	d->params[d->nparams] = (struct probe_param)PROBE_END;
	return 0;
}

int manifest_parse(struct manifest *m, const char *text, const char *dir,
		   const char *source, struct strbuf *err)
{
	struct demo_desc cur;
	int in_demo = 0, lineno = 0;
	const char *p = text;
	char *line = NULL;
	while (*p) {
		size_t n = strcspn(p, "\n");
		free(line);
		line = xstrndup(p, n);
		p += n + (p[n] == '\n');
		lineno++;
		if (!*line)
			continue;
		char *sp = strchr(line, ' ');
		char *rest = sp ? sp + 1 : line + strlen(line);
		if (sp)
			*sp = '\0';
		if (!strcmp(line, "demo")) {
			char *slash = strchr(rest, '/');
			if (in_demo || !slash || slash == rest || !slash[1] || strchr(slash + 1, '/'))
				goto bad;
			memset(&cur, 0, sizeof cur);
			cur.id = xstrdup(rest);
			cur.lesson = xstrndup(rest, (size_t)(slash - rest));
			cur.name = xstrdup(slash + 1);
			cur.exe = xasprintf("%s/%s", dir, rest);
			cur.summary = xstrdup("");
			cur.view = xstrdup("tree");
			cur.max_procs = 64;
			cur.max_threads = 256;
			cur.max_seconds = 600;
			cur.params = xcalloc(1, sizeof *cur.params);
			in_demo = 1;
		} else if (!in_demo) {
			goto bad;
		} else if (!strcmp(line, "summary")) {
			free(cur.summary);
			cur.summary = xstrdup(rest);
		} else if (!strcmp(line, "view")) {
			free(cur.view);
			cur.view = xstrdup(rest);
		} else if (!strcmp(line, "limit")) {
			char *w[2];
			long v;
			if (words(rest, w, 2) != 2 || parse_int(w[1], &v) || v < 1 || v > 100000)
				goto bad;
			if (!strcmp(w[0], "procs"))
				cur.max_procs = (int)v;
			else if (!strcmp(w[0], "threads"))
				cur.max_threads = (int)v;
			else if (!strcmp(w[0], "seconds"))
				cur.max_seconds = (int)v;
			else
				goto bad;
		} else if (!strcmp(line, "param")) {
			if (parse_param(&cur, rest) < 0)
				goto bad;
		} else if (!strcmp(line, "end")) {
			in_demo = 0;
			if (manifest_find(m, cur.id)) {
				desc_release(&cur);
				continue;
			}
			XGROW(m->demos, m->cap, m->nr + 1);
			m->demos[m->nr++] = cur;
		} else {
			goto bad;
		}
	}
	free(line);
	if (in_demo) {
		strbuf_addf(err, "%s:%d: the last demo has no 'end' line", source, lineno);
		desc_release(&cur);
		return -1;
	}
	return 0;
bad:
	strbuf_addf(err, "%s:%d: not a manifest line (run make to rebuild it)", source, lineno);
	free(line);
	if (in_demo)
		desc_release(&cur);
	return -1;
}

int manifest_load(struct manifest *m, const char *dir, struct strbuf *err)
{
	char *path = xasprintf("%s/manifest", dir);
	struct strbuf text;
	strbuf_init(&text);
	int rc = file_read(path, 4 << 20, &text, err);
	if (rc == 0)
		rc = manifest_parse(m, text.buf, dir, path, err);
	strbuf_release(&text);
	free(path);
	return rc;
}
