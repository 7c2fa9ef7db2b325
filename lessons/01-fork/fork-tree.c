/*
 * fork-tree: fork() in a loop. After fork() the parent and the child both
 * go on with the loop, so at every round every process forks once and the
 * number of processes doubles: 1, 2, 4, ..., 2^depth.
 *
 * In lockstep's tree: not a flat row of children but a tree. The first
 * process forks `depth` children; a child born in round r (counted from 0)
 * still has depth-1-r rounds to go, so it forks that many of its own. All
 * of them stay `hold` seconds, then each reaps its own children and exits.
 *
 * The same loop with no end is a fork bomb: it fills the machine's process
 * table. lockstep caps every run (max_procs below) and stops a run that
 * goes past the cap, which keeps a classroom machine usable. 2^6 = 64
 * processes fit under 80.
 */
#include "probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("depth", 3, 1, 6, "rounds of the loop: 2^depth processes in the end"),
	PROBE_INT("hold", 3, 0, 30, "seconds every process stays alive after the loop"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "fork in a loop: every process forks each round, 2^depth in all",
	.view = "tree", .max_procs = 80, .max_seconds = 60, .params = params,
};

static pid_t Fork(void)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");	/* too many processes, or no memory */
		exit(1);
	}
	return pid;
}

static pid_t Waitpid(pid_t pid, int *status)
{
	pid_t r = waitpid(pid, status, 0);
	if (r < 0) {
		perror("waitpid");
		exit(1);
	}
	return r;
}

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long depth = probe_int("depth"), hold = probe_int("hold");
	long total = 1L << depth;	/* 2^depth */
	pid_t first = getpid();

	/* region loop */
	long made = 0;			/* children this process has forked */
	for (long round = 0; round < depth; round++) {
		if (Fork() == 0) {	/* the child: a copy of us, mid-loop */
			made = 0;	/* its copy of made counted our children */
		} else {		/* the parent: one more child to reap */
			made++;
		}
		/* Both go round again: that is why the count doubles. */
	}
	/* endregion loop */
	printf("fork-tree: pid=%d ppid=%d forked %ld %s (one of 2^%ld = %ld processes)\n",
	       (int)getpid(), (int)getppid(), made, made == 1 ? "child" : "children",
	       depth, total);
	if (getpid() == first)
		probe_phase("holding");
	sleep((unsigned)hold);
	/* region reap */
	/* Reap every child, whichever round forked it. Each child does the
	 * same before it exits, so when the first process is done, all are. */
	for (long i = 0; i < made; i++)
		Waitpid(-1, NULL);	/* -1: any child; NULL: status unread */
	/* endregion reap */
	if (getpid() == first)
		printf("fork-tree: all %ld processes finished\n", total);
	return 0;
}
