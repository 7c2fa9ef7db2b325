/* test_cmd: command lookup, help from the table, and checking run lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/session.h"
#include "util/strbuf.h"
#include "util/strvec.h"

/* Every line the session prints, as "KIND text". */
static struct strvec lines;

static void capture(void *ctx, enum out_kind kind, const char *text)
{
	(void)ctx;
	strvec_pushf(&lines, "%s %s", kind == OUT_ERROR ? "E" : "T", text);
}

static const char manifest[] =
	"demo fork/fork-wait\nsummary forks N children\n"
	"param children int 3 1 16 how many children\nend\n"
	"demo fork/fork-twice\nsummary twice\nend\n"
	"demo race/balance\nsummary the lost update\n"
	"param lock choice none none|mutex what guards it\nend\n"
	"demo pool/fork-wait\nsummary a second demo of the same name\nend\n";

static int setup(void **state)
{
	struct session *s = calloc(1, sizeof *s);
	struct strbuf err;
	strbuf_init(&err);
	manifest_init(&s->manifest);
	catalog_init(&s->catalog);
	strvec_init(&s->pending);
	strvec_init(&s->demo_dirs);
	strbuf_init(&s->tree_key);
	s->width = 80;
	s->lessons_dir = strdup("nowhere");
	assert_int_equal(manifest_parse(&s->manifest, manifest, "/d", "manifest", &err), 0);
	strbuf_release(&err);
	s->out = (struct session_output){ .line = capture };
	strvec_init(&lines);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct session *s = *state;
	session_release(s);
	free(s);
	strvec_release(&lines);
	return 0;
}

static void find_by_name_alias_and_prefix(void **state)
{
	(void)state;
	struct strbuf why;
	strbuf_init(&why);
	assert_ptr_equal(cmd_find("run", &why), &cmd_run);
	assert_ptr_equal(cmd_find("r", &why), &cmd_run);     /* alias */
	assert_ptr_equal(cmd_find("exit", &why), &cmd_quit); /* alias */
	assert_ptr_equal(cmd_find("par", &why), &cmd_params); /* unique prefix */
	assert_ptr_equal(cmd_find("ne", &why), &cmd_next);
	assert_null(cmd_find("s", &why));
	assert_string_equal(why.buf, "ambiguous command 's' (could be show, step, stop)");
	strbuf_reset(&why);
	assert_null(cmd_find("dance", &why));
	assert_string_equal(why.buf, "unknown command 'dance' (type help for the list)");
	strbuf_release(&why);
}

static void table_is_sorted_and_complete(void **state)
{
	(void)state;
	for (size_t i = 0; cmd_table[i]; i++) {
		const struct command *c = cmd_table[i];
		assert_non_null(c->exec);
		assert_non_null(c->help);
		assert_int_equal(strncmp(c->usage, c->name, strlen(c->name)), 0);
		if (cmd_table[i + 1])
			assert_true(strcmp(c->name, cmd_table[i + 1]->name) < 0);
	}
}

static void help_is_built_from_the_table(void **state)
{
	struct session *s = *state;
	assert_int_equal(cmd_execute(s, "help"), CMD_OK);
	size_t n = 0;
	for (size_t i = 0; cmd_table[i]; i++, n++) {
		int found = 0;
		for (size_t k = 0; k < lines.nr; k++)
			found |= strstr(lines.items[k], cmd_table[i]->usage) &&
				 strstr(lines.items[k], cmd_table[i]->help);
		assert_true(found);
	}
	assert_int_equal(lines.nr, n + 1); /* a heading, then one line each */
	strvec_clear(&lines);
	assert_int_equal(cmd_execute(s, "help run"), CMD_OK);
	assert_string_equal(lines.items[0], "T usage: run [DEMO] [KEY=VALUE...]");
}

