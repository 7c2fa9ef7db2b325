/*
 * expect_canvas: the checks every view test makes, in one place: a whole
 * canvas against its expected rows, and one row's styles against letters
 * (as canvas_row_styles spells them: a text, b dim, c bold, G meter,
 * H meter near full, I axis, J..O series 1..6, T paused). Include after
 * cmocka.h; the functions are static inline so a test uses what it needs.
 */
#ifndef LOCKSTEP_TEST_EXPECT_CANVAS_H
#define LOCKSTEP_TEST_EXPECT_CANVAS_H

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "view/canvas.h"

static inline void expect_canvas(const struct canvas *c, const char *want)
{
	struct strbuf sb;
	strbuf_init(&sb);
	canvas_dump(c, &sb);
	if (strcmp(sb.buf, want))
		fail_msg("drawn:\n%s\nexpected:\n%s", sb.buf, want);
	strbuf_release(&sb);
}

static inline void expect_styles(const struct canvas *c, int y, const char *want)
{
	char *got = canvas_row_styles(c, y);
	if (strcmp(got, want))
		fail_msg("row %d styles:\n  got  %s\n  want %s", y, got, want);
	free(got);
}

#endif
