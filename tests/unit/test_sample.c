/* test_sample: the /proc sampler, on fixture trees and on the live /proc. */
/* _GNU_SOURCE: prctl(PR_SET_NAME) to give the live processes telling names */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sample/sample.h"
#include "util/fileio.h"
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
	/* half a second apart instead of one: a thread's 0.99 s would be 198%
	 * of one core, which no thread can use; it reads 100% */
	b.t_ns = a.t_ns + SEC / 2;
	sample_rates(&b, &a);
	assert_pct(must_find(&b, 4121)->threads[1].cpu_pct, 100.0);
	assert_pct(must_find(&b, 4121)->threads[0].cpu_pct, 100.0);
	b.t_ns = 2 * SEC;
	sample_rates(&b, &a);
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

/* ---- the sampler: fixtures ---------------------------------------------- */

#define WALK "tests/fixtures/proc/walk"

/* The descriptors this process has open. */
static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	assert_non_null(d);
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n - 1; /* the listing's own */
}

static void scan_with(struct sampler *smp, pid_t demo, uint64_t t_ns, struct sample_snap *s)
{
	struct strbuf err;
	strbuf_init(&err);
	if (sampler_scan(smp, 4120, demo, t_ns, s, &err) != 0)
		fail_msg("sampler_scan: %s", err.buf);
	assert_string_equal(err.buf, "");
	strbuf_release(&err);
}

/* Everything a scan reports about a process, compared field by field. */
static void assert_same_proc(const struct sample_proc *a, const struct sample_proc *b)
{
	assert_int_equal(a->pid, b->pid);
	assert_int_equal(a->ppid, b->ppid);
	assert_int_equal(a->pgid, b->pgid);
	assert_string_equal(a->comm, b->comm);
	assert_int_equal(a->state, b->state);
	assert_int_equal(a->start_ticks, b->start_ticks);
	assert_int_equal(a->nthreads, b->nthreads);
	assert_int_equal(a->cpu_ns, b->cpu_ns);
	assert_int_equal(a->vol_cs, b->vol_cs);
	assert_int_equal(a->invol_cs, b->invol_cs);
	assert_int_equal(a->orphan, b->orphan);
	assert_int_equal(a->nthreads_read, b->nthreads_read);
	for (size_t i = 0; i < a->nthreads_read; i++) {
		const struct sample_thread *x = &a->threads[i], *y = &b->threads[i];
		assert_int_equal(x->tid, y->tid);
		assert_string_equal(x->comm, y->comm);
		assert_int_equal(x->state, y->state);
		assert_int_equal(x->cpu_ns, y->cpu_ns);
		assert_int_equal(x->vol_cs, y->vol_cs);
		assert_int_equal(x->invol_cs, y->invol_cs);
		assert_int_equal(x->cpu, y->cpu);
	}
}

static void assert_same_snap(const struct sample_snap *a, const struct sample_snap *b)
{
	assert_int_equal(a->nprocs, b->nprocs);
	for (size_t i = 0; i < a->nprocs; i++)
		assert_same_proc(&a->procs[i], &b->procs[i]);
}

static void walk_fixture_same_as_listing(void **state)
{
	(void)state;
	struct sample_snap listed, walked, once;
	scan_fixture(BEFORE, 4121, 1 * SEC, &listed);
	struct sampler *smp = sampler_new(WALK);
	sample_snap_init(&walked);
	scan_with(smp, 4121, 1 * SEC, &walked);
	sampler_free(smp);
	/* 4123 was forked by the demo's worker thread: found through that
	 * thread's children file; the decoy is in no children file */
	assert_null(sample_find(&walked, 4300));
	assert_same_snap(&walked, &listed);
	/* sample_scan lists root, children files or not: it finds the decoy */
	scan_fixture(WALK, 4121, 1 * SEC, &once);
	assert_int_equal(must_find(&once, 4300)->ppid, 4121);
	sample_snap_release(&listed);
	sample_snap_release(&walked);
	sample_snap_release(&once);
}

/* Both ways of finding the run, through a sampler that scans again: the
 * second scan (from what it remembers) reports exactly what the first did. */
