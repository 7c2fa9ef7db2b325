/*
 * tree: the process tree of a run as text, like `pstree -p` but one process
 * per line, so it reads the same in a narrow pane and in a handout:
 *
 *     keeper(4120)
 *     └─ fork-wait(4121) sleeping
 *        ├─ fork-wait(4122) zombie (exited, waiting for its parent to reap it)
 *        └─ fork-wait(4123) running 98%
 *     orphans are shown under the keeper, marked "orphan, reparented to the keeper"
 *
 * Threads other than the main one are listed under their process as
 * {name}(tid). The view draws no terminal codes; it knows nothing of curses.
 */
#ifndef LOCKSTEP_VIEW_TREE_H
#define LOCKSTEP_VIEW_TREE_H

#include <stdbool.h>
#include <stddef.h>

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
 * What a plain-mode run prints a new snapshot for: a key of the tree's
 * shape (which processes exist, and which are zombies or stopped), which
 * changes when a process appears, exits or changes into or out of those
 * states, but not when one merely runs or sleeps. Appended to out.
 */
void tree_shape_key(const struct sample_snap *s, struct strbuf *out);

#endif
