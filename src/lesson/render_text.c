/* render_text: steps and introductions as plain wrapped text, and listings with line numbers (lesson_render_text, lesson_render_intro, lesson_listing_text). */
#define _XOPEN_SOURCE 700 /* wcwidth is X/Open, not plain POSIX */
#include "lesson.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../util/fileio.h"
#include "../util/xalloc.h"

#define MIN_WIDTH 20   /* what lesson.h promises for a smaller width */
#define MIN_INNER 10   /* the narrowest text inside lists and quotes */
#define TAB_STOP 8     /* demos are written with tabs; show them as an editor does */
#define SOURCE_MAX_BYTES (4 * 1024 * 1024)

struct ctx {
	const struct lesson *l;
	const struct step *step; /* NULL for the introduction */
};

/* ---- display columns ------------------------------------------------------ */

/* Length of the UTF-8 sequence at s (at most n bytes, at least 1). */
static size_t utf8_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)*s;
	size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (len > n)
		len = n;
	for (size_t i = 1; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return i;
	return len;
}

/*
 * Columns of the character at s (n bytes left); its length in *len. The
 * locale decides (wcwidth: 2 for CJK, 0 for combining marks); a character it
 * cannot decode or measure counts as 1 column.
 */
static int char_cols(const char *s, size_t n, size_t *len)
{
	wchar_t wc;
	mbstate_t st;
	size_t r;
	int w;

	if ((unsigned char)*s < 0x80) {
		*len = 1;
		return 1;
	}
	memset(&st, 0, sizeof st);
	r = mbrtowc(&wc, s, n, &st);
	if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
		*len = utf8_len(s, n);
		return 1;
	}
	*len = r;
	w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

static int text_cols(const char *s, size_t n)
{
	int cols = 0;
	size_t len;
	for (size_t i = 0; i < n; i += len)
		cols += char_cols(s + i, n - i, &len);
	return cols;
}

/* Append s without its trailing spaces: no output line ends in one. */
static void add_rtrimmed(struct strbuf *out, const char *s)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	strbuf_add(out, s, n);
}

/* ---- wrapping -------------------------------------------------------------- */

struct wrap {
	struct strbuf *out;
	const char *first, *rest; /* prefixes of the first and later lines */
	int avail_first, avail_rest;
	bool started;             /* the first line is out */
	struct strbuf line;
	int cols;
};

static int wrap_avail(const struct wrap *wr)
{
	return wr->started ? wr->avail_rest : wr->avail_first;
}

static void wrap_flush(struct wrap *wr)
{
	const char *prefix = wr->started ? wr->rest : wr->first;
	if (wr->line.len) {
		strbuf_addstr(wr->out, prefix);
		strbuf_add(wr->out, wr->line.buf, wr->line.len);
	} else {
		add_rtrimmed(wr->out, prefix);
	}
	strbuf_addch(wr->out, '\n');
	wr->started = true;
	strbuf_reset(&wr->line);
	wr->cols = 0;
}

/* Place one unbreakable unit (a word, or one wide character). */
static void wrap_unit(struct wrap *wr, const char *u, size_t n, int cols, bool space)
{
	int need = cols + (wr->cols && space ? 1 : 0);
	size_t len;

	if (wr->cols + need <= wrap_avail(wr)) {
		if (wr->cols && space)
			strbuf_addch(&wr->line, ' ');
		strbuf_add(&wr->line, u, n);
		wr->cols += need;
		return;
	}
	if (wr->cols)
		wrap_flush(wr);
	if (cols <= wrap_avail(wr)) {
		strbuf_add(&wr->line, u, n);
		wr->cols = cols;
		return;
	}
	/* longer than a line (a URL, a path): cut it where the line ends */
	for (size_t i = 0; i < n; i += len) {
		int cw = char_cols(u + i, n - i, &len);
		if (wr->cols && wr->cols + cw > wrap_avail(wr))
			wrap_flush(wr);
		strbuf_add(&wr->line, u + i, len);
		wr->cols += cw;
	}
}

/*
 * Wrap text at width columns, the first line after first and the others
 * after rest. Lines break at spaces and on either side of a wide (CJK)
 * character, which needs no space around it; '\n' is a hard break.
 */
