/* test_tree: the process tree as text and on a canvas, from snapshots and
 * run models built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample/sample.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "view/canvas.h"
#include "expect_canvas.h"
#include "view/model.h"
#include "view/tree.h"

static const struct tree_opts ALL = { .show_cpu = true, .show_threads = true, .max_threads = 0 };

static void snap(struct sample_snap *s, pid_t keeper, pid_t demo)
{
	sample_snap_init(s);
	s->keeper = keeper;
	s->demo = demo;
}

/* Append a process with its main thread, as a scan would (the caller
 * keeps procs in pid order unless a test says otherwise). */
static struct sample_proc *proc(struct sample_snap *s, pid_t pid, pid_t ppid,
				const char *comm, enum proc_state st, double pct)
{
	s->procs = xrealloc(s->procs, (s->nprocs + 1) * sizeof *s->procs);
	struct sample_proc *p = &s->procs[s->nprocs++];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->ppid = ppid;
	p->pgid = s->keeper;
	snprintf(p->comm, sizeof p->comm, "%s", comm);
	p->state = st;
	p->nthreads = 1;
	p->cpu_ns = -1;
	p->vol_cs = p->invol_cs = -1;
	p->cpu_pct = pct;
	p->orphan = s->demo && ppid == s->keeper && pid != s->demo;
	p->exit_status = -1; /* unknown, as from a kernel without stat field 52 */
	p->threads = xcalloc(1, sizeof *p->threads);
	p->threads[0] = (struct sample_thread){
		.tid = pid, .state = st, .cpu_ns = -1, .vol_cs = -1, .invol_cs = -1,
		.cpu = -1, .cpu_pct = pct,
	};
	snprintf(p->threads[0].comm, sizeof p->threads[0].comm, "%s", comm);
	p->nthreads_read = 1;
	return p;
}

static void thread(struct sample_proc *p, pid_t tid, const char *comm,
		   enum proc_state st, double pct)
{
	p->threads = xrealloc(p->threads, (p->nthreads_read + 1) * sizeof *p->threads);
	struct sample_thread *t = &p->threads[p->nthreads_read++];
	*t = (struct sample_thread){
		.tid = tid, .state = st, .cpu_ns = -1, .vol_cs = -1, .invol_cs = -1,
		.cpu = -1, .cpu_pct = pct,
	};
	snprintf(t->comm, sizeof t->comm, "%s", comm);
	p->nthreads = (long)p->nthreads_read;
}

static void expect_tree(const struct sample_snap *s, const struct tree_opts *o, const char *want)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "> "); /* tree_render appends: keep what was there */
	tree_render(s, o, &sb);
	if (strncmp(sb.buf, "> ", 2) || strcmp(sb.buf + 2, want))
		fail_msg("rendered:\n%s\nexpected:\n> %s", sb.buf, want);
	strbuf_release(&sb);
}

static char *key_of(const struct sample_snap *s)
{
	struct strbuf sb;
	strbuf_init(&sb);
	tree_shape_key(s, &sb);
	return strbuf_detach(&sb);
}

static void empty_snapshot(void **state)
{
	(void)state;
	struct sample_snap s;
	snap(&s, 4120, 4121);
	expect_tree(&s, &ALL, "(no processes)\n");
	char *k = key_of(&s);
	assert_string_equal(k, "");
	free(k);
}

static void the_header_example(void **state)
{
	(void)state;
	struct sample_snap s;
	snap(&s, 4120, 4121);
	proc(&s, 4120, 4100, "lockstep-keeper", STATE_SLEEPING, 0.2);
	proc(&s, 4121, 4120, "fork-wait", STATE_SLEEPING, NAN);
	/* The zombie's wait status is known: it exited with status 1. */
	proc(&s, 4122, 4121, "fork-wait", STATE_ZOMBIE, NAN)->exit_status = 1 << 8;
	proc(&s, 4123, 4121, "fork-wait", STATE_RUNNING, 98.4);
	expect_tree(&s, &ALL,
		"keeper(4120)\n"
		"└─ fork-wait(4121) sleeping\n"
		"   ├─ fork-wait(4122) zombie (exited with status 1, waiting for its parent to reap it)\n"
		"   └─ fork-wait(4123) running 98%\n");
	char *k = key_of(&s);
	assert_string_equal(k, "4121 4122Z 4123");
	free(k);
	sample_snap_release(&s);
}

