/* play: scripted playback (see play.h). */
#include "play.h"
#include "../cmd/cmd.h"
#include "../cmd/session.h"
#include "../loop/loop.h"
#include "../util/clock.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"
#include "../util/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum directive { D_CMD, D_SAY, D_PAUSE, D_SLEEP, D_SPEED, D_EXPECT, D_WAIT, D_REWIND };

struct item {
	enum directive d;
	int line;
	char *text;      /* command, say text, or the expect pattern */
	double number;   /* seconds or speed */
	regex_t re;
	bool has_re;     /* compiled at parse time (no $N in the pattern) */
	bool must_fail;  /* "$! COMMAND": the command is meant to be refused */
};

#define NCAPS 10

struct player {
	struct session *s;
	const char *path;
	const struct play_opts *o;
	struct strvec transcript; /* every line printed, in order */
	size_t cursor;            /* expect looks from here on */
	size_t command_start;     /* where the last $ COMMAND's output began */
	char *caps[NCAPS];        /* $1..$9: groups of the last expect's match */
	char *last_error;         /* the last error line, for failures */
	struct session_output saved_tap;
	double speed;
};

static void tap(void *ctx, enum out_kind kind, const char *text)
{
	struct player *p = ctx;
	strvec_push(&p->transcript, text);
	if (kind == OUT_ERROR) {
		free(p->last_error);
		p->last_error = xstrdup(text);
	}
	if (p->saved_tap.line)
		p->saved_tap.line(p->saved_tap.ctx, kind, text);
}

static int parse_seconds(const char *w, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(w, &end);
	if (!*w || *end || errno || !(v >= 0 && v <= 3600))
		return -1;
	*out = v;
	return 0;
}

/* Parse "within N" (or nothing) from rest; default def. */
static int parse_within(const char *rest, double def, double *out)
{
	rest += strspn(rest, " \t");
	if (!*rest) {
		*out = def;
		return 0;
	}
	if (strncmp(rest, "within", 6) || !strchr(" \t", rest[6]))
		return -1;
	rest += 6;
	rest += strspn(rest, " \t");
	char w[64];
	size_t n = strcspn(rest, " \t");
	if (!n || n >= sizeof w || rest[n + strspn(rest + n, " \t")])
		return -1;
	memcpy(w, rest, n);
	w[n] = '\0';
	return parse_seconds(w, out);
}

static bool has_captures(const char *pattern)
{
	for (const char *c = pattern; *c; c++)
		if (c[0] == '$' && c[1] >= '1' && c[1] <= '9')
			return true;
	return false;
}

/* pattern with each $N replaced by capture N, its special characters
 * escaped (caps NULL: by "x", to check the syntax). Caller frees. */
static char *substitute(const char *pattern, char *const *caps)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (const char *c = pattern; *c; c++) {
		if (c[0] != '$' || c[1] < '1' || c[1] > '9') {
			strbuf_addch(&sb, *c);
			continue;
		}
		const char *v = caps ? (caps[c[1] - '0'] ? caps[c[1] - '0'] : "") : "x";
		for (; *v; v++) {
			if (strchr("\\^$.|?*+()[]{}", *v))
				strbuf_addch(&sb, '\\');
			strbuf_addch(&sb, *v);
		}
		c++;
	}
	return strbuf_detach(&sb);
}

