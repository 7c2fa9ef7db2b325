/*
 * shared-terminal: several processes print to one output, each line in
 * three parts, and the lines come out garbled.
 *
 * Each child writes "[proc K] line J: part one," then " part two," then
 * " part three\n" with three write() calls, pausing `gap` microseconds
 * between them (as a program does when it computes the next part of its
 * line). Each write is whole, but nothing keeps the three writes of one
 * line together: another process's write can land between them.
 *
 * The output all goes into one pipe, and the parent plays the terminal: it
 * reads what arrives, shows it, and checks every line, so the demo can count
 * the garbled ones. A real terminal mixes the writes in exactly the same way.
 *
 * lock=flock takes a file lock around each line (flock on a file in the
 * run's directory); lock=sem a semaphore shared by the processes (what
 * multiprocessing.Lock is on Linux). Either makes every line whole; the
 * cost shows in lines per second.
 */
#include "probe.h"

#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("procs", 3, 2, 6, "processes printing at the same time"),
	PROBE_INT("lines", 8, 1, 2000, "lines each process prints"),
	PROBE_INT("gap", 300, 0, 20000, "microseconds between the parts of a line"),
	PROBE_CHOICE("lock", "none", "none|flock|sem", "what keeps a line's parts together"),
	PROBE_CHOICE("show", "on", "on|off", "show the lines (off: only count them)"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "processes print lines in parts and garble them; a file lock or semaphore keeps them whole",
	.view = "tree", .max_procs = 8, .max_seconds = 120, .params = params,
};

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put(int out, const char *text)
{
	if (write(out, text, strlen(text)) != (ssize_t)strlen(text))
		die("write");
}

static void pause_us(long us)
{
	struct timespec ts = { 0, us * 1000 };
	nanosleep(&ts, NULL);
}

/* region child */
static void child(int k, long lines, long gap, int out, int lockfd, sem_t *sem)
{
	char part1[64];
	for (long j = 1; j <= lines; j++) {
		snprintf(part1, sizeof part1, "[proc %d] line %ld: part one,", k, j);
		if (lockfd >= 0 && flock(lockfd, LOCK_EX) < 0)	/* wait for the file lock */
			die("flock");
		if (sem && sem_wait(sem) < 0)	/* or for the semaphore */
			die("sem_wait");
		put(out, part1);
		pause_us(gap);
		put(out, " part two,");
		pause_us(gap);
		put(out, " part three\n");
		if (sem)
			sem_post(sem);
		if (lockfd >= 0)
			flock(lockfd, LOCK_UN);
	}
	exit(0);
}
/* endregion child */

/* A line is whole if it is exactly the three parts of one line, in order. */
static int whole(const char *line)
{
	int k;
	long j;
	char want[96];
	if (sscanf(line, "[proc %d] line %ld:", &k, &j) != 2)
		return 0;
	snprintf(want, sizeof want, "[proc %d] line %ld: part one, part two, part three", k, j);
	return !strcmp(line, want);
}

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long procs = probe_int("procs"), lines = probe_int("lines"), gap = probe_int("gap");
	const char *lock = probe_str("lock");
	int show = probe_int("show") == 0;

	/* region locks */
	int lockfd = -1;
	sem_t *sem = NULL;
	char semname[128];
	if (!strcmp(lock, "flock")) {
		/* Each child opens the file itself: flock locks belong to an open
		 * file, and one open shared by fork would be one lock for all. */
		int fd = open("print.lock", O_CREAT | O_RDWR, 0600);
		if (fd < 0)
			die("open print.lock");
		close(fd);
	} else if (!strcmp(lock, "sem")) {
		probe_ipc_name("sem", "print", semname, sizeof semname);
		sem = sem_open(semname, O_CREAT | O_EXCL, 0600, 1);	/* 1: unlocked */
		if (sem == SEM_FAILED)
			die("sem_open");
	}
	/* endregion locks */
	printf("shared-terminal: %ld processes, %ld lines each, %ld us between parts, lock=%s\n",
	       procs, lines, gap, lock);

	int pipefd[2];
	if (pipe(pipefd) < 0)
		die("pipe");
	double t0 = now();
	for (int k = 1; k <= procs; k++) {
		pid_t pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			close(pipefd[0]);
			if (!strcmp(lock, "flock") && (lockfd = open("print.lock", O_RDWR)) < 0)
				die("open print.lock");
			child(k, lines, gap, pipefd[1], lockfd, sem);
		}
	}
	close(pipefd[1]);	/* so the read below ends when the last child does */

	/* The terminal: read everything, show it, check each line. */
	static char buf[1 << 20];
	size_t len = 0;
	ssize_t n;
	long good = 0, bad = 0;
	while ((n = read(pipefd[0], buf + len, sizeof buf - len - 1)) > 0) {
		len += (size_t)n;
		buf[len] = '\0';
		char *start = buf, *nl;
		while ((nl = strchr(start, '\n'))) {
			*nl = '\0';
			if (whole(start))
				good++;
			else
				bad++;
			if (show)
				printf("| %s\n", start);
			start = nl + 1;
		}
		len = strlen(start);
		memmove(buf, start, len + 1);
	}
	close(pipefd[0]);
	double took = now() - t0;
	int st, failed = 0;
	while (wait(&st) > 0)
		failed += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	if (sem) {
		sem_close(sem);
		sem_unlink(semname);
	}
	if (!strcmp(lock, "flock"))
		unlink("print.lock");

	printf("%ld lines arrived: %ld whole, %ld garbled (%ld lines were printed)\n",
	       good + bad, good, bad, procs * lines);
	printf("%.1f ms: %.0f lines/s (lock=%s, %ld us between parts)\n", took * 1e3,
	       procs * lines / took, lock, gap);
	probe_metric("garbled", (double)bad, "lines");
	probe_metric("rate", procs * lines / took, "lines/s");
	return failed ? 1 : 0;
}
