/* theme: styles to colours and attributes, from a theme file (see theme.h). */
#include "theme.h"
#include "../util/fileio.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[ST_COUNT] = {
	[ST_TEXT] = "text", [ST_DIM] = "dim", [ST_BOLD] = "bold", [ST_EMPH] = "emph",
	[ST_STRONG] = "strong", [ST_TITLE] = "title", [ST_HEADING] = "heading",
	[ST_CODE] = "code", [ST_KEYWORD] = "keyword", [ST_TYPE] = "type",
	[ST_STRING] = "string", [ST_COMMENT] = "comment", [ST_NUMBER] = "number",
	[ST_PREPROC] = "preproc", [ST_LINENO] = "lineno", [ST_QUOTE] = "quote",
	[ST_LINK] = "link", [ST_RUN] = "run", [ST_HINT] = "hint", [ST_QUIZ] = "quiz",
	[ST_BORDER] = "border", [ST_STATUS] = "status", [ST_STATUS_KEY] = "status-key",
	[ST_POPUP] = "popup", [ST_SELECT] = "select", [ST_TREE] = "tree", [ST_NEW] = "new",
	[ST_EXITED] = "exited", [ST_ZOMBIE] = "zombie", [ST_STOPPED] = "stopped",
	[ST_ORPHAN] = "orphan", [ST_RUNNING] = "running", [ST_METER] = "meter",
	[ST_METER_HIGH] = "meter-high", [ST_AXIS] = "axis", [ST_SERIES1] = "series1",
	[ST_SERIES2] = "series2", [ST_SERIES3] = "series3", [ST_SERIES4] = "series4",
	[ST_SERIES5] = "series5", [ST_SERIES6] = "series6", [ST_WAITING] = "waiting",
	[ST_NOTICE] = "notice", [ST_DEMO] = "demo", [ST_ERROR] = "error",
	[ST_PAUSED] = "paused",
};

const char *theme_style_name(enum style st)
{
	return st < ST_COUNT && names[st] ? names[st] : "?";
}

static const char *const colours[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static int parse_colour(const char *w, int *out)
{
	if (!strcmp(w, "default")) {
		*out = THEME_DEFAULT_COLOR;
		return 0;
	}
	int bright = !strncmp(w, "bright-", 7);
	const char *base = bright ? w + 7 : w;
	for (int i = 0; i < 8; i++) {
		if (!strcmp(base, colours[i])) {
			*out = i + (bright ? 8 : 0);
			return 0;
		}
	}
	char *end;
	errno = 0;
	long n = strtol(w, &end, 10);
	if (*w && !*end && !errno && n >= 0 && n <= 255) {
		*out = (int)n;
		return 0;
	}
	return -1;
}

static int parse_attr(const char *w)
{
	static const struct { const char *name; int bit; } attrs[] = {
		{ "bold", THEME_BOLD }, { "dim", THEME_DIM }, { "italic", THEME_ITALIC },
		{ "underline", THEME_UNDERLINE }, { "reverse", THEME_REVERSE },
	};
	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
		if (!strcmp(w, attrs[i].name))
			return attrs[i].bit;
	return 0;
}

static int find_style(const char *w)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (names[i] && !strcmp(names[i], w))
			return i;
	return -1;
}