static void stopped_orphan_and_cpu(void **state)
{
	(void)state;
	struct sample_snap s;
	snap(&s, 4120, 4121);
	proc(&s, 4120, 4100, "lockstep-keeper", STATE_SLEEPING, 0.0);
	proc(&s, 4121, 4120, "fork-wait", STATE_SLEEPING, 0.3);
	proc(&s, 4123, 4121, "fork-wait", STATE_STOPPED, 0.0);
	proc(&s, 4130, 4120, "(my) prog", STATE_SLEEPING, 1.5);
	proc(&s, 4131, 4120, "late", STATE_ZOMBIE, 0.0);
	proc(&s, 4132, 4130, "worker", STATE_DISK, NAN);
	expect_tree(&s, &ALL,
		"keeper(4120)\n"
		"├─ fork-wait(4121) sleeping 0%\n"
		"│  └─ fork-wait(4123) stopped 0%\n"
		"├─ (my) prog(4130) sleeping 2% (orphan, reparented to the keeper)\n"
		"│  └─ worker(4132) waiting (uninterruptible)\n"
		"└─ late(4131) zombie (exited, waiting for its parent to reap it; "
		"orphan, reparented to the keeper)\n");
	struct tree_opts nocpu = ALL;
	nocpu.show_cpu = false;
	expect_tree(&s, &nocpu,
		"keeper(4120)\n"
		"├─ fork-wait(4121) sleeping\n"
		"│  └─ fork-wait(4123) stopped\n"
		"├─ (my) prog(4130) sleeping (orphan, reparented to the keeper)\n"
		"│  └─ worker(4132) waiting (uninterruptible)\n"
		"└─ late(4131) zombie (exited, waiting for its parent to reap it; "
		"orphan, reparented to the keeper)\n");
	char *k = key_of(&s);
	assert_string_equal(k, "4121 4123T 4130 4131Z 4132");
	free(k);
	sample_snap_release(&s);
}

static void build_threads(struct sample_snap *s)
{
	snap(s, 4120, 4121);
	proc(s, 4120, 4100, "lockstep-keeper", STATE_SLEEPING, 0.0);
	struct sample_proc *d = proc(s, 4121, 4120, "fork-wait", STATE_RUNNING, 149.2);
	d->threads[0].cpu_pct = 50.0;
	thread(d, 4124, "fw-worker", STATE_RUNNING, 99.2);
	thread(d, 4125, "fw-worker", STATE_SLEEPING, 0.0);
	thread(d, 4126, "fw-worker", STATE_SLEEPING, NAN);
	proc(s, 4122, 4121, "fork-wait", STATE_SLEEPING, NAN);
}

static void threads_all_and_none(void **state)
{
	(void)state;
	struct sample_snap s;
	build_threads(&s);
	expect_tree(&s, &ALL,
		"keeper(4120)\n"
		"└─ fork-wait(4121) running 149%\n"
		"   ├─ {fw-worker}(4124) running 99%\n"
		"   ├─ {fw-worker}(4125) sleeping 0%\n"
		"   ├─ {fw-worker}(4126) sleeping\n"
		"   └─ fork-wait(4122) sleeping\n");
	struct tree_opts o = { .show_cpu = true, .show_threads = false };
	expect_tree(&s, &o,
		"keeper(4120)\n"
		"└─ fork-wait(4121) running 149%\n"
		"   └─ fork-wait(4122) sleeping\n");
	/* threads come and go without changing the shape */
	char *k = key_of(&s);
	assert_string_equal(k, "4121 4122");
	free(k);
	sample_snap_release(&s);
}

static void threads_limited(void **state)
{
	(void)state;
	struct sample_snap s;
	build_threads(&s);
	struct tree_opts o = ALL;
	o.max_threads = 1;
	expect_tree(&s, &o,
		"keeper(4120)\n"
		"└─ fork-wait(4121) running 149%\n"
		"   ├─ {fw-worker}(4124) running 99%\n"
		"   ├─ … 2 more threads\n"
		"   └─ fork-wait(4122) sleeping\n");
	o.max_threads = 2;
	expect_tree(&s, &o,
		"keeper(4120)\n"
		"└─ fork-wait(4121) running 149%\n"
		"   ├─ {fw-worker}(4124) running 99%\n"
		"   ├─ {fw-worker}(4125) sleeping 0%\n"
		"   ├─ … 1 more thread\n"
		"   └─ fork-wait(4122) sleeping\n");
	o.max_threads = 3; /* exactly enough: no "more" line */
	o.show_cpu = false;
	expect_tree(&s, &o,
		"keeper(4120)\n"
		"└─ fork-wait(4121) running\n"
		"   ├─ {fw-worker}(4124) running\n"
		"   ├─ {fw-worker}(4125) sleeping\n"
		"   ├─ {fw-worker}(4126) sleeping\n"
		"   └─ fork-wait(4122) sleeping\n");
	/* the "more" line can be the last item */
	sample_snap_release(&s);
	build_threads(&s);
	s.nprocs--;
	free(s.procs[s.nprocs].threads);
	o.max_threads = 1;
	expect_tree(&s, &o,
		"keeper(4120)\n"
		"└─ fork-wait(4121) running\n"
		"   ├─ {fw-worker}(4124) running\n"
		"   └─ … 2 more threads\n");
	sample_snap_release(&s);
}

/* fork(); fork(); fork(); from the demo: 8 processes, 3 levels below it.
 * Added out of pid order: the view sorts children by pid itself. */
