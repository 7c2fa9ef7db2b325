/* test_sample: the /proc sampler, on fixture trees and on the live /proc. */
/* _GNU_SOURCE: prctl(PR_SET_NAME) to give the live processes telling names */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sample/sample.h"
#include "util/strbuf.h"

#define BEFORE "tests/fixtures/proc/before"
#define AFTER "tests/fixtures/proc/after"
#define SEC 1000000000ull

static void assert_pct(double got, double want)
{
	if (!(fabs(got - want) < 1e-9))
		fail_msg("expected %.12g%%, got %.12g%%", want, got);
}

static const struct sample_proc *must_find(const struct sample_snap *s, pid_t pid)
{
	const struct sample_proc *p = sample_find(s, pid);
	if (!p)
		fail_msg("pid %d is not in the snapshot", (int)pid);
	return p;
}

static void scan_fixture(const char *root, pid_t demo, uint64_t t_ns, struct sample_snap *s)
{
	struct strbuf err;
	strbuf_init(&err);
	sample_snap_init(s);
	int rc = sample_scan(root, 4120, demo, t_ns, s, &err);
	if (rc != 0)
		fail_msg("sample_scan: %s", err.buf);
	assert_string_equal(err.buf, "");
	strbuf_release(&err);
}

static void fixture_finds_the_run_and_nothing_else(void **state)
{
	(void)state;
	struct sample_snap s;
	scan_fixture(BEFORE, 4121, 1 * SEC, &s);
	assert_int_equal(s.t_ns, 1 * SEC);
	assert_int_equal(s.keeper, 4120);
	assert_int_equal(s.demo, 4121);
	static const pid_t want[] = { 4120, 4121, 4122, 4123, 4130, 4131 };
	assert_int_equal(s.nprocs, 6);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(s.procs[i].pid, want[i]);
	/* the keeper's parent, its sibling and init are not the run's */
	assert_null(sample_find(&s, 4110));
	assert_null(sample_find(&s, 4200));
	assert_null(sample_find(&s, 1));

	const struct sample_proc *k = must_find(&s, 4120);
	assert_string_equal(k->comm, "lockstep-keeper");
	assert_int_equal(k->ppid, 4110);
	assert_int_equal(k->state, STATE_SLEEPING);
	assert_false(k->orphan);
	assert_int_equal(k->cpu_ns, 2000000);
	assert_int_equal(k->vol_cs, 10);
	assert_int_equal(k->invol_cs, 1);
	assert_true(isnan(k->cpu_pct));
	sample_snap_release(&s);
	assert_int_equal(s.nprocs, 0);
	assert_null(s.procs);
}

static void fixture_demo_and_its_threads(void **state)
{
	(void)state;
	struct sample_snap s;
	scan_fixture(BEFORE, 4121, 1 * SEC, &s);
	const struct sample_proc *d = must_find(&s, 4121);
	assert_string_equal(d->comm, "fork-wait");
	assert_int_equal(d->ppid, 4120);
	assert_int_equal(d->pgid, 4120);
	assert_int_equal(d->state, STATE_SLEEPING);
	assert_int_equal(d->start_ticks, 220010);
	assert_int_equal(d->nthreads, 2);
	assert_false(d->orphan);
	assert_int_equal(d->nthreads_read, 2);

	const struct sample_thread *t = &d->threads[0];
	assert_int_equal(t->tid, 4121);
	assert_string_equal(t->comm, "fork-wait");
	assert_int_equal(t->state, STATE_SLEEPING);
	assert_int_equal(t->cpu_ns, 100000000);
	assert_int_equal(t->vol_cs, 5);
	assert_int_equal(t->invol_cs, 2);
	assert_int_equal(t->cpu, 0);
	assert_true(isnan(t->cpu_pct));

	t = &d->threads[1];
	assert_int_equal(t->tid, 4124);
	assert_string_equal(t->comm, "fw-worker");
	assert_int_equal(t->state, STATE_RUNNING);
	assert_int_equal(t->cpu_ns, 200000000);
	assert_int_equal(t->vol_cs, 3);
	assert_int_equal(t->invol_cs, 40);
	assert_int_equal(t->cpu, 1);

	/* sums over both threads, not the main thread's own status (5, 2) */
	assert_int_equal(d->cpu_ns, 300000000);
	assert_int_equal(d->vol_cs, 8);
	assert_int_equal(d->invol_cs, 42);
	sample_snap_release(&s);
}

