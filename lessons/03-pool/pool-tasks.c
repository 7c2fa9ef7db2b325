/*
 * pool-tasks: a pool of worker processes takes tasks from one shared queue.
 *
 * The parent forks `workers` workers and puts `tasks` tasks in the queue,
 * which is a pipe. A task is a small record of fixed size; a write of at
 * most PIPE_BUF bytes to a pipe is atomic and each worker reads exactly one
 * record at a time, so every task goes whole to exactly one worker. A second
 * pipe carries notes back to the parent: "I began task 3", "I ended task 3".
 * multiprocessing.Pool is built the same way: its task queue is a pipe.
 *
 * A task sleeps (work=sleep: it waits, as for a disk or the network) or
 * burns CPU time (work=spin) for a random time that `seed` picks, so the
 * same seed gives every learner the same picture.
 *
 * With crash=K the worker that runs task K dies halfway through it (a bug:
 * it writes through a null pointer). The parent notices, says which worker
 * died and how, starts a new worker in its place, and either puts task K
 * back in the queue (retry=on) or reports it lost (retry=off): a task is
 * never silently dropped.
 *
 * Shutdown: once every task is accounted for, the parent closes the queue
 * (Pool.close()); each worker reads end-of-file and exits; the parent reaps
 * them all (Pool.join()) and checks that no child is left.
 *
 * In lockstep's timeline: a lane per worker process, a bar per task, and in
 * the queue row the tasks waiting for a free worker.
 */
#include "probe.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("workers", 4, 1, 8, "worker processes in the pool"),
	PROBE_INT("tasks", 5, 1, 30, "tasks to put in the queue"),
	PROBE_INT("seed", 5, 1, 1000, "picks the task times: the same seed, the same times"),
	PROBE_INT("ms", 1000, 100, 2000, "the longest a task takes, in ms (the shortest: a quarter of it)"),
	PROBE_CHOICE("work", "sleep", "sleep|spin", "a task sleeps (waits, as for I/O) or spins (uses a CPU)"),
	PROBE_INT("crash", 0, 0, 30, "the worker that runs this task crashes (0: none does)"),
	PROBE_CHOICE("retry", "on", "on|off", "a crashed worker's task goes back in the queue, or is reported lost"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "a pool of worker processes takes tasks from a pipe; a crashed worker's task is retried",
	.view = "timeline", .max_procs = 12, .max_seconds = 90, .params = params,
};

#define MAXT 30
#define MAXSTARTS 32	/* workers started in all, replacements included */

struct task { long id, ms, attempt; };	/* parent -> worker, through the queue */
struct note { long id; int worker, ended; pid_t pid; double t; };	/* worker -> parent */

static long ntasks, crash_task;
static int spin, retry, started;
static pid_t pids[MAXSTARTS + 1];	/* worker w's pid; 0 once reaped */
static long running[MAXSTARTS + 1];	/* the task worker w runs now, 0: none */
static long last[MAXSTARTS + 1];	/* the last task worker w ended, 0: none */
static double began_at[MAXT + 1], ended_at[MAXT + 1], t0;
static long ms_of[MAXT + 1], tries[MAXT + 1], queued, begun, done, lost;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The timeline needs an id per bar, so a second try of task 2 is bar 102. */
static long bar(long id, long try)
{
	return id + 100 * (try - 1);
}

/* One task's work: sleep, or keep a CPU busy until this process has used
 * ms of CPU time (with more workers than cores, that takes longer). */
static void work(long ms)
{
	if (!spin) {
		struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };
		nanosleep(&ts, NULL);
		return;
	}
	double end = now(CLOCK_PROCESS_CPUTIME_ID) + ms / 1e3;
	while (now(CLOCK_PROCESS_CPUTIME_ID) < end)
		for (volatile int i = 0; i < 10000; i++)
			;	/* volatile: -O2 would delete an empty loop */
}

/* One record, written whole: a write of at most PIPE_BUF bytes to a pipe
 * is atomic, so records from several processes never mix. */
