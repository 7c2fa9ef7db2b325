/* test_probe: parameter tables, event lines and the manifest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe/event.h"
#include "probe/manifest.h"
#include "probe/param.h"
#include "probe/probe.h"
#include "util/strbuf.h"

static const struct probe_param table[] = {
	PROBE_INT("children", 3, 1, 16, "how many children to fork"),
	PROBE_CHOICE("lock", "none", "none|mutex|spin|atomic", "what guards the balance"),
	PROBE_END
};

static void apply_ok(const char *const *args, int n, long *values)
{
	char err[256] = "";
	assert_int_equal(param_apply(table, "demo", n, (char *const *)args, values, err, sizeof err), 0);
}

static void apply_err(const char *const *args, int n, const char *expected)
{
	long values[2];
	char err[256] = "";
	assert_int_equal(param_apply(table, "fork-wait", n, (char *const *)args, values, err, sizeof err), -1);
	assert_string_equal(err, expected);
}

static void params_defaults_and_values(void **state)
{
	(void)state;
	long v[2];
	apply_ok(NULL, 0, v);
	assert_int_equal(v[0], 3);
	assert_int_equal(v[1], 0);
	const char *args[] = { "lock=spin", "children=16" };
	apply_ok(args, 2, v);
	assert_int_equal(v[0], 16);
	assert_int_equal(v[1], 2);
	const char *low[] = { "children=1" };
	apply_ok(low, 1, v);
	assert_int_equal(v[0], 1);
}

static void params_errors_say_what_was_expected(void **state)
{
	(void)state;
	const char *a1[] = { "children=abc" };
	apply_err(a1, 1, "children: expected a whole number from 1 to 16, got 'abc'");
	const char *a2[] = { "children=17" };
	apply_err(a2, 1, "children: expected a whole number from 1 to 16, got '17'");
	const char *a3[] = { "children=0" };
	apply_err(a3, 1, "children: expected a whole number from 1 to 16, got '0'");
	const char *a4[] = { "children=" };
	apply_err(a4, 1, "children: expected a whole number from 1 to 16, got ''");
	const char *a5[] = { "children=3x" };
	apply_err(a5, 1, "children: expected a whole number from 1 to 16, got '3x'");
	const char *a6[] = { "children=99999999999999999999" };
	apply_err(a6, 1, "children: expected a whole number from 1 to 16, got '99999999999999999999'");
	const char *a7[] = { "lock=futex" };
	apply_err(a7, 1, "lock: expected one of none, mutex, spin, atomic, got 'futex'");
	const char *a8[] = { "kids=3" };
	apply_err(a8, 1, "unknown parameter 'kids' for fork-wait (expected one of children, lock)");
	const char *a9[] = { "children" };
	apply_err(a9, 1, "expected KEY=VALUE, got 'children' (try: params fork-wait)");
	const char *a10[] = { "children=2", "children=3" };
	apply_err(a10, 2, "children: given twice");
	const char *a11[] = { "=3" };
	apply_err(a11, 1, "expected KEY=VALUE, got '=3' (try: params fork-wait)");
	const char *a12[] = { "children= 3" };
	apply_err(a12, 1, "children: expected a whole number from 1 to 16, got ' 3'");
}

static void params_table_prints_aligned(void **state)
{
	(void)state;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	param_print_table(f, table);
	fclose(f);
	assert_string_equal(text,
		"name      default  range                   what it does\n"
		"children  3        1..16                   how many children to fork\n"
		"lock      none     none|mutex|spin|atomic  what guards the balance\n");
	free(text);
}

static void event_round_trip(void **state)
{
	(void)state;
	char line[EVENT_LINE_MAX];
	struct event in = { .kind = EVENT_METRIC, .pid = 42, .tid = 43, .time_us = 1234567, .value = 2.5 };
	strcpy(in.name, "ops rate");  /* the space becomes '_' */
	strcpy(in.unit, "ops/s");
	size_t n = event_format(line, &in);
	assert_string_equal(line, "metric 42 43 1234567 ops_rate 2.5 ops/s\n");
	assert_int_equal(n, strlen(line));
	line[n - 1] = '\0';
	struct event out;
	char err[128];
	assert_int_equal(event_parse(line, &out, err, sizeof err), 0);
	assert_int_equal(out.kind, EVENT_METRIC);
	assert_int_equal(out.pid, 42);
	assert_int_equal(out.tid, 43);
	assert_true(out.time_us == 1234567);
	assert_string_equal(out.name, "ops_rate");
	assert_string_equal(out.unit, "ops/s");
	assert_true(out.value == 2.5);
}

