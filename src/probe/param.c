/* param: parameter tables and KEY=VALUE parsing (see param.h). */
#include "param.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

size_t param_count(const struct probe_param *table)
{
	size_t n = 0;
	while (table && table[n].name)
		n++;
	return n;
}

int param_find(const struct probe_param *table, const char *name)
{
	for (size_t i = 0; table && table[i].name; i++)
		if (!strcmp(table[i].name, name))
			return (int)i;
	return -1;
}

const char *param_choice_word(const struct probe_param *p, long i, char *buf, size_t size)
{
	const char *s = p->choices ? p->choices : "";
	buf[0] = '\0';
	for (long k = 0; k < i; k++) {
		s = strchr(s, '|');
		if (!s)
			return buf;
		s++;
	}
	size_t n = strcspn(s, "|");
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/* Index of word among p's choices, or -1. */
static long choice_index(const struct probe_param *p, const char *word)
{
	const char *s = p->choices ? p->choices : "";
	size_t len = strlen(word);
	for (long i = 0; *s; i++) {
		size_t n = strcspn(s, "|");
		if (n == len && !strncmp(s, word, n))
			return i;
		s += n;
		if (*s == '|')
			s++;
	}
	return -1;
}

long param_default(const struct probe_param *p)
{
	if (p->kind == PROBE_KIND_CHOICE) {
		long i = choice_index(p, p->def_choice ? p->def_choice : "");
		return i < 0 ? 0 : i;
	}
	return p->def;
}

void param_range_text(const struct probe_param *p, char *buf, size_t size)
{
	if (p->kind == PROBE_KIND_CHOICE)
		snprintf(buf, size, "%s", p->choices ? p->choices : "");
	else
		snprintf(buf, size, "%ld..%ld", p->min, p->max);
}

int param_parse_value(const struct probe_param *p, const char *text, long *out,
		      char *err, size_t errlen)
{
	if (p->kind == PROBE_KIND_CHOICE) {
		long i = choice_index(p, text);
		if (i < 0) {
			char words[256];
			snprintf(words, sizeof words, "%s", p->choices ? p->choices : "");
			for (char *c = words; *c; c++)
				if (*c == '|')
					*c = ',';
			/* "none,mutex" reads better as "none, mutex" */
			char pretty[384];
			size_t k = 0;
			for (char *c = words; *c && k + 3 < sizeof pretty; c++) {
				pretty[k++] = *c;
				if (*c == ',')
					pretty[k++] = ' ';
			}
			pretty[k] = '\0';
			snprintf(err, errlen, "%s: expected one of %s, got '%s'", p->name, pretty, text);
			return -1;
		}
		*out = i;
		return 0;
	}
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (!*text || *end || errno == ERANGE || v < p->min || v > p->max ||
	    strchr(" \t+", *text)) {
		snprintf(err, errlen, "%s: expected a whole number from %ld to %ld, got '%s'",
			 p->name, p->min, p->max, text);
		return -1;
	}
	*out = v;
	return 0;
}

int param_apply(const struct probe_param *table, const char *demo,
		int nargs, char *const *args, long *values, char *err, size_t errlen)
{
	size_t n = param_count(table);
	unsigned char given[64] = { 0 };
	for (size_t i = 0; i < n; i++)
		values[i] = param_default(&table[i]);
	for (int a = 0; a < nargs; a++) {
		const char *arg = args[a];
		const char *eq = strchr(arg, '=');
		if (!eq || eq == arg) {
			if (n)
				snprintf(err, errlen, "expected KEY=VALUE, got '%s' (try: params %s)", arg, demo);
			else
				snprintf(err, errlen, "%s takes no parameters, got '%s'", demo, arg);
			return -1;
		}
		char key[64];
		size_t klen = (size_t)(eq - arg);
		if (klen >= sizeof key)
			klen = sizeof key - 1;
		memcpy(key, arg, klen);
		key[klen] = '\0';
		int i = param_find(table, key);
		if (i < 0) {
			char names[512] = "";
			size_t used = 0;
			for (size_t k = 0; k < n && used < sizeof names; k++)
				used += (size_t)snprintf(names + used, sizeof names - used, "%s%s",
							 k ? ", " : "", table[k].name);
			if (n)
				snprintf(err, errlen, "unknown parameter '%s' for %s (expected %s%s)",
					 key, demo, n > 1 ? "one of " : "", names);
			else
				snprintf(err, errlen, "%s takes no parameters, got '%s'", demo, arg);
			return -1;
		}
		if (i < 64 && given[i]) {
			snprintf(err, errlen, "%s: given twice", key);
			return -1;
		}
		if (i < 64)
			given[i] = 1;
		if (param_parse_value(&table[i], eq + 1, &values[i], err, errlen) < 0)
			return -1;
	}
	return 0;
}

void param_print_table(FILE *f, const struct probe_param *table)
{
	size_t n = param_count(table);
	if (!n) {
		fprintf(f, "(no parameters)\n");
		return;
	}
	int wname = 4, wdef = 7, wrange = 5;
	char buf[256];
	for (size_t i = 0; i < n; i++) {
		const struct probe_param *p = &table[i];
		int l = (int)strlen(p->name);
		if (l > wname)
			wname = l;
		if (p->kind == PROBE_KIND_CHOICE)
			l = (int)strlen(p->def_choice ? p->def_choice : "");
		else
			l = snprintf(buf, sizeof buf, "%ld", p->def);
		if (l > wdef)
			wdef = l;
		param_range_text(p, buf, sizeof buf);
		l = (int)strlen(buf);
		if (l > wrange)
			wrange = l;
	}
	fprintf(f, "%-*s  %-*s  %-*s  %s\n", wname, "name", wdef, "default", wrange, "range", "what it does");
	for (size_t i = 0; i < n; i++) {
		const struct probe_param *p = &table[i];
		char def[64], range[256];
		if (p->kind == PROBE_KIND_CHOICE)
			snprintf(def, sizeof def, "%s", p->def_choice ? p->def_choice : "");
		else
			snprintf(def, sizeof def, "%ld", p->def);
		param_range_text(p, range, sizeof range);
		fprintf(f, "%-*s  %-*s  %-*s  %s\n", wname, p->name, wdef, def, wrange, range,
			p->help ? p->help : "");
	}
}
