/*
 * create-cost: what does it cost to start something that runs, and to see
 * it end? Timed `count` times for each way, from the call that creates it
 * to the moment its end has been collected (join or wait):
 *
 *   pthread_create + join          a thread that returns at once
 *   fork + _exit + wait            a child process that exits at once
 *   vfork + _exit + wait           the same, but the child borrows the
 *                                  parent's memory instead of a copy
 *   posix_spawn /bin/true + wait   a new program, started for us
 *   fork + exec /bin/true + wait   the same new program, the classic way
 *
 * It prints the median and the fastest of each, in microseconds. The median
 * is the middle value: one slow run (the machine was busy) cannot move it.
 * `mb` makes the parent bigger before timing: fork must copy the page
 * tables of all that memory, vfork and posix_spawn copy nothing.
 * With pin=on everything runs on cpu 0, so no figure includes waking a
 * process on the other core, which costs tens of microseconds by itself.
 *
 * In lockstep's graph: one metric per way, its median, in microseconds.
 */
#define _GNU_SOURCE	/* vfork() (no longer in POSIX) and sched_setaffinity() (Linux) */
#include "probe.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("count", 200, 10, 2000, "how many of each to create and time"),
	PROBE_INT("mb", 0, 0, 512, "megabytes of memory the parent fills before timing"),
	PROBE_CHOICE("pin", "on", "on|off", "run everything on cpu 0 (off: wherever the scheduler likes)"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "times creating a thread, fork, vfork and posix_spawn: microseconds per creation",
	.view = "graph", .max_procs = 4, .max_threads = 4, .max_seconds = 120, .params = params,
};

extern char **environ;
static char *const true_argv[] = { "true", NULL };

static void die(const char *what, int err)
{
	fprintf(stderr, "create-cost: %s: %s\n", what, strerror(err));
	exit(1);
}

/* Reap the child, and make sure it ran and exited 0 (/bin/true does). */
static void reap(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) < 0)
		die("waitpid", errno);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "create-cost: child %d did not exit with status 0\n", (int)pid);
		exit(1);
	}
}

/* region ways */
static void *nothing(void *arg) { return arg; }

static void by_thread(void)
{
	pthread_t t;
	int err = pthread_create(&t, NULL, nothing, NULL);
	if (err || (err = pthread_join(t, NULL)))
		die("pthread_create or pthread_join", err);
}

static void by_fork(void)
{
	pid_t pid = fork();	/* copies the page tables of all our memory */
	if (pid < 0)
		die("fork", errno);
	if (pid == 0)
		_exit(0);	/* _exit: no atexit handlers, no stdio flush */
	reap(pid);
}

static void by_vfork(void)
{
	pid_t pid = vfork();	/* borrows our memory; we sleep until it _exits */
	if (pid < 0)
		die("vfork", errno);
	if (pid == 0)
		_exit(0);	/* a vfork child may only _exit or exec */
	reap(pid);
}

static void by_spawn(void)
{
	pid_t pid;
	int err = posix_spawn(&pid, "/bin/true", NULL, NULL, true_argv, environ);
	if (err)
		die("posix_spawn /bin/true", err);
	reap(pid);
}

static void by_fork_exec(void)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork", errno);
	if (pid == 0) {
		execv("/bin/true", true_argv);	/* returns only if it failed */
		_exit(127);
	}
	reap(pid);
}
/* endregion ways */

static const struct way {
	const char *name, *phase, *metric;
	void (*create)(void);
} ways[] = {
	{ "pthread_create + join",        "thread",      "thread_us",    by_thread },
	{ "fork + _exit + wait",          "fork",        "fork_us",      by_fork },
	{ "vfork + _exit + wait",         "vfork",       "vfork_us",     by_vfork },
	{ "posix_spawn /bin/true + wait", "posix_spawn", "spawn_us",     by_spawn },
	{ "fork + exec /bin/true + wait", "fork-exec",   "fork_exec_us", by_fork_exec },
};
#define NWAYS (sizeof ways / sizeof ways[0])

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long count = probe_int("count"), mb = probe_int("mb");
	int pin = strcmp(probe_str("pin"), "on") == 0;

	if (pin) {	/* threads and children we make inherit this */
		cpu_set_t one;
		CPU_ZERO(&one);
		CPU_SET(0, &one);
		if (sched_setaffinity(0, sizeof one, &one) < 0)
			die("sched_setaffinity", errno);
	}
	/* Touch every page, so the memory is really ours and fork must copy
	 * its page tables (memory malloc'ed but never touched costs nothing). */
	char *big = NULL;
	if (mb > 0 && !(big = malloc((size_t)mb << 20)))
		die("malloc", errno);
	if (big)
		memset(big, 1, (size_t)mb << 20);
	double *us = malloc((size_t)count * sizeof *us);
	if (!us)
		die("malloc", errno);

	printf("create-cost: %ld of each, parent holds %ld MB, %s\n", count, mb,
	       pin ? "pinned to cpu 0" : "not pinned");
	printf("%-30s %9s %9s   (microseconds, from create to reaped)\n", "", "median", "fastest");
	double median[NWAYS];
	/* region time */
	for (size_t w = 0; w < NWAYS; w++) {
		probe_phase(ways[w].phase);
		for (long i = 0; i < count; i++) {
			double t0 = now_us();
			ways[w].create();	/* create it, let it end, collect it */
			us[i] = now_us() - t0;
		}
		qsort(us, (size_t)count, sizeof *us, by_value);
		median[w] = us[count / 2];	/* half were faster, half slower */
		printf("%-30s %9.1f %9.1f\n", ways[w].name, median[w], us[0]);
		probe_metric(ways[w].metric, median[w], "us");
	}
	/* endregion time */
	/* region compare */
	/* Ratios of medians: how many of the first fit in the time of one second. */
	const size_t pairs[][2] = { { 0, 1 }, { 2, 1 }, { 3, 4 } };
	for (size_t p = 0; p < 3; p++) {
		size_t a = pairs[p][0], b = pairs[p][1];
		printf("%s is %.1fx cheaper than %s\n", ways[a].name, median[b] / median[a],
		       ways[b].name);
	}
	/* endregion compare */
	free(us);
	free(big);
	return 0;
}
