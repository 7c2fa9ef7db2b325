/*
 * bench_start: how long the shell takes from exec to its prompt, on a real
 * terminal (a pseudo-terminal, so lockstep takes its interactive path with
 * readline). Median and spread of N starts; `true` started the same way is
 * the reference for what exec and the pty cost by themselves.
 *
 * usage: bench_start LOCKSTEP [N]
 */
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, ptsname */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Start argv on a new pty; return ms until want appears (or until exit
 * when want is NULL), or -1. */
static double start_once(char *const *argv, const char *want)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0)
		return -1;
	char *name = ptsname(m);
	double t0 = now_ms(), t = -1;
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		int s = open(name, O_RDWR);
		if (s < 0)
			_exit(127);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		close(m);
		execv(argv[0], argv);
		_exit(127);
	}
	char buf[8192];
	size_t len = 0;
	for (;;) {
		struct pollfd p = { .fd = m, .events = POLLIN };
		if (poll(&p, 1, 5000) <= 0)
			break;
		ssize_t n = read(m, buf + len, sizeof buf - 1 - len);
		if (n <= 0) {
			if (!want)
				t = now_ms() - t0;
			break;
		}
		len += (size_t)n;
		buf[len] = '\0';
		if (want && strstr(buf, want)) {
			t = now_ms() - t0;
			(void)!write(m, "quit\r", 5);
			break;
		}
		if (len > sizeof buf / 2) {
			memmove(buf, buf + len / 2, len - len / 2);
			len -= len / 2;
		}
	}
	/* drain so the child is not blocked writing, then reap it */
	for (;;) {
		struct pollfd p = { .fd = m, .events = POLLIN };
		if (poll(&p, 1, 2000) <= 0 || read(m, buf, sizeof buf) <= 0)
			break;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(m);
	return t;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(const char *what, char *const *argv, const char *want, int n)
{
	double *t = calloc((size_t)n, sizeof *t);
	int ok = 0;
	for (int i = 0; i < n; i++) {
		double v = start_once(argv, want);
		if (v >= 0)
			t[ok++] = v;
	}
	if (!ok) {
		printf("%s: never got there\n", what);
		free(t);
		return;
	}
	qsort(t, (size_t)ok, sizeof *t, cmp);
	printf("%s: median %.1f ms, min %.1f, max %.1f (%d runs)\n", what, t[ok / 2], t[0], t[ok - 1], ok);
	free(t);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_start LOCKSTEP [N]\n");
		return 2;
	}
	int n = argc > 2 ? atoi(argv[2]) : 20;
	char *truev[] = { "/bin/true", NULL };
	char *lsv[] = { argv[1], NULL };
	report("reference: /bin/true on a pty, exec to exit", truev, NULL, n);
	report("lockstep: exec to prompt", lsv, "lockstep> ", n);
	return 0;
}
