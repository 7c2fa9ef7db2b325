/* run: the shell's side of a demo run (see run.h). */
#define _GNU_SOURCE /* pipe2 */
#include "run.h"
#include "cleanup.h"
#include "keeper.h"
#include "../probe/event.h"
#include "../util/clock.h"
#include "../util/fileio.h"
#include "../util/signame.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A line longer than this is passed on in pieces. */
#define LINE_MAX_BYTES 4096

enum { FD_OUT, FD_EV, FD_ST, NFDS };

struct linebuf {
	char buf[LINE_MAX_BYTES + 1];
	size_t len;
};

struct run {
	char *id;
	char *name;
	char *tmpdir;
	struct run_sink sink;
	pid_t keeper;
	pid_t demo;
	int fds[NFDS];          /* read ends; -1 once at end of file */
	int ctl_fd;             /* write end of the keeper's commands */
	int gate_fd;            /* write end of the demo's step gates */
	struct linebuf lines[NFDS];
	uint64_t start_ns;
	bool keeper_reaped;
	int keeper_status;
	bool done_seen;         /* the keeper said "done" */
	bool stop_requested;
	bool paused;
	bool ended;
	bool bad_event_told;
	int max_procs, max_threads;
	struct run_result result;
};

static unsigned run_counter;


/* "process 4121 (fork-twice) was killed by SIGSEGV (segmentation fault)" */
static void describe_signal(struct strbuf *sb, int sig, int core)
{
	const char *text = strsignal(sig);
	strbuf_addf(sb, "was killed by %s", signal_name(sig));
	if (text && *text) {
		strbuf_addstr(sb, " (");
		for (const char *c = text; *c; c++)
			strbuf_addch(sb, c == text ? (char)(*c | 0x20) : *c);
		strbuf_addch(sb, ')');
	}
	if (core)
		strbuf_addstr(sb, ", core dumped");
}

