/*
 * doc: a styled document, lines of spans of UTF-8 text that each carry a
 * semantic style. The lesson renderer lays a step out once into a doc; the
 * full-screen front end draws it (doc_draw) and the plain one prints its
 * text (doc_text), so the two can never disagree about where lines break.
 *
 * A doc is written like a text stream: doc_add appends to the current line,
 * doc_newline ends it. Lines are not wrapped here: the writer decides where
 * they break, and doc_draw clips what is wider than its rect. A doc owns its
 * text; embed one, doc_init it, and doc_release it when done.
 */
#ifndef LOCKSTEP_DOC_H
#define LOCKSTEP_DOC_H

#include <stddef.h>

#include "../util/strbuf.h"
#include "canvas.h"

struct doc_span {
	size_t off, len;    /* bytes of the doc's text */
	enum style st;
};

struct doc {
	struct strbuf text;         /* every span's bytes, in order */
	struct doc_span *spans;
	size_t nspans, spancap;
	/* where each ended line stopped: nspans at each doc_newline, so line
	 * i holds spans [i ? breaks[i-1] : 0, i < nbreaks ? breaks[i] : nspans) */
	size_t *breaks;
	size_t nbreaks, breakcap;
};

void doc_init(struct doc *d);
/* Free everything d holds; doc_init makes it usable again. */
void doc_release(struct doc *d);

/*
 * Append n bytes of text in style st to the current line (a span of the
 * same style as the one before it on the line is extended). A '\n' in the
 * text ends the line as doc_newline does. text must not point into d.
 */
void doc_add(struct doc *d, const char *text, size_t n, enum style st);
void doc_addstr(struct doc *d, const char *text, enum style st);
/* End the current line; what is added next starts a new one. */
void doc_newline(struct doc *d);
/* Lines so far: every ended line, and the current one if it has text. */
size_t doc_nlines(const struct doc *d);

/* The bytes of line i (not NUL-terminated, valid until d next changes);
 * "" with *len 0 for an empty line or one past the end. */
const char *doc_line_text(const struct doc *d, size_t i, size_t *len);
/* Append line i of src to d's current line (without ending it), spans in
 * ST_TEXT taking style base instead: how a block quote tints its text.
 * src must not be d. */
void doc_add_line(struct doc *d, const struct doc *src, size_t i, enum style base);

/*
 * Draw lines first_line, first_line + 1, ... of d into r, one per row from
 * r's top, after blanking r (ST_TEXT). Lines wider than r are clipped, not
 * wrapped; a wide character that does not fit whole becomes a space.
 */
void doc_draw(struct canvas *c, struct rect r, const struct doc *d, size_t first_line);

/* Append d as plain text to out: each line without its trailing spaces and
 * tabs, followed by '\n' if it was ended (so a doc whose last line was
 * ended gives text ending in exactly that '\n'). */
void doc_text(const struct doc *d, struct strbuf *out);

#endif
