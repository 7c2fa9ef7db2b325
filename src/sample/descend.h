/*
 * descend: which processes descend from one, read from /proc: the scan the
 * keeper runs several times a second to enforce its caps and find what to
 * signal, and the first pass of every sample. One stat read per process on
 * the machine, and nothing else; a process that vanishes mid-scan is left
 * out, as it should be.
 */
#ifndef LOCKSTEP_DESCEND_H
#define LOCKSTEP_DESCEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The fields of a /proc stat line that lockstep uses, numbered as proc(5). */
struct proc_brief {
	pid_t pid;
	char comm[64];          /* field 2, without its parentheses */
	char state;             /* field 3: R S D Z T t X I */
	pid_t ppid;             /* field 4 */
	pid_t pgid;             /* field 5 */
	long nthreads;          /* field 20 */
	uint64_t start_ticks;   /* field 22: tells a reused pid apart */
	int processor;          /* field 39, -1 if the line is that short */
	int exit_code;          /* field 52, a zombie's wait status; else -1 */
};

/*
 * Parse "PID (COMM) STATE PPID ...". COMM may hold spaces and ')', so it
 * ends at the last ')'. Returns 0, or -1 if the line is malformed.
 */
int descend_parse_stat(const char *line, struct proc_brief *b);
/*
 * Every descendant of top under root ("/proc"), and top itself first when
 * include_top and it exists; sorted by pid after top. Returns the count and
 * sets *out (caller frees), or -1 with errno set when root cannot be listed.
 */
ssize_t descend_scan(const char *root, pid_t top, bool include_top, struct proc_brief **out);
/* Is name a /proc entry of a process (all digits)? */
bool descend_is_pid(const char *name);
/* The number of threads on the whole system, from root/loadavg (the cheap
 * first check for a fork loop), or -1. */
long descend_system_threads(const char *root);

#endif
