/* tmux_socket: the benchmarks that drive tmux on a private -L socket
 * remove its file afterwards, because tmux leaves it behind in
 * $TMUX_TMPDIR/tmux-UID when its server is killed. */
#ifndef LOCKSTEP_BENCH_TMUX_SOCKET_H
#define LOCKSTEP_BENCH_TMUX_SOCKET_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void remove_socket(const char *sock)
{
	char path[512];
	const char *dir = getenv("TMUX_TMPDIR");
	snprintf(path, sizeof path, "%s/tmux-%d/%s", dir && *dir ? dir : "/tmp", (int)getuid(), sock);
	unlink(path);
}

#endif
