/* event: format and parse probe event lines (see event.h, probe.h). */
#include "event.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *event_kind_name(enum event_kind kind)
{
	switch (kind) {
	case EVENT_PHASE: return "phase";
	case EVENT_METRIC: return "metric";
	case EVENT_TASK_QUEUED:
	case EVENT_TASK_BEGIN:
	case EVENT_TASK_END: return "task";
	case EVENT_QUEUE: return "queue";
	case EVENT_LOG: return "log";
	case EVENT_GATE: return "gate";
	}
	return "?";
}

static int word_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == ':' || c == '/' || c == '%' || c == '-';
}

/* Append a sanitised word (or "-" when empty) at buf[n]. */
static size_t put_word(char *buf, size_t n, const char *w)
{
	size_t k = 0;
	for (; w && w[k] && k < EVENT_WORD_MAX - 1; k++)
		buf[n + k] = word_char((unsigned char)w[k]) ? w[k] : '_';
	if (k == 0)
		buf[n + k++] = '-';
	return n + k;
}

/* Append text with control characters as spaces, cut to leave room for the
 * newline. UTF-8 is kept; a cut never splits a multibyte character. */
static size_t put_text(char *buf, size_t n, const char *t)
{
	size_t room = EVENT_LINE_MAX - 2; /* the newline and a NUL follow */
	size_t start = n;
	for (; t && *t && n < room; t++) {
		unsigned char c = (unsigned char)*t;
		buf[n++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
	}
	/* Cut inside a multibyte character: drop its leading bytes too. */
	if (t && ((unsigned char)*t & 0xC0) == 0x80) {
		while (n > start && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > start && ((unsigned char)buf[n - 1] & 0xC0) == 0xC0)
			n--;
	}
	return n;
}

size_t event_format(char *buf, const struct event *ev)
{
	int n = snprintf(buf, EVENT_LINE_MAX, "%s %ld %ld %" PRIu64 " ", event_kind_name(ev->kind),
			 (long)ev->pid, (long)ev->tid, ev->time_us);
	size_t len = (size_t)n;
	switch (ev->kind) {
	case EVENT_PHASE:
	case EVENT_GATE:
		len = put_word(buf, len, ev->name);
		break;
	case EVENT_METRIC:
		len = put_word(buf, len, ev->name);
		len += (size_t)snprintf(buf + len, EVENT_LINE_MAX - len, " %.17g ",
					isfinite(ev->value) ? ev->value : 0.0);
		len = put_word(buf, len, ev->unit);
		break;
	case EVENT_TASK_QUEUED:
	case EVENT_TASK_BEGIN:
		len += (size_t)snprintf(buf + len, EVENT_LINE_MAX - len, "%s %ld ",
					ev->kind == EVENT_TASK_QUEUED ? "queued" : "begin", ev->id);
		len = put_text(buf, len, ev->text);
		break;
	case EVENT_QUEUE:
		len = put_word(buf, len, ev->name);
		len += (size_t)snprintf(buf + len, EVENT_LINE_MAX - len, " %ld %ld", ev->depth,
					ev->capacity);
		break;
	case EVENT_TASK_END:
		len += (size_t)snprintf(buf + len, EVENT_LINE_MAX - len, "end %ld", ev->id);
		break;
	case EVENT_LOG:
		len = put_text(buf, len, ev->text);
		break;
	}
	buf[len++] = '\n';
	buf[len] = '\0';
	return len;
}

/* Copy the next space-separated word of *p into out; advance *p. */
static int next_word(const char **p, char *out, size_t size)
{
	const char *s = *p;
	size_t n = strcspn(s, " ");
	if (n == 0 || n >= size)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	s += n;
	if (*s == ' ')
		s++;
	*p = s;
	return 0;
}

static int parse_long(const char *w, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(w, &end, 10);
	if (!*w || *end || errno)
		return -1;
	*out = v;
	return 0;
}

static int valid_word(const char *w)
{
	for (; *w; w++)
		if (!word_char((unsigned char)*w))
			return 0;
	return 1;
}

int event_parse(const char *line, struct event *ev, char *err, size_t errlen)
{
	char kind[16], w[EVENT_WORD_MAX];
	const char *p = line;
	long pid, tid;
	memset(ev, 0, sizeof *ev);
	ev->text = "";
	if (strlen(line) >= EVENT_LINE_MAX) {
		snprintf(err, errlen, "event line longer than %d bytes", EVENT_LINE_MAX - 1);
		return -1;
	}
	if (next_word(&p, kind, sizeof kind) < 0) {
		snprintf(err, errlen, "event line has no kind");
		return -1;
	}
	if (next_word(&p, w, sizeof w) < 0 || parse_long(w, &pid) < 0 || pid <= 0 ||
	    next_word(&p, w, sizeof w) < 0 || parse_long(w, &tid) < 0 || tid <= 0) {
		snprintf(err, errlen, "%s event: expected PID TID after the kind", kind);
		return -1;
	}
	ev->pid = (pid_t)pid;
	ev->tid = (pid_t)tid;
	char *end;
	if (next_word(&p, w, sizeof w) < 0 || (errno = 0, ev->time_us = strtoull(w, &end, 10), *end || errno)) {
		snprintf(err, errlen, "%s event: expected a time in microseconds after the TID", kind);
		return -1;
	}
	if (!strcmp(kind, "phase") || !strcmp(kind, "gate")) {
		ev->kind = kind[0] == 'p' ? EVENT_PHASE : EVENT_GATE;
		if (next_word(&p, ev->name, sizeof ev->name) < 0 || !valid_word(ev->name) || *p) {
			snprintf(err, errlen, "%s event: expected one NAME word", kind);
			return -1;
		}
	} else if (!strcmp(kind, "metric")) {
		ev->kind = EVENT_METRIC;
		if (next_word(&p, ev->name, sizeof ev->name) < 0 || !valid_word(ev->name) ||
		    next_word(&p, w, sizeof w) < 0) {
			snprintf(err, errlen, "metric event: expected NAME VALUE UNIT");
			return -1;
		}
		errno = 0;
		ev->value = strtod(w, &end);
		if (*end || errno || !isfinite(ev->value)) {
			snprintf(err, errlen, "metric event: expected a number as VALUE, got '%s'", w);
			return -1;
		}
		if (next_word(&p, ev->unit, sizeof ev->unit) < 0 || !valid_word(ev->unit) || *p) {
			snprintf(err, errlen, "metric event: expected one UNIT word after the value");
			return -1;
		}
		if (!strcmp(ev->unit, "-"))
			ev->unit[0] = '\0';
	} else if (!strcmp(kind, "task")) {
		if (next_word(&p, w, sizeof w) < 0) {
			snprintf(err, errlen, "task event: expected queued, begin or end");
			return -1;
		}
		if (!strcmp(w, "queued"))
			ev->kind = EVENT_TASK_QUEUED;
		else if (!strcmp(w, "begin"))
			ev->kind = EVENT_TASK_BEGIN;
		else if (!strcmp(w, "end"))
			ev->kind = EVENT_TASK_END;
		else {
			snprintf(err, errlen, "task event: expected queued, begin or end, got '%s'", w);
			return -1;
		}
		char idw[32];
		if (next_word(&p, idw, sizeof idw) < 0 || parse_long(idw, &ev->id) < 0) {
			snprintf(err, errlen, "task event: expected a whole-number ID");
			return -1;
		}
		if (ev->kind == EVENT_TASK_END && *p) {
			snprintf(err, errlen, "task end event: unexpected text after the ID");
			return -1;
		}
		ev->text = p;
	} else if (!strcmp(kind, "queue")) {
		ev->kind = EVENT_QUEUE;
		char dw[32], cw[32];
		if (next_word(&p, ev->name, sizeof ev->name) < 0 || !valid_word(ev->name) ||
		    next_word(&p, dw, sizeof dw) < 0 || parse_long(dw, &ev->depth) < 0 || ev->depth < 0 ||
		    next_word(&p, cw, sizeof cw) < 0 || parse_long(cw, &ev->capacity) < 0 ||
		    ev->capacity < 0 || *p) {
			snprintf(err, errlen, "queue event: expected NAME DEPTH CAPACITY (whole numbers, 0 or more)");
			return -1;
		}
	} else if (!strcmp(kind, "log")) {
		ev->kind = EVENT_LOG;
		ev->text = p;
	} else {
		snprintf(err, errlen, "unknown event kind '%s' (expected phase, metric, task, queue, log or gate)", kind);
		return -1;
	}
	return 0;
}