static void send_record(int fd, const void *rec, size_t size)
{
	if (write(fd, rec, size) != (ssize_t)size)
		die("write to a pipe");
}

/* region worker */
static void worker(int w, int queue, int results)
{
	struct task t;
	ssize_t n;
	/* Every record is the same size, so one read takes one whole task. */
	while ((n = read(queue, &t, sizeof t)) == (ssize_t)sizeof t) {
		struct note note = { t.id, w, 0, getpid(), now(CLOCK_MONOTONIC) };
		send_record(results, &note, sizeof note);	/* "I began it" */
		char label[64];	/* the timeline's name for a second try */
		snprintf(label, sizeof label, "task %ld, try %ld", t.id, t.attempt);
		probe_task_begin(bar(t.id, t.attempt), t.attempt > 1 ? label : NULL);
		if (t.id == crash_task && t.attempt == 1) {
			work(t.ms / 2);
			*(volatile int *)NULL = 1;	/* the bug: SIGSEGV kills us */
		}
		work(t.ms);
		probe_task_end(bar(t.id, t.attempt));
		note.ended = 1;
		note.t = now(CLOCK_MONOTONIC);
		send_record(results, &note, sizeof note);	/* "I ended it" */
	}
	if (n != 0)
		die("worker: read from the queue");
	exit(0);	/* end-of-file: the queue is closed and empty */
}
/* endregion worker */

/* Fork worker number ++started; returns its number. */
static int start_worker(const int queue[2], const int results[2])
{
	if (started == MAXSTARTS) {
		fprintf(stderr, "pool: %d workers started already; giving up\n", started);
		exit(1);
	}
	int w = ++started;
	pids[w] = fork();
	if (pids[w] < 0)
		die("fork");
	/* region child */
	if (pids[w] == 0) {
		/* A worker that kept the queue's write end open would never
		 * read end-of-file, and neither would the others. */
		close(queue[1]);
		close(results[0]);
		worker(w, queue[0], results[1]);	/* never returns */
	}
	/* endregion child */
	return w;
}

static void submit(int queue, long id)
{
	struct task t = { id, ms_of[id], ++tries[id] };
	probe_task_queued(bar(id, t.attempt), NULL);	/* before a worker can begin it */
	probe_queue("tasks", ++queued - begun, 0);
	send_record(queue, &t, sizeof t);
}

/* A note from a worker: note it down, and say what happened. */
static void read_note(int results)
{
	struct note n;
	if (read(results, &n, sizeof n) != (ssize_t)sizeof n)
		die("read from the results pipe");
	double t = n.t - t0;
	long prev = last[n.worker];
	char again[32] = "";
	if (tries[n.id] > 1)
		snprintf(again, sizeof again, " (try %ld)", tries[n.id]);
	if (n.ended) {
		running[n.worker] = 0;
		last[n.worker] = n.id;
		ended_at[n.id] = t;
		done++;
		printf("task %ld ended at %.3f s on worker %d (pid %d), %.3f s after it began\n",
		       n.id, t, n.worker, (int)n.pid, t - began_at[n.id]);
		return;
	}
	running[n.worker] = n.id;
	began_at[n.id] = t;
	probe_queue("tasks", queued - ++begun, 0);
	if (prev)	/* this worker ran a task before */
		printf("task %ld%s began at %.3f s, %.2f ms after task %ld ended at %.3f s, "
		       "on worker %d (pid %d)\n", n.id, again, t, (t - ended_at[prev]) * 1e3,
		       prev, ended_at[prev], n.worker, (int)n.pid);
	else
		printf("task %ld%s began at %.3f s on worker %d (pid %d)\n",
		       n.id, again, t, n.worker, (int)n.pid);
}

