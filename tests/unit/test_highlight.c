/* test_highlight: the C tokenizer's spans on tricky lines, and comments carried across lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "view/doc.h"
#include "view/highlight.h"

static const char *style_name(enum style st)
{
	switch (st) {
	case ST_CODE: return "CODE";
	case ST_KEYWORD: return "KW";
	case ST_TYPE: return "TYPE";
	case ST_STRING: return "STR";
	case ST_COMMENT: return "COM";
	case ST_NUMBER: return "NUM";
	case ST_PREPROC: return "PRE";
	default: return "OTHER";
	}
}

/*
 * The spans of one highlighted line as "STYLE(text) STYLE(text)", with
 * state carried in and out. Also checks that the spans hold exactly the
 * line: highlighting never changes the text.
 */
static char *spans(const char *line, struct hl_state *state)
{
	struct doc d;
	struct strbuf sb, plain;

	doc_init(&d);
	highlight_c(line, strlen(line), state, &d);
	assert_true(doc_nlines(&d) <= 1);
	strbuf_init(&sb);
	strbuf_init(&plain);
	for (size_t i = 0; i < d.nspans; i++) {
		const struct doc_span *sp = &d.spans[i];
		strbuf_addf(&sb, "%s%s(%.*s)", i ? " " : "", style_name(sp->st), (int)sp->len,
			    d.text.buf + sp->off);
	}
	doc_text(&d, &plain);
	/* doc_text drops trailing blanks; none of these lines has any */
	assert_string_equal(plain.buf, line);
	strbuf_release(&plain);
	doc_release(&d);
	return strbuf_detach(&sb);
}

/* One line from a fresh state, which must be closed again after it. */
static void check(const char *line, const char *want)
{
	struct hl_state st;
	hl_init(&st);
	char *got = spans(line, &st);
	assert_string_equal(got, want);
	assert_false(st.in_comment);
	free(got);
}

static void test_keywords_types_and_plain_identifiers(void **state)
{
	(void)state;
	check("static _Atomic unsigned long n;",
	      "KW(static) CODE( ) KW(_Atomic) CODE( ) TYPE(unsigned) CODE( ) TYPE(long) CODE( n;)");
	check("if (x) return sizeof(int); else goto out;",
	      "KW(if) CODE( (x) ) KW(return) CODE( ) KW(sizeof) CODE(() TYPE(int) CODE(); ) "
	      "KW(else) CODE( ) KW(goto) CODE( out;)");
	/* a keyword inside a longer identifier is not a keyword */
	check("interval = do_it(iffy, return_value, sizeofx, int32, _Bool_x);",
	      "CODE(interval = do_it(iffy, return_value, sizeofx, int32, _Bool_x);)");
	/* any name ending in _t is a type, and so are the standard ones */
	check("size_t a; pthread_mutex_t m; FILE *f; bool ok; my_thing_t t; _t x;",
	      "TYPE(size_t) CODE( a; ) TYPE(pthread_mutex_t) CODE( m; ) TYPE(FILE) CODE( *f; ) "
	      "TYPE(bool) CODE( ok; ) TYPE(my_thing_t) CODE( t; _t x;)");
	check("struct node *next;", "KW(struct) CODE( node *next;)");
}

static void test_strings_with_escapes_and_comment_markers(void **state)
{
	(void)state;
	/* a comment opener inside a string opens no comment */
	check("char *s = \"a /* b\"; int x;",
	      "TYPE(char) CODE( *s = ) STR(\"a /* b\") CODE(; ) TYPE(int) CODE( x;)");
	check("puts(\"// not a comment\");", "CODE(puts() STR(\"// not a comment\") CODE();)");
	/* escaped quotes and an escaped backslash before the closing quote */
	check("printf(\"say \\\"hi\\\" \\\\\", 'x');",
	      "CODE(printf() STR(\"say \\\"hi\\\" \\\\\") CODE(, ) STR('x') CODE();)");
	/* a string left open ends with the line */
	check("s = \"open", "CODE(s = ) STR(\"open)");
	/* prefixes belong to the literal */
	check("w = L\"wide\" u8\"x\";", "CODE(w = ) STR(L\"wide\") CODE( ) STR(u8\"x\") CODE(;)");
}

static void test_char_literals(void **state)
{
	(void)state;
	check("c = '\\'';", "CODE(c = ) STR('\\'') CODE(;)");
	/* a double quote as a character starts no string */
	check("if (c == '\"') return 0;",
	      "KW(if) CODE( (c == ) STR('\"') CODE() ) KW(return) CODE( ) NUM(0) CODE(;)");
	check("n = '\\n' + '\\\\';", "CODE(n = ) STR('\\n') CODE( + ) STR('\\\\') CODE(;)");
}

