/* keeper: owns a demo's processes, reaps them, caps them, cleans up (see keeper.h). */
#define _GNU_SOURCE /* signalfd, prctl, close_range, pipe2: Linux calls */
#include "keeper.h"
#include "cleanup.h"
#include "../sample/descend.h"
#include "../util/clock.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

/* How often the caps are checked: the cheap system-wide thread count often,
 * a full scan of the run's processes now and then or when that count jumps. */
#define FAST_CHECK_MS 5
#define FULL_CHECK_MS 100
/* How long kill_all keeps at it before it reports processes it cannot kill. */
#define KILL_ALL_MS 5000

struct keeper {
	const struct keeper_args *a;
	int sigfd;
	int ctl_fd;     /* -1 once the shell is gone */
	int status_fd, out_fd, ev_fd, gate_fd; /* moved to 10 and up, see setup */
	pid_t demo;     /* 0 until started */
	bool paused;
	int stop_stage; /* 0 running, 1 SIGINT sent, 2 SIGTERM sent, 3 killing */
	uint64_t stage_deadline;
	uint64_t time_limit;
	uint64_t next_fast, next_full;
	long others_threads; /* system threads not ours, at the last full scan */
	bool renice_demo;    /* the keeper could not get a real-time priority */
};

static void report(struct keeper *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void report(struct keeper *k, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof line - 2)
		n = sizeof line - 2;
	line[n++] = '\n';
	/* The shell may be gone: SIGPIPE is ignored, and the error is too. */
	(void)write_all(k->status_fd, line, (size_t)n);
}

/* Close every descriptor but the ones in keep[]. */
static void close_others(const int *keep, int n)
{
	int lo = 3;
	for (;;) {
		int next = -1;
		for (int i = 0; i < n; i++)
			if (keep[i] >= lo && (next < 0 || keep[i] < next))
				next = keep[i];
		if (next < 0) {
			close_range((unsigned)lo, ~0U, 0);
			return;
		}
		if (next > lo)
			close_range((unsigned)lo, (unsigned)next - 1, 0);
		lo = next + 1;
	}
}

static void reset_signals_for_exec(void)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* exec resets handled signals but keeps ignored ones ignored: a demo
	 * about SIGPIPE or SIGINT must start with the defaults. */
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
}

/* Fork and exec the demo; returns its pid, or -errno if it could not start. */
static pid_t start_demo(struct keeper *k)
{
	const struct keeper_args *a = k->a;
	int errpipe[2];
	if (pipe2(errpipe, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(errpipe[0]);
		close(errpipe[1]);
		return -e;
	}
	if (pid == 0) {
		/* The demo: a process group of its own, so one kill(-pgid)
		 * reaches all of it, and the keeper's stays apart. */
		setpgid(0, 0);
		reset_signals_for_exec();
		if (k->renice_demo)
			setpriority(PRIO_PROCESS, 0, DEMO_NICE);
		int devnull = open("/dev/null", O_RDONLY);
		/* Give the descriptors their final numbers. The sources are
		 * all >= 10 (see setup) but errpipe's, so it goes first. */
		if (devnull < 0 || dup2(errpipe[1], 4) < 0 || dup2(k->ev_fd, 3) < 0 ||
		    dup2(k->gate_fd, 5) < 0 || dup2(k->out_fd, 1) < 0 || dup2(k->out_fd, 2) < 0 ||
		    dup2(devnull, 0) < 0)
			goto fail;
		fcntl(4, F_SETFD, FD_CLOEXEC);
		close_range(6, ~0U, 0);
		char runid[128];
		snprintf(runid, sizeof runid, "%s", a->run_id);
		if (setenv("LOCKSTEP_EVENT_FD", "3", 1) < 0 || setenv("LOCKSTEP_GATE_FD", "5", 1) < 0 ||
		    setenv("LOCKSTEP_RUN_ID", runid, 1) < 0 ||
		    setenv("LOCKSTEP_TMPDIR", a->tmpdir, 1) < 0 || setenv("TMPDIR", a->tmpdir, 1) < 0)
			goto fail;
		unsetenv("LOCKSTEP_EVENTS");
		/* Files a demo makes land in its private dir and go with it. */
		if (chdir(a->tmpdir) < 0)
			goto fail;
		execv(a->exe, a->argv);
fail:;
		int e = errno;
		(void)write(4, &e, sizeof e);
		_exit(127);
	}
	setpgid(pid, pid); /* also here: whichever runs first wins the race */
	close(errpipe[1]);
	int e = 0;
	ssize_t n;
	do
		n = read(errpipe[0], &e, sizeof e);
	while (n < 0 && errno == EINTR);
	close(errpipe[0]);
	if (n == (ssize_t)sizeof e) {
		waitpid(pid, NULL, 0);
		return -e;
	}
	return pid;
}

/* Read a zombie's name before it is reaped, for "process 4121 (fork-twice)". */
static void comm_of(const char *root, pid_t pid, char *buf, size_t size)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%d/comm", root, (int)pid);
	if (file_read_small(path, buf, size) <= 0) {
		snprintf(buf, size, "?");
		return;
	}
	buf[strcspn(buf, "\n")] = '\0';
}

