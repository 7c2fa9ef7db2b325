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
#include <sys/resource.h>
#include <unistd.h>

/*
 * Cost model (tests/bench/bench_sample.c and bench_live.c measure it): on
 * this machine a pread of a kept descriptor costs 1.8 us for schedstat,
 * 4.1 for stat, 8.5 for status and 1.0 for children; opening and closing
 * the file adds 7-15 us. So a steady scan is one schedstat pread per
 * thread, one stat pread per process, and nothing else for what did not
 * run. Paths are relative to root's descriptor, so an open walks the
 * components under root only.
 */

enum {
	STAT_BUF = 2048,   /* a stat line is ~300 bytes; comm is at most 64 */
	STATUS_BUF = 8192, /* status is ~1.5 KiB; Mems_allowed grows with nodes */
	SMALL_BUF = 128,   /* schedstat: three numbers */
	SCHED_MAX = 64,    /* three 20-digit numbers, two spaces and '\n' fit */
	LIST_BUF = 4096,   /* the first size of a children list's buffer */
};

/* The files of a thread that a sampler keeps open. */
enum file_kind { F_SCHED, F_STAT, F_STATUS, F_KIDS, F_COUNT };
static const char *const file_name[F_COUNT] = { "schedstat", "stat", "status", "children" };

/* One thread as the sampler remembers it. */
struct tcache {
	pid_t tid;
	int fd[F_COUNT];            /* kept descriptors, -1 when not kept */
	char sched[SCHED_MAX];      /* schedstat as last read */
	size_t sched_len;           /* 0: none read */
	bool fresh;                 /* found this scan: read everything */
	bool ran;                   /* schedstat changed since the last scan */
	bool cs_stale;              /* it ran since status was last read */
	unsigned long stat_scan;    /* the scan that last read stat */
	unsigned long status_scan;  /* the scan that last read status */
	struct sample_thread t;     /* as last read (cpu_pct unused) */
};

/* One process of the run. */
struct pcache {
	pid_t pid;
	int dirfd;             /* root/PID, to open its files from; -1 if gone */
	bool fresh;            /* found this scan */
	bool threads_changed;  /* threads came or went this scan */
	bool main_read;        /* st is this scan's read of the main thread */
	unsigned char member;  /* in the run? 0 unknown, 1 yes, 2 no */
	unsigned long ran_scan; /* the last scan that saw one of its threads run */
	struct proc_brief st;  /* the main thread's stat (the process's when listing) */
	struct tcache *threads; /* sorted by tid */
	size_t nthreads, capthreads;
};

struct sampler {
	char *root;
	int rootfd;            /* -1 until root could be opened */
	int kids;              /* task/TID/children: -1 not known yet, 0 absent, 1 present */
	pid_t keeper;          /* whose run the cache holds */
	unsigned long scan;    /* scans so far */
	struct pcache *procs;  /* sorted by pid */
	size_t nprocs, capprocs;

	/* Descriptors: at most budget kept. A primary one (a schedstat, a
	 * main thread's stat) is read every scan; wanted counts those the
	 * cache would like, so secondary ones never crowd them out. */
	size_t budget, nkept, nprimary, nwanted;

	char *buf;             /* a children list or /proc/stat */
	size_t bufcap;
	pid_t *work, *found;   /* processes to search for children; pids found */
	size_t nwork, capwork, nfound, capfound;
	size_t *chain;         /* the membership walk's path */
	size_t capchain;

