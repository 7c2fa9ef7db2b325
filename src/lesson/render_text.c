/* render_text: steps and introductions laid out once as styled lines (a doc), the plain text derived from them, and listings with line numbers and C colours. */
#define _XOPEN_SOURCE 700 /* wcwidth is X/Open, not plain POSIX */
#include "lesson.h"

#include <cmark.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../util/fileio.h"
#include "../util/xalloc.h"
#include "../view/doc.h"
#include "../view/highlight.h"

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

/* ---- styled text before it is wrapped ---------------------------------------- */

/* Inline text with a style for each byte: the wrapper breaks it anywhere,
 * and every piece keeps the style it had. */
struct stext {
	struct strbuf s;
	uint8_t *st;   /* s.len styles */
	size_t cap;
};

static void stext_init(struct stext *t)
{
	strbuf_init(&t->s);
	t->st = NULL;
	t->cap = 0;
}

static void stext_release(struct stext *t)
{
	strbuf_release(&t->s);
	free(t->st);
}

static void stext_add(struct stext *t, const char *s, size_t n, enum style st)
{
	XGROW(t->st, t->cap, t->s.len + n + 1);
	memset(t->st + t->s.len, (int)st, n);
	strbuf_add(&t->s, s, n);
}

static void stext_addstr(struct stext *t, const char *s, enum style st)
{
	if (s)
		stext_add(t, s, strlen(s), st);
}

/* n bytes of src from off, with their styles. */
static void stext_copy(struct stext *t, const struct stext *src, size_t off, size_t n)
{
	if (!n)
		return; /* src->st may be NULL yet */
	XGROW(t->st, t->cap, t->s.len + n + 1);
	memcpy(t->st + t->s.len, src->st + off, n);
	strbuf_add(&t->s, src->s.buf + off, n);
}

/* Onto out's current line, one span per run of a style. */
static void stext_to_doc(const struct stext *t, struct doc *out)
{
	for (size_t i = 0, j; i < t->s.len; i = j) {
		for (j = i + 1; j < t->s.len && t->st[j] == t->st[i]; j++)
			;
		doc_add(out, t->s.buf + i, j - i, (enum style)t->st[i]);
	}
}

/* ---- lines of the doc ------------------------------------------------------- */

static void addf(struct doc *out, enum style st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One whole line in one style. */
static void addf(struct doc *out, enum style st, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	doc_add(out, sb.buf, sb.len, st);
	doc_newline(out);
	strbuf_release(&sb);
}

/* s without its trailing spaces: no line ends in one, not even in the
 * styled doc, where a coloured background would show it. */
static void add_rtrimmed(struct doc *out, const char *s, enum style st)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	doc_add(out, s, n, st);
}

/*
 * Each line of src into out after a prefix in style pst: first for the
 * first line, rest for the others (trimmed on an empty line). The lines'
 * ST_TEXT becomes base.
 */
static void prefix_lines(struct doc *out, const struct doc *src, const char *first,
			 const char *rest, enum style pst, enum style base)
{
	size_t n = doc_nlines(src), len;

	for (size_t i = 0; i < n; i++) {
		const char *prefix = i ? rest : first;
		doc_line_text(src, i, &len);
		if (len) {
			doc_addstr(out, prefix, pst);
			doc_add_line(out, src, i, base);
		} else {
			add_rtrimmed(out, prefix, pst);
		}
		doc_newline(out);
	}
}

static void append_doc(struct doc *out, const struct doc *src)
{
	prefix_lines(out, src, "", "", ST_TEXT, ST_TEXT);
}

/*
 * One line of code after prefix (in style pst), tabs expanded, no trailing
 * blanks; coloured as C when hl is given (and hl advanced), else ST_CODE.
 */
static void add_code_line(struct doc *out, const char *prefix, enum style pst,
			  const char *s, size_t n, struct hl_state *hl)
{
	struct strbuf line;
	int col = 0;
	size_t len;

	strbuf_init(&line);
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
	/* an empty code line loses the prefix's trailing blank, as text does */
	if (line.len)
		doc_addstr(out, prefix, pst);
	else
		add_rtrimmed(out, prefix, pst);
	if (hl)
		highlight_c(line.buf, line.len, hl, out);
	else
		doc_add(out, line.buf, line.len, ST_CODE);
	doc_newline(out);
	strbuf_release(&line);
}