static int parse_line(const char *path, int lineno, char *line, struct item *it, struct strbuf *err)
{
	memset(it, 0, sizeof *it);
	it->line = lineno;
	char *word = line;
	size_t wn = strcspn(word, " \t");
	char *rest = word + wn;
	rest += strspn(rest, " \t");
	if (!strcmp(line, "$") || !strncmp(line, "$ ", 2) || !strncmp(line, "$\t", 2) ||
	    !strcmp(line, "$!") || !strncmp(line, "$! ", 3) || !strncmp(line, "$!\t", 3)) {
		it->d = D_CMD;
		it->must_fail = line[1] == '!';
		const char *cmd = line + 1 + it->must_fail;
		it->text = xstrdup(cmd + strspn(cmd, " \t"));
		if (!*it->text) {
			strbuf_addf(err, "%s:%d: '$' needs a command after it", path, lineno);
			return -1;
		}
	} else if (wn == 3 && !strncmp(word, "say", 3)) {
		it->d = D_SAY;
		it->text = xstrdup(rest);
	} else if (wn == 5 && !strncmp(word, "pause", 5)) {
		it->d = D_PAUSE;
		if (*rest) {
			strbuf_addf(err, "%s:%d: pause takes nothing after it, got '%s'", path, lineno, rest);
			return -1;
		}
	} else if (wn == 5 && !strncmp(word, "sleep", 5)) {
		it->d = D_SLEEP;
		if (parse_seconds(rest, &it->number) < 0) {
			strbuf_addf(err, "%s:%d: sleep: expected seconds from 0 to 3600, got '%s'", path, lineno, rest);
			return -1;
		}
	} else if (wn == 5 && !strncmp(word, "speed", 5)) {
		it->d = D_SPEED;
		if (parse_seconds(rest, &it->number) < 0 || it->number < 0.1 || it->number > 10) {
			strbuf_addf(err, "%s:%d: speed: expected a number from 0.1 to 10, got '%s'", path, lineno, rest);
			return -1;
		}
	} else if (wn == 4 && !strncmp(word, "wait", 4)) {
		it->d = D_WAIT;
		if (parse_within(rest, 60, &it->number) < 0) {
			strbuf_addf(err, "%s:%d: wait: expected 'wait' or 'wait within SECONDS', got '%s'", path, lineno, rest);
			return -1;
		}
	} else if (wn == 6 && !strncmp(word, "rewind", 6)) {
		it->d = D_REWIND;
		if (*rest) {
			strbuf_addf(err, "%s:%d: rewind takes nothing after it, got '%s'", path, lineno, rest);
			return -1;
		}
	} else if (wn == 6 && !strncmp(word, "expect", 6)) {
		it->d = D_EXPECT;
		char *close = *rest == '/' ? strrchr(rest + 1, '/') : NULL;
		if (!close) {
			strbuf_addf(err, "%s:%d: expect: expected /REGEX/ [within SECONDS], got '%s'", path, lineno, rest);
			return -1;
		}
		it->text = xstrndup(rest + 1, (size_t)(close - rest - 1));
		if (parse_within(close + 1, 5, &it->number) < 0) {
			strbuf_addf(err, "%s:%d: expect: expected 'within SECONDS' after the pattern, got '%s'", path, lineno, close + 1);
			return -1;
		}
		/* Check the syntax now; a pattern with $N is compiled again
		 * when it runs, with the captured text in place. */
		char *probe_text = substitute(it->text, NULL);
		int rc = regcomp(&it->re, probe_text, REG_EXTENDED);
		free(probe_text);
		if (rc) {
			char msg[256];
			regerror(rc, &it->re, msg, sizeof msg);
			strbuf_addf(err, "%s:%d: expect: bad pattern /%s/: %s", path, lineno, it->text, msg);
			return -1;
		}
		if (has_captures(it->text))
			regfree(&it->re);
		else
			it->has_re = true;
	} else {
		strbuf_addf(err, "%s:%d: unknown directive '%.*s' (expected $ COMMAND, $! COMMAND, say, pause, sleep, speed, expect, rewind or wait)",
			    path, lineno, (int)wn, word);
		return -1;
	}
	return 0;
}

static void free_items(struct item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].text);
		if (items[i].has_re)
			regfree(&items[i].re);
	}
	free(items);
}

static void fail(struct player *p, const struct item *it, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(struct player *p, const struct item *it, const char *fmt, ...)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s:%d: ", p->path, it->line);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (!p->o->auto_mode)
		strbuf_addstr(&sb, " (going on)");
	session_error(p->s, "%s", sb.buf);
	strbuf_release(&sb);
}

/* Run the loop for up to ms, or until done(p) says so. */
static void pump(struct player *p, double seconds, bool (*done)(struct player *, void *), void *arg)
{
	uint64_t until = clock_now_ns() + (uint64_t)(seconds * 1e9);
	while (!p->s->quit) {
		if (done && done(p, arg))
			return;
		uint64_t now = clock_now_ns();
		if (now >= until)
			return;
		long ms = (long)((until - now) / 1000000u) + 1;
		loop_run_once(p->s->loop, ms > 50 ? 50 : ms);
	}
}

/* The first line from the cursor on that matches re, or -1; its groups
 * go into m. */
static long find_match(struct player *p, const regex_t *re, regmatch_t *m)
{
	for (size_t i = p->cursor; i < p->transcript.nr; i++)
		if (regexec(re, p->transcript.items[i], NCAPS, m, 0) == 0)
			return (long)i;
	return -1;
}

struct expecting {
	const regex_t *re;
	regmatch_t m[NCAPS];
	long at;
};

static bool expect_done(struct player *p, void *arg)
{
	struct expecting *e = arg;
	e->at = find_match(p, e->re, e->m);
	/* Nothing running and nothing queued: no more output can come. */
	return e->at >= 0 || !session_busy(p->s);
}

static bool idle(struct player *p, void *arg)
{
	(void)arg;
	return !session_busy(p->s);
}

