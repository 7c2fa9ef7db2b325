/*
 * sample: what the OS says about a running demo, read from /proc.
 *
 * One scan finds every process below the run's keeper (the keeper itself
 * included, as the root) and every thread of each, with its state, CPU time
 * and context switches. CPU% needs two scans: sample_rates compares them.
 *
 * The /proc root is a parameter so tests point it at a fixture tree. Fields
 * are numbered as proc(5) numbers them; the end of comm is found with the
 * last ')'. A process that vanishes during a scan is normal and simply left
 * out. Missing data is marked (-1 or NAN), never a fake 0.
 */
#ifndef LOCKSTEP_SAMPLE_H
#define LOCKSTEP_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct strbuf;

enum proc_state {
	STATE_UNKNOWN,
	STATE_RUNNING,  /* R */
	STATE_SLEEPING, /* S, I */
	STATE_DISK,     /* D: uninterruptible wait */
	STATE_STOPPED,  /* T, t */
	STATE_ZOMBIE,   /* Z: exited, not yet reaped by its parent */
	STATE_DEAD,     /* X */
};

struct sample_thread {
	pid_t tid;
	char comm[64];
	enum proc_state state;
	int64_t cpu_ns;      /* CPU time so far (schedstat), -1 if unknown */
	long vol_cs;         /* voluntary context switches, -1 if unknown */
	long invol_cs;       /* involuntary ones, -1 if unknown */
	int cpu;             /* the CPU it last ran on (stat field 39), -1 */
	double cpu_pct;      /* over the last interval; NAN until sample_rates */
};

struct sample_proc {
	pid_t pid, ppid, pgid;
	char comm[64];
	enum proc_state state;
	uint64_t start_ticks;   /* stat field 22: tells a reused pid apart */
	long nthreads;          /* stat field 20 */
	int64_t cpu_ns;         /* sum over its threads, -1 if unknown */
	long vol_cs, invol_cs;  /* sum over its threads, -1 if unknown */
	double cpu_pct;         /* sum over threads; NAN until sample_rates */
	bool orphan;            /* a child of the keeper other than the demo */
	struct sample_thread *threads; /* sorted by tid, owned */
	size_t nthreads_read;
};

struct sample_snap {
	uint64_t t_ns;              /* when the scan was taken (monotonic) */
	pid_t keeper, demo;         /* the root, and the process the keeper started */
	struct sample_proc *procs;  /* sorted by pid; keeper included; owned */
	size_t nprocs;
};

void sample_snap_init(struct sample_snap *s);
void sample_snap_release(struct sample_snap *s);

/*
 * Scan root (normally "/proc") for keeper and all its descendants. demo is
 * the keeper's own child (so other children of the keeper are orphans); 0
 * if not yet known. t_ns is stored as the scan's time. Returns 0 (an empty
 * snapshot if the keeper is gone), or -1 with a reason in err when root
 * cannot be read.
 */
int sample_scan(const char *root, pid_t keeper, pid_t demo, uint64_t t_ns,
		struct sample_snap *out, struct strbuf *err);
/* Fill cpu_pct of cur's processes and threads from prev (same pid and start
 * time, same tid); those new since prev keep NAN. */
void sample_rates(struct sample_snap *cur, const struct sample_snap *prev);
/* Find a process by pid, or NULL. */
const struct sample_proc *sample_find(const struct sample_snap *s, pid_t pid);
/* "running", "sleeping", "zombie", ... */
const char *sample_state_name(enum proc_state st);
/* Count processes and threads (all processes, keeper excluded). */
void sample_count(const struct sample_snap *s, size_t *procs, size_t *threads);

#endif
