/*
 * bench_keys: keystroke to echo in the full-screen front end, timed through
 * tmux's control mode: send one key to the pane, wait for the pane's output
 * that draws it (tmux reports every byte the program writes as a %output
 * line), and take the time between. Also start to first drawn screen.
 *
 * usage: bench_keys 'LOCKSTEP [ARGS]' [LOAD_COMMAND] [REFERENCE_COMMAND]
 * Each command is one string for tmux new-session (run by a shell). The
 * load command is typed into lockstep (a demo that prints "busy"); the
 * reference is another readline program that prints "ready" when it is.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tmux_socket.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int to_tmux, from_tmux;
static pid_t tmux_pid;
static char buf[1 << 16];
static size_t len;

/* Read what tmux says until a line contains want (or timeout ms pass). */
static int wait_for(const char *want, double timeout)
{
	double until = now_ms() + timeout;
	for (;;) {
		buf[len] = '\0';
		char *hit = strstr(buf, want);
		if (hit) {
			/* drop everything up to the end of that line */
			char *nl = strchr(hit, '\n');
			size_t used = nl ? (size_t)(nl + 1 - buf) : len;
			memmove(buf, buf + used, len - used);
			len -= used;
			return 0;
		}
		double left = until - now_ms();
		if (left <= 0)
			return -1;
		struct pollfd p = { .fd = from_tmux, .events = POLLIN };
		if (poll(&p, 1, (int)left + 1) <= 0)
			continue;
		if (len > sizeof buf - 4096) { /* keep the tail only */
			memmove(buf, buf + len - 4096, 4096);
			len = 4096;
		}
		ssize_t n = read(from_tmux, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			return -1;
		len += (size_t)n;
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void say(const char *cmd)
{
	(void)!write(to_tmux, cmd, strlen(cmd));
}


static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	printf("%s: median %.2f ms, worst %.2f ms, best %.2f ms (%d)\n", what, v[n / 2], v[n - 1], v[0], n);
}

/* A control-mode client of a new server running cmd in a 120x40 window. */
static int start(const char *sock, const char *cmd)
{
	int in[2], out[2];
	if (pipe(in) < 0 || pipe(out) < 0)
		return -1;
	tmux_pid = fork();
	if (tmux_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execlp("tmux", "tmux", "-L", sock, "-f", "/dev/null", "-C", "new-session", "-x", "120",
		       "-y", "40", cmd, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	to_tmux = in[1];
	from_tmux = out[0];
	len = 0;
	return 0;
}

static void stop(const char *sock)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "tmux -L %s kill-server 2>/dev/null", sock);
	close(to_tmux);
	close(from_tmux);
	(void)!system(cmd);
	/* A server that does not answer kill-server (seen once in a hundred
	 * starts on a loaded machine) must not hang the benchmark: after
	 * three seconds, kill the client and the server by name. */
	for (int i = 0; i < 300; i++) {
		if (waitpid(tmux_pid, NULL, WNOHANG) == tmux_pid) {
			remove_socket(sock);
			return;
		}
		sleep_ms(10);
	}
	fprintf(stderr, "bench_keys: tmux did not stop; killing it\n");
	snprintf(cmd, sizeof cmd, "pkill -KILL -f 'tmux -L %s '", sock);
	(void)!system(cmd);
	waitpid(tmux_pid, NULL, 0);
	remove_socket(sock);
}

/* Keystroke to echo, n times, in a pane already showing its first screen.
 * A key and Backspace alternate so the line stays short; the key's echo
 * is what is timed ('~' appears nowhere else on the screen). */
static int time_keys(double *keys, int n)
{
	int nk = 0;
	for (int i = 0; i < n; i++) {
		len = 0;
		double t0 = now_ms();
		say("send-keys -l '~'\n");
		if (wait_for("~", 2000) == 0)
			keys[nk++] = now_ms() - t0;
		say("send-keys BSpace\n");
		sleep_ms(20);
	}
	return nk;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_keys 'LOCKSTEP [ARGS]' [LOAD_COMMAND] [REFERENCE]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0); /* each figure as soon as it is known */
	char sock[64];
	snprintf(sock, sizeof sock, "lsbench%d", (int)getpid());
	/* Start to first drawn screen, 20 times: the status line's key hints
	 * are drawn with the first frame. */
	double starts[20];
	int ns = 0;
	for (int i = 0; i < 20; i++) {
		double t0 = now_ms();
		if (start(sock, argv[1]) < 0)
			return 1;
		if (wait_for("F1 help", 5000) == 0)
			starts[ns++] = now_ms() - t0;
		stop(sock);
	}
	if (ns)
		report("start to first drawn screen (tmux)", starts, ns);
	/* The reference: the same keys through the same tmux to another
	 * readline program (bash), so the figure can be read as a ratio. */
	double keys[200];
	int nk;
	if (argc > 3) {
		if (start(sock, argv[3]) == 0 && wait_for("ready", 5000) == 0 &&
		    (nk = time_keys(keys, 200)) > 0)
			report("reference: keystroke to echo in bash's readline, idle", keys, nk);
		stop(sock);
	}
	if (start(sock, argv[1]) < 0 || wait_for("F1 help", 5000) < 0) {
		fprintf(stderr, "bench_keys: lockstep did not start\n");
		stop(sock);
		return 1;
	}
	if ((nk = time_keys(keys, 200)) > 0)
		report("keystroke to echo in lockstep, idle", keys, nk);
	if (argc > 2) {
		char cmd[512];
		snprintf(cmd, sizeof cmd, "send-keys -l '%s'\nsend-keys Enter\n", argv[2]);
		say(cmd);
		wait_for("busy", 5000);
		sleep_ms(500);
		if ((nk = time_keys(keys, 200)) > 0)
			report("keystroke to echo in lockstep, with the load running", keys, nk);
		say("send-keys C-c\n");
		sleep_ms(500);
	}
	stop(sock);
	return 0;
}