static int do_item(struct player *p, const struct item *it)
{
	struct session *s = p->s;
	switch (it->d) {
	case D_CMD: {
		free(p->last_error);
		p->last_error = NULL;
		p->command_start = p->transcript.nr;
		int rc = cmd_execute(s, it->text);
		if (it->must_fail) {
			if (rc == CMD_OK) {
				fail(p, it, "expected '%s' to be refused, got it done", it->text);
				return -1;
			}
			return 0;
		}
		if (rc != CMD_OK) {
			fail(p, it, "expected '%s' to succeed, got '%s'", it->text,
			     p->last_error ? p->last_error : "an error");
			return -1;
		}
		return 0;
	}
	case D_SAY:
		session_print(s, OUT_SAY, "%s", it->text);
		return 0;
	case D_PAUSE:
		if (!p->o->auto_mode && p->o->wait_key)
			p->o->wait_key(p->o->ctx);
		return 0;
	case D_SLEEP:
		pump(p, it->number / p->speed, NULL, NULL);
		return 0;
	case D_SPEED:
		p->speed = it->number;
		return 0;
	case D_EXPECT: {
		size_t from = p->cursor;
		regex_t runtime;
		struct expecting e = { .re = &it->re, .at = -1 };
		char *text = NULL;
		if (!it->has_re) {
			text = substitute(it->text, p->caps);
			if (regcomp(&runtime, text, REG_EXTENDED)) {
				fail(p, it, "expected /%s/ to compile with the captures in place", text);
				free(text);
				return -1;
			}
			e.re = &runtime;
		}
		pump(p, it->number, expect_done, &e);
		e.at = find_match(p, e.re, e.m);
		int rc = 0;
		if (e.at >= 0) {
			const char *line = p->transcript.items[e.at];
			/* Only a pattern with groups replaces the captures. */
			for (int k = 1; k < NCAPS && e.re->re_nsub > 0; k++) {
				free(p->caps[k]);
				p->caps[k] = e.m[k].rm_so < 0 ? NULL :
					xstrndup(line + e.m[k].rm_so, (size_t)(e.m[k].rm_eo - e.m[k].rm_so));
			}
			p->cursor = (size_t)e.at + 1;
		} else {
			const char *shown = text ? text : it->text;
			if (p->transcript.nr > from)
				fail(p, it, "expected /%s/ within %g s, got '%s'", shown, it->number,
				     p->transcript.items[p->transcript.nr - 1]);
			else
				fail(p, it, "expected /%s/ within %g s, got no output", shown, it->number);
			rc = -1;
		}
		if (text) {
			regfree(&runtime);
			free(text);
		}
		return rc;
	}
	case D_REWIND:
		p->cursor = p->command_start;
		return 0;
	case D_WAIT:
		pump(p, it->number, idle, NULL);
		if (session_busy(s)) {
			fail(p, it, "expected the demo to finish within %g s, got %s still running",
			     it->number, s->run ? run_name(s->run) : "a queued command");
			return -1;
		}
		return 0;
	}
	return 0;
}

int play_file(struct session *s, const char *path, const struct play_opts *o)
{
	struct strbuf text, err;
	strbuf_init(&text);
	strbuf_init(&err);
	if (file_read(path, 1 << 20, &text, &err) < 0) {
		session_error(s, "%s", err.buf);
		strbuf_release(&text);
		strbuf_release(&err);
		return 2;
	}
	/* Check every line before anything runs. */
	struct item *items = NULL;
	size_t n = 0, cap = 0;
	int lineno = 0, bad = 0;
	for (char *line = text.buf; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		char *t = line + strspn(line, " \t");
		size_t len = strlen(t);
		while (len && strchr(" \t\r", t[len - 1]))
			t[--len] = '\0';
		if (*t && *t != '#') {
			XGROW(items, cap, n + 1);
			if (parse_line(path, lineno, t, &items[n], &err) < 0) {
				session_error(s, "%s", err.buf);
				strbuf_reset(&err);
				free(items[n].text);
				bad++;
			} else {
				n++;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	strbuf_release(&text);
	strbuf_release(&err);
	if (bad) {
		free_items(items, n);
		return 2;
	}
	struct player p = { .s = s, .path = path, .o = o, .saved_tap = s->tap,
			    .speed = o->speed > 0 ? o->speed : 1.0 };
	strvec_init(&p.transcript);
	s->tap = (struct session_output){ .ctx = &p, .line = tap };
	int rc = 0;
	for (size_t i = 0; i < n && !s->quit; i++) {
		if (do_item(&p, &items[i]) < 0 && o->auto_mode) {
			rc = 1;
			break;
		}
	}
	/* Leave nothing running behind the script. */
	if (s->run && !s->quit) {
		session_interrupt(s);
		pump(&p, 10, idle, NULL);
	}
	s->tap = p.saved_tap;
	for (int k = 0; k < NCAPS; k++)
		free(p.caps[k]);
	strvec_release(&p.transcript);
	free(p.last_error);
	free_items(items, n);
	return rc;
}
