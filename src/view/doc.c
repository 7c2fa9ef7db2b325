/* doc: styled lines of text, drawn on a canvas or flattened to plain text (see doc.h). */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

void doc_init(struct doc *d)
{
	strbuf_init(&d->text);
	d->spans = NULL;
	d->nspans = d->spancap = 0;
	d->breaks = NULL;
	d->nbreaks = d->breakcap = 0;
}

void doc_release(struct doc *d)
{
	strbuf_release(&d->text);
	free(d->spans);
	free(d->breaks);
	d->spans = NULL;
	d->breaks = NULL;
	d->nspans = d->spancap = d->nbreaks = d->breakcap = 0;
}

static size_t line_first(const struct doc *d, size_t i)
{
	return i ? d->breaks[i - 1] : 0;
}

static size_t line_end(const struct doc *d, size_t i)
{
	return i < d->nbreaks ? d->breaks[i] : d->nspans;
}

void doc_newline(struct doc *d)
{
	XGROW(d->breaks, d->breakcap, d->nbreaks + 1);
	d->breaks[d->nbreaks++] = d->nspans;
}

/* One line's worth: no '\n' in text. */
static void add_span(struct doc *d, const char *text, size_t n, enum style st)
{
	struct doc_span *last = d->nspans ? &d->spans[d->nspans - 1] : NULL;

	if (!n)
		return;
	/* the text is contiguous, so a same-style neighbour on this line just grows */
	if (last && d->nspans > line_first(d, d->nbreaks) && last->st == st) {
		last->len += n;
	} else {
		XGROW(d->spans, d->spancap, d->nspans + 1);
		d->spans[d->nspans++] = (struct doc_span){ d->text.len, n, st };
	}
	strbuf_add(&d->text, text, n);
}

void doc_add(struct doc *d, const char *text, size_t n, enum style st)
{
	const char *nl;

	while (n && (nl = memchr(text, '\n', n))) {
		add_span(d, text, (size_t)(nl - text), st);
		doc_newline(d);
		n -= (size_t)(nl - text) + 1;
		text = nl + 1;
	}
	add_span(d, text, n, st);
}

void doc_addstr(struct doc *d, const char *text, enum style st)
{
	doc_add(d, text, strlen(text), st);
}

size_t doc_nlines(const struct doc *d)
{
	return d->nbreaks + (d->nspans > line_first(d, d->nbreaks) ? 1 : 0);
}

const char *doc_line_text(const struct doc *d, size_t i, size_t *len)
{
	size_t first, end;

	*len = 0;
	if (i >= doc_nlines(d))
		return "";
	first = line_first(d, i);
	end = line_end(d, i);
	if (first == end)
		return "";
	*len = d->spans[end - 1].off + d->spans[end - 1].len - d->spans[first].off;
	return d->text.buf + d->spans[first].off;
}

void doc_add_line(struct doc *d, const struct doc *src, size_t i, enum style base)
{
	if (i >= doc_nlines(src))
		return;
	for (size_t k = line_first(src, i); k < line_end(src, i); k++) {
		const struct doc_span *sp = &src->spans[k];
		add_span(d, src->text.buf + sp->off, sp->len, sp->st == ST_TEXT ? base : sp->st);
	}
}

void doc_draw(struct canvas *c, struct rect r, const struct doc *d, size_t first_line)
{
	size_t n = doc_nlines(d);

	canvas_clear(c, r, ST_TEXT);
	for (int y = 0; y < r.h && first_line < n && (size_t)y < n - first_line; y++) {
		size_t i = first_line + (size_t)y;
		int x = 0;
		for (size_t k = line_first(d, i); k < line_end(d, i) && x < r.w; k++) {
			const struct doc_span *sp = &d->spans[k];
			x += canvas_textn(c, r, x, y, d->text.buf + sp->off, sp->len, sp->st);
		}
	}
}

void doc_text(const struct doc *d, struct strbuf *out)
{
	size_t n = doc_nlines(d);

	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *s = doc_line_text(d, i, &len);
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		strbuf_add(out, s, len);
		if (i < d->nbreaks)
			strbuf_addch(out, '\n');
	}
}
