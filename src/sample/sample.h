/*
 * sample: what the OS says about a running demo, read from /proc.
 *
 * One scan finds every process below the run's keeper (the keeper itself
 * included, as the root) and every thread of each, with its state, CPU time
 * and context switches. CPU% needs two scans: sample_rates compares them.
 * sample_scan scans from nothing; a sampler (below) remembers what it read,
 * so that a live view can scan ten times a second; sampler_cpus reads each
 * core's use.
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
	int exit_status;        /* a zombie's wait status (stat field 52), else -1 */
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
 * cannot be read. Stateless, for tests and one-offs: it lists root (one
 * stat per process on the machine) and reads every file once; a live view
 * keeps a sampler (below) instead.
 */
int sample_scan(const char *root, pid_t keeper, pid_t demo, uint64_t t_ns,
		struct sample_snap *out, struct strbuf *err);

/*
 * A sampler: the same scan, cheap enough to repeat ten times a second on a
 * run of thousands of threads. It lives across scans and remembers:
 *   - the run's processes and threads, and what each thread looked like;
 *   - an open descriptor for each file it reads often, read with pread
 *     (no path walk, no open and close), as many as its budget allows:
 *     first every thread's schedstat and every process's main-thread stat,
 *     then the others; beyond the budget files are opened for each read.
 * Each scan reads every thread's schedstat (CPU time, wait time, times
 * scheduled). A thread whose schedstat has not changed has not run, so
 * its state, CPU and context switches cannot have changed either: its stat
 * is re-read only when it ran (and, every SAMPLER_REFRESH_SCANS scans, when
 * another thread of its process ran since, which may have renamed it), its
 * status (context switches) only when it ran and at most every
 * SAMPLER_STATUS_EVERY scans. A thread woken but not yet run still shows
 * its old state until it runs.
 *
 * New processes are found by walking from the keeper through the
 * task/TID/children files when the kernel has them (reading those of the
 * keeper, of new or changed processes, of threads that ran, and of every
 * thread when a process of the run vanished, since its orphans move);
 * without them, by listing root (descend_scan) every scan.
 *
 * sampler_new raises the process's soft RLIMIT_NOFILE to the hard limit
 * (processes started later inherit the higher limit; every descriptor here
 * is close-on-exec) and keeps at most 7/8 of it, leaving the rest to the
 * shell. Each kept /proc file holds about 4 KiB of kernel memory (45 MB
 * for 10,000 threads); the first scan of a big run opens them all (about
 * 0.45 s for 10,000 threads here), later ones only what is new. A thread's descriptors
 * are closed when it vanishes; sampler_free closes them all.
 */
struct sampler;

/* Scans re-read a thread's context switches at most this often, and the
 * stat of one that did not run (in a process where another did) this often. */
#define SAMPLER_STATUS_EVERY 10
#define SAMPLER_REFRESH_SCANS 50

/* A sampler reading from root ("/proc"); never NULL (a root that cannot be
 * opened is reported by each scan). Free it with sampler_free. */
struct sampler *sampler_new(const char *root);
/* Close every descriptor and free s (NULL is fine). */
void sampler_free(struct sampler *s);
/*
 * As sample_scan, through s's memory of the earlier scans. A different
 * keeper than the last scan's starts afresh. out is released first, then
 * filled (the caller owns it, as with sample_scan).
 */
int sampler_scan(struct sampler *s, pid_t keeper, pid_t demo, uint64_t t_ns,
		 struct sample_snap *out, struct strbuf *err);
/*
 * Each core's use since the previous call, from the cpuN lines of
 * root/stat: the busy share (all but idle and iowait) of its time, 0..100,
 * in pct[N] for core N < max; NAN on the first call, for a core that was
 * not in the previous read (offline), or when no time passed. Returns the
 * number of cores (the highest N + 1, which may exceed max), or -1 if the
 * file cannot be read or has no cpuN line.
 */
int sampler_cpus(struct sampler *s, double *pct, int max);

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