static void deep_fork_tree(void **state)
{
	(void)state;
	struct sample_snap s;
	snap(&s, 199, 200);
	proc(&s, 207, 203, "fork3", STATE_RUNNING, 100.0);
	proc(&s, 199, 1, "lockstep-keeper", STATE_SLEEPING, 0.0);
	proc(&s, 204, 200, "fork3", STATE_SLEEPING, 0.0);
	proc(&s, 200, 199, "fork3", STATE_SLEEPING, 0.0);
	proc(&s, 205, 201, "fork3", STATE_ZOMBIE, NAN);
	proc(&s, 201, 200, "fork3", STATE_SLEEPING, 0.0);
	proc(&s, 206, 202, "fork3", STATE_SLEEPING, 0.0);
	proc(&s, 203, 201, "fork3", STATE_SLEEPING, 0.0);
	proc(&s, 202, 200, "fork3", STATE_SLEEPING, 0.0);
	struct tree_opts o = { .show_cpu = false };
	expect_tree(&s, &o,
		"keeper(199)\n"
		"└─ fork3(200) sleeping\n"
		"   ├─ fork3(201) sleeping\n"
		"   │  ├─ fork3(203) sleeping\n"
		"   │  │  └─ fork3(207) running\n"
		"   │  └─ fork3(205) zombie (exited, waiting for its parent to reap it)\n"
		"   ├─ fork3(202) sleeping\n"
		"   │  └─ fork3(206) sleeping\n"
		"   └─ fork3(204) sleeping\n");
	char *k = key_of(&s);
	assert_string_equal(k, "200 201 202 203 204 205Z 206 207");
	free(k);
	sample_snap_release(&s);
}

static void missing_parents_hang_under_the_keeper(void **state)
{
	(void)state;
	struct sample_snap s;
	snap(&s, 500, 501);
	/* no keeper entry at all; 510's parent vanished mid-scan; 520 and
	 * 521 name each other (pids reused during the scan) */
	proc(&s, 501, 500, "demo", STATE_SLEEPING, NAN);
	proc(&s, 510, 509, "lost", STATE_SLEEPING, NAN);
	proc(&s, 520, 521, "loop-a", STATE_SLEEPING, NAN);
	proc(&s, 521, 520, "loop-b", STATE_SLEEPING, NAN);
	expect_tree(&s, &ALL,
		"keeper(500)\n"
		"├─ demo(501) sleeping\n"
		"├─ lost(510) sleeping\n"
		"└─ loop-a(520) sleeping\n"
		"   └─ loop-b(521) sleeping\n");
	sample_snap_release(&s);
}

static void main_thread_exited_is_not_a_zombie(void **state)
{
	(void)state;
	struct sample_snap s;
	snap(&s, 600, 601);
	proc(&s, 600, 1, "lockstep-keeper", STATE_SLEEPING, NAN);
	struct sample_proc *p = proc(&s, 601, 600, "pthread-exit", STATE_ZOMBIE, 12.0);
	thread(p, 602, "pthread-exit", STATE_SLEEPING, 0.0);
	thread(p, 603, "pthread-exit", STATE_RUNNING, 12.0);
	struct tree_opts o = ALL;
	o.max_threads = 1;
	expect_tree(&s, &o,
		"keeper(600)\n"
		"└─ pthread-exit(601) running 12% (main thread exited)\n"
		"   ├─ {pthread-exit}(602) sleeping 0%\n"
		"   └─ … 1 more thread\n");
	char *k = key_of(&s);
	assert_string_equal(k, "601");
	free(k);
	/* when the last thread is gone too, it is a zombie */
	p->nthreads_read = 1;
	k = key_of(&s);
	assert_string_equal(k, "601Z");
	free(k);
	sample_snap_release(&s);
}

static void names_cannot_draw_on_the_terminal(void **state)
{
	(void)state;
	struct sample_snap s;
	snap(&s, 700, 701);
	proc(&s, 700, 1, "lockstep-keeper", STATE_SLEEPING, NAN);
	proc(&s, 701, 700, "\x1b[31mred\n", STATE_SLEEPING, NAN);
	proc(&s, 702, 701, "caf\xc3\xa9", STATE_SLEEPING, NAN);
	proc(&s, 703, 701, "cut\xc3", STATE_SLEEPING, NAN);
	expect_tree(&s, &ALL,
		"keeper(700)\n"
		"└─ ?[31mred?(701) sleeping\n"
		"   ├─ café(702) sleeping\n"
		"   └─ cut?(703) sleeping\n");
	sample_snap_release(&s);
}

