/* strvec: owning string arrays (see strvec.h). */
#include "strvec.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *null_terminator[1];

void strvec_init(struct strvec *v)
{
	v->items = null_terminator;
	v->nr = 0;
	v->cap = 0;
}

void strvec_clear(struct strvec *v)
{
	for (size_t i = 0; i < v->nr; i++)
		free(v->items[i]);
	v->nr = 0;
	if (v->cap)
		v->items[0] = NULL;
}

void strvec_release(struct strvec *v)
{
	strvec_clear(v);
	if (v->cap)
		free(v->items);
	strvec_init(v);
}

void strvec_take(struct strvec *v, char *s)
{
	if (v->nr + 2 > v->cap) {
		size_t n = v->cap ? v->cap * 2 : 8;
		char **items = v->cap ? v->items : NULL;
		v->items = xrealloc(items, n * sizeof *v->items);
		v->cap = n;
	}
	v->items[v->nr++] = s;
	v->items[v->nr] = NULL;
}

void strvec_push(struct strvec *v, const char *s)
{
	strvec_take(v, xstrdup(s));
}

void strvec_pushf(struct strvec *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	strvec_take(v, s);
}

void strvec_split(struct strvec *v, const char *s)
{
	while (*s) {
		s += strspn(s, " \t");
		size_t n = strcspn(s, " \t");
		if (n)
			strvec_take(v, xstrndup(s, n));
		s += n;
	}
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strvec_sort(struct strvec *v)
{
	if (v->nr > 1)
		qsort(v->items, v->nr, sizeof *v->items, cmp);
}
