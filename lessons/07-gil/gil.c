/*
 * gil: threads that may run only while they hold one global lock, the way
 * CPython's threads run Python code only while they hold the GIL.
 *
 * Each thread runs a loop of tiny "bytecodes" (one multiply and one add).
 * With gil=on it must hold the global lock to run them. The lock works like
 * CPython's (Python/ceval_gil.c, simplified): a thread that wants it waits
 * up to `interval` microseconds (Python's sys.getswitchinterval(), 5 ms);
 * if the holder has not let go by then, the waiter sets a "drop request".
 * The holder looks at that flag every 100 bytecodes (CPython checks it
 * between bytecodes), lets go, and waits until the other thread has really
 * taken the lock, so it cannot grab it straight back.
 *
 * The demo first runs one thread alone for `seconds`, to know what one
 * thread can do per second of CPU time, then `threads` threads (or processes, each with a lock of
 * its own: mode=processes) for as long, and compares the work done and the
 * CPU time used. With io=on, one more thread answers requests from a pipe,
 * as a server thread in Python would, and the demo measures how long each
 * answer takes while the CPU-bound threads hold the lock.
 *
 * What is simulated: the lock stands for CPython's GIL and the loop for
 * Python bytecodes. What is real: the threads, the cores, the waiting, the
 * switches, and every number printed.
 */
#include "probe.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("threads", 2, 1, 8, "CPU-bound threads (or processes)"),
	PROBE_CHOICE("gil", "on", "on|off", "threads must hold the one global lock to run"),
	PROBE_INT("interval", 5000, 50, 100000, "microseconds a waiter waits before it asks the holder to let go (Python: 5000)"),
	PROBE_CHOICE("mode", "threads", "threads|processes", "run the work in threads of one process, or in processes"),
	PROBE_INT("seconds", 2, 1, 10, "how long each part runs: one thread alone, then all of them"),
	PROBE_CHOICE("io", "off", "off|on", "add a thread that answers requests from a pipe, and time its answers"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "threads under one global lock, like Python's GIL: one core's worth of work, however many threads",
	.view = "meters", .max_procs = 10, .max_threads = 16, .max_seconds = 60, .params = params,
};

#define CHECK_EVERY 100	/* bytecodes between looks at the drop request */
#define TRACE_HOLDS 60	/* holds drawn on the timeline: the first ones, enough to see */

static bool use_gil;
static long interval_us;
static atomic_bool stop;
static atomic_long work[9];	/* bytecodes done, per thread */
static bool report = true;	/* false in mode=processes' children */

/* Seconds on a clock: CLOCK_MONOTONIC for time passing, and
 * CLOCK_PROCESS_CPUTIME_ID for the CPU time all our threads have used. */
static double clock_seconds(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_seconds(CLOCK_MONOTONIC);
}

/* Where the bytecodes' results go: a volatile store the compiler must
 * make, so it cannot drop the loops that compute them. */
static volatile unsigned long sink;

/* region lock */
static struct {
	pthread_mutex_t mutex;	/* guards the fields below */
	pthread_cond_t released;	/* signalled when the lock is let go */
	pthread_cond_t switched;	/* signalled when a new thread takes it */
	bool locked;
	int holder;	/* the last thread to take it */
	atomic_bool drop_request;	/* a waiter asks the holder to let go */
	long holds;	/* how many times it was taken: the switches */
	long bar;	/* this hold's bar on the timeline (0: not shown) */
} gil = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	  PTHREAD_COND_INITIALIZER, false, 0, false, 0, 0 };
static long bars;	/* bars drawn so far, over the whole run */

static void take_gil(int me)
{
	pthread_mutex_lock(&gil.mutex);
	while (gil.locked) {
		long holds = gil.holds;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += interval_us * 1000;
		until.tv_sec += until.tv_nsec / 1000000000;
		until.tv_nsec %= 1000000000;
		int r = pthread_cond_timedwait(&gil.released, &gil.mutex, &until);
		/* A whole interval, and the same holder: ask it to let go. */
		if (r == ETIMEDOUT && gil.locked && gil.holds == holds)
			atomic_store(&gil.drop_request, true);
	}
	gil.locked = true;
	gil.holder = me;
	gil.holds++;
	gil.bar = bars < TRACE_HOLDS && report ? ++bars : 0;
	if (gil.bar)
		probe_task_begin(gil.bar, NULL);	/* a bar on the timeline */
	atomic_store(&gil.drop_request, false);
	pthread_cond_signal(&gil.switched);
	pthread_mutex_unlock(&gil.mutex);
}