static void shape_key_changes_only_for_shape(void **state)
{
	(void)state;
	struct sample_snap s;
	snap(&s, 4120, 4121);
	proc(&s, 4120, 4100, "lockstep-keeper", STATE_SLEEPING, NAN);
	proc(&s, 4121, 4120, "fork-wait", STATE_RUNNING, NAN);
	proc(&s, 4122, 4121, "fork-wait", STATE_ZOMBIE, NAN);
	proc(&s, 4123, 4121, "fork-wait", STATE_STOPPED, NAN);
	struct sample_proc *d = &s.procs[1], *c = &s.procs[3];
	char *k0 = key_of(&s);
	assert_string_equal(k0, "4121 4122Z 4123T");

	/* running <-> sleeping, CPU and threads: the same shape */
	d->state = STATE_SLEEPING;
	d->cpu_pct = 99.0;
	thread(d, 4124, "fw", STATE_RUNNING, 99.0);
	char *k1 = key_of(&s);
	assert_string_equal(k1, k0);

	/* the stopped child continues: a new shape */
	c->state = STATE_RUNNING;
	char *k2 = key_of(&s);
	assert_string_equal(k2, "4121 4122Z 4123");

	/* ... and exits: a new zombie, a new shape */
	c->state = STATE_ZOMBIE;
	char *k3 = key_of(&s);
	assert_string_equal(k3, "4121 4122Z 4123Z");

	/* a new process (proc() moves the array: d and c are stale now) */
	proc(&s, 4125, 4121, "fork-wait", STATE_SLEEPING, NAN);
	char *k4 = key_of(&s);
	assert_string_equal(k4, "4121 4122Z 4123Z 4125");

	/* the key is appended, like every other output here */
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addstr(&sb, "key: ");
	tree_shape_key(&s, &sb);
	assert_string_equal(sb.buf, "key: 4121 4122Z 4123Z 4125");
	strbuf_release(&sb);
	free(k0);
	free(k1);
	free(k2);
	free(k3);
	free(k4);
	sample_snap_release(&s);
}

/* ---- tree_draw ----------------------------------------------------------- */

static const char *style_name(int st)
{
	switch (st) {
	case ST_TEXT: return "text";
	case ST_DIM: return "dim";
	case ST_SELECT: return "select";
	case ST_TREE: return "tree";
	case ST_NEW: return "new";
	case ST_EXITED: return "exited";
	case ST_ZOMBIE: return "zombie";
	case ST_STOPPED: return "stopped";
	case ST_ORPHAN: return "orphan";
	case ST_RUNNING: return "running";
	default: return "other";
	}
}

/* Row y's styles as runs, "tree*3 text*21 dim*2", to compare whole rows
 * and still read which part is which. */
static char *styles(const struct canvas *c, int y)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (int x = 0; x < c->w;) {
		int st = c->cells[y * c->w + x].style, n = 0;
		for (; x < c->w && c->cells[y * c->w + x].style == st; x++)
			n++;
		strbuf_addf(&sb, "%s%s*%d", sb.len ? " " : "", style_name(st), n);
	}
	return strbuf_detach(&sb);
}

static void expect_style_runs(const struct canvas *c, int y, const char *want)
{
	char *got = styles(c, y);
	if (strcmp(got, want))
		fail_msg("row %d styles:\n  got  %s\n  want %s", y, got, want);
	free(got);
}

/* The model takes s over, as if sampled t seconds into the run. */
static void feed(struct run_model *m, struct sample_snap *s, double t)
{
	s->t_ns = (uint64_t)(t * 1e9);
	model_sample(m, s);
}

static struct tree_drawn draw(struct canvas *c, int w, int h, const struct run_model *m,
			      const struct tree_view_opts *o)
{
	canvas_resize(c, w, h);
	return tree_draw(c, canvas_rect(c), m, o);
}

/* The header's example, with a stopped child and an orphan. */
static void the_run(struct sample_snap *s)
{
	snap(s, 4120, 4121);
	proc(s, 4120, 4100, "lockstep-keeper", STATE_SLEEPING, 0.2);
	proc(s, 4121, 4120, "fork-wait", STATE_SLEEPING, 0.3);
	proc(s, 4122, 4121, "fork-wait", STATE_ZOMBIE, NAN);
	proc(s, 4123, 4121, "fork-wait", STATE_RUNNING, 98.4);
	proc(s, 4124, 4121, "fork-wait", STATE_STOPPED, 0.0);
	proc(s, 4130, 4120, "(my) prog", STATE_SLEEPING, 1.5);
}

/* A model that saw the_run twice, 2 s apart: nothing in it is new. */
static void settled(struct run_model *m)
{
	struct sample_snap s;
	model_init(m, 0);
	the_run(&s);
	feed(m, &s, 1.0);
	the_run(&s);
	feed(m, &s, 3.0);
}