/* ---- wrapping -------------------------------------------------------------- */

struct wrap {
	struct doc *out;
	const char *first, *rest; /* prefixes of the first and later lines */
	enum style pst;           /* and their style */
	int avail_first, avail_rest;
	bool started;             /* the first line is out */
	struct stext line;
	int cols;
};

static int wrap_avail(const struct wrap *wr)
{
	return wr->started ? wr->avail_rest : wr->avail_first;
}

static void wrap_flush(struct wrap *wr)
{
	const char *prefix = wr->started ? wr->rest : wr->first;
	if (wr->line.s.len) {
		doc_addstr(wr->out, prefix, wr->pst);
		stext_to_doc(&wr->line, wr->out);
	} else {
		add_rtrimmed(wr->out, prefix, wr->pst);
	}
	doc_newline(wr->out);
	wr->started = true;
	strbuf_reset(&wr->line.s);
	wr->cols = 0;
}

/*
 * Place one unbreakable unit (a word, or one wide character): n bytes of
 * text from off. space: it followed blanks, one of which (in style
 * space_st) goes before it unless it starts a line.
 */
static void wrap_unit(struct wrap *wr, const struct stext *text, size_t off, size_t n,
		      int cols, bool space, enum style space_st)
{
	int need = cols + (wr->cols && space ? 1 : 0);
	const char *u = text->s.buf + off;
	size_t len;

	if (wr->cols + need <= wrap_avail(wr)) {
		if (wr->cols && space)
			stext_add(&wr->line, " ", 1, space_st);
		stext_copy(&wr->line, text, off, n);
		wr->cols += need;
		return;
	}
	if (wr->cols)
		wrap_flush(wr);
	if (cols <= wrap_avail(wr)) {
		stext_copy(&wr->line, text, off, n);
		wr->cols = cols;
		return;
	}
	/* longer than a line (a URL, a path): cut it where the line ends */
	for (size_t i = 0; i < n; i += len) {
		int cw = char_cols(u + i, n - i, &len);
		if (wr->cols && wr->cols + cw > wrap_avail(wr))
			wrap_flush(wr);
		stext_copy(&wr->line, text, off + i, len);
		wr->cols += cw;
	}
}

/*
 * Wrap text at width columns into out, the first line after first and the
 * others after rest (both in style pst). Lines break at spaces and on
 * either side of a wide (CJK) character, which needs no space around it;
 * '\n' is a hard break.
 */
static void wrap_text(struct doc *out, const struct stext *text, int width,
		      const char *first, const char *rest, enum style pst)
{
	struct wrap wr = { .out = out, .first = first, .rest = rest, .pst = pst };
	const char *buf = text->s.buf;
	size_t total = text->s.len, p = 0;

	if (!total)
		return;
	wr.avail_first = width - text_cols(first, strlen(first));
	wr.avail_rest = width - text_cols(rest, strlen(rest));
	if (wr.avail_first < 1)
		wr.avail_first = 1;
	if (wr.avail_rest < 1)
		wr.avail_rest = 1;
	stext_init(&wr.line);
	for (;;) {
		const char *nl = memchr(buf + p, '\n', total - p);
		size_t end = nl ? (size_t)(nl - buf) : total;
		bool space = false;
		enum style space_st = ST_TEXT;

		while (p < end) {
			size_t u = p, len;
			int cols, cw;

			if (buf[p] == ' ' || buf[p] == '\t') {
				if (!space)
					space_st = (enum style)text->st[p];
				space = true;
				p++;
				continue;
			}
			cols = char_cols(buf + p, end - p, &len);
			p += len;
			if (cols < 2) {
				while (p < end && buf[p] != ' ' && buf[p] != '\t') {
					cw = char_cols(buf + p, end - p, &len);
					if (cw >= 2)
						break;
					cols += cw;
					p += len;
				}
			}
			wrap_unit(&wr, text, u, p - u, cols, space, space_st);
			space = false;
		}
		wrap_flush(&wr);
		if (!nl)
			break;
		p = end + 1;
	}
	stext_release(&wr.line);
}

/* ---- inlines --------------------------------------------------------------- */

