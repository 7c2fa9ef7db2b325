/* test_tree: the process tree as text, from snapshots built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample/sample.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
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
	proc(&s, 4122, 4121, "fork-wait", STATE_ZOMBIE, NAN);
	proc(&s, 4123, 4121, "fork-wait", STATE_RUNNING, 98.4);
	expect_tree(&s, &ALL,
		"keeper(4120)\n"
		"└─ fork-wait(4121) sleeping\n"
		"   ├─ fork-wait(4122) zombie (exited, waiting for its parent to reap it)\n"
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

int main(void)
{
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
