/*
 * strbuf: a growable, always NUL-terminated string.
 *
 * Embed one, strbuf_init it, append, and strbuf_release it when done;
 * buf is never NULL after init. strbuf_detach hands the string to the caller
 * (who frees it) and leaves the strbuf empty and reusable.
 */
#ifndef LOCKSTEP_STRBUF_H
#define LOCKSTEP_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *s, size_t n);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Append n copies of s. */
void strbuf_repeat(struct strbuf *sb, const char *s, size_t n);
/* Drop trailing spaces, tabs and newlines. */
void strbuf_rtrim(struct strbuf *sb);

#endif