static void notice(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void notice(struct run *r, const char *fmt, ...)
{
	struct strbuf sb;
	strbuf_init(&sb);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (r->sink.notice)
		r->sink.notice(r->sink.ctx, sb.buf);
	strbuf_release(&sb);
}

static void set_result(struct run *r, enum run_end how, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_result(struct run *r, enum run_end how, const char *fmt, ...)
{
	/* The first cause wins: a cap hit stays the reason even though the
	 * demo then dies by the keeper's SIGKILL. */
	if (r->result.reason[0])
		return;
	r->result.how = how;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->result.reason, sizeof r->result.reason, fmt, ap);
	va_end(ap);
}

static void on_status(struct run *r, char *line)
{
	int pid, a, b;
	char comm[64] = "?";
	int n = 0;
	if (sscanf(line, "started %d", &pid) == 1) {
		r->demo = pid;
	} else if (sscanf(line, "exit %d code %d %n", &pid, &a, &n) == 2) {
		snprintf(comm, sizeof comm, "%s", line + n);
		if (r->sink.reaped) {
			char how[64];
			snprintf(how, sizeof how, "exited with status %d", a);
			r->sink.reaped(r->sink.ctx, pid, how);
		}
		if (pid == r->demo) {
			r->result.demo_code = a;
		} else if (!r->stop_requested) {
			notice(r, "orphan %d (%s) exited with status %d; the keeper reaped it", pid, comm, a);
		}
	} else if (sscanf(line, "exit %d signal %d core %d %n", &pid, &a, &b, &n) == 3) {
		snprintf(comm, sizeof comm, "%s", line + n);
		if (r->sink.reaped) {
			char how[64];
			snprintf(how, sizeof how, "killed by %s", signal_name(a));
			r->sink.reaped(r->sink.ctx, pid, how);
		}
		if (pid == r->demo)
			r->result.demo_signal = a;
		/* Signals the keeper sent while stopping are expected; others
		 * (a crash, a kill from elsewhere) are news. */
		if (!r->stop_requested && r->result.how != RUN_CAPPED && r->result.how != RUN_TIMEOUT) {
			struct strbuf sb;
			strbuf_init(&sb);
			strbuf_addf(&sb, "%s %d (%s) ", pid == r->demo ? "process" : "orphan", pid, comm);
			describe_signal(&sb, a, b);
			notice(r, "%s", sb.buf);
			strbuf_release(&sb);
		}
	} else if (sscanf(line, "cap procs %d %d", &a, &b) == 2) {
		set_result(r, RUN_CAPPED, "stopped: %s went over its cap of %d processes (it had %d): a runaway fork loop?",
			   r->name, b, a);
		r->stop_requested = true;
	} else if (sscanf(line, "cap threads %d %d", &a, &b) == 2) {
		set_result(r, RUN_CAPPED, "stopped: %s went over its cap of %d threads (it had %d)", r->name, b, a);
		r->stop_requested = true;
	} else if (sscanf(line, "timeout %d", &a) == 1) {
		set_result(r, RUN_TIMEOUT, "stopped: %s ran longer than its limit of %d s", r->name, a);
		r->stop_requested = true;
	} else if (sscanf(line, "execfail %d", &a) == 1) {
		set_result(r, RUN_EXECFAIL, "cannot start %s: %s", r->name, strerror(a));
	} else if (!strncmp(line, "escalate ", 9)) {
		notice(r, "%s did not stop yet; sending %s", r->name, line + 9);
	} else if (!strncmp(line, "leftover ", 9)) {
		notice(r, "cleanup: %s", line + 9);
	} else if (!strcmp(line, "done")) {
		r->done_seen = true;
	} else {
		notice(r, "the keeper said something unexpected: '%s'", line);
	}
}

static void on_event_line(struct run *r, const char *line)
{
	struct event ev;
	char err[256];
	if (event_parse(line, &ev, err, sizeof err) < 0) {
		/* Say it once: a demo with a broken probe would flood the screen. */
		if (!r->bad_event_told)
			notice(r, "ignoring a malformed event line from %s: %s", r->name, err);
		r->bad_event_told = true;
		return;
	}
	if (r->sink.event)
		r->sink.event(r->sink.ctx, &ev);
}

static void deliver(struct run *r, int which, char *line)
{
	switch (which) {
	case FD_OUT:
		if (r->sink.output)
			r->sink.output(r->sink.ctx, line);
		break;
	case FD_EV:
		on_event_line(r, line);
		break;
	case FD_ST:
		on_status(r, line);
		break;
	}
}

static void finish_result(struct run *r)
{
	struct run_result *res = &r->result;
	res->seconds = (double)(clock_now_ns() - r->start_ns) / 1e9;
	bool keeper_ok = WIFEXITED(r->keeper_status) && WEXITSTATUS(r->keeper_status) == 0;
	if (!keeper_ok || !r->done_seen) {
		/* The keeper did not finish its job: do its cleanup from here.
		 * Its demo's group may still live (reparented elsewhere). */
		if (r->demo > 0)
			kill(-r->demo, SIGKILL);
		struct strbuf err;
		strbuf_init(&err);
		run_cleanup(r->id, r->tmpdir, &err);
		if (err.len)
			notice(r, "cleanup: %s", err.buf);
		strbuf_release(&err);
		if (WIFSIGNALED(r->keeper_status))
			set_result(r, RUN_LOST, "the keeper of %s was killed by %s; the shell cleaned up instead",
				   r->name, signal_name(WTERMSIG(r->keeper_status)));
		else
			set_result(r, RUN_LOST, "the keeper of %s ended unexpectedly; the shell cleaned up instead",
				   r->name);
		return;
	}
	if (r->stop_requested) {
		set_result(r, RUN_STOPPED, "stopped %s after %.1f s", r->name, res->seconds);
	} else if (res->demo_signal) {
		struct strbuf sb;
		strbuf_init(&sb);
		describe_signal(&sb, res->demo_signal, 0);
		set_result(r, RUN_EXITED, "%s ended after %.2f s: its process %d %s", r->name,
			   res->seconds, (int)r->demo, sb.buf);
		strbuf_release(&sb);
	} else {
		set_result(r, RUN_EXITED, "%s finished after %.2f s: exit status %d", r->name,
			   res->seconds, res->demo_code);
	}
}

static void check_end(struct run *r)
{
	if (r->ended || !r->keeper_reaped)
		return;
	for (int i = 0; i < NFDS; i++)
		if (r->fds[i] >= 0)
			return;
	r->ended = true;
	finish_result(r);
	if (r->sink.ended)
		r->sink.ended(r->sink.ctx, &r->result);
}

void run_read(struct run *r, int fd)
{
	int which = -1;
	for (int i = 0; i < NFDS; i++)
		if (r->fds[i] == fd && fd >= 0)
			which = i;
	if (which < 0)
		return;
	struct linebuf *lb = &r->lines[which];
	/* Read a bounded amount per call, so one chatty demo cannot starve
	 * the keyboard: the loop calls again while data is waiting. */
	for (int round = 0; round < 16; round++) {
		ssize_t n = read(fd, lb->buf + lb->len, LINE_MAX_BYTES - lb->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0) {
			if (lb->len) { /* a last line without its newline */
				lb->buf[lb->len] = '\0';
				lb->len = 0;
				deliver(r, which, lb->buf);
			}
			close(fd);
			r->fds[which] = -1;
			check_end(r);
			return;
		}
		lb->len += (size_t)n;
		size_t start = 0;
		for (size_t i = 0; i < lb->len; i++) {
			if (lb->buf[i] != '\n')
				continue;
			lb->buf[i] = '\0';
			deliver(r, which, lb->buf + start);
			start = i + 1;
		}
		if (start == 0 && lb->len == LINE_MAX_BYTES) { /* overlong: pass it on in pieces */
			lb->buf[lb->len] = '\0';
			deliver(r, which, lb->buf);
			lb->len = 0;
		} else {
			memmove(lb->buf, lb->buf + start, lb->len - start);
			lb->len -= start;
		}
	}
}

void run_reap(struct run *r)
{
	if (r->keeper_reaped)
		return;
	int st;
	pid_t p = waitpid(r->keeper, &st, WNOHANG);
	if (p == r->keeper || (p < 0 && errno == ECHILD)) {
		r->keeper_reaped = true;
		r->keeper_status = p == r->keeper ? st : 0;
		check_end(r);
	}
}

static void send_ctl(struct run *r, char c)
{
	if (r->ctl_fd >= 0 && write(r->ctl_fd, &c, 1) < 0 && errno == EPIPE) {
		close(r->ctl_fd);
		r->ctl_fd = -1;
	}
}

void run_stop(struct run *r)
{
	if (r->ended || r->stop_requested)
		return;
	r->stop_requested = true;
	r->paused = false;
	send_ctl(r, 'S');
}

void run_kill(struct run *r)
{
	if (r->ended)
		return;
	r->stop_requested = true;
	r->paused = false;
	send_ctl(r, 'K');
}

void run_pause(struct run *r, bool paused)
{
	if (r->ended || r->stop_requested || r->paused == paused)
		return;
	r->paused = paused;
	send_ctl(r, paused ? 'P' : 'C');
}

int run_fds(const struct run *r, int fds[3])
{
	int n = 0;
	for (int i = 0; i < NFDS; i++)
		if (r->fds[i] >= 0)
			fds[n++] = r->fds[i];
	return n;
}

bool run_ended(const struct run *r) { return r->ended; }
bool run_paused(const struct run *r) { return r->paused; }
const char *run_id(const struct run *r) { return r->id; }
const char *run_name(const struct run *r) { return r->name; }
pid_t run_keeper_pid(const struct run *r) { return r->keeper; }
pid_t run_demo_pid(const struct run *r) { return r->demo; }
uint64_t run_start_ns(const struct run *r) { return r->start_ns; }

int run_gate(struct run *r, pid_t tid)
{
	if (r->ended || r->gate_fd < 0)
		return -1;
	char line[32];
	int n = snprintf(line, sizeof line, "go %d\n", (int)tid);
	return write(r->gate_fd, line, (size_t)n) == n ? 0 : -1;
}

void run_free(struct run *r)
{
	if (!r)
		return;
	if (!r->ended) {
		/* Freed while alive (the shell is going down): the keeper
		 * kills the run when its control pipe closes below. */
		send_ctl(r, 'K');
	}
	for (int i = 0; i < NFDS; i++)
		if (r->fds[i] >= 0)
			close(r->fds[i]);
	if (r->ctl_fd >= 0)
		close(r->ctl_fd);
	if (r->gate_fd >= 0)
		close(r->gate_fd);
	if (!r->keeper_reaped)
		waitpid(r->keeper, NULL, WNOHANG);
	free(r->id);
	free(r->name);
	free(r->tmpdir);
	free(r);
}

static int check_spec(const struct run_spec *s, struct strbuf *err)
{
	if (access(s->exe, X_OK) < 0) {
		strbuf_addf(err, "cannot run %s: '%s' %s", s->name, s->exe,
			    errno == ENOENT ? "is not built (run make)" : strerror(errno));
		return -1;
	}
	if (s->max_procs < 1 || s->max_procs > 4096 || s->max_threads < 1 || s->max_threads > 100000 ||
	    s->max_seconds < 1 || s->max_seconds > 86400) {
		strbuf_addf(err, "cannot run %s: its limits are out of range (procs %d, threads %d, seconds %d)",
			    s->name, s->max_procs, s->max_threads, s->max_seconds);
		return -1;
	}
	return 0;
}

struct run *run_start(const struct run_spec *spec, const struct run_sink *sink, struct strbuf *err)
{
	if (check_spec(spec, err) < 0)
		return NULL;
	struct run *r = xcalloc(1, sizeof *r);
	/* out, ev, st, ctl, gate */
	int pipes[5][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 }, { -1, -1 }, { -1, -1 } };
	r->id = xasprintf("%d-%u", (int)getpid(), ++run_counter);
	r->name = xstrdup(spec->name);
	r->sink = *sink;
	r->ctl_fd = r->gate_fd = -1;
	r->result.demo_code = -1;
	for (int i = 0; i < NFDS; i++)
		r->fds[i] = -1;
	const char *root = spec->tmp_root ? spec->tmp_root : getenv("TMPDIR");
	if (!root || !*root)
		root = "/tmp";
	char *tmpl = xasprintf("%s/" RUN_IPC_PREFIX "%s-XXXXXX", root, r->id);
	if (!mkdtemp(tmpl)) {
		strbuf_addf(err, "cannot make a temp dir in '%s': %s", root, strerror(errno));
		free(tmpl);
		goto fail;
	}
	r->tmpdir = tmpl;
	for (int i = 0; i < 5; i++) {
		if (pipe2(pipes[i], O_CLOEXEC) < 0) {
			strbuf_addf(err, "cannot make a pipe for %s: %s", spec->name, strerror(errno));
			goto fail;
		}
	}
	/* The argv the keeper execs: the demo's name, then KEY=VALUEs. */
	size_t nargs = 0;
	while (spec->args && spec->args[nargs])
		nargs++;
	char **argv = xcalloc(nargs + 2, sizeof *argv);
	const char *slash = strrchr(spec->exe, '/');
	argv[0] = (char *)(slash ? slash + 1 : spec->exe);
	for (size_t i = 0; i < nargs; i++)
		argv[i + 1] = spec->args[i];
	/* The demo starts in its temp dir, so a relative path would miss. */
	char *exe = realpath(spec->exe, NULL);
	if (!exe) {
		strbuf_addf(err, "cannot run %s: '%s': %s", spec->name, spec->exe, strerror(errno));
		free(argv);
		goto fail;
	}
	struct keeper_args ka = {
		.exe = exe, .argv = argv, .run_id = r->id, .tmpdir = r->tmpdir,
		.proc_root = spec->proc_root ? spec->proc_root : "/proc",
		.max_procs = spec->max_procs, .max_threads = spec->max_threads,
		.max_seconds = spec->max_seconds,
		.ctl_fd = pipes[3][0], .status_fd = pipes[2][1],
		.out_fd = pipes[0][1], .ev_fd = pipes[1][1], .gate_fd = pipes[4][0],
	};
	r->start_ns = clock_now_ns();
	r->keeper = fork();
	if (r->keeper < 0) {
		strbuf_addf(err, "cannot start the keeper for %s: %s", spec->name, strerror(errno));
		free(argv);
		free(exe);
		goto fail;
	}
	if (r->keeper == 0)
		keeper_main(&ka);
	free(argv);
	free(exe);
	/* The write ends now belong to the keeper and the demo: the shell
	 * sees end of file when the last of them is gone. */
	close(pipes[0][1]);
	close(pipes[1][1]);
	close(pipes[2][1]);
	close(pipes[3][0]);
	close(pipes[4][0]);
	for (int i = 0; i < NFDS; i++) {
		r->fds[i] = pipes[i][0];
		fcntl(r->fds[i], F_SETFL, O_NONBLOCK);
	}
	r->ctl_fd = pipes[3][1];
	/* A "go" line is a few bytes; a demo not reading them must never
	 * block the shell. */
	r->gate_fd = pipes[4][1];
	fcntl(r->gate_fd, F_SETFL, O_NONBLOCK);
	return r;
fail:
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 2; j++)
			if (pipes[i][j] >= 0)
				close(pipes[i][j]);
	if (r->tmpdir)
		rmdir(r->tmpdir);
	free(r->id);
	free(r->name);
	free(r->tmpdir);
	free(r);
	return NULL;
}
