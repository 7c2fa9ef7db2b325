/*
 * model: what a run has said and shown so far, in the form the views draw.
 *
 * The session feeds it every probe event and every sample; the views (tree,
 * meters, graph, timeline, queue) only read it. It keeps:
 *   - series: one per metric name, the values over time;
 *   - tasks and the lanes (workers) that ran them, for the timeline;
 *   - queues: the latest depth and its history;
 *   - the process tree's recent history: which processes are new (for a
 *     moment) and which have just gone, with how they ended if known;
 *   - the latest sample and the CPU use of every core.
 * Times are seconds since the run began (events carry CLOCK_MONOTONIC
 * microseconds; samples nanoseconds). Nothing here knows of terminals.
 */
#ifndef LOCKSTEP_MODEL_H
#define LOCKSTEP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../sample/sample.h"

struct event;

/* How long a new process stays highlighted, and a gone one stays shown. */
#define MODEL_NEW_SECONDS 1.5
#define MODEL_GONE_SECONDS 3.0
/* A series keeps at most this many points; past it, every other old point
 * is dropped, so a long run keeps its whole shape at half the detail. */
#define SERIES_MAX_POINTS 4096

struct series {
	char name[64];
	char unit[64];      /* "" when none */
	double *t, *v;      /* n points, t ascending */
	size_t n, cap;
	double min, max;    /* over all values seen, even dropped ones */
	double sum;         /* of all values seen, for the mean */
	size_t count;       /* values seen */
};

struct task {
	long id;
	char label[64];
	int lane;           /* index into lanes, -1 while waiting */
	double queued;      /* NAN if never reported as queued */
	double begin, end;  /* NAN until they happen */
};

/* A worker: one thread that began a task. */
struct lane {
	pid_t pid, tid;
};

struct queue {
	char name[64];
	long depth, capacity; /* the latest report; capacity 0: unbounded */
	long max_depth;
	struct series history;  /* depth over time */
};

/* A process seen by the sampler: when it appeared and, once it is gone,
 * when and how it ended. */
struct proc_mark {
	pid_t pid, ppid;
	uint64_t start_ticks;
	char comm[64];
	double seen;        /* when it first appeared */
	double gone;        /* when it disappeared, or NAN */
	char how[96];       /* "exited with status 3", "killed by SIGSEGV", or "" */
};

struct cpu_use {
	int n;              /* cores */
	double *pct;        /* each core's use over the last interval, 0..100, NAN unknown */
	double total;       /* the sum, 0..n*100 */
};

struct run_model {
	uint64_t start_us;  /* the run's start, CLOCK_MONOTONIC */
	double now;         /* the latest time the model heard of */

	struct series *series;
	size_t nseries, capseries;

	struct task *tasks;
	size_t ntasks, captasks;
	struct lane *lanes;
	size_t nlanes, caplanes;

	struct queue *queues;
	size_t nqueues, capqueues;

	struct proc_mark *marks;   /* every process ever seen in the run */
	size_t nmarks, capmarks;

	/* What the sampler measured of the demo (the keeper left out) over
	 * the run: its CPU use (the sum over its threads, in %), its
	 * processes and its threads. The graph shows them for a demo that
	 * reports no metrics of its own. */
	struct series usage_cpu, usage_procs, usage_threads;

	struct sample_snap snap;   /* the latest sample, owned */
	bool have_snap;
	struct cpu_use cpus;

	size_t bad_events;         /* events the model could not place */
};

void model_init(struct run_model *m, uint64_t start_us);
void model_release(struct run_model *m);

/* Seconds since the run began for a CLOCK_MONOTONIC time in microseconds. */
double model_time(const struct run_model *m, uint64_t us);

/* Take in an event (metric, task, queue; phases and logs are ignored). */
void model_event(struct run_model *m, const struct event *ev);
/* Take in a sample: the model takes over snap's contents (snap is left
 * empty). Processes missing since the last sample are marked gone. */
void model_sample(struct run_model *m, struct sample_snap *snap);
/* The same with a copy of snap, which stays the caller's. */
void model_sample_copy(struct run_model *m, const struct sample_snap *snap);
/* The core use measured with the sample (pct has n entries; copied). */
void model_cpus(struct run_model *m, int n, const double *pct);
/* The runner reaped pid: remember how it ended ("exited with status 0"). */
void model_ended(struct run_model *m, pid_t pid, const char *how);

/* What the graph shows: the demo's own series (at most max), or, when it
 * reports none, the sampler's usage series. Returns how many were put in
 * out; they stay the model's. */
size_t model_graph_series(const struct run_model *m, const struct series **out, size_t max);

/* Lookups; NULL when absent. */
const struct series *model_series(const struct run_model *m, const char *name);
const struct queue *model_queue(const struct run_model *m, const char *name);
const struct proc_mark *model_mark(const struct run_model *m, pid_t pid);
/* Is pid new (seen less than MODEL_NEW_SECONDS ago, and not at the start)? */
bool model_is_new(const struct run_model *m, pid_t pid);

/* Add a point to a series (used by model_event, and by tests). */
void series_add(struct series *s, double t, double v);
void series_release(struct series *s);

#endif
