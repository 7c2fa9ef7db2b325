/*
 * session: the state every command acts on, and the supervision of a run.
 *
 * A session holds the lessons and the demos' manifest, where the learner is
 * (lesson and step), the run in progress with its live samples, and the
 * output sink of the front end. Commands report only through session_print
 * and session_error; the front end decides where each line goes, and a
 * tap (playback) sees every line too.
 *
 * Running: session_start_run checks everything first (demo, parameters,
 * limits) and only then forks. While the run lives, the session samples its
 * process tree (10 Hz), prints the tree when its shape changes (plain
 * front ends), and prints the demo's output, events and notices as lines.
 * Commands of a step's run block wait in a queue and are performed one by
 * one, each after the run before it has ended.
 */
#ifndef LOCKSTEP_SESSION_H
#define LOCKSTEP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../lesson/lesson.h"
#include "../probe/manifest.h"
#include "../run/run.h"
#include "../sample/sample.h"
#include "../view/model.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"

struct loop;

enum out_kind {
	OUT_TEXT,    /* a command's output */
	OUT_ERROR,   /* a command's error: one line, what was expected */
	OUT_DEMO,    /* a line the demo printed */
	OUT_EVENT,   /* a probe event, as text */
	OUT_NOTICE,  /* the runner about the run: started, crashed, ended */
	OUT_TREE,    /* a line of a process-tree snapshot */
	OUT_SAY,     /* a presenter's line (playback) */
};

struct session_output {
	void *ctx;
	void (*line)(void *ctx, enum out_kind kind, const char *text);
	/* The learner opened a lesson or moved to another step. A front end
	 * with a lesson pane shows it there; without this hook the step's
	 * text is printed as lines. */
	void (*show_step)(void *ctx);
	/* Switch to theme name: 0, or -1 with the reason in err. NULL: the
	 * front end has no colours. */
	int (*set_theme)(void *ctx, const char *name, struct strbuf *err);
};

/* The live views, in the order a key cycles through them. */
enum view_kind { VIEW_TREE, VIEW_METERS, VIEW_GRAPH, VIEW_TIMELINE, VIEW_QUEUE, VIEW_COUNT };

#define SESSION_GATE_THREADS 16

struct session {
	struct loop *loop;
	struct session_output out;
	struct session_output tap;   /* sees every line too (playback); may be unset */

	char *lessons_dir;
	struct strvec demo_dirs;     /* where manifests were read from */
	struct catalog catalog;
	struct manifest manifest;
	struct lesson *lesson;       /* the open lesson, or NULL */
	size_t step;

	struct run *run;             /* the run in progress, or NULL */
	const struct demo_desc *run_demo;
	struct strvec run_args;      /* its KEY=VALUE arguments */
	char last_result[256];       /* how the last run ended, for the status line */
	bool full_screen;            /* the front end has live panes (no tree printing) */
	int sample_timer;
	int sample_ms;               /* sampling interval */
	uint64_t paused_at_ns;       /* when the run was seen paused, or 0 */
	struct sampler *sampler;     /* the run's, kept across scans */
	struct sample_snap prev, cur;
	struct run_model model;      /* the run in progress, or the last one */
	bool have_model;
	enum view_kind view;         /* the view shown (the demo's own at start) */
	struct strbuf tree_key;      /* the shape of the last tree printed */
	bool live_tree;              /* print the tree as it changes (plain) */
	const char *proc_root;

	/* Threads of this run that have stopped at a step gate (probe_gate),
	 * numbered in the order they first did: gates[0] is "thread 1". at
	 * is the gate one waits at now, "" while it runs. */
	struct gate_thread {
		pid_t tid;
		char at[64];
	} gates[SESSION_GATE_THREADS];
	size_t ngates;

	int last_status;             /* of the last command or finished run */
	struct strvec pending;       /* commands waiting for the run to end */
	bool quit;
	int width;                   /* columns for wrapped text */
};

/*
 * Set up a session: load the manifests of demo_dirs (a ':'-separated list,
 * first wins) and the lessons in lessons_dir. Problems with single lessons
 * are not errors (they are listed by `list` and `check`); a missing or
 * unreadable lessons folder or manifest is: -1 with the reason in err.
 */
int session_init(struct session *s, struct loop *loop, const char *lessons_dir,
		 const char *demo_dirs, struct strbuf *err);
void session_release(struct session *s);

void session_print(struct session *s, enum out_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Print every line of text (split at '\n') as kind. */
void session_print_text(struct session *s, enum out_kind kind, const char *text);
/* An error line; always returns 1 (CMD_ERROR), so `return session_error(...)`. */
int session_error(struct session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Resolve a demo name ("fork-twice" in the open lesson, or "fork/fork-twice").
 * Returns NULL with a message in why. */
const struct demo_desc *session_find_demo(const struct session *s, const struct lesson *in,
					  const char *name, struct strbuf *why);
/* Check KEY=VALUE args against the demo's table: 0 or -1 with why. */
int session_check_params(const struct demo_desc *d, int nargs, char *const *args,
			 struct strbuf *why);

/* Start d with args (already checked). Returns 0, or 1 after an error line. */
int session_start_run(struct session *s, const struct demo_desc *d, int nargs, char *const *args);
/* Is a run going, or are commands still waiting for one to end? */
bool session_busy(const struct session *s);
/* Queue commands to perform one by one (after any run ends). */
void session_queue(struct session *s, const char *command);
/* Perform queued commands while no run is going. */
void session_drain(struct session *s);
/* Print a snapshot of the run's process tree now. Returns 0, or 1 after an
 * error line (no run). */
int session_print_tree(struct session *s);
/* The shell is going: kill any run and wait (at most timeout_ms) for it to
 * be cleaned up. */
void session_shutdown(struct session *s, long timeout_ms);
/* The learner pressed Ctrl-C: stop the run. Returns false if none. */
bool session_interrupt(struct session *s);
/* Sample every ms milliseconds from now on (also for the run going now). */
void session_set_rate(struct session *s, int ms);
/* SIGCHLD arrived: let the run reap its keeper. */
void session_on_sigchld(struct session *s);
/* A view's name ("tree", "meters", "graph", "timeline", "queue") and back;
 * -1 for an unknown name. */
const char *session_view_name(enum view_kind v);
int session_view_find(const char *name);

#endif