static void drop_gil(int me)
{
	pthread_mutex_lock(&gil.mutex);
	if (gil.bar)
		probe_task_end(gil.bar);
	gil.locked = false;
	pthread_cond_signal(&gil.released);
	/* Asked to let go: wait until another thread has taken the lock, or
	 * this thread, still running, would take it straight back. */
	if (atomic_load(&gil.drop_request))
		while (gil.holder == me && !atomic_load(&stop))
			pthread_cond_wait(&gil.switched, &gil.mutex);
	pthread_mutex_unlock(&gil.mutex);
}
/* endregion lock */

/* region bytecodes */
static void *cpu_bound(void *arg)
{
	int me = (int)(long)arg;
	unsigned long x = (unsigned long)me;	/* the "interpreter's" state */
	long done = 0;
	if (use_gil)
		take_gil(me);
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		for (int i = 0; i < CHECK_EVERY; i++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;	/* one bytecode */
		done += CHECK_EVERY;
		atomic_store_explicit(&work[me], done, memory_order_relaxed);
		/* Between bytecodes: has a waiting thread asked for the lock? */
		if (use_gil && atomic_load_explicit(&gil.drop_request, memory_order_relaxed)) {
			drop_gil(me);
			take_gil(me);	/* and queue up again at once */
		}
	}
	if (use_gil)
		drop_gil(me);
	sink = x;
	return NULL;
}
/* endregion bytecodes */

/* region io */
/* The I/O-bound thread: a server. It waits for a request without the lock
 * (as Python releases the GIL in a blocking read), then needs the lock to
 * handle the request (Python code), answers, and lets the lock go. */
static int requests[2], answers[2];

static void *server(void *arg)
{
	int me = (int)(long)arg;
	double sent;
	while (read(requests[0], &sent, sizeof sent) == (ssize_t)sizeof sent) {
		if (use_gil)
			take_gil(me);
		unsigned long x = 1;
		for (int i = 0; i < 1000; i++)	/* a little work for each request */
			x = x * 6364136223846793005UL + 1442695040888963407UL;
		sink = x;
		if (use_gil)
			drop_gil(me);
		if (write(answers[1], &sent, sizeof sent) != (ssize_t)sizeof sent)
			break;
	}
	return NULL;
}
/* endregion io */

/* The client, outside the "interpreter": a request every 20 ms, each
 * answer timed. Returns the median response time in ms; *worst the worst. */
static double client(double seconds, double *worst)
{
	static double took[1000];
	int n = 0;
	double end = now() + seconds;
	*worst = 0;
	while (now() < end && n < 1000) {
		double sent = now(), back;
		if (write(requests[1], &sent, sizeof sent) != (ssize_t)sizeof sent ||
		    read(answers[0], &back, sizeof back) != (ssize_t)sizeof back)
			break;
		took[n] = (now() - sent) * 1e3;
		probe_metric("response", took[n], "ms");
		*worst = took[n] > *worst ? took[n] : *worst;
		n++;
		struct timespec pause = { 0, 20 * 1000000 };
		nanosleep(&pause, NULL);
	}
	for (int i = 1; i < n; i++)	/* insertion sort: a few hundred values */
		for (int j = i; j > 0 && took[j - 1] > took[j]; j--) {
			double t = took[j];
			took[j] = took[j - 1];
			took[j - 1] = t;
		}
	return n ? took[n / 2] : 0;
}

struct result { double work, cpu, wall, median, worst; long holds; };

