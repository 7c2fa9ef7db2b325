/* test_lesson: the lesson parser, validator, catalog and plain-text renderer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
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

/* Paths are relative to the repository root, where the tests run. */
#define GOOD "tests/fixtures/lessons-good"
#define BAD "tests/fixtures/lessons-bad"

static bool utf8_locale;

/* ---- helpers -------------------------------------------------------------- */

/* The checker the shell's command layer would supply: it rejects any
 * command naming "nosuch", and records what it saw when ctx is a strvec. */
static int fake_check(void *ctx, const struct lesson *l, const char *command,
		      struct strbuf *why)
{
	if (ctx)
		strvec_pushf(ctx, "%s: %s", l->id, command);
	if (strstr(command, "nosuch")) {
		/* worded as the shell's own check words it for a lesson without demos */
		strbuf_addf(why, "unknown demo 'nosuch' (lesson %s has: none)", l->id);
		return -1;
	}
	return 0;
}

static char *slurp(const char *path)
{
	struct strbuf sb, err;
	strbuf_init(&sb);
	strbuf_init(&err);
	if (file_read(path, 1 << 20, &sb, &err) < 0)
		fail_msg("%s", err.buf);
	strbuf_release(&err);
	return strbuf_detach(&sb);
}

static void load(struct catalog *c, const char *dir, void *ctx)
{
	struct strbuf err;
	strbuf_init(&err);
	catalog_init(c);
	if (catalog_load(c, dir, fake_check, ctx, &err) < 0)
		fail_msg("%s", err.buf);
	strbuf_release(&err);
}

static struct lesson *good_lesson(struct catalog *c, size_t i)
{
	assert_true(c->nr > i);
	return c->lessons[i];
}