/* The inlines under parent as text with light markup, kept in the styled
 * form too so both wrap alike: `code`, *emphasis*, **strong**, "text (url)";
 * a hard line break is '\n'. Plain text takes style st. */
static void render_inlines(cmark_node *parent, enum style st, struct stext *out)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			stext_addstr(out, cmark_node_get_literal(n), st);
			break;
		case CMARK_NODE_CODE:
			stext_add(out, "`", 1, ST_CODE);
			stext_addstr(out, cmark_node_get_literal(n), ST_CODE);
			stext_add(out, "`", 1, ST_CODE);
			break;
		case CMARK_NODE_SOFTBREAK:
			stext_add(out, " ", 1, st);
			break;
		case CMARK_NODE_LINEBREAK:
			stext_add(out, "\n", 1, st);
			break;
		case CMARK_NODE_EMPH:
			stext_add(out, "*", 1, ST_EMPH);
			render_inlines(n, ST_EMPH, out);
			stext_add(out, "*", 1, ST_EMPH);
			break;
		case CMARK_NODE_STRONG:
			stext_add(out, "**", 2, ST_STRONG);
			render_inlines(n, ST_STRONG, out);
			stext_add(out, "**", 2, ST_STRONG);
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE: {
			struct stext text;
			const char *url = cmark_node_get_url(n);
			stext_init(&text);
			render_inlines(n, ST_LINK, &text);
			stext_copy(out, &text, 0, text.s.len);
			/* an autolink's text is its url already */
			if (url && *url && strcmp(url, text.s.buf) &&
			    !(!strncmp(url, "mailto:", 7) && !strcmp(url + 7, text.s.buf))) {
				stext_addstr(out, text.s.len ? " (" : "(", ST_LINK);
				stext_addstr(out, url, ST_LINK);
				stext_add(out, ")", 1, ST_LINK);
			}
			stext_release(&text);
			break;
		}
		case CMARK_NODE_HTML_INLINE:
			break; /* markup for a browser means nothing here */
		default:
			render_inlines(n, st, out);
			break;
		}
	}
}

/* A heading: its text wrapped, underlined with rule (in style rule_st) to
 * its widest line. */
static void render_heading(struct doc *out, const struct stext *text, int width,
			   const char *rule, enum style rule_st)
{
	struct doc h;
	int widest = 0;
	size_t len;

	doc_init(&h);
	wrap_text(&h, text, width, "", "", ST_TEXT);
	for (size_t i = 0; i < doc_nlines(&h); i++) {
		const char *s = doc_line_text(&h, i, &len);
		int cols = text_cols(s, len);
		if (cols > widest)
			widest = cols;
	}
	append_doc(out, &h);
	if (rule) {
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_repeat(&sb, rule, (size_t)widest);
		doc_add(out, sb.buf, sb.len, rule_st);
		doc_newline(out);
		strbuf_release(&sb);
	}
	doc_release(&h);
}

/* ---- lockstep's blocks ----------------------------------------------------- */

