/* sample: the process tree of a run, read from /proc (see sample.h). */
#include "sample.h"
#include "descend.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Cost model (tests/bench/bench_sample.c measures it): every file is one
 * openat/read/close into a fixed buffer, with paths relative to an open
 * directory so the kernel walks one or two components, not five. The whole
 * of root is listed once for parent pids (descend_scan: a kernel may lack
 * task/TID/children files); after that only the run's own processes are read.
 */

enum {
	STAT_BUF = 2048,   /* a stat line is ~300 bytes; comm is at most 64 */
	STATUS_BUF = 8192, /* status is ~1.5 KiB; Mems_allowed grows with nodes */
	SMALL_BUF = 128,   /* schedstat: three numbers */
};

static enum proc_state state_of(char c)
{
	switch (c) {
	case 'R': case 'W':
		return STATE_RUNNING;
	case 'S': case 'I': case 'P':
		return STATE_SLEEPING;
	case 'D':
		return STATE_DISK;
	case 'T': case 't':
		return STATE_STOPPED;
	case 'Z':
		return STATE_ZOMBIE;
	case 'X': case 'x':
		return STATE_DEAD;
	default:
		return STATE_UNKNOWN;
	}
}

/* The number after "\nKEY:" in a status file, or -1. */
static long status_field(const char *buf, const char *key)
{
	const char *p = strstr(buf, key);
	if (!p)
		return -1;
	p += strlen(key);
	char *end;
	long v = strtol(p, &end, 10);
	return end == p ? -1 : v;
}

/* voluntary/nonvoluntary_ctxt_switches from the status file rel (under
 * dir); both -1 if it cannot be read. The keys start with '\n' because
 * "voluntary_ctxt_switches:" is also the tail of "nonvoluntary_...". */
static void read_ctxt(int dir, const char *rel, long *vol, long *invol)
{
	char buf[STATUS_BUF];
	*vol = *invol = -1;
	if (file_read_small_at(dir, rel, buf, sizeof buf) <= 0)
		return;
	*vol = status_field(buf, "\nvoluntary_ctxt_switches:");
	*invol = status_field(buf, "\nnonvoluntary_ctxt_switches:");
}

/* The first field of a schedstat file (CPU time in ns), or -1. */
static int64_t read_cpu_ns(int dir, const char *rel)
{
	char buf[SMALL_BUF];
	if (file_read_small_at(dir, rel, buf, sizeof buf) <= 0)
		return -1;
	char *end;
	long long v = strtoll(buf, &end, 10);
	return end == buf || v < 0 ? -1 : (int64_t)v;
}

/* Fill t from task/TID under the process directory pdir; -1 if the
 * thread's stat cannot be read (it exited: leave it out). */
static int read_thread(int pdir, pid_t tid, struct sample_thread *t)
{
	char rel[64], buf[STAT_BUF];
	struct proc_brief st;
	snprintf(rel, sizeof rel, "task/%d/stat", (int)tid);
	if (file_read_small_at(pdir, rel, buf, sizeof buf) <= 0 || descend_parse_stat(buf, &st) < 0)
		return -1;
	t->tid = tid;
	memcpy(t->comm, st.comm, sizeof t->comm);
	t->state = state_of(st.state);
	t->cpu = st.processor;
	t->cpu_pct = NAN;
	snprintf(rel, sizeof rel, "task/%d/schedstat", (int)tid);
	t->cpu_ns = read_cpu_ns(pdir, rel);
	snprintf(rel, sizeof rel, "task/%d/status", (int)tid);
	read_ctxt(pdir, rel, &t->vol_cs, &t->invol_cs);
	return 0;
}

static int by_tid(const void *a, const void *b)
{
	pid_t x = ((const struct sample_thread *)a)->tid;
	pid_t y = ((const struct sample_thread *)b)->tid;
	return (x > y) - (x < y);
}

/* Read every thread of p (its stat line already parsed into p), then sum
 * them into the process's cpu_ns and context switches. */
static void read_threads(int rootfd, struct sample_proc *p)
{
	char rel[32];
	snprintf(rel, sizeof rel, "%d", (int)p->pid);
	int pdir = openat(rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pdir < 0)
		return; /* gone since its stat was read */

	size_t cap = 0;
	if (p->nthreads <= 1) {
		/* The common case needs no listing: the only thread is the
		 * main one. A thread started since stat waits for the next scan. */
		XGROW(p->threads, cap, 1);
		if (read_thread(pdir, p->pid, &p->threads[0]) == 0)
			p->nthreads_read = 1;
	} else {
		int tfd = openat(pdir, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		DIR *d = tfd >= 0 ? fdopendir(tfd) : NULL;
		if (!d && tfd >= 0)
			close(tfd);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			if (!descend_is_pid(de->d_name))
				continue;
			XGROW(p->threads, cap, p->nthreads_read + 1);
			struct sample_thread *t = &p->threads[p->nthreads_read];
			if (read_thread(pdir, (pid_t)atoi(de->d_name), t) == 0)
				p->nthreads_read++;
		}
		if (d)
			closedir(d);
		if (p->nthreads_read > 1)
			qsort(p->threads, p->nthreads_read, sizeof *p->threads, by_tid);
	}

	/* The process's figures are the sums over the threads that have them
	 * (/proc/PID/status and /proc/PID/schedstat describe the main thread
	 * only). When no thread has a figure, as with some zombies, the
	 * process-level file is the best there is: it is the main thread, the
	 * only one a zombie has left. */
	int64_t cpu = 0;
	long vol = 0, invol = 0;
	bool have_cpu = false, have_cs = false;
	for (size_t i = 0; i < p->nthreads_read; i++) {
		const struct sample_thread *t = &p->threads[i];
		if (t->cpu_ns >= 0) {
			cpu += t->cpu_ns;
			have_cpu = true;
		}
		if (t->vol_cs >= 0 && t->invol_cs >= 0) {
			vol += t->vol_cs;
			invol += t->invol_cs;
			have_cs = true;
		}
	}
	p->cpu_ns = have_cpu ? cpu : read_cpu_ns(pdir, "schedstat");
	if (have_cs) {
		p->vol_cs = vol;
		p->invol_cs = invol;
	} else {
		read_ctxt(pdir, "status", &p->vol_cs, &p->invol_cs);
	}
	close(pdir);
}