static void tmp_file(struct tmp *t, const char *name, const char *text)
{
	char path[160];
	snprintf(path, sizeof path, "%s/%s", t->dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Parse and validate the temporary lesson, expecting no problems. */
static struct lesson *tmp_parse(struct tmp *t)
{
	struct strvec problems;
	strvec_init(&problems);
	struct lesson *l = lesson_parse(t->dir, &problems);
	assert_non_null(l);
	lesson_validate(l, NULL, NULL, &problems);
	if (problems.nr)
		fail_msg("unexpected problem: %s", problems.items[0]);
	strvec_release(&problems);
	return l;
}

static char *render_step(const struct lesson *l, size_t i, int width)
{
	struct strbuf out;
	strbuf_init(&out);
	lesson_render_text(l, i, width, &out);
	return strbuf_detach(&out);
}

/* ---- the bad folder: every message, exactly ---------------------------------- */

static void test_bad_folder_reports_exactly_the_expected_messages(void **state)
{
	(void)state;
	struct catalog c;
	struct strbuf got;
	char *want = slurp(BAD "/expected.txt");

	load(&c, BAD, NULL);
	strbuf_init(&got);
	for (size_t i = 0; i < c.nbad; i++) {
		assert_true(c.bad[i].problems.nr > 0);
		for (size_t j = 0; j < c.bad[i].problems.nr; j++)
			strbuf_addf(&got, "%s\n", c.bad[i].problems.items[j]);
	}
	assert_string_equal(got.buf, want);
	strbuf_release(&got);
	free(want);
	catalog_release(&c);
}

static void test_bad_folder_keeps_its_good_lesson_and_orders_by_number(void **state)
{
	(void)state;
	struct catalog c;
	struct strbuf ids;

	load(&c, BAD, NULL);
	assert_int_equal(c.nr, 1);
	assert_string_equal(c.lessons[0]->id, "fine");
	assert_string_equal(c.lessons[0]->dir, BAD "/00-fine");
	strbuf_init(&ids);
	for (size_t i = 0; i < c.nbad; i++)
		strbuf_addf(&ids, "%s ", c.bad[i].id);
	/* 100 after 17 (numbers, not strings); folders not named NN-id last */
	assert_string_equal(ids.buf,
		"no-title title-late not-utf8 no-steps empty-step unknown-kind "
		"run-blocks listing-body listing-demo listing-range listing-region "
		"listing-syntax problem-order hint-empty quiz block-in-intro "
		"missing-file fine 7-Threads not-numbered ");
	assert_string_equal(c.bad[17].dir, BAD "/100-fine");
	strbuf_release(&ids);
	catalog_release(&c);
}

static void test_parse_returns_null_for_unusable_files_only(void **state)
{
	(void)state;
	struct strvec problems;
	struct lesson *l;

	strvec_init(&problems);
	assert_null(lesson_parse(BAD "/03-not-utf8", &problems));
	assert_null(lesson_parse(BAD "/01-no-title", &problems));
	assert_null(lesson_parse(BAD "/17-missing-file/", &problems));
	assert_int_equal(problems.nr, 3);
	assert_string_equal(problems.items[2], BAD "/17-missing-file/lesson.md: missing");
	strvec_clear(&problems);

	/* structural problems: reported, but the lesson comes back */
	l = lesson_parse(BAD "/05-empty-step", &problems);
	assert_non_null(l);
	assert_int_equal(l->nsteps, 3);
	assert_int_equal(problems.nr, 2);
	lesson_free(l);
	strvec_release(&problems);
}

static void test_validate_counts_what_it_pushes(void **state)
{
	(void)state;
	struct strvec problems;
	struct lesson *l;

	strvec_init(&problems);
	strvec_push(&problems, "an earlier problem");
	l = lesson_parse(BAD "/10-listing-range", &problems);
	assert_non_null(l);
	assert_int_equal(problems.nr, 1);
	assert_int_equal(lesson_validate(l, NULL, NULL, &problems), 2);
	assert_int_equal(problems.nr, 3);
	/* the good listing of the same lesson is resolved all the same */
	assert_string_equal(l->steps[0].blocks[0].source, BAD "/10-listing-range/short.c");
	assert_null(l->steps[0].blocks[1].source);
	lesson_free(l);
	strvec_release(&problems);
}

/* ---- the good folder: the model ---------------------------------------------- */

static void test_good_folder_checks_every_run_command_in_order(void **state)
{
	(void)state;
	struct catalog c;
	struct strvec seen;

	strvec_init(&seen);
	load(&c, GOOD, &seen);
	assert_int_equal(c.nbad, 0);
	assert_int_equal(c.nr, 2);
	assert_int_equal(seen.nr, 4);
	assert_string_equal(seen.items[0], "counter: run counter loops=1000");
	assert_string_equal(seen.items[1], "counter: run counter loops=1000000");
	assert_string_equal(seen.items[2], "counter: run counter loops=1000000");
	assert_string_equal(seen.items[3], "counter-fixed: run counter-mutex loops=1000000");
	strvec_release(&seen);
	catalog_release(&c);
}

static void test_good_lesson_has_title_summary_and_steps(void **state)
{
	(void)state;
	struct catalog c;

	load(&c, GOOD, NULL);
	struct lesson *l = good_lesson(&c, 0);
	assert_string_equal(l->id, "counter");
	assert_int_equal(l->number, 1);
	assert_string_equal(l->dir, GOOD "/01-counter");
	assert_string_equal(l->path, GOOD "/01-counter/lesson.md");
	assert_string_equal(l->title, "Two threads, one counter");
	assert_string_equal(l->summary,
		"Two threads each add 1 to a shared counter, a million times. The total "
		"should be two million; it is not, and this lesson shows why.");
	assert_non_null(l->doc);
	assert_true(l->intro_first != l->intro_end);
	assert_int_equal(l->nsteps, 2);
	assert_string_equal(l->steps[0].title, "Run the race");
	assert_int_equal(l->steps[0].line, 9);
	assert_int_equal(l->steps[0].nblocks, 2);
	assert_non_null(l->intro_end);               /* the first step's heading */
	assert_ptr_not_equal(l->steps[0].first, l->steps[0].end);
	assert_non_null(l->steps[0].end);            /* the second step's heading */
	assert_string_equal(l->steps[1].title, "Why updates get lost");
	assert_int_equal(l->steps[1].line, 28);
	assert_int_equal(l->steps[1].nblocks, 4);
	assert_null(l->steps[1].end);

	struct lesson *m = good_lesson(&c, 1);
	assert_string_equal(m->id, "counter-fixed");
	assert_int_equal(m->number, 2);
	assert_string_equal(m->summary,
		"Lesson 1 lost updates; a mutex makes load, add and store one step.");
	catalog_release(&c);
}

static void test_good_lesson_blocks_have_their_fields_and_lines(void **state)
{
	(void)state;
	struct catalog c;

	load(&c, GOOD, NULL);
	struct lesson *l = good_lesson(&c, 0);
	const struct block *b = l->steps[0].blocks;

	/* listing by region: the validator resolved the lines */
	assert_int_equal(b[0].kind, BLOCK_LISTING);
	assert_int_equal(b[0].line, 13);
	assert_string_equal(b[0].demo, "counter");
	assert_string_equal(b[0].region, "worker");
	assert_int_equal(b[0].first, 22);
	assert_int_equal(b[0].last, 28);
	assert_string_equal(b[0].source, GOOD "/01-counter/counter.c");

	/* run: comments and blank lines skipped, each command's own line */
	assert_int_equal(b[1].kind, BLOCK_RUN);
	assert_int_equal(b[1].line, 18);
	assert_int_equal(b[1].commands.nr, 2);
	assert_string_equal(b[1].commands.items[0], "run counter loops=1000");
	assert_string_equal(b[1].commands.items[1], "run counter loops=1000000");
	assert_int_equal(b[1].command_lines[0], 20);
	assert_int_equal(b[1].command_lines[1], 22);

	b = l->steps[1].blocks;
	/* listing by range: one line */
	assert_int_equal(b[0].kind, BLOCK_LISTING);
	assert_int_equal(b[0].line, 53);
	assert_null(b[0].region);
	assert_int_equal(b[0].first, 18);
	assert_int_equal(b[0].last, 18);

	assert_int_equal(b[1].kind, BLOCK_RUN);
	assert_int_equal(b[1].command_lines[0], 57);

	/* hint: lines joined, a blank line starts a paragraph */
	assert_int_equal(b[2].kind, BLOCK_HINT);
	assert_int_equal(b[2].line, 60);
	assert_string_equal(b[2].text,
		"Every pass through the loop is a chance for the other thread to run "
		"between the load and the store.\n\nA bigger loops value gives it more chances.");

	assert_int_equal(b[3].kind, BLOCK_QUIZ);
	assert_int_equal(b[3].line, 67);
	assert_string_equal(b[3].question, "Why is the total smaller than two million?");
	assert_int_equal(b[3].nchoices, 3);
	assert_string_equal(b[3].choices[0].text, "The compiler drops some of the additions");
	assert_false(b[3].choices[0].correct);
	assert_string_equal(b[3].choices[1].text,
		"Both threads load the same value, and both store that value plus 1");
	assert_true(b[3].choices[1].correct);
	assert_false(b[3].choices[2].correct);
	assert_string_equal(b[3].text,
		"Each lost update is a load that raced with the other thread's store. "
		"The fix is to make load, add and store one step: lesson 2 uses a mutex.");
	catalog_release(&c);
}

static void test_listing_of_another_lesson_resolves_in_its_folder(void **state)
{
	(void)state;
	struct catalog c;

	load(&c, GOOD, NULL);
	const struct block *b = good_lesson(&c, 1)->steps[0].blocks;
	assert_string_equal(b[0].demo, "counter/counter");
	assert_string_equal(b[0].source, GOOD "/01-counter/counter.c");
	assert_int_equal(b[0].first, 25);
	assert_int_equal(b[0].last, 26);
	assert_string_equal(b[1].demo, "counter-mutex");
	assert_string_equal(b[1].source, GOOD "/02-counter-fixed/counter-mutex.c");
	assert_int_equal(b[1].first, 27);
	assert_int_equal(b[1].last, 29);
	catalog_release(&c);
}

static void test_find_step_by_number_title_and_prefix(void **state)
{
	(void)state;
	struct catalog c;

	load(&c, GOOD, NULL);
	const struct lesson *l = good_lesson(&c, 0);
	assert_int_equal(lesson_find_step(l, "1"), 0);
	assert_int_equal(lesson_find_step(l, "02"), 1);
	assert_int_equal(lesson_find_step(l, "0"), -1);
	assert_int_equal(lesson_find_step(l, "3"), -1);
	assert_int_equal(lesson_find_step(l, "Why updates get lost"), 1);
	assert_int_equal(lesson_find_step(l, "run"), 0);
	assert_int_equal(lesson_find_step(l, "WHY"), 1);
	assert_int_equal(lesson_find_step(l, "race"), -1);
	assert_int_equal(lesson_find_step(l, ""), -1);
	catalog_release(&c);
}

/* ---- catalog_find --------------------------------------------------------------- */

static void test_catalog_find_by_id_number_folder_and_prefix(void **state)
{
	(void)state;
	struct catalog c;
	bool ambiguous = true;

	load(&c, GOOD, NULL);
	struct lesson *counter = good_lesson(&c, 0), *fixed = good_lesson(&c, 1);
	/* an exact id wins over the longer id it is a prefix of */
	assert_ptr_equal(catalog_find(&c, "counter", &ambiguous), counter);
	assert_false(ambiguous);
	assert_ptr_equal(catalog_find(&c, "counter-fixed", NULL), fixed);
	assert_ptr_equal(catalog_find(&c, "1", NULL), counter);
	assert_ptr_equal(catalog_find(&c, "01", NULL), counter);
	assert_ptr_equal(catalog_find(&c, "002", NULL), fixed);
	assert_ptr_equal(catalog_find(&c, "02-counter-fixed", NULL), fixed);
	assert_ptr_equal(catalog_find(&c, "01-counter", NULL), counter);
	assert_ptr_equal(catalog_find(&c, "counter-f", &ambiguous), fixed);
	assert_false(ambiguous);
	assert_null(catalog_find(&c, "3", &ambiguous));
	assert_false(ambiguous);
	assert_null(catalog_find(&c, "fork", &ambiguous));
	assert_false(ambiguous);
	assert_null(catalog_find(&c, "", &ambiguous));
	assert_false(ambiguous);
	catalog_release(&c);
}

static void test_catalog_find_ambiguous_prefix_sets_the_flag(void **state)
{
	(void)state;
	struct catalog c;
	bool ambiguous = false;

	load(&c, GOOD, NULL);
	assert_null(catalog_find(&c, "co", &ambiguous));
	assert_true(ambiguous);
	assert_null(catalog_find(&c, "count", NULL)); /* no flag to set: no crash */
	catalog_release(&c);
}

static void test_catalog_load_of_a_missing_folder_says_why(void **state)
{
	(void)state;
	struct catalog c;
	struct strbuf err;

	catalog_init(&c);
	strbuf_init(&err);
	assert_int_equal(catalog_load(&c, "tests/fixtures/no-such-folder", NULL, NULL, &err), -1);
	assert_string_equal(err.buf,
		"cannot open lessons folder 'tests/fixtures/no-such-folder': No such file or directory");
	assert_int_equal(c.nr + c.nbad, 0);
	strbuf_release(&err);
	catalog_release(&c);
}

/* ---- rendering ---------------------------------------------------------------- */

static void test_render_intro_underlines_the_title(void **state)
{
	(void)state;
	struct catalog c;
	struct strbuf out;

	load(&c, GOOD, NULL);
	strbuf_init(&out);
	lesson_render_intro(good_lesson(&c, 0), 72, &out);
	assert_string_equal(out.buf,
		"Two threads, one counter\n"
		"════════════════════════\n"
		"\n"
		"Two threads each add 1 to a shared counter, a million times. The total\n"
		"should be two million; it is not, and this lesson shows why.\n"
		"\n"
		"You need to know what a thread is. *Operating Systems: Three Easy\n"
		"Pieces* explains it in chapter 26\n"
		"(https://pages.cs.wisc.edu/~remzi/OSTEP/threads-intro.pdf).\n");
	strbuf_release(&out);
	catalog_release(&c);
}

static void test_render_step_with_listing_run_and_bullets(void **state)
{
	(void)state;
	struct catalog c;

	load(&c, GOOD, NULL);
	char *got = render_step(good_lesson(&c, 0), 0, 72);
	assert_string_equal(got,
		"Run the race\n"
		"────────────\n"
		"\n"
		"The demo starts two threads that both run `worker`:\n"
		"\n"
		"  counter.c, lines 22–28:\n"
		"   22 │ static void *worker(void *arg)\n"
		"   23 │ {\n"
		"   24 │         (void)arg;\n"
		"   25 │         for (long i = 0; i < loops; i++)\n"
		"   26 │                 counter++;      /* load, add, store: three steps */\n"
		"   27 │         return NULL;\n"
		"   28 │ }\n"
		"\n"
		"Run it with a small count, then with a big one:\n"
		"\n"
		"  ▶ run: run counter loops=1000\n"
		"  ▶ run: run counter loops=1000000\n"
		"\n"
		"• With `loops=1000` the total is usually right.\n"
		"• With a million it almost never is.\n");
	free(got);
	catalog_release(&c);
}

static void test_render_step_with_every_block_kind(void **state)
{
	(void)state;
	struct catalog c;

	load(&c, GOOD, NULL);
	char *got = render_step(good_lesson(&c, 0), 1, 72);
	/* the quiz's answer (b) appears nowhere */
	assert_string_equal(got,
		"Why updates get lost\n"
		"────────────────────\n"
		"\n"
		"`counter++` looks like **one** step, but the CPU takes three:\n"
		"\n"
		"    counter++;\n"
		"\n"
		"    load  counter -> register\n"
		"    add   1 to the register\n"
		"    store register -> counter\n"
		"\n"
		"A thread can be stopped between any two of them:\n"
		"\n"
		"1. Thread A loads 41.\n"
		"2. Thread B loads 41, adds 1 and stores 42.\n"
		"3. Thread A adds 1 and stores 42: the update of thread B is lost.\n"
		"\n"
		"│ A *data race* is two threads using the same memory at the same time,\n"
		"│ at least one of them writing, with nothing to order them.\n"
		"\n"
		"The counter is shared because it is a global:\n"
		"\n"
		"  counter.c, line 18:\n"
		"   18 │ static volatile long counter;\n"
		"\n"
		"  ▶ run: run counter loops=1000000\n"
		"\n"
		"  (hint available: type 'hint')\n"
		"\n"
		"Quiz: Why is the total smaller than two million?\n"
		"  a) The compiler drops some of the additions\n"
		"  b) Both threads load the same value, and both store that value plus 1\n"
		"  c) printf runs before the threads are done\n"
		"  (answer with: answer LETTER)\n");
	free(got);
	catalog_release(&c);
}

static void test_render_quiz_wraps_with_hanging_indent(void **state)
{
	(void)state;
	struct catalog c;

	load(&c, GOOD, NULL);
	char *got = render_step(good_lesson(&c, 0), 1, 30);
	const char *quiz = strstr(got, "Quiz:");
	assert_non_null(quiz);
	assert_string_equal(quiz,
		"Quiz: Why is the total smaller\n"
		"      than two million?\n"
		"  a) The compiler drops some\n"
		"     of the additions\n"
		"  b) Both threads load the\n"
		"     same value, and both\n"
		"     store that value plus 1\n"
		"  c) printf runs before the\n"
		"     threads are done\n"
		"  (answer with: answer LETTER)\n");
	free(got);
	catalog_release(&c);
}

static void test_render_wraps_cjk_by_display_columns(void **state)
{
	struct tmp *t = *state;

	if (!utf8_locale)
		skip();
	tmp_file(t, "lesson.md",
		"# 並行\n\n## 日本語の段落\n\n"
		"Threads share memory: 二つのスレッドが同じ変数を同時に書き換えると、"
		"結果は予測できません。 That is a race.\n");
	struct lesson *l = tmp_parse(t);
	/* a CJK character takes 2 columns, and a line may break between two */
	char *got = render_step(l, 0, 20);
	assert_string_equal(got,
		"日本語の段落\n"
		"────────────\n"
		"\n"
		"Threads share\n"
		"memory: 二つのスレッ\n"
		"ドが同じ変数を同時に\n"
		"書き換えると、結果は\n"
		"予測できません。\n"
		"That is a race.\n");
	free(got);
	/* below the minimum, 20 columns it is */
	got = render_step(l, 0, 4);
	assert_string_equal(got + strlen("日本語の段落\n────────────\n\n"),
		"Threads share\nmemory: 二つのスレッ\nドが同じ変数を同時に\n"
		"書き換えると、結果は\n予測できません。\nThat is a race.\n");
	free(got);
	lesson_free(l);
}

static const char lists_md[] =
	"# Lists\n\n## Shapes\n\n"
	"9. nine, which is long enough to wrap around\n"
	"10. ten\n"
	"    - nested bullet that wraps at the width\n"
	"    - second\n\n"
	"- loose item one\n\n"
	"- loose item two\n"
	"  with more words:\n\n"
	"  its second paragraph\n\n"
	"> quoted first paragraph\n"
	">\n"
	"> quoted second paragraph\n\n"
	"A long word: https://example.org/a/very/long/path/that/cannot/fit ends here.\n\n"
	"Line one\\\n"
	"line two <b>bold</b> tags dropped, [a link](http://x.org) and <http://y.org>\n\n"
	"<!-- a note for the presenter -->\n\n"
	"---\n\n"
	"    indented code\twith a tab\n";

static void test_render_lists_quotes_breaks_and_long_words(void **state)
{
	struct tmp *t = *state;

	tmp_file(t, "lesson.md", lists_md);
	struct lesson *l = tmp_parse(t);
	char *got = render_step(l, 0, 20);
	assert_string_equal(got,
		"Shapes\n"
		"──────\n"
		"\n"
		" 9. nine, which is\n"
		"    long enough to\n"
		"    wrap around\n"
		"10. ten\n"
		"    • nested bullet\n"
		"      that wraps at\n"
		"      the width\n"
		"    • second\n"
		"\n"
		"• loose item one\n"
		"\n"
		"• loose item two\n"
		"  with more words:\n"
		"\n"
		"  its second\n"
		"  paragraph\n"
		"\n"
		"│ quoted first\n"
		"│ paragraph\n"
		"│\n"
		"│ quoted second\n"
		"│ paragraph\n"
		"\n"
		"A long word:\n"
		"https://example.org/\n"
		"a/very/long/path/tha\n"
		"t/cannot/fit ends\n"
		"here.\n"
		"\n"
		"Line one\n"
		"line two bold tags\n"
		"dropped, a link\n"
		"(http://x.org) and\n"
		"http://y.org\n"
		"\n"
		"* * *\n"
		"\n"
		"    indented code   with a tab\n");
	free(got);
	lesson_free(l);
}

static void test_render_has_no_trailing_spaces_and_one_final_newline(void **state)
{
	(void)state;
	struct catalog c;
	static const int widths[] = { 1, 20, 33, 72, 200 };

	load(&c, GOOD, NULL);
	for (size_t i = 0; i < c.nr; i++) {
		for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
			for (size_t s = 0; s <= c.lessons[i]->nsteps; s++) {
				struct strbuf out;
				strbuf_init(&out);
				if (s == c.lessons[i]->nsteps)
					lesson_render_intro(c.lessons[i], widths[w], &out);
				else
					lesson_render_text(c.lessons[i], s, widths[w], &out);
				assert_true(out.len > 2);
				assert_true(out.buf[out.len - 1] == '\n');
				assert_true(out.buf[out.len - 2] != '\n');
				assert_null(strstr(out.buf, " \n"));
				assert_null(strchr(out.buf, '\033'));
				strbuf_release(&out);
			}
		}
	}
	catalog_release(&c);
}

/* ---- listings ------------------------------------------------------------------ */

static void test_listing_text_by_range_and_by_region(void **state)
{
	(void)state;
	struct catalog c;
	struct strbuf out, err;

	load(&c, GOOD, NULL);
	strbuf_init(&out);
	strbuf_init(&err);
	/* by range, from another lesson */
	assert_int_equal(lesson_listing_text(&good_lesson(&c, 1)->steps[0].blocks[0], &out, &err), 0);
	assert_string_equal(out.buf,
		"   25 │         for (long i = 0; i < loops; i++)\n"
		"   26 │                 counter++;      /* load, add, store: three steps */\n");
	strbuf_reset(&out);
	/* by region: the lines strictly between the markers */
	assert_int_equal(lesson_listing_text(&good_lesson(&c, 1)->steps[0].blocks[1], &out, &err), 0);
	assert_string_equal(out.buf,
		"   27 │                 pthread_mutex_lock(&lock);\n"
		"   28 │                 counter++;      /* only one thread at a time gets here */\n"
		"   29 │                 pthread_mutex_unlock(&lock);\n");
	assert_string_equal(err.buf, "");
	strbuf_release(&out);
	strbuf_release(&err);
	catalog_release(&c);
}

static void test_listing_shows_empty_lines_and_tabs_without_trailing_blanks(void **state)
{
	struct tmp *t = *state;
	struct strbuf out, err;

	tmp_file(t, "lesson.md", "# L\n\n## S\n\n```listing d region=r\n```\n");
	tmp_file(t, "d.c", "int a;\n/* region r */\nint b;\t/* b */\n\n\tint c;   \n/* endregion r */\n");
	struct lesson *l = tmp_parse(t);
	strbuf_init(&out);
	strbuf_init(&err);
	assert_int_equal(lesson_listing_text(&l->steps[0].blocks[0], &out, &err), 0);
	assert_string_equal(out.buf,
		"    3 │ int b;  /* b */\n"
		"    4 │\n"
		"    5 │         int c;\n");
	strbuf_release(&out);
	strbuf_release(&err);
	lesson_free(l);
}

static void test_listing_text_fails_when_source_shrank_or_unchecked(void **state)
{
	struct tmp *t = *state;
	struct strbuf out, err;
	struct strvec problems;

	tmp_file(t, "lesson.md", "# L\n\n## S\n\n```listing d 2-3\n```\n");
	tmp_file(t, "d.c", "1\n2\n3\n");
	strvec_init(&problems);
	struct lesson *l = lesson_parse(t->dir, &problems);
	assert_non_null(l);
	strbuf_init(&out);
	strbuf_init(&err);

	/* not validated yet: no source to read */
	assert_int_equal(lesson_listing_text(&l->steps[0].blocks[0], &out, &err), -1);
	assert_string_equal(err.buf, "listing of 'd' was not checked against its source");
	strbuf_reset(&err);

	assert_int_equal(lesson_validate(l, NULL, NULL, &problems), 0);
	tmp_file(t, "d.c", "1\n2\n"); /* edited after the check */
	assert_int_equal(lesson_listing_text(&l->steps[0].blocks[0], &out, &err), -1);
	assert_string_equal(err.buf, "listing range 2-3 is past the end of d.c (2 lines)");
	assert_string_equal(out.buf, "");

	/* and the step still renders, saying why */
	char *got = render_step(l, 0, 72);
	assert_string_equal(got,
		"S\n"
		"─\n"
		"\n"
		"  d.c, lines 2–3:\n"
		"  (cannot show d.c: listing range 2-3 is past the end of d.c (2 lines))\n");
	free(got);
	strbuf_release(&out);
	strbuf_release(&err);
	strvec_release(&problems);
	lesson_free(l);
}

/* ---- FORMAT.md ------------------------------------------------------------------ */

static void test_format_md_worked_example_is_the_good_fixture(void **state)
{
	(void)state;
	char *format = slurp("lessons/FORMAT.md");
	char *lesson = slurp(GOOD "/01-counter/lesson.md");
	const char *open = "````markdown\n";
	char *start = strstr(format, open), *end;

	assert_non_null(start);
	start += strlen(open);
	end = strstr(start, "\n````\n");
	assert_non_null(end);
	end[1] = '\0';
	/* the example teachers copy is the lesson this test proves valid */
	assert_string_equal(start, lesson);
	free(format);
	free(lesson);
}

int main(void)
{
	const char *loc = setlocale(LC_ALL, "C.UTF-8");
	if (!loc)
		loc = setlocale(LC_ALL, "en_US.UTF-8");
	utf8_locale = loc != NULL;
	if (!dir_exists(GOOD)) {
		fprintf(stderr, "test_lesson: run me from the repository root (no %s here)\n", GOOD);
		return 1;
	}

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_folder_reports_exactly_the_expected_messages),
		cmocka_unit_test(test_bad_folder_keeps_its_good_lesson_and_orders_by_number),
		cmocka_unit_test(test_parse_returns_null_for_unusable_files_only),
		cmocka_unit_test(test_validate_counts_what_it_pushes),
		cmocka_unit_test(test_good_folder_checks_every_run_command_in_order),
		cmocka_unit_test(test_good_lesson_has_title_summary_and_steps),
		cmocka_unit_test(test_good_lesson_blocks_have_their_fields_and_lines),
		cmocka_unit_test(test_listing_of_another_lesson_resolves_in_its_folder),
		cmocka_unit_test(test_find_step_by_number_title_and_prefix),
		cmocka_unit_test(test_catalog_find_by_id_number_folder_and_prefix),
		cmocka_unit_test(test_catalog_find_ambiguous_prefix_sets_the_flag),
		cmocka_unit_test(test_catalog_load_of_a_missing_folder_says_why),
		cmocka_unit_test(test_render_intro_underlines_the_title),
		cmocka_unit_test(test_render_step_with_listing_run_and_bullets),
		cmocka_unit_test(test_render_step_with_every_block_kind),
		cmocka_unit_test(test_render_quiz_wraps_with_hanging_indent),
		cmocka_unit_test_setup_teardown(test_render_wraps_cjk_by_display_columns, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_render_lists_quotes_breaks_and_long_words, tmp_setup, tmp_teardown),
		cmocka_unit_test(test_render_has_no_trailing_spaces_and_one_final_newline),
		cmocka_unit_test(test_listing_text_by_range_and_by_region),
		cmocka_unit_test_setup_teardown(test_listing_shows_empty_lines_and_tabs_without_trailing_blanks, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_listing_text_fails_when_source_shrank_or_unchecked, tmp_setup, tmp_teardown),
		cmocka_unit_test(test_format_md_worked_example_is_the_good_fixture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