/* Reap everything that has exited. Returns true when no child is left. */
static bool reap_all(struct keeper *k)
{
	for (;;) {
		siginfo_t si;
		memset(&si, 0, sizeof si);
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
			return errno == ECHILD;
		if (si.si_pid == 0)
			return false; /* children, none exited yet */
		char comm[64];
		comm_of(k->a->proc_root, si.si_pid, comm, sizeof comm);
		int st;
		if (waitpid(si.si_pid, &st, 0) < 0)
			continue;
		if (WIFEXITED(st))
			report(k, "exit %d code %d %s", (int)si.si_pid, WEXITSTATUS(st), comm);
		else if (WIFSIGNALED(st))
			report(k, "exit %d signal %d core %d %s", (int)si.si_pid, WTERMSIG(st),
			       WCOREDUMP(st) ? 1 : 0, comm);
	}
}

/* Send sig to the demo's group and to every descendant that left it. */
static void signal_all(struct keeper *k, int sig)
{
	if (k->demo > 0)
		kill(-k->demo, sig);
	struct proc_brief *list = NULL;
	ssize_t n = descend_scan(k->a->proc_root, getpid(), false, &list);
	for (ssize_t i = 0; i < n; i++)
		if (list[i].state != 'Z' && list[i].pgid != k->demo)
			kill(list[i].pid, sig);
	free(list);
}

/* SIGKILL every process of the run until none is left (or time is up). */
static void kill_all(struct keeper *k)
{
	k->stop_stage = 3;
	uint64_t give_up = clock_now_ns() + (uint64_t)KILL_ALL_MS * 1000000u;
	for (;;) {
		if (k->demo > 0)
			kill(-k->demo, SIGKILL);
		struct proc_brief *list = NULL;
		ssize_t n = descend_scan(k->a->proc_root, getpid(), false, &list);
		for (ssize_t i = 0; i < n; i++)
			if (list[i].state != 'Z')
				kill(list[i].pid, SIGKILL);
		free(list);
		/* The dead become zombies; their parents die too, so they
		 * reparent here and are reaped. */
		if (reap_all(k) && n <= 0)
			return;
		if (clock_now_ns() > give_up) {
			report(k, "leftover %zd processes would not die", n);
			return;
		}
		clock_sleep_ms(1);
	}
}

static void begin_stop(struct keeper *k)
{
	if (k->stop_stage)
		return;
	k->stop_stage = 1;
	signal_all(k, SIGINT);
	/* A paused run must be woken to act on the signal. */
	if (k->paused)
		signal_all(k, SIGCONT);
	k->stage_deadline = clock_now_ns() + (uint64_t)KEEPER_GRACE_MS * 1000000u;
}

