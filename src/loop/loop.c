/* loop: poll over fds, a signalfd and timers (see loop.h). */
#define _GNU_SOURCE /* signalfd */
#include "loop.h"
#include "../util/clock.h"
#include "../util/xalloc.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

struct watch {
	int fd;
	loop_fd_fn fn;
	void *ctx;
	bool dead;
};

struct timer {
	int id;
	uint64_t due_ns;
	loop_timer_fn fn;
	void *ctx;
	bool dead;
};

struct loop {
	struct watch *watches;
	size_t nwatches, capwatches;
	struct timer *timers;
	size_t ntimers, captimers;
	int next_timer_id;
	int sigfd;
	loop_signal_fn sig_fn;
	void *sig_ctx;
	sigset_t sigs;
};

struct loop *loop_new(void)
{
	struct loop *l = xcalloc(1, sizeof *l);
	l->sigfd = -1;
	sigemptyset(&l->sigs);
	return l;
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	if (l->sigfd >= 0)
		close(l->sigfd);
	free(l->watches);
	free(l->timers);
	free(l);
}

void loop_watch_fd(struct loop *l, int fd, loop_fd_fn fn, void *ctx)
{
	for (size_t i = 0; i < l->nwatches; i++) {
		if (l->watches[i].fd == fd && !l->watches[i].dead) {
			l->watches[i].fn = fn;
			l->watches[i].ctx = ctx;
			return;
		}
	}
	XGROW(l->watches, l->capwatches, l->nwatches + 1);
	l->watches[l->nwatches++] = (struct watch){ .fd = fd, .fn = fn, .ctx = ctx };
}

void loop_unwatch_fd(struct loop *l, int fd)
{
	for (size_t i = 0; i < l->nwatches; i++)
		if (l->watches[i].fd == fd)
			l->watches[i].dead = true;
}

int loop_add_timer(struct loop *l, long delay_ms, loop_timer_fn fn, void *ctx)
{
	XGROW(l->timers, l->captimers, l->ntimers + 1);
	int id = ++l->next_timer_id;
	l->timers[l->ntimers++] = (struct timer){
		.id = id, .fn = fn, .ctx = ctx,
		.due_ns = clock_now_ns() + (uint64_t)(delay_ms < 0 ? 0 : delay_ms) * 1000000u,
	};
	return id;
}

void loop_cancel_timer(struct loop *l, int id)
{
	for (size_t i = 0; i < l->ntimers; i++)
		if (l->timers[i].id == id)
			l->timers[i].dead = true;
}

int loop_watch_signals(struct loop *l, const int *sigs, loop_signal_fn fn, void *ctx)
{
	for (const int *s = sigs; *s; s++)
		sigaddset(&l->sigs, *s);
	if (sigprocmask(SIG_BLOCK, &l->sigs, NULL) < 0)
		return -1;
	l->sigfd = signalfd(l->sigfd, &l->sigs, SFD_CLOEXEC | SFD_NONBLOCK);
	if (l->sigfd < 0)
		return -1;
	l->sig_fn = fn;
	l->sig_ctx = ctx;
	return 0;
}

/* Drop dead entries once no callback is running. */
static void compact(struct loop *l)
{
	size_t k = 0;
	for (size_t i = 0; i < l->nwatches; i++)
		if (!l->watches[i].dead)
			l->watches[k++] = l->watches[i];
	l->nwatches = k;
	k = 0;
	for (size_t i = 0; i < l->ntimers; i++)
		if (!l->timers[i].dead)
			l->timers[k++] = l->timers[i];
	l->ntimers = k;
}

static void run_timers(struct loop *l)
{
	uint64_t now = clock_now_ns();
	/* Index, not pointer: a callback may add timers and move the array. */
	size_t n = l->ntimers;
	for (size_t i = 0; i < n; i++) {
		if (l->timers[i].dead || l->timers[i].due_ns > now)
			continue;
		long next = l->timers[i].fn(l->timers[i].ctx);
		if (l->timers[i].dead)
			continue;
		if (next < 0)
			l->timers[i].dead = true;
		else
			l->timers[i].due_ns = clock_now_ns() + (uint64_t)next * 1000000u;
	}
}

void loop_run_once(struct loop *l, long timeout_ms)
{
	compact(l);
	uint64_t now = clock_now_ns();
	for (size_t i = 0; i < l->ntimers; i++) {
		long until = l->timers[i].due_ns <= now ? 0 :
			     (long)((l->timers[i].due_ns - now + 999999u) / 1000000u);
		if (timeout_ms < 0 || until < timeout_ms)
			timeout_ms = until;
	}
	size_t n = l->nwatches + 1;
	struct pollfd *p = xcalloc(n, sizeof *p);
	int *owner = xcalloc(n, sizeof *owner);
	size_t np = 0;
	if (l->sigfd >= 0) {
		p[np].fd = l->sigfd;
		p[np].events = POLLIN;
		owner[np++] = -1;
	}
	for (size_t i = 0; i < l->nwatches; i++) {
		p[np].fd = l->watches[i].fd;
		p[np].events = POLLIN;
		owner[np++] = (int)i;
	}
	int rc = poll(p, (nfds_t)np, timeout_ms > (long)1 << 30 ? 1 << 30 : (int)timeout_ms);
	if (rc > 0) {
		for (size_t i = 0; i < np; i++) {
			if (!p[i].revents)
				continue;
			if (owner[i] < 0) {
				struct signalfd_siginfo si;
				while (read(l->sigfd, &si, sizeof si) == (ssize_t)sizeof si)
					if (l->sig_fn)
						l->sig_fn(l->sig_ctx, (int)si.ssi_signo);
				continue;
			}
			struct watch *w = &l->watches[owner[i]];
			if (!w->dead && w->fd == p[i].fd)
				w->fn(w->ctx, w->fd);
		}
	}
	free(p);
	free(owner);
	run_timers(l);
}
