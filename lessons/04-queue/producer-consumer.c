/*
 * producer-consumer: producer threads put items in a bounded queue, consumer
 * threads take them out, and the queue lets each side go at its own pace.
 *
 * The queue is a ring buffer guarded by one mutex, with two condition
 * variables: a producer sleeps on not_full while the queue is full, a
 * consumer sleeps on not_empty while it is empty. That is exactly how
 * Python's queue.Queue(maxsize) is built (queue.py: mutex, not_full,
 * not_empty).
 *
 * Making an item takes `produce` ms and using one takes `consume` ms; both
 * are sleeps, as when the real work waits for a disk or the network, and
 * `vary` spreads each time at random around that mean. When every producer
 * is done, main puts one sentinel per consumer (Python's None), and each
 * consumer ends when it takes one. Then main checks that every item was
 * consumed exactly once.
 *
 * In lockstep's queue view: the depth of the queue over time. A slow
 * consumer lets it fill to capacity; a slow producer keeps it near empty.
 */
#include "probe.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct probe_param params[] = {
	PROBE_INT("items", 100, 1, 1000, "items to make, in all"),
	PROBE_INT("capacity", 8, 1, 64, "how many items the queue holds"),
	PROBE_INT("producers", 1, 1, 4, "producer threads"),
	PROBE_INT("consumers", 2, 1, 4, "consumer threads"),
	PROBE_INT("produce", 10, 0, 100, "ms a producer takes to make one item"),
	PROBE_INT("consume", 10, 0, 100, "ms a consumer takes to use one item"),
	PROBE_INT("vary", 0, 0, 100, "each time varies at random by up to this many %"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "producer and consumer threads share a bounded queue (mutex + two condition variables)",
	.view = "queue", .max_procs = 2, .max_threads = 12, .max_seconds = 60, .params = params,
};

#define MAXCAP 64
#define MAXITEMS 1000
#define SENTINEL (-1L)	/* not an item: "no more items", Python's None */

struct worker {
	int no;
	unsigned long seed;		/* for the random times (vary) */
	long first, last;		/* a producer's items */
	long n;				/* items made or used */
	double waited;			/* seconds asleep in put() or get() */
	unsigned char got[MAXITEMS + 1];	/* a consumer's items, by id */
};

static long capacity, produce_ms, consume_ms, vary;
static double t0;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sleep about ms milliseconds: ms +- vary %, drawn by a small LCG. */
static void work(long ms, unsigned long *seed)
{
	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	long us = ms * 1000, spread = us * vary / 100;
	if (spread)
		us += (long)((*seed >> 33) % (unsigned long)(2 * spread + 1)) - spread;
	struct timespec ts = { us / 1000000, us % 1000000 * 1000L };
	nanosleep(&ts, NULL);
}

/* region queue */
static long buf[MAXCAP], head, count;	/* the items are buf[head..head+count) */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;

static void put(struct worker *w, long item)
{
	pthread_mutex_lock(&lock);
	double t = now();
	while (count == capacity)	/* full: sleep until a get() makes room */
		pthread_cond_wait(&not_full, &lock);
	w->waited += now() - t;
	buf[(head + count) % capacity] = item;
	count++;
	probe_queue("items", count, capacity);
	pthread_cond_signal(&not_empty);	/* wake one sleeping consumer */
	pthread_mutex_unlock(&lock);
}

static long get(struct worker *w)
{
	pthread_mutex_lock(&lock);
	double t = now();
	while (count == 0)		/* empty: sleep until a put() brings one */
		pthread_cond_wait(&not_empty, &lock);
	w->waited += now() - t;
	long item = buf[head];
	head = (head + 1) % capacity;
	count--;
	probe_queue("items", count, capacity);
	pthread_cond_signal(&not_full);		/* wake one sleeping producer */
	pthread_mutex_unlock(&lock);
	return item;
}
/* endregion queue */

/* Throughput: every 200 ms, how many items were consumed per second. */
static pthread_mutex_t stats = PTHREAD_MUTEX_INITIALIZER;
static long consumed, window_n;
static double window_t;

