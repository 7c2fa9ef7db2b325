/*
 * bench_live: what watching a demo live costs at 10 Hz, against htop.
 *
 * For each size (10 x 4, 100 x 10 and 200 x 50 processes x threads) the
 * bench starts tree-load (argv[1], or build/test-demos/fault/tree-load),
 * playing its keeper, and waits for "tree-load: ready". Then, for SECONDS:
 * sampler_scan + sample_rates + model_sample + sampler_cpus + tree_draw
 * into a 120x40 canvas every 100 ms, and the CPU time the bench used
 * (getrusage) as a share of one core. Then, on the same tree, `htop -d 1`
 * (a screen every 100 ms) in a detached tmux server of its own, 120x40:
 * htop's utime+stime over SECONDS after a moment to start, from its
 * /proc/PID/stat. Figures, not pass/fail; the issue asks for lockstep at
 * most half of htop.
 *
 * Nothing is left running on any exit path: the bench is a child subreaper
 * (so whatever it starts comes back to it to be reaped), tree-load dies
 * with it (PR_SET_PDEATHSIG; its children leave when its pipe closes), and
 * every exit kills tree-load's group and the tmux server and reaps them
 * (atexit; SIGINT, SIGTERM and SIGHUP kill them before the bench dies).
 */
/* _GNU_SOURCE: prctl (PR_SET_CHILD_SUBREAPER, PR_SET_PDEATHSIG), Linux calls */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sample/sample.h"
#include "tmux_socket.h"
#include "util/clock.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "view/canvas.h"
#include "view/model.h"
#include "view/tree.h"

enum { SECONDS = 10, PERIOD_MS = 100, W = 120, H = 40, READY_MS = 120000,
       SETTLE_MS = 1000, HTOP_WARMUP_MS = 1500, MAX_CORES = 256 };

static const struct { int procs, threads; } sizes[] = { { 10, 4 }, { 100, 10 }, { 200, 50 } };

static volatile sig_atomic_t demo = -1;        /* tree-load, leader of its group */
static volatile sig_atomic_t tmux_server = -1; /* the server htop runs under */
static char tmux_socket[64];                   /* its -L name, "" when none */
static char tmux_path[512];                    /* its socket file, "" when not known */
static char home[64];                          /* htop's HOME, "" when none */
static char home_htop[96];                     /* the directory htop makes in it */

