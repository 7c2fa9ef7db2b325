/*
 * process-queue: the bounded queue of producer-consumer, between processes.
 *
 * Threads share memory; processes do not (lesson 01), so the queue lives in
 * a shared-memory object (shm_open + mmap) that every process maps. To
 * wait across processes, three named POSIX semaphores do the work of the
 * mutex and the two condition variables, the classic bounded buffer:
 * `slots` counts the free places (a producer waits on it when the queue is
 * full), `items` counts the items (a consumer waits on it when it is
 * empty), and `lock`, which is 0 or 1, lets one process at a time touch
 * the ring.
 *
 * Every named object gets its name from probe_ipc_name(), so it carries the
 * run id, and the parent unlinks them all at the end and checks /dev/shm.
 * Python's multiprocessing.Queue is a pipe instead of a ring, with a lock
 * around each end and, when it has a maxsize, a semaphore like `slots`.
 *
 * In lockstep's queue view: the depth of the shared queue, reported by
 * whichever process just changed it.
 */
#include "probe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const struct probe_param params[] = {
	PROBE_INT("items", 100, 1, 1000, "items to make, in all"),
	PROBE_INT("capacity", 8, 1, 64, "how many items the queue holds"),
	PROBE_INT("producers", 1, 1, 4, "producer processes"),
	PROBE_INT("consumers", 2, 1, 4, "consumer processes"),
	PROBE_INT("produce", 10, 0, 100, "ms a producer takes to make one item"),
	PROBE_INT("consume", 10, 0, 100, "ms a consumer takes to use one item"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "producer and consumer processes share a queue in shared memory, with named semaphores",
	.view = "queue", .max_procs = 12, .max_seconds = 60, .params = params,
};

#define MAXCAP 64
#define MAXITEMS 1000
#define SENTINEL (-1L)

/* region shared */
struct shared {			/* one copy, mapped by every process */
	long buf[MAXCAP], head, count;	/* the ring, as in producer-consumer */
	long consumed, window_n;	/* for the throughput */
	double window_t;
	double waited[2][4];		/* [0]: producer i, [1]: consumer i */
	long n[4];			/* items consumer i used */
	unsigned char got[4][MAXITEMS + 1];	/* consumer i's items, by id */
};
static struct shared *q;
static sem_t *slots, *items, *lock;
/* endregion shared */
static long capacity;

static void die(const char *what)
{
	fprintf(stderr, "process-queue: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };
	nanosleep(&ts, NULL);
}

/* sem_wait; if waited is not NULL, add to it the time it slept. */
static void down(sem_t *s, double *waited)
{
	if (sem_trywait(s) == 0)
		return;			/* no need to sleep */
	if (errno != EAGAIN)
		die("sem_trywait");
	double t = now();
	while (sem_wait(s) < 0)
		if (errno != EINTR)
			die("sem_wait");
	if (waited)
		*waited += now() - t;
}

static void up(sem_t *s)
{
	if (sem_post(s) < 0)
		die("sem_post");
}

/* region queue */
static void put(long item, double *waited)
{
	down(slots, waited);		/* a free place, or sleep until there is one */
	down(lock, NULL);
	q->buf[(q->head + q->count) % capacity] = item;
	q->count++;
	probe_queue("items", q->count, capacity);
	up(lock);
	up(items);			/* one more item: wakes a sleeping consumer */
}

static long get(double *waited)
{
	down(items, waited);		/* an item, or sleep until there is one */
	down(lock, NULL);
	long item = q->buf[q->head];
	q->head = (q->head + 1) % capacity;
	q->count--;
	probe_queue("items", q->count, capacity);
	up(lock);
	up(slots);			/* one more free place: wakes a producer */
	return item;
}
/* endregion queue */

static void consumer(int i, long ms)
{
	double waited = 0;
	long item;
	while ((item = get(&waited)) != SENTINEL) {
		sleep_ms(ms);		/* use the item */
		double t = now();
		down(lock, NULL);	/* count it, and every 200 ms report the rate */
		q->got[i][item]++;
		q->n[i]++;
		q->consumed++;
		if (t - q->window_t >= 0.2) {
			probe_metric("throughput", (q->consumed - q->window_n) / (t - q->window_t),
				     "items/s");
			q->window_n = q->consumed;
			q->window_t = t;
		}
		up(lock);
	}
	q->waited[1][i] = waited;	/* only this process writes this place */
	printf("consumer %d (pid %d): took the sentinel after %ld items\n", i + 1,
	       (int)getpid(), q->n[i]);
	exit(0);
}

static void producer(int i, long first, long last, long ms)
{
	double waited = 0;
	for (long id = first; id <= last; id++) {
		sleep_ms(ms);		/* make item id */
		put(id, &waited);
	}
	q->waited[0][i] = waited;
	exit(0);
}

static pid_t Fork(void)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	return pid;
}

