/*
 * orphan: a parent exits without waiting for its child. The child lives on
 * as an orphan, and another process adopts it: becomes its parent, and will
 * reap it when it exits, so it does not stay a zombie for ever.
 *
 * The adopter is the nearest ancestor that has made itself a "child
 * subreaper" (Linux: prctl(PR_SET_CHILD_SUBREAPER)), or else init, pid 1.
 * Inside lockstep it is the keeper, the small process that runs each demo;
 * in a terminal it is init or a subreaper such as systemd --user.
 *
 * In lockstep's tree: orphan(P) with its child under it, for a moment; then
 * P is gone and the child sits directly under keeper(...), marked "orphan,
 * reparented to the keeper", for `linger` seconds.
 */
#include "probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("linger", 3, 1, 30, "seconds the orphan lives on after it is adopted"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "the parent exits first; its orphaned child is adopted and reaped",
	.view = "tree", .max_procs = 4, .max_seconds = 60, .params = params,
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

/* Look every 50 ms, for up to 5 s, until getppid() is no longer `old`:
 * then the parent is gone and someone has adopted us. */
static pid_t new_parent(pid_t old)
{
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	for (int i = 0; i < 100 && getppid() == old; i++)
		nanosleep(&tick, NULL);
	if (getppid() == old) {	/* the parent is stuck: nothing to show */
		printf("child: my parent %d is still alive after 5 s\n", (int)old);
		exit(1);
	}
	return getppid();
}

/* Say who adopted us, by name where Linux gives it (/proc/PID/comm). */
static void explain(pid_t adopter)
{
	char path[64], name[64] = "?";
	snprintf(path, sizeof path, "/proc/%d/comm", (int)adopter);
	FILE *f = fopen(path, "r");
	if (f) {
		if (fgets(name, sizeof name, f))
			name[strcspn(name, "\n")] = '\0';
		fclose(f);
	}
	printf("child: %d (%s) adopted me: %s\n", (int)adopter, name,
	       adopter == 1 ? "init, which adopts orphans no subreaper claims"
	       : "a child subreaper, like lockstep's keeper or systemd --user");
}

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	unsigned linger = (unsigned)probe_int("linger");
	pid_t parent = getpid();

	/* region fork */
	pid_t rc = Fork();
	if (rc > 0) {
		/* The parent leaves at once. Nobody will wait() for the child
		 * here: the child is about to be an orphan. */
		printf("parent: pid=%d forked child %d, and exits without waiting\n",
		       (int)parent, (int)rc);
		exit(0);
	}
	/* endregion fork */
	/* region adopted */
	/* Only the child gets here, while its parent exits. */
	pid_t adopter = new_parent(parent);
	printf("child: pid=%d my parent %d is gone; my ppid is now %d\n",
	       (int)getpid(), (int)parent, (int)adopter);
	explain(adopter);
	/* endregion adopted */
	probe_phase("orphaned");
	sleep(linger);
	printf("child: exiting; my new parent will reap me\n");
	return 0;
}
