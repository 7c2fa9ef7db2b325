/* test_doc: styled documents (lines of spans), lesson steps rendered into them, and drawn onto a canvas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lesson/lesson.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"
#include "tmp_lesson.h"
#include "view/canvas.h"
#include "view/doc.h"

/* Paths are relative to the repository root, where the tests run. */
#define GOOD "tests/fixtures/lessons-good"

/* ---- helpers -------------------------------------------------------------- */

static void load(struct catalog *c)
{
	struct strbuf err;
	strbuf_init(&err);
	catalog_init(c);
	if (catalog_load(c, GOOD, NULL, NULL, &err) < 0)
		fail_msg("%s", err.buf);
	assert_int_equal(c->nbad, 0);
	assert_int_equal(c->nr, 2);
	strbuf_release(&err);
}

/* Row y of c as text and as style letters (canvas_row_styles), the
 * trailing run of 'a' (ST_TEXT) cut off: so equal to want means the rest
 * of the row is ST_TEXT. */
static void assert_row(const struct canvas *c, int y, const char *text, const char *styles)
{
	char *row = canvas_row(c, y), *st = canvas_row_styles(c, y);
	size_t n = strlen(st);
	while (n && st[n - 1] == 'a')
		n--;
	st[n] = '\0';
	if (strcmp(row, text) || strcmp(st, styles)) {
		print_error("row %d:\n  got  \"%s\"\n       \"%s\"\n  want \"%s\"\n       \"%s\"\n", y,
			    row, st, text, styles);
		free(row);
		free(st);
		fail();
	}
	free(row);
	free(st);
}

static void assert_blank_row(const struct canvas *c, int y)
{
	assert_row(c, y, "", "");
}

/* Every cell of c set to '#' in ST_BORDER, to see what a draw touched. */
static void fill(struct canvas *c)
{
	for (int y = 0; y < c->h; y++)
		for (int x = 0; x < c->w; x++)
			canvas_set(c, canvas_rect(c), x, y, '#', ST_BORDER);
}