static void wrap_text(struct strbuf *out, const char *text, int width,
		      const char *first, const char *rest)
{
	struct wrap wr = { .out = out, .first = first, .rest = rest };
	const char *p = text;

	if (!*text)
		return;
	wr.avail_first = width - text_cols(first, strlen(first));
	wr.avail_rest = width - text_cols(rest, strlen(rest));
	if (wr.avail_first < 1)
		wr.avail_first = 1;
	if (wr.avail_rest < 1)
		wr.avail_rest = 1;
	strbuf_init(&wr.line);
	for (;;) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		bool space = false;

		while (p < end) {
			const char *u = p;
			size_t len;
			int cols, cw;

			if (*p == ' ' || *p == '\t') {
				space = true;
				p++;
				continue;
			}
			cols = char_cols(p, (size_t)(end - p), &len);
			p += len;
			if (cols < 2) {
				while (p < end && *p != ' ' && *p != '\t') {
					cw = char_cols(p, (size_t)(end - p), &len);
					if (cw >= 2)
						break;
					cols += cw;
					p += len;
				}
			}
			wrap_unit(&wr, u, (size_t)(p - u), cols, space);
			space = false;
		}
		wrap_flush(&wr);
		if (!nl)
			break;
		p = nl + 1;
	}
	strbuf_release(&wr.line);
}

/* Each line of src into out after a prefix: first for the first line, rest
 * for the others (trimmed on an empty line). */
static void prefix_lines(struct strbuf *out, const char *src, const char *first,
			 const char *rest)
{
	bool started = false;
	while (*src) {
		const char *nl = strchr(src, '\n');
		size_t n = nl ? (size_t)(nl - src) : strlen(src);
		const char *prefix = started ? rest : first;
		if (n) {
			strbuf_addstr(out, prefix);
			strbuf_add(out, src, n);
		} else {
			add_rtrimmed(out, prefix);
		}
		strbuf_addch(out, '\n');
		started = true;
		src += n + (nl ? 1 : 0);
	}
}

/* One line of code after prefix, tabs expanded, no trailing blanks. */
static void add_code_line(struct strbuf *out, const char *prefix, const char *s, size_t n)
{
	struct strbuf line;
	int col = 0;
	size_t len;

	strbuf_init(&line);
	strbuf_addstr(&line, prefix);
	for (size_t i = 0; i < n; i += len) {
		if (s[i] == '\t') {
			do
				strbuf_addch(&line, ' ');
			while (++col % TAB_STOP);
			len = 1;
			continue;
		}
		if (s[i] == '\r' && i + 1 == n) {
			len = 1;
			continue;
		}
		col += char_cols(s + i, n - i, &len);
		strbuf_add(&line, s + i, len);
	}
	strbuf_rtrim(&line);
	strbuf_add(out, line.buf, line.len);
	strbuf_addch(out, '\n');
	strbuf_release(&line);
}

/* ---- inlines --------------------------------------------------------------- */

/* The inlines under parent as text with light markup: `code`, *emphasis*,
 * **strong**, "text (url)"; a hard line break is '\n'. */
static void render_inlines(cmark_node *parent, struct strbuf *out)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			strbuf_addstr(out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_CODE:
			strbuf_addch(out, '`');
			strbuf_addstr(out, cmark_node_get_literal(n));
			strbuf_addch(out, '`');
			break;
		case CMARK_NODE_SOFTBREAK:
			strbuf_addch(out, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			strbuf_addch(out, '\n');
			break;
		case CMARK_NODE_EMPH:
			strbuf_addch(out, '*');
			render_inlines(n, out);
			strbuf_addch(out, '*');
			break;
		case CMARK_NODE_STRONG:
			strbuf_addstr(out, "**");
			render_inlines(n, out);
			strbuf_addstr(out, "**");
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE: {
			struct strbuf text;
			const char *url = cmark_node_get_url(n);
			strbuf_init(&text);
			render_inlines(n, &text);
			strbuf_add(out, text.buf, text.len);
			/* an autolink's text is its url already */
			if (url && *url && strcmp(url, text.buf) &&
			    !(!strncmp(url, "mailto:", 7) && !strcmp(url + 7, text.buf)))
				strbuf_addf(out, text.len ? " (%s)" : "(%s)", url);
			strbuf_release(&text);
			break;
		}
		case CMARK_NODE_HTML_INLINE:
			break; /* markup for a browser means nothing here */
		default:
			render_inlines(n, out);
			break;
		}
	}
}

/* A heading: its text wrapped, underlined with rule to its widest line. */
static void render_heading(struct strbuf *out, const char *text, int width, const char *rule)
{
	struct strbuf h;
	int widest = 0;

	strbuf_init(&h);
	wrap_text(&h, text, width, "", "");
	for (const char *p = h.buf; *p;) {
		const char *nl = strchr(p, '\n');
		int cols = text_cols(p, (size_t)(nl - p));
		if (cols > widest)
			widest = cols;
		p = nl + 1;
	}
	strbuf_add(out, h.buf, h.len);
	if (rule) {
		strbuf_repeat(out, rule, (size_t)widest);
		strbuf_addch(out, '\n');
	}
	strbuf_release(&h);
}

