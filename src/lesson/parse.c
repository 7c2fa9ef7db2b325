/* parse: lesson.md read with libcmark into lesson -> steps -> blocks (lesson_parse, lesson_free, lesson_find_step). */
#include "lesson.h"

#include <cmark.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/fileio.h"
#include "../util/xalloc.h"

/* A lesson is prose; anything bigger than this is a mistake, not a lesson. */
#define LESSON_MAX_BYTES (1024 * 1024)

static const char *const languages[] = {
	"c", "h", "sh", "shell", "bash", "console", "text", "output",
	"plaintext", "python", "asm", "make", "diff", "ini", NULL
};

void lesson_problem(struct strvec *problems, const struct lesson *l, int line,
		    const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s:%d: ", l->path, line);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strvec_take(problems, strbuf_detach(&sb));
}

/* The line number of a "PATH:LINE: ..." message, 0 when it has none. */
static long message_line(const char *msg, const char *path)
{
	size_t n = strlen(path);
	if (strncmp(msg, path, n) || msg[n] != ':' || !isdigit((unsigned char)msg[n + 1]))
		return 0;
	return strtol(msg + n + 1, NULL, 10);
}

void lesson_sort_problems(struct strvec *v, const char *path)
{
	for (size_t i = 1; i < v->nr; i++) {
		char *m = v->items[i];
		long line = message_line(m, path);
		size_t j = i;
		while (j > 0 && message_line(v->items[j - 1], path) > line) {
			v->items[j] = v->items[j - 1];
			j--;
		}
		v->items[j] = m;
	}
}

