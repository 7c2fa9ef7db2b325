/*
 * tree: the process tree of a run as text, like `pstree -p` but one process
 * per line, so it reads the same in a narrow pane and in a handout:
 *
 *     keeper(4120)
 *     └─ fork-wait(4121) sleeping
 *        ├─ fork-wait(4122) zombie (exited with status 1, waiting for its parent to reap it)
 *        └─ fork-wait(4123) running 98%
 *     orphans are shown under the keeper, marked "orphan, reparented to the keeper"
 *
 * Threads other than the main one are listed under their process as
 * {name}(tid). tree_render writes it as text (plain mode, handouts);
 * tree_draw draws it live on a canvas. Neither knows anything of curses.
 */
#ifndef LOCKSTEP_VIEW_TREE_H
#define LOCKSTEP_VIEW_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "canvas.h"

struct run_model;
struct sample_snap;
struct strbuf;

struct tree_opts {
	bool show_cpu;        /* print CPU% where known */
	bool show_threads;    /* list threads under their process */
	size_t max_threads;   /* show at most this many threads per process,
				 then "… N more threads" (0: all) */
};

/* Append the tree, one line per row, each ending in '\n'. */
void tree_render(const struct sample_snap *s, const struct tree_opts *o, struct strbuf *out);

/*
 * The live tree on a canvas, for the full-screen front end: the same rows
 * and words as tree_render, from the run model, with
 *   - each process styled by what it is, first match: gone (ST_EXITED,
 *     kept at its old place for MODEL_GONE_SECONDS and saying how it
 *     ended, or just "exited"), zombie (ST_ZOMBIE), stopped (ST_STOPPED),
 *     new (ST_NEW, see model_is_new), orphan (ST_ORPHAN); branch lines in
 *     ST_TREE;
 *   - CPU% at the right edge of a live process's row (ST_RUNNING when it
 *     runs, ST_DIM otherwise), where known and where the rect is wide
 *     enough; text that does not fit ends in "…";
 *   - the threads of a process that has more than collapse_above of them
 *     as one row, "{N threads}" (all N, the main one too) with the
 *     process's CPU%, unless it is expanded;
 *   - the selected row in ST_SELECT, all across.
 * Rows are numbered from 0 (the keeper's). Draws only inside r.
 */
#define TREE_COLLAPSE_DEFAULT 8

struct tree_view_opts {
	int scroll;            /* the first row to show (clamped) */
	int selected;          /* the selected row, -1 for none */
	int collapse_above;    /* 0: TREE_COLLAPSE_DEFAULT; < 0: never collapse */
	const pid_t *expanded; /* processes whose threads get a row each anyway */
	size_t nexpanded;
};

/* What was drawn, for the front end's scroll bar and cursor. */
struct tree_drawn {
	int rows;           /* rows of the whole tree */
	int scroll;         /* the first row shown: o->scroll clamped to
			       0..rows-h, then moved to show the selected row */
	int selected;       /* the selected row clamped to 0..rows-1, or -1 */
	pid_t selected_pid; /* the process on it (its process for a thread
			       row), 0 for none or "(no processes)" */
};

/* Draw m's latest sample (and the processes gone from it a moment ago) in
 * r of c. o may be NULL for the defaults (row 0 first, nothing selected). */
struct tree_drawn tree_draw(struct canvas *c, struct rect r, const struct run_model *m,
			    const struct tree_view_opts *o);

/* The process on row (as tree_draw with these expanded processes and the
 * default collapsing would draw it; a row past the end is the last one),
 * or 0 if there is none: for a front end that acts on the row under its
 * cursor between frames. */
pid_t tree_selected_pid(const struct run_model *m, int row, const pid_t *expanded,
			size_t nexpanded);

/*
 * What a plain-mode run prints a new snapshot for: a key of the tree's
 * shape (which processes exist, and which are zombies or stopped), which
 * changes when a process appears, exits or changes into or out of those
 * states, but not when one merely runs or sleeps. Appended to out.
 */
void tree_shape_key(const struct sample_snap *s, struct strbuf *out);

#endif