static void sampler_rescan_is_stable(void **state)
{
	(void)state;
	static const char *const roots[] = { BEFORE, WALK };
	int before = count_fds();
	for (size_t r = 0; r < 2; r++) {
		struct sampler *smp = sampler_new(roots[r]);
		struct sample_snap a, b, once;
		sample_snap_init(&a);
		sample_snap_init(&b);
		scan_with(smp, 4121, 1 * SEC, &a);
		scan_with(smp, 4121, 2 * SEC, &b);
		scan_fixture(BEFORE, 4121, 1 * SEC, &once); /* the same tree, listed */
		assert_int_equal(b.t_ns, 2 * SEC);
		assert_same_snap(&a, &once);
		assert_same_snap(&b, &once);
		/* many scans later, the same */
		for (int i = 0; i < 3 * SAMPLER_REFRESH_SCANS; i++)
			scan_with(smp, 4121, (uint64_t)(3 + i) * SEC, &b);
		assert_same_snap(&b, &once);
		/* another keeper: the cache starts afresh */
		struct strbuf err;
		strbuf_init(&err);
		assert_int_equal(sampler_scan(smp, 9999, 0, 5, &b, &err), 0);
		assert_int_equal(b.nprocs, 0);
		scan_with(smp, 4121, 1 * SEC, &b);
		assert_same_snap(&b, &once);
		strbuf_release(&err);
		sample_snap_release(&a);
		sample_snap_release(&b);
		sample_snap_release(&once);
		sampler_free(smp);
	}
	assert_int_equal(count_fds(), before);
	sampler_free(NULL);
}

static void sampler_root_missing(void **state)
{
	(void)state;
	struct sampler *smp = sampler_new("tests/fixtures/proc/no-such-root");
	struct sample_snap s;
	sample_snap_init(&s);
	struct strbuf err;
	strbuf_init(&err);
	assert_int_equal(sampler_scan(smp, 4120, 4121, 5, &s, &err), -1);
	assert_string_equal(err.buf,
		"cannot read 'tests/fixtures/proc/no-such-root': No such file or directory");
	assert_int_equal(s.nprocs, 0);
	double pct[2];
	assert_int_equal(sampler_cpus(smp, pct, 2), -1);
	strbuf_release(&err);
	sampler_free(smp);
}

/* ---- a fixture that changes: a copy, edited in place between scans ---- */

static char tmp_root[64];

static int copy_walk(void **state)
{
	(void)state;
	snprintf(tmp_root, sizeof tmp_root, "/tmp/test_sample.XXXXXX");
	if (!mkdtemp(tmp_root))
		return -1;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "cp -R %s/. %s/", WALK, tmp_root);
	return system(cmd) == 0 ? 0 : -1;
}

static int remove_copy(void **state)
{
	(void)state;
	return remove_tree(tmp_root);
}

/* Replace a file's contents in place: a sampler's open descriptor of it
 * reads the new text, as it would a /proc file's. */
