/* test_theme: theme files, their problems, and the shipped themes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"
#include "view/theme.h"

static void parses_colours_and_attributes(void **state)
{
	(void)state;
	struct theme t;
	struct strbuf err;
	strbuf_init(&err);
	assert_int_equal(theme_parse(&t, "x",
		"# a comment\n\nheading cyan default bold\nzombie bright-red 236 bold underline\n"
		"select 0 255 reverse  # trailing comment\n", "x.theme", &err), 0);
	assert_string_equal(err.buf, "");
	assert_int_equal(t.st[ST_HEADING].fg, 6);
	assert_int_equal(t.st[ST_HEADING].bg, THEME_DEFAULT_COLOR);
	assert_int_equal(t.st[ST_HEADING].attrs, THEME_BOLD);
	assert_int_equal(t.st[ST_ZOMBIE].fg, 9);
	assert_int_equal(t.st[ST_ZOMBIE].bg, 236);
	assert_int_equal(t.st[ST_ZOMBIE].attrs, THEME_BOLD | THEME_UNDERLINE);
	assert_int_equal(t.st[ST_SELECT].attrs, THEME_REVERSE);
	/* a style the file does not mention looks like text */
	assert_int_equal(t.st[ST_QUIZ].fg, THEME_DEFAULT_COLOR);
	assert_int_equal(t.st[ST_QUIZ].attrs, 0);
	strbuf_release(&err);
}

static void reports_every_bad_line(void **state)
{
	(void)state;
	struct theme t;
	struct strbuf err;
	strbuf_init(&err);
	assert_int_equal(theme_parse(&t, "x",
		"headline cyan default\nheading cyan\nheading cyan purple\nheading cyan default blink\n"
		"zombie red 256\ntitle green default bold\n", "x.theme", &err), -1);
	assert_string_equal(err.buf,
		"x.theme:1: unknown style, got 'headline'\n"
		"x.theme:2: expected STYLE FOREGROUND BACKGROUND [ATTRIBUTES...], got 'cyan'\n"
		"x.theme:3: expected colours: default, black..white, bright-NAME or 0..255, got 'purple'\n"
		"x.theme:4: expected attributes: bold, dim, italic, underline, reverse, got 'blink'\n"
		"x.theme:5: expected colours: default, black..white, bright-NAME or 0..255, got '256'");
	/* the good line still applies */
	assert_int_equal(t.st[ST_TITLE].fg, 2);
	strbuf_release(&err);
}

static void every_style_has_a_name(void **state)
{
	(void)state;
	for (int i = 0; i < ST_COUNT; i++)
		assert_string_not_equal(theme_style_name((enum style)i), "?");
}

/* The shipped themes load cleanly and mention every style. */
static void shipped_themes_are_complete(void **state)
{
	(void)state;
	static const char *const names[] = { "dark", "light", "contrast" };
	for (size_t k = 0; k < 3; k++) {
		struct theme t;
		struct strbuf err;
		strbuf_init(&err);
		assert_int_equal(theme_load(&t, "assets/themes", names[k], &err), 0);
		strbuf_release(&err);
		char path[64];
		snprintf(path, sizeof path, "assets/themes/%s.theme", names[k]);
		FILE *f = fopen(path, "r");
		assert_non_null(f);
		char text[8192];
		size_t n = fread(text, 1, sizeof text - 1, f);
		fclose(f);
		text[n] = '\0';
		for (int i = 0; i < ST_COUNT; i++) {
			char needle[64];
			snprintf(needle, sizeof needle, "\n%s ", theme_style_name((enum style)i));
			if (!strstr(text, needle))
				fail_msg("%s.theme does not set '%s'", names[k], theme_style_name((enum style)i));
		}
	}
}

static void unknown_theme_is_one_line(void **state)
{
	(void)state;
	struct theme t;
	struct strbuf err;
	strbuf_init(&err);
	assert_int_equal(theme_load(&t, "assets/themes", "neon", &err), -1);
	assert_string_equal(err.buf, "no theme 'neon' (no assets/themes/neon.theme)");
	strbuf_reset(&err);
	assert_int_equal(theme_load(&t, "assets/themes", "../etc", &err), -1);
	assert_string_equal(err.buf, "theme: expected a name of a-z, 0-9 and '-', got '../etc'");
	strbuf_release(&err);
}

static void monochrome_keeps_zombies_visible(void **state)
{
	(void)state;
	struct theme t;
	struct strbuf err;
	strbuf_init(&err);
	assert_int_equal(theme_load(&t, "assets/themes", "dark", &err), 0);
	theme_monochrome(&t);
	for (int i = 0; i < ST_COUNT; i++)
		assert_int_equal(t.st[i].fg, THEME_DEFAULT_COLOR);
	assert_true(t.st[ST_ZOMBIE].attrs & THEME_UNDERLINE);
	assert_true(t.st[ST_STATUS].attrs & THEME_REVERSE);
	assert_int_not_equal(t.st[ST_ZOMBIE].attrs, t.st[ST_TEXT].attrs);
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_colours_and_attributes),
		cmocka_unit_test(reports_every_bad_line),
		cmocka_unit_test(every_style_has_a_name),
		cmocka_unit_test(shipped_themes_are_complete),
		cmocka_unit_test(unknown_theme_is_one_line),
		cmocka_unit_test(monochrome_keeps_zombies_visible),
	};
	return cmocka_run_group_tests_name("theme", tests, NULL, NULL);
}
