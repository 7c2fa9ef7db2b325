/* descend: which processes descend from one, from /proc (see descend.h). */
#include "descend.h"
#include "../util/fileio.h"
#include "../util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int descend_parse_stat(const char *line, struct proc_brief *b)
{
	const char *open = strchr(line, '(');
	const char *close = strrchr(line, ')');
	if (!open || !close || close < open || close[1] != ' ')
		return -1;
	char *end;
	long pid = strtol(line, &end, 10);
	if (end == line || pid <= 0)
		return -1;
	size_t len = (size_t)(close - open - 1);
	if (len >= sizeof b->comm)
		len = sizeof b->comm - 1;
	memcpy(b->comm, open + 1, len);
	b->comm[len] = '\0';
	b->pid = (pid_t)pid;
	b->state = close[2];
	if (!b->state)
		return -1;
	/* Fields 4..52, each a number after one space. */
	const char *p = close + 3;
	long long v[53] = { 0 };
	int got = 3;
	for (int f = 4; f <= 52 && *p == ' '; f++) {
		p++;
		long long x = strtoll(p, &end, 10);
		if (end == p)
			break;
		v[f] = x;
		got = f;
		p = end;
	}
	if (got < 22)
		return -1;
	b->ppid = (pid_t)v[4];
	b->pgid = (pid_t)v[5];
	b->nthreads = (long)v[20];
	b->start_ticks = (uint64_t)v[22];
	b->processor = got >= 39 ? (int)v[39] : -1;
	b->exit_code = got >= 52 && b->state == 'Z' ? (int)v[52] : -1;
	return 0;
}

static int by_pid(const void *a, const void *b)
{
	pid_t x = ((const struct proc_brief *)a)->pid, y = ((const struct proc_brief *)b)->pid;
	return (x > y) - (x < y);
}

static struct proc_brief *lookup(struct proc_brief *all, size_t n, pid_t pid)
{
	struct proc_brief key = { .pid = pid };
	return bsearch(&key, all, n, sizeof *all, by_pid);
}

bool descend_is_pid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

ssize_t descend_scan(const char *root, pid_t top, bool include_top, struct proc_brief **out)
{
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -1;
	int listfd = dup(rootfd);
	DIR *d = listfd >= 0 ? fdopendir(listfd) : NULL;
	if (!d) {
		int e = errno;
		if (listfd >= 0)
			close(listfd);
		close(rootfd);
		errno = e;
		return -1;
	}
	struct proc_brief *all = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	char rel[sizeof de->d_name + 8], buf[2048];
	while ((de = readdir(d))) {
		if (!descend_is_pid(de->d_name))
			continue;
		snprintf(rel, sizeof rel, "%s/stat", de->d_name);
		XGROW(all, cap, n + 1);
		if (file_read_small_at(rootfd, rel, buf, sizeof buf) > 0 &&
		    descend_parse_stat(buf, &all[n]) == 0)
			n++;
		/* else gone since readdir, or not a process: leave it out */
	}
	closedir(d);
	close(rootfd);
	if (n > 1)
		qsort(all, n, sizeof *all, by_pid);

	/* A process descends from top if walking up its parents reaches top.
	 * mark: 0 unknown, 1 yes, 2 no; memoised so the walk is linear. A
	 * chain longer than n is a cycle made by a pid reused mid-scan. */
	unsigned char *mark = xcalloc(n ? n : 1, 1);
	size_t *chain = xmalloc((n ? n : 1) * sizeof *chain);
	for (size_t i = 0; i < n; i++) {
		size_t len = 0, k = i;
		unsigned char verdict = 2;
		for (;;) {
			if (mark[k]) {
				verdict = mark[k];
				break;
			}
			chain[len++] = k;
			if (all[k].ppid == top && all[k].pid != top) {
				verdict = 1;
				break;
			}
			struct proc_brief *parent = lookup(all, n, all[k].ppid);
			if (!parent || len >= n)
				break;
			k = (size_t)(parent - all);
		}
		for (size_t c = 0; c < len; c++)
			mark[chain[c]] = verdict;
	}
	/* Compact in place: top first (if wanted), then the descendants. */
	struct proc_brief *self = include_top ? lookup(all, n, top) : NULL;
	size_t found = 0;
	struct proc_brief top_copy;
	if (self)
		top_copy = *self;
	for (size_t i = 0; i < n; i++)
		if (mark[i] == 1)
			all[found++] = all[i];
	if (self) {
		XGROW(all, cap, found + 1);
		memmove(all + 1, all, found * sizeof *all);
		all[0] = top_copy;
		found++;
	}
	free(mark);
	free(chain);
	*out = all;
	return (ssize_t)found;
}

long descend_system_threads(const char *root)
{
	char path[512], buf[256];
	snprintf(path, sizeof path, "%s/loadavg", root);
	if (file_read_small(path, buf, sizeof buf) <= 0)
		return -1;
	/* "0.00 0.01 0.05 1/123 4567": runnable/total scheduling entities */
	const char *slash = strchr(buf, '/');
	return slash ? strtol(slash + 1, NULL, 10) : -1;
}
