/* probe: the demo side of lockstep (see probe.h). */
#define _GNU_SOURCE /* gettid */
#include "probe.h"
#include "event.h"
#include "param.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* -1: events go nowhere, and every event call returns after one branch. */
static int event_fd = -1;
static const struct probe_demo *the_demo;
static long values[64];
static const char *demo_name = "demo";

static void describe(const struct probe_demo *d)
{
	printf("summary %s\n", d->summary ? d->summary : "");
	printf("view %s\n", d->view ? d->view : "tree");
	printf("limit procs %d\n", d->max_procs > 0 ? d->max_procs : 64);
	printf("limit threads %d\n", d->max_threads > 0 ? d->max_threads : 256);
	printf("limit seconds %d\n", d->max_seconds > 0 ? d->max_seconds : 600);
	for (const struct probe_param *p = d->params; p && p->name; p++) {
		if (p->kind == PROBE_KIND_CHOICE)
			printf("param %s choice %s %s %s\n", p->name, p->def_choice, p->choices,
			       p->help ? p->help : "");
		else
			printf("param %s int %ld %ld %ld %s\n", p->name, p->def, p->min, p->max,
			       p->help ? p->help : "");
	}
}

static void help(const struct probe_demo *d)
{
	printf("%s: %s\n\nusage: %s [KEY=VALUE...]\n\n", demo_name, d->summary ? d->summary : "",
	       demo_name);
	param_print_table(stdout, d->params);
}

static void open_channel(void)
{
	const char *fd_text = getenv("LOCKSTEP_EVENT_FD");
	const char *where = getenv("LOCKSTEP_EVENTS");
	if (fd_text && *fd_text) {
		char *end;
		long fd = strtol(fd_text, &end, 10);
		/* A stale variable (the fd is not open here) must not make us
		 * write into some unrelated file the demo opens later. */
		if (!*end && fd > 2 && fd < 65536 && fcntl((int)fd, F_GETFD) >= 0) {
			event_fd = (int)fd;
			/* Programs this demo execs must not hold the channel open. */
			fcntl(event_fd, F_SETFD, FD_CLOEXEC);
		}
	} else if (where && !strcmp(where, "stderr")) {
		event_fd = 2;
	}
}