/* ---- lockstep's blocks ----------------------------------------------------- */

static void render_listing(const struct block *b, struct strbuf *out)
{
	struct strbuf err;

	if (b->first < 1)
		strbuf_addf(out, "  %s.c:\n", b->demo);
	else if (b->first == b->last)
		strbuf_addf(out, "  %s.c, line %d:\n", b->demo, b->first);
	else
		strbuf_addf(out, "  %s.c, lines %d–%d:\n", b->demo, b->first, b->last);
	strbuf_init(&err);
	if (lesson_listing_text(b, out, &err) < 0)
		strbuf_addf(out, "  (cannot show %s.c: %s)\n", b->demo, err.buf);
	strbuf_release(&err);
}

static void render_quiz(const struct block *b, int width, struct strbuf *out)
{
	wrap_text(out, b->question, width, "Quiz: ", "      ");
	for (size_t i = 0; i < b->nchoices; i++) {
		char marker[8];
		snprintf(marker, sizeof marker, "  %c) ", (char)('a' + i % 26));
		wrap_text(out, b->choices[i].text, width, marker, "     ");
	}
	strbuf_addstr(out, "  (answer with: answer LETTER)\n");
}

/* The step's block that the code block node is, or NULL. */
static const struct block *find_block(const struct ctx *c, cmark_node *n)
{
	static const char *const kinds[] = { "run", "listing", "hint", "quiz", NULL };
	const char *info = cmark_node_get_fence_info(n);
	int line = cmark_node_get_start_line(n);
	size_t wlen;
	bool ours = false;

	if (!c->step || !info)
		return NULL;
	info += strspn(info, " \t");
	wlen = strcspn(info, " \t");
	for (size_t i = 0; kinds[i]; i++)
		if (strlen(kinds[i]) == wlen && !strncmp(info, kinds[i], wlen))
			ours = true;
	if (!ours)
		return NULL;
	for (size_t i = 0; i < c->step->nblocks; i++)
		if (c->step->blocks[i].line == line)
			return &c->step->blocks[i];
	return NULL;
}

static void render_lockstep_block(const struct block *b, int width, struct strbuf *out)
{
	switch (b->kind) {
	case BLOCK_RUN:
		for (size_t i = 0; i < b->commands.nr; i++)
			strbuf_addf(out, "  ▶ run: %s\n", b->commands.items[i]);
		break;
	case BLOCK_LISTING:
		render_listing(b, out);
		break;
	case BLOCK_HINT:
		strbuf_addstr(out, "  (hint available: type 'hint')\n");
		break;
	case BLOCK_QUIZ:
		render_quiz(b, width, out);
		break;
	}
}

/* ---- blocks ---------------------------------------------------------------- */

static void render_block(const struct ctx *c, cmark_node *n, int width, struct strbuf *out);

/* The blocks [first, end), a blank line between them unless tight. */
static void render_blocks(const struct ctx *c, cmark_node *first, cmark_node *end,
			  int width, bool tight, struct strbuf *out)
{
	struct strbuf one;
	bool any = false;

	strbuf_init(&one);
	for (cmark_node *n = first; n && n != end; n = cmark_node_next(n)) {
		strbuf_reset(&one);
		render_block(c, n, width, &one);
		if (!one.len)
			continue;
		if (any && !tight)
			strbuf_addch(out, '\n');
		strbuf_add(out, one.buf, one.len);
		any = true;
	}
	strbuf_release(&one);
}

static int inner_width(int width, int indent)
{
	return width - indent < MIN_INNER ? MIN_INNER : width - indent;
}

static void render_list(const struct ctx *c, cmark_node *list, int width, struct strbuf *out)
{
	bool tight = cmark_node_get_list_tight(list);
	bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
	char delim = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.';
	int start = cmark_node_get_list_start(list), count = 0, indent = 2, k = 0;
	struct strbuf body;
	char marker[32], rest[32];

	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item))
		count++;
	if (ordered)
		indent = snprintf(NULL, 0, "%d", start + count - 1) + 2;
	memset(rest, ' ', (size_t)indent);
	rest[indent] = '\0';
	strbuf_init(&body);
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item), k++) {
		if (ordered)
			snprintf(marker, sizeof marker, "%*d%c ", indent - 2, start + k, delim);
		else
			snprintf(marker, sizeof marker, "• ");
		strbuf_reset(&body);
		render_blocks(c, cmark_node_first_child(item), NULL, inner_width(width, indent),
			      tight, &body);
		if (k && !tight)
			strbuf_addch(out, '\n');
		if (body.len) {
			prefix_lines(out, body.buf, marker, rest);
		} else {
			add_rtrimmed(out, marker);
			strbuf_addch(out, '\n');
		}
	}
	strbuf_release(&body);
}

