/*
 * strvec: a NULL-terminated, growable array of strings that owns them.
 *
 * items is never NULL after init and items[nr] is always NULL, so it can be
 * passed as an argv. strvec_push copies its argument; strvec_take takes
 * ownership of a malloc'd string. strvec_release frees every string.
 */
#ifndef LOCKSTEP_STRVEC_H
#define LOCKSTEP_STRVEC_H

#include <stddef.h>

struct strvec {
	char **items;
	size_t nr;
	size_t cap;
};

void strvec_init(struct strvec *v);
void strvec_release(struct strvec *v);
void strvec_clear(struct strvec *v);
void strvec_push(struct strvec *v, const char *s);
void strvec_take(struct strvec *v, char *s);
void strvec_pushf(struct strvec *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Split s on runs of spaces and tabs and push each word. */
void strvec_split(struct strvec *v, const char *s);
/* Sort in strcmp order. */
void strvec_sort(struct strvec *v);

#endif