static void draw_states_and_cpu(void **state)
{
	(void)state;
	struct run_model m;
	settled(&m);
	struct canvas c;
	canvas_init(&c, 1, 1);
	struct tree_drawn d = draw(&c, 60, 12, &m, NULL);
	expect_canvas(&c,
		"keeper(4120)\n"
		"├─ fork-wait(4121) sleeping                               0%\n"
		"│  ├─ fork-wait(4122) zombie (exited, waiting for its paren…\n"
		"│  ├─ fork-wait(4123) running                            98%\n"
		"│  └─ fork-wait(4124) stopped                             0%\n"
		"└─ (my) prog(4130) sleeping (orphan, reparented to the k… 2%\n"
		"\n\n\n\n\n\n");
	assert_int_equal(d.rows, 6);
	assert_int_equal(d.scroll, 0);
	assert_int_equal(d.selected, -1);
	assert_int_equal(d.selected_pid, 0);
	expect_style_runs(&c, 0, "text*60");
	expect_style_runs(&c, 1, "tree*3 text*55 dim*2");
	expect_style_runs(&c, 2, "tree*6 zombie*54");
	expect_style_runs(&c, 3, "tree*6 text*51 running*3"); /* text*23 words, blanks */
	expect_style_runs(&c, 4, "tree*6 stopped*23 text*29 dim*2");
	expect_style_runs(&c, 5, "tree*3 orphan*54 text*1 dim*2");

	/* 20x5: the words give way to the figure, which stays at the edge */
	d = draw(&c, 20, 5, &m, NULL);
	expect_canvas(&c,
		"keeper(4120)\n"
		"├─ fork-wait(412… 0%\n"
		"│  ├─ fork-wait(412…\n"
		"│  ├─ fork-wait… 98%\n"
		"│  └─ fork-wait(… 0%\n");
	assert_int_equal(d.rows, 6);
	expect_style_runs(&c, 3, "tree*6 text*11 running*3");
	canvas_release(&c);
	model_release(&m);
}

static void draw_new_and_gone(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 0);
	struct sample_snap s;
	for (double t = 1.0; t <= 3.0; t += 2.0) {
		snap(&s, 4120, 4121);
		proc(&s, 4120, 4100, "lockstep-keeper", STATE_SLEEPING, NAN);
		proc(&s, 4121, 4120, "fork-wait", STATE_SLEEPING, NAN);
		proc(&s, 4122, 4121, "fork-wait", STATE_SLEEPING, NAN);
		proc(&s, 4123, 4121, "spawner", STATE_SLEEPING, NAN);
		proc(&s, 4125, 4121, "fork-wait", STATE_RUNNING, 50.0);
		proc(&s, 4127, 4123, "grandkid", STATE_SLEEPING, NAN);
		proc(&s, 4128, 4123, "survivor", STATE_SLEEPING, NAN);
		feed(&m, &s, t);
	}
	/* at 4 s: 4122 exited with status 3 and was reaped; 4123 and its
	 * child 4127 vanished; 4128 was reparented to the keeper; 4126 came */
	for (double t = 4.0; t <= 7.0; t += t < 6.5 ? 2.9 : 0.1) {
		snap(&s, 4120, 4121);
		proc(&s, 4120, 4100, "lockstep-keeper", STATE_SLEEPING, NAN);
		proc(&s, 4121, 4120, "fork-wait", STATE_SLEEPING, NAN);
		proc(&s, 4125, 4121, "fork-wait", STATE_RUNNING, 50.0);
		proc(&s, 4126, 4121, "fork-wait", STATE_SLEEPING, NAN);
		proc(&s, 4128, 4120, "survivor", STATE_SLEEPING, NAN);
		feed(&m, &s, t);
		if (t == 4.0)
			model_ended(&m, 4122, "exited with status 3");

		struct canvas c;
		canvas_init(&c, 1, 1);
		struct tree_drawn d = draw(&c, 60, 12, &m, NULL);
		if (t == 4.0) {
			expect_canvas(&c,
				"keeper(4120)\n"
				"├─ fork-wait(4121) sleeping\n"
				"│  ├─ fork-wait(4122) exited with status 3\n"
				"│  ├─ spawner(4123) exited\n"
				"│  │  └─ grandkid(4127) exited\n"
				"│  ├─ fork-wait(4125) running                            50%\n"
				"│  └─ fork-wait(4126) sleeping\n"
				"└─ survivor(4128) sleeping (orphan, reparented to the keepe…\n"
				"\n\n\n\n");
			assert_int_equal(d.rows, 8);
			expect_style_runs(&c, 2, "tree*6 exited*36 text*18");
			expect_style_runs(&c, 3, "tree*6 exited*20 text*34");
			expect_style_runs(&c, 4, "tree*9 exited*21 text*30");
			expect_style_runs(&c, 5, "tree*6 text*51 running*3");
			expect_style_runs(&c, 6, "tree*6 new*24 text*30");
			expect_style_runs(&c, 7, "tree*3 orphan*57"); /* seen before: not new */
			/* narrow: the same rows, cut */
			draw(&c, 20, 5, &m, NULL);
			expect_canvas(&c,
				"keeper(4120)\n"
				"├─ fork-wait(4121) …\n"
				"│  ├─ fork-wait(412…\n"
				"│  ├─ spawner(4123)…\n"
				"│  │  └─ grandkid(4…\n");
			expect_style_runs(&c, 3, "tree*6 exited*14");
		} else if (t < 7.0) {
			/* 2.9 s later: still shown; 4126 is no longer new */
			assert_int_equal(d.rows, 8);
			expect_style_runs(&c, 2, "tree*6 exited*36 text*18");
			expect_style_runs(&c, 6, "tree*6 text*54");
			expect_style_runs(&c, 7, "tree*3 orphan*57");
		} else {
			/* 3 s after they left: gone for good */
			expect_canvas(&c,
				"keeper(4120)\n"
				"├─ fork-wait(4121) sleeping\n"
				"│  ├─ fork-wait(4125) running                            50%\n"
				"│  └─ fork-wait(4126) sleeping\n"
				"└─ survivor(4128) sleeping (orphan, reparented to the keepe…\n"
				"\n\n\n\n\n\n\n");
			assert_int_equal(d.rows, 5);
		}
		canvas_release(&c);
	}
	model_release(&m);
}

