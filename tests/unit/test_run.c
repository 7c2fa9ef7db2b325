/*
 * test_run: the runner and keeper, driven without the shell: a demo runs to
 * its end, pauses and resumes (every process stopped, then running again),
 * stops, and leaves no temp dir or IPC object; a missing binary is refused
 * before anything forks. Uses the demos the build made (BUILD, default
 * "build"), so it runs from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loop/loop.h"
#include "probe/event.h"
#include "run/run.h"
#include "sample/sample.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/strvec.h"

struct watcher {
	struct loop *loop;
	struct run *run;
	struct strvec output, notices, phases;
	struct run_result result;
	bool ended;
};

static void on_output(void *ctx, const char *line) { strvec_push(&((struct watcher *)ctx)->output, line); }
static void on_notice(void *ctx, const char *line) { strvec_push(&((struct watcher *)ctx)->notices, line); }
static void on_event(void *ctx, const struct event *ev)
{
	if (ev->kind == EVENT_PHASE)
		strvec_push(&((struct watcher *)ctx)->phases, ev->name);
}
static void on_ended(void *ctx, const struct run_result *r)
{
	struct watcher *w = ctx;
	w->result = *r;
	w->ended = true;
}

static void on_fd(void *ctx, int fd)
{
	struct watcher *w = ctx;
	run_read(w->run, fd);
	int fds[3], n = run_fds(w->run, fds);
	for (int i = 0; i < n; i++)
		if (fds[i] == fd)
			return;
	loop_unwatch_fd(w->loop, fd);
}

static void on_signal(void *ctx, int sig)
{
	(void)sig;
	run_reap(((struct watcher *)ctx)->run);
}

static char *demo(const char *id)
{
	const char *build = getenv("BUILD");
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", build && *build ? build : "build", id);
	return path;
}

static int start(struct watcher *w, const char *exe, char **args)
{
	memset(w, 0, sizeof *w);
	strvec_init(&w->output);
	strvec_init(&w->notices);
	strvec_init(&w->phases);
	w->loop = loop_new();
	static const int sigs[] = { SIGCHLD, 0 };
	loop_watch_signals(w->loop, sigs, on_signal, w);
	struct run_spec spec = { .name = "test/demo", .exe = exe, .args = args,
				 .max_procs = 80, .max_threads = 256, .max_seconds = 60 };
	struct run_sink sink = { .ctx = w, .output = on_output, .notice = on_notice,
				 .event = on_event, .ended = on_ended };
	struct strbuf err;
	strbuf_init(&err);
	w->run = run_start(&spec, &sink, &err);
	if (!w->run) {
		print_message("run_start: %s\n", err.buf);
		strbuf_release(&err);
		return -1;
	}
	strbuf_release(&err);
	int fds[3], n = run_fds(w->run, fds);
	for (int i = 0; i < n; i++)
		loop_watch_fd(w->loop, fds[i], on_fd, w);
	return 0;
}

/* Pump the loop until done(w) or seconds pass. */
static bool pump_until(struct watcher *w, bool (*done)(struct watcher *), double seconds)
{
	uint64_t until = clock_now_ns() + (uint64_t)(seconds * 1e9);
	while (!done(w) && clock_now_ns() < until)
		loop_run_once(w->loop, 20);
	return done(w);
}

static bool ended(struct watcher *w) { return w->ended; }
static bool holding(struct watcher *w) { return w->phases.nr > 0; }

