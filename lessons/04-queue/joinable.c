/*
 * joinable: a producer hands out tasks and waits until every one of them
 * has been processed, not just taken from the queue.
 *
 * The queue of producer-consumer gets one more counter and one more
 * condition variable, as Python's queue.Queue has: `unfinished` goes up on
 * every put() and down on every task_done(), which a worker calls when it
 * has finished a task; join() sleeps on all_done until it is 0. An empty
 * queue is not the same thing: the last tasks have been taken, but the
 * workers may still be working on them. With wait=empty the producer waits
 * only for that, and finds results missing.
 *
 * A task is "square the number id": the worker sleeps about `ms` (the
 * slow part, as if it waited for a server) and writes id * id into
 * results[id]. After waiting, the producer counts the results that are in.
 *
 * In lockstep's queue view: `tasks` (waiting in the queue) empties first;
 * `unfinished` (waiting or being worked on) reaches 0 later. The timeline
 * (`view timeline`) shows each task's wait and run.
 */
#include "probe.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct probe_param params[] = {
	PROBE_INT("tasks", 12, 1, 64, "tasks the producer puts in the queue"),
	PROBE_INT("workers", 3, 1, 8, "worker threads"),
	PROBE_INT("ms", 200, 10, 1000, "about how long a task takes, in ms (+- half)"),
	PROBE_CHOICE("wait", "join", "join|empty", "the producer waits for every task_done, or only for an empty queue"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "task_done and join: the producer waits until every task is processed",
	.view = "queue", .max_procs = 2, .max_threads = 12, .max_seconds = 60, .params = params,
};

#define CAP 64		/* tasks <= CAP: the producer never waits for room */
#define SENTINEL (-1L)

static long task_ms, results[CAP + 1];
static double t0, last_done_at;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9 - t0;
}

static long buf[CAP], head, count;	/* as in producer-consumer */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
/* region unfinished */
static long unfinished;			/* put, and not yet task_done */
static pthread_cond_t all_done = PTHREAD_COND_INITIALIZER;
/* endregion unfinished */

/* region put */
static void put(long item)
{
	pthread_mutex_lock(&lock);
	while (count == CAP)
		pthread_cond_wait(&not_full, &lock);
	buf[(head + count) % CAP] = item;
	count++;
	unfinished++;		/* one more task to be done (a sentinel too) */
	probe_queue("tasks", count, 0);
	probe_queue("unfinished", unfinished, 0);
	pthread_cond_signal(&not_empty);
	pthread_mutex_unlock(&lock);
}
/* endregion put */

static long get(void)
{
	pthread_mutex_lock(&lock);
	while (count == 0)
		pthread_cond_wait(&not_empty, &lock);
	long item = buf[head];
	head = (head + 1) % CAP;
	count--;		/* taken, but not done: unfinished stays */
	probe_queue("tasks", count, 0);
	pthread_cond_signal(&not_full);
	pthread_mutex_unlock(&lock);
	return item;
}

/* region done */
static void task_done(void)
{
	pthread_mutex_lock(&lock);
	if (--unfinished == 0) {
		last_done_at = now();
		pthread_cond_broadcast(&all_done);	/* wake every join() */
	}
	probe_queue("unfinished", unfinished, 0);
	pthread_mutex_unlock(&lock);
}

static void join(void)
{
	pthread_mutex_lock(&lock);
	while (unfinished > 0)
		pthread_cond_wait(&all_done, &lock);
	pthread_mutex_unlock(&lock);
}
/* endregion done */

/* region wait_empty */
/* Not enough: wait only until every task has been taken. (get() signals
 * not_full, and only the producer waits on it once it has put everything.) */
static long wait_empty(void)
{
	pthread_mutex_lock(&lock);
	while (count > 0)
		pthread_cond_wait(&not_full, &lock);
	long busy = unfinished;	/* taken, and still being worked on */
	pthread_mutex_unlock(&lock);
	return busy;
}
/* endregion wait_empty */

/* Throughput: every 200 ms, tasks done per second. */
static pthread_mutex_t stats = PTHREAD_MUTEX_INITIALIZER;
static long done, window_n;
static double window_t;

/* How many results are in (under the lock: workers may be writing). */
static long results_in(long ntasks)
{
	long in = 0;
	pthread_mutex_lock(&stats);
	for (long id = 1; id <= ntasks; id++)
		in += results[id] == id * id;
	pthread_mutex_unlock(&stats);
	return in;
}

/* region worker */
static void *worker(void *arg)
{
	unsigned long seed = (unsigned long)arg;
	long item;
	while ((item = get()) != SENTINEL) {
		probe_task_begin(item, NULL);
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		long ms = task_ms / 2 + (long)((seed >> 33) % (unsigned long)(task_ms + 1));
		struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };
		nanosleep(&ts, NULL);	/* the slow part of the task */
		probe_task_end(item);
		pthread_mutex_lock(&stats);
		results[item] = item * item;	/* the task's result */
		done++;
		double t = now();
		if (t - window_t >= 0.2) {
			probe_metric("throughput", (done - window_n) / (t - window_t), "tasks/s");
			window_n = done, window_t = t;
		}
		pthread_mutex_unlock(&stats);
		task_done();		/* only now is the task finished */
	}
	task_done();			/* the sentinel counts as a task, too */
	return NULL;
}
/* endregion worker */

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long ntasks = probe_int("tasks"), nworkers = probe_int("workers");
	bool use_join = probe_int("wait") == 0;
	task_ms = probe_int("ms");
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = ts.tv_sec + ts.tv_nsec / 1e9;

	pthread_t t[8];
	for (long i = 0; i < nworkers; i++) {
		int e = pthread_create(&t[i], NULL, worker, (void *)(i + 1));
		if (e) {
			fprintf(stderr, "pthread_create: %s\n", strerror(e));
			return 1;
		}
	}
	/* region producer */
	for (long id = 1; id <= ntasks; id++) {
		probe_task_queued(id, NULL);
		put(id);
	}
	printf("producer: put %ld tasks at %.3f s; now waiting (wait=%s)\n", ntasks, now(),
	       use_join ? "join" : "empty");
	if (use_join) {
		join();		/* Python: q.join() */
		printf("producer: join() returned at %.3f s, %.2f ms after the last "
		       "task_done() at %.3f s\n", now(), (now() - last_done_at) * 1e3, last_done_at);
	} else {
		long busy = wait_empty();
		printf("producer: the queue was empty at %.3f s, with %ld task%s taken "
		       "but not done\n", now(), busy, busy == 1 ? "" : "s");
	}
	printf("producer: %ld of %ld results are in\n", results_in(ntasks), ntasks);
	/* endregion producer */

	for (long i = 0; i < nworkers; i++)
		put(SENTINEL);		/* end the workers, as in producer-consumer */
	for (long i = 0; i < nworkers; i++)
		pthread_join(t[i], NULL);
	printf("after the workers ended: %ld of %ld results are in\n", results_in(ntasks), ntasks);
	return 0;
}
