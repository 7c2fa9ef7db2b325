/*
 * spin: N threads that do nothing but count, as fast as they can, for
 * `seconds` seconds. A thread that never waits for anything keeps one core
 * busy, so N spinning threads keep N cores busy, up to the cores there are.
 * Past that, the threads take turns: the scheduler shares the cores
 * between them, and each thread gets only part of the time.
 *
 * Every half second the demo reports how many loops all threads together
 * did (the OS cannot see that). At the end it prints, for each thread, its
 * loops and its CPU time, and for the whole process the CPU time over the
 * wall-clock time: how many cores it used on average.
 *
 * In lockstep's meters: one bar per thread near 100% and "demo: N*100%"
 * while N is at most the number of cores; with more threads than cores
 * the total stays at cores*100% and each thread's bar drops.
 */
#include "probe.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("threads", 2, 1, 8, "spinning threads"),
	PROBE_INT("seconds", 3, 1, 10, "how long they spin, then all stop"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "N threads spin for a few seconds: they fill N cores, and no more than there are",
	.view = "meters", .max_procs = 2, .max_threads = 10, .max_seconds = 30, .params = params,
};

#define MAXT 8

/* One slot per thread, each on its own 64-byte cache line: two threads
 * writing to one line would slow each other down (lesson 05 shows why). */
struct slot {
	_Alignas(64) pthread_t t;
	atomic_long loops;	/* written by its thread, read by main */
	double cpu;		/* the thread's CPU seconds, when it stopped */
};
static struct slot slot[MAXT];
static atomic_bool stop;	/* main sets it when the time is up */

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* region spin */
static void *spin(void *arg)
{
	struct slot *me = arg;
	/* The atomics are why -O2 keeps this loop. With a plain bool, the
	 * compiler may read `stop` once, see false, and spin for ever; with a
	 * plain counter, it may skip the counting and store the total once.
	 * Relaxed atomic loads and stores are plain moves on x86: the loop
	 * costs a core, and nothing more. */
	long n = 0;
	while (!atomic_load_explicit(&stop, memory_order_relaxed))
		atomic_store_explicit(&me->loops, ++n, memory_order_relaxed);
	me->cpu = now(CLOCK_THREAD_CPUTIME_ID);	/* this thread's CPU time */
	return NULL;
}
/* endregion spin */

static long total_loops(long nthreads)
{
	long sum = 0;
	for (long i = 0; i < nthreads; i++)
		sum += atomic_load_explicit(&slot[i].loops, memory_order_relaxed);
	return sum;
}

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long nthreads = probe_int("threads"), seconds = probe_int("seconds");
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	printf("spin: %ld thread%s for %ld s on %ld cores\n", nthreads,
	       nthreads == 1 ? "" : "s", seconds, cores);
	probe_phase("spinning");
	double start = now(CLOCK_MONOTONIC), cpu0 = now(CLOCK_PROCESS_CPUTIME_ID);
	/* region start */
	for (long i = 0; i < nthreads; i++) {
		int err = pthread_create(&slot[i].t, NULL, spin, &slot[i]);
		if (err) {
			fprintf(stderr, "spin: pthread_create: %s\n", strerror(err));
			exit(1);	/* the threads already started die with us */
		}
	}
	/* endregion start */
	/* region watch */
	/* Main does not spin: it sleeps, and wakes every half second to add
	 * up the loops. So it adds next to nothing to the meters. */
	struct timespec half = { 0, 500 * 1000 * 1000 };
	long before = 0;
	for (long tick = 0; tick < 2 * seconds; tick++) {
		nanosleep(&half, NULL);
		long sum = total_loops(nthreads);
		probe_metric("loops", (double)(sum - before) / 0.5, "loops/s");
		before = sum;
	}
	atomic_store(&stop, true);	/* time is up: every thread leaves its loop */
	for (long i = 0; i < nthreads; i++) {
		int err = pthread_join(slot[i].t, NULL);
		if (err) {
			fprintf(stderr, "spin: pthread_join: %s\n", strerror(err));
			exit(1);
		}
	}
	/* endregion watch */
	probe_phase("done");
	double wall = now(CLOCK_MONOTONIC) - start;
	double cpu = now(CLOCK_PROCESS_CPUTIME_ID) - cpu0;

	for (long i = 0; i < nthreads; i++)
		printf("thread %ld: %6.0f million loops, %.2f s of CPU in %.2f s\n", i + 1,
		       (double)slot[i].loops / 1e6, slot[i].cpu, wall);
	/* region cores */
	printf("all threads: %.0f million loops, %.2f s of CPU in %.2f s: "
	       "%.2f cores busy on average (of %ld)\n", (double)total_loops(nthreads) / 1e6,
	       cpu, wall, cpu / wall, cores);
	/* endregion cores */
	return 0;
}
