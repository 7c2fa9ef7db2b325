/* session: the shell's state and the supervision of a run (see session.h). */
#include "session.h"
#include "cmd.h"
#include "../loop/loop.h"
#include "../probe/event.h"
#include "../probe/param.h"
#include "../util/clock.h"
#include "../util/xalloc.h"
#include "../view/graph.h"
#include "../view/queueview.h"
#include "../view/timeline.h"
#include "../view/tree.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLE_MS 100
/* How long the views go on after a pause, to show the processes stopped. */
#define PAUSE_SETTLE_MS 300

static void emit(struct session *s, enum out_kind kind, const char *line)
{
	if (s->out.line)
		s->out.line(s->out.ctx, kind, line);
	if (s->tap.line)
		s->tap.line(s->tap.ctx, kind, line);
}

void session_print_text(struct session *s, enum out_kind kind, const char *text)
{
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		emit(s, kind, line);
		free(line);
		p += n;
		if (*p == '\n')
			p++;
	}
}

void session_print(struct session *s, enum out_kind kind, const char *fmt, ...)
{
	struct strbuf sb;
	strbuf_init(&sb);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (!sb.len)
		emit(s, kind, "");
	else
		session_print_text(s, kind, sb.buf);
	strbuf_release(&sb);
}

int session_error(struct session *s, const char *fmt, ...)
{
	struct strbuf sb;
	strbuf_init(&sb);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	/* An error is one line, whatever the message held. */
	for (char *c = sb.buf; *c; c++)
		if (*c == '\n')
			*c = ' ';
	emit(s, OUT_ERROR, sb.buf);
	strbuf_release(&sb);
	return CMD_ERROR;
}

int session_init(struct session *s, struct loop *loop, const char *lessons_dir,
		 const char *demo_dirs, struct strbuf *err)
{
	memset(s, 0, sizeof *s);
	s->loop = loop;
	s->lessons_dir = xstrdup(lessons_dir);
	s->sample_ms = SAMPLE_MS;
	s->proc_root = "/proc";
	s->width = 80;
	s->sample_timer = -1;
	model_init(&s->model, 0);
	strvec_init(&s->demo_dirs);
	strvec_init(&s->pending);
	strvec_init(&s->run_args);
	strbuf_init(&s->tree_key);
	manifest_init(&s->manifest);
	catalog_init(&s->catalog);
	sample_snap_init(&s->prev);
	sample_snap_init(&s->cur);
	const char *p = demo_dirs;
	while (*p) {
		size_t n = strcspn(p, ":");
		if (n) {
			char *dir = xstrndup(p, n);
			if (manifest_load(&s->manifest, dir, err) < 0) {
				free(dir);
				return -1;
			}
			strvec_take(&s->demo_dirs, dir);
		}
		p += n + (p[n] == ':');
	}
	return catalog_load(&s->catalog, lessons_dir, cmd_check_action, s, err);
}

void session_release(struct session *s)
{
	if (s->run) {
		run_free(s->run);
		s->run = NULL;
	}
	sampler_free(s->sampler);
	s->sampler = NULL;
	if (s->sample_timer >= 0 && s->loop)
		loop_cancel_timer(s->loop, s->sample_timer);
	catalog_release(&s->catalog);
	manifest_release(&s->manifest);
	sample_snap_release(&s->prev);
	sample_snap_release(&s->cur);
	model_release(&s->model);
	strbuf_release(&s->tree_key);
	strvec_release(&s->pending);
	strvec_release(&s->run_args);
	strvec_release(&s->demo_dirs);
	free(s->lessons_dir);
}

/* ---- finding demos and checking their parameters ---- */

static void list_demos_of(const struct session *s, const char *lesson, struct strbuf *out)
{
	size_t n = 0;
	for (size_t i = 0; i < s->manifest.nr; i++)
		if (!strcmp(s->manifest.demos[i].lesson, lesson))
			strbuf_addf(out, "%s%s", n++ ? ", " : "", s->manifest.demos[i].name);
	if (!n)
		strbuf_addstr(out, "none");
}