/* Write lesson.md, parse and validate it, expecting no problems. */
static const struct lesson *tmp_lesson(struct tmp *t, const char *md)
{
	char path[160];
	struct strvec problems;

	snprintf(path, sizeof path, "%s/lesson.md", t->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(md, f);
	assert_int_equal(fclose(f), 0);
	strvec_init(&problems);
	t->l = lesson_parse(t->dir, &problems);
	assert_non_null(t->l);
	lesson_validate(t->l, NULL, NULL, &problems);
	if (problems.nr)
		fail_msg("unexpected problem: %s", problems.items[0]);
	strvec_release(&problems);
	return t->l;
}

static char *text_of(const struct doc *d)
{
	struct strbuf sb;
	strbuf_init(&sb);
	doc_text(d, &sb);
	return strbuf_detach(&sb);
}

/* ---- the doc itself ------------------------------------------------------- */

static void test_lines_spans_and_plain_text(void **state)
{
	(void)state;
	struct doc d, q;
	size_t len;
	char *s;

	doc_init(&d);
	assert_int_equal(doc_nlines(&d), 0);
	s = text_of(&d);
	assert_string_equal(s, "");
	free(s);

	/* same style next to each other: one span */
	doc_addstr(&d, "ab", ST_TEXT);
	doc_addstr(&d, "cd", ST_TEXT);
	doc_add(&d, "efXX", 2, ST_CODE);
	doc_add(&d, "", 0, ST_TITLE);
	assert_int_equal(d.nspans, 2);
	assert_int_equal(doc_nlines(&d), 1); /* an open line with text counts */
	s = text_of(&d);
	assert_string_equal(s, "abcdef");
	free(s);

	doc_newline(&d);
	assert_int_equal(doc_nlines(&d), 1);
	doc_newline(&d);
	assert_int_equal(doc_nlines(&d), 2); /* a blank line */
	/* '\n' inside text ends the line; a span never crosses lines */
	doc_addstr(&d, "x  \t\nef", ST_CODE);
	assert_int_equal(doc_nlines(&d), 4);
	assert_int_equal(d.nspans, 4);
	s = text_of(&d);
	assert_string_equal(s, "abcdef\n\nx\nef"); /* no trailing blanks */
	free(s);

	assert_memory_equal(doc_line_text(&d, 0, &len), "abcdef", 6);
	assert_int_equal(len, 6);
	assert_string_equal(doc_line_text(&d, 1, &len), "");
	assert_int_equal(len, 0);
	assert_memory_equal(doc_line_text(&d, 2, &len), "x  \t", 4); /* raw bytes */
	assert_int_equal(len, 4);
	assert_string_equal(doc_line_text(&d, 9, &len), "");
	assert_int_equal(len, 0);

	/* copying a line: ST_TEXT takes the base style, others keep theirs */
	doc_init(&q);
	doc_addstr(&q, "> ", ST_QUOTE);
	doc_add_line(&q, &d, 0, ST_QUOTE);
	doc_add_line(&q, &d, 7, ST_QUOTE); /* past the end: nothing */
	assert_int_equal(q.nspans, 2);
	assert_int_equal(q.spans[0].st, ST_QUOTE);
	assert_int_equal(q.spans[0].len, 6); /* "> " and "abcd" merged */
	assert_int_equal(q.spans[1].st, ST_CODE);
	s = text_of(&q);
	assert_string_equal(s, "> abcdef");
	free(s);

	doc_release(&q);
	doc_release(&d);
	/* released, it can be used again */
	doc_init(&d);
	doc_addstr(&d, "again", ST_TEXT);
	doc_newline(&d);
	s = text_of(&d);
	assert_string_equal(s, "again\n");
	free(s);
	doc_release(&d);
}

/* ---- a rendered step drawn ---------------------------------------------------- */

/* Step 2 of the good lesson at 38 columns: a ```c block, a ```text block, a
 * list, a quote, a listing, run, hint and quiz. Style letters: a text,
 * b dim, d emph, e strong, g heading, h code, i keyword, j type, o line
 * number, p quote, r run, s hint, t quiz. */
static const struct {
	const char *text, *styles;
} every_kind[] = {
	{ "Why updates get lost", "gggggggggggggggggggg" },
	{ "────────────────────", "gggggggggggggggggggg" },
	{ "", "" },
	{ "`counter++` looks like **one** step,", "hhhhhhhhhhh" "aaaaaaaaaaaa" "eeeeeee" },
	{ "but the CPU takes three:", "" },
	{ "", "" },
	{ "    counter++;", "aaaa" "hhhhhhhhhh" },
	{ "", "" },
	{ "    load  counter -> register", "aaaa" "hhhhhhhhhhhhhhhhhhhhhhhhh" },
	{ "    add   1 to the register", "aaaa" "hhhhhhhhhhhhhhhhhhhhhhh" },
	{ "    store register -> counter", "aaaa" "hhhhhhhhhhhhhhhhhhhhhhhhh" },
	{ "", "" },
	{ "A thread can be stopped between any", "" },
	{ "two of them:", "" },
	{ "", "" },
	{ "1. Thread A loads 41.", "" },
	{ "2. Thread B loads 41, adds 1 and", "" },
	{ "   stores 42.", "" },
	{ "3. Thread A adds 1 and stores 42: the", "" },
	{ "   update of thread B is lost.", "" },
	{ "", "" },
	{ "│ A *data race* is two threads using", "pp" "pp" "ddddddddddd" "ppppppppppppppppppppp" },
	{ "│ the same memory at the same time, at", "pppppppppppppppppppppppppppppppppppppp" },
	{ "│ least one of them writing, with", "ppppppppppppppppppppppppppppppppp" },
	{ "│ nothing to order them.", "pppppppppppppppppppppppp" },
	{ "", "" },
	{ "The counter is shared because it is a", "" },
	{ "global:", "" },
	{ "", "" },
	{ "  counter.c, line 18:", "bbbbbbbbbbbbbbbbbbbbb" },
	/* "   18 │ " static volatile long counter; */
	{ "   18 │ static volatile long counter;",
	  "oooooooo" "iiiiii" "h" "iiiiiiii" "h" "jjjj" "hhhhhhhhh" },
	{ "", "" },
	{ "  ▶ run: run counter loops=1000000", "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr" },
	{ "", "" },
	{ "  (hint available: type 'hint')", "sssssssssssssssssssssssssssssss" },
	{ "", "" },
	{ "Quiz: Why is the total smaller than", "ttttttttttttttttttttttttttttttttttt" },
	{ "      two million?", "tttttttttttttttttt" },
	{ "  a) The compiler drops some of the", "ttttttttttttttttttttttttttttttttttt" },
	{ "     additions", "tttttttttttttt" },
	{ "  b) Both threads load the same value,", "tttttttttttttttttttttttttttttttttttttt" },
	{ "     and both store that value plus 1", "ttttttttttttttttttttttttttttttttttttt" },
	{ "  c) printf runs before the threads", "ttttttttttttttttttttttttttttttttttt" },
	{ "     are done", "ttttttttttttt" },
	{ "  (answer with: answer LETTER)", "tttttttttttttttttttttttttttttt" },
};
#define EVERY_KIND_LINES (sizeof every_kind / sizeof *every_kind)

static void test_draw_step_with_every_block_kind(void **state)
{
	(void)state;
	struct catalog cat;
	struct canvas c;
	struct doc d;

	load(&cat);
	doc_init(&d);
	lesson_render_doc(cat.lessons[0], 1, 38, &d);
	assert_int_equal(doc_nlines(&d), EVERY_KIND_LINES);
	canvas_init(&c, 38, (int)EVERY_KIND_LINES + 1);
	fill(&c);
	doc_draw(&c, canvas_rect(&c), &d, 0);
	for (size_t y = 0; y < EVERY_KIND_LINES; y++)
		assert_row(&c, (int)y, every_kind[y].text, every_kind[y].styles);
	assert_blank_row(&c, (int)EVERY_KIND_LINES); /* blanked below the end */
	canvas_release(&c);
	doc_release(&d);
	catalog_release(&cat);
}

static void test_draw_intro_title_emphasis_and_link(void **state)
{
	(void)state;
	struct catalog cat;
	struct canvas c;
	struct doc d;

	load(&cat);
	doc_init(&d);
	lesson_render_intro_doc(cat.lessons[0], 72, &d);
	canvas_init(&c, 72, 9);
	doc_draw(&c, canvas_rect(&c), &d, 0);
	/* f title, d emph, q link: the url keeps the link's style */
	assert_row(&c, 0, "Two threads, one counter", "ffffffffffffffffffffffff");
	assert_row(&c, 1, "════════════════════════", "ffffffffffffffffffffffff");
	assert_row(&c, 6, "You need to know what a thread is. *Operating Systems: Three Easy",
		   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "dddddddddddddddddddddddddddddd");
	assert_row(&c, 7, "Pieces* explains it in chapter 26",
		   "ddddddd" "aaaaaaaaaaaaaaaa" "qqqqqqqqqq");
	assert_row(&c, 8, "(https://pages.cs.wisc.edu/~remzi/OSTEP/threads-intro.pdf).",
		   "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq");
	canvas_release(&c);
	doc_release(&d);
	catalog_release(&cat);
}

static void test_draw_scrolls_from_first_line(void **state)
{
	(void)state;
	struct catalog cat;
	struct canvas c;
	struct doc d;

	load(&cat);
	doc_init(&d);
	lesson_render_doc(cat.lessons[0], 1, 38, &d);
	canvas_init(&c, 38, 4);

	doc_draw(&c, canvas_rect(&c), &d, 29);
	for (int y = 0; y < 4; y++)
		assert_row(&c, y, every_kind[29 + y].text, every_kind[29 + y].styles);

	/* the last two lines, then rows left blank (what was there is gone) */
	doc_draw(&c, canvas_rect(&c), &d, EVERY_KIND_LINES - 2);
	assert_row(&c, 0, every_kind[EVERY_KIND_LINES - 2].text,
		   every_kind[EVERY_KIND_LINES - 2].styles);
	assert_row(&c, 1, every_kind[EVERY_KIND_LINES - 1].text,
		   every_kind[EVERY_KIND_LINES - 1].styles);
	assert_blank_row(&c, 2);
	assert_blank_row(&c, 3);

	/* past the end: an empty pane, no crash */
	fill(&c);
	doc_draw(&c, canvas_rect(&c), &d, (size_t)-1);
	for (int y = 0; y < 4; y++)
		assert_blank_row(&c, y);
	canvas_release(&c);
	doc_release(&d);
	catalog_release(&cat);
}

static void test_draw_clips_to_a_narrow_rect_without_wrapping(void **state)
{
	(void)state;
	struct catalog cat;
	struct canvas c;
	struct doc d;

	load(&cat);
	doc_init(&d);
	lesson_render_doc(cat.lessons[0], 1, 38, &d);
	canvas_init(&c, 20, 5);
	fill(&c);
	/* 10 columns, 3 rows, inside the canvas: the lines are cut, not wrapped */
	doc_draw(&c, (struct rect){ 2, 1, 10, 3 }, &d, 3);
	assert_row(&c, 0, "####################", "uuuuuuuuuuuuuuuuuuuu");
	assert_row(&c, 1, "##`counter++########", "uu" "hhhhhhhhhh" "uuuuuuuu");
	assert_row(&c, 2, "##but the CP########", "uu" "aaaaaaaaaa" "uuuuuuuu");
	assert_row(&c, 3, "##          ########", "uu" "aaaaaaaaaa" "uuuuuuuu");
	assert_row(&c, 4, "####################", "uuuuuuuuuuuuuuuuuuuu");

	/* one cell, then none at all */
	fill(&c);
	doc_draw(&c, (struct rect){ 19, 4, 1, 1 }, &d, 29);
	assert_row(&c, 4, "###################", "uuuuuuuuuuuuuuuuuuub");
	assert_row(&c, 3, "####################", "uuuuuuuuuuuuuuuuuuuu");
	doc_draw(&c, (struct rect){ 0, 0, 0, 0 }, &d, 0);
	doc_draw(&c, (struct rect){ 25, 9, 4, 4 }, &d, 0); /* off the canvas */
	assert_row(&c, 0, "####################", "uuuuuuuuuuuuuuuuuuuu");
	canvas_release(&c);
	doc_release(&d);
	catalog_release(&cat);
}

/* ---- wide characters --------------------------------------------------------- */

static void test_cjk_wraps_by_columns_and_clips_whole_characters(void **state)
{
	struct tmp *t = *state;
	struct canvas c;
	struct doc d;
	const struct lesson *l = tmp_lesson(t,
		"# 並行\n\n## 日本語の段落\n\n"
		"Threads share memory: 二つのスレッドが同じ変数を同時に書き換えると、"
		"結果は予測できません。 That is a race.\n");

	doc_init(&d);
	lesson_render_doc(l, 0, 20, &d);
	assert_int_equal(doc_nlines(&d), 9);
	canvas_init(&c, 20, 9);
	doc_draw(&c, canvas_rect(&c), &d, 0);
	/* a wide character fills two cells, both in its style */
	assert_row(&c, 0, "日本語の段落", "gggggggggggg");
	assert_row(&c, 1, "────────────", "gggggggggggg");
	assert_blank_row(&c, 2);
	assert_row(&c, 3, "Threads share", "");
	assert_row(&c, 4, "memory: 二つのスレッ", "");
	assert_row(&c, 5, "ドが同じ変数を同時に", "");
	assert_row(&c, 6, "書き換えると、結果は", "");
	assert_row(&c, 7, "予測できません。", "");
	assert_row(&c, 8, "That is a race.", "");
	assert_int_equal(c.cells[5 * 20 + 0].ch, 0x30C9); /* ド */
	assert_int_equal(c.cells[5 * 20 + 1].ch, CANVAS_WIDE_TAIL);

	/* 9 columns: the fifth character would need columns 9 and 10, so a
	 * blank stands in for it and nothing spills past the rect */
	fill(&c);
	doc_draw(&c, (struct rect){ 0, 0, 9, 9 }, &d, 0);
	assert_row(&c, 4, "memory:  ###########", "aaaaaaaaa" "uuuuuuuuuuu");
	assert_row(&c, 5, "ドが同じ ###########", "aaaaaaaaa" "uuuuuuuuuuu");
	canvas_release(&c);
	doc_release(&d);
}

/* ---- code colours --------------------------------------------------------------- */

static void test_c_code_blocks_are_coloured_and_others_are_not(void **state)
{
	struct tmp *t = *state;
	struct canvas c;
	struct doc d;
	const struct lesson *l = tmp_lesson(t,
		"# Code\n\n## Blocks\n\n"
		"```c\n#include <stdio.h>\nint main(void) { return 0x1F; } // done\n```\n\n"
		"```text\nint main(void) { return 0; }\n```\n\n"
		"```h\n/* a\n   b */ extern int x;\n```\n\n"
		"    int indented;\n");

	doc_init(&d);
	lesson_render_doc(l, 0, 72, &d);
	canvas_init(&c, 50, 12);
	doc_draw(&c, canvas_rect(&c), &d, 0);
	/* h code, i keyword, j type, l comment, m number, n preprocessor */
	assert_row(&c, 3, "    #include <stdio.h>", "aaaa" "nnnnnnnn" "h" "nnnnnnnnn");
	assert_row(&c, 4, "    int main(void) { return 0x1F; } // done",
		   "aaaa" "jjj" "hhhhhh" "jjjj" "hhhh" "iiiiii" "h" "mmmm" "hhhh" "lllllll");
	assert_blank_row(&c, 5);
	assert_row(&c, 6, "    int main(void) { return 0; }", "aaaa" "hhhhhhhhhhhhhhhhhhhhhhhhhhhh");
	assert_blank_row(&c, 7);
	/* the comment goes on to the next line */
	assert_row(&c, 8, "    /* a", "aaaa" "llll");
	assert_row(&c, 9, "       b */ extern int x;",
		   "aaaa" "lllllll" "h" "iiiiii" "h" "jjj" "hhh");
	assert_blank_row(&c, 10);
	assert_row(&c, 11, "    int indented;", "aaaa" "hhhhhhhhhhhhh");
	canvas_release(&c);
	doc_release(&d);
}

static void test_listing_starting_inside_a_comment_is_coloured_as_one(void **state)
{
	struct tmp *t = *state;
	char path[160];
	struct canvas c;
	struct doc d;
	struct strbuf plain, err;

	snprintf(path, sizeof path, "%s/d.c", t->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("/* a comment\n   that goes on */ int x = '\\'';\n\tchar *s = \"/*\";\n", f);
	assert_int_equal(fclose(f), 0);
	const struct lesson *l = tmp_lesson(t, "# L\n\n## S\n\n```listing d 2-3\n```\n");

	doc_init(&d);
	lesson_render_doc(l, 0, 72, &d);
	canvas_init(&c, 50, 6);
	doc_draw(&c, canvas_rect(&c), &d, 0);
	assert_row(&c, 3, "  d.c, lines 2–3:", "bbbbbbbbbbbbbbbbb");
	assert_row(&c, 4, "    2 │    that goes on */ int x = '\\'';",
		   "oooooooo" "llllllllllllllllll" "h" "jjj" "hhhhh" "kkkk" "h");
	assert_row(&c, 5, "    3 │         char *s = \"/*\";",
		   "oooooooo" "hhhhhhhh" "jjjj" "hhhhhh" "kkkk" "h");

	/* and lesson_listing_text is the same lines as plain text */
	strbuf_init(&plain);
	strbuf_init(&err);
	assert_int_equal(lesson_listing_text(&l->steps[0].blocks[0], &plain, &err), 0);
	assert_string_equal(plain.buf,
		"    2 │    that goes on */ int x = '\\'';\n"
		"    3 │         char *s = \"/*\";\n");
	strbuf_release(&plain);
	strbuf_release(&err);
	canvas_release(&c);
	doc_release(&d);
}

/* ---- one layout for both front ends ---------------------------------------------- */

static void test_doc_text_is_the_plain_rendering(void **state)
{
	(void)state;
	static const int widths[] = { 1, 20, 38, 72, 200 };
	struct catalog cat;

	load(&cat);
	for (size_t i = 0; i < cat.nr; i++) {
		const struct lesson *l = cat.lessons[i];
		for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
			struct strbuf plain, intro;
			struct doc d;
			char *got;

			strbuf_init(&intro);
			lesson_render_intro(l, widths[w], &intro);
			for (size_t s = 0; s < l->nsteps; s++) {
				strbuf_init(&plain);
				lesson_render_text(l, s, widths[w], &plain);
				doc_init(&d);
				lesson_render_doc(l, s, widths[w], &d);
				got = text_of(&d);
				assert_string_equal(got, plain.buf);
				free(got);

				/* appended after the introduction, as the lesson pane shows step 1 */
				doc_release(&d);
				doc_init(&d);
				lesson_render_intro_doc(l, widths[w], &d);
				doc_newline(&d);
				lesson_render_doc(l, s, widths[w], &d);
				got = text_of(&d);
				assert_int_equal(strlen(got), intro.len + 1 + plain.len);
				assert_memory_equal(got, intro.buf, intro.len);
				assert_int_equal(got[intro.len], '\n');
				assert_string_equal(got + intro.len + 1, plain.buf);
				free(got);
				doc_release(&d);
				strbuf_release(&plain);
			}
			doc_init(&d);
			lesson_render_intro_doc(l, widths[w], &d);
			got = text_of(&d);
			assert_string_equal(got, intro.buf);
			free(got);
			doc_release(&d);
			strbuf_release(&intro);
		}
		/* a step past the last adds nothing */
		struct doc d;
		doc_init(&d);
		lesson_render_doc(l, l->nsteps, 72, &d);
		assert_int_equal(doc_nlines(&d), 0);
		doc_release(&d);
	}
	catalog_release(&cat);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (!dir_exists(GOOD)) {
		fprintf(stderr, "test_doc: run me from the repository root (no %s here)\n", GOOD);
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_spans_and_plain_text),
		cmocka_unit_test(test_draw_step_with_every_block_kind),
		cmocka_unit_test(test_draw_intro_title_emphasis_and_link),
		cmocka_unit_test(test_draw_scrolls_from_first_line),
		cmocka_unit_test(test_draw_clips_to_a_narrow_rect_without_wrapping),
		cmocka_unit_test_setup_teardown(test_cjk_wraps_by_columns_and_clips_whole_characters,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_c_code_blocks_are_coloured_and_others_are_not,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_listing_starting_inside_a_comment_is_coloured_as_one,
						tmp_setup, tmp_teardown),
		cmocka_unit_test(test_doc_text_is_the_plain_rendering),
	};
	return cmocka_run_group_tests_name("doc", tests, NULL, NULL);
}