/* The listing's lines into out, or -1 (out untouched) with a reason in err. */
static int listing_doc(const struct block *b, struct doc *out, struct strbuf *err)
{
	struct strbuf text;
	struct doc lines;
	struct hl_state hl;
	const char *p;
	int lineno = 0, rc = -1;

	if (b->kind != BLOCK_LISTING || !b->source || b->first < 1 || b->last < b->first) {
		strbuf_addf(err, "listing of '%s' was not checked against its source",
			    b->demo ? b->demo : "");
		return -1;
	}
	strbuf_init(&text);
	doc_init(&lines);
	hl_init(&hl);
	if (file_read(b->source, SOURCE_MAX_BYTES, &text, err) < 0)
		goto out;
	for (p = text.buf; *p && lineno < b->last;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char num[32];
		if (++lineno >= b->first) {
			snprintf(num, sizeof num, "%5d │ ", lineno);
			add_code_line(&lines, num, ST_LINENO, p, len, &hl);
		} else {
			/* a listing may start inside a comment opened above it */
			highlight_c(p, len, &hl, NULL);
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
	append_doc(out, &lines);
	rc = 0;
out:
	strbuf_release(&text);
	doc_release(&lines);
	return rc;
}

static void render_listing(const struct block *b, struct doc *out)
{
	struct strbuf err;

	if (b->first < 1)
		addf(out, ST_DIM, "  %s.c:", b->demo);
	else if (b->first == b->last)
		addf(out, ST_DIM, "  %s.c, line %d:", b->demo, b->first);
	else
		addf(out, ST_DIM, "  %s.c, lines %d–%d:", b->demo, b->first, b->last);
	strbuf_init(&err);
	if (listing_doc(b, out, &err) < 0)
		addf(out, ST_ERROR, "  (cannot show %s.c: %s)", b->demo, err.buf);
	strbuf_release(&err);
}

static void render_quiz(const struct block *b, int width, struct doc *out)
{
	struct stext t;

	stext_init(&t);
	stext_addstr(&t, b->question, ST_QUIZ);
	wrap_text(out, &t, width, "Quiz: ", "      ", ST_QUIZ);
	for (size_t i = 0; i < b->nchoices; i++) {
		char marker[8];
		snprintf(marker, sizeof marker, "  %c) ", (char)('a' + i % 26));
		strbuf_reset(&t.s);
		stext_addstr(&t, b->choices[i].text, ST_QUIZ);
		wrap_text(out, &t, width, marker, "     ", ST_QUIZ);
	}
	addf(out, ST_QUIZ, "  (answer with: answer LETTER)");
	stext_release(&t);
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

static void render_lockstep_block(const struct block *b, int width, struct doc *out)
{
	switch (b->kind) {
	case BLOCK_RUN:
		for (size_t i = 0; i < b->commands.nr; i++)
			addf(out, ST_RUN, "  ▶ run: %s", b->commands.items[i]);
		break;
	case BLOCK_LISTING:
		render_listing(b, out);
		break;
	case BLOCK_HINT:
		addf(out, ST_HINT, "  (hint available: type 'hint')");
		break;
	case BLOCK_QUIZ:
		render_quiz(b, width, out);
		break;
	}
}

/* ---- blocks ---------------------------------------------------------------- */

static void render_block(const struct ctx *c, cmark_node *n, int width, struct doc *out);

/* The blocks [first, end), a blank line between them unless tight. */
static void render_blocks(const struct ctx *c, cmark_node *first, cmark_node *end,
			  int width, bool tight, struct doc *out)
{
	bool any = false;

	for (cmark_node *n = first; n && n != end; n = cmark_node_next(n)) {
		struct doc one;
		doc_init(&one);
		render_block(c, n, width, &one);
		if (doc_nlines(&one)) {
			if (any && !tight)
				doc_newline(out);
			append_doc(out, &one);
			any = true;
		}
		doc_release(&one);
	}
}

static int inner_width(int width, int indent)
{
	return width - indent < MIN_INNER ? MIN_INNER : width - indent;
}

static void render_list(const struct ctx *c, cmark_node *list, int width, struct doc *out)
{
	bool tight = cmark_node_get_list_tight(list);
	bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
	char delim = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.';
	int start = cmark_node_get_list_start(list), count = 0, indent = 2, k = 0;
	char marker[32], rest[32];

	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item))
		count++;
	if (ordered)
		indent = snprintf(NULL, 0, "%d", start + count - 1) + 2;
	memset(rest, ' ', (size_t)indent);
	rest[indent] = '\0';
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item), k++) {
		struct doc body;
		if (ordered)
			snprintf(marker, sizeof marker, "%*d%c ", indent - 2, start + k, delim);
		else
			snprintf(marker, sizeof marker, "• ");
		doc_init(&body);
		render_blocks(c, cmark_node_first_child(item), NULL, inner_width(width, indent),
			      tight, &body);
		if (k && !tight)
			doc_newline(out);
		if (doc_nlines(&body)) {
			prefix_lines(out, &body, marker, rest, ST_TEXT, ST_TEXT);
		} else {
			add_rtrimmed(out, marker, ST_TEXT);
			doc_newline(out);
		}
		doc_release(&body);
	}
}

/* A code block, coloured when its info string says it is C. */
static void render_code(cmark_node *n, struct doc *out)
{
	const char *p = cmark_node_get_literal(n), *end;
	struct hl_state hl;
	bool c = highlight_is_c(cmark_node_get_fence_info(n));

	if (!p)
		return;
	hl_init(&hl);
	/* up to the end of the last line that is not blank */
	end = p + strlen(p);
	while (end > p && strchr(" \t\r\n", end[-1]))
		end--;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		add_code_line(out, "    ", ST_TEXT, p, len, c ? &hl : NULL);
		p += len + (nl ? 1 : 0);
	}
}