/* List what /dev/shm holds of this run: the names that contain prefix. */
static int list_shm(const char *prefix)
{
	DIR *d = opendir("/dev/shm");
	if (!d)
		die("/dev/shm");
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strstr(e->d_name, prefix)) {
			printf("  /dev/shm/%s\n", e->d_name);
			n++;
		}
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long nitems = probe_int("items"), np = probe_int("producers");
	long nc = probe_int("consumers"), pms = probe_int("produce");
	long cms = probe_int("consume");
	capacity = probe_int("capacity");
	printf("%ld producers (%ld ms an item), %ld consumers (%ld ms an item), "
	       "queue of %ld, %ld items\n", np, pms, nc, cms, capacity, nitems);

	/* region create */
	char shm_name[128], slots_name[128], items_name[128], lock_name[128];
	probe_ipc_name("shm", "queue", shm_name, sizeof shm_name);
	probe_ipc_name("sem", "slots", slots_name, sizeof slots_name);
	probe_ipc_name("sem", "items", items_name, sizeof items_name);
	probe_ipc_name("sem", "lock", lock_name, sizeof lock_name);
	int fd = shm_open(shm_name, O_CREAT | O_EXCL | O_RDWR, 0600);
	if (fd < 0 || ftruncate(fd, sizeof *q) < 0)	/* new objects are empty */
		die(shm_name);
	q = mmap(NULL, sizeof *q, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (q == MAP_FAILED)
		die("mmap");
	close(fd);			/* the mapping stays */
	slots = sem_open(slots_name, O_CREAT | O_EXCL, 0600, (unsigned)capacity);
	items = sem_open(items_name, O_CREAT | O_EXCL, 0600, 0u);
	lock = sem_open(lock_name, O_CREAT | O_EXCL, 0600, 1u);
	if (slots == SEM_FAILED || items == SEM_FAILED || lock == SEM_FAILED)
		die("sem_open");
	/* endregion create */
	/* "lockstep-RUNID-": shm_name from after its "/" to its last "-". */
	char prefix[128];
	snprintf(prefix, sizeof prefix, "%.*s", (int)(strrchr(shm_name, '-') - shm_name), shm_name + 1);
	printf("made 1 shared-memory object and 3 semaphores; /dev/shm now holds:\n");
	list_shm(prefix);

	double t0 = now();
	q->window_t = t0;
	probe_queue("items", 0, capacity);
	/* A forked child shares the mapping and the open semaphores. */
	pid_t cons[4], prod[4];
	for (int i = 0; i < nc; i++)
		if ((cons[i] = Fork()) == 0)
			consumer(i, cms);
	for (int i = 0; i < np; i++)
		if ((prod[i] = Fork()) == 0)
			producer(i, nitems * i / np + 1, nitems * (i + 1) / np, pms);

	/* region shutdown */
	int st, bad = 0;
	for (int i = 0; i < np; i++)
		if (waitpid(prod[i], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			bad++;
	double unused = 0;
	for (int i = 0; i < nc; i++)
		put(SENTINEL, &unused);	/* one "no more" for each consumer */
	for (int i = 0; i < nc; i++)
		if (waitpid(cons[i], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			bad++;
	/* endregion shutdown */
	double took = now() - t0;

	long once = 0, twice = 0, missed = 0;
	for (long id = 1; id <= nitems; id++) {
		int k = 0;
		for (int i = 0; i < nc; i++)
			k += q->got[i][id];
		once += k == 1;
		twice += k > 1;
		missed += k == 0;
	}
	double pw = 0, cw = 0;
	for (int i = 0; i < 4; i++) {
		pw += q->waited[0][i];
		cw += q->waited[1][i];
	}
	printf("consumed %ld items in %.2f s: %.1f items/s\n", q->consumed, took,
	       q->consumed / took);
	printf("producers waited %.2f s for room (queue full); consumers waited %.2f s "
	       "for items (queue empty)\n", pw, cw);
	printf("%ld items consumed exactly once, %ld more than once, %ld never\n",
	       once, twice, missed);

	/* region cleanup */
	munmap(q, sizeof *q);
	if (shm_unlink(shm_name) < 0)
		die("shm_unlink");
	sem_close(slots);
	sem_close(items);
	sem_close(lock);
	if (sem_unlink(slots_name) < 0 || sem_unlink(items_name) < 0 ||
	    sem_unlink(lock_name) < 0)
		die("sem_unlink");
	/* endregion cleanup */
	printf("unlinked them; /dev/shm now holds:\n");
	if (list_shm(prefix) == 0)
		printf("  nothing of this run\n");
	return bad || once != nitems;
}