/* region crash */
/* Reap any worker that has died, and deal with the task it held. */
static void reap_dead(const int queue[2], const int results[2])
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		/* First read the notes it sent before it died: which task it began. */
		struct pollfd p = { .fd = results[0], .events = POLLIN };
		while (poll(&p, 1, 0) > 0)
			read_note(results[0]);
		int w = 1;
		while (pids[w] != pid)
			w++;
		pids[w] = 0;
		long id = running[w];
		char how[64];
		if (WIFSIGNALED(st))
			snprintf(how, sizeof how, "was killed by signal %d (%s)", WTERMSIG(st),
				 WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : strsignal(WTERMSIG(st)));
		else
			snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(st));
		printf("worker %d (pid %d) %s ", w, (int)pid, how);
		if (id)
			printf("while running task %ld", id);
		else
			printf("while it had no task");
		printf(" (found at %.3f s)\n", now(CLOCK_MONOTONIC) - t0);
		int new = start_worker(queue, results);	/* keep the pool's size */
		printf("worker %d (pid %d) takes its place\n", new, (int)pids[new]);
		if (!id)
			continue;
		probe_task_end(bar(id, tries[id]));	/* end its bar: that try is over */
		if (retry) {
			submit(queue[1], id);
			printf("task %ld goes back in the queue (try %ld)\n", id, tries[id]);
		} else {
			lost++;
			printf("task %ld is lost: it will not run again (retry=off)\n", id);
		}
	}
}
/* endregion crash */

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long nworkers = probe_int("workers"), seed = probe_int("seed"), ms = probe_int("ms");
	ntasks = probe_int("tasks");
	crash_task = probe_int("crash");
	if (crash_task > ntasks)
		printf("pool: there is no task %ld, so no worker will crash\n", crash_task);
	spin = probe_int("work") == 1;
	retry = probe_int("retry") == 0;

	/* The task times: a small generator of our own (an LCG), so the same
	 * seed draws the same times on every machine. */
	unsigned long r = (unsigned long)seed;
	printf("pool: %ld workers, %ld tasks; task times (seed %ld):", nworkers, ntasks, seed);
	for (long id = 1; id <= ntasks; id++) {
		r = r * 6364136223846793005UL + 1442695040888963407UL;
		ms_of[id] = (ms / 4 + (long)((r >> 33) % (unsigned long)(ms - ms / 4 + 1))) / 10 * 10;
		printf(" %ld ms%s", ms_of[id], id < ntasks ? "," : "\n");
	}

	int queue[2], results[2];
	if (pipe(queue) < 0 || pipe(results) < 0)
		die("pipe");
	t0 = now(CLOCK_MONOTONIC);
	/* region start */
	for (int w = 1; w <= nworkers; w++)
		start_worker(queue, results);
	for (long id = 1; id <= ntasks; id++)
		submit(queue[1], id);	/* all at once: the queue holds the rest */
	/* endregion start */

	/* region collect */
	struct pollfd p = { .fd = results[0], .events = POLLIN };
	while (done + lost < ntasks) {
		/* Wake for a note, or every 50 ms to look for a dead worker. */
		int ready = poll(&p, 1, 50);
		if (ready < 0)
			die("poll");
		if (ready > 0)
			read_note(results[0]);
		reap_dead(queue, results);
	}
	/* endregion collect */

	/* region shutdown */
	long sum = 0;
	for (long id = 1; id <= ntasks; id++)
		sum += ms_of[id];
	printf("all %ld tasks accounted for at %.3f s: %ld done, %ld lost "
	       "(their times add up to %.3f s); closing the queue\n",
	       ntasks, now(CLOCK_MONOTONIC) - t0, done, lost, sum / 1e3);
	close(queue[1]);	/* Pool.close(): the workers will read end-of-file */
	for (int w = 1; w <= started; w++) {	/* Pool.join() */
		int st;
		if (!pids[w])
			continue;	/* died, and reaped already */
		if (waitpid(pids[w], &st, 0) < 0)
			die("waitpid");
		printf("joined worker %d (pid %d): %s %d\n", w, (int)pids[w],
		       WIFEXITED(st) ? "exited with status" : "killed by signal",
		       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	}
	if (waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD)
		printf("no zombies: waitpid() finds no child left to reap\n");
	else
		printf("a child is left over: this is a bug\n");
	/* endregion shutdown */
	return lost ? 1 : 0;
}
