/*
 * signame: how lockstep names a signal and how a process ended, so the
 * runner's notices and the tree's rows say it in the same words.
 */
#ifndef LOCKSTEP_SIGNAME_H
#define LOCKSTEP_SIGNAME_H

#include <stddef.h>

/* "SIGSEGV"; "an unnamed signal" for one not in the table. Static. */
const char *signal_name(int sig);
/* A wait status as words: "exited with status 3", "killed by SIGSEGV";
 * always NUL-terminated in buf (when size > 0). */
void describe_wait_status(int status, char *buf, size_t size);

#endif
