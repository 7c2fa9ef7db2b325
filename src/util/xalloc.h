/*
 * xalloc: allocation that never returns NULL.
 *
 * Running out of memory is a broken invariant in a teaching shell, not
 * something a student can fix by typing differently, so these print one line
 * and abort. Every pointer they return is owned by the caller.
 */
#ifndef LOCKSTEP_XALLOC_H
#define LOCKSTEP_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *items (of *cap elements of size elem) so it holds at least need. */
void xgrow(void **items, size_t *cap, size_t need, size_t elem);
#define XGROW(arr, cap, need) xgrow((void **)&(arr), &(cap), (need), sizeof *(arr))

#endif