const struct demo_desc *session_find_demo(const struct session *s, const struct lesson *in,
					  const char *name, struct strbuf *why)
{
	if (strchr(name, '/')) {
		const struct demo_desc *d = manifest_find(&s->manifest, name);
		if (!d)
			strbuf_addf(why, "unknown demo '%s' (see list for the demos)", name);
		return d;
	}
	const struct lesson *l = in ? in : s->lesson;
	if (l) {
		char *id = xasprintf("%s/%s", l->id, name);
		const struct demo_desc *d = manifest_find(&s->manifest, id);
		free(id);
		if (d)
			return d;
		if (in) { /* a lesson's own blocks name only its own demos */
			strbuf_addf(why, "unknown demo '%s' (lesson %s has: ", name, l->id);
			list_demos_of(s, l->id, why);
			strbuf_addch(why, ')');
			return NULL;
		}
	}
	/* Typed at the prompt: a name that is unique among all demos will do. */
	const struct demo_desc *found = NULL;
	struct strbuf all;
	strbuf_init(&all);
	size_t n = 0;
	for (size_t i = 0; i < s->manifest.nr; i++) {
		if (strcmp(s->manifest.demos[i].name, name))
			continue;
		found = &s->manifest.demos[i];
		strbuf_addf(&all, "%s%s", n++ ? ", " : "", found->id);
	}
	if (n > 1) {
		strbuf_addf(why, "ambiguous demo '%s' (could be %s)", name, all.buf);
		found = NULL;
	} else if (!n && l) {
		strbuf_addf(why, "unknown demo '%s' (lesson %s has: ", name, l->id);
		list_demos_of(s, l->id, why);
		strbuf_addstr(why, "; see list for all)");
	} else if (!n) {
		strbuf_addf(why, "unknown demo '%s' (see list for the demos)", name);
	}
	strbuf_release(&all);
	return found;
}

int session_check_params(const struct demo_desc *d, int nargs, char *const *args, struct strbuf *why)
{
	long values[64];
	char err[512];
	if (d->nparams > sizeof values / sizeof values[0]) {
		strbuf_addf(why, "%s has too many parameters", d->id);
		return -1;
	}
	if (param_apply(d->params, d->name, nargs, args, values, err, sizeof err) < 0) {
		strbuf_addstr(why, err);
		return -1;
	}
	return 0;
}

/* ---- a run's life ---- */

static void on_output(void *ctx, const char *line)
{
	session_print(ctx, OUT_DEMO, "%s", line);
}

/* A thread stopped at a step gate: number it, and say how to let it on. */
static void on_gate(struct session *s, const struct event *ev)
{
	size_t i = 0;
	while (i < s->ngates && s->gates[i].tid != ev->tid)
		i++;
	if (i == s->ngates) {
		if (s->ngates == SESSION_GATE_THREADS) {
			session_print(s, OUT_NOTICE, "thread %d waits at a gate, but only %d threads can be stepped",
				      (int)ev->tid, SESSION_GATE_THREADS);
			return;
		}
		s->gates[s->ngates++].tid = ev->tid;
	}
	snprintf(s->gates[i].at, sizeof s->gates[i].at, "%s", ev->name);
	session_print(s, OUT_EVENT, "· thread %zu (tid %d) waits at %s: go %zu lets it past", i + 1,
		      (int)ev->tid, ev->name, i + 1);
}

static void on_event(void *ctx, const struct event *ev)
{
	struct session *s = ctx;
	model_event(&s->model, ev);
	switch (ev->kind) {
	case EVENT_PHASE:
		session_print(s, OUT_EVENT, "· phase %s (pid %d)", ev->name, (int)ev->pid);
		break;
	case EVENT_METRIC:
		session_print(s, OUT_EVENT, "· metric %s = %g%s%s (pid %d)", ev->name, ev->value,
			      ev->unit[0] ? " " : "", ev->unit, (int)ev->pid);
		break;
	case EVENT_TASK_QUEUED:
		session_print(s, OUT_EVENT, "· task %ld waits in the queue%s%s (pid %d)", ev->id,
			      ev->text[0] ? ": " : "", ev->text, (int)ev->pid);
		break;
	case EVENT_QUEUE:
		if (ev->capacity)
			session_print(s, OUT_EVENT, "· queue %s: %ld of %ld (pid %d)", ev->name, ev->depth,
				      ev->capacity, (int)ev->pid);
		else
			session_print(s, OUT_EVENT, "· queue %s: %ld (pid %d)", ev->name, ev->depth, (int)ev->pid);
		break;
	case EVENT_TASK_BEGIN:
		session_print(s, OUT_EVENT, "· task %ld begins%s%s (pid %d, thread %d)", ev->id,
			      ev->text[0] ? ": " : "", ev->text, (int)ev->pid, (int)ev->tid);
		break;
	case EVENT_TASK_END:
		session_print(s, OUT_EVENT, "· task %ld ends (pid %d, thread %d)", ev->id,
			      (int)ev->pid, (int)ev->tid);
		break;
	case EVENT_LOG:
		session_print(s, OUT_EVENT, "· [%d] %s", (int)ev->pid, ev->text);
		break;
	case EVENT_GATE:
		on_gate(s, ev);
		break;
	}
}