static void rewrite(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", tmp_root, rel);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void make_dir(const char *rel)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", tmp_root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

/* A stat line of the fixture's layout. */
static char *stat_line(pid_t pid, const char *comm, char st, pid_t ppid, int nthreads,
		       int start, int cpu)
{
	static char line[512];
	snprintf(line, sizeof line,
		 "%d (%s) %c %d 4120 4110 0 -1 4194560 98 0 0 0 0 0 0 0 20 0 %d 0 %d "
		 "3133440 358 18446744073709551615 94000000000000 94000000020000 140700000000000 "
		 "0 0 0 0 0 0 0 0 0 17 %d 0 0 0 0 0 94000000036000 94000000037600 94000100000000 "
		 "140700000001000 140700000001020 140700000001020 140700000002000 0\n",
		 (int)pid, comm, st, (int)ppid, nthreads, start, cpu);
	return line;
}

static const struct sample_thread *must_thread(const struct sample_snap *s, pid_t pid, pid_t tid)
{
	const struct sample_proc *p = must_find(s, pid);
	for (size_t i = 0; i < p->nthreads_read; i++)
		if (p->threads[i].tid == tid)
			return &p->threads[i];
	fail_msg("thread %d of %d is not in the snapshot", (int)tid, (int)pid);
	return NULL;
}

static void sampler_reads_what_changed(void **state)
{
	(void)state;
	int fds = count_fds();
	struct sampler *smp = sampler_new(tmp_root);
	struct sample_snap s;
	sample_snap_init(&s);
	uint64_t t = 1;
	scan_with(smp, 4121, t++ * SEC, &s);
	assert_int_equal(must_thread(&s, 4121, 4124)->state, STATE_RUNNING);

	/* The worker's stat says sleeping, but its schedstat did not move: it
	 * did not run, so its stat is not read again (that is the saving). */
	rewrite("4121/task/4124/stat", stat_line(4124, "fw-worker", 'S', 4120, 2, 220010, 1));
	scan_with(smp, 4121, t++ * SEC, &s);
	assert_int_equal(must_thread(&s, 4121, 4124)->state, STATE_RUNNING);
	assert_int_equal(must_thread(&s, 4121, 4124)->cpu_ns, 200000000);
	/* it ran: now it is read */
	rewrite("4121/task/4124/schedstat", "250000000 20000000 44\n");
	scan_with(smp, 4121, t++ * SEC, &s);
	assert_int_equal(must_thread(&s, 4121, 4124)->state, STATE_SLEEPING);
	assert_int_equal(must_thread(&s, 4121, 4124)->cpu_ns, 250000000);
	assert_int_equal(must_find(&s, 4121)->cpu_ns, 350000000);

	/* Context switches: once read after it ran, never again while it
	 * does not run... */
	for (int i = 0; i < SAMPLER_STATUS_EVERY; i++)
		scan_with(smp, 4121, t++ * SEC, &s);
	rewrite("4121/task/4124/status", "Name:\tfw-worker\nvoluntary_ctxt_switches:\t7\n"
		"nonvoluntary_ctxt_switches:\t50\n");
	for (int i = 0; i < 2 * SAMPLER_STATUS_EVERY; i++) {
		scan_with(smp, 4121, t++ * SEC, &s);
		assert_int_equal(must_thread(&s, 4121, 4124)->vol_cs, 3);
	}
	/* ...and, while it runs, within SAMPLER_STATUS_EVERY scans */
	int scans = 0;
	char sched[64];
	do {
		scans++;
		snprintf(sched, sizeof sched, "%d 20000000 %d\n", 250000000 + scans, 44 + scans);
		rewrite("4121/task/4124/schedstat", sched);
		scan_with(smp, 4121, t++ * SEC, &s);
	} while (must_thread(&s, 4121, 4124)->vol_cs == 3 && scans <= SAMPLER_STATUS_EVERY);
	assert_in_range(scans, 1, SAMPLER_STATUS_EVERY);
	assert_int_equal(must_thread(&s, 4121, 4124)->invol_cs, 50);
	assert_int_equal(must_find(&s, 4121)->invol_cs, 52);

	/* A name set by another thread of the process (only those can): not
	 * looked for while nothing in the process runs, and found within two
	 * refresh periods once something does. */
	rewrite("4121/task/4124/stat", stat_line(4124, "renamed", 'S', 4120, 2, 220010, 1));
	for (int i = 0; i < 2 * SAMPLER_REFRESH_SCANS; i++) {
		scan_with(smp, 4121, t++ * SEC, &s);
		assert_string_equal(must_thread(&s, 4121, 4124)->comm, "fw-worker");
	}
	scans = 0;
	do {
		scans++;
		snprintf(sched, sizeof sched, "%d 0 %d\n", 100000000 + scans, 10 + scans);
		rewrite("4121/task/4121/schedstat", sched);
		scan_with(smp, 4121, t++ * SEC, &s);
	} while (strcmp(must_thread(&s, 4121, 4124)->comm, "renamed") && scans <= 2 * SAMPLER_REFRESH_SCANS);
	assert_in_range(scans, 1, 2 * SAMPLER_REFRESH_SCANS);

	/* A new thread: the main stat's count says so, the listing finds it. */
	make_dir("4121/task/4125");
	rewrite("4121/task/4125/stat", stat_line(4125, "fw-late", 'R', 4120, 3, 220010, 0));
	rewrite("4121/task/4125/schedstat", "1000 0 1\n");
	rewrite("4121/task/4121/stat", stat_line(4121, "fork-wait", 'S', 4120, 3, 220010, 0));
	scan_with(smp, 4121, t++ * SEC, &s);
	assert_int_equal(must_find(&s, 4121)->nthreads_read, 3);
	assert_string_equal(must_thread(&s, 4121, 4125)->comm, "fw-late");

	/* A child in a children file of a thread that did not run cannot be
	 * new: not looked for. Once the thread has run, it is found. */
	make_dir("4140");
	make_dir("4140/task");
	make_dir("4140/task/4140");
	rewrite("4140/task/4140/stat", stat_line(4140, "late-kid", 'S', 4121, 1, 230000, 0));
	rewrite("4140/task/4140/schedstat", "5 0 1\n");
	rewrite("4121/task/4124/children", "4123 4140 ");
	scan_with(smp, 4121, t++ * SEC, &s);
	assert_null(sample_find(&s, 4140));
	rewrite("4121/task/4124/schedstat", "300000000 20000000 99\n");
	scan_with(smp, 4121, t++ * SEC, &s);
	assert_int_equal(must_find(&s, 4140)->ppid, 4121);
	assert_string_equal(must_find(&s, 4140)->comm, "late-kid");

	/* The keeper's children are read every scan: orphans land there
	 * without the keeper running. */
	make_dir("4150");
	make_dir("4150/task");
	make_dir("4150/task/4150");
	rewrite("4150/task/4150/stat", stat_line(4150, "stray", 'S', 4120, 1, 230001, 0));
	rewrite("4120/task/4120/children", "4121 4130 4150 ");
	scan_with(smp, 4121, t++ * SEC, &s);
	assert_true(must_find(&s, 4150)->orphan);
	assert_int_equal(must_find(&s, 4150)->cpu_ns, -1); /* no schedstat: unknown */

	/* A thread leaves; the child it forked moves to another thread of
	 * its process, which did not run: found, since the threads changed. */
	rewrite("4121/task/4125/stat", "");
	rewrite("4121/task/4125/schedstat", "");
	rewrite("4121/task/4121/stat", stat_line(4121, "fork-wait", 'S', 4120, 2, 220010, 0));
	make_dir("4170");
	make_dir("4170/task");
	make_dir("4170/task/4170");
	rewrite("4170/task/4170/stat", stat_line(4170, "moved", 'S', 4121, 1, 230003, 0));
	rewrite("4121/task/4121/children", "4122 4170 ");
	scan_with(smp, 4121, t++ * SEC, &s);
	assert_int_equal(must_find(&s, 4121)->nthreads_read, 2);
	assert_string_equal(must_find(&s, 4170)->comm, "moved");

	/* The demo, idle, adopts an orphan (it is a subreaper, say): not
	 * looked for while nothing in the run went... */
	make_dir("4160");
	make_dir("4160/task");
	make_dir("4160/task/4160");
	rewrite("4160/task/4160/stat", stat_line(4160, "adopted", 'S', 4121, 1, 230002, 0));
	rewrite("4121/task/4121/children", "4122 4160 ");
	scan_with(smp, 4121, t++ * SEC, &s);
	assert_null(sample_find(&s, 4160));

	/* ...but when a process goes (its stat reads empty), every children
	 * file is read: its orphans may be anywhere. Its own child, left
	 * without a parent in the run, goes too. */
	rewrite("4130/task/4130/stat", "");
	scan_with(smp, 4121, t++ * SEC, &s);
	assert_null(sample_find(&s, 4130));
	assert_null(sample_find(&s, 4131));
	assert_non_null(sample_find(&s, 4150));
	assert_int_equal(must_find(&s, 4160)->ppid, 4121);

	sample_snap_release(&s);
	sampler_free(smp);
	assert_int_equal(count_fds(), fds);
}

static void sampler_cpus_from_stat(void **state)
{
	(void)state;
	struct sampler *smp = sampler_new(tmp_root);
	double pct[4] = { -1, -1, -1, -1 };
	rewrite("stat", "");
	assert_int_equal(sampler_cpus(smp, pct, 4), -1); /* no cpu lines */

	struct strbuf text, err;
	strbuf_init(&text);
	strbuf_init(&err);
	assert_int_equal(file_read(BEFORE "/stat", 1 << 16, &text, &err), 0);
	rewrite("stat", text.buf);
	assert_int_equal(sampler_cpus(smp, pct, 4), 2);
	assert_true(isnan(pct[0]) && isnan(pct[1])); /* the first call */
	assert_true(pct[2] == -1 && pct[3] == -1);   /* not cores: untouched */

	strbuf_reset(&text);
	assert_int_equal(file_read(AFTER "/stat", 1 << 16, &text, &err), 0);
	rewrite("stat", text.buf);
	assert_int_equal(sampler_cpus(smp, pct, 4), 3);
	assert_pct(pct[0], 70.0);
	assert_pct(pct[1], 10.0); /* guest time is in user already */
	assert_true(isnan(pct[2])); /* not in the previous read */
	assert_true(pct[3] == -1);

	/* the same again: no time passed, no figure; a smaller array */
	double one[1] = { -1 };
	assert_int_equal(sampler_cpus(smp, one, 1), 3);
	assert_true(isnan(one[0]));
	strbuf_release(&text);
	strbuf_release(&err);
	sampler_free(smp);
}

/* ---- the sampler: a live tree that keeps changing ------------------------ */

static void *short_thread(void *arg)
{
	(void)arg;
	usleep(3000);
	return NULL;
}

/* Threads and children that come and go, until killed. */
static void churn(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	for (;;) {
		pthread_t t;
		if (pthread_create(&t, NULL, short_thread, NULL) == 0)
			pthread_detach(t);
		pid_t g = fork();
		if (g == 0) {
			usleep(4000);
			_exit(0);
		}
		usleep(1500);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
}

static void live_sampler_never_leaks_descriptors(void **state)
{
	(void)state;
	int before = count_fds();
	pid_t me = getpid();
	pid_t c = fork();
	assert_true(c >= 0);
	if (c == 0)
		churn(me);
	live_child = c;

	struct sampler *smp = sampler_new("/proc");
	struct sample_snap s;
	sample_snap_init(&s);
	struct strbuf err;
	strbuf_init(&err);
	size_t most_procs = 0, most_threads = 0;
	for (int i = 0; i < 300; i++) {
		assert_int_equal(sampler_scan(smp, me, c, (uint64_t)i + 1, &s, &err), 0);
		size_t np, nt;
		sample_count(&s, &np, &nt);
		if (np > most_procs)
			most_procs = np;
		if (nt > most_threads)
			most_threads = nt;
		/* at most four files per thread, a directory per process, and root */
		int open_now = count_fds() - before;
		if (open_now > 1 + 4 * (int)(nt + 1) + (int)(np + 1))
			fail_msg("scan %d: %d descriptors open for %zu threads in %zu processes",
				 i, open_now, nt + 1, np + 1);
		usleep(1000);
	}
	/* the tree did change under the scans */
	assert_true(most_procs >= 2);
	assert_true(most_threads >= 3);

	kill(c, SIGKILL);
	int st;
	while (waitpid(c, &st, 0) < 0)
		assert_int_equal(errno, EINTR);
	live_child = -1;
	/* its children went to init: only the keeper is left, with at most
	 * four files and its directory, and root */
	assert_int_equal(sampler_scan(smp, me, c, 1000, &s, &err), 0);
	assert_int_equal(s.nprocs, 1);
	assert_in_range(count_fds() - before, 1, 1 + 4 + 1);
	sample_snap_release(&s);
	strbuf_release(&err);
	sampler_free(smp);
	assert_int_equal(count_fds(), before);
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
		cmocka_unit_test(walk_fixture_same_as_listing),
		cmocka_unit_test(sampler_rescan_is_stable),
		cmocka_unit_test(sampler_root_missing),
		cmocka_unit_test_setup_teardown(sampler_reads_what_changed, copy_walk, remove_copy),
		cmocka_unit_test_setup_teardown(sampler_cpus_from_stat, copy_walk, remove_copy),
		cmocka_unit_test_teardown(live_sampler_never_leaks_descriptors, live_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
