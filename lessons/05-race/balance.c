/*
 * balance: threads share one bank balance. Each, `loops` times, pays its
 * amount in and takes it out again:
 *
 *	balance = balance + amount;
 *	balance = balance - amount;
 *
 * Every payment is matched by a withdrawal, so the balance must end at 0.
 * Without a lock it does not: each statement is three machine steps (load
 * the balance into a register, add, store it back), and when two threads'
 * steps interleave, one thread's store overwrites the other's update. That
 * update is lost.
 *
 * Thread 1 moves 5, thread 2 moves 8, thread 3 moves 11, and so on. With
 * different amounts, one thread's lost updates seldom cancel another's
 * exactly, so the damage shows in the final balance.
 *
 * lock= picks the fix: none, a mutex, a spinlock, or an atomic add. step=on
 * makes one deposit per thread, stopping before each of the three steps so
 * that you can interleave them by hand (`go N` in lockstep). asm=on prints
 * the machine code the compiler made of the loop without a lock.
 *
 * Python: threading.Lock is the mutex here. `balance += n` in Python is
 * several bytecodes (load, add, store) and can lose updates the same way.
 */
#include "probe.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct probe_param params[] = {
	PROBE_INT("threads", 2, 1, 8, "threads paying in and out of the one balance"),
	PROBE_INT("loops", 0, 0, 200000000, "times each thread pays in and out (0: 100 million without a lock, 1 million with one)"),
	PROBE_CHOICE("lock", "none", "none|mutex|spinlock|atomic|all", "what protects the balance (all: time each, as a table)"),
	PROBE_CHOICE("step", "off", "off|on", "one deposit per thread, stopping before load, add and store"),
	PROBE_CHOICE("asm", "off", "off|on", "print the machine code of the loop without a lock first"),
	PROBE_END
};
static const struct probe_demo demo = {
	.summary = "threads pay in and out of one balance; without a lock updates are lost",
	.view = "meters", .max_procs = 1, .max_threads = 12, .max_seconds = 120, .params = params,
};

/* region shared */
/* volatile makes the compiler load and store the balance in memory every
 * time the source says so. Without it, gcc -O2 sees that the loop adds and
 * takes away the same amount, keeps the balance in a register, and deletes
 * the loop: no race left to see. volatile is not a fix: it keeps the three
 * steps in the code, and does nothing to stop two threads interleaving them. */
static volatile long balance;
/* endregion shared */
static atomic_long atomic_balance;	/* lock=atomic works on this one */

static long loops;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t spinlock;
static atomic_long ready;	/* threads at the start line */
static long nthreads;
static double began[8], ended[8];	/* each thread's own clock readings */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* region line-up */
/* A race shows only while the threads really run at the same time, so each
 * waits, spinning, until all are here: a sleeping wait (a barrier) would
 * let the first thread woken up run alone for ~40 us while the others wake. */
static void line_up(long me)
{
	atomic_fetch_add(&ready, 1);
	while (atomic_load(&ready) < nthreads)
		;
	began[me] = now();
}
/* endregion line-up */

/* region none */
static void *no_lock(void *arg)
{
	long me = (long)arg, amount = 5 + 3 * me;	/* 5, 8, 11... */
	line_up(me);
	for (long i = 0; i < loops; i++) {
		balance = balance + amount;
		balance = balance - amount;
	}
	ended[me] = now();
	return NULL;
}
/* endregion none */

/* region mutex */
static void *with_mutex(void *arg)
{
	long me = (long)arg, amount = 5 + 3 * me;
	line_up(me);
	for (long i = 0; i < loops; i++) {
		pthread_mutex_lock(&mutex);	/* one thread at a time from here... */
		balance = balance + amount;
		pthread_mutex_unlock(&mutex);	/* ...to here */
		pthread_mutex_lock(&mutex);
		balance = balance - amount;
		pthread_mutex_unlock(&mutex);
	}
	ended[me] = now();
	return NULL;
}
/* endregion mutex */

/* region spinlock */
static void *with_spinlock(void *arg)
{
	long me = (long)arg, amount = 5 + 3 * me;
	line_up(me);
	for (long i = 0; i < loops; i++) {
		pthread_spin_lock(&spinlock);	/* a waiting thread spins, it never sleeps */
		balance = balance + amount;
		pthread_spin_unlock(&spinlock);
		pthread_spin_lock(&spinlock);
		balance = balance - amount;
		pthread_spin_unlock(&spinlock);
	}
	ended[me] = now();
	return NULL;
}
/* endregion spinlock */

/* region atomic */
static void *with_atomic(void *arg)
{
	long me = (long)arg, amount = 5 + 3 * me;
	line_up(me);
	for (long i = 0; i < loops; i++) {
		/* load, add and store in one instruction no other core can split */
		atomic_fetch_add(&atomic_balance, amount);
		atomic_fetch_sub(&atomic_balance, amount);
	}
	ended[me] = now();
	return NULL;
}
/* endregion atomic */

/* region step */
/* step=on: one deposit, in the same three steps the compiler makes of
 * `balance = balance + amount`, with a gate before each. */
static void *deposit_by_steps(void *arg)
{
	long me = (long)arg, amount = 5 + 3 * me;
	line_up(me);
	probe_gate("load");
	long r = balance;	/* the register now holds a copy */
	printf("deposit of %ld: loaded balance = %ld into a register\n", amount, r);
	probe_gate("add");
	r = r + amount;	/* changes the copy, not the balance */
	printf("deposit of %ld: added, register = %ld (the balance is still %ld)\n",
	       amount, r, balance);
	probe_gate("store");
	balance = r;	/* overwrites whatever the balance is now */
	printf("deposit of %ld: stored %ld\n", amount, r);
	ended[me] = now();
	return NULL;
}
/* endregion step */

