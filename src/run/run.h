/*
 * run: start a demo under its keeper, read what it says, stop it, reap it,
 * and clean up after it. Every promise of DESIGN.md's "runner's promises"
 * is kept here:
 *
 *  - Each run has a run id ("PID-N", unique on the machine while the shell
 *    lives), a private temp directory (the demo's cwd, TMPDIR and
 *    LOCKSTEP_TMPDIR), and a keeper: a process that is a child subreaper, so
 *    every orphan of the demo reparents to it, and that owns the demo's
 *    process group. The keeper reaps, enforces the caps (processes, threads,
 *    seconds) by itself (as root RLIMIT_NPROC does not bite), and when the
 *    run ends, for whatever reason, removes the temp directory and every
 *    POSIX IPC object whose name starts with "lockstep-RUNID".
 *  - If the shell dies, even by SIGKILL, the keeper sees its control pipe
 *    close, kills every process of the run and cleans up.
 *  - run_stop sends SIGINT, then SIGTERM, then SIGKILL, with a short grace
 *    period between, to the group and to every descendant that left it.
 *
 * The shell is single-threaded: it polls run_fds and calls run_read when
 * one is readable, and run_reap on SIGCHLD. The run reports through its
 * sink; it never prints. A run is over (ended called once) when its keeper
 * is reaped and every pipe has reached end of file.
 */
#ifndef LOCKSTEP_RUN_H
#define LOCKSTEP_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct strbuf;
struct event;

enum run_end {
	RUN_EXITED,    /* the demo and all its processes finished by themselves */
	RUN_STOPPED,   /* run_stop (stop, Ctrl-C) */
	RUN_CAPPED,    /* over its process or thread cap */
	RUN_TIMEOUT,   /* over its time limit */
	RUN_EXECFAIL,  /* the demo could not be started */
	RUN_LOST,      /* the keeper died or misbehaved */
};

struct run_result {
	enum run_end how;
	int demo_code;      /* the demo process's exit code, or -1 */
	int demo_signal;    /* the signal that killed it, or 0 */
	double seconds;     /* from start to end */
	char reason[256];   /* one line saying how it ended, for the user */
};

struct run_sink {
	void *ctx;
	/* A line the demo (or any of its processes) printed, without '\n'. */
	void (*output)(void *ctx, const char *line);
	/* An event line, parsed. */
	void (*event)(void *ctx, const struct event *ev);
	/* Something the runner says about the run ("process 4121
	 * (fork-wait) was killed by SIGSEGV"), one line. */
	void (*notice)(void *ctx, const char *line);
	/* The keeper reaped pid: how it ended, "exited with status 3" or
	 * "killed by SIGSEGV". May be NULL. */
	void (*reaped)(void *ctx, pid_t pid, const char *how);
	/* The run is over; called once. The run may be freed from here. */
	void (*ended)(void *ctx, const struct run_result *r);
};

struct run_spec {
	const char *name;          /* "fork/fork-twice", for messages */
	const char *exe;           /* the demo's binary */
	char *const *args;         /* KEY=VALUE arguments, NULL-terminated */
	int max_procs;             /* processes of the run, keeper excluded */
	int max_threads;           /* threads of the run, all processes */
	int max_seconds;           /* wall-clock limit */
	const char *tmp_root;      /* parent of the private temp dir; NULL: $TMPDIR or /tmp */
	const char *proc_root;     /* "/proc" (tests may point elsewhere); NULL: /proc */
};

struct run;

/*
 * Check the limits, make the temp dir and pipes, fork the keeper (which
 * forks the demo). Returns the run (free with run_free once ended), or NULL
 * with a one-line reason in err and nothing left behind.
 */
struct run *run_start(const struct run_spec *spec, const struct run_sink *sink,
		      struct strbuf *err);
/* The descriptors to poll for input; returns how many (up to 3) are open. */
int run_fds(const struct run *r, int fds[3]);
/* Read what is waiting on fd (one of run_fds) and report it. */
void run_read(struct run *r, int fd);
/* Reap the keeper if it exited (call on SIGCHLD). */
void run_reap(struct run *r);
/* Ask the keeper to stop the run (SIGINT, SIGTERM, SIGKILL). Idempotent. */
void run_stop(struct run *r);
/* Kill every process of the run at once (the shell is quitting). */
void run_kill(struct run *r);
/* Stop (SIGSTOP) or continue (SIGCONT) every process of the run. */
void run_pause(struct run *r, bool paused);

bool run_ended(const struct run *r);
bool run_paused(const struct run *r);
const char *run_id(const struct run *r);
const char *run_name(const struct run *r);
pid_t run_keeper_pid(const struct run *r);
/* The demo's first process, or 0 before the keeper has reported it. */
pid_t run_demo_pid(const struct run *r);
/* When the run started (CLOCK_MONOTONIC ns), for "running 3.2 s". */
uint64_t run_start_ns(const struct run *r);
/* Let thread tid of the demo past the step gate it waits at (probe_gate):
 * writes "go TID" to the demo's gate channel. 0, or -1 if the run is over
 * or the demo has not read what it was sent. */
int run_gate(struct run *r, pid_t tid);
void run_free(struct run *r);

#endif
