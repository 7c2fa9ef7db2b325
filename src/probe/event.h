/*
 * event: the probe's event lines, written by demos and read by the shell.
 * The format is documented in probe.h; this is the one place that writes it
 * (event_format) and the one place that reads it (event_parse), so the two
 * cannot drift apart.
 */
#ifndef LOCKSTEP_EVENT_H
#define LOCKSTEP_EVENT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define EVENT_LINE_MAX 4000 /* < PIPE_BUF, newline included */
#define EVENT_WORD_MAX 64

enum event_kind {
	EVENT_PHASE,
	EVENT_METRIC,
	EVENT_TASK_QUEUED,
	EVENT_TASK_BEGIN,
	EVENT_TASK_END,
	EVENT_QUEUE,
	EVENT_LOG,
	EVENT_GATE,                /* a thread waits at a step gate */
};

struct event {
	enum event_kind kind;
	pid_t pid, tid;
	uint64_t time_us;
	char name[EVENT_WORD_MAX]; /* phase, metric, queue and gate name */
	char unit[EVENT_WORD_MAX]; /* metric unit, "" for none */
	double value;              /* metric value */
	long id;                   /* task id */
	long depth, capacity;      /* queue */
	const char *text;          /* log text or task label: points into the
				      parsed line, valid while it is */
};

/*
 * Write one event line (with its newline) into buf, which holds at least
 * EVENT_LINE_MAX bytes, NUL-terminated; returns its length. Words are sanitised and text is
 * cut, so any input gives a well-formed line.
 */
size_t event_format(char *buf, const struct event *ev);
/*
 * Parse one line (without its newline). Returns 0, or -1 with a one-line
 * reason in err. ev->text points into line.
 */
int event_parse(const char *line, struct event *ev, char *err, size_t errlen);
/* The kind's name as written in the line ("task" for both task kinds). */
const char *event_kind_name(enum event_kind kind);

#endif