static void on_reaped(void *ctx, pid_t pid, const char *how)
{
	struct session *s = ctx;
	model_ended(&s->model, pid, how);
}

static void on_notice(void *ctx, const char *line)
{
	session_print(ctx, OUT_NOTICE, "%s", line);
}

static void print_tree(struct session *s, const struct sample_snap *snap)
{
	struct tree_opts o = { .show_cpu = true, .show_threads = true, .max_threads = 8 };
	struct strbuf sb;
	strbuf_init(&sb);
	tree_render(snap, &o, &sb);
	session_print_text(s, OUT_TREE, sb.buf);
	strbuf_release(&sb);
}

/* Take a sample: cur becomes the newest scan, prev the one before. */
static int take_sample(struct session *s)
{
	struct strbuf err;
	strbuf_init(&err);
	struct sample_snap next;
	sample_snap_init(&next);
	if (!s->sampler)
		s->sampler = sampler_new(s->proc_root);
	int rc = sampler_scan(s->sampler, run_keeper_pid(s->run), run_demo_pid(s->run),
			      clock_now_ns(), &next, &err);
	strbuf_release(&err);
	if (rc < 0) {
		sample_snap_release(&next);
		return -1;
	}
	sample_rates(&next, &s->cur);
	sample_snap_release(&s->prev);
	s->prev = s->cur;
	s->cur = next;
	/* The model gets its own copy: prev and cur are for the rates. */
	model_sample_copy(&s->model, &s->cur);
	double pct[256];
	int ncpu = sampler_cpus(s->sampler, pct, 256);
	if (ncpu > 0)
		model_cpus(&s->model, ncpu, pct);
	return 0;
}

#define FIRST_SAMPLE_MS 5

static long on_sample_tick(void *ctx)
{
	struct session *s = ctx;
	if (!s->run || run_ended(s->run)) {
		s->sample_timer = -1;
		return -1;
	}
	/* A paused run is frozen, and so are its views, once they have shown
	 * every process stopped: sampling goes on for a moment after the
	 * pause, as the SIGSTOPs land. */
	if (run_paused(s->run)) {
		if (!s->paused_at_ns)
			s->paused_at_ns = clock_now_ns();
		if (clock_now_ns() - s->paused_at_ns > PAUSE_SETTLE_MS * 1000000u)
			return s->sample_ms;
	} else {
		s->paused_at_ns = 0;
	}
	if (take_sample(s) < 0)
		return s->sample_ms;
	/* Until the demo shows up, look again soon: scanning the keeper
	 * alone costs little, and a demo shorter than one interval would
	 * otherwise never be seen at all. */
	if (s->cur.nprocs <= 1)
		return s->sample_ms < FIRST_SAMPLE_MS ? s->sample_ms : FIRST_SAMPLE_MS;
	if (s->live_tree) {
		struct strbuf key;
		strbuf_init(&key);
		tree_shape_key(&s->cur, &key);
		if (strcmp(key.buf, s->tree_key.buf)) {
			strbuf_reset(&s->tree_key);
			strbuf_addstr(&s->tree_key, key.buf);
			print_tree(s, &s->cur);
		}
		strbuf_release(&key);
	}
	return s->sample_ms;
}

static void finish_run_if_over(struct session *s);