/* The demo and n children, settled (none new). */
static void many(struct run_model *m, int n)
{
	model_init(m, 0);
	for (double t = 1.0; t <= 3.0; t += 2.0) {
		struct sample_snap s;
		snap(&s, 100, 101);
		proc(&s, 100, 1, "lockstep-keeper", STATE_SLEEPING, NAN);
		proc(&s, 101, 100, "demo", STATE_SLEEPING, 0.0);
		for (int i = 0; i < n; i++)
			proc(&s, 200 + i, 101, "kid", STATE_SLEEPING, NAN);
		feed(m, &s, t);
	}
}

static void draw_scrolls(void **state)
{
	(void)state;
	struct run_model m;
	many(&m, 30);
	struct canvas c;
	canvas_init(&c, 1, 1);
	struct tree_view_opts o = { .scroll = 5, .selected = -1 };
	struct tree_drawn d = draw(&c, 60, 12, &m, &o);
	assert_int_equal(d.rows, 32);
	assert_int_equal(d.scroll, 5);
	char *r0 = canvas_row(&c, 0), *r11 = canvas_row(&c, 11);
	assert_string_equal(r0, "   ├─ kid(203) sleeping");
	assert_string_equal(r11, "   ├─ kid(214) sleeping");
	free(r0);
	free(r11);

	/* past the end: the last screenful; before the start: the first */
	o.scroll = 25;
	d = draw(&c, 60, 12, &m, &o);
	assert_int_equal(d.scroll, 20);
	r11 = canvas_row(&c, 11);
	assert_string_equal(r11, "   └─ kid(229) sleeping");
	free(r11);
	o.scroll = -3;
	d = draw(&c, 60, 12, &m, &o);
	assert_int_equal(d.scroll, 0);
	r0 = canvas_row(&c, 0);
	assert_string_equal(r0, "keeper(100)");
	free(r0);

	o.scroll = 1000;
	d = draw(&c, 20, 5, &m, &o);
	assert_int_equal(d.rows, 32);
	assert_int_equal(d.scroll, 27);
	expect_canvas(&c,
		"   ├─ kid(225) slee…\n"
		"   ├─ kid(226) slee…\n"
		"   ├─ kid(227) slee…\n"
		"   ├─ kid(228) slee…\n"
		"   └─ kid(229) slee…\n");

	/* a tree shorter than the rect does not scroll at all */
	model_release(&m);
	many(&m, 2);
	o.scroll = 3;
	d = draw(&c, 20, 5, &m, &o);
	assert_int_equal(d.rows, 4);
	assert_int_equal(d.scroll, 0);
	r0 = canvas_row(&c, 0);
	assert_string_equal(r0, "keeper(100)");
	free(r0);
	canvas_release(&c);
	model_release(&m);
}

/* A demo of nthreads threads (the main one included), 2 of the others
 * running at 95%, settled. */
static void threaded(struct run_model *m, int nthreads)
{
	model_init(m, 0);
	for (double t = 1.0; t <= 3.0; t += 2.0) {
		struct sample_snap s;
		snap(&s, 300, 301);
		proc(&s, 300, 1, "lockstep-keeper", STATE_SLEEPING, NAN);
		struct sample_proc *d = proc(&s, 301, 300, "pool", STATE_SLEEPING, 190.0);
		d->threads[0].cpu_pct = 0.0;
		for (int i = 1; i < nthreads; i++)
			thread(d, 310 + i, "worker", i <= 2 ? STATE_RUNNING : STATE_SLEEPING,
			       i <= 2 ? 95.0 : 0.0);
		proc(&s, 302, 301, "helper", STATE_SLEEPING, 0.0);
		feed(m, &s, t);
	}
}