	uint64_t *cpu_busy, *cpu_total; /* sampler_cpus: the previous read */
	unsigned char *cpu_have;
	size_t capcpu;
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

/* The keys start with '\n' because "voluntary_ctxt_switches:" is also the
 * tail of "nonvoluntary_ctxt_switches:". */
static void parse_ctxt(const char *buf, long *vol, long *invol)
{
	*vol = status_field(buf, "\nvoluntary_ctxt_switches:");
	*invol = status_field(buf, "\nnonvoluntary_ctxt_switches:");
}

/* The first field of a schedstat file (CPU time in ns), or -1. */
static int64_t parse_cpu_ns(const char *buf)
{
	char *end;
	long long v = strtoll(buf, &end, 10);
	return end == buf || v < 0 ? -1 : (int64_t)v;
}

/* ---- descriptors ------------------------------------------------------- */

static bool is_primary(const struct pcache *p, const struct tcache *t, int kind)
{
	return kind == F_SCHED || (kind == F_STAT && t->tid == p->pid);
}

/* Room for secondary descriptors with every wanted primary one counted. */
static long secondary_room(const struct sampler *s)
{
	return (long)s->budget - (long)s->nkept - (long)(s->nwanted - s->nprimary);
}

static void drop_fd(struct sampler *s, const struct pcache *p, struct tcache *t, int kind)
{
	if (t->fd[kind] < 0)
		return;
	close(t->fd[kind]);
	t->fd[kind] = -1;
	s->nkept--;
	if (is_primary(p, t, kind))
		s->nprimary--;
}

/*
 * Read one file of thread t into buf (NUL-terminated): by pread from its
 * kept descriptor, or by opening it and keeping the descriptor if the
 * budget allows: always for a primary file, and for another only when
 * keep says it will be read again soon (each kept /proc file holds a page
 * of kernel memory, so one read once at discovery is closed). Returns the
 * bytes read, or -1 with errno (ESRCH: the thread is gone; ENOENT: gone,
 * or the file does not exist).
 */
static ssize_t tread(struct sampler *s, const struct pcache *p, struct tcache *t, int kind,
		     char *buf, size_t size, bool keep)
{
	bool primary = is_primary(p, t, kind);
	int fd = t->fd[kind];
	bool kept = fd >= 0;
	if (!kept) {
		char rel[96];
		snprintf(rel, sizeof rel, "task/%d/%s", (int)t->tid, file_name[kind]);
		fd = p->dirfd < 0 ? -1 : openat(p->dirfd, rel, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -1;
	}
	ssize_t n;
	do
		n = pread(fd, buf, size - 1, 0);
	while (n < 0 && errno == EINTR);
	int e = errno;
	if (!kept) {
		if (n >= 0 && (primary ? s->nkept < s->budget : keep && secondary_room(s) > 0)) {
			t->fd[kind] = fd;
			s->nkept++;
			s->nprimary += primary;
		} else {
			close(fd);
		}
	} else if (!primary && secondary_room(s) < 0) {
		drop_fd(s, p, t, kind); /* the run grew: schedstat comes first */
	}
	if (n < 0) {
		errno = e;
		return -1;
	}
	buf[n] = '\0';
	return n;
}

/* A file that may outgrow any fixed buffer (a children list), into s->buf. */
static ssize_t tread_all(struct sampler *s, const struct pcache *p, struct tcache *t, int kind,
			 bool keep)
{
	for (;;) {
		ssize_t n = tread(s, p, t, kind, s->buf, s->bufcap, keep);
		if (n < 0 || (size_t)n < s->bufcap - 1)
			return n;
		s->bufcap *= 2;
		s->buf = xrealloc(s->buf, s->bufcap);
	}
}

/* ---- the cache ---------------------------------------------------------- */

/* For bsearch over anything sorted by a leading pid_t member. */
static int pid_key_cmp(const void *key, const void *elem)
{
	pid_t a = *(const pid_t *)key, b = *(const pid_t *)elem;
	return (a > b) - (a < b);
}

static struct pcache *find_proc(struct sampler *s, pid_t pid)
{
	return s->nprocs ? bsearch(&pid, s->procs, s->nprocs, sizeof *s->procs, pid_key_cmp)
			 : NULL;
}

/* Where tid is, or would go, in p's threads. */
static size_t thread_slot(const struct pcache *p, pid_t tid)
{
	size_t lo = 0, hi = p->nthreads;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->threads[mid].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct tcache *add_thread(struct sampler *s, struct pcache *p, pid_t tid)
{
	size_t i = thread_slot(p, tid);
	if (i < p->nthreads && p->threads[i].tid == tid)
		return &p->threads[i];
	XGROW(p->threads, p->capthreads, p->nthreads + 1);
	memmove(p->threads + i + 1, p->threads + i, (p->nthreads - i) * sizeof *p->threads);
	p->nthreads++;
	struct tcache *t = &p->threads[i];
	memset(t, 0, sizeof *t);
	for (int k = 0; k < F_COUNT; k++)
		t->fd[k] = -1;
	t->tid = tid;
	t->fresh = true;
	t->t = (struct sample_thread){
		.tid = tid, .state = STATE_UNKNOWN, .cpu_ns = -1, .vol_cs = -1,
		.invol_cs = -1, .cpu = -1, .cpu_pct = NAN,
	};
	s->nwanted++;
	return t;
}

static void remove_thread(struct sampler *s, struct pcache *p, size_t i)
{
	struct tcache *t = &p->threads[i];
	for (int k = 0; k < F_COUNT; k++)
		drop_fd(s, p, t, k);
	s->nwanted--;
	memmove(t, t + 1, (p->nthreads - i - 1) * sizeof *t);
	p->nthreads--;
}

/* A new process in the cache, with its main thread; the pointer is valid
 * until the next add_proc or remove_proc. */
static struct pcache *add_proc(struct sampler *s, pid_t pid)
{
	size_t lo = 0, hi = s->nprocs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->procs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	XGROW(s->procs, s->capprocs, s->nprocs + 1);
	memmove(s->procs + lo + 1, s->procs + lo, (s->nprocs - lo) * sizeof *s->procs);
	s->nprocs++;
	struct pcache *p = &s->procs[lo];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	p->fresh = true;
	/* A directory descriptor names this process, not its pid: if the
	 * process goes and the pid is reused, opens through it fail. */
	char rel[32];
	snprintf(rel, sizeof rel, "%d", (int)pid);
	p->dirfd = openat(s->rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	s->nkept += p->dirfd >= 0;
	s->nwanted++; /* its main thread's stat */
	add_thread(s, p, pid);
	return p;
}

static void remove_proc(struct sampler *s, size_t i)
{
	struct pcache *p = &s->procs[i];
	while (p->nthreads)
		remove_thread(s, p, p->nthreads - 1);
	free(p->threads);
	if (p->dirfd >= 0) {
		close(p->dirfd);
		s->nkept--;
	}
	s->nwanted--;
	memmove(p, p + 1, (s->nprocs - i - 1) * sizeof *p);
	s->nprocs--;
}

static void forget_all(struct sampler *s)
{
	while (s->nprocs)
		remove_proc(s, s->nprocs - 1);
}

/* ---- reading ------------------------------------------------------------ */

/* Bring t up to date (see sample.h for what is read when); -1 if it is gone. */
static int read_thread(struct sampler *s, struct pcache *p, struct tcache *t)
{
	char buf[STATUS_BUF];
	ssize_t n = tread(s, p, t, F_SCHED, buf, SMALL_BUF, true);
	if (n < 0 && errno == ESRCH)
		return -1;
	bool same = n > 0 && !t->fresh && (size_t)n == t->sched_len &&
		    !memcmp(buf, t->sched, (size_t)n);
	t->ran = !same;
	if (!same) {
		t->sched_len = n > 0 && n < SCHED_MAX ? (size_t)n : 0;
		memcpy(t->sched, buf, t->sched_len);
		t->t.cpu_ns = n > 0 ? parse_cpu_ns(buf) : -1;
	}
	/* Only a thread of the same process can rename a thread (the kernel
	 * refuses others), so a name set from outside is looked for only in
	 * a process where something ran since. */
	bool refresh = ((unsigned long)t->tid + s->scan) % SAMPLER_REFRESH_SCANS == 0 &&
		       p->ran_scan > t->stat_scan;
	if (t->ran)
		p->ran_scan = s->scan;
	bool again = t->ran && !t->fresh; /* it runs: its files will be read again */
	bool is_main = t->tid == p->pid && p->main_read;
	if (t->ran || refresh || is_main) {
		struct proc_brief st;
		if (is_main)
			st = p->st;
		else if (tread(s, p, t, F_STAT, buf, STAT_BUF, again) <= 0 ||
			 descend_parse_stat(buf, &st) < 0)
			return -1;
		memcpy(t->t.comm, st.comm, sizeof t->t.comm);
		t->t.state = state_of(st.state);
		t->t.cpu = st.processor;
		t->stat_scan = s->scan;
	}
	if (t->ran)
		t->cs_stale = true;
	if (t->fresh || (t->cs_stale && s->scan - t->status_scan >= SAMPLER_STATUS_EVERY)) {
		if (tread(s, p, t, F_STATUS, buf, sizeof buf, !t->fresh) > 0)
			parse_ctxt(buf, &t->t.vol_cs, &t->t.invol_cs);
		else
			t->t.vol_cs = t->t.invol_cs = -1;
		t->cs_stale = false;
		/* Spread the next reads over the scans, not all on one. */
		t->status_scan = s->scan;
		if (t->fresh)
			t->status_scan -= (unsigned long)t->tid % SAMPLER_STATUS_EVERY;
	}
	t->fresh = false;
	return 0;
}

/* The main thread's stat, which stands for the process; -1 if it is gone
 * (or its pid now names another process). */
static int read_main(struct sampler *s, struct pcache *p)
{
	char buf[STAT_BUF];
	struct proc_brief st;
	struct tcache *t = add_thread(s, p, p->pid);
	if (tread(s, p, t, F_STAT, buf, sizeof buf, true) <= 0 ||
	    descend_parse_stat(buf, &st) < 0 || st.pid != p->pid || (!p->fresh && st.start_ticks != p->st.start_ticks))
		return -1;
	p->st = st;
	p->main_read = true;
	return 0;
}

static int by_pid_t(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

/* Make p's threads those listed in its task directory; the new ones are
 * read. A process whose directory is gone keeps what it had (its main
 * thread's next read finds it gone). */
static void list_threads(struct sampler *s, struct pcache *p)
{
	int fd = p->dirfd < 0 ? -1 : openat(p->dirfd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	s->nfound = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (descend_is_pid(de->d_name)) {
			XGROW(s->found, s->capfound, s->nfound + 1);
			s->found[s->nfound++] = (pid_t)atoi(de->d_name);
		}
	closedir(d);
	qsort(s->found, s->nfound, sizeof *s->found, by_pid_t);

	/* Both lists are sorted: walk them together. */
	size_t i = 0, j = 0;
	while (i < p->nthreads || j < s->nfound) {
		if (j == s->nfound || (i < p->nthreads && p->threads[i].tid < s->found[j])) {
			remove_thread(s, p, i);
			p->threads_changed = true;
		} else if (i == p->nthreads || p->threads[i].tid > s->found[j]) {
			struct tcache *t = add_thread(s, p, s->found[j++]);
			p->threads_changed = true;
			if (read_thread(s, p, t) < 0)
				remove_thread(s, p, i); /* gone since the listing */
			else
				i++;
		} else {
			i++;
			j++;
		}
	}
}

/* Read every thread of p, then list its task directory if they did not
 * add up to its stat's count (a thread came or went). */
static void refresh_threads(struct sampler *s, struct pcache *p)
{
	p->threads_changed = false;
	for (size_t i = 0; i < p->nthreads;) {
		if (read_thread(s, p, &p->threads[i]) < 0) {
			remove_thread(s, p, i);
			p->threads_changed = true;
		} else {
			i++;
		}
	}
	size_t want = p->st.nthreads > 1 ? (size_t)p->st.nthreads : 1;
	if (p->threads_changed || want != p->nthreads)
		list_threads(s, p);
}

/* Append the pids of a children file in s->buf to s->found. */
static void parse_children(struct sampler *s)
{
	const char *c = s->buf;
	for (;;) {
		char *end;
		long v = strtol(c, &end, 10);
		if (end == c)
			break;
		c = end;
		if (v <= 0)
			continue;
		XGROW(s->found, s->capfound, s->nfound + 1);
		s->found[s->nfound++] = (pid_t)v;
	}
}

/* The scan that walks down from the keeper through children files. */
static void walk(struct sampler *s, pid_t keeper)
{
	bool vanished = false;
	for (size_t i = 0; i < s->nprocs;) {
		s->procs[i].fresh = false;
		s->procs[i].main_read = false;
		if (read_main(s, &s->procs[i]) < 0) {
			remove_proc(s, i);
			vanished = true;
		} else {
			i++;
		}
	}
	if (!find_proc(s, keeper) && read_main(s, add_proc(s, keeper)) < 0) {
		forget_all(s); /* the keeper is gone: so is the run */
		return;
	}
	s->nwork = 0;
	for (size_t i = 0; i < s->nprocs; i++) {
		refresh_threads(s, &s->procs[i]);
		XGROW(s->work, s->capwork, s->nwork + 1);
		s->work[s->nwork++] = s->procs[i].pid;
	}

	/* Only a thread that ran can have forked. Children move without
	 * their new parent running when they are orphaned: to the keeper (a
	 * subreaper), to another thread of a process whose thread left, or
	 * to a subreaper in the run when a process of it went. */
	for (size_t w = 0; w < s->nwork; w++) {
		struct pcache *p = find_proc(s, s->work[w]);
		if (!p)
			continue;
		bool all = p->pid == keeper || p->fresh || p->threads_changed || vanished;
		s->nfound = 0;
		for (size_t j = 0; j < p->nthreads; j++) {
			struct tcache *t = &p->threads[j];
			bool keep = p->pid == keeper || (t->ran && !p->fresh);
			if ((all || t->ran) && tread_all(s, p, t, F_KIDS, keep) > 0)
				parse_children(s);
		}
		/* Adding moves the cache: p is not used past here. */
		size_t nfound = s->nfound;
		pid_t *found = nfound ? xmalloc(nfound * sizeof *found) : NULL;
		if (nfound)
			memcpy(found, s->found, nfound * sizeof *found);
		for (size_t k = 0; k < nfound; k++) {
			if (find_proc(s, found[k]))
				continue;
			struct pcache *c = add_proc(s, found[k]);
			if (read_main(s, c) < 0) {
				remove_proc(s, (size_t)(c - s->procs));
				continue;
			}
			refresh_threads(s, c);
			XGROW(s->work, s->capwork, s->nwork + 1);
			s->work[s->nwork++] = found[k];
		}
		free(found);
	}
}

/* The scan that lists root (descend_scan): for kernels without children
 * files. Returns -1 (errno set) if root cannot be listed. */
static int list(struct sampler *s, pid_t keeper)
{
	struct proc_brief *all = NULL;
	ssize_t n = descend_scan(s->root, keeper, true, &all);
	if (n < 0)
		return -1;
	if (n == 0 || all[0].pid != keeper)
		n = 0;
	for (size_t i = 0; i < s->nprocs; i++)
		s->procs[i].member = 0;
	for (ssize_t k = 0; k < n; k++) {
		struct pcache *p = find_proc(s, all[k].pid);
		if (p && p->st.start_ticks != all[k].start_ticks) {
			remove_proc(s, (size_t)(p - s->procs)); /* the pid was reused */
			p = NULL;
		}
		if (!p)
			p = add_proc(s, all[k].pid);
		else
			p->fresh = false;
		p->st = all[k];
		p->main_read = false;
		p->member = 1;
	}
	free(all);
	for (size_t i = 0; i < s->nprocs;) {
		if (!s->procs[i].member)
			remove_proc(s, i);
		else
			refresh_threads(s, &s->procs[i++]);
	}
	return 0;
}

/* Drop what no longer descends from the keeper (its parent left the run). */
static void prune(struct sampler *s, pid_t keeper)
{
	size_t n = s->nprocs;
	XGROW(s->chain, s->capchain, n + 1);
	for (size_t i = 0; i < n; i++)
		s->procs[i].member = s->procs[i].pid == keeper ? 1 : 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = 0, k = i;
		unsigned char verdict = 2;
		for (;;) {
			struct pcache *p = &s->procs[k];
			if (p->member) {
				verdict = p->member;
				break;
			}
			s->chain[len++] = k;
			if (p->st.ppid == keeper) {
				verdict = 1;
				break;
			}
			struct pcache *parent = find_proc(s, p->st.ppid);
			if (!parent || len > n) /* gone, or a loop of reused pids */
				break;
			k = (size_t)(parent - s->procs);
		}
		for (size_t c = 0; c < len; c++)
			s->procs[s->chain[c]].member = verdict;
	}
	for (size_t i = 0; i < s->nprocs;) {
		if (s->procs[i].member != 1)
			remove_proc(s, i);
		else
			i++;
	}
}

/* A process-level file, for a process none of whose threads has it. */
static ssize_t read_proc_file(const struct pcache *p, const char *name, char *buf, size_t size)
{
	return p->dirfd < 0 ? -1 : file_read_small_at(p->dirfd, name, buf, size);
}

static void fill(struct sampler *s, pid_t demo, struct sample_snap *out)
{
	if (!s->nprocs)
		return;
	out->procs = xcalloc(s->nprocs, sizeof *out->procs);
	for (size_t i = 0; i < s->nprocs; i++) {
		const struct pcache *c = &s->procs[i];
		struct sample_proc *p = &out->procs[out->nprocs++];
		p->pid = c->pid;
		p->ppid = c->st.ppid;
		p->pgid = c->st.pgid;
		memcpy(p->comm, c->st.comm, sizeof p->comm);
		p->state = state_of(c->st.state);
		p->start_ticks = c->st.start_ticks;
		p->nthreads = c->st.nthreads;
		p->cpu_pct = NAN;
		p->orphan = demo > 0 && c->st.ppid == s->keeper && c->pid != demo;
		p->exit_status = c->st.exit_code;
		p->nthreads_read = c->nthreads;
		p->threads = c->nthreads ? xmalloc(c->nthreads * sizeof *p->threads) : NULL;

		/* The process's figures are the sums over the threads that have
		 * them (/proc/PID/status and schedstat describe the main thread
		 * only). When no thread has a figure, as with some zombies, the
		 * process-level file is the best there is: it is the main
		 * thread, the only one a zombie has left. */
		int64_t cpu = 0;
		long vol = 0, invol = 0;
		bool have_cpu = false, have_cs = false;
		for (size_t j = 0; j < c->nthreads; j++) {
			const struct sample_thread *t = &c->threads[j].t;
			p->threads[j] = *t;
			p->threads[j].cpu_pct = NAN;
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
		char buf[STATUS_BUF];
		p->cpu_ns = cpu;
		if (!have_cpu)
			p->cpu_ns = read_proc_file(c, "schedstat", buf, sizeof buf) > 0
				? parse_cpu_ns(buf) : -1;
		p->vol_cs = p->invol_cs = -1;
		if (have_cs) {
			p->vol_cs = vol;
			p->invol_cs = invol;
		} else if (read_proc_file(c, "status", buf, sizeof buf) > 0) {
			parse_ctxt(buf, &p->vol_cs, &p->invol_cs);
		}
	}
}

/* ---- the sampler -------------------------------------------------------- */

/* once: for one scan only, which lists root as sample_scan always did
 * (walking children files opens one more file per thread, which pays only
 * when the descriptors are kept for later scans) and keeps no descriptor. */
static struct sampler *sampler_make(const char *root, bool once)
{
	struct sampler *s = xcalloc(1, sizeof *s);
	s->root = xstrdup(root);
	s->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	s->kids = once ? 0 : -1;
	s->bufcap = LIST_BUF;
	s->buf = xmalloc(s->bufcap);

	struct rlimit rl;
	rlim_t limit = 1024;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (!once && rl.rlim_cur < rl.rlim_max) {
			rlim_t old = rl.rlim_cur;
			rl.rlim_cur = rl.rlim_max;
			if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
				rl.rlim_cur = old;
		}
		limit = rl.rlim_cur;
		if (limit == RLIM_INFINITY || limit > (1u << 20))
			limit = 1u << 20;
	}
	/* A one-off keeps nothing: a file closed at once gives its kernel
	 * buffer back while it is still warm for the next open. */
	s->budget = once ? 0 : (size_t)(limit - limit / 8);
	return s;
}

struct sampler *sampler_new(const char *root)
{
	return sampler_make(root, false);
}

void sampler_free(struct sampler *s)
{
	if (!s)
		return;
	forget_all(s);
	free(s->procs);
	if (s->rootfd >= 0)
		close(s->rootfd);
	free(s->root);
	free(s->buf);
	free(s->work);
	free(s->found);
	free(s->chain);
	free(s->cpu_busy);
	free(s->cpu_total);
	free(s->cpu_have);
	free(s);
}

int sampler_scan(struct sampler *s, pid_t keeper, pid_t demo, uint64_t t_ns,
		 struct sample_snap *out, struct strbuf *err)
{
	sample_snap_release(out);
	out->t_ns = t_ns;
	out->keeper = keeper;
	out->demo = demo;
	if (s->rootfd < 0)
		s->rootfd = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->rootfd < 0)
		goto fail;
	if (keeper != s->keeper) {
		forget_all(s);
		s->keeper = keeper;
	}
	s->scan++;

	if (s->kids < 0) {
		char rel[64];
		snprintf(rel, sizeof rel, "%d/task/%d/children", (int)keeper, (int)keeper);
		if (faccessat(s->rootfd, rel, R_OK, 0) == 0) {
			s->kids = 1;
		} else {
			snprintf(rel, sizeof rel, "%d", (int)keeper);
			if (faccessat(s->rootfd, rel, F_OK, 0) == 0)
				s->kids = 0;
		}
	}
	if (s->kids == 1)
		walk(s, keeper);
	else if (s->kids == 0 && list(s, keeper) < 0)
		goto fail;
	/* else the keeper is gone before we could tell: an empty run */
	prune(s, keeper);
	fill(s, demo, out);
	return 0;
fail:
	strbuf_addf(err, "cannot read '%s': %s", s->root, strerror(errno));
	return -1;
}

/* Does buf hold a whole line after the cpu lines (so all of them)? */
static bool cpu_lines_whole(const char *buf)
{
	for (const char *nl = strchr(buf, '\n'); nl; nl = strchr(nl + 1, '\n'))
		if (strnlen(nl + 1, 3) == 3 && strncmp(nl + 1, "cpu", 3) != 0)
			return true;
	return false;
}

int sampler_cpus(struct sampler *s, double *pct, int max)
{
	if (s->rootfd < 0)
		return -1;
	int fd = openat(s->rootfd, "stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* The cpu lines come first; the rest (interrupt counts) can be long
	 * and is not needed: read until a line that is not a cpu line. */
	ssize_t n;
	for (;;) {
		do
			n = pread(fd, s->buf, s->bufcap - 1, 0);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			break;
		s->buf[n] = '\0';
		if ((size_t)n < s->bufcap - 1 || cpu_lines_whole(s->buf))
			break;
		s->bufcap *= 2;
		s->buf = xrealloc(s->buf, s->bufcap);
	}
	close(fd);
	if (n < 0)
		return -1;

	int ncores = 0;
	for (const char *line = s->buf; line && !strncmp(line, "cpu", 3);) {
		const char *c = line + 3;
		char *end;
		/* strtol would skip the blanks of the "cpu  " total line */
		long core = *c >= '0' && *c <= '9' ? strtol(c, &end, 10) : -1;
		const char *next = strchr(line, '\n');
		line = next ? next + 1 : NULL;
		if (core < 0 || core > 65535)
			continue;
		/* user nice system idle iowait irq softirq steal; guest and
		 * guest_nice are already counted in user and nice */
		uint64_t v[8] = { 0 };
		c = end;
		int got = 0;
		for (; got < 8; got++) {
			unsigned long long x = strtoull(c, &end, 10);
			if (end == c)
				break;
			v[got] = x;
			c = end;
		}
		if (got < 4)
			continue;
		uint64_t total = 0;
		for (int k = 0; k < 8; k++)
			total += v[k];
		uint64_t busy = total - v[3] - v[4];
		size_t i = (size_t)core;
		if (i >= s->capcpu) {
			size_t cap = s->capcpu;
			XGROW(s->cpu_busy, cap, i + 1);
			s->cpu_total = xrealloc(s->cpu_total, cap * sizeof *s->cpu_total);
			s->cpu_have = xrealloc(s->cpu_have, cap * sizeof *s->cpu_have);
			memset(s->cpu_have + s->capcpu, 0, cap - s->capcpu);
			s->capcpu = cap;
		}
		double p = NAN;
		if (s->cpu_have[i] == 1 && total > s->cpu_total[i] && busy >= s->cpu_busy[i])
			p = (double)(busy - s->cpu_busy[i]) * 100.0 /
			    (double)(total - s->cpu_total[i]);
		if ((int)i < max)
			pct[i] = p;
		s->cpu_busy[i] = busy;
		s->cpu_total[i] = total;
		s->cpu_have[i] = 2; /* seen in this read */
		if ((int)i + 1 > ncores)
			ncores = (int)i + 1;
	}
	/* A core missing from this read (offline) has no rate next time;
	 * those read become the reference for the next call. */
	for (size_t i = 0; i < s->capcpu; i++) {
		if (s->cpu_have[i] != 2 && (int)i < max && (int)i < ncores)
			pct[i] = NAN;
		s->cpu_have[i] = s->cpu_have[i] == 2;
	}
	return ncores ? ncores : -1;
}

/* ---- snapshots ---------------------------------------------------------- */

static int by_tid(const void *a, const void *b)
{
	pid_t x = ((const struct sample_thread *)a)->tid;
	pid_t y = ((const struct sample_thread *)b)->tid;
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
	struct sampler *s = sampler_make(root, true);
	int rc = sampler_scan(s, keeper, demo, t_ns, out, err);
	sampler_free(s);
	return rc;
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
			/* A thread runs on one core at a time. The kernel brings a
			 * running thread's CPU time up to date only at scheduler
			 * ticks, so a busy thread can read a few ms over a short
			 * interval; showing "112%" would be the tick, not the
			 * thread. */
			if (t->cpu_pct > 100.0)
				t->cpu_pct = 100.0;
			sum += t->cpu_pct;
			any = true;
		}
		p->cpu_pct = any ? sum : NAN;
	}
}

const struct sample_proc *sample_find(const struct sample_snap *s, pid_t pid)
{
	return s->nprocs ? bsearch(&pid, s->procs, s->nprocs, sizeof *s->procs, pid_key_cmp)
			 : NULL;
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