bool lesson_folder_name(const char *name, int *number, const char **id)
{
	const char *p = name;
	long n = 0;

	*number = 0;
	*id = name;
	while (isdigit((unsigned char)*p)) {
		n = n * 10 + (*p - '0');
		if (n > 1000000000L)
			return false;
		p++;
	}
	if (p == name || *p != '-')
		return false;
	p++;
	if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p)))
		return false;
	for (const char *q = p; *q; q++)
		if (!(islower((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '-'))
			return false;
	*number = (int)n;
	*id = p;
	return true;
}

/* Append the text of n's inlines, without markup, as one line. */
static void plain_text(cmark_node *n, struct strbuf *out)
{
	struct strbuf raw;
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	bool space = false;

	strbuf_init(&raw);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			strbuf_addstr(&raw, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			strbuf_addch(&raw, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);

	/* one line: runs of white space become one space, none at the ends */
	for (const char *p = raw.buf; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = true;
			continue;
		}
		if (space && out->len)
			strbuf_addch(out, ' ');
		space = false;
		strbuf_addch(out, *p);
	}
	strbuf_release(&raw);
}

static char *node_text(cmark_node *n)
{
	struct strbuf sb;
	strbuf_init(&sb);
	plain_text(n, &sb);
	return strbuf_detach(&sb);
}

static bool is_heading(cmark_node *n, int level)
{
	return cmark_node_get_type(n) == CMARK_NODE_HEADING &&
	       cmark_node_get_heading_level(n) == level;
}

/* Next line of *p into [*start, *start + *len), '\r' dropped; false at the end. */
static bool next_line(const char **p, const char **start, size_t *len)
{
	if (!**p)
		return false;
	const char *nl = strchr(*p, '\n');
	size_t n = nl ? (size_t)(nl - *p) : strlen(*p);
	*start = *p;
	*p += n + (nl ? 1 : 0);
	if (n && (*start)[n - 1] == '\r')
		n--;
	*len = n;
	return true;
}

/* Trim white space from both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/*
 * Text made of lines, as hints and quiz explanations are: the lines of a
 * paragraph are joined with spaces, and a blank line starts a new paragraph
 * ("\n\n"), so whoever shows the text can wrap it to its width.
 */
struct para {
	struct strbuf sb;
	bool brk;
};

static void para_line(struct para *p, const char *s, size_t n)
{
	if (!n) {
		p->brk = true;
		return;
	}
	if (p->sb.len)
		strbuf_addstr(&p->sb, p->brk ? "\n\n" : " ");
	p->brk = false;
	strbuf_add(&p->sb, s, n);
}

/* ---- the blocks --------------------------------------------------------- */

static struct block *add_block(struct step *s, size_t *cap, enum block_kind kind, int line)
{
	XGROW(s->blocks, *cap, s->nblocks + 1);
	struct block *b = &s->blocks[s->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->line = line;
	strvec_init(&b->commands);
	return b;
}

static void block_release(struct block *b)
{
	strvec_release(&b->commands);
	free(b->command_lines);
	free(b->demo);
	free(b->region);
	free(b->source);
	free(b->text);
	free(b->question);
	for (size_t i = 0; i < b->nchoices; i++)
		free(b->choices[i].text);
	free(b->choices);
}

static int parse_run(struct lesson *l, struct block *b, const char *body,
		     struct strvec *problems)
{
	const char *p = body, *s;
	size_t n;
	int k = 0;

	for (; next_line(&p, &s, &n); k++) {
		trim(&s, &n);
		if (!n || *s == '#')
			continue;
		strvec_take(&b->commands, xstrndup(s, n));
		b->command_lines = xrealloc(b->command_lines,
					    b->commands.nr * sizeof *b->command_lines);
		b->command_lines[b->commands.nr - 1] = b->line + 1 + k;
	}
	if (!b->commands.nr) {
		lesson_problem(problems, l, b->line, "run block has no commands");
		return -1;
	}
	return 0;
}

static bool is_demo_word(const char *s, size_t n)
{
	if (!n || *s == '.' || *s == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return false;
	return true;
}

/* "name" or "lesson/name", the lesson part an id. */
static bool is_demo_name(const char *s)
{
	const char *slash = strchr(s, '/');
	if (!slash)
		return is_demo_word(s, strlen(s));
	if (slash == s || !is_demo_word(slash + 1, strlen(slash + 1)))
		return false;
	for (const char *q = s; q < slash; q++)
		if (!(islower((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '-'))
			return false;
	return *s != '-';
}

/* A line number of at most 7 digits, at least 1; -1 when it is not one. */
static int parse_lineno(const char *s, size_t n)
{
	int v = 0;
	if (!n || n > 7)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 ? v : -1;
}

static int parse_listing(struct lesson *l, struct block *b, const char *args,
			 const char *body, struct strvec *problems)
{
	struct strvec w;
	const char *range;
	int rc = -1;

	strvec_init(&w);
	strvec_split(&w, args);
	if (w.nr != 2 || !is_demo_name(w.items[0]))
		goto syntax;
	range = w.items[1];
	if (!strncmp(range, "region=", 7)) {
		if (!is_demo_word(range + 7, strlen(range + 7)))
			goto syntax;
		b->region = xstrdup(range + 7);
	} else {
		const char *dash = strchr(range, '-');
		size_t n1 = dash ? (size_t)(dash - range) : strlen(range);
		b->first = parse_lineno(range, n1);
		b->last = dash ? parse_lineno(dash + 1, strlen(dash + 1)) : b->first;
		if (b->first < 0 || b->last < 0)
			goto syntax;
		if (b->first > b->last) {
			lesson_problem(problems, l, b->line,
				"listing range %s is backwards (expected FIRST-LAST with FIRST <= LAST)",
				range);
			goto out;
		}
	}
	b->demo = xstrdup(w.items[0]);
	for (const char *p = body; *p; p++) {
		if (!isspace((unsigned char)*p)) {
			lesson_problem(problems, l, b->line,
				"listing block must be empty: its lines come from %s.c", b->demo);
			goto out;
		}
	}
	rc = 0;
	goto out;
syntax:
	lesson_problem(problems, l, b->line,
		"listing expects DEMO and LINES or region=NAME, got '%s'", args);
out:
	strvec_release(&w);
	return rc;
}

static int parse_hint(struct lesson *l, struct block *b, const char *body,
		      struct strvec *problems)
{
	struct para t = { .brk = false };
	const char *p = body, *s;
	size_t n;

	strbuf_init(&t.sb);
	while (next_line(&p, &s, &n)) {
		trim(&s, &n);
		para_line(&t, s, n);
	}
	if (!t.sb.len) {
		strbuf_release(&t.sb);
		lesson_problem(problems, l, b->line, "hint block has no text");
		return -1;
	}
	b->text = strbuf_detach(&t.sb);
	return 0;
}

/* "- [ ] text" or "- [x] text": the text, or NULL when s is not a choice. */
static const char *choice_text(const char *s, size_t n, bool *correct)
{
	if (n < 7 || strncmp(s, "- [", 3) || s[4] != ']' || (s[5] != ' ' && s[5] != '\t'))
		return NULL;
	if (s[3] == ' ')
		*correct = false;
	else if (s[3] == 'x' || s[3] == 'X')
		*correct = true;
	else
		return NULL;
	return s + 6;
}

static int parse_quiz(struct lesson *l, struct block *b, const char *body,
		      struct strvec *problems)
{
	enum { QUESTION, CHOICES, EXPLANATION } phase = QUESTION;
	struct strbuf question;
	struct para expl = { .brk = false };
	const char *p = body, *s;
	size_t n, ncorrect = 0, before = problems->nr;
	int k = 0;

	strbuf_init(&question);
	strbuf_init(&expl.sb);
	for (; next_line(&p, &s, &n); k++) {
		bool correct;
		const char *text;

		trim(&s, &n);
		if (!n) {
			if (phase == EXPLANATION)
				para_line(&expl, s, 0);
			continue;
		}
		if ((text = choice_text(s, n, &correct)) && phase != EXPLANATION) {
			size_t tn = n - (size_t)(text - s);
			trim(&text, &tn);
			phase = CHOICES;
			b->choices = xrealloc(b->choices, (b->nchoices + 1) * sizeof *b->choices);
			b->choices[b->nchoices].text = xstrndup(text, tn);
			b->choices[b->nchoices++].correct = correct;
			ncorrect += correct;
		} else if (*s == '>') {
			const char *e = s + 1;
			size_t en = n - 1;
			trim(&e, &en);
			phase = EXPLANATION;
			para_line(&expl, e, en);
		} else if (phase == QUESTION) {
			if (question.len)
				strbuf_addch(&question, ' ');
			strbuf_add(&question, s, n);
		} else {
			lesson_problem(problems, l, b->line + 1 + k,
				"quiz line '%.*s' is out of place (expected the question, then '- [ ]' choices, then '> ' explanation)",
				(int)n, s);
		}
	}
	if (!question.len)
		lesson_problem(problems, l, b->line, "quiz has no question");
	if (b->nchoices < 2)
		lesson_problem(problems, l, b->line, "quiz needs at least 2 choices");
	if (b->nchoices && ncorrect != 1)
		lesson_problem(problems, l, b->line, "quiz needs exactly one choice marked [x]");
	if (!expl.sb.len)
		lesson_problem(problems, l, b->line, "quiz has no explanation (lines starting with '> ')");
	b->question = strbuf_detach(&question);
	b->text = strbuf_detach(&expl.sb);
	return problems->nr == before ? 0 : -1;
}

/* One code block of the document; s is its step, NULL outside the steps. */
static void parse_code_block(struct lesson *l, struct step *s, size_t *cap,
			     cmark_node *node, struct strvec *problems)
{
	static const struct {
		const char *word;
		enum block_kind kind;
	} kinds[] = {
		{ "run", BLOCK_RUN }, { "listing", BLOCK_LISTING },
		{ "hint", BLOCK_HINT }, { "quiz", BLOCK_QUIZ },
	};
	const char *info = cmark_node_get_fence_info(node);
	const char *body = cmark_node_get_literal(node);
	int line = cmark_node_get_start_line(node);
	size_t wlen;
	const char *rest;
	char *word;
	int kind = -1;

	if (!info)
		info = "";
	if (!body)
		body = "";
	info += strspn(info, " \t");
	wlen = strcspn(info, " \t");
	if (!wlen)
		return; /* plain code */
	word = xstrndup(info, wlen);
	rest = info + wlen;
	rest += strspn(rest, " \t");
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (!strcmp(word, kinds[i].word))
			kind = (int)kinds[i].kind;
	if (kind < 0) {
		for (size_t i = 0; languages[i]; i++)
			if (!strcmp(word, languages[i]))
				goto out;
		lesson_problem(problems, l, line,
			"unknown block kind '%s' (expected run, listing, hint, quiz, or a language such as c, sh, text)",
			word);
		goto out;
	}
	if (!s) {
		lesson_problem(problems, l, line,
			"%s block is outside any step (expected it under a '## Step title' heading)",
			word);
		goto out;
	}
	if (kind != BLOCK_LISTING && *rest) {
		lesson_problem(problems, l, line, "%s block takes nothing after '%s', got '%s'",
			word, word, rest);
		goto out;
	}

	struct block *b = add_block(s, cap, (enum block_kind)kind, line);
	int rc;
	switch (b->kind) {
	case BLOCK_RUN:
		rc = parse_run(l, b, body, problems);
		break;
	case BLOCK_LISTING:
		rc = parse_listing(l, b, rest, body, problems);
		break;
	case BLOCK_HINT:
		rc = parse_hint(l, b, body, problems);
		break;
	default:
		rc = parse_quiz(l, b, body, problems);
		break;
	}
	if (rc < 0) {
		/* keep only blocks that make sense; the lesson is bad anyway */
		block_release(b);
		s->nblocks--;
	}
out:
	free(word);
}

/* Every code block under node (a top-level node of the document). */
static void parse_blocks_under(struct lesson *l, struct step *s, size_t *cap,
			       cmark_node *node, struct strvec *problems)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(c) == CMARK_NODE_CODE_BLOCK)
			parse_code_block(l, s, cap, c, problems);
	}
	cmark_iter_free(it);
}

/* ---- the document -------------------------------------------------------- */

static struct lesson *lesson_new(const char *dir)
{
	struct lesson *l = xcalloc(1, sizeof *l);
	size_t n = strlen(dir);
	const char *base, *id;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	l->dir = xstrndup(dir, n);
	l->path = xasprintf("%s/lesson.md", l->dir);
	base = strrchr(l->dir, '/');
	base = base ? base + 1 : l->dir;
	lesson_folder_name(base, &l->number, &id);
	l->id = xstrdup(id);
	l->summary = xstrdup("");
	return l;
}

static int read_lesson(struct lesson *l, struct strbuf *text, struct strvec *problems)
{
	struct strbuf err;
	size_t bad;

	if (!file_exists(l->path)) {
		strvec_pushf(problems, "%s: missing", l->path);
		return -1;
	}
	strbuf_init(&err);
	if (file_read(l->path, LESSON_MAX_BYTES, text, &err) < 0) {
		strvec_pushf(problems, "%s: %s", l->path, err.buf);
		strbuf_release(&err);
		return -1;
	}
	strbuf_release(&err);
	if (!utf8_valid(text->buf, text->len, &bad)) {
		int line = 1;
		size_t col = bad + 1;
		for (size_t i = 0; i < bad; i++) {
			if (text->buf[i] == '\n') {
				line++;
				col = bad - i;
			}
		}
		lesson_problem(problems, l, line, "not valid UTF-8 (byte 0x%02X at column %zu)",
			(unsigned char)text->buf[bad], col);
		return -1;
	}
	return 0;
}

/* The first paragraph of the introduction, as one line of plain text. */
static void find_summary(struct lesson *l)
{
	for (cmark_node *n = l->intro_first; n && n != l->intro_end; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
			free(l->summary);
			l->summary = node_text(n);
			return;
		}
	}
}

struct lesson *lesson_parse(const char *dir, struct strvec *problems)
{
	struct lesson *l = lesson_new(dir);
	struct strvec found;
	struct strbuf text;
	cmark_node *title = NULL, *n;
	size_t *caps = NULL, k;

	strvec_init(&found);
	strbuf_init(&text);
	if (read_lesson(l, &text, problems) < 0)
		goto fail;
	l->doc = cmark_parse_document(text.buf, text.len, CMARK_OPT_DEFAULT);
	strbuf_release(&text);

	for (n = cmark_node_first_child(l->doc); n; n = cmark_node_next(n)) {
		if (is_heading(n, 2))
			break;
		if (is_heading(n, 1)) {
			title = n;
			break;
		}
	}
	if (!title) {
		lesson_problem(problems, l, 1,
			"no title (expected a '# Title' line before the first step)");
		goto fail;
	}
	l->title = node_text(title);
	l->intro_first = cmark_node_next(title);

	for (n = l->intro_first; n; n = cmark_node_next(n))
		if (is_heading(n, 2))
			l->nsteps++;
	l->steps = xcalloc(l->nsteps ? l->nsteps : 1, sizeof *l->steps);
	caps = xcalloc(l->nsteps ? l->nsteps : 1, sizeof *caps);
	k = 0;
	for (n = l->intro_first; n; n = cmark_node_next(n)) {
		if (!is_heading(n, 2))
			continue;
		struct step *s = &l->steps[k];
		s->title = node_text(n);
		s->line = cmark_node_get_start_line(n);
		s->first = cmark_node_next(n);
		if (k)
			l->steps[k - 1].end = n;
		else
			l->intro_end = n;
		k++;
	}
	find_summary(l);

	/* From here on problems are found in any order: sort them by line. */
	if (!l->nsteps)
		lesson_problem(&found, l, cmark_node_get_start_line(title),
			"no steps (expected '## Step title' headings)");
	for (k = 0; k < l->nsteps; k++)
		if (l->steps[k].first == l->steps[k].end)
			lesson_problem(&found, l, l->steps[k].line, "step '%s' is empty",
				l->steps[k].title);
	/* every level-2 heading is a step: none comes before the title */
	k = 0;
	struct step *cur = NULL;
	for (n = cmark_node_first_child(l->doc); n; n = cmark_node_next(n)) {
		if (is_heading(n, 2)) {
			cur = &l->steps[k++];
			continue;
		}
		parse_blocks_under(l, cur, cur ? &caps[cur - l->steps] : NULL, n, &found);
	}
	lesson_sort_problems(&found, l->path);
	for (k = 0; k < found.nr; k++)
		strvec_push(problems, found.items[k]);
	strvec_release(&found);
	free(caps);
	return l;
fail:
	strbuf_release(&text);
	strvec_release(&found);
	free(caps);
	lesson_free(l);
	return NULL;
}

void lesson_free(struct lesson *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nsteps; i++) {
		for (size_t j = 0; j < l->steps[i].nblocks; j++)
			block_release(&l->steps[i].blocks[j]);
		free(l->steps[i].blocks);
		free(l->steps[i].title);
	}
	free(l->steps);
	free(l->id);
	free(l->dir);
	free(l->path);
	free(l->title);
	free(l->summary);
	if (l->doc)
		cmark_node_free(l->doc);
	free(l);
}

int lesson_find_step(const struct lesson *l, const char *which)
{
	size_t n = strlen(which);
	bool digits = n > 0;

	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)which[i]))
			digits = false;
	if (digits) {
		if (n > 9)
			return -1;
		long v = strtol(which, NULL, 10);
		return v >= 1 && (size_t)v <= l->nsteps ? (int)v - 1 : -1;
	}
	if (!n)
		return -1;
	for (size_t i = 0; i < l->nsteps; i++)
		if (!strcasecmp(l->steps[i].title, which))
			return (int)i;
	for (size_t i = 0; i < l->nsteps; i++)
		if (!strncasecmp(l->steps[i].title, which, n))
			return (int)i;
	return -1;
}