static void on_run_fd(void *ctx, int fd)
{
	struct session *s = ctx;
	if (!s->run)
		return;
	run_read(s->run, fd);
	int fds[3];
	int n = run_fds(s->run, fds);
	bool open = false;
	for (int i = 0; i < n; i++)
		open |= fds[i] == fd;
	if (!open)
		loop_unwatch_fd(s->loop, fd);
	finish_run_if_over(s);
}

/* Plain front ends print what the live views showed, once the run is
 * over: the metrics over time and their summary, the tasks, the queues. */
static void print_run_views(struct session *s)
{
	struct run_model *m = &s->model;
	struct strbuf sb;
	strbuf_init(&sb);
	if (m->nseries) {
		const struct series *list[6];
		size_t n = model_graph_series(m, list, 6);
		strbuf_addstr(&sb, "metrics over time:\n");
		graph_table_text(list, n, graph_table_step(m->now), m->now, &sb);
		strbuf_addstr(&sb, "summary:\n");
		graph_summary_text(list, n, &sb);
	}
	if (m->ntasks) {
		strbuf_addstr(&sb, "tasks:\n");
		timeline_text(m, m->now, &sb);
	}
	if (m->nqueues)
		queueview_text(m, &sb);
	if (sb.len)
		session_print_text(s, OUT_TEXT, sb.buf);
	strbuf_release(&sb);
}

static void on_ended(void *ctx, const struct run_result *r)
{
	struct session *s = ctx;
	switch (r->how) {
	case RUN_EXITED:
		s->last_status = r->demo_signal ? 128 + r->demo_signal : r->demo_code;
		break;
	case RUN_STOPPED:
		s->last_status = 130;
		break;
	default:
		s->last_status = 1;
		break;
	}
	snprintf(s->last_result, sizeof s->last_result, "%s", r->reason);
	if (!s->full_screen) {
		print_run_views(s);
	} else if (s->model.nseries) {
		/* The graph stays on screen; the figures a student copies
		 * down go in the output, where they can be scrolled back to. */
		const struct series *list[6];
		size_t n = model_graph_series(&s->model, list, 6);
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_addstr(&sb, "summary:\n");
		graph_summary_text(list, n, &sb);
		session_print_text(s, OUT_TEXT, sb.buf);
		strbuf_release(&sb);
	}
	session_print(s, OUT_NOTICE, "■ %s", r->reason);
}

static void finish_run_if_over(struct session *s)
{
	if (!s->run || !run_ended(s->run))
		return;
	int fds[3];
	int n = run_fds(s->run, fds);
	for (int i = 0; i < n; i++)
		loop_unwatch_fd(s->loop, fds[i]);
	if (s->sample_timer >= 0)
		loop_cancel_timer(s->loop, s->sample_timer);
	s->sample_timer = -1;
	run_free(s->run);
	s->run = NULL;
	s->run_demo = NULL;
	/* Every process of the run is gone now, keeper and all, so a last
	 * scan would find nothing: an empty sample says as much, and the
	 * views keep the last run's processes marked with how they ended. */
	struct sample_snap none;
	sample_snap_init(&none);
	none.t_ns = clock_now_ns();
	none.keeper = s->cur.keeper;
	none.demo = s->cur.demo;
	model_sample(&s->model, &none);
	sampler_free(s->sampler); /* its descriptors are the run's threads' */
	s->sampler = NULL;
	sample_snap_release(&s->prev);
	sample_snap_release(&s->cur);
	strbuf_reset(&s->tree_key);
	session_drain(s);
}

void session_on_sigchld(struct session *s)
{
	if (!s->run)
		return;
	run_reap(s->run);
	finish_run_if_over(s);
}

