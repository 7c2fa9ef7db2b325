/*
 * tls-pool: a thread pool reuses its threads, and thread-local state with them.
 *
 * `workers` threads take `tasks` tasks from one queue. Each task is a web
 * request: every third task is anonymous, the others come from a logged-in
 * user (alice, bob, ...). The request's context (who is asking, which task set
 * it) lives in a _Thread_local struct, so that any function the task calls
 * can read it without a parameter, as in tls-conn.
 *
 * But a thread-local variable belongs to the thread, not to the task. A
 * worker that finishes task 1 and takes task 3 still holds task 1's
 * context. With fix=off a task starts with whatever the previous task on
 * its thread left behind, and an anonymous request may act as alice. With
 * fix=on each task clears the context first, and never sees a leak.
 * The demo counts the leaks it sees.
 *
 * In lockstep's timeline: a lane per worker thread, a bar per task,
 * labelled with its number and the user it ended up acting as.
 */
#include "probe.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct probe_param params[] = {
	PROBE_INT("workers", 2, 1, 8, "worker threads in the pool"),
	PROBE_INT("tasks", 8, 1, 40, "tasks (requests) to put in the queue"),
	PROBE_INT("ms", 200, 10, 1000, "how long a task sleeps, as if waiting for a database"),
	PROBE_CHOICE("fix", "off", "off|on", "on: clear the thread-local context at task start"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "a thread pool reuses threads, so thread-local state leaks from task to task",
	.view = "timeline", .max_procs = 2, .max_threads = 12, .max_seconds = 60, .params = params,
};

static const char *const users[] = { "alice", "bob", "carol", "dave" };

/* region context */
struct context { long task; const char *user; };	/* who set it, for whom */
static _Thread_local struct context ctx;	/* zero at thread start, not at task start */
/* endregion context */

static long ntasks, task_ms, next_task = 1, leaks, impostors;
static int fix;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;	/* guards next_task, leaks, impostors */

static void fail(const char *what, int err)
{
	fprintf(stderr, "tls-pool: %s: %s\n", what, strerror(err));
	exit(1);
}

/* Deep in the request: reads the context instead of taking a parameter. */
static const char *current_user(void)
{
	return ctx.user ? ctx.user : "anonymous";
}

/* region task */
static void run_task(int worker, long id)
{
	if (fix)
		memset(&ctx, 0, sizeof ctx);	/* the fix: every task starts clean */
	long from = ctx.task;		/* not 0: an earlier task's context is here */
	ctx.task = id;
	int anonymous = id % 3 == 0;	/* every third request does not log in */
	if (!anonymous)
		ctx.user = users[(id - 1) % 4];
	const char *as = current_user();
	int impostor = anonymous && ctx.user != NULL;	/* someone else's login */
	/* endregion task */

	if (from)
		printf("task %ld on worker %d: found task %ld's context (a leak); runs as %s%s\n",
		       id, worker, from, as, impostor ? ", but it is anonymous" : "");
	else
		printf("task %ld on worker %d: starts clean; runs as %s\n", id, worker, as);
	pthread_mutex_lock(&lock);
	leaks += from != 0;
	impostors += impostor;
	pthread_mutex_unlock(&lock);

	char label[32];			/* the timeline's bar: task number and user */
	snprintf(label, sizeof label, "#%ld %s", id, as);
	probe_task_begin(id, label);
	struct timespec ts = { task_ms / 1000, task_ms % 1000 * 1000000L };
	nanosleep(&ts, NULL);		/* the request's work: waits, as for a database */
	probe_task_end(id);
}

/* region worker */
static void *worker_main(void *arg)
{
	int w = (int)(long)arg;
	for (;;) {
		pthread_mutex_lock(&lock);	/* take the next task from the queue */
		long id = next_task <= ntasks ? next_task++ : 0;
		probe_queue("tasks", ntasks - next_task + 1, 0);
		pthread_mutex_unlock(&lock);
		if (id == 0)
			return NULL;		/* the queue is empty: the worker exits */
		run_task(w, id);		/* the same thread, task after task */
	}
}
/* endregion worker */

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long nw = probe_int("workers");
	ntasks = probe_int("tasks");
	task_ms = probe_int("ms");
	fix = (int)probe_int("fix");	/* the index of the word: off 0, on 1 */

	for (long id = 1; id <= ntasks; id++)	/* all tasks wait in the queue */
		probe_task_queued(id, NULL);
	pthread_t t[8];
	int err;
	for (long w = 0; w < nw; w++)
		if ((err = pthread_create(&t[w], NULL, worker_main, (void *)(w + 1))))
			fail("pthread_create", err);
	for (long w = 0; w < nw; w++)
		if ((err = pthread_join(t[w], NULL)))
			fail("pthread_join", err);
	printf("fix=%s: %ld of %ld tasks found an earlier task's context; "
	       "%ld anonymous tasks ran as another user\n",
	       fix ? "on" : "off", leaks, ntasks, impostors);
	return 0;
}