int theme_parse(struct theme *t, const char *name, const char *text, const char *source,
		struct strbuf *err)
{
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name);
	for (int i = 0; i < ST_COUNT; i++)
		t->st[i] = (struct theme_style){ THEME_DEFAULT_COLOR, THEME_DEFAULT_COLOR, 0 };
	int lineno = 0, bad = 0;
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		p += n + (p[n] == '\n');
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *w[8];
		size_t nw = 0;
		for (char *tok = strtok(line, " \t\r"); tok && nw < 8; tok = strtok(NULL, " \t\r"))
			w[nw++] = tok;
		if (!nw) {
			free(line);
			continue;
		}
		const char *why = NULL, *got = w[0];
		int st = find_style(w[0]);
		struct theme_style ts = { THEME_DEFAULT_COLOR, THEME_DEFAULT_COLOR, 0 };
		if (st < 0) {
			why = "unknown style";
		} else if (nw < 3) {
			why = "expected STYLE FOREGROUND BACKGROUND [ATTRIBUTES...]";
			got = w[nw - 1];
		} else if (parse_colour(w[1], &ts.fg) < 0 || parse_colour(w[2], &ts.bg) < 0) {
			why = "expected colours: default, black..white, bright-NAME or 0..255";
			got = parse_colour(w[1], &ts.fg) < 0 ? w[1] : w[2];
		}
		for (size_t k = 3; !why && k < nw; k++) {
			int a = parse_attr(w[k]);
			if (!a) {
				why = "expected attributes: bold, dim, italic, underline, reverse";
				got = w[k];
			}
			ts.attrs |= a;
		}
		if (why)
			strbuf_addf(err, "%s%s:%d: %s, got '%s'", bad++ ? "\n" : "", source, lineno, why, got);
		else
			t->st[st] = ts;
		free(line);
	}
	return bad ? -1 : 0;
}

int theme_load(struct theme *t, const char *dir, const char *name, struct strbuf *err)
{
	for (const char *c = name; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-')) {
			strbuf_addf(err, "theme: expected a name of a-z, 0-9 and '-', got '%s'", name);
			return -1;
		}
	}
	char *path = xasprintf("%s/%s.theme", dir, name);
	struct strbuf text;
	strbuf_init(&text);
	int rc;
	if (!file_exists(path)) {
		strbuf_addf(err, "no theme '%s' (no %s)", name, path);
		rc = -1;
	} else {
		rc = file_read(path, 1 << 16, &text, err);
		if (rc == 0)
			rc = theme_parse(t, name, text.buf, path, err);
	}
	strbuf_release(&text);
	free(path);
	return rc;
}

void theme_monochrome(struct theme *t)
{
	for (int i = 0; i < ST_COUNT; i++)
		t->st[i].fg = t->st[i].bg = THEME_DEFAULT_COLOR;
	/* What colour alone told apart gets an attribute. */
	static const struct { enum style st; int attrs; } marks[] = {
		{ ST_TITLE, THEME_BOLD | THEME_UNDERLINE }, { ST_HEADING, THEME_BOLD },
		{ ST_DIM, THEME_DIM }, { ST_EMPH, THEME_ITALIC }, { ST_STRONG, THEME_BOLD },
		{ ST_CODE, 0 }, { ST_KEYWORD, THEME_BOLD }, { ST_COMMENT, THEME_DIM },
		{ ST_LINENO, THEME_DIM }, { ST_LINK, THEME_UNDERLINE }, { ST_RUN, THEME_BOLD },
		{ ST_STATUS, THEME_REVERSE }, { ST_STATUS_KEY, THEME_REVERSE | THEME_BOLD },
		{ ST_POPUP, THEME_REVERSE }, { ST_SELECT, THEME_REVERSE }, { ST_NEW, THEME_BOLD },
		{ ST_EXITED, THEME_DIM }, { ST_ZOMBIE, THEME_BOLD | THEME_UNDERLINE },
		{ ST_STOPPED, THEME_UNDERLINE }, { ST_ORPHAN, THEME_ITALIC },
		{ ST_METER_HIGH, THEME_BOLD }, { ST_AXIS, THEME_DIM }, { ST_WAITING, THEME_DIM },
		{ ST_NOTICE, THEME_BOLD }, { ST_ERROR, THEME_BOLD | THEME_REVERSE },
		{ ST_PAUSED, THEME_REVERSE | THEME_BOLD }, { ST_BORDER, THEME_DIM },
		{ ST_SERIES2, THEME_BOLD }, { ST_SERIES3, THEME_UNDERLINE },
		{ ST_SERIES4, THEME_DIM }, { ST_SERIES5, THEME_ITALIC },
	};
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		t->st[marks[i].st].attrs |= marks[i].attrs;
}