int session_start_run(struct session *s, const struct demo_desc *d, int nargs, char *const *args)
{
	if (s->run)
		return session_error(s, "%s is still running (type stop, or wait for it to end)",
				     run_name(s->run));
	char **argv = xcalloc((size_t)nargs + 1, sizeof *argv);
	for (int i = 0; i < nargs; i++)
		argv[i] = args[i];
	struct run_spec spec = {
		.name = d->id, .exe = d->exe, .args = argv,
		.max_procs = d->max_procs, .max_threads = d->max_threads,
		.max_seconds = d->max_seconds, .proc_root = s->proc_root,
	};
	struct run_sink sink = {
		.ctx = s, .output = on_output, .event = on_event,
		.notice = on_notice, .ended = on_ended, .reaped = on_reaped,
	};
	struct strbuf err;
	strbuf_init(&err);
	s->run = run_start(&spec, &sink, &err);
	free(argv);
	if (!s->run) {
		session_error(s, "%s", err.buf);
		strbuf_release(&err);
		return CMD_ERROR;
	}
	strbuf_release(&err);
	s->run_demo = d;
	/* A new run, a new model; the last run's stays on screen until now. */
	model_release(&s->model);
	model_init(&s->model, clock_now_us());
	s->have_model = true;
	s->ngates = 0;
	strvec_clear(&s->run_args);
	for (int i = 0; i < nargs; i++)
		strvec_push(&s->run_args, args[i]);
	int v = session_view_find(d->view);
	s->view = v < 0 ? VIEW_TREE : (enum view_kind)v;
	struct strbuf line;
	strbuf_init(&line);
	strbuf_addf(&line, "▶ running %s", d->id);
	for (int i = 0; i < nargs; i++)
		strbuf_addf(&line, " %s", args[i]);
	strbuf_addf(&line, " (run %s, keeper %d; type stop to end it)", run_id(s->run),
		    (int)run_keeper_pid(s->run));
	session_print(s, OUT_NOTICE, "%s", line.buf);
	strbuf_release(&line);
	int fds[3];
	int n = run_fds(s->run, fds);
	for (int i = 0; i < n; i++)
		loop_watch_fd(s->loop, fds[i], on_run_fd, s);
	s->sample_timer = loop_add_timer(s->loop, 0, on_sample_tick, s);
	return CMD_OK;
}

static const char *const view_names[VIEW_COUNT] = {
	[VIEW_TREE] = "tree", [VIEW_METERS] = "meters", [VIEW_GRAPH] = "graph",
	[VIEW_TIMELINE] = "timeline", [VIEW_QUEUE] = "queue",
};

const char *session_view_name(enum view_kind v)
{
	return v < VIEW_COUNT ? view_names[v] : "?";
}

int session_view_find(const char *name)
{
	for (int i = 0; i < VIEW_COUNT; i++)
		if (!strcmp(view_names[i], name))
			return i;
	return -1;
}

void session_set_rate(struct session *s, int ms)
{
	s->sample_ms = ms;
	if (s->sample_timer >= 0) { /* take the new pace at once */
		loop_cancel_timer(s->loop, s->sample_timer);
		s->sample_timer = loop_add_timer(s->loop, ms, on_sample_tick, s);
	}
}

bool session_busy(const struct session *s)
{
	return s->run != NULL || s->pending.nr > 0;
}

void session_queue(struct session *s, const char *command)
{
	strvec_push(&s->pending, command);
}

void session_drain(struct session *s)
{
	while (!s->run && s->pending.nr && !s->quit) {
		char *line = s->pending.items[0];
		memmove(s->pending.items, s->pending.items + 1, s->pending.nr * sizeof *s->pending.items);
		s->pending.nr--;
		int rc = cmd_execute(s, line);
		free(line);
		if (rc != CMD_OK && s->pending.nr) {
			session_print(s, OUT_NOTICE, "(skipping the rest of the step's commands)");
			strvec_clear(&s->pending);
		}
	}
}

int session_print_tree(struct session *s)
{
	if (!s->run)
		return session_error(s, "no demo is running (start one with run)");
	if (take_sample(s) < 0)
		return session_error(s, "cannot read %s to see the processes", s->proc_root);
	print_tree(s, &s->cur);
	return CMD_OK;
}

bool session_interrupt(struct session *s)
{
	strvec_clear(&s->pending);
	if (!s->run)
		return false;
	if (!run_ended(s->run)) {
		session_print(s, OUT_NOTICE, "stopping %s (SIGINT, then SIGTERM, then SIGKILL)",
			      run_name(s->run));
		run_stop(s->run);
	}
	return true;
}

void session_shutdown(struct session *s, long timeout_ms)
{
	strvec_clear(&s->pending);
	if (!s->run)
		return;
	run_kill(s->run);
	uint64_t until = clock_now_ns() + (uint64_t)timeout_ms * 1000000u;
	while (s->run && clock_now_ns() < until)
		loop_run_once(s->loop, 50);
}
