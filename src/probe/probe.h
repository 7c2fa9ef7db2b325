/*
 * probe: the small library every lockstep demo links against.
 *
 * A demo declares its parameters in one table and calls probe_init first
 * thing in main. probe_init answers --describe (for the build's manifest)
 * and --help (for a person), parses KEY=VALUE arguments against the table,
 * and on a bad or out-of-range value prints one line to stderr and exits 2,
 * before the demo has done anything.
 *
 *     static const struct probe_param params[] = {
 *         PROBE_INT("children", 3, 1, 16, "how many children to fork"),
 *         PROBE_CHOICE("lock", "none", "none|mutex", "what guards the sum"),
 *         PROBE_END
 *     };
 *     static const struct probe_demo demo = {
 *         .summary = "forks N children and reaps them", .view = "tree",
 *         .max_procs = 20, .params = params,
 *     };
 *     int main(int argc, char **argv) {
 *         probe_init(&demo, argc, argv);
 *         long n = probe_int("children");
 *
 * probe_init also makes stdout line-buffered. Inside lockstep a demo's stdout
 * is a pipe, which C would otherwise buffer in 4 KiB blocks: output would
 * arrive late, and a fork() with a half-full buffer would print it twice.
 *
 * EVENTS. Inside lockstep the runner passes the write end of a pipe in
 * LOCKSTEP_EVENT_FD, and the probe_* event calls write one text line each to
 * it. Outside lockstep they return at once and cost a branch, so the demo's
 * own printf output is all a plain run shows. LOCKSTEP_EVENTS=stderr sends
 * the lines to stderr instead, to see them without the shell.
 *
 * The line format (version 1). Fields are separated by one space; every line
 * is shorter than PIPE_BUF (4096 bytes), so one write() puts it in the pipe
 * whole and lines from many processes and threads never interleave:
 *
 *     KIND PID TID TIME_US ARGS...\n
 *
 *     phase  PID TID TIME_US NAME
 *     metric PID TID TIME_US NAME VALUE UNIT
 *     task   PID TID TIME_US queued ID LABEL
 *     task   PID TID TIME_US begin ID LABEL
 *     task   PID TID TIME_US end ID
 *     queue  PID TID TIME_US NAME DEPTH CAPACITY
 *     log    PID TID TIME_US TEXT
 *     gate   PID TID TIME_US NAME       (the thread now waits at gate NAME)
 *
 * TIME_US is CLOCK_MONOTONIC in microseconds, one clock for every process
 * of the run. NAME and UNIT are words of [A-Za-z0-9_.:/%-] up to 63 bytes
 * (other bytes are written as '_'; UNIT is "-" when there is none). VALUE is
 * a number as printf's %.17g writes it. ID, DEPTH and CAPACITY are whole
 * numbers (CAPACITY 0: unbounded). LABEL and TEXT
 * are the rest of the line, with control characters written as spaces;
 * LABEL may be empty. Anything longer is cut to fit the line.
 */
#ifndef LOCKSTEP_PROBE_H
#define LOCKSTEP_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum probe_kind {
	PROBE_KIND_END = 0,
	PROBE_KIND_INT,     /* a whole number in [min, max] */
	PROBE_KIND_CHOICE,  /* one word of choices, "a|b|c" */
};

struct probe_param {
	const char *name;
	enum probe_kind kind;
	long def, min, max;     /* INT: the default and the range */
	const char *def_choice; /* CHOICE: the default word */
	const char *choices;    /* CHOICE: the words, separated by '|' */
	const char *help;       /* one line for the params table */
};

#define PROBE_INT(name_, def_, min_, max_, help_) \
	{ .name = (name_), .kind = PROBE_KIND_INT, .def = (def_), \
	  .min = (min_), .max = (max_), .help = (help_) }
#define PROBE_CHOICE(name_, def_, choices_, help_) \
	{ .name = (name_), .kind = PROBE_KIND_CHOICE, .def_choice = (def_), \
	  .choices = (choices_), .help = (help_) }
#define PROBE_END { .name = 0 }

/* What a demo says about itself; the build copies it into the manifest. */
struct probe_demo {
	const char *summary;      /* one line for `list` */
	const char *view;         /* the view that suits it first: "tree", ... */
	int max_procs;            /* the process cap while it runs (0: 64) */
	int max_threads;          /* the thread cap, all processes (0: 256) */
	int max_seconds;          /* stopped after this long (0: 600) */
	const struct probe_param *params; /* ends with PROBE_END; may be NULL */
};

/* Handle --describe, --help and KEY=VALUE arguments; open the event channel.
 * Exits 0 after --describe or --help, and 2 on a bad argument. */
void probe_init(const struct probe_demo *demo, int argc, char **argv);

/* The value of an INT parameter, or the index of a CHOICE's word. Asking for
 * a name the table lacks is a bug in the demo: it prints why and aborts. */
long probe_int(const char *name);
/* The word chosen for a CHOICE parameter. */
const char *probe_str(const char *name);

/* True when event lines go somewhere (inside lockstep, or
 * LOCKSTEP_EVENTS=stderr). */
bool probe_active(void);

/*
 * The name to give a POSIX IPC object: "/lockstep-RUNID-WHAT" (in buf,
 * which it returns). kind is "shm", "sem" or "mq", as the object is made
 * with shm_open, sem_open or mq_open. Inside lockstep the name is also
 * written down in the run's temp dir, so the runner removes the object
 * after the run even if the demo crashed before its own unlink (a demo
 * still unlinks what it makes, as every program should). Outside lockstep
 * RUNID is the process id.
 */
const char *probe_ipc_name(const char *kind, const char *what, char *buf, size_t size);

void probe_phase(const char *name);
void probe_metric(const char *name, double value, const char *unit);
/* A task was put in a queue and waits for a worker (the timeline shows
 * the wait); begin and end are called by the worker that runs it. Task ids
 * are the demo's own and must be unique within the run. */
void probe_task_queued(long id, const char *label);
void probe_task_begin(long id, const char *label);
void probe_task_end(long id);
/* How full the queue NAME is now: depth items of capacity (0: no limit). */
void probe_queue(const char *name, long depth, long capacity);
void probe_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Step gates: points in a demo's code where, in step mode, each thread
 * stops until the learner lets it past (`go N` in the shell), so a race
 * can be played out by hand with real threads. probe_gates() turns them on
 * and returns true when the shell's gate channel is there (inside
 * lockstep); without it they stay off and it returns false. While off,
 * probe_gate() returns at once: one load and one branch, nothing a
 * measurement can see. While on, it sends a "gate" event and blocks the
 * calling thread until the shell sends "go TID" for it; if the shell
 * goes away, every gate opens. Gates are for the threads of one process:
 * a forked child would read the same channel and take others' turns.
 */
bool probe_gates(void);
void probe_gate(const char *name);

/*
 * Machine code, for lessons that show what the compiler made of a line.
 * The build writes NAME.asm next to every demo whose source calls
 * probe_asm (objdump -d -S: instructions with the source lines between).
 * probe_asm prints one function of it to stdout, from its definition line
 * to its end; false, with one line on stderr, if the listing or the
 * function is missing. probe_asm_file reads a given listing (for tests).
 */
bool probe_asm(const char *function);
bool probe_asm_file(const char *path, const char *function, FILE *out);

#endif
