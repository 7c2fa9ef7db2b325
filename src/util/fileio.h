/*
 * fileio: small, careful file helpers.
 *
 * Reads return -1 with a one-line reason appended to err (the path quoted and
 * the errno text), never print, and never leave a partial result behind.
 */
#ifndef LOCKSTEP_FILEIO_H
#define LOCKSTEP_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct strbuf;

/* Read the whole file (up to max bytes; larger is an error) into out. */
int file_read(const char *path, size_t max, struct strbuf *out, struct strbuf *err);
/* Read a whole file into buf[0..size-1], NUL-terminated; returns the byte
 * count or -1 (errno kept). For /proc files: one read call, no allocation.
 * The _at form opens rel relative to the directory descriptor dir, so the
 * kernel walks one or two path components instead of five. */
ssize_t file_read_small(const char *path, char *buf, size_t size);
ssize_t file_read_small_at(int dir, const char *rel, char *buf, size_t size);
bool file_exists(const char *path);
bool dir_exists(const char *path);
/* Write a whole buffer, retrying short writes and EINTR. */
int write_all(int fd, const void *buf, size_t n);
/* Remove path and everything under it; returns -1 on the first failure
 * (errno set) but keeps removing what it can. */
int remove_tree(const char *path);
/* Is s[0..n-1] valid UTF-8? On failure *bad is the offset of the first bad byte. */
bool utf8_valid(const char *s, size_t n, size_t *bad);
/* Directory of the running executable (from /proc/self/exe); caller frees. */
char *exe_dir(void);

#endif