static void finish(struct watcher *w)
{
	run_free(w->run);
	loop_free(w->loop);
	strvec_release(&w->output);
	strvec_release(&w->notices);
	strvec_release(&w->phases);
	/* the loop blocked SIGCHLD; the next test makes its own */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* The run's processes (keeper excluded) and how many are stopped. */
static size_t count(struct watcher *w, size_t *stopped)
{
	struct sample_snap s;
	struct strbuf err;
	sample_snap_init(&s);
	strbuf_init(&err);
	sample_scan("/proc", run_keeper_pid(w->run), run_demo_pid(w->run), 0, &s, &err);
	size_t n = 0;
	*stopped = 0;
	for (size_t i = 0; i < s.nprocs; i++) {
		if (s.procs[i].pid == s.keeper)
			continue;
		n++;
		*stopped += s.procs[i].state == STATE_STOPPED;
	}
	sample_snap_release(&s);
	strbuf_release(&err);
	return n;
}

static void runs_to_its_end(void **state)
{
	(void)state;
	struct watcher w;
	char *args[] = { "children=2", "delay=0", NULL };
	assert_int_equal(start(&w, demo("demos/fork/fork-wait"), args), 0);
	assert_true(pump_until(&w, ended, 20));
	assert_int_equal(w.result.how, RUN_EXITED);
	assert_int_equal(w.result.demo_code, 0);
	assert_int_equal(w.result.demo_signal, 0);
	assert_string_equal(w.output.items[w.output.nr - 1], "parent: all 2 children reaped");
	assert_true(strstr(w.result.reason, "finished after") != NULL);
	finish(&w);
}

static void pauses_resumes_and_stops(void **state)
{
	(void)state;
	struct watcher w;
	char *args[] = { "depth=2", "hold=30", NULL };
	assert_int_equal(start(&w, demo("demos/fork/fork-tree"), args), 0);
	assert_true(pump_until(&w, holding, 10));
	size_t stopped, n;
	/* The first process holds as soon as it has forked; its children
	 * may still be forking theirs. */
	for (int i = 0; i < 100 && (n = count(&w, &stopped), n < 4); i++)
		loop_run_once(w.loop, 10);
	run_pause(w.run, true);
	for (int i = 0; i < 100 && (n = count(&w, &stopped), stopped < n); i++)
		loop_run_once(w.loop, 10);
	assert_int_equal(n, 4);
	assert_int_equal(stopped, 4);
	assert_true(run_paused(w.run));
	run_pause(w.run, false);
	for (int i = 0; i < 100 && (n = count(&w, &stopped), stopped > 0); i++)
		loop_run_once(w.loop, 10);
	assert_int_equal(stopped, 0);
	assert_int_equal(n, 4);
	run_stop(w.run);
	assert_true(pump_until(&w, ended, 10));
	assert_int_equal(w.result.how, RUN_STOPPED);
	finish(&w);
}

static void stop_while_paused_still_stops(void **state)
{
	(void)state;
	struct watcher w;
	char *args[] = { "depth=1", "hold=30", NULL };
	assert_int_equal(start(&w, demo("demos/fork/fork-tree"), args), 0);
	assert_true(pump_until(&w, holding, 10));
	run_pause(w.run, true);
	run_stop(w.run);
	assert_true(pump_until(&w, ended, 10));
	assert_int_equal(w.result.how, RUN_STOPPED);
	finish(&w);
}

static void cleans_up_temp_dir_and_ipc(void **state)
{
	(void)state;
	struct watcher w;
	assert_int_equal(start(&w, demo("test-demos/fault/ipc-hog"), NULL), 0);
	char shm[256];
	snprintf(shm, sizeof shm, "/dev/shm/lockstep-%s-shm", run_id(w.run));
	struct stat st;
	for (int i = 0; i < 200 && stat(shm, &st) < 0; i++)
		loop_run_once(w.loop, 10);
	assert_int_equal(stat(shm, &st), 0);
	/* its temp dir: the demo's working directory */
	char tmpdir[512] = "";
	pid_t pid = run_demo_pid(w.run);
	char link[64];
	snprintf(link, sizeof link, "/proc/%d/cwd", (int)pid);
	ssize_t n = readlink(link, tmpdir, sizeof tmpdir - 1);
	assert_true(n > 0);
	tmpdir[n] = '\0';
	assert_non_null(strstr(tmpdir, "lockstep-"));
	run_stop(w.run);
	assert_true(pump_until(&w, ended, 10));
	assert_int_not_equal(stat(shm, &st), 0);
	assert_int_not_equal(stat(tmpdir, &st), 0);
	assert_int_equal(w.notices.nr, 0); /* no cleanup complaints */
	finish(&w);
}

static void a_missing_binary_is_refused_before_forking(void **state)
{
	(void)state;
	struct run_spec spec = { .name = "test/none", .exe = "/nonexistent/demo",
				 .max_procs = 4, .max_threads = 4, .max_seconds = 4 };
	struct run_sink sink = { 0 };
	struct strbuf err;
	strbuf_init(&err);
	assert_null(run_start(&spec, &sink, &err));
	assert_string_equal(err.buf, "cannot run test/none: '/nonexistent/demo' is not built (run make)");
	strbuf_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_to_its_end),
		cmocka_unit_test(pauses_resumes_and_stops),
		cmocka_unit_test(stop_while_paused_still_stops),
		cmocka_unit_test(cleans_up_temp_dir_and_ipc),
		cmocka_unit_test(a_missing_binary_is_refused_before_forking),
	};
	return cmocka_run_group_tests_name("run", tests, NULL, NULL);
}