static void fixture_zombie_stopped_orphan(void **state)
{
	(void)state;
	struct sample_snap s;
	scan_fixture(BEFORE, 4121, 1 * SEC, &s);

	/* a zombie whose task has only stat: CPU unknown, never 0; its
	 * context switches come from the process's status */
	const struct sample_proc *z = must_find(&s, 4122);
	assert_int_equal(z->state, STATE_ZOMBIE);
	assert_int_equal(z->ppid, 4121);
	assert_false(z->orphan);
	assert_int_equal(z->nthreads_read, 1);
	assert_int_equal(z->threads[0].state, STATE_ZOMBIE);
	assert_int_equal(z->threads[0].cpu_ns, -1);
	assert_int_equal(z->threads[0].vol_cs, -1);
	assert_int_equal(z->threads[0].invol_cs, -1);
	assert_int_equal(z->cpu_ns, -1);
	assert_int_equal(z->vol_cs, 1);
	assert_int_equal(z->invol_cs, 0);

	const struct sample_proc *t = must_find(&s, 4123);
	assert_int_equal(t->state, STATE_STOPPED);
	assert_int_equal(t->ppid, 4121);
	assert_int_equal(t->cpu_ns, 5000000);

	/* comm with spaces and ')' ends at the last ')' */
	const struct sample_proc *o = must_find(&s, 4130);
	assert_string_equal(o->comm, "(my) prog");
	assert_string_equal(o->threads[0].comm, "(my) prog");
	assert_int_equal(o->ppid, 4120);
	assert_int_equal(o->state, STATE_SLEEPING);
	assert_true(o->orphan);
	assert_int_equal(o->threads[0].cpu, 1);

	/* no status file anywhere: unknown, not 0; still in the tree */
	const struct sample_proc *w = must_find(&s, 4131);
	assert_string_equal(w->comm, "worker");
	assert_int_equal(w->ppid, 4130);
	assert_false(w->orphan); /* a grandchild of the keeper */
	assert_int_equal(w->vol_cs, -1);
	assert_int_equal(w->invol_cs, -1);
	assert_int_equal(w->threads[0].vol_cs, -1);
	assert_int_equal(w->threads[0].invol_cs, -1);
	assert_int_equal(w->cpu_ns, 7000000);
	sample_snap_release(&s);
}

static void fixture_demo_not_yet_known(void **state)
{
	(void)state;
	struct sample_snap s;
	scan_fixture(BEFORE, 0, 1 * SEC, &s);
	assert_int_equal(s.nprocs, 6);
	for (size_t i = 0; i < s.nprocs; i++)
		assert_false(s.procs[i].orphan);
	sample_snap_release(&s);
}

static void fixture_keeper_gone_or_root_missing(void **state)
{
	(void)state;
	struct strbuf err;
	strbuf_init(&err);
	struct sample_snap s;
	sample_snap_init(&s);
	assert_int_equal(sample_scan(BEFORE, 9999, 10000, 5, &s, &err), 0);
	assert_int_equal(s.nprocs, 0);
	assert_int_equal(s.keeper, 9999);
	assert_int_equal(s.t_ns, 5);
	assert_string_equal(err.buf, "");

	assert_int_equal(sample_scan("tests/fixtures/proc/no-such-root", 4120, 4121, 5, &s, &err), -1);
	assert_string_equal(err.buf,
		"cannot read 'tests/fixtures/proc/no-such-root': No such file or directory");
	assert_int_equal(s.nprocs, 0);
	strbuf_release(&err);
	sample_snap_release(&s);
}

static void fixture_rescan_into_same_snapshot(void **state)
{
	(void)state;
	struct sample_snap s;
	scan_fixture(BEFORE, 4121, 1 * SEC, &s);
	struct strbuf err;
	strbuf_init(&err);
	/* the old contents are released, not leaked (ASan checks) */
	assert_int_equal(sample_scan(AFTER, 4120, 4121, 2 * SEC, &s, &err), 0);
	assert_int_equal(s.nprocs, 6);
	assert_int_equal(must_find(&s, 4121)->cpu_ns, 1790000000);
	strbuf_release(&err);
	sample_snap_release(&s);
}