static int proc_by_pid(const void *a, const void *b)
{
	pid_t x = ((const struct sample_proc *)a)->pid, y = ((const struct sample_proc *)b)->pid;
	return (x > y) - (x < y);
}

void sample_snap_init(struct sample_snap *s)
{
	memset(s, 0, sizeof *s);
}

void sample_snap_release(struct sample_snap *s)
{
	for (size_t i = 0; i < s->nprocs; i++)
		free(s->procs[i].threads);
	free(s->procs);
	sample_snap_init(s);
}

int sample_scan(const char *root, pid_t keeper, pid_t demo, uint64_t t_ns,
		struct sample_snap *out, struct strbuf *err)
{
	sample_snap_release(out);
	out->t_ns = t_ns;
	out->keeper = keeper;
	out->demo = demo;

	/* Pass 1: which processes are the run's (the keeper first). */
	struct proc_brief *list = NULL;
	ssize_t n = descend_scan(root, keeper, true, &list);
	int rootfd = n < 0 ? -1 : open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		strbuf_addf(err, "cannot read '%s': %s", root, strerror(errno));
		free(list);
		return -1;
	}
	/* Pass 2: those processes with their threads; no keeper, no tree. */
	if (n > 0 && list[0].pid == keeper) {
		out->procs = xcalloc((size_t)n, sizeof *out->procs);
		for (ssize_t i = 0; i < n; i++) {
			const struct proc_brief *st = &list[i];
			struct sample_proc *p = &out->procs[out->nprocs++];
			p->pid = st->pid;
			p->ppid = st->ppid;
			p->pgid = st->pgid;
			memcpy(p->comm, st->comm, sizeof p->comm);
			p->state = state_of(st->state);
			p->start_ticks = st->start_ticks;
			p->nthreads = st->nthreads;
			p->cpu_ns = -1;
			p->vol_cs = p->invol_cs = -1;
			p->cpu_pct = NAN;
			p->orphan = demo > 0 && st->ppid == keeper && st->pid != demo;
			read_threads(rootfd, p);
		}
		/* The keeper came first; the header promises pid order. */
		if (out->nprocs > 1)
			qsort(out->procs, out->nprocs, sizeof *out->procs, proc_by_pid);
	}
	free(list);
	close(rootfd);
	return 0;
}

static const struct sample_thread *find_thread(const struct sample_proc *p, pid_t tid)
{
	struct sample_thread key = { .tid = tid };
	if (!p->nthreads_read)
		return NULL;
	return bsearch(&key, p->threads, p->nthreads_read, sizeof *p->threads, by_tid);
}

void sample_rates(struct sample_snap *cur, const struct sample_snap *prev)
{
	double dt = prev && cur->t_ns > prev->t_ns ? (double)(cur->t_ns - prev->t_ns) : 0;
	for (size_t i = 0; i < cur->nprocs; i++) {
		struct sample_proc *p = &cur->procs[i];
		const struct sample_proc *q = dt > 0 ? sample_find(prev, p->pid) : NULL;
		if (q && q->start_ticks != p->start_ticks)
			q = NULL; /* the pid was reused: a different process */
		double sum = 0;
		bool any = false;
		for (size_t j = 0; j < p->nthreads_read; j++) {
			struct sample_thread *t = &p->threads[j];
			const struct sample_thread *u = q ? find_thread(q, t->tid) : NULL;
			t->cpu_pct = NAN;
			if (!u || t->cpu_ns < 0 || u->cpu_ns < 0 || t->cpu_ns < u->cpu_ns)
				continue;
			t->cpu_pct = (double)(t->cpu_ns - u->cpu_ns) / dt * 100.0;
			sum += t->cpu_pct;
			any = true;
		}
		p->cpu_pct = any ? sum : NAN;
	}
}

const struct sample_proc *sample_find(const struct sample_snap *s, pid_t pid)
{
	for (size_t lo = 0, hi = s->nprocs; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->procs[mid].pid == pid)
			return &s->procs[mid];
		if (s->procs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *sample_state_name(enum proc_state st)
{
	switch (st) {
	case STATE_RUNNING:
		return "running";
	case STATE_SLEEPING:
		return "sleeping";
	case STATE_DISK:
		return "waiting (uninterruptible)";
	case STATE_STOPPED:
		return "stopped";
	case STATE_ZOMBIE:
		return "zombie";
	case STATE_DEAD:
		return "dead";
	case STATE_UNKNOWN:
		break;
	}
	return "unknown";
}

void sample_count(const struct sample_snap *s, size_t *procs, size_t *threads)
{
	size_t np = 0, nt = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct sample_proc *p = &s->procs[i];
		if (p->pid == s->keeper)
			continue;
		np++;
		/* the threads read, or stat's count if none could be */
		nt += p->nthreads_read ? p->nthreads_read : (p->nthreads > 0 ? (size_t)p->nthreads : 0);
	}
	if (procs)
		*procs = np;
	if (threads)
		*threads = nt;
}