static void draw_collapses_threads(void **state)
{
	(void)state;
	struct run_model m;
	struct canvas c;
	canvas_init(&c, 1, 1);

	/* 8 threads: one row each, as the text tree has them */
	threaded(&m, 8);
	struct tree_drawn d = draw(&c, 60, 12, &m, NULL);
	assert_int_equal(d.rows, 10);
	char *r2 = canvas_row(&c, 2), *r8 = canvas_row(&c, 8);
	assert_string_equal(r2, "   ├─ {worker}(311) running                              95%");
	assert_string_equal(r8, "   ├─ {worker}(317) sleeping                              0%");
	free(r2);
	free(r8);
	expect_style_runs(&c, 2, "tree*6 text*51 running*3");
	model_release(&m);

	/* 9: one row for them all */
	threaded(&m, 9);
	d = draw(&c, 60, 12, &m, NULL);
	assert_int_equal(d.rows, 4);
	expect_canvas(&c,
		"keeper(300)\n"
		"└─ pool(301) sleeping                                   190%\n"
		"   ├─ {9 threads}                                       190%\n"
		"   └─ helper(302) sleeping                                0%\n"
		"\n\n\n\n\n\n\n\n");
	expect_style_runs(&c, 2, "tree*6 text*50 running*4");
	d = draw(&c, 20, 5, &m, NULL);
	expect_canvas(&c,
		"keeper(300)\n"
		"└─ pool(301) s… 190%\n"
		"   ├─ {9 threa… 190%\n"
		"   └─ helper(302… 0%\n"
		"\n");

	assert_int_equal(tree_selected_pid(&m, 3, NULL, 0), 302);

	/* expanded by the front end: a row per thread again */
	pid_t open[] = { 999, 301 };
	struct tree_view_opts o = { .selected = -1, .expanded = open, .nexpanded = 2 };
	d = draw(&c, 60, 12, &m, &o);
	assert_int_equal(d.rows, 11);
	char *r9 = canvas_row(&c, 9);
	assert_string_equal(r9, "   ├─ {worker}(318) sleeping                              0%");
	free(r9);
	assert_int_equal(tree_selected_pid(&m, 3, open, 2), 301);
	assert_int_equal(tree_selected_pid(&m, 10, open, 2), 302);

	/* a lower threshold, and none */
	o = (struct tree_view_opts){ .selected = -1, .collapse_above = 2 };
	model_release(&m);
	threaded(&m, 3);
	d = draw(&c, 20, 5, &m, &o);
	assert_int_equal(d.rows, 4);
	expect_canvas(&c,
		"keeper(300)\n"
		"└─ pool(301) s… 190%\n"
		"   ├─ {3 threa… 190%\n"
		"   └─ helper(302… 0%\n"
		"\n");
	o.collapse_above = -1;
	model_release(&m);
	threaded(&m, 30);
	d = draw(&c, 60, 12, &m, &o);
	assert_int_equal(d.rows, 32);
	canvas_release(&c);
	model_release(&m);
}

static void draw_selects(void **state)
{
	(void)state;
	struct run_model m;
	threaded(&m, 4);
	struct canvas c;
	canvas_init(&c, 1, 1);
	/* a thread row stands for its process */
	struct tree_view_opts o = { .selected = 3 };
	struct tree_drawn d = draw(&c, 60, 12, &m, &o);
	assert_int_equal(d.rows, 6);
	assert_int_equal(d.selected, 3);
	assert_int_equal(d.selected_pid, 301);
	expect_style_runs(&c, 2, "tree*6 text*51 running*3");
	expect_style_runs(&c, 3, "select*60");
	o.selected = 5;
	d = draw(&c, 60, 12, &m, &o);
	assert_int_equal(d.selected_pid, 302);
	o.selected = 0;
	d = draw(&c, 60, 12, &m, &o);
	assert_int_equal(d.selected_pid, 300);
	expect_style_runs(&c, 0, "select*60");

	/* the same without drawing, for a front end between frames */
	assert_int_equal(tree_selected_pid(&m, 3, NULL, 0), 301);
	assert_int_equal(tree_selected_pid(&m, 0, NULL, 0), 300);
	assert_int_equal(tree_selected_pid(&m, 99, NULL, 0), 302);
	assert_int_equal(tree_selected_pid(&m, -1, NULL, 0), 0);

	/* past the end: the last row; below the window: it scrolls to it */
	o.selected = 40;
	d = draw(&c, 20, 5, &m, &o);
	assert_int_equal(d.selected, 5);
	assert_int_equal(d.scroll, 1);
	assert_int_equal(d.selected_pid, 302);
	expect_canvas(&c,
		"└─ pool(301) s… 190%\n"
		"   ├─ {worker}(… 95%\n"
		"   ├─ {worker}(… 95%\n"
		"   ├─ {worker}(3… 0%\n"
		"   └─ helper(302… 0%\n");
	expect_style_runs(&c, 4, "select*20");
	expect_style_runs(&c, 3, "tree*6 text*12 dim*2");
	/* above the window: it scrolls back up to it */
	o.scroll = 1;
	o.selected = 0;
	d = draw(&c, 20, 5, &m, &o);
	assert_int_equal(d.scroll, 0);
	expect_style_runs(&c, 0, "select*20");
	canvas_release(&c);
	model_release(&m);
}