static void fixture_rates(void **state)
{
	(void)state;
	struct sample_snap a, b;
	scan_fixture(BEFORE, 4121, 1 * SEC, &a);
	scan_fixture(AFTER, 4121, 2 * SEC, &b);
	sample_rates(&b, &a);

	const struct sample_proc *d = must_find(&b, 4121);
	assert_pct(d->threads[0].cpu_pct, 50.0);
	assert_pct(d->threads[1].cpu_pct, 99.0);
	assert_pct(d->cpu_pct, 149.0); /* two threads: more than 100% */
	assert_int_equal(d->vol_cs, 10);
	assert_int_equal(d->invol_cs, 142);
	assert_pct(must_find(&b, 4120)->cpu_pct, 0.1);
	assert_pct(must_find(&b, 4123)->cpu_pct, 0.0); /* stopped: known, zero */
	assert_pct(must_find(&b, 4130)->cpu_pct, 2.0);
	assert_pct(must_find(&b, 4131)->cpu_pct, 0.0);
	/* the zombie's CPU time is unknown, so is its rate */
	assert_true(isnan(must_find(&b, 4122)->cpu_pct));
	assert_true(isnan(must_find(&b, 4122)->threads[0].cpu_pct));
	sample_snap_release(&a);
	sample_snap_release(&b);
}

static void fixture_rates_only_for_the_same_process(void **state)
{
	(void)state;
	struct sample_snap a, b;
	scan_fixture(BEFORE, 4121, 1 * SEC, &a);
	scan_fixture(AFTER, 4121, 2 * SEC, &b);
	/* 4130 was another process with the same pid; 4124 is a new thread */
	((struct sample_proc *)must_find(&a, 4130))->start_ticks = 1;
	((struct sample_proc *)must_find(&a, 4121))->nthreads_read = 1;
	sample_rates(&b, &a);
	assert_true(isnan(must_find(&b, 4130)->cpu_pct));
	assert_true(isnan(must_find(&b, 4130)->threads[0].cpu_pct));
	const struct sample_proc *d = must_find(&b, 4121);
	assert_true(isnan(d->threads[1].cpu_pct));
	assert_pct(d->cpu_pct, 50.0);

	/* no earlier scan, or no time between them: no rates at all */
	struct sample_snap empty;
	sample_snap_init(&empty);
	sample_rates(&b, &empty);
	for (size_t i = 0; i < b.nprocs; i++)
		assert_true(isnan(b.procs[i].cpu_pct));
	sample_rates(&b, &b);
	assert_true(isnan(must_find(&b, 4121)->cpu_pct));
	assert_true(isnan(must_find(&b, 4121)->threads[0].cpu_pct));
	sample_snap_release(&a);
	sample_snap_release(&b);
}

static void count_and_names(void **state)
{
	(void)state;
	struct sample_snap s;
	scan_fixture(BEFORE, 4121, 1 * SEC, &s);
	size_t np = 99, nt = 99;
	sample_count(&s, &np, &nt);
	assert_int_equal(np, 5);
	assert_int_equal(nt, 6);
	sample_snap_release(&s);
	sample_count(&s, &np, &nt);
	assert_int_equal(np, 0);
	assert_int_equal(nt, 0);

	assert_string_equal(sample_state_name(STATE_RUNNING), "running");
	assert_string_equal(sample_state_name(STATE_SLEEPING), "sleeping");
	assert_string_equal(sample_state_name(STATE_DISK), "waiting (uninterruptible)");
	assert_string_equal(sample_state_name(STATE_STOPPED), "stopped");
	assert_string_equal(sample_state_name(STATE_ZOMBIE), "zombie");
	assert_string_equal(sample_state_name(STATE_DEAD), "dead");
	assert_string_equal(sample_state_name(STATE_UNKNOWN), "unknown");
}

/* ---- the live /proc ------------------------------------------------------
 * The test process plays the keeper. Its child (the demo) starts a thread
 * and forks a grandchild; all of them wait for EOF on the go pipe, so
 * closing its write end lets them all exit. If a check fails first, the
 * teardown kills the child's process group and reaps the child. */

static pid_t live_child = -1;
static int live_go = -1;

static void read_until_eof(int fd)
{
	char c;
	ssize_t n;
	while ((n = read(fd, &c, 1)) > 0 || (n < 0 && errno == EINTR))
		;
}

struct kid {
	int go, ready;
};

static void *idle_thread(void *arg)
{
	const struct kid *k = arg;
	prctl(PR_SET_NAME, "idle thread");
	if (write(k->ready, "t", 1) != 1)
		_exit(3);
	read_until_eof(k->go);
	return NULL;
}

