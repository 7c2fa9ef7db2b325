/* tree: a run's process tree as text (see tree.h). */
#include "tree.h"
#include "../sample/sample.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NOTE_ZOMBIE "exited, waiting for its parent to reap it"
#define NOTE_ORPHAN "orphan, reparented to the keeper"
#define NOTE_MAIN_EXITED "main thread exited"

/* The drawing: each process's children, in pid order, as index lists into
 * the snapshot's procs; the keeper is the virtual root, index n. */
struct layout {
	const struct sample_snap *s;
	size_t n;
	size_t *kids;  /* children of node i: kids[first[i] .. first[i+1]) */
	size_t *first; /* n + 2 entries */
};

/* A process whose main thread exited while others still run shows Z in
 * /proc, but it is not a zombie: it is as alive as its busiest thread. */
static enum proc_state shown_state(const struct sample_proc *p, bool *main_exited)
{
	*main_exited = false;
	if (p->state != STATE_ZOMBIE)
		return p->state;
	static const enum proc_state rank[] = {
		STATE_RUNNING, STATE_DISK, STATE_SLEEPING, STATE_STOPPED, STATE_UNKNOWN,
	};
	for (size_t r = 0; r < sizeof rank / sizeof *rank; r++)
		for (size_t i = 0; i < p->nthreads_read; i++)
			if (p->threads[i].tid != p->pid && p->threads[i].state == rank[r]) {
				*main_exited = true;
				return rank[r];
			}
	return STATE_ZOMBIE;
}

/* comm is whatever the program set: keep control bytes (an escape
 * sequence) out of the drawing, and bytes that are not UTF-8. */
static void add_name(struct strbuf *out, const char *name)
{
	size_t len = strnlen(name, 64), bad;
	bool utf8 = utf8_valid(name, len, &bad);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		strbuf_addch(out, c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8) ? '?' : (char)c);
	}
}

static void add_cpu(struct strbuf *out, const struct tree_opts *o, enum proc_state st, double pct)
{
	if (o->show_cpu && !isnan(pct) && st != STATE_ZOMBIE && st != STATE_DEAD)
		strbuf_addf(out, " %.0f%%", pct);
}

static void add_proc_line(struct strbuf *out, const struct tree_opts *o,
			  const struct sample_proc *p)
{
	bool main_exited;
	enum proc_state st = shown_state(p, &main_exited);
	add_name(out, p->comm);
	strbuf_addf(out, "(%d) %s", (int)p->pid, sample_state_name(st));
	add_cpu(out, o, st, p->cpu_pct);
	const char *sep = " (";
	if (st == STATE_ZOMBIE) {
		strbuf_addf(out, "%s%s", sep, NOTE_ZOMBIE);
		sep = "; ";
	}
	if (main_exited) {
		strbuf_addf(out, "%s%s", sep, NOTE_MAIN_EXITED);
		sep = "; ";
	}
	if (p->orphan) {
		strbuf_addf(out, "%s%s", sep, NOTE_ORPHAN);
		sep = "; ";
	}
	if (sep[0] == ';')
		strbuf_addch(out, ')');
	strbuf_addch(out, '\n');
}

static void add_thread_line(struct strbuf *out, const struct tree_opts *o,
			    const struct sample_thread *t)
{
	strbuf_addch(out, '{');
	add_name(out, t->comm);
	strbuf_addf(out, "}(%d) %s", (int)t->tid, sample_state_name(t->state));
	add_cpu(out, o, t->state, t->cpu_pct);
	strbuf_addch(out, '\n');
}

struct pid_index {
	pid_t pid;
	size_t i;
};

static int by_pid(const void *a, const void *b)
{
	pid_t x = ((const struct pid_index *)a)->pid, y = ((const struct pid_index *)b)->pid;
	return (x > y) - (x < y);
}

/* Indices 0..n-1 of s->procs in pid order (they should already be);
 * caller frees. */
static size_t *pid_order(const struct sample_snap *s)
{
	size_t n = s->nprocs;
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);
	bool sorted = true;
	for (size_t i = 0; i < n; i++) {
		order[i] = i;
		if (i && s->procs[i - 1].pid > s->procs[i].pid)
			sorted = false;
	}
	if (!sorted) {
		struct pid_index *tmp = xmalloc(n * sizeof *tmp);
		for (size_t i = 0; i < n; i++)
			tmp[i] = (struct pid_index){ s->procs[i].pid, i };
		qsort(tmp, n, sizeof *tmp, by_pid);
		for (size_t i = 0; i < n; i++)
			order[i] = tmp[i].i;
		free(tmp);
	}
	return order;
}

