/*
 * fork-wait: a parent forks N children, leaves them as zombies for a while,
 * then reaps them and reads how each one ended.
 *
 * Child i exits at once with status i; with crash=K, child K calls abort()
 * instead and is killed by the signal SIGABRT. The parent sleeps `delay`
 * seconds before it waits. Meanwhile the children are zombies: ended, their
 * memory freed, but their pid and exit status kept by the kernel until the
 * parent collects them with waitpid().
 *
 * In lockstep's tree: in phase "zombies" the children hang under the
 * sleeping parent marked "zombie"; in phase "reaping" they vanish.
 */
#include "probe.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("children", 3, 1, 16, "how many children to fork"),
	PROBE_INT("delay", 3, 0, 30, "seconds the parent sleeps before it waits"),
	PROBE_INT("crash", 0, 0, 16, "this child calls abort() (0: none does)"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "forks N children, leaves them as zombies, then reaps them",
	.view = "tree", .max_procs = 20, .max_seconds = 60, .params = params,
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

/* strsignal() describes a signal ("Aborted"); we want its name. */
static const char *signame(int sig)
{
	switch (sig) {
	case SIGABRT: return "SIGABRT";
	case SIGSEGV: return "SIGSEGV";
	case SIGKILL: return "SIGKILL";
	case SIGTERM: return "SIGTERM";
	default:      return strsignal(sig);
	}
}

/* What child i does. It never returns: a child that came back into main's
 * loop would fork children of its own. */
static void child(long i, long crash)
{
	if (i == crash) {
		printf("child %ld: pid=%d calling abort()\n", i, (int)getpid());
		abort();	/* raises SIGABRT, and SIGABRT kills us */
	}
	printf("child %ld: pid=%d exiting with status %ld\n", i, (int)getpid(), i);
	exit((int)i);		/* the parent reads this with WEXITSTATUS */
}

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long n = probe_int("children"), delay = probe_int("delay");
	long crash = probe_int("crash");

	/* region fork */
	for (long i = 1; i <= n; i++)
		if (Fork() == 0)	/* the child: do its part and exit */
			child(i, crash);
	/* Only the parent gets here: it goes round the loop n times. */
	/* endregion fork */
	if (crash > n)
		printf("parent: there is no child %ld, so none will crash\n", crash);
	printf("parent: forked %ld children; sleeping %ld s before waiting, "
	       "so they are zombies now\n", n, delay);
	probe_phase("zombies");
	sleep((unsigned)delay);
	probe_phase("reaping");
	/* region reap */
	for (long reaped = 0; reaped < n; reaped++) {
		int st;
		pid_t pid = Waitpid(-1, &st);	/* -1: any child at all */
		if (WIFEXITED(st))	/* it called exit() or returned from main */
			printf("parent: reaped child %d: exited with status %d\n",
			       (int)pid, WEXITSTATUS(st));
		else if (WIFSIGNALED(st))	/* a signal ended it */
			printf("parent: reaped child %d: killed by signal %d (%s)\n",
			       (int)pid, WTERMSIG(st), signame(WTERMSIG(st)));
	}
	/* endregion reap */
	printf("parent: all %ld children reaped\n", n);
	return 0;
}