static void event_kinds_parse(void **state)
{
	(void)state;
	struct event ev;
	char err[128];
	assert_int_equal(event_parse("gate 7 8 9 load", &ev, err, sizeof err), 0);
	assert_int_equal(ev.kind, EVENT_GATE);
	assert_int_equal(ev.tid, 8);
	assert_string_equal(ev.name, "load");
	char gate_line[EVENT_LINE_MAX];
	event_format(gate_line, &ev);
	assert_string_equal(gate_line, "gate 7 8 9 load\n");
	assert_int_equal(event_parse("phase 1 2 3 zombies", &ev, err, sizeof err), 0);
	assert_int_equal(ev.kind, EVENT_PHASE);
	assert_string_equal(ev.name, "zombies");
	assert_int_equal(event_parse("task 1 2 3 begin 7 resize photo.jpg", &ev, err, sizeof err), 0);
	assert_int_equal(ev.kind, EVENT_TASK_BEGIN);
	assert_int_equal(ev.id, 7);
	assert_string_equal(ev.text, "resize photo.jpg");
	assert_int_equal(event_parse("task 1 2 3 end 7", &ev, err, sizeof err), 0);
	assert_int_equal(ev.kind, EVENT_TASK_END);
	assert_int_equal(event_parse("task 1 2 3 queued 8 thumbnail", &ev, err, sizeof err), 0);
	assert_int_equal(ev.kind, EVENT_TASK_QUEUED);
	assert_int_equal(ev.id, 8);
	assert_string_equal(ev.text, "thumbnail");
	assert_int_equal(event_parse("queue 1 2 3 jobs 3 8", &ev, err, sizeof err), 0);
	assert_int_equal(ev.kind, EVENT_QUEUE);
	assert_string_equal(ev.name, "jobs");
	assert_int_equal(ev.depth, 3);
	assert_int_equal(ev.capacity, 8);
	char line[EVENT_LINE_MAX];
	event_format(line, &ev);
	assert_string_equal(line, "queue 1 2 3 jobs 3 8\n");
	assert_int_equal(event_parse("log 1 2 3 hello, world", &ev, err, sizeof err), 0);
	assert_string_equal(ev.text, "hello, world");
	assert_int_equal(event_parse("metric 1 2 3 balance -5 -", &ev, err, sizeof err), 0);
	assert_string_equal(ev.unit, "");
	assert_true(ev.value == -5);
}

static void event_bad_lines_are_rejected(void **state)
{
	(void)state;
	struct event ev;
	char err[128];
	assert_int_equal(event_parse("", &ev, err, sizeof err), -1);
	assert_string_equal(err, "event line has no kind");
	assert_int_equal(event_parse("bogus 1 2 3 x", &ev, err, sizeof err), -1);
	assert_string_equal(err, "unknown event kind 'bogus' (expected phase, metric, task, queue, log or gate)");
	assert_int_equal(event_parse("phase x 2 3 a", &ev, err, sizeof err), -1);
	assert_string_equal(err, "phase event: expected PID TID after the kind");
	assert_int_equal(event_parse("phase 1 2 soon a", &ev, err, sizeof err), -1);
	assert_int_equal(event_parse("metric 1 2 3 x nan u", &ev, err, sizeof err), -1);
	assert_string_equal(err, "metric event: expected a number as VALUE, got 'nan'");
	assert_int_equal(event_parse("metric 1 2 3 x 5", &ev, err, sizeof err), -1);
	assert_int_equal(event_parse("task 1 2 3 middle 4", &ev, err, sizeof err), -1);
	assert_string_equal(err, "task event: expected queued, begin or end, got 'middle'");
	assert_int_equal(event_parse("queue 1 2 3 jobs -1 4", &ev, err, sizeof err), -1);
	assert_string_equal(err, "queue event: expected NAME DEPTH CAPACITY (whole numbers, 0 or more)");
	assert_int_equal(event_parse("queue 1 2 3 jobs 1", &ev, err, sizeof err), -1);
	assert_int_equal(event_parse("task 1 2 3 end 4 extra", &ev, err, sizeof err), -1);
	assert_int_equal(event_parse("phase 1 2 3 two words", &ev, err, sizeof err), -1);
	assert_int_equal(event_parse("gate 1 2 3 load store", &ev, err, sizeof err), -1);
	assert_string_equal(err, "gate event: expected one NAME word");
}

static void event_long_text_is_cut_whole(void **state)
{
	(void)state;
	/* 3000 two-byte characters: the line must stay short of PIPE_BUF and
	 * not end inside a character. */
	char *text = malloc(6001);
	for (int i = 0; i < 3000; i++)
		memcpy(text + 2 * i, "\xc3\xa9", 2);
	text[6000] = '\0';
	char line[EVENT_LINE_MAX];
	struct event ev = { .kind = EVENT_LOG, .pid = 1, .tid = 1, .time_us = 1, .text = text };
	size_t n = event_format(line, &ev);
	assert_true(n <= EVENT_LINE_MAX);
	assert_int_equal(line[n - 1], '\n');
	assert_true(((unsigned char)line[n - 2] & 0xC0) != 0xC0); /* no dangling lead byte */
	size_t start = strlen("log 1 1 1 ");
	assert_int_equal((n - 1 - start) % 2, 0);
	free(text);
	/* control characters become spaces: one event stays one line */
	struct event ev2 = { .kind = EVENT_LOG, .pid = 1, .tid = 1, .time_us = 1, .text = "a\nb\tc" };
	n = event_format(line, &ev2);
	assert_string_equal(line, "log 1 1 1 a b c\n");
}