/* One measured run: nthreads threads each run body; the balance is reset
 * first. Returns the seconds from the first start to the last end, and in
 * *together how long all of them ran at the same time. */
static double run_threads(void *(*body)(void *), double *together)
{
	balance = 0;
	atomic_store(&atomic_balance, 0);
	atomic_store(&ready, 0);
	/* region start */
	pthread_t t[8];
	for (long i = 0; i < nthreads; i++)
		if (pthread_create(&t[i], NULL, body, (void *)i) != 0) {
			fprintf(stderr, "balance: cannot create thread %ld\n", i + 1);
			exit(1);
		}
	for (long i = 0; i < nthreads; i++)
		pthread_join(t[i], NULL);
	/* endregion start */
	double first = began[0], last = ended[0], all_from = began[0], all_to = ended[0];
	for (long i = 1; i < nthreads; i++) {
		first = began[i] < first ? began[i] : first;
		last = ended[i] > last ? ended[i] : last;
		all_from = began[i] > all_from ? began[i] : all_from;
		all_to = ended[i] < all_to ? ended[i] : all_to;
	}
	*together = all_to > all_from ? all_to - all_from : 0;
	return last - first;
}

static const char *const lock_names[] = { "none", "mutex", "spinlock", "atomic" };
static void *(*const bodies[])(void *) = { no_lock, with_mutex, with_spinlock, with_atomic };

/* region all */
/* lock=all: each lock with one thread, where it never has to wait (its
 * bare cost), then with `threads` threads fighting over it (contended). */
static void compare_locks(long threads)
{
	printf("each thread pays in and out %ld times; %ld threads when contended\n",
	       loops, threads);
	printf("lock      alone: ns/update  contended: ns/update  million updates/s  balance\n");
	for (int l = 0; l < 4; l++) {
		double together;
		probe_phase(lock_names[l]);
		nthreads = 1;
		double alone = run_threads(bodies[l], &together) * 1e9 / (2.0 * loops);
		probe_metric("alone", 1e9 / alone, "updates/s");
		nthreads = threads;
		double updates = 2.0 * loops * threads;
		double took = run_threads(bodies[l], &together);
		long end = l == 3 ? atomic_load(&atomic_balance) : balance;
		probe_metric("contended", updates / took, "updates/s");
		printf("%-9s %16.2f  %20.2f  %17.1f  %ld%s\n", lock_names[l], alone,
		       took * 1e9 / updates, updates / took / 1e6, end, end ? " (lost updates)" : "");
	}
}
/* endregion all */

int main(int argc, char **argv)
{
	probe_init(&demo, argc, argv);
	nthreads = probe_int("threads");
	long lock = probe_int("lock");
	bool step = !strcmp(probe_str("step"), "on");
	if (!strcmp(probe_str("asm"), "on") && !probe_asm("no_lock"))
		return 1;
	/* loops=0: without a lock, 100 million rounds (about 0.3 s here), so
	 * that the balance is off in at least 19 runs of 20; with a million,
	 * only 10 to 14 of 20 were, as losses of +n and of -n can cancel. With
	 * a lock, 1 million, few enough not to wait long. */
	loops = probe_int("loops");
	if (loops == 0)
		loops = lock == 0 ? 100000000 : 1000000;
	pthread_spin_init(&spinlock, PTHREAD_PROCESS_PRIVATE);

	if (lock == 4) {
		compare_locks(nthreads);
		return 0;
	}
	if (step) {
		long deposits = 0;
		for (long i = 0; i < nthreads; i++)
			deposits += 5 + 3 * i;
		if (!probe_gates())
			printf("balance: step=on needs lockstep's `go`; running without stops\n");
		printf("balance: %ld threads each pay in once, stopping before load, add and "
		       "store; the balance should end at %ld\n", nthreads, deposits);
		double together;
		run_threads(deposit_by_steps, &together);
		printf("balance = %ld after deposits that add up to %ld: %s\n", balance,
		       deposits, balance == deposits ? "nothing lost" : "a deposit was lost");
		return 0;
	}

	printf("balance: %ld thread%s, each pays in and takes out its amount %ld times "
	       "(lock=%s); the balance should end at 0\n",
	       nthreads, nthreads == 1 ? "" : "s", loops, lock_names[lock]);
	double together, took = run_threads(bodies[lock], &together);
	long end = lock == 3 ? atomic_load(&atomic_balance) : balance;
	double updates = 2.0 * (double)loops * (double)nthreads;
	if (end)
		printf("balance = %ld, not 0: updates were lost\n", end);
	else
		printf("balance = 0, as it should be\n");
	printf("%.1f ms for %.0f updates: %.2f ns per update, %.1f million updates/s "
	       "(lock=%s, %ld thread%s)\n", took * 1e3, updates, took * 1e9 / updates,
	       updates / took / 1e6, lock_names[lock], nthreads, nthreads == 1 ? "" : "s");
	if (nthreads > 1)
		printf("all %ld threads ran at the same time for %.1f of those ms\n",
		       nthreads, together * 1e3);
	probe_metric("balance", (double)end, NULL);
	probe_metric("throughput", updates / took, "updates/s");
	return 0;
}