void probe_init(const struct probe_demo *demo, int argc, char **argv)
{
	const char *slash = argc > 0 ? strrchr(argv[0], '/') : NULL;
	demo_name = argc > 0 ? (slash ? slash + 1 : argv[0]) : "demo";
	the_demo = demo;
	if (param_count(demo->params) > sizeof values / sizeof values[0]) {
		fprintf(stderr, "%s: too many parameters in the table\n", demo_name);
		exit(2);
	}
	if (argc > 1 && !strcmp(argv[1], "--describe")) {
		describe(demo);
		exit(0);
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		help(demo);
		exit(0);
	}
	char err[512];
	if (param_apply(demo->params, demo_name, argc - 1, argv + 1, values, err, sizeof err) < 0) {
		fprintf(stderr, "%s: %s\n", demo_name, err);
		exit(2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	open_channel();
}

static int index_of(const char *name)
{
	int i = the_demo ? param_find(the_demo->params, name) : -1;
	if (i < 0) {
		fprintf(stderr, "%s: bug: no parameter '%s' in the demo's table\n", demo_name, name);
		abort();
	}
	return i;
}

long probe_int(const char *name)
{
	return values[index_of(name)];
}

const char *probe_str(const char *name)
{
	int i = index_of(name);
	const struct probe_param *p = &the_demo->params[i];
	if (p->kind != PROBE_KIND_CHOICE) {
		fprintf(stderr, "%s: bug: parameter '%s' is a number, not a choice\n", demo_name, name);
		abort();
	}
	/* The words live in the table, so hand back a pointer into a copy
	 * that lasts as long as the process. */
	static char words[64][64];
	return param_choice_word(p, values[i], words[i], sizeof words[i]);
}

const char *probe_ipc_name(const char *kind, const char *what, char *buf, size_t size)
{
	const char *run = getenv("LOCKSTEP_RUN_ID");
	const char *dir = getenv("LOCKSTEP_TMPDIR");
	if (run && *run)
		snprintf(buf, size, "/lockstep-%s-%s", run, what);
	else
		snprintf(buf, size, "/lockstep-%ld-%s", (long)getpid(), what);
	if (run && *run && dir && *dir) {
		char path[4096], line[512];
		snprintf(path, sizeof path, "%s/ipc-names", dir);
		int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0) {
			/* One write per line, with O_APPEND: lines from several
			 * processes never mix. */
			int n = snprintf(line, sizeof line, "%s %s\n", kind, buf);
			if (n > 0 && (size_t)n < sizeof line)
				(void)!write(fd, line, (size_t)n);
			close(fd);
		}
	}
	return buf;
}

bool probe_active(void)
{
	return event_fd >= 0;
}

static void send_event(struct event *ev)
{
	char line[EVENT_LINE_MAX];
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ev->pid = getpid();
	ev->tid = gettid();
	ev->time_us = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
	size_t n = event_format(line, ev);
	/* One write per line: a pipe keeps writes under PIPE_BUF whole. */
	ssize_t w;
	do
		w = write(event_fd, line, n);
	while (w < 0 && errno == EINTR);
}

void probe_phase(const char *name)
{
	if (event_fd < 0)
		return;
	struct event ev = { .kind = EVENT_PHASE };
	snprintf(ev.name, sizeof ev.name, "%s", name);
	send_event(&ev);
}

void probe_metric(const char *name, double value, const char *unit)
{
	if (event_fd < 0)
		return;
	struct event ev = { .kind = EVENT_METRIC, .value = value };
	snprintf(ev.name, sizeof ev.name, "%s", name);
	snprintf(ev.unit, sizeof ev.unit, "%s", unit ? unit : "");
	send_event(&ev);
}

void probe_task_begin(long id, const char *label)
{
	if (event_fd < 0)
		return;
	struct event ev = { .kind = EVENT_TASK_BEGIN, .id = id, .text = label ? label : "" };
	send_event(&ev);
}

void probe_task_queued(long id, const char *label)
{
	if (event_fd < 0)
		return;
	struct event ev = { .kind = EVENT_TASK_QUEUED, .id = id, .text = label ? label : "" };
	send_event(&ev);
}

void probe_queue(const char *name, long depth, long capacity)
{
	if (event_fd < 0)
		return;
	struct event ev = { .kind = EVENT_QUEUE, .depth = depth, .capacity = capacity };
	snprintf(ev.name, sizeof ev.name, "%s", name);
	send_event(&ev);
}

void probe_task_end(long id)
{
	if (event_fd < 0)
		return;
	struct event ev = { .kind = EVENT_TASK_END, .id = id };
	send_event(&ev);
}

void probe_log(const char *fmt, ...)
{
	if (event_fd < 0)
		return;
	char text[EVENT_LINE_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	struct event ev = { .kind = EVENT_LOG, .text = text };
	send_event(&ev);
}

/* ---- step gates ---- */

#define GATE_PASSES 64 /* threads with a "go" not yet used; more is a misuse */

static bool gates_on;
static int gate_fd = -1;
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_changed = PTHREAD_COND_INITIALIZER;
static bool gate_reading, gate_closed;
static struct { pid_t tid; int n; } passes[GATE_PASSES];

bool probe_gates(void)
{
	const char *fd_text = getenv("LOCKSTEP_GATE_FD");
	if (!fd_text || !*fd_text)
		return false;
	char *end;
	long fd = strtol(fd_text, &end, 10);
	if (*end || fd <= 2 || fd >= 65536 || fcntl((int)fd, F_GETFD) < 0)
		return false;
	gate_fd = (int)fd;
	fcntl(gate_fd, F_SETFD, FD_CLOEXEC);
	gates_on = true;
	return true;
}

/* Record "go TID" (gate_lock held). */
static void add_pass(pid_t tid)
{
	for (int i = 0; i < GATE_PASSES; i++)
		if (passes[i].n && passes[i].tid == tid) {
			passes[i].n++;
			return;
		}
	for (int i = 0; i < GATE_PASSES; i++)
		if (!passes[i].n) {
			passes[i].tid = tid;
			passes[i].n = 1;
			return;
		}
}

/* Use a pass for tid if there is one (gate_lock held). */
static bool take_pass(pid_t tid)
{
	for (int i = 0; i < GATE_PASSES; i++)
		if (passes[i].n && passes[i].tid == tid) {
			passes[i].n--;
			return true;
		}
	return false;
}

/* Read one line from the channel, without the lock: another thread may
 * arrive at its gate meanwhile. false at end of file. */
static bool read_go(pid_t *tid)
{
	char line[32];
	size_t n = 0;
	for (;;) {
		char c;
		ssize_t r = read(gate_fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		if (c == '\n')
			break;
		if (n < sizeof line - 1)
			line[n++] = c;
	}
	line[n] = '\0';
	int t;
	*tid = sscanf(line, "go %d", &t) == 1 ? (pid_t)t : 0;
	return true;
}

void probe_gate(const char *name)
{
	if (!gates_on)
		return;
	pid_t me = gettid();
	if (event_fd >= 0) {
		struct event ev = { .kind = EVENT_GATE };
		snprintf(ev.name, sizeof ev.name, "%s", name);
		send_event(&ev);
	}
	pthread_mutex_lock(&gate_lock);
	/* One waiting thread reads the channel for all of them; the others
	 * wait to be told a pass has come. */
	while (!take_pass(me) && !gate_closed) {
		if (gate_reading) {
			pthread_cond_wait(&gate_changed, &gate_lock);
			continue;
		}
		gate_reading = true;
		pthread_mutex_unlock(&gate_lock);
		pid_t tid;
		bool got = read_go(&tid);
		pthread_mutex_lock(&gate_lock);
		gate_reading = false;
		if (!got)
			gate_closed = true; /* the shell is gone: no one will say go */
		else if (tid > 0)
			add_pass(tid);
		pthread_cond_broadcast(&gate_changed);
	}
	pthread_mutex_unlock(&gate_lock);
}
