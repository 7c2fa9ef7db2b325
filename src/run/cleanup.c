/* cleanup: remove a run's temp dir and IPC objects (see cleanup.h). */
#include "cleanup.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#include <dirent.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int run_owns_ipc_name(const char *run_id, const char *name)
{
	if (!strncmp(name, "sem.", 4))
		name += 4;
	size_t np = strlen(RUN_IPC_PREFIX), nid = strlen(run_id);
	if (strncmp(name, RUN_IPC_PREFIX, np) || strncmp(name + np, run_id, nid))
		return 0;
	/* "lockstep-12-1" must not claim "lockstep-12-10" */
	char next = name[np + nid];
	return next == '\0' || next == '-' || next == '.' || next == '_';
}

static int clean_dir(const char *dir, const char *run_id, struct strbuf *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0; /* no /dev/mqueue mounted: nothing can be there */
	int failures = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!run_owns_ipc_name(run_id, de->d_name))
			continue;
		char *path = xasprintf("%s/%s", dir, de->d_name);
		if (unlink(path) < 0 && errno != ENOENT) {
			strbuf_addf(err, "%scannot remove '%s': %s", err->len ? "\n" : "", path,
				    strerror(errno));
			failures++;
		}
		free(path);
	}
	closedir(d);
	return failures;
}

/* Unlink the objects the demo named with probe_ipc_name: the only way to
 * find message queues when /dev/mqueue is not mounted. */
static int clean_registered(const char *tmpdir, const char *run_id, struct strbuf *err)
{
	char *path = xasprintf("%s/ipc-names", tmpdir);
	struct strbuf text, ignored;
	strbuf_init(&text);
	strbuf_init(&ignored);
	int failures = 0;
	if (file_read(path, 1 << 20, &text, &ignored) == 0) {
		for (char *line = strtok(text.buf, "\n"); line; line = strtok(NULL, "\n")) {
			char *name = strchr(line, ' ');
			if (!name || name[1] != '/' || !run_owns_ipc_name(run_id, name + 2))
				continue;
			*name++ = '\0';
			int rc = 0;
			if (!strcmp(line, "shm"))
				rc = shm_unlink(name);
			else if (!strcmp(line, "sem"))
				rc = sem_unlink(name);
			else if (!strcmp(line, "mq"))
				rc = mq_unlink(name);
			if (rc < 0 && errno != ENOENT) {
				strbuf_addf(err, "%scannot remove %s '%s': %s", err->len ? "\n" : "",
					    line, name, strerror(errno));
				failures++;
			}
		}
	}
	strbuf_release(&text);
	strbuf_release(&ignored);
	free(path);
	return failures;
}

int run_cleanup(const char *run_id, const char *tmpdir, struct strbuf *err)
{
	int failures = 0;
	if (tmpdir)
		failures += clean_registered(tmpdir, run_id, err);
	if (tmpdir && remove_tree(tmpdir) < 0) {
		strbuf_addf(err, "%scannot remove '%s': %s", err->len ? "\n" : "", tmpdir,
			    strerror(errno));
		failures++;
	}
	failures += clean_dir("/dev/shm", run_id, err);
	failures += clean_dir("/dev/mqueue", run_id, err);
	return failures;
}