static void escalate(struct keeper *k)
{
	if (k->stop_stage == 1) {
		report(k, "escalate SIGTERM");
		k->stop_stage = 2;
		signal_all(k, SIGTERM);
		if (k->paused)
			signal_all(k, SIGCONT);
		k->stage_deadline = clock_now_ns() + (uint64_t)KEEPER_GRACE_MS * 1000000u;
	} else if (k->stop_stage == 2) {
		report(k, "escalate SIGKILL");
		kill_all(k);
	}
}

/* Count the run's processes and threads; stop it if it is over a cap. */
static void check_caps(struct keeper *k, bool full)
{
	const struct keeper_args *a = k->a;
	long total = descend_system_threads(a->proc_root);
	if (!full) {
		/* Cheap check: only scan when the system grew by more than
		 * the smaller cap since the last scan's count of ours. */
		if (total < 0 || total - k->others_threads <= (a->max_procs < a->max_threads ? a->max_procs : a->max_threads))
			return;
	}
	struct proc_brief *list = NULL;
	ssize_t n = descend_scan(a->proc_root, getpid(), false, &list);
	long threads = 0;
	for (ssize_t i = 0; i < n; i++)
		threads += list[i].nthreads > 0 ? list[i].nthreads : 1;
	free(list);
	if (n < 0)
		return;
	if (total >= 0)
		k->others_threads = total - threads;
	if (k->stop_stage == 3)
		return;
	if (n > a->max_procs) {
		report(k, "cap procs %zd %d", n, a->max_procs);
		kill_all(k); /* a runaway fork loop will not listen to SIGINT */
	} else if (threads > a->max_threads) {
		report(k, "cap threads %ld %d", threads, a->max_threads);
		kill_all(k);
	}
}

static void finish(struct keeper *k)
{
	struct strbuf err;
	strbuf_init(&err);
	if (run_cleanup(k->a->run_id, k->a->tmpdir, &err) > 0) {
		for (char *line = strtok(err.buf, "\n"); line; line = strtok(NULL, "\n"))
			report(k, "leftover %s", line);
	}
	strbuf_release(&err);
	report(k, "done");
	_exit(0);
}

static void on_command(struct keeper *k, char c)
{
	switch (c) {
	case 'S':
		begin_stop(k);
		break;
	case 'K':
		kill_all(k);
		break;
	case 'P':
		if (!k->paused && !k->stop_stage) {
			signal_all(k, SIGSTOP);
			k->paused = true;
		}
		break;
	case 'C':
		if (k->paused) {
			signal_all(k, SIGCONT);
			k->paused = false;
		}
		break;
	}
}

/* A copy of fd at 10 or above, close-on-exec; the original is closed. */
static int move_high(int fd)
{
	int high = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (high < 0)
		_exit(127);
	close(fd);
	return high;
}

static void setup(struct keeper *k, const struct keeper_args *a)
{
	memset(k, 0, sizeof *k);
	k->a = a;
	prctl(PR_SET_NAME, "keeper");
	/* Orphans of the demo reparent here instead of to init, so the tree
	 * shows them and the keeper reaps them. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	/* A runaway fork loop makes thousands of runnable processes, and a
	 * keeper with an equal share of the CPU would see it far too late.
	 * Real-time priority lets it run the moment it wakes (it sleeps in
	 * poll nearly always). RESET_ON_FORK: the demo starts as an ordinary
	 * process. Without the privilege, the demo gets a lower priority. */
	struct sched_param sp = { .sched_priority = 1 };
	k->renice_demo = sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &sp) < 0;
	/* Out of the shell's group: Ctrl-C and Ctrl-Z at the terminal are
	 * the shell's to handle, and it tells the keeper what to do. */
	setpgid(0, 0);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_SETMASK, &set, NULL);
	/* Keep the shell's terminal or pipe out of the keeper's hands: a
	 * reader of the shell's output must not wait for the keeper. */
	k->ctl_fd = move_high(a->ctl_fd);
	k->status_fd = move_high(a->status_fd);
	k->out_fd = move_high(a->out_fd);
	k->ev_fd = move_high(a->ev_fd);
	k->gate_fd = move_high(a->gate_fd);
	int devnull = open("/dev/null", O_RDWR);
	if (devnull >= 0) {
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		if (devnull > 2)
			close(devnull);
	}
	k->sigfd = move_high(signalfd(-1, &set, SFD_NONBLOCK));
	int keep[] = { k->ctl_fd, k->status_fd, k->out_fd, k->ev_fd, k->gate_fd, k->sigfd };
	close_others(keep, 6);
}

