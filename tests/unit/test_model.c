/* test_model: metric series, tasks and lanes, queues, and the process history. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "probe/event.h"
#include "view/model.h"

static struct event ev(enum event_kind kind, pid_t pid, pid_t tid, double seconds)
{
	struct event e = { .kind = kind, .pid = pid, .tid = tid,
			   .time_us = 1000000u + (uint64_t)(seconds * 1e6), .text = "" };
	return e;
}

static void metrics_make_series(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 1000000u);
	struct event e = ev(EVENT_METRIC, 10, 10, 0.5);
	strcpy(e.name, "ops");
	strcpy(e.unit, "ops/s");
	e.value = 100;
	model_event(&m, &e);
	e.time_us += 500000;
	e.value = 300;
	model_event(&m, &e);
	const struct series *s = model_series(&m, "ops");
	assert_non_null(s);
	assert_int_equal(s->n, 2);
	assert_true(s->t[0] == 0.5 && s->t[1] == 1.0);
	assert_true(s->min == 100 && s->max == 300 && s->sum == 400);
	assert_string_equal(s->unit, "ops/s");
	assert_true(m.now == 1.0);
	assert_null(model_series(&m, "bytes"));
	model_release(&m);
}

static void long_series_keep_their_shape(void **state)
{
	(void)state;
	struct series s;
	memset(&s, 0, sizeof s);
	for (int i = 0; i < 3 * SERIES_MAX_POINTS; i++)
		series_add(&s, i, i);
	assert_true(s.n <= SERIES_MAX_POINTS);
	assert_true(s.t[0] == 0);
	assert_true(s.t[s.n - 1] == 3 * SERIES_MAX_POINTS - 1); /* the newest is kept */
	for (size_t i = 1; i < s.n; i++)
		assert_true(s.t[i] > s.t[i - 1]);
	assert_int_equal(s.count, 3 * SERIES_MAX_POINTS);
	assert_true(s.max == 3 * SERIES_MAX_POINTS - 1);
	series_release(&s);
}

/* Four workers, five tasks: the fifth waits, then runs where the first
 * finished task freed a worker. */
static void tasks_wait_then_run_on_a_free_lane(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 1000000u);
	for (long id = 1; id <= 5; id++) {
		struct event q = ev(EVENT_TASK_QUEUED, 10, 10, 0.0);
		q.id = id;
		model_event(&m, &q);
	}
	for (long id = 1; id <= 4; id++) {
		struct event b = ev(EVENT_TASK_BEGIN, 10 + (pid_t)id, 10 + (pid_t)id, 0.01);
		b.id = id;
		b.text = "resize";
		model_event(&m, &b);
	}
	struct event e = ev(EVENT_TASK_END, 12, 12, 0.4);
	e.id = 2;
	model_event(&m, &e);
	struct event b5 = ev(EVENT_TASK_BEGIN, 12, 12, 0.41);
	b5.id = 5;
	model_event(&m, &b5);
	assert_int_equal(m.ntasks, 5);
	assert_int_equal(m.nlanes, 4);
	const struct task *t5 = &m.tasks[4];
	assert_int_equal(t5->id, 5);
	assert_true(t5->queued == 0.0 && t5->begin == 0.41 && isnan(t5->end));
	assert_int_equal(t5->lane, m.tasks[1].lane); /* the lane task 2 freed */
	assert_string_equal(m.tasks[0].label, "resize");
	/* an end without a begin is counted, not drawn */
	struct event stray = ev(EVENT_TASK_END, 12, 12, 0.5);
	stray.id = 99;
	model_event(&m, &stray);
	assert_int_equal(m.bad_events, 1);
	model_release(&m);
}

static void queues_remember_depth(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 1000000u);
	long depths[] = { 1, 4, 8, 3 };
	for (int i = 0; i < 4; i++) {
		struct event q = ev(EVENT_QUEUE, 10, 10, i * 0.1);
		strcpy(q.name, "jobs");
		q.depth = depths[i];
		q.capacity = 8;
		model_event(&m, &q);
	}
	const struct queue *q = model_queue(&m, "jobs");
	assert_non_null(q);
	assert_int_equal(q->depth, 3);
	assert_int_equal(q->capacity, 8);
	assert_int_equal(q->max_depth, 8);
	assert_int_equal(q->history.n, 4);
	model_release(&m);
}

