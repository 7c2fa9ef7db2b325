/* model: a run's metrics, tasks, queues and process history (see model.h). */
#include "model.h"
#include "../probe/event.h"
#include "../util/signame.h"
#include "../util/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void model_init(struct run_model *m, uint64_t start_us)
{
	memset(m, 0, sizeof *m);
	m->start_us = start_us;
	sample_snap_init(&m->snap);
	snprintf(m->usage_cpu.name, sizeof m->usage_cpu.name, "demo CPU");
	snprintf(m->usage_cpu.unit, sizeof m->usage_cpu.unit, "%%");
	snprintf(m->usage_procs.name, sizeof m->usage_procs.name, "processes");
	snprintf(m->usage_threads.name, sizeof m->usage_threads.name, "threads");
}

void series_release(struct series *s)
{
	free(s->t);
	free(s->v);
	s->t = s->v = NULL;
	s->n = s->cap = 0;
}

void model_release(struct run_model *m)
{
	for (size_t i = 0; i < m->nseries; i++)
		series_release(&m->series[i]);
	free(m->series);
	for (size_t i = 0; i < m->nqueues; i++)
		series_release(&m->queues[i].history);
	free(m->queues);
	free(m->tasks);
	free(m->lanes);
	free(m->marks);
	free(m->cpus.pct);
	series_release(&m->usage_cpu);
	series_release(&m->usage_procs);
	series_release(&m->usage_threads);
	sample_snap_release(&m->snap);
	memset(m, 0, sizeof *m);
}

double model_time(const struct run_model *m, uint64_t us)
{
	return us > m->start_us ? (double)(us - m->start_us) / 1e6 : 0.0;
}