static const char manifest_text[] =
	"demo fork/fork-wait\n"
	"summary forks N children\n"
	"view tree\n"
	"limit procs 20\n"
	"limit threads 40\n"
	"limit seconds 30\n"
	"param children int 3 1 16 how many children to fork\n"
	"param lock choice none none|mutex what guards it\n"
	"end\n"
	"demo fork/fork-twice\n"
	"summary twice\n"
	"end\n";

static void manifest_parses(void **state)
{
	(void)state;
	struct manifest m;
	struct strbuf err;
	manifest_init(&m);
	strbuf_init(&err);
	assert_int_equal(manifest_parse(&m, manifest_text, "/d", "manifest", &err), 0);
	assert_int_equal(m.nr, 2);
	const struct demo_desc *d = manifest_find(&m, "fork/fork-wait");
	assert_non_null(d);
	assert_string_equal(d->lesson, "fork");
	assert_string_equal(d->name, "fork-wait");
	assert_string_equal(d->exe, "/d/fork/fork-wait");
	assert_string_equal(d->summary, "forks N children");
	assert_int_equal(d->max_procs, 20);
	assert_int_equal(d->max_threads, 40);
	assert_int_equal(d->max_seconds, 30);
	assert_int_equal(d->nparams, 2);
	assert_string_equal(d->params[0].help, "how many children to fork");
	assert_int_equal(d->params[0].max, 16);
	assert_string_equal(d->params[1].choices, "none|mutex");
	assert_string_equal(d->params[1].help, "what guards it");
	assert_null(d->params[2].name);
	d = manifest_find(&m, "fork/fork-twice");
	assert_int_equal(d->max_procs, 64); /* the default */
	assert_null(manifest_find(&m, "fork/nope"));
	/* the first directory on a search path wins */
	assert_int_equal(manifest_parse(&m, "demo fork/fork-twice\nsummary other\nend\n", "/e", "m2", &err), 0);
	assert_int_equal(m.nr, 2);
	assert_string_equal(manifest_find(&m, "fork/fork-twice")->summary, "twice");
	manifest_release(&m);
	strbuf_release(&err);
}

static void manifest_bad_line_is_located(void **state)
{
	(void)state;
	struct manifest m;
	struct strbuf err;
	manifest_init(&m);
	strbuf_init(&err);
	assert_int_equal(manifest_parse(&m, "demo a/b\nparam x int 5 1 3 bad default\nend\n", "/d", "mf", &err), -1);
	assert_string_equal(err.buf, "mf:2: not a manifest line (run make to rebuild it)");
	strbuf_reset(&err);
	assert_int_equal(manifest_parse(&m, "demo a/b\nsummary s\n", "/d", "mf", &err), -1);
	assert_string_equal(err.buf, "mf:2: the last demo has no 'end' line");
	assert_int_equal(m.nr, 0);
	manifest_release(&m);
	strbuf_release(&err);
}

/* probe_asm_file: one function of an objdump -d -S listing, from its
 * definition to its end, with tabs expanded; one line for what is missing. */
static void asm_prints_one_function(void **state)
{
	(void)state;
	char path[] = "/tmp/lockstep-test-asm-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("\nDisassembly of section .text:\n\n"
	      "0000000000002900 <other>:\n    2900:\tret\n\n"
	      "0000000000002910 <no_lock>:\n"
	      "static int context_line;\n"
	      "static void *no_lock(void *arg)\n"
	      "{\n"
	      "    2910:\tsub    rsp,0x8\n"
	      "\t\tbalance = balance + amount;\n"
	      "    2938:\tmov    rax,QWORD PTR [rip+0x6961]        # 92a0 <balance>\n"
	      "\n"
	      "0000000000002970 <after>:\n    2970:\tret\n", f);
	fclose(f);

	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);
	assert_true(probe_asm_file(path, "no_lock", mem));
	fclose(mem);
	assert_string_equal(out,
		"0000000000002910 <no_lock>:\n"
		"static void *no_lock(void *arg)\n"
		"{\n"
		"    2910:       sub    rsp,0x8\n"
		"                balance = balance + amount;\n"
		"    2938:       mov    rax,QWORD PTR [rip+0x6961]        # 92a0 <balance>\n");
	free(out);

	mem = open_memstream(&out, &len);
	assert_false(probe_asm_file(path, "missing", mem));
	assert_false(probe_asm_file("/nonexistent/x.asm", "no_lock", mem));
	fclose(mem);
	assert_int_equal(len, 0);
	free(out);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(params_defaults_and_values),
		cmocka_unit_test(params_errors_say_what_was_expected),
		cmocka_unit_test(params_table_prints_aligned),
		cmocka_unit_test(event_round_trip),
		cmocka_unit_test(event_kinds_parse),
		cmocka_unit_test(event_bad_lines_are_rejected),
		cmocka_unit_test(event_long_text_is_cut_whole),
		cmocka_unit_test(manifest_parses),
		cmocka_unit_test(asm_prints_one_function),
		cmocka_unit_test(manifest_bad_line_is_located),
	};
	return cmocka_run_group_tests_name("probe", tests, NULL, NULL);
}
