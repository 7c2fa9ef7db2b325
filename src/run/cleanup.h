/*
 * cleanup: remove what a run may leave on the machine: its private temp
 * directory and every POSIX IPC object named for it. Shared by the keeper
 * (the normal path) and the shell (if the keeper itself was killed).
 */
#ifndef LOCKSTEP_CLEANUP_H
#define LOCKSTEP_CLEANUP_H

struct strbuf;

/* The prefix every named IPC object of a run carries: "lockstep-RUNID". */
#define RUN_IPC_PREFIX "lockstep-"

/*
 * Remove tmpdir (recursively; NULL skips it) and the entries of /dev/shm
 * (shared memory "lockstep-RUNID..." and semaphores "sem.lockstep-RUNID...")
 * and /dev/mqueue ("lockstep-RUNID...") that belong to run_id. Returns the
 * number of things it could not remove, each described on a line of err.
 */
int run_cleanup(const char *run_id, const char *tmpdir, struct strbuf *err);
/* Does a /dev/shm or /dev/mqueue entry name belong to run_id? */
int run_owns_ipc_name(const char *run_id, const char *name);

#endif