static void count_one(void)
{
	pthread_mutex_lock(&stats);
	consumed++;
	double t = now();
	if (t - window_t >= 0.2) {
		probe_metric("throughput", (consumed - window_n) / (t - window_t), "items/s");
		window_n = consumed;
		window_t = t;
	}
	pthread_mutex_unlock(&stats);
}

/* region threads */
static void *producer(void *arg)
{
	struct worker *w = arg;
	for (long id = w->first; id <= w->last; id++) {
		work(produce_ms, &w->seed);	/* make item id */
		put(w, id);
		w->n++;
	}
	return NULL;
}

static void *consumer(void *arg)
{
	struct worker *w = arg;
	for (;;) {
		long item = get(w);
		if (item == SENTINEL)		/* Python: if item is None: break */
			break;
		w->got[item]++;
		work(consume_ms, &w->seed);	/* use it */
		w->n++;
		count_one();
	}
	printf("consumer %d: took the sentinel after %ld items at %.2f s\n",
	       w->no, w->n, now() - t0);
	return NULL;
}
/* endregion threads */

static void Pthread_create(pthread_t *t, void *(*fn)(void *), void *arg)
{
	int e = pthread_create(t, NULL, fn, arg);
	if (e) {
		fprintf(stderr, "pthread_create: %s\n", strerror(e));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	long items = probe_int("items"), np = probe_int("producers");
	long nc = probe_int("consumers");
	capacity = probe_int("capacity");
	produce_ms = probe_int("produce");
	consume_ms = probe_int("consume");
	vary = probe_int("vary");
	static struct worker prod[4], cons[4];
	pthread_t tp[4], tc[4];

	printf("%ld producers (%ld ms an item), %ld consumers (%ld ms an item), "
	       "queue of %ld, %ld items, vary %ld%%\n", np, produce_ms, nc, consume_ms,
	       capacity, items, vary);
	t0 = window_t = now();
	probe_queue("items", 0, capacity);
	for (int i = 0; i < nc; i++) {
		cons[i] = (struct worker){ .no = i + 1, .seed = 100u + (unsigned)i };
		Pthread_create(&tc[i], consumer, &cons[i]);
	}
	for (int i = 0; i < np; i++) {	/* producer i makes the i-th share of the ids */
		prod[i] = (struct worker){ .no = i + 1, .seed = 200u + (unsigned)i,
					   .first = items * i / np + 1, .last = items * (i + 1) / np };
		Pthread_create(&tp[i], producer, &prod[i]);
	}

	/* region shutdown */
	for (int i = 0; i < np; i++)
		pthread_join(tp[i], NULL);
	double made = now() - t0;
	struct worker self = { 0 };
	for (int i = 0; i < nc; i++)
		put(&self, SENTINEL);		/* one "no more" for each consumer */
	for (int i = 0; i < nc; i++)
		pthread_join(tc[i], NULL);
	/* endregion shutdown */
	double took = now() - t0;

	/* region check */
	long once = 0, twice = 0, missed = 0, got = 0;
	for (long id = 1; id <= items; id++) {
		int k = 0;
		for (int i = 0; i < nc; i++)
			k += cons[i].got[id];
		once += k == 1;
		twice += k > 1;
		missed += k == 0;
	}
	/* endregion check */
	double pw = 0, cw = 0;
	for (int i = 0; i < np; i++)
		pw += prod[i].waited;
	for (int i = 0; i < nc; i++) {
		cw += cons[i].waited;
		got += cons[i].n;
	}
	printf("produced %ld items in %.2f s; consumed %ld in %.2f s: %.1f items/s\n",
	       items, made, got, took, got / took);
	printf("producers waited %.2f s for room (queue full); consumers waited %.2f s "
	       "for items (queue empty)\n", pw, cw);
	printf("%ld items consumed exactly once, %ld more than once, %ld never\n",
	       once, twice, missed);
	return once == items ? 0 : 1;
}
