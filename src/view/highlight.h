/*
 * highlight: C syntax colours for listings and ```c code blocks. A small
 * tokenizer, not a parser: it splits one line at a time into spans of
 * keywords, type names, strings and character literals, comments, numbers,
 * preprocessor directives and the rest (ST_CODE), and carries what a line
 * leaves open (a block comment) to the next one in struct hl_state.
 *
 * It never changes the text: the spans it appends hold exactly the bytes
 * it was given, so the plain text of a highlighted line is the line.
 */
#ifndef LOCKSTEP_HIGHLIGHT_H
#define LOCKSTEP_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>

struct doc;

/* What one line leaves open for the next. Zero it before the first line
 * of a file (or a code block): = { 0 } or hl_init. */
struct hl_state {
	bool in_comment;  /* inside a block comment */
};

void hl_init(struct hl_state *state);

/*
 * Highlight n bytes of one line of C (no '\n'), appending its spans to
 * out's current line (the line is not ended). out may be NULL to only
 * advance state: how a listing that starts in the middle of a file learns
 * whether its first line is inside a comment.
 */
void highlight_c(const char *line, size_t n, struct hl_state *state, struct doc *out);

/* Whether a code block's info string ("c", "h", "c title") names C. */
bool highlight_is_c(const char *info);

#endif