static void render_code(cmark_node *n, struct strbuf *out)
{
	const char *p = cmark_node_get_literal(n), *end;

	if (!p)
		return;
	/* up to the end of the last line that is not blank */
	end = p + strlen(p);
	while (end > p && strchr(" \t\r\n", end[-1]))
		end--;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		add_code_line(out, "    ", p, len);
		p += len + (nl ? 1 : 0);
	}
}

static void render_block(const struct ctx *c, cmark_node *n, int width, struct strbuf *out)
{
	struct strbuf tmp;
	const struct block *b;

	strbuf_init(&tmp);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		render_inlines(n, &tmp);
		wrap_text(out, tmp.buf, width, "", "");
		break;
	case CMARK_NODE_HEADING: {
		int level = cmark_node_get_heading_level(n);
		render_inlines(n, &tmp);
		render_heading(out, tmp.buf, width,
			       level == 1 ? "═" : level == 2 ? "─" : NULL);
		break;
	}
	case CMARK_NODE_BLOCK_QUOTE:
		render_blocks(c, cmark_node_first_child(n), NULL, inner_width(width, 2), false, &tmp);
		prefix_lines(out, tmp.buf, "│ ", "│ ");
		break;
	case CMARK_NODE_LIST:
		render_list(c, n, width, out);
		break;
	case CMARK_NODE_CODE_BLOCK:
		if ((b = find_block(c, n)))
			render_lockstep_block(b, width, out);
		else
			render_code(n, out);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		strbuf_addstr(out, "* * *\n");
		break;
	default:
		break; /* HTML blocks are for browsers */
	}
	strbuf_release(&tmp);
}

/* ---- the module's functions ------------------------------------------------ */

/* Heading, blank line, blocks; exactly one '\n' at the end. */
static void render_page(const struct ctx *c, const char *title, const char *rule,
			cmark_node *first, cmark_node *end, int width, struct strbuf *out)
{
	struct strbuf page, body;

	if (width < MIN_WIDTH)
		width = MIN_WIDTH;
	strbuf_init(&page);
	strbuf_init(&body);
	render_heading(&page, title, width, rule);
	render_blocks(c, first, end, width, false, &body);
	if (body.len) {
		strbuf_addch(&page, '\n');
		strbuf_add(&page, body.buf, body.len);
	}
	strbuf_rtrim(&page);
	strbuf_addch(&page, '\n');
	strbuf_add(out, page.buf, page.len);
	strbuf_release(&page);
	strbuf_release(&body);
}

void lesson_render_text(const struct lesson *l, size_t i, int width, struct strbuf *out)
{
	if (i >= l->nsteps)
		return;
	struct ctx c = { .l = l, .step = &l->steps[i] };
	render_page(&c, l->steps[i].title, "─", l->steps[i].first,
		    l->steps[i].end, width, out);
}

void lesson_render_intro(const struct lesson *l, int width, struct strbuf *out)
{
	struct ctx c = { .l = l, .step = NULL };
	render_page(&c, l->title, "═", l->intro_first, l->intro_end, width, out);
}

int lesson_listing_text(const struct block *b, struct strbuf *out, struct strbuf *err)
{
	struct strbuf text, lines;
	const char *p;
	int lineno = 0, rc = -1;

	if (b->kind != BLOCK_LISTING || !b->source || b->first < 1 || b->last < b->first) {
		strbuf_addf(err, "listing of '%s' was not checked against its source",
			    b->demo ? b->demo : "");
		return -1;
	}
	strbuf_init(&text);
	strbuf_init(&lines);
	if (file_read(b->source, SOURCE_MAX_BYTES, &text, err) < 0)
		goto out;
	for (p = text.buf; *p && lineno < b->last;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char num[32];
		if (++lineno >= b->first) {
			snprintf(num, sizeof num, "%5d │ ", lineno);
			add_code_line(&lines, num, p, len);
		}
		p += len + (nl ? 1 : 0);
	}
	if (lineno < b->last) {
		if (b->first == b->last)
			strbuf_addf(err, "listing range %d", b->first);
		else
			strbuf_addf(err, "listing range %d-%d", b->first, b->last);
		strbuf_addf(err, " is past the end of %s.c (%d line%s)", b->demo, lineno,
			    lineno == 1 ? "" : "s");
		goto out;
	}
	strbuf_add(out, lines.buf, lines.len);
	rc = 0;
out:
	strbuf_release(&text);
	strbuf_release(&lines);
	return rc;
}
