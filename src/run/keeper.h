/*
 * keeper: the process between the shell and a demo (internal to run/).
 *
 * Forked by run_start, it becomes a child subreaper in a process group of
 * its own (so terminal signals meant for the shell never reach it), runs at
 * real-time priority where it may (so a runaway demo cannot starve it),
 * starts the demo in a new process group as an ordinary process, and then:
 *   - reaps the demo and every orphan that reparents to it,
 *   - enforces the process, thread and time caps by scanning /proc,
 *   - obeys one-byte commands on its control pipe: 'S' stop gracefully
 *     (SIGINT, SIGTERM, SIGKILL), 'K' kill now, 'P' pause, 'C' continue;
 *     end of file means the shell is gone: kill everything now,
 *   - when no process of the run is left, removes the temp dir and the
 *     run's IPC objects, says "done" and exits.
 * It reports to the shell in text lines on its status pipe:
 *     started PID | execfail ERRNO | exit PID code N COMM |
 *     exit PID signal N core C COMM | cap procs COUNT LIMIT |
 *     cap threads COUNT LIMIT | timeout SECONDS | escalate SIGNAME |
 *     leftover TEXT | done
 */
#ifndef LOCKSTEP_KEEPER_H
#define LOCKSTEP_KEEPER_H

struct keeper_args {
	const char *exe;
	char *const *argv;       /* argv[0] is the demo's name */
	const char *run_id;
	const char *tmpdir;
	const char *proc_root;
	int max_procs, max_threads, max_seconds;
	int ctl_fd;              /* read end: commands from the shell */
	int status_fd;           /* write end: status lines to the shell */
	int out_fd;              /* write end: the demo's stdout and stderr */
	int ev_fd;               /* write end: the demo's event channel */
	int gate_fd;             /* read end: the shell's "go TID" lines, the
				    demo's fd 5 (LOCKSTEP_GATE_FD) */
};

/* Never returns: the keeper ends with _exit. */
_Noreturn void keeper_main(const struct keeper_args *a);

/* The nice value of the demo when the keeper cannot run at real-time
 * priority (not root): enough that a fork loop cannot starve the keeper. */
#define DEMO_NICE 5

/* Grace between SIGINT and SIGTERM, and between SIGTERM and SIGKILL. */
#define KEEPER_GRACE_MS 400

#endif
