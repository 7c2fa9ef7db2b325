/*
 * tls-conn: every thread gets its own "connection", without passing it around.
 *
 * `threads` threads each answer a few requests. A request goes down three
 * calls (handle -> lookup -> query), and only query() needs the connection.
 * Instead of adding a parameter to every function on the way, query() asks
 * for "this thread's connection": a _Thread_local pointer, one per thread.
 * The first query of a thread opens its connection.
 *
 * C11's _Thread_local gives each thread its own copy of a variable, but no
 * way to clean it up when the thread ends. pthread_key_create() gives a
 * per-thread slot with a destructor, which the thread library calls at
 * thread exit for every slot that is not NULL: that closes the connection.
 *
 * Each thread prints the address of its copy of `conn` and of the shared
 * global `total`; main collects them and counts how many differ.
 *
 * In lockstep's tree: tls-conn with its threads under it, each alive for
 * `hold` ms after its last request.
 */
#include "probe.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct probe_param params[] = {
	PROBE_INT("threads", 3, 1, 8, "threads, each with its own connection"),
	PROBE_INT("requests", 2, 1, 100, "thread i answers i * requests requests"),
	PROBE_INT("hold", 1000, 0, 5000, "ms each thread stays alive after its requests, to see it in the tree"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "_Thread_local and pthread_key_create: one connection per thread, closed at thread exit",
	.view = "tree", .max_procs = 2, .max_threads = 12, .max_seconds = 60, .params = params,
};

#define MAXT 8

struct conn { int id; long queries; };	/* stands in for a socket to a database */

/* region tls */
static _Thread_local struct conn *conn;	/* one pointer per thread, NULL at start */
static _Thread_local int me;		/* this thread's number, 1..threads */
static pthread_key_t conn_key;		/* the same per-thread slot, with a destructor */
static atomic_long total;		/* an ordinary global: one for all threads */
/* endregion tls */
static atomic_int closed;		/* destructors run so far */

static long requests, hold_ms;
static void *conn_addr[MAXT + 1], *total_addr[MAXT + 1];	/* what each thread saw */

static void fail(const char *what, int err)
{
	fprintf(stderr, "tls-conn: %s: %s\n", what, strerror(err));
	exit(1);
}

/* region destructor */
/* Called by the thread library as a thread exits, with that thread's value
 * of conn_key, if it is not NULL. It runs in the exiting thread. */
static void conn_close(void *p)
{
	struct conn *c = p;
	printf("thread %d: destructor closes connection %d after %ld queries\n",
	       me, c->id, c->queries);
	free(c);
	closed++;
}
/* endregion destructor */

/* region query */
static void query(const char *what)
{
	if (conn == NULL) {	/* this thread's first query: open its connection */
		static atomic_int opened;
		conn = malloc(sizeof *conn);
		if (conn == NULL)
			fail("malloc", ENOMEM);
		conn->id = ++opened;
		conn->queries = 0;
		int err = pthread_setspecific(conn_key, conn);	/* so the destructor gets it */
		if (err)
			fail("pthread_setspecific", err);
	}
	conn->queries++;	/* this thread's connection: no lock needed */
	total++;		/* shared by all threads: atomic */
	(void)what;		/* a real query would send `what` down the socket */
}

static void lookup(const char *key) { query(key); }	/* no conn parameter ... */
static void handle(const char *req) { lookup(req); }	/* ... anywhere on the way */
/* endregion query */

static void *thread_main(void *arg)
{
	me = (int)(long)arg;	/* writes this thread's copy of me */
	for (long r = 0; r < me * requests; r++)
		handle("GET /balance");
	/* region report */
	printf("thread %d: &conn = %p -> connection %d at %p, %ld queries; &total = %p\n",
	       me, (void *)&conn, conn->id, (void *)conn, conn->queries, (void *)&total);
	conn_addr[me] = &conn;		/* each thread writes its own slot */
	total_addr[me] = &total;
	/* endregion report */
	struct timespec ts = { hold_ms / 1000, hold_ms % 1000 * 1000000L };
	nanosleep(&ts, NULL);	/* stay alive, so the tree shows us */
	return NULL;		/* the thread exits: conn_close runs now */
}

/* How many different pointers among a[1..n]. */
static int distinct(void *const *a, int n)
{
	int d = 0;
	for (int i = 1; i <= n; i++) {
		int seen = 0;
		for (int j = 1; j < i; j++)
			seen |= a[j] == a[i];
		d += !seen;
	}
	return d;
}

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	int n = (int)probe_int("threads");
	requests = probe_int("requests");
	hold_ms = probe_int("hold");

	int err = pthread_key_create(&conn_key, conn_close);
	if (err)
		fail("pthread_key_create", err);
	pthread_t t[MAXT + 1];
	for (long i = 1; i <= n; i++)
		if ((err = pthread_create(&t[i], NULL, thread_main, (void *)i)))
			fail("pthread_create", err);
	for (int i = 1; i <= n; i++)
		if ((err = pthread_join(t[i], NULL)))
			fail("pthread_join", err);
	/* Every thread has exited, so every destructor has run. */
	/* region count */
	printf("main: &conn = %p here, and conn = %p: main never queried\n",
	       (void *)&conn, (void *)conn);
	printf("%d threads exited, %d destructors ran\n", n, (int)closed);
	printf("%d threads, %d different addresses of conn, %d of total\n",
	       n, distinct(conn_addr, n), distinct(total_addr, n));
	printf("total = %ld queries (requests * (1 + 2 + ... + %d) = %ld)\n",
	       (long)total, n, requests * n * (n + 1) / 2);
	/* endregion count */
	pthread_key_delete(conn_key);
	return 0;
}
