/* tree: a run's process tree as text and on a canvas (see tree.h). */
#include "tree.h"
#include "model.h"
#include "../sample/sample.h"
#include "../util/fileio.h"
#include "../util/signame.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTE_ZOMBIE "waiting for its parent to reap it"
#define NOTE_ORPHAN "orphan, reparented to the keeper"
#define NOTE_MAIN_EXITED "main thread exited"

/* One process to draw: live (p) or gone a moment ago (gone). */
struct node {
	pid_t pid, ppid;
	const struct sample_proc *p;
	const struct proc_mark *gone;
};

/* The drawing: each node's children, in pid order, as index lists into
 * nodes (sorted by pid); the keeper is the virtual root, index n. */
struct layout {
	const struct node *nodes;
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

/* Is a CPU% worth showing for something in state st? */
static bool cpu_known(enum proc_state st, double pct)
{
	return !isnan(pct) && st != STATE_ZOMBIE && st != STATE_DEAD;
}

/* "name(pid) state", then " 98%" if cpu, then the notes in parentheses. */
static void add_proc_words(struct strbuf *out, const struct sample_proc *p, bool cpu)
{
	bool main_exited;
	enum proc_state st = shown_state(p, &main_exited);
	add_name(out, p->comm);
	strbuf_addf(out, "(%d) %s", (int)p->pid, sample_state_name(st));
	if (cpu && cpu_known(st, p->cpu_pct))
		strbuf_addf(out, " %.0f%%", p->cpu_pct);
	const char *sep = " (";
	if (st == STATE_ZOMBIE) {
		/* What the zombie is kept for, its wait status, is worth seeing. */
		char how[64] = "exited";
		if (p->state == STATE_ZOMBIE && p->exit_status >= 0)
			describe_wait_status(p->exit_status, how, sizeof how);
		strbuf_addf(out, "%s%s, %s", sep, how, NOTE_ZOMBIE);
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
}

static void add_thread_words(struct strbuf *out, const struct sample_thread *t, bool cpu)
{
	strbuf_addch(out, '{');
	add_name(out, t->comm);
	strbuf_addf(out, "}(%d) %s", (int)t->tid, sample_state_name(t->state));
	if (cpu && cpu_known(t->state, t->cpu_pct))
		strbuf_addf(out, " %.0f%%", t->cpu_pct);
}

static int node_by_pid(const void *a, const void *b)
{
	pid_t x = ((const struct node *)a)->pid, y = ((const struct node *)b)->pid;
	return (x > y) - (x < y);
}

/* The live processes of s as nodes, in s's order, with room for extra
 * more; caller sorts and frees. */
static struct node *snap_nodes(const struct sample_snap *s, size_t extra, size_t *n)
{
	struct node *nodes = xmalloc((s->nprocs + extra + 1) * sizeof *nodes);
	for (size_t i = 0; i < s->nprocs; i++)
		nodes[i] = (struct node){ s->procs[i].pid, s->procs[i].ppid, &s->procs[i], NULL };
	*n = s->nprocs;
	return nodes;
}

static const struct node *find_node(const struct node *nodes, size_t n, pid_t pid)
{
	struct node key = { .pid = pid };
	return bsearch(&key, nodes, n, sizeof *nodes, node_by_pid);
}

/* nodes must be sorted by pid, with no pid twice. */
static void layout_init(struct layout *l, const struct node *nodes, size_t n, pid_t keeper)
{
	size_t root = n;
	size_t *parent = xmalloc((n ? n : 1) * sizeof *parent);
	l->nodes = nodes;
	l->n = n;

	/* Parent of each process: its ppid if that is drawn and is not the
	 * keeper; otherwise (the keeper's children, and any whose parent is
	 * missing: a race) the root. */
	for (size_t i = 0; i < n; i++) {
		parent[i] = root;
		pid_t pp = nodes[i].ppid;
		const struct node *q = pp == keeper ? NULL : find_node(nodes, n, pp);
		if (q && q != &nodes[i])
			parent[i] = (size_t)(q - nodes);
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
		if (nodes[i].pid != keeper)
			l->first[parent[i] + 1]++;
	for (size_t i = 1; i < n + 2; i++)
		l->first[i] += l->first[i - 1];
	size_t *fill = xmalloc((n + 1) * sizeof *fill);
	memcpy(fill, l->first, (n + 1) * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		if (nodes[i].pid != keeper)
			l->kids[fill[parent[i]]++] = i;
	free(fill);
	free(parent);
}

static void layout_release(struct layout *l)
{
	free(l->kids);
	free(l->first);
}

/* ---- text ---------------------------------------------------------------- */

/* Undo appends to a prefix. */
static void cut(struct strbuf *sb, size_t len)
{
	sb->len = len;
	sb->buf[len] = '\0';
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
	const struct sample_proc *p = node < l->n ? l->nodes[node].p : NULL;
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
		add_thread_words(out, &p->threads[i], o->show_cpu);
		strbuf_addch(out, '\n');
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
		add_proc_words(out, l->nodes[child].p, o->show_cpu);
		strbuf_addch(out, '\n');
		size_t keep = prefix->len;
		strbuf_addstr(prefix, last ? "   " : "│  ");
		render_below(l, child, o, prefix, out);
		cut(prefix, keep);
	}
}

void tree_render(const struct sample_snap *s, const struct tree_opts *o, struct strbuf *out)
{
	if (!s->nprocs) {
		strbuf_addstr(out, "(no processes)\n");
		return;
	}
	size_t n;
	struct node *nodes = snap_nodes(s, 0, &n);
	qsort(nodes, n, sizeof *nodes, node_by_pid);
	struct layout l;
	layout_init(&l, nodes, n, s->keeper);
	strbuf_addf(out, "keeper(%d)\n", (int)s->keeper);
	struct strbuf prefix;
	strbuf_init(&prefix);
	render_below(&l, l.n, o, &prefix, out);
	strbuf_release(&prefix);
	layout_release(&l);
	free(nodes);
}

void tree_shape_key(const struct sample_snap *s, struct strbuf *out)
{
	size_t n;
	struct node *nodes = snap_nodes(s, 0, &n);
	qsort(nodes, n, sizeof *nodes, node_by_pid);
	const char *sep = "";
	for (size_t j = 0; j < n; j++) {
		const struct sample_proc *p = nodes[j].p;
		if (p->pid == s->keeper)
			continue;
		bool main_exited;
		enum proc_state st = shown_state(p, &main_exited);
		strbuf_addf(out, "%s%d%s", sep, (int)p->pid,
			    st == STATE_ZOMBIE ? "Z" : st == STATE_STOPPED ? "T" : "");
		sep = " ";
	}
	free(nodes);
}

/* ---- the canvas ---------------------------------------------------------- */

struct drawer {
	struct canvas *c;
	struct rect r;
	const struct run_model *m;
	int collapse_above;         /* < 0: never */
	const pid_t *expanded;
	size_t nexpanded;
	int row;                    /* the next row's number */
	int scroll;                 /* the first row drawn */
	int selected;
	pid_t selected_pid;
	struct strbuf words;        /* reused for every row */
};

static bool is_expanded(const struct drawer *d, pid_t pid)
{
	for (size_t i = 0; i < d->nexpanded; i++)
		if (d->expanded[i] == pid)
			return true;
	return false;
}

/* Rows for p's threads: none, one (collapsed) or one per other thread. */
static size_t others_of(const struct sample_proc *p)
{
	size_t others = 0;
	for (size_t i = 0; i < p->nthreads_read; i++)
		others += p->threads[i].tid != p->pid;
	return others;
}

static bool collapsed(const struct drawer *d, const struct sample_proc *p)
{
	return d->collapse_above >= 0 && p->nthreads_read > (size_t)d->collapse_above &&
	       others_of(p) > 0 && !is_expanded(d, p->pid);
}

static size_t thread_rows(const struct drawer *d, const struct node *nd)
{
	if (!nd->p)
		return 0;
	size_t others = others_of(nd->p);
	return others && collapsed(d, nd->p) ? 1 : others;
}

/*
 * One row: prefix (branch lines), then d->words in style st, then pct at
 * the right edge if known; pid is what the row stands for. Rows outside
 * the window only count.
 */
static void row(struct drawer *d, const char *prefix, enum style st, double pct,
		enum style pct_st, pid_t pid)
{
	int n = d->row++;
	if (n == d->selected)
		d->selected_pid = pid;
	int y = n - d->scroll;
	if (y < 0 || y >= d->r.h)
		return;
	int w = d->r.w;
	int x = canvas_text(d->c, d->r, 0, y, prefix, ST_TREE);
	char cpu[32] = "";
	if (!isnan(pct))
		snprintf(cpu, sizeof cpu, "%.0f%%", pct);
	int cw = text_width(cpu);
	bool show_cpu = cw && w >= x + cw + 2; /* a column of words, a space, the figure */
	int avail = w - x - (show_cpu ? cw + 1 : 0);
	if (avail > 0) {
		if (text_width(d->words.buf) <= avail) {
			canvas_text(d->c, d->r, x, y, d->words.buf, st);
		} else {
			size_t fit = text_fit(d->words.buf, avail - 1);
			int used = canvas_textn(d->c, d->r, x, y, d->words.buf, fit, st);
			canvas_text(d->c, d->r, x + used, y, "…", st);
		}
	}
	if (show_cpu)
		canvas_text(d->c, d->r, w - cw, y, cpu, pct_st);
	if (n == d->selected)
		canvas_restyle(d->c, d->r, 0, y, w, ST_SELECT);
}

static enum style proc_style(const struct run_model *m, const struct sample_proc *p)
{
	bool main_exited;
	enum proc_state st = shown_state(p, &main_exited);
	if (st == STATE_ZOMBIE)
		return ST_ZOMBIE;
	if (st == STATE_STOPPED)
		return ST_STOPPED;
	if (model_is_new(m, p->pid))
		return ST_NEW;
	return p->orphan ? ST_ORPHAN : ST_TEXT;
}

static void draw_proc_row(struct drawer *d, const char *prefix, const struct node *nd)
{
	strbuf_reset(&d->words);
	if (nd->gone) {
		add_name(&d->words, nd->gone->comm);
		strbuf_addf(&d->words, "(%d) %s", (int)nd->pid,
			    nd->gone->how[0] ? nd->gone->how : "exited");
		row(d, prefix, ST_EXITED, NAN, ST_DIM, nd->pid);
		return;
	}
	const struct sample_proc *p = nd->p;
	bool main_exited;
	enum proc_state st = shown_state(p, &main_exited);
	add_proc_words(&d->words, p, false);
	row(d, prefix, proc_style(d->m, p), cpu_known(st, p->cpu_pct) ? p->cpu_pct : NAN,
	    st == STATE_RUNNING ? ST_RUNNING : ST_DIM, p->pid);
}

static void draw_thread_row(struct drawer *d, const char *prefix, const struct sample_proc *p,
			    const struct sample_thread *t)
{
	strbuf_reset(&d->words);
	add_thread_words(&d->words, t, false);
	enum style st = t->state == STATE_ZOMBIE ? ST_ZOMBIE
		: t->state == STATE_STOPPED ? ST_STOPPED : ST_TEXT;
	row(d, prefix, st, cpu_known(t->state, t->cpu_pct) ? t->cpu_pct : NAN,
	    t->state == STATE_RUNNING ? ST_RUNNING : ST_DIM, p->pid);
}

static void draw_collapsed_row(struct drawer *d, const char *prefix, const struct sample_proc *p)
{
	strbuf_reset(&d->words);
	strbuf_addf(&d->words, "{%zu threads}", p->nthreads_read);
	bool main_exited, running = false;
	enum proc_state st = shown_state(p, &main_exited);
	for (size_t i = 0; i < p->nthreads_read; i++)
		running |= p->threads[i].state == STATE_RUNNING;
	row(d, prefix, ST_TEXT, cpu_known(st, p->cpu_pct) ? p->cpu_pct : NAN,
	    running ? ST_RUNNING : ST_DIM, p->pid);
}

/* As render_below, onto the canvas. */
static void draw_below(struct drawer *d, const struct layout *l, size_t node, struct strbuf *prefix)
{
	const struct node *nd = node < l->n ? &l->nodes[node] : NULL;
	const struct sample_proc *p = nd ? nd->p : NULL;
	size_t trows = nd ? thread_rows(d, nd) : 0;
	size_t nkids = l->first[node + 1] - l->first[node];
	size_t items = trows + nkids, item = 0;
	size_t keep = prefix->len;

	if (trows == 1 && collapsed(d, p)) {
		strbuf_addstr(prefix, ++item == items ? "└─ " : "├─ ");
		draw_collapsed_row(d, prefix->buf, p);
		cut(prefix, keep);
	} else {
		for (size_t i = 0; i < (trows ? p->nthreads_read : 0); i++) {
			if (p->threads[i].tid == p->pid)
				continue;
			strbuf_addstr(prefix, ++item == items ? "└─ " : "├─ ");
			draw_thread_row(d, prefix->buf, p, &p->threads[i]);
			cut(prefix, keep);
		}
	}
	for (size_t k = l->first[node]; k < l->first[node + 1]; k++) {
		size_t child = l->kids[k];
		bool last = ++item == items;
		strbuf_addstr(prefix, last ? "└─ " : "├─ ");
		draw_proc_row(d, prefix->buf, &l->nodes[child]);
		cut(prefix, keep);
		strbuf_addstr(prefix, last ? "   " : "│  ");
		draw_below(d, l, child, prefix);
		cut(prefix, keep);
	}
}

/* The marks of processes gone less than MODEL_GONE_SECONDS ago that the
 * sample no longer has, as nodes appended to nodes[*n..]. */
static void add_gone(const struct run_model *m, struct node *nodes, size_t *n)
{
	size_t live = *n;
	for (size_t i = m->nmarks; i-- > 0;) {
		const struct proc_mark *k = &m->marks[i];
		if (isnan(k->gone) || m->now - k->gone >= MODEL_GONE_SECONDS ||
		    k->pid == m->snap.keeper)
			continue;
		/* the newest mark of a pid only, and never beside a live one */
		bool dup = sample_find(&m->snap, k->pid) != NULL;
		for (size_t j = live; j < *n && !dup; j++)
			dup = nodes[j].pid == k->pid;
		if (!dup)
			nodes[(*n)++] = (struct node){ k->pid, k->ppid, NULL, k };
	}
}

struct tree_drawn tree_draw(struct canvas *c, struct rect r, const struct run_model *m,
			    const struct tree_view_opts *o)
{
	static const struct tree_view_opts defaults = { .selected = -1 };
	if (!o)
		o = &defaults;
	if (r.w < 0)
		r.w = 0;
	if (r.h < 0)
		r.h = 0;
	canvas_clear(c, r, ST_TEXT);

	size_t gone = 0;
	for (size_t i = 0; i < m->nmarks; i++)
		gone += !isnan(m->marks[i].gone);
	size_t n;
	struct node *nodes = snap_nodes(&m->snap, gone, &n);
	add_gone(m, nodes, &n);
	qsort(nodes, n, sizeof *nodes, node_by_pid);

	struct drawer d = {
		.c = c, .r = r, .m = m,
		.collapse_above = o->collapse_above ? o->collapse_above : TREE_COLLAPSE_DEFAULT,
		.expanded = o->expanded, .nexpanded = o->nexpanded,
	};
	if (d.collapse_above < 0)
		d.collapse_above = -1;
	strbuf_init(&d.words);

	/* Every node is drawn once: the rows can be counted before drawing. */
	pid_t keeper = m->snap.keeper;
	int rows = 1;
	for (size_t i = 0; i < n; i++)
		if (nodes[i].pid != keeper)
			rows += 1 + (int)thread_rows(&d, &nodes[i]);
	struct tree_drawn out = { .rows = rows, .selected = -1 };
	if (o->selected >= 0)
		out.selected = o->selected < rows ? o->selected : rows - 1;
	int max_scroll = rows > r.h ? rows - r.h : 0;
	out.scroll = o->scroll < 0 ? 0 : o->scroll > max_scroll ? max_scroll : o->scroll;
	if (out.selected >= 0 && out.selected < out.scroll)
		out.scroll = out.selected;
	if (out.selected >= 0 && r.h > 0 && out.selected >= out.scroll + r.h)
		out.scroll = out.selected - r.h + 1;
	d.scroll = out.scroll;
	d.selected = out.selected;

	if (!n) {
		strbuf_addstr(&d.words, "(no processes)");
		row(&d, "", ST_DIM, NAN, ST_DIM, 0);
	} else {
		struct layout l;
		layout_init(&l, nodes, n, keeper);
		strbuf_addf(&d.words, "keeper(%d)", (int)keeper);
		row(&d, "", ST_TEXT, NAN, ST_DIM, keeper);
		struct strbuf prefix;
		strbuf_init(&prefix);
		draw_below(&d, &l, l.n, &prefix);
		strbuf_release(&prefix);
		layout_release(&l);
	}
	out.selected_pid = d.selected_pid;
	strbuf_release(&d.words);
	free(nodes);
	return out;
}

pid_t tree_selected_pid(const struct run_model *m, int row, const pid_t *expanded,
			size_t nexpanded)
{
	/* Drawing into no room at all walks the rows and draws nothing. */
	struct canvas none = { 0, 0, NULL };
	struct tree_view_opts o = { .selected = row, .expanded = expanded, .nexpanded = nexpanded };
	return row < 0 ? 0 : tree_draw(&none, (struct rect){ 0, 0, 0, 0 }, m, &o).selected_pid;
}