static void test_comments_on_one_line(void **state)
{
	(void)state;
	/* a quote inside a comment opens no string */
	check("x = 1; /* don't \" */ y = 2;",
	      "CODE(x = ) NUM(1) CODE(; ) COM(/* don't \" */) CODE( y = ) NUM(2) CODE(;)");
	check("return; // it's a \"line\" comment",
	      "KW(return) CODE(; ) COM(// it's a \"line\" comment)");
	check("/**/int", "COM(/**/) TYPE(int)");
	check("a / b /c", "CODE(a / b /c)");
}

static void test_comment_across_three_lines(void **state)
{
	(void)state;
	struct hl_state st;
	char *got;

	hl_init(&st);
	got = spans("int a; /* one \"", &st);
	assert_string_equal(got, "TYPE(int) CODE( a; ) COM(/* one \")");
	assert_true(st.in_comment);
	free(got);
	got = spans("   two 'if' while", &st);
	assert_string_equal(got, "COM(   two 'if' while)");
	assert_true(st.in_comment);
	free(got);
	got = spans("three */ int b; /* and */", &st);
	assert_string_equal(got, "COM(three */) CODE( ) TYPE(int) CODE( b; ) COM(/* and */)");
	assert_false(st.in_comment);
	free(got);

	/* slash-star-slash does not close what it opens; an empty line stays inside */
	got = spans("x /*/", &st);
	assert_string_equal(got, "CODE(x ) COM(/*/)");
	assert_true(st.in_comment);
	free(got);
	got = spans("", &st);
	assert_string_equal(got, "");
	assert_true(st.in_comment);
	free(got);
	got = spans("*/", &st);
	assert_string_equal(got, "COM(*/)");
	assert_false(st.in_comment);
	free(got);

	/* without a doc the state still moves: how a listing starts mid-file */
	highlight_c("/* open", 7, &st, NULL);
	assert_true(st.in_comment);
	highlight_c("close */", 8, &st, NULL);
	assert_false(st.in_comment);
}

static void test_numbers(void **state)
{
	(void)state;
	check("x = 0x1Fu + 0XFFULL + 10UL + 017 + 1.5e-3f + .5 + 0x1p+4;",
	      "CODE(x = ) NUM(0x1Fu) CODE( + ) NUM(0XFFULL) CODE( + ) NUM(10UL) CODE( + ) "
	      "NUM(017) CODE( + ) NUM(1.5e-3f) CODE( + ) NUM(.5) CODE( + ) NUM(0x1p+4) CODE(;)");
	/* a digit inside a name is no number; a minus after a name is no exponent */
	check("x2 = a1e-1;", "CODE(x2 = a1e-) NUM(1) CODE(;)");
	check("a[i-1]", "CODE(a[i-) NUM(1) CODE(])");
}

static void test_preprocessor_lines(void **state)
{
	(void)state;
	check("#include <stdio.h>", "PRE(#include) CODE( ) PRE(<stdio.h>)");
	check("#include \"mine.h\" /* ours */",
	      "PRE(#include) CODE( ) STR(\"mine.h\") CODE( ) COM(/* ours */)");
	check("  #  define N 10 // max",
	      "CODE(  ) PRE(#  define) CODE( N ) NUM(10) CODE( ) COM(// max)");
	check("#ifndef X", "PRE(#ifndef) CODE( X)");
	/* only at the start of a line */
	check("x # y", "CODE(x # y)");
	/* a line inside a comment is a comment, even with a '#' */
	struct hl_state st = { .in_comment = true };
	char *got = spans("#include <x.h> */", &st);
	assert_string_equal(got, "COM(#include <x.h> */)");
	free(got);
}

static void test_non_ascii_and_odd_bytes_are_kept(void **state)
{
	(void)state;
	check("puts(\"並行\"); // 日本語", "CODE(puts() STR(\"並行\") CODE(); ) COM(// 日本語)");
	/* a byte that is no UTF-8 is passed through for the canvas to show as '?' */
	check("x = \xff;", "CODE(x = \xff;)");
}

static void test_info_string_names_c(void **state)
{
	(void)state;
	assert_true(highlight_is_c("c"));
	assert_true(highlight_is_c("  h"));
	assert_true(highlight_is_c("C title"));
	assert_false(highlight_is_c("text"));
	assert_false(highlight_is_c("cpp"));
	assert_false(highlight_is_c(""));
	assert_false(highlight_is_c(NULL));
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keywords_types_and_plain_identifiers),
		cmocka_unit_test(test_strings_with_escapes_and_comment_markers),
		cmocka_unit_test(test_char_literals),
		cmocka_unit_test(test_comments_on_one_line),
		cmocka_unit_test(test_comment_across_three_lines),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_preprocessor_lines),
		cmocka_unit_test(test_non_ascii_and_odd_bytes_are_kept),
		cmocka_unit_test(test_info_string_names_c),
	};
	return cmocka_run_group_tests_name("highlight", tests, NULL, NULL);
}
