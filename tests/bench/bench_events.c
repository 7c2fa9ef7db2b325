/*
 * bench_events: probe event throughput through the real runner. The same
 * binary is both sides: started with KEY=VALUE arguments it is a demo whose
 * `procs` processes each send `events` metric events numbered 0, 1, ...;
 * started plainly it runs itself under the keeper with the shell's own
 * run and loop modules, counts every event per process, and checks that
 * none was lost or reordered.
 *
 * usage: bench_events [PROCS [EVENTS]]
 */
#include "loop/loop.h"
#include "probe/event.h"
#include "probe/probe.h"
#include "run/run.h"
#include "util/clock.h"
#include "util/strbuf.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("procs", 4, 1, 16, "processes sending events"),
	PROBE_INT("events", 100000, 1, 10000000, "events each process sends"),
	PROBE_END
};
static const struct probe_demo demo = { .summary = "event flood", .max_procs = 20, .params = params };

static int emitter(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long procs = probe_int("procs"), events = probe_int("events");
	for (long p = 0; p < procs; p++) {
		if (fork() == 0) {
			for (long i = 0; i < events; i++)
				probe_metric("seq", (double)i, NULL);
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	return 0;
}

#define MAXP 64
static struct {
	pid_t pid[MAXP];
	long next[MAXP];
	int n;
	long total, bad;
	uint64_t first_us, last_us;
	bool ended;
} st;

static void on_event(void *ctx, const struct event *ev)
{
	(void)ctx;
	int i;
	for (i = 0; i < st.n && st.pid[i] != ev->pid; i++)
		;
	if (i == st.n && st.n < MAXP)
		st.pid[st.n++] = ev->pid;
	if (ev->kind != EVENT_METRIC || (long)ev->value != st.next[i])
		st.bad++;
	st.next[i] = (long)ev->value + 1;
	if (!st.total)
		st.first_us = clock_now_us();
	st.last_us = clock_now_us();
	st.total++;
}

static void on_ended(void *ctx, const struct run_result *r)
{
	(void)ctx;
	(void)r;
	st.ended = true;
}

static struct run *the_run;
static struct loop *loop;

static void on_fd(void *ctx, int fd)
{
	(void)ctx;
	run_read(the_run, fd);
	int fds[3], n = run_fds(the_run, fds);
	for (int i = 0; i < n; i++)
		if (fds[i] == fd)
			return;
	loop_unwatch_fd(loop, fd); /* at end of file: the run closed it */
}

static void on_signal(void *ctx, int sig)
{
	(void)ctx;
	(void)sig;
	run_reap(the_run);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strchr(argv[1], '='))
		return emitter(argc, argv);
	long procs = argc > 1 ? atol(argv[1]) : 4, events = argc > 2 ? atol(argv[2]) : 250000;
	char a1[64], a2[64], self[4096];
	snprintf(a1, sizeof a1, "procs=%ld", procs);
	snprintf(a2, sizeof a2, "events=%ld", events);
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return 1;
	self[n] = '\0';
	char *args[] = { a1, a2, NULL };
	loop = loop_new();
	static const int sigs[] = { SIGCHLD, 0 };
	loop_watch_signals(loop, sigs, on_signal, NULL);
	struct run_spec spec = { .name = "bench/events", .exe = self, .args = args,
				 .max_procs = 20, .max_threads = 64, .max_seconds = 600 };
	struct run_sink sink = { .event = on_event, .ended = on_ended };
	struct strbuf err;
	strbuf_init(&err);
	the_run = run_start(&spec, &sink, &err);
	if (!the_run) {
		fprintf(stderr, "bench_events: %s\n", err.buf);
		return 1;
	}
	int fds[3];
	int nf = run_fds(the_run, fds);
	for (int i = 0; i < nf; i++)
		loop_watch_fd(loop, fds[i], on_fd, NULL);
	while (!st.ended)
		loop_run_once(loop, 100);
	double secs = (double)(st.last_us - st.first_us) / 1e6;
	long want = procs * events;
	printf("events: %ld processes x %ld = %ld sent, %ld received, %ld out of order, %.0f events/s\n",
	       procs, events, want, st.total, st.bad, secs > 0 ? (double)st.total / secs : 0.0);
	run_free(the_run);
	loop_free(loop);
	strbuf_release(&err);
	return st.total == want && st.bad == 0 ? 0 : 1;
}
