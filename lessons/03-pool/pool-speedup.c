/*
 * pool-speedup: the same CPU-bound tasks, run by pools of 1, 2, 3, ...
 * worker processes, timed; how much faster is each pool?
 *
 * First the parent runs all the tasks itself, one after another: that time
 * is the yardstick. Then, for each pool size n from 1 to `max` (twice the
 * cores by default), it forks n workers, puts the tasks in a queue (a pipe),
 * closes it, and waits for every result and every worker. The speedup of a
 * pool is the yardstick's time divided by the pool's. Every task returns a
 * checksum, so each run shows that all the work really was done, once.
 *
 * In lockstep's graph: the pool size and its speedup, one point per size.
 * They climb together up to the number of cores, then the speedup stays
 * flat while the pool grows: a core runs one process at a time.
 */
#include "probe.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("tasks", 8, 1, 24, "tasks for every pool size"),
	PROBE_INT("steps", 120, 10, 300, "millions of steps in one task (120: about 0.2 s on a 2.6 GHz core)"),
	PROBE_INT("max", 0, 0, 8, "the largest pool (0: twice the cores)"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "times CPU-bound tasks on pools of 1 up to twice the cores: the speedup stops at the cores",
	.view = "graph", .max_procs = 12, .max_seconds = 120, .params = params,
};

struct result { long id; uint64_t sum; };	/* worker -> parent */

static long ntasks, steps;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* region task */
/* One task: steps million rounds of xorshift, a pseudo-random step that
 * keeps one core busy and touches no memory, only a register. The result
 * goes back to the parent and is printed, so the compiler must compute it:
 * -O2 can neither delete the loop nor replace it with a formula. */
static uint64_t task(long id)
{
	uint64_t x = 88172645463325252u + (uint64_t)id;
	for (long i = 0; i < steps * 1000000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	return x;
}
/* endregion task */

/* region worker */
static void worker(long n, int queue, int results)
{
	long i;
	while (read(queue, &i, sizeof i) == (ssize_t)sizeof i) {
		long bar = n * 100 + i;	/* the timeline's id: pool size, task */
		probe_task_begin(bar, NULL);
		struct result r = { i, task(i) };
		probe_task_end(bar);
		if (write(results, &r, sizeof r) != (ssize_t)sizeof r)
			die("worker: write to the results pipe");
	}
	exit(0);	/* end-of-file: the pool is closed */
}
/* endregion worker */

/* Run every task on a pool of n workers: the seconds from the first fork
 * to the last worker reaped. *sum gets the results' checksum. */
static double run_pool(long n, uint64_t *sum)
{
	int queue[2], results[2];
	if (pipe(queue) < 0 || pipe(results) < 0)
		die("pipe");
	double start = now();
	/* region start */
	for (long w = 0; w < n; w++) {
		pid_t pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			close(queue[1]);	/* else no worker would see end-of-file */
			close(results[0]);
			worker(n, queue[0], results[1]);	/* never returns */
		}
	}
	close(queue[0]);	/* the parent only writes tasks and reads results */
	close(results[1]);
	/* endregion start */
	/* region finish */
	for (long i = 1; i <= ntasks; i++) {
		probe_task_queued(n * 100 + i, NULL);
		if (write(queue[1], &i, sizeof i) != (ssize_t)sizeof i)
			die("write to the queue");
	}
	close(queue[1]);	/* Pool.close(): no more tasks */
	struct result r;
	long got = 0;
	*sum = 0;
	/* read() returns 0, end-of-file, once every worker has exited. */
	while (read(results[0], &r, sizeof r) == (ssize_t)sizeof r) {
		*sum ^= r.sum;
		got++;
	}
	close(results[0]);
	int failed = 0;
	for (long w = 0; w < n; w++) {	/* Pool.join(): reap every worker */
		int st;
		if (wait(&st) < 0)
			die("wait");
		failed += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	/* endregion finish */
	if (failed || got != ntasks) {
		fprintf(stderr, "pool of %ld: %d workers failed, %ld results for %ld tasks\n",
			n, failed, got, ntasks);
		exit(1);
	}
	return now() - start;
}

/* CPU time used by the children reaped so far, user and system. */
static double children_cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec
	       + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	ntasks = probe_int("tasks");
	steps = probe_int("steps");
	long cores = sysconf(_SC_NPROCESSORS_ONLN), max = probe_int("max");
	if (max == 0)
		max = cores * 2 > 8 ? 8 : cores * 2;
	printf("%ld cores; %ld tasks of %ld million steps; pools of 1 to %ld workers\n",
	       cores, ntasks, steps, max);

	/* region serial */
	/* The yardstick: the parent alone, no pool, one task after another. */
	probe_phase("no-pool");
	double start = now();
	uint64_t serial_sum = 0;
	for (long i = 1; i <= ntasks; i++)
		serial_sum ^= task(i);
	double serial = now() - start;
	/* endregion serial */
	printf("no pool: the parent ran the %ld tasks in %.2f s (checksum %016llx)\n",
	       ntasks, serial, (unsigned long long)serial_sum);

	/* region sizes */
	for (long n = 1; n <= max; n++) {
		char phase[32];
		snprintf(phase, sizeof phase, "pool-of-%ld", n);
		probe_phase(phase);
		uint64_t sum;
		double cpu = children_cpu();
		double t = run_pool(n, &sum);
		cpu = children_cpu() - cpu;
		double speedup = serial / t;
		printf("%ld worker%s %.2f s, speedup %.2f, CPU time %.2f s, checksum %s\n",
		       n, n == 1 ? ": " : "s:", t, speedup, cpu,
		       sum == serial_sum ? "the same" : "DIFFERENT");
		probe_metric("workers", (double)n, NULL);
		probe_metric("speedup", speedup, "x");
	}
	/* endregion sizes */
	return 0;
}