/* Run n CPU-bound threads (and the server, with io) for `seconds`. */
static struct result run_threads(long n, double seconds, bool io)
{
	pthread_t t[9], srv;
	struct result r = { 0 };
	atomic_store(&stop, false);
	gil.holds = 0;
	for (long i = 0; i <= n; i++)
		atomic_store(&work[i], 0);
	double t0 = now(), cpu0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
	for (long i = 1; i <= n; i++)
		pthread_create(&t[i], NULL, cpu_bound, (void *)i);
	if (io) {
		if (pipe(requests) < 0 || pipe(answers) < 0) {
			perror("pipe");
			exit(1);
		}
		pthread_create(&srv, NULL, server, (void *)(n + 1));
		r.median = client(seconds, &r.worst);
	} else {
		/* Watch the work rate while the threads run: the graph's line. */
		double last = 0;
		for (int tick = 0; tick < seconds * 10; tick++) {
			struct timespec pause = { 0, 100 * 1000000 };
			nanosleep(&pause, NULL);
			double sum = 0;
			for (long i = 1; i <= n; i++)
				sum += atomic_load(&work[i]);
			if (report)
				probe_metric("work", (sum - last) * 10, "bytecodes/s");
			last = sum;
		}
	}
	atomic_store(&stop, true);
	pthread_mutex_lock(&gil.mutex);	/* wake any thread waiting for a switch */
	pthread_cond_broadcast(&gil.switched);
	pthread_mutex_unlock(&gil.mutex);
	for (long i = 1; i <= n; i++)
		pthread_join(t[i], NULL);
	if (io) {
		close(requests[1]);	/* the server reads end-of-file and returns */
		pthread_join(srv, NULL);
		close(requests[0]);
		close(answers[0]);
		close(answers[1]);
	}
	r.wall = now() - t0;
	r.cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	for (long i = 1; i <= n; i++)
		r.work += atomic_load(&work[i]);
	r.holds = gil.holds;
	return r;
}

/* region processes */
/* mode=processes: n children, each a whole "interpreter" with a lock of
 * its own that nobody else wants, as multiprocessing gives each process. */
static struct result run_processes(long n, double seconds)
{
	struct result r = { 0 };
	int results[2];
	if (pipe(results) < 0) {
		perror("pipe");
		exit(1);
	}
	double t0 = now();
	for (long i = 1; i <= n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			exit(1);
		}
		if (pid == 0) {
			close(results[0]);
			report = false;	/* the parent reports for all */
			struct result mine = run_threads(1, seconds, false);
			if (write(results[1], &mine, sizeof mine) != (ssize_t)sizeof mine)
				_exit(1);
			_exit(0);
		}
	}
	close(results[1]);
	struct result one;
	while (read(results[0], &one, sizeof one) == (ssize_t)sizeof one) {
		r.work += one.work;
		r.cpu += one.cpu;	/* each child measured its own CPU time */
		r.holds += one.holds;
	}
	close(results[0]);
	while (wait(NULL) > 0)
		;
	r.wall = now() - t0;
	return r;
}
/* endregion processes */

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long n = probe_int("threads"), seconds = probe_int("seconds");
	use_gil = probe_int("gil") == 0;
	interval_us = probe_int("interval");
	bool processes = probe_int("mode") == 1, io = probe_int("io") == 1;
	if (processes && io) {
		fprintf(stderr, "gil: io=on needs mode=threads (the server is a thread)\n");
		return 2;
	}

	printf("gil: lock %s, interval %ld us, %ld s per part\n",
	       use_gil ? "on" : "off", interval_us, seconds);
	probe_phase("one thread");
	struct result one = run_threads(1, (double)seconds, io);
	printf("1 thread:   %6.1f M bytecodes/s, CPU %3.0f%%",
	       one.work / one.wall / 1e6, 100 * one.cpu / one.wall);
	if (io)
		printf(", server answers in %.2f ms (median), %.2f ms at worst", one.median, one.worst);
	printf("\n");

	probe_phase(processes ? "processes" : "threads");
	struct result all = processes ? run_processes(n, (double)seconds)
				      : run_threads(n, (double)seconds, io);
	printf("%ld %s %6.1f M bytecodes/s, CPU %3.0f%%", n,
	       processes ? "processes:" : "threads: ", all.work / all.wall / 1e6,
	       100 * all.cpu / all.wall);
	if (io)
		printf(", server answers in %.2f ms (median), %.2f ms at worst", all.median, all.worst);
	printf("\n");
	/* One thread's speed per second of CPU time it got: what it does
	 * running flat out, even if the machine was busy with something else. */
	double ratio = (all.work / all.wall) / (one.work / one.cpu);
	printf("%ld %s did %.2fx the work of 1 thread", n, processes ? "processes" : "threads", ratio);
	if (use_gil && !processes)
		printf(", and the lock changed hands %ld times (%.0f a second)",
		       all.holds - 1, (all.holds - 1) / all.wall);
	printf("\n");
	probe_metric("ratio", ratio, "x");
	return 0;
}