static void layout_init(struct layout *l, const struct sample_snap *s)
{
	size_t n = s->nprocs, root = n;
	size_t *order = pid_order(s);
	size_t *parent = xmalloc((n ? n : 1) * sizeof *parent);
	l->s = s;
	l->n = n;

	/* Parent of each process: its ppid if that is in the snapshot and is
	 * not the keeper; otherwise (the keeper's children, and any whose
	 * parent is missing: a race) the root. */
	for (size_t i = 0; i < n; i++) {
		parent[i] = root;
		pid_t pp = s->procs[i].ppid;
		if (pp == s->keeper)
			continue;
		for (size_t lo = 0, hi = n; lo < hi;) {
			size_t mid = lo + (hi - lo) / 2;
			pid_t m = s->procs[order[mid]].pid;
			if (m == pp) {
				if (order[mid] != i)
					parent[i] = order[mid];
				break;
			}
			if (m < pp)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	/* A loop of parents (pids reused during a scan) never reaches the
	 * root: hang it there, so every process is drawn exactly once. */
	for (size_t i = 0; i < n; i++) {
		size_t k = i, steps = 0;
		while (k != root && steps++ <= n)
			k = parent[k];
		if (k != root)
			parent[i] = root;
	}

	/* Children lists, each in pid order; the keeper itself is the root. */
	l->first = xcalloc(n + 2, sizeof *l->first);
	l->kids = xmalloc((n ? n : 1) * sizeof *l->kids);
	for (size_t i = 0; i < n; i++)
		if (s->procs[i].pid != s->keeper)
			l->first[parent[i] + 1]++;
	for (size_t i = 1; i < n + 2; i++)
		l->first[i] += l->first[i - 1];
	size_t *fill = xmalloc((n + 1) * sizeof *fill);
	memcpy(fill, l->first, (n + 1) * sizeof *fill);
	for (size_t j = 0; j < n; j++) {
		size_t i = order[j];
		if (s->procs[i].pid != s->keeper)
			l->kids[fill[parent[i]]++] = i;
	}
	free(fill);
	free(parent);
	free(order);
}

static void layout_release(struct layout *l)
{
	free(l->kids);
	free(l->first);
}

static void branch(struct strbuf *out, const struct strbuf *prefix, bool last)
{
	strbuf_add(out, prefix->buf, prefix->len);
	strbuf_addstr(out, last ? "└─ " : "├─ ");
}

/* Draw what hangs below node (threads, then child processes) with prefix
 * in front of each line; prefix is grown and restored. */
static void render_below(const struct layout *l, size_t node, const struct tree_opts *o,
			 struct strbuf *prefix, struct strbuf *out)
{
	const struct sample_proc *p = node < l->n ? &l->s->procs[node] : NULL;
	size_t nkids = l->first[node + 1] - l->first[node];

	/* threads other than the main one, and how many fit */
	size_t others = 0, shown = 0, more = 0;
	if (p && o->show_threads)
		for (size_t i = 0; i < p->nthreads_read; i++)
			others += p->threads[i].tid != p->pid;
	shown = others;
	if (o->max_threads && others > o->max_threads) {
		shown = o->max_threads;
		more = others - shown;
	}
	size_t items = shown + (more > 0) + nkids, item = 0;

	for (size_t i = 0, done = 0; p && done < shown; i++) {
		if (p->threads[i].tid == p->pid)
			continue;
		branch(out, prefix, ++item == items);
		add_thread_line(out, o, &p->threads[i]);
		done++;
	}
	if (more) {
		branch(out, prefix, ++item == items);
		strbuf_addf(out, "… %zu more thread%s\n", more, more == 1 ? "" : "s");
	}
	for (size_t k = l->first[node]; k < l->first[node + 1]; k++) {
		size_t child = l->kids[k];
		bool last = ++item == items;
		branch(out, prefix, last);
		add_proc_line(out, o, &l->s->procs[child]);
		size_t keep = prefix->len;
		strbuf_addstr(prefix, last ? "   " : "│  ");
		render_below(l, child, o, prefix, out);
		prefix->len = keep;
		prefix->buf[keep] = '\0';
	}
}

void tree_render(const struct sample_snap *s, const struct tree_opts *o, struct strbuf *out)
{
	if (!s->nprocs) {
		strbuf_addstr(out, "(no processes)\n");
		return;
	}
	struct layout l;
	layout_init(&l, s);
	strbuf_addf(out, "keeper(%d)\n", (int)s->keeper);
	struct strbuf prefix;
	strbuf_init(&prefix);
	render_below(&l, l.n, o, &prefix, out);
	strbuf_release(&prefix);
	layout_release(&l);
}

void tree_shape_key(const struct sample_snap *s, struct strbuf *out)
{
	size_t *order = pid_order(s);
	const char *sep = "";
	for (size_t j = 0; j < s->nprocs; j++) {
		const struct sample_proc *p = &s->procs[order[j]];
		if (p->pid == s->keeper)
			continue;
		bool main_exited;
		enum proc_state st = shown_state(p, &main_exited);
		strbuf_addf(out, "%s%d%s", sep, (int)p->pid,
			    st == STATE_ZOMBIE ? "Z" : st == STATE_STOPPED ? "T" : "");
		sep = " ";
	}
	free(order);
}
