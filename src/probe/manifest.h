/*
 * manifest: what the build learned from every demo's --describe, so the
 * shell knows each demo's summary, view, limits and parameter table without
 * exec'ing it.
 *
 * The build writes DIR/manifest as blocks of --describe output, each opened
 * by "demo LESSON/NAME" and closed by "end"; the binary of LESSON/NAME is
 * DIR/LESSON/NAME. A manifest owns its demos and their strings.
 */
#ifndef LOCKSTEP_MANIFEST_H
#define LOCKSTEP_MANIFEST_H

#include <stddef.h>

#include "probe.h"

struct strbuf;

struct demo_desc {
	char *id;      /* "fork/fork-wait" */
	char *lesson;  /* "fork" */
	char *name;    /* "fork-wait" */
	char *summary; /* one line */
	char *view;    /* "tree", ... */
	char *exe;     /* path of the binary */
	int max_procs, max_threads, max_seconds;
	struct probe_param *params; /* nparams entries and a PROBE_END */
	size_t nparams;
};

struct manifest {
	struct demo_desc *demos;
	size_t nr, cap;
};

void manifest_init(struct manifest *m);
void manifest_release(struct manifest *m);
/*
 * Add the demos of text (a manifest's contents) whose binaries live under
 * dir; source names the file in messages. A demo already in m is kept (the
 * first directory on a search path wins). Returns 0, or -1 with
 * "source:line: what is wrong" in err (the demos before the bad line stay).
 */
int manifest_parse(struct manifest *m, const char *text, const char *dir,
		   const char *source, struct strbuf *err);
/* Read DIR/manifest and parse it. */
int manifest_load(struct manifest *m, const char *dir, struct strbuf *err);
/* The demo called id ("fork/fork-wait"), or NULL. */
const struct demo_desc *manifest_find(const struct manifest *m, const char *id);

#endif