_Noreturn void keeper_main(const struct keeper_args *a)
{
	struct keeper k;
	setup(&k, a);
	pid_t pid = start_demo(&k);
	close(k.out_fd);
	close(k.ev_fd);
	close(k.gate_fd);
	if (pid < 0) {
		report(&k, "execfail %d", (int)-pid);
		finish(&k);
	}
	k.demo = pid;
	report(&k, "started %d", (int)pid);
	uint64_t now = clock_now_ns();
	k.time_limit = now + (uint64_t)a->max_seconds * 1000000000u;
	k.next_fast = now;
	k.next_full = now;
	k.others_threads = descend_system_threads(a->proc_root);

	for (;;) {
		now = clock_now_ns();
		uint64_t next = k.next_fast < k.next_full ? k.next_fast : k.next_full;
		if (k.time_limit < next)
			next = k.time_limit;
		if (k.stop_stage == 1 || k.stop_stage == 2)
			next = k.stage_deadline < next ? k.stage_deadline : next;
		int timeout = next <= now ? 0 : (int)((next - now) / 1000000u) + 1;
		struct pollfd p[2] = {
			{ .fd = k.sigfd, .events = POLLIN },
			{ .fd = k.ctl_fd, .events = POLLIN },
		};
		int np = k.ctl_fd >= 0 ? 2 : 1;
		if (poll(p, (nfds_t)np, timeout) < 0 && errno != EINTR)
			kill_all(&k);
		if (p[0].revents) {
			struct signalfd_siginfo si;
			while (read(k.sigfd, &si, sizeof si) == (ssize_t)sizeof si)
				if (si.ssi_signo == SIGTERM)
					kill_all(&k);
		}
		if (np == 2 && p[1].revents) {
			char cmds[64];
			ssize_t n = read(k.ctl_fd, cmds, sizeof cmds);
			if (n <= 0 && !(n < 0 && errno == EINTR)) {
				/* The shell is gone (even by SIGKILL): nobody is
				 * watching, so no grace. */
				close(k.ctl_fd);
				k.ctl_fd = -1;
				kill_all(&k);
			}
			for (ssize_t i = 0; i < n; i++)
				on_command(&k, cmds[i]);
		}
		if (reap_all(&k))
			finish(&k);
		now = clock_now_ns();
		if ((k.stop_stage == 1 || k.stop_stage == 2) && now >= k.stage_deadline)
			escalate(&k);
		if (!k.stop_stage && now >= k.time_limit) {
			report(&k, "timeout %d", a->max_seconds);
			begin_stop(&k);
		}
		if (now >= k.next_full) {
			check_caps(&k, true);
			k.next_full = now + FULL_CHECK_MS * 1000000u;
			k.next_fast = now + FAST_CHECK_MS * 1000000u;
		} else if (now >= k.next_fast) {
			check_caps(&k, false);
			k.next_fast = now + FAST_CHECK_MS * 1000000u;
		}
		if (k.stop_stage == 3 && reap_all(&k))
			finish(&k);
	}
}