static void bad_input_is_one_error_line(void **state)
{
	struct session *s = *state;
	assert_int_equal(cmd_execute(s, "dance now"), CMD_USAGE);
	assert_int_equal(cmd_execute(s, "open"), CMD_USAGE);
	assert_int_equal(cmd_execute(s, "run fork/fork-wait children=0"), CMD_ERROR);
	assert_int_equal(cmd_execute(s, "params nope"), CMD_ERROR);
	assert_int_equal(cmd_execute(s, "run fork-wait"), CMD_ERROR); /* two lessons have one */
	assert_int_equal(cmd_execute(s, "   "), CMD_OK);
	assert_int_equal(cmd_execute(s, "# a comment"), CMD_OK);
	assert_int_equal(lines.nr, 5);
	assert_string_equal(lines.items[0], "E unknown command 'dance' (type help for the list)");
	assert_string_equal(lines.items[1], "E usage: open LESSON");
	assert_string_equal(lines.items[2], "E children: expected a whole number from 1 to 16, got '0'");
	assert_string_equal(lines.items[3], "E unknown demo 'nope' (see list for the demos)");
	assert_string_equal(lines.items[4], "E ambiguous demo 'fork-wait' (could be fork/fork-wait, pool/fork-wait)");
	assert_null(s->run); /* nothing ran */
}

static void run_lines_are_checked_against_the_lesson(void **state)
{
	struct session *s = *state;
	struct lesson fork = { .id = "fork" };
	struct strbuf why;
	strbuf_init(&why);
	assert_int_equal(cmd_check_action(s, &fork, "run fork-wait children=4", &why), 0);
	assert_int_equal(cmd_check_action(s, &fork, "run race/balance lock=mutex", &why), 0);
	assert_int_equal(cmd_check_action(s, &fork, "tree", &why), 0);
	assert_int_equal(cmd_check_action(s, &fork, "run balance", &why), -1);
	assert_string_equal(why.buf, "unknown demo 'balance' (lesson fork has: fork-wait, fork-twice)");
	strbuf_reset(&why);
	assert_int_equal(cmd_check_action(s, &fork, "run fork-wait children=99", &why), -1);
	assert_string_equal(why.buf, "children: expected a whole number from 1 to 16, got '99'");
	strbuf_reset(&why);
	assert_int_equal(cmd_check_action(s, &fork, "run race/balance lock=futex", &why), -1);
	assert_string_equal(why.buf, "lock: expected one of none, mutex, got 'futex'");
	strbuf_reset(&why);
	assert_int_equal(cmd_check_action(s, &fork, "run children=3", &why), -1);
	assert_string_equal(why.buf, "a run block's run needs a demo name (run DEMO [KEY=VALUE...])");
	strbuf_reset(&why);
	assert_int_equal(cmd_check_action(s, &fork, "quit", &why), -1);
	assert_string_equal(why.buf, "a run block cannot quit the shell");
	strbuf_reset(&why);
	assert_int_equal(cmd_check_action(s, &fork, "open", &why), -1);
	assert_string_equal(why.buf, "usage: open LESSON");
	strbuf_release(&why);
}

static void completion_offers_commands_demos_and_keys(void **state)
{
	struct session *s = *state;
	struct strvec out;
	strvec_init(&out);
	cmd_complete(s, "", "st", &out);
	assert_int_equal(out.nr, 2);
	assert_string_equal(out.items[0], "step");
	assert_string_equal(out.items[1], "stop");
	strvec_clear(&out);
	cmd_complete(s, "run ", "race/", &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.items[0], "race/balance");
	strvec_clear(&out);
	cmd_complete(s, "run fork/fork-wait ", "ch", &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.items[0], "children=");
	strvec_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(find_by_name_alias_and_prefix),
		cmocka_unit_test(table_is_sorted_and_complete),
		cmocka_unit_test_setup_teardown(help_is_built_from_the_table, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_input_is_one_error_line, setup, teardown),
		cmocka_unit_test_setup_teardown(run_lines_are_checked_against_the_lesson, setup, teardown),
		cmocka_unit_test_setup_teardown(completion_offers_commands_demos_and_keys, setup, teardown),
	};
	return cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
}
