/*
 * param: parameter tables, shared by the demos (through probe_init) and the
 * shell (which checks `run DEMO KEY=VALUE` against the manifest before it
 * forks anything), so both say the same thing about the same mistake.
 *
 * Values are longs: an INT's number, or a CHOICE's word index. Errors are
 * one line in err, in the project's wording:
 *   children: expected a whole number from 1 to 16, got 'abc'
 */
#ifndef LOCKSTEP_PARAM_H
#define LOCKSTEP_PARAM_H

#include <stddef.h>
#include <stdio.h>

#include "probe.h"

/* Number of entries before PROBE_END (table may be NULL). */
size_t param_count(const struct probe_param *table);
/* Index of name in the table, or -1. */
int param_find(const struct probe_param *table, const char *name);
/* The default value of p (a CHOICE's default word index). */
long param_default(const struct probe_param *p);
/* Parse text as a value of p: 0, or -1 with a message in err. */
int param_parse_value(const struct probe_param *p, const char *text, long *out,
		      char *err, size_t errlen);
/*
 * Fill values[0..n-1] with defaults, then apply each "KEY=VALUE" of args.
 * demo names the demo in messages. Returns 0, or -1 with a message in err
 * for the first bad argument (not KEY=VALUE, unknown key, given twice, bad
 * value).
 */
int param_apply(const struct probe_param *table, const char *demo,
		int nargs, char *const *args, long *values, char *err, size_t errlen);
/* The i-th word of a CHOICE's choices into buf; returns buf ("" if none). */
const char *param_choice_word(const struct probe_param *p, long i, char *buf,
			      size_t size);
/* Describe the range in words: "1..16" or "none|mutex|spin". */
void param_range_text(const struct probe_param *p, char *buf, size_t size);
/* The table as --help shows it, and as the shell's `params` command does. */
void param_print_table(FILE *f, const struct probe_param *table);

#endif