static void render_block(const struct ctx *c, cmark_node *n, int width, struct doc *out)
{
	struct stext t;
	struct doc inner;
	const struct block *b;

	stext_init(&t);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		render_inlines(n, ST_TEXT, &t);
		wrap_text(out, &t, width, "", "", ST_TEXT);
		break;
	case CMARK_NODE_HEADING: {
		int level = cmark_node_get_heading_level(n);
		enum style st = level == 1 ? ST_TITLE : ST_HEADING;
		render_inlines(n, st, &t);
		render_heading(out, &t, width, level == 1 ? "═" : level == 2 ? "─" : NULL, st);
		break;
	}
	case CMARK_NODE_BLOCK_QUOTE:
		doc_init(&inner);
		render_blocks(c, cmark_node_first_child(n), NULL, inner_width(width, 2), false,
			      &inner);
		prefix_lines(out, &inner, "│ ", "│ ", ST_QUOTE, ST_QUOTE);
		doc_release(&inner);
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
		addf(out, ST_DIM, "* * *");
		break;
	default:
		break; /* HTML blocks are for browsers */
	}
	stext_release(&t);
}

/* ---- the module's functions ------------------------------------------------ */

static bool blank_line(const struct doc *d, size_t i)
{
	size_t len;
	const char *s = doc_line_text(d, i, &len);
	while (len && strchr(" \t\r", s[len - 1]))
		len--;
	return len == 0;
}

/* Heading, blank line, blocks; no blank lines at the end and the last
 * line ended, whatever the blocks left there. */
static void render_page(const struct ctx *c, const char *title, const char *rule,
			enum style title_st, cmark_node *first, cmark_node *end, int width,
			struct doc *out)
{
	struct doc page, body;
	struct stext t;
	size_t keep;

	if (width < MIN_WIDTH)
		width = MIN_WIDTH;
	doc_init(&page);
	doc_init(&body);
	stext_init(&t);
	stext_addstr(&t, title, title_st);
	render_heading(&page, &t, width, rule, title_st);
	render_blocks(c, first, end, width, false, &body);
	if (doc_nlines(&body)) {
		doc_newline(&page);
		append_doc(&page, &body);
	}
	keep = doc_nlines(&page);
	while (keep && blank_line(&page, keep - 1))
		keep--;
	for (size_t i = 0; i < keep; i++) {
		doc_add_line(out, &page, i, ST_TEXT);
		doc_newline(out);
	}
	if (!keep)
		doc_newline(out);
	stext_release(&t);
	doc_release(&page);
	doc_release(&body);
}

void lesson_render_doc(const struct lesson *l, size_t i, int width, struct doc *out)
{
	if (i >= l->nsteps)
		return;
	struct ctx c = { .l = l, .step = &l->steps[i] };
	render_page(&c, l->steps[i].title, "─", ST_HEADING, l->steps[i].first,
		    l->steps[i].end, width, out);
}

void lesson_render_intro_doc(const struct lesson *l, int width, struct doc *out)
{
	struct ctx c = { .l = l, .step = NULL };
	render_page(&c, l->title, "═", ST_TITLE, l->intro_first, l->intro_end, width, out);
}

void lesson_render_text(const struct lesson *l, size_t i, int width, struct strbuf *out)
{
	struct doc d;
	doc_init(&d);
	lesson_render_doc(l, i, width, &d);
	doc_text(&d, out);
	doc_release(&d);
}

void lesson_render_intro(const struct lesson *l, int width, struct strbuf *out)
{
	struct doc d;
	doc_init(&d);
	lesson_render_intro_doc(l, width, &d);
	doc_text(&d, out);
	doc_release(&d);
}

int lesson_listing_text(const struct block *b, struct strbuf *out, struct strbuf *err)
{
	struct doc d;
	int rc;

	doc_init(&d);
	rc = listing_doc(b, &d, err);
	if (rc == 0)
		doc_text(&d, out);
	doc_release(&d);
	return rc;
}
