/*
 * share: the same little counter program, run once by a second thread and
 * once by a child process. Both add 1 to the global `counter`, `adds`
 * times, then main reads it. Only one of the two mains sees the writes.
 *
 * A thread runs inside its creator's process: one address space, so one
 * `counter`, and main reads what the thread wrote. A child process has a
 * copy of its parent's memory (lesson 01), so it counts in its own copy,
 * and the parent's counter stays 0, at the very same address.
 *
 * In lockstep's tree: with mode=thread one process, with a thread
 * {share}(tid) listed under it; with mode=process two processes, the child
 * under its parent. The worker stays `linger` seconds, so you can look.
 */
#include "probe.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_CHOICE("mode", "thread", "thread|process", "who runs the worker: a second thread or a child process"),
	PROBE_INT("adds", 1000, 1, 1000000000, "how many times the worker adds 1 to counter"),
	PROBE_INT("linger", 2, 0, 10, "seconds the worker stays alive after counting, so the tree shows it"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "a thread's writes are seen by main, a child process's are not",
	.view = "tree", .max_procs = 4, .max_threads = 4, .max_seconds = 30, .params = params,
};

/* region counter */
static volatile long counter;	/* a global: one per address space */
/* volatile only makes -O2 do each of the adds below, one by one, as
 * written; without it the loop becomes one `counter += adds`. It is not
 * what lets main see the thread's write: sharing the memory does that. */
/* endregion counter */
static long adds;
static unsigned linger;

/* region worker */
/* The worker, the same code for the thread and for the child. */
static void *worker(void *arg)
{
	const char *who = arg;
	for (long i = 0; i < adds; i++)
		counter++;	/* nobody else writes counter meanwhile: no race */
	printf("%s: pid=%d counter = %ld at %p\n", who, (int)getpid(), counter,
	       (void *)&counter);
	sleep(linger);		/* stay alive, so the tree shows us */
	return NULL;
}
/* endregion worker */

static void die(const char *what, int err)
{
	fprintf(stderr, "share: %s: %s\n", what, strerror(err));
	exit(1);
}

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	adds = probe_int("adds");
	linger = (unsigned)probe_int("linger");
	int threads = strcmp(probe_str("mode"), "thread") == 0;

	printf("main: pid=%d counter = %ld at %p; starting a %s\n", (int)getpid(),
	       counter, (void *)&counter, threads ? "thread" : "child process");
	probe_phase("working");
	if (threads) {
		/* region thread */
		pthread_t t;
		int err = pthread_create(&t, NULL, worker, "thread");
		if (err)	/* pthread calls return the error, not -1 */
			die("pthread_create", err);
		err = pthread_join(t, NULL);	/* wait for it to end */
		if (err)
			die("pthread_join", err);
		/* endregion thread */
	} else {
		/* region process */
		pid_t pid = fork();
		if (pid < 0)
			die("fork", errno);
		if (pid == 0) {		/* the child: its own copy of counter */
			worker("child");
			exit(0);
		}
		if (waitpid(pid, NULL, 0) < 0)	/* wait for it to end */
			die("waitpid", errno);
		/* endregion process */
	}
	probe_phase("done");
	/* region verdict */
	printf("main: pid=%d counter = %ld at %p\n", (int)getpid(), counter,
	       (void *)&counter);
	probe_metric("counter_in_main", (double)counter, NULL);
	const char *who = threads ? "thread" : "child";
	if (counter == adds)
		printf("main sees all %ld of the %s's adds: one memory, shared\n", adds, who);
	else
		printf("main sees %ld of the %s's %ld adds: it counted in its own copy\n",
		       counter, who, adds);
	/* endregion verdict */
	return 0;
}