/* Run argv and wait for it; its exit status, or -1 if it could not run. */
static int run_wait(char *const argv[], bool quiet)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (quiet && (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void stop_tmux(void)
{
	if (tmux_socket[0]) {
		char *argv[] = { "tmux", "-L", tmux_socket, "kill-server", NULL };
		run_wait(argv, true);
		remove_socket(tmux_socket);
		tmux_socket[0] = '\0';
	}
	if (tmux_server > 0) {
		/* The server is the bench's child (a subreaper's orphan): let it
		 * go on its own, and kill it only if it will not. */
		bool gone = false;
		for (int i = 0; i < 300 && !gone; i++) {
			gone = waitpid(tmux_server, NULL, WNOHANG) != 0;
			if (!gone)
				clock_sleep_ms(10);
		}
		if (!gone)
			kill(tmux_server, SIGKILL);
	}
	tmux_server = -1;
	if (tmux_path[0])
		unlink(tmux_path);
	tmux_path[0] = '\0';
}

/* Reap every child there is, waiting up to a few seconds for the dying. */
static void reap_all(void)
{
	uint64_t end = clock_now_ns() + 5000000000ull;
	for (;;) {
		pid_t p = waitpid(-1, NULL, WNOHANG);
		if (p > 0)
			continue;
		if (p < 0 && errno != EINTR)
			return; /* ECHILD: none left */
		if (clock_now_ns() > end)
			return;
		clock_sleep_ms(10);
	}
}

static void stop_demo(void)
{
	if (demo > 0) {
		kill(-demo, SIGKILL);
		kill(demo, SIGKILL);
	}
	demo = -1;
}

static void cleanup(void)
{
	stop_tmux();
	stop_demo();
	reap_all();
	if (home[0])
		remove_tree(home);
	home[0] = '\0';
}

/* Only async-signal-safe calls: init reaps what is left once we are gone. */
static void on_signal(int sig)
{
	if (demo > 0)
		kill(-demo, SIGKILL);
	if (tmux_server > 0)
		kill(tmux_server, SIGKILL); /* htop gets SIGHUP from its pane */
	if (tmux_path[0])
		unlink(tmux_path);
	if (home[0]) {
		rmdir(home_htop);
		rmdir(home);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void die(const char *fmt, const char *what)
{
	fprintf(stderr, "bench_live: ");
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	exit(1); /* atexit: cleanup */
}

/* Start tree-load procs x threads and wait until it says it is ready. */
static pid_t start_demo(const char *path, int procs, int threads)
{
	int out[2];
	if (pipe(out) < 0)
		die("pipe: %s", strerror(errno));
	pid_t me = getpid(), c = fork();
	if (c < 0)
		die("fork: %s", strerror(errno));
	if (c == 0) {
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != me)
			_exit(1);
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		char a[32], b[32];
		snprintf(a, sizeof a, "procs=%d", procs);
		snprintf(b, sizeof b, "threads=%d", threads);
		execl(path, path, a, b, "seconds=600", (char *)NULL);
		fprintf(stderr, "bench_live: cannot run '%s': %s\n", path, strerror(errno));
		_exit(127);
	}
	setpgid(c, c); /* as the child does: whichever runs first */
	demo = c;
	close(out[1]);
	struct strbuf got;
	strbuf_init(&got);
	uint64_t end = clock_now_ns() + (uint64_t)READY_MS * 1000000u;
	while (!strstr(got.buf, "tree-load: ready")) {
		uint64_t now = clock_now_ns();
		struct pollfd pfd = { .fd = out[0], .events = POLLIN };
		char buf[256];
		ssize_t n;
		if (now >= end || poll(&pfd, 1, (int)((end - now) / 1000000u)) <= 0 ||
		    (n = read(out[0], buf, sizeof buf)) <= 0)
			die("tree-load did not get ready: %s", got.len ? got.buf : "(nothing printed)");
		strbuf_add(&got, buf, (size_t)n);
	}
	strbuf_release(&got);
	close(out[0]); /* it prints nothing more */
	return c;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static double cpu_seconds(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = -1; /* the listing's own */
	for (struct dirent *de; d && (de = readdir(d));)
		n += de->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

struct figures {
	double pct;          /* CPU time as % of one core over the run */
	double first_ms;     /* the first tick (opens every file) */
	double median_ms;    /* the median tick after it */
	size_t procs, threads;
	int fds;             /* descriptors open at the end */
};

/* lockstep's part: SECONDS of ticks at 10 Hz, as the session does them. */
static struct figures watch(pid_t c)
{
	enum { TICKS = SECONDS * 1000 / PERIOD_MS };
	struct figures f = { 0 };
	uint64_t tick_ns[TICKS];
	pid_t me = getpid();
	struct strbuf err;
	strbuf_init(&err);
	struct canvas cv;
	canvas_init(&cv, W, H);
	struct run_model m;
	double pct[MAX_CORES];
	struct tree_view_opts o = { .selected = 0 };

	double cpu0 = cpu_seconds();
	uint64_t t0 = clock_now_ns();
	model_init(&m, t0 / 1000u);
	struct sampler *smp = sampler_new("/proc");
	for (int k = 0; k < TICKS; k++) {
		uint64_t due = t0 + (uint64_t)k * PERIOD_MS * 1000000u;
		struct timespec ts = { (time_t)(due / 1000000000u), (long)(due % 1000000000u) };
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
		uint64_t a = clock_now_ns();
		struct sample_snap next;
		sample_snap_init(&next);
		if (sampler_scan(smp, me, c, a, &next, &err) < 0)
			die("%s", err.buf);
		sample_rates(&next, &m.snap); /* the model's snapshot is the previous one */
		model_sample(&m, &next);
		int n = sampler_cpus(smp, pct, MAX_CORES);
		if (n > 0)
			model_cpus(&m, n < MAX_CORES ? n : MAX_CORES, pct);
		tree_draw(&cv, canvas_rect(&cv), &m, &o);
		tick_ns[k] = clock_now_ns() - a;
	}
	double wall = (double)(clock_now_ns() - t0) / 1e9;
	f.pct = (cpu_seconds() - cpu0) / wall * 100.0;
	f.fds = count_fds();
	sample_count(&m.snap, &f.procs, &f.threads);
	f.first_ms = (double)tick_ns[0] / 1e6;
	qsort(tick_ns + 1, TICKS - 1, sizeof *tick_ns, cmp_u64);
	f.median_ms = (double)tick_ns[TICKS / 2] / 1e6;
	sampler_free(smp);
	model_release(&m);
	canvas_release(&cv);
	strbuf_release(&err);
	return f;
}

/* utime + stime of pid in clock ticks, or -1. */
static long long cpu_ticks(pid_t pid)
{
	char path[64], buf[2048];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (file_read_small(path, buf, sizeof buf) <= 0)
		return -1;
	const char *p = strrchr(buf, ')');
	long long v[16] = { 0 };
	/* fields 3.. after the comm; 14 and 15 are utime and stime */
	for (int field = 3; p && field <= 15; field++) {
		p = strchr(p + 1, ' ');
		if (p && field >= 14)
			v[field] = strtoll(p + 1, NULL, 10);
	}
	return p ? v[14] + v[15] : -1;
}

/* A tmux format ("#{pane_pid}") as the server answers it, in out. */
static void tmux_format(const char *format, char *out, size_t size)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "tmux -L %s display-message -p '%s' 2>/dev/null",
		 tmux_socket, format);
	FILE *f = popen(cmd, "r");
	out[0] = '\0';
	if (f) {
		if (!fgets(out, (int)size, f))
			out[0] = '\0';
		out[strcspn(out, "\n")] = '\0';
		pclose(f);
	}
}

static long tmux_number(const char *format)
{
	char buf[64];
	tmux_format(format, buf, sizeof buf);
	char *end;
	long v = strtol(buf, &end, 10);
	return end == buf ? -1 : v;
}

/* htop's part: its CPU over SECONDS, as % of one core; -1 if it could not
 * be started. */
static double watch_htop(int size)
{
	snprintf(tmux_socket, sizeof tmux_socket, "bench%d-%d", (int)getpid(), size);
	char *argv[] = { "tmux", "-L", tmux_socket, "-f", "/dev/null", "new-session", "-d",
			 "-x", "120", "-y", "40", "exec htop -d 1", NULL };
	if (run_wait(argv, false) != 0) {
		tmux_socket[0] = '\0';
		return -1;
	}
	tmux_format("#{socket_path}", tmux_path, sizeof tmux_path);
	tmux_server = (sig_atomic_t)tmux_number("#{pid}");
	long htop = -1;
	for (int tries = 0; tries < 200 && htop < 0; tries++) {
		long pane = tmux_number("#{pane_pid}");
		char path[64], comm[64] = "";
		snprintf(path, sizeof path, "/proc/%ld/comm", pane);
		if (pane > 0 && file_read_small(path, comm, sizeof comm) > 0 && !strncmp(comm, "htop\n", 5))
			htop = pane;
		else
			clock_sleep_ms(10);
	}
	if (htop < 0) {
		stop_tmux();
		return -1;
	}
	clock_sleep_ms(HTOP_WARMUP_MS);
	long long a = cpu_ticks((pid_t)htop);
	uint64_t ta = clock_now_ns();
	clock_sleep_ms(SECONDS * 1000);
	long long b = cpu_ticks((pid_t)htop);
	uint64_t tb = clock_now_ns();
	stop_tmux();
	reap_all();
	if (a < 0 || b < 0)
		return -1;
	return (double)(b - a) / (double)sysconf(_SC_CLK_TCK) / ((double)(tb - ta) / 1e9) * 100.0;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "build/test-demos/fault/tree-load";
	if (access(path, X_OK) < 0)
		die("no tree-load at '%s' (make test-programs, or give its path)", path);
	atexit(cleanup);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	/* htop under its own HOME: no settings read or written in the real one */
	snprintf(home, sizeof home, "/tmp/bench_live.XXXXXX");
	if (!mkdtemp(home))
		die("mkdtemp: %s", strerror(errno));
	snprintf(home_htop, sizeof home_htop, "%s/htop", home);
	setenv("HOME", home, 1);
	setenv("XDG_CONFIG_HOME", home, 1);
	char *version[] = { "htop", "--version", NULL };
	char *tversion[] = { "tmux", "-V", NULL };
	bool have_htop = run_wait(version, true) == 0 && run_wait(tversion, true) == 0;
	if (!have_htop)
		printf("htop or tmux is not installed: lockstep's figures only\n");
	printf("%d CPUs; %d s each, a tick every %d ms, %dx%d canvas\n",
	       (int)sysconf(_SC_NPROCESSORS_ONLN), SECONDS, PERIOD_MS, W, H);

	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		int procs = sizes[i].procs, threads = sizes[i].threads;
		int fds0 = count_fds();
		pid_t c = start_demo(path, procs, threads);
		clock_sleep_ms(SETTLE_MS);
		struct figures f = watch(c);
		printf("%3d x %2d (%zu processes, %zu threads): lockstep %.2f%% of a core "
		       "(first tick %.1f ms, median tick %.2f ms, %d descriptors kept)",
		       procs, threads, f.procs, f.threads, f.pct, f.first_ms, f.median_ms, f.fds - fds0);
		fflush(stdout);
		if (have_htop) {
			double h = watch_htop((int)i);
			if (h < 0)
				printf("; htop could not be started\n");
			else
				printf("; htop -d 1 %.2f%%; lockstep/htop %.2f\n", h, f.pct / h);
		} else {
			printf("\n");
		}
		stop_demo();
		reap_all();
	}
	return 0;
}