static struct sample_snap snap(double seconds, const pid_t *pids, size_t n)
{
	struct sample_snap s;
	sample_snap_init(&s);
	s.t_ns = 1000000000u + (uint64_t)(seconds * 1e9);
	s.procs = calloc(n, sizeof *s.procs);
	s.nprocs = n;
	for (size_t i = 0; i < n; i++) {
		s.procs[i].pid = pids[i];
		s.procs[i].start_ticks = (uint64_t)pids[i] * 7;
		strcpy(s.procs[i].comm, "demo");
	}
	return s;
}

static void processes_are_new_then_gone(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 1000000u);
	pid_t a[] = { 100, 101 };
	struct sample_snap s = snap(0.1, a, 2);
	model_sample(&m, &s);
	assert_int_equal(s.nprocs, 0); /* taken over */
	assert_true(model_is_new(&m, 101));
	pid_t b[] = { 100, 102 };
	s = snap(2.0, b, 2);
	model_sample(&m, &s);
	assert_false(model_is_new(&m, 100)); /* seen 1.9 s ago */
	assert_true(model_is_new(&m, 102));
	const struct proc_mark *gone = model_mark(&m, 101);
	assert_non_null(gone);
	assert_true(gone->gone == 2.0);
	model_ended(&m, 101, "exited with status 3");
	assert_string_equal(model_mark(&m, 101)->how, "exited with status 3");
	/* a reused pid is a new process */
	pid_t c[] = { 100, 102 };
	s = snap(2.5, c, 2);
	s.procs[1].start_ticks = 999;
	model_sample(&m, &s);
	assert_true(model_is_new(&m, 102));
	assert_int_equal(m.nmarks, 4);
	model_release(&m);
}

/* A zombie's wait status becomes how it ended; usage series follow the
 * samples, the keeper left out; the graph takes them only while the demo
 * reports nothing of its own. */
static void zombies_and_usage(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 1000000u);
	pid_t a[] = { 100, 101, 102 };
	struct sample_snap s = snap(0.1, a, 3);
	s.keeper = 100;
	for (size_t i = 0; i < 3; i++) {
		s.procs[i].threads = calloc(2, sizeof *s.procs[i].threads);
		s.procs[i].nthreads_read = i == 1 ? 2 : 1;
		s.procs[i].threads[0].cpu_pct = i == 0 ? 50 : NAN; /* the keeper's is left out */
		s.procs[i].threads[1].cpu_pct = NAN;
		s.procs[i].exit_status = -1;
	}
	model_sample(&m, &s);
	const struct series *list[6];
	assert_int_equal(model_graph_series(&m, list, 6), 2); /* no CPU figure yet */
	assert_ptr_equal(list[0], &m.usage_procs);
	assert_true(m.usage_procs.v[0] == 2 && m.usage_threads.v[0] == 3);
	s = snap(0.2, a, 3);
	s.keeper = 100;
	for (size_t i = 0; i < 3; i++) {
		s.procs[i].threads = calloc(1, sizeof *s.procs[i].threads);
		s.procs[i].nthreads_read = 1;
		s.procs[i].threads[0].cpu_pct = 40;
		s.procs[i].exit_status = -1;
	}
	s.procs[2].state = STATE_ZOMBIE;
	s.procs[2].exit_status = 3 << 8;
	model_sample(&m, &s);
	assert_string_equal(model_mark(&m, 102)->how, "exited with status 3");
	assert_int_equal(model_graph_series(&m, list, 6), 3);
	assert_ptr_equal(list[0], &m.usage_cpu);
	assert_true(m.usage_cpu.v[0] == 80);
	struct event e = ev(EVENT_METRIC, 101, 101, 0.3);
	snprintf(e.name, sizeof e.name, "ops");
	model_event(&m, &e);
	assert_int_equal(model_graph_series(&m, list, 6), 1);
	assert_string_equal(list[0]->name, "ops");
	model_release(&m);
}

static void cores_are_copied(void **state)
{
	(void)state;
	struct run_model m;
	model_init(&m, 0);
	double pct[] = { 90, NAN };
	model_cpus(&m, 2, pct);
	assert_int_equal(m.cpus.n, 2);
	assert_true(m.cpus.total == 90);
	assert_true(isnan(m.cpus.pct[1]));
	model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(metrics_make_series),
		cmocka_unit_test(long_series_keep_their_shape),
		cmocka_unit_test(tasks_wait_then_run_on_a_free_lane),
		cmocka_unit_test(queues_remember_depth),
		cmocka_unit_test(processes_are_new_then_gone),
		cmocka_unit_test(zombies_and_usage),
		cmocka_unit_test(cores_are_copied),
	};
	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