static void draw_small_rects_and_wide_names(void **state)
{
	(void)state;
	struct run_model m;
	settled(&m);
	struct canvas c;
	canvas_init(&c, 1, 1);
	struct tree_drawn d = tree_draw(&c, canvas_rect(&c), &m, NULL);
	assert_int_equal(d.rows, 6);
	char *r = canvas_row(&c, 0);
	assert_string_equal(r, "…");
	free(r);

	/* too narrow for words and a figure: the words win */
	draw(&c, 6, 3, &m, NULL);
	expect_canvas(&c, "keepe…\n├─ fo…\n│  ├─\n"); /* no room for a word */
	draw(&c, 8, 3, &m, NULL);
	expect_canvas(&c, "keeper(…\n├─ f… 0%\n│  ├─ f…\n");

	/* inside a bigger canvas: nothing outside the rect changes */
	canvas_resize(&c, 24, 7);
	for (int y = 0; y < 7; y++)
		canvas_text(&c, canvas_rect(&c), 0, y, "########################", ST_BORDER);
	struct tree_view_opts o = { .selected = 1 };
	tree_draw(&c, (struct rect){ 2, 1, 20, 5 }, &m, &o);
	expect_canvas(&c,
		"########################\n"
		"##keeper(4120)        ##\n"
		"##├─ fork-wait(412… 0%##\n"
		"##│  ├─ fork-wait(412…##\n"
		"##│  ├─ fork-wait… 98%##\n"
		"##│  └─ fork-wait(… 0%##\n"
		"########################\n");
	char *st = canvas_row_styles(&c, 2);
	assert_string_equal(st, "uuyyyyyyyyyyyyyyyyyyyyuu");
	free(st);
	tree_draw(&c, (struct rect){ 3, 3, 0, 0 }, &m, &o);
	tree_draw(&c, (struct rect){ 30, 30, 5, 5 }, &m, &o);
	tree_draw(&c, (struct rect){ 22, 6, 5, 5 }, &m, &o);
	expect_canvas(&c,
		"########################\n"
		"##keeper(4120)        ##\n"
		"##├─ fork-wait(412… 0%##\n"
		"##│  ├─ fork-wait(412…##\n"
		"##│  ├─ fork-wait… 98%##\n"
		"##│  └─ fork-wait(… 0%##\n"
		"######################ke\n");
	model_release(&m);

	/* no sample yet */
	model_init(&m, 0);
	d = draw(&c, 20, 5, &m, &o);
	assert_int_equal(d.rows, 1);
	assert_int_equal(d.selected, 0);
	assert_int_equal(d.selected_pid, 0);
	expect_canvas(&c, "(no processes)\n\n\n\n\n");
	model_release(&m);

	/* CJK names take two columns; one that does not fit whole is cut
	 * before it, never in half */
	model_init(&m, 0);
	for (double t = 1.0; t <= 3.0; t += 2.0) {
		struct sample_snap s;
		snap(&s, 400, 401);
		proc(&s, 400, 1, "lockstep-keeper", STATE_SLEEPING, NAN);
		proc(&s, 401, 400, "分岐", STATE_RUNNING, 12.0);
		proc(&s, 402, 401, "子プロセス", STATE_SLEEPING, NAN);
		feed(&m, &s, t);
	}
	d = draw(&c, 20, 5, &m, NULL);
	expect_canvas(&c,
		"keeper(400)\n"
		"└─ 分岐(401) ru… 12%\n"
		"   └─ 子プロセス(40…\n"
		"\n\n");
	d = draw(&c, 12, 5, &m, NULL);
	expect_canvas(&c,
		"keeper(400)\n"
		"└─ 分岐… 12%\n"
		"   └─ 子プ…\n"
		"\n\n");
	expect_style_runs(&c, 2, "tree*6 text*6");
	d = draw(&c, 60, 12, &m, NULL);
	r = canvas_row(&c, 1);
	assert_string_equal(r, "└─ 分岐(401) running                                     12%");
	free(r);
	canvas_release(&c);
	model_release(&m);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_snapshot),
		cmocka_unit_test(the_header_example),
		cmocka_unit_test(stopped_orphan_and_cpu),
		cmocka_unit_test(threads_all_and_none),
		cmocka_unit_test(threads_limited),
		cmocka_unit_test(deep_fork_tree),
		cmocka_unit_test(missing_parents_hang_under_the_keeper),
		cmocka_unit_test(main_thread_exited_is_not_a_zombie),
		cmocka_unit_test(names_cannot_draw_on_the_terminal),
		cmocka_unit_test(shape_key_changes_only_for_shape),
		cmocka_unit_test(draw_states_and_cpu),
		cmocka_unit_test(draw_new_and_gone),
		cmocka_unit_test(draw_scrolls),
		cmocka_unit_test(draw_collapses_threads),
		cmocka_unit_test(draw_selects),
		cmocka_unit_test(draw_small_rects_and_wide_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
