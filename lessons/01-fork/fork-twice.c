/*
 * fork-twice: one process calls fork() and becomes two.
 *
 * fork() returns twice: in the parent it returns the new child's pid, in
 * the child it returns 0, and that is how each one knows which it is. Both
 * print their pid and their parent's pid (ppid). Then the child changes x:
 * the parent's x stays 1, because the child got a copy of the parent's
 * memory, not a share of it.
 *
 * In lockstep's tree: fork-twice(P) with one child fork-twice(C) under it,
 * both alive for `linger` seconds, the parent "sleeping" in waitpid(). The
 * parent reaps the child the moment it exits, so no zombie stays behind.
 */
#include "probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("linger", 2, 0, 10, "seconds the child stays alive, so both show in the tree"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "fork returns twice: parent and child each print their pid; memory is copied",
	.view = "tree", .max_procs = 4, .max_seconds = 60, .params = params,
};

/* fork(), or a message and exit: main need not check every call. */
static pid_t Fork(void)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");	/* too many processes, or no memory */
		exit(1);
	}
	return pid;
}

/* waitpid(), or a message and exit. */
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
	unsigned linger = (unsigned)probe_int("linger");

	/* region fork */
	int x = 1;
	pid_t rc = Fork();
	/* Two processes run from here on, each with its own x. Only the
	 * value of rc tells them apart. */
	/* endregion fork */
	if (rc == 0) {
		/* region child */
		/* The child: fork() returned 0. Its parent is the process
		 * that called fork(), so getppid() is the parent's pid. */
		printf("child: pid=%d ppid=%d fork() returned %d\n",
		       (int)getpid(), (int)getppid(), (int)rc);
		x = 2;			/* changes the child's copy only */
		printf("child: set x = %d\n", x);
		sleep(linger);		/* stay alive, so the tree shows us */
		exit(0);		/* the status the parent will read */
		/* endregion child */
	}
	/* region parent */
	/* The parent: fork() returned the child's pid, which is the only
	 * way a parent learns it. */
	printf("parent: pid=%d ppid=%d fork() returned %d (the child's pid)\n",
	       (int)getpid(), (int)getppid(), (int)rc);
	probe_phase("waiting");
	int status;
	Waitpid(rc, &status);	/* sleep until the child ends, then reap it */
	printf("parent: x = %d (the child changed its own copy)\n", x);
	/* endregion parent */
	if (WIFEXITED(status))	/* it called exit(): read its status */
		printf("parent: child %d exited with status %d\n", (int)rc, WEXITSTATUS(status));
	else			/* someone killed it: see fork-wait */
		printf("parent: child %d was killed by signal %d\n", (int)rc, WTERMSIG(status));
	return 0;
}