static void live_child_main(int go, int ready)
{
	setpgid(0, 0);
	struct kid k = { go, ready };
	pid_t g = fork();
	if (g < 0)
		_exit(1);
	if (g == 0) {
		prctl(PR_SET_NAME, "(my) kid");
		if (write(ready, "g", 1) != 1)
			_exit(3);
		read_until_eof(go);
		_exit(0);
	}
	pthread_t t;
	if (pthread_create(&t, NULL, idle_thread, &k) != 0)
		_exit(2);
	read_until_eof(go);
	pthread_join(t, NULL);
	int st;
	while (waitpid(g, &st, 0) < 0 && errno == EINTR)
		;
	_exit(0);
}

static int live_teardown(void **state)
{
	(void)state;
	if (live_go >= 0)
		close(live_go);
	live_go = -1;
	if (live_child > 0) {
		kill(-live_child, SIGKILL);
		kill(live_child, SIGKILL);
		while (waitpid(live_child, NULL, 0) < 0 && errno == EINTR)
			;
	}
	live_child = -1;
	return 0;
}

static void live_finds_child_grandchild_and_thread(void **state)
{
	(void)state;
	int go[2], ready[2];
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	pid_t c = fork();
	assert_true(c >= 0);
	if (c == 0) {
		close(go[1]);
		close(ready[0]);
		live_child_main(go[0], ready[1]);
	}
	live_child = c;
	live_go = go[1];
	close(go[0]);
	close(ready[1]);
	char got[2];
	size_t have = 0;
	while (have < 2) {
		ssize_t n = read(ready[0], got + have, 2 - have);
		if (n < 0 && errno == EINTR)
			continue;
		assert_true(n > 0); /* EOF: the child died before it was ready */
		have += (size_t)n;
	}
	close(ready[0]);

	pid_t me = getpid();
	struct sample_snap s;
	sample_snap_init(&s);
	struct strbuf err;
	strbuf_init(&err);
	assert_int_equal(sample_scan("/proc", me, c, 1, &s, &err), 0);
	assert_int_equal(s.nprocs, 3);

	const struct sample_proc *k = must_find(&s, me);
	assert_false(k->orphan);
	const struct sample_proc *d = must_find(&s, c);
	assert_int_equal(d->ppid, me);
	assert_int_equal(d->pgid, c);
	assert_false(d->orphan);
	assert_int_equal(d->nthreads, 2);
	assert_int_equal(d->nthreads_read, 2);
	assert_int_equal(d->threads[0].tid, c);
	assert_true(d->threads[1].tid != c);
	assert_string_equal(d->threads[1].comm, "idle thread");
	for (size_t i = 0; i < 2; i++) {
		assert_true(d->threads[i].cpu_ns >= 0);
		assert_true(d->threads[i].vol_cs >= 0);
		assert_true(d->threads[i].invol_cs >= 0);
		assert_true(d->threads[i].cpu >= 0);
	}
	assert_int_equal(d->cpu_ns, d->threads[0].cpu_ns + d->threads[1].cpu_ns);

	const struct sample_proc *g = NULL;
	for (size_t i = 0; i < s.nprocs; i++)
		if (s.procs[i].pid != me && s.procs[i].pid != c)
			g = &s.procs[i];
	assert_non_null(g);
	assert_int_equal(g->ppid, c);
	assert_string_equal(g->comm, "(my) kid");
	assert_int_equal(g->nthreads, 1);
	assert_int_equal(g->nthreads_read, 1);
	assert_false(g->orphan);
	size_t np, nt;
	sample_count(&s, &np, &nt);
	assert_int_equal(np, 2);
	assert_int_equal(nt, 3);

	/* let them all go, reap the child (it reaped the grandchild) */
	close(live_go);
	live_go = -1;
	int st;
	while (waitpid(c, &st, 0) < 0)
		assert_int_equal(errno, EINTR);
	live_child = -1;
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(sample_scan("/proc", me, c, 2, &s, &err), 0);
	assert_int_equal(s.nprocs, 1);
	assert_int_equal(s.procs[0].pid, me);
	strbuf_release(&err);
	sample_snap_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixture_finds_the_run_and_nothing_else),
		cmocka_unit_test(fixture_demo_and_its_threads),
		cmocka_unit_test(fixture_zombie_stopped_orphan),
		cmocka_unit_test(fixture_demo_not_yet_known),
		cmocka_unit_test(fixture_keeper_gone_or_root_missing),
		cmocka_unit_test(fixture_rescan_into_same_snapshot),
		cmocka_unit_test(fixture_rates),
		cmocka_unit_test(fixture_rates_only_for_the_same_process),
		cmocka_unit_test(count_and_names),
		cmocka_unit_test_teardown(live_finds_child_grandchild_and_thread, live_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