void series_add(struct series *s, double t, double v)
{
	if (!s->count || v < s->min)
		s->min = v;
	if (!s->count || v > s->max)
		s->max = v;
	s->sum += v;
	s->count++;
	if (s->n == SERIES_MAX_POINTS) {
		/* Keep every other point: the shape stays, the detail halves. */
		size_t k = 0;
		for (size_t i = 0; i < s->n; i += 2, k++) {
			s->t[k] = s->t[i];
			s->v[k] = s->v[i];
		}
		s->n = k;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		if (s->cap > SERIES_MAX_POINTS)
			s->cap = SERIES_MAX_POINTS;
		s->t = xrealloc(s->t, s->cap * sizeof *s->t);
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->t[s->n] = t;
	s->v[s->n] = v;
	s->n++;
}

static struct series *find_series(struct run_model *m, const char *name, bool create)
{
	for (size_t i = 0; i < m->nseries; i++)
		if (!strcmp(m->series[i].name, name))
			return &m->series[i];
	if (!create)
		return NULL;
	XGROW(m->series, m->capseries, m->nseries + 1);
	struct series *s = &m->series[m->nseries++];
	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", name);
	return s;
}

const struct series *model_series(const struct run_model *m, const char *name)
{
	return find_series((struct run_model *)m, name, false);
}

static struct task *find_task(struct run_model *m, long id, bool create)
{
	/* Newest first: a demo's recent tasks are the ones it reports on. */
	for (size_t i = m->ntasks; i-- > 0;)
		if (m->tasks[i].id == id)
			return &m->tasks[i];
	if (!create)
		return NULL;
	XGROW(m->tasks, m->captasks, m->ntasks + 1);
	struct task *t = &m->tasks[m->ntasks++];
	memset(t, 0, sizeof *t);
	t->id = id;
	t->lane = -1;
	t->queued = t->begin = t->end = NAN;
	return t;
}

static int find_lane(struct run_model *m, pid_t pid, pid_t tid)
{
	for (size_t i = 0; i < m->nlanes; i++)
		if (m->lanes[i].pid == pid && m->lanes[i].tid == tid)
			return (int)i;
	XGROW(m->lanes, m->caplanes, m->nlanes + 1);
	m->lanes[m->nlanes] = (struct lane){ pid, tid };
	return (int)m->nlanes++;
}

static struct queue *find_queue(struct run_model *m, const char *name, bool create)
{
	for (size_t i = 0; i < m->nqueues; i++)
		if (!strcmp(m->queues[i].name, name))
			return &m->queues[i];
	if (!create)
		return NULL;
	XGROW(m->queues, m->capqueues, m->nqueues + 1);
	struct queue *q = &m->queues[m->nqueues++];
	memset(q, 0, sizeof *q);
	snprintf(q->name, sizeof q->name, "%s", name);
	snprintf(q->history.name, sizeof q->history.name, "%s", name);
	snprintf(q->history.unit, sizeof q->history.unit, "items");
	return q;
}

const struct queue *model_queue(const struct run_model *m, const char *name)
{
	return find_queue((struct run_model *)m, name, false);
}

void model_event(struct run_model *m, const struct event *ev)
{
	double t = model_time(m, ev->time_us);
	if (t > m->now)
		m->now = t;
	struct task *task;
	switch (ev->kind) {
	case EVENT_METRIC: {
		struct series *s = find_series(m, ev->name, true);
		snprintf(s->unit, sizeof s->unit, "%s", ev->unit);
		series_add(s, t, ev->value);
		break;
	}
	case EVENT_TASK_QUEUED:
		task = find_task(m, ev->id, true);
		task->queued = t;
		if (ev->text && *ev->text)
			snprintf(task->label, sizeof task->label, "%s", ev->text);
		break;
	case EVENT_TASK_BEGIN:
		task = find_task(m, ev->id, true);
		task->begin = t;
		task->lane = find_lane(m, ev->pid, ev->tid);
		if (ev->text && *ev->text)
			snprintf(task->label, sizeof task->label, "%s", ev->text);
		break;
	case EVENT_TASK_END:
		task = find_task(m, ev->id, false);
		if (!task || isnan(task->begin)) {
			m->bad_events++; /* an end with no begin: nothing to draw */
			break;
		}
		task->end = t;
		break;
	case EVENT_QUEUE: {
		struct queue *q = find_queue(m, ev->name, true);
		q->depth = ev->depth;
		q->capacity = ev->capacity;
		if (ev->depth > q->max_depth)
			q->max_depth = ev->depth;
		series_add(&q->history, t, (double)ev->depth);
		break;
	}
	case EVENT_PHASE:
	case EVENT_LOG:
	case EVENT_GATE: /* the session keeps who waits where */
		break;
	}
}

static struct proc_mark *find_mark(struct run_model *m, pid_t pid, uint64_t start_ticks, bool any)
{
	/* Newest first: a reused pid's latest process is the one meant. */
	for (size_t i = m->nmarks; i-- > 0;)
		if (m->marks[i].pid == pid && (any || m->marks[i].start_ticks == start_ticks))
			return &m->marks[i];
	return NULL;
}

const struct proc_mark *model_mark(const struct run_model *m, pid_t pid)
{
	return find_mark((struct run_model *)m, pid, 0, true);
}

bool model_is_new(const struct run_model *m, pid_t pid)
{
	const struct proc_mark *k = model_mark(m, pid);
	return k && isnan(k->gone) && m->now - k->seen < MODEL_NEW_SECONDS;
}

/* The usage series' points for the sample just taken in, at time t. */
static void add_usage(struct run_model *m, double t)
{
	size_t procs = 0, threads = 0;
	double cpu = 0;
	bool measured = false;
	for (size_t i = 0; i < m->snap.nprocs; i++) {
		const struct sample_proc *p = &m->snap.procs[i];
		if (p->pid == m->snap.keeper)
			continue;
		procs++;
		threads += p->nthreads_read;
		for (size_t j = 0; j < p->nthreads_read; j++)
			if (!isnan(p->threads[j].cpu_pct)) {
				cpu += p->threads[j].cpu_pct;
				measured = true;
			}
	}
	if (measured)
		series_add(&m->usage_cpu, t, cpu);
	series_add(&m->usage_procs, t, (double)procs);
	series_add(&m->usage_threads, t, (double)threads);
}

void model_sample(struct run_model *m, struct sample_snap *snap)
{
	double t = snap->t_ns ? model_time(m, snap->t_ns / 1000u) : m->now;
	if (t > m->now)
		m->now = t;
	/* Who is still here, who came: compare with every mark still alive. */
	unsigned char *here = xcalloc(m->nmarks + 1, 1);
	size_t known = m->nmarks;
	for (size_t i = 0; i < snap->nprocs; i++) {
		const struct sample_proc *p = &snap->procs[i];
		struct proc_mark *k = find_mark(m, p->pid, p->start_ticks, false);
		if (k && isnan(k->gone)) {
			here[k - m->marks] = 1;
			k->ppid = p->ppid;
			snprintf(k->comm, sizeof k->comm, "%s", p->comm);
			/* A zombie still holds how it ended: keep it for the
			 * row shown after its parent reaps it. */
			if (p->state == STATE_ZOMBIE && p->exit_status >= 0)
				describe_wait_status(p->exit_status, k->how, sizeof k->how);
			continue;
		}
		XGROW(m->marks, m->capmarks, m->nmarks + 1);
		k = &m->marks[m->nmarks++];
		memset(k, 0, sizeof *k);
		k->pid = p->pid;
		k->ppid = p->ppid;
		k->start_ticks = p->start_ticks;
		snprintf(k->comm, sizeof k->comm, "%s", p->comm);
		k->seen = t;
		k->gone = NAN;
	}
	for (size_t i = 0; i < known; i++)
		if (!here[i] && isnan(m->marks[i].gone))
			m->marks[i].gone = t;
	free(here);
	sample_snap_release(&m->snap);
	m->snap = *snap;
	sample_snap_init(snap);
	m->have_snap = true;
	add_usage(m, t);
}

size_t model_graph_series(const struct run_model *m, const struct series **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nseries && n < max; i++)
		out[n++] = &m->series[i];
	if (n)
		return n;
	const struct series *usage[] = { &m->usage_cpu, &m->usage_procs, &m->usage_threads };
	for (size_t i = 0; i < 3 && n < max; i++)
		if (usage[i]->count)
			out[n++] = usage[i];
	return n;
}

void model_sample_copy(struct run_model *m, const struct sample_snap *src)
{
	struct sample_snap copy = *src;
	copy.procs = xcalloc(src->nprocs + 1, sizeof *copy.procs);
	for (size_t i = 0; i < src->nprocs; i++) {
		copy.procs[i] = src->procs[i];
		size_t n = src->procs[i].nthreads_read;
		copy.procs[i].threads = xcalloc(n + 1, sizeof *copy.procs[i].threads);
		if (n)
			memcpy(copy.procs[i].threads, src->procs[i].threads, n * sizeof *src->procs[i].threads);
	}
	model_sample(m, &copy);
}

void model_cpus(struct run_model *m, int n, const double *pct)
{
	if (n != m->cpus.n) {
		free(m->cpus.pct);
		m->cpus.pct = xcalloc((size_t)(n > 0 ? n : 1), sizeof *m->cpus.pct);
		m->cpus.n = n;
	}
	m->cpus.total = 0;
	for (int i = 0; i < n; i++) {
		m->cpus.pct[i] = pct[i];
		if (!isnan(pct[i]))
			m->cpus.total += pct[i];
	}
}

void model_ended(struct run_model *m, pid_t pid, const char *how)
{
	struct proc_mark *k = find_mark(m, pid, 0, true);
	if (k)
		snprintf(k->how, sizeof k->how, "%s", how);
}
