/*
 * bench_sample: what a scan of /proc costs, per thread, when a demo has
 * 1000 threads. The bench plays the keeper: its child starts 1000 sleeping
 * threads; one sampler scans 21 times, 100 ms apart as the session does,
 * and the bench prints the first scan (which opens every file) and the
 * median of the others; then the stateless sample_scan, for comparison.
 *
 * Nothing is left running on any exit path: the child dies with the bench
 * (PR_SET_PDEATHSIG), every exit kills and reaps it (atexit), and SIGINT,
 * SIGTERM and SIGHUP kill it before the bench dies of them.
 */
/* _GNU_SOURCE: prctl(PR_SET_PDEATHSIG), a Linux call */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sample/sample.h"
#include "util/clock.h"
#include "util/strbuf.h"

enum { THREADS = 1000, SCANS = 20, STACK = 64 * 1024, READY_MS = 60000, PERIOD_MS = 100 };

static volatile sig_atomic_t child = -1;

static void kill_child(void)
{
	pid_t c = child;
	if (c <= 0)
		return;
	kill(c, SIGKILL);
	while (waitpid(c, NULL, 0) < 0 && errno == EINTR)
		;
	child = -1;
}

static void on_signal(int sig)
{
	if (child > 0)
		kill(child, SIGKILL); /* init reaps it once we are gone */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void die(const char *what)
{
	fprintf(stderr, "bench_sample: %s\n", what);
	exit(1); /* atexit: kill_child */
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* The child: THREADS threads that sleep, then one byte to say so ('R'),
 * or 'E' if a thread could not be started. */
static void child_main(pid_t parent, int ready)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1); /* the bench died before prctl */
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, STACK);
	for (int i = 0; i < THREADS; i++) {
		pthread_t t;
		if (pthread_create(&t, &a, sleeper, NULL) != 0) {
			(void)!write(ready, "E", 1);
			_exit(1);
		}
	}
	(void)!write(ready, "R", 1);
	for (;;)
		pause();
}

/* The threads of the scan; dies if the child's are not all there. */
static size_t check(const struct sample_snap *s, pid_t c)
{
	const struct sample_proc *p = sample_find(s, c);
	if (!p || p->nthreads_read != THREADS + 1)
		die("the scan did not find the child's threads");
	size_t threads = 0;
	for (size_t j = 0; j < s->nprocs; j++)
		threads += s->procs[j].nthreads_read;
	return threads;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static double median(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_u64);
	return n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2;
}

int main(void)
{
	atexit(kill_child);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);

	int ready[2];
	if (pipe(ready) < 0)
		die(strerror(errno));
	pid_t me = getpid();
	pid_t c = fork();
	if (c < 0)
		die(strerror(errno));
	if (c == 0) {
		close(ready[0]);
		child_main(me, ready[1]);
	}
	child = c;
	close(ready[1]);

	struct pollfd pfd = { .fd = ready[0], .events = POLLIN };
	char got = 0;
	if (poll(&pfd, 1, READY_MS) <= 0 || read(ready[0], &got, 1) != 1 || got != 'R')
		die("the child could not start its threads");
	close(ready[0]);

	struct sample_snap s;
	sample_snap_init(&s);
	struct strbuf err;
	strbuf_init(&err);
	struct sampler *smp = sampler_new("/proc");
	uint64_t first_ns = 0, scan_ns[SCANS], old_ns[SCANS];
	size_t threads = 0;
	for (int i = 0; i <= SCANS; i++) {
		if (i)
			clock_sleep_ms(PERIOD_MS);
		uint64_t t0 = clock_now_ns();
		if (sampler_scan(smp, me, c, t0, &s, &err) < 0)
			die(err.buf);
		uint64_t t1 = clock_now_ns();
		threads = check(&s, c);
		if (i)
			scan_ns[i - 1] = t1 - t0;
		else
			first_ns = t1 - t0;
	}
	sampler_free(smp);
	for (int i = 0; i < SCANS; i++) {
		uint64_t t0 = clock_now_ns();
		if (sample_scan("/proc", me, c, t0, &s, &err) < 0)
			die(err.buf);
		old_ns[i] = clock_now_ns() - t0;
		check(&s, c);
	}
	sample_snap_release(&s);
	strbuf_release(&err);

	double steady = median(scan_ns, SCANS), once = median(old_ns, SCANS);
	printf("sampler: %zu threads, first scan %.1f ms, then median %.2f ms (%.2f us per thread, %d scans)\n",
	       threads, (double)first_ns / 1e6, steady / 1e6, steady / 1e3 / (double)threads, SCANS);
	printf("sample_scan (stateless): median %.1f ms (%.1f us per thread)\n",
	       once / 1e6, once / 1e3 / (double)threads);
	kill_child();
	return 0;
}
