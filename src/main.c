/* main: the command line, where lessons and demos are found, and which front end runs. */
#include "config.h"

#include "cmd/cmd.h"
#include "cmd/session.h"
#include "loop/loop.h"
#include "ui/ui.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: lockstep [OPTIONS]                 the interactive shell\n"
	"       lockstep [OPTIONS] COMMAND [ARGS]  one shell command, plain output, its exit status\n"
	"       lockstep [OPTIONS] --play FILE [--auto] [--speed X]   play a presenter's script\n"
	"\n"
	"options:\n"
	"  --plain          line mode even on a terminal (pipes, dumb terminals, handouts)\n"
	"  --lessons DIR    read lessons from DIR\n"
	"  --theme NAME     colours of the full screen: dark (default), light, contrast\n"
	"  --play FILE      play a script: commands ($ ...), say, pause, sleep, speed, expect, wait\n"
	"  --auto           with --play: never wait for a key; a failed expect exits with status 1\n"
	"  --speed X        with --play: scale the script's sleeps (0.1 to 10; 2 = twice as fast)\n"
	"  --help           this text\n"
	"  --version        the version\n"
	"\n"
	"examples:\n"
	"  lockstep list\n"
	"  lockstep run fork/fork-wait children=4\n"
	"  lockstep --play lessons/01-fork/present.play --auto\n"
	"\n"
	"Type help inside the shell for its commands. Lessons are read from --lessons,\n"
	"$LOCKSTEP_LESSONS, this build's lessons/, " LOCKSTEP_DATADIR "/lessons, or ./lessons.\n";

struct options {
	bool plain;
	const char *lessons;
	const char *theme;
	const char *play;
	bool auto_mode;
	double speed;
	bool speed_given;
	int cmd_index; /* argv index of COMMAND, or 0 */
};

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "lockstep: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see lockstep --help)\n");
	return 2;
}

/* Returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct options *o)
{
	memset(o, 0, sizeof *o);
	o->speed = 1.0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || !a[1]) {
			o->cmd_index = i;
			break;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage_text, stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("lockstep %s\n", LOCKSTEP_VERSION);
			return 0;
		} else if (!strcmp(a, "--plain")) {
			o->plain = true;
		} else if (!strcmp(a, "--auto")) {
			o->auto_mode = true;
		} else if (!strcmp(a, "--lessons") || !strcmp(a, "--play") || !strcmp(a, "--speed") ||
			   !strcmp(a, "--theme")) {
			if (i + 1 >= argc)
				return bad_usage("%s needs a value", a);
			const char *v = argv[++i];
			if (!strcmp(a, "--lessons")) {
				o->lessons = v;
			} else if (!strcmp(a, "--theme")) {
				o->theme = v;
			} else if (!strcmp(a, "--play")) {
				o->play = v;
			} else {
				char *end;
				errno = 0;
				o->speed = strtod(v, &end);
				if (*end || !*v || errno || !(o->speed >= 0.1 && o->speed <= 10))
					return bad_usage("--speed: expected a number from 0.1 to 10, got '%s'", v);
				o->speed_given = true;
			}
		} else if (!strcmp(a, "--")) {
			if (i + 1 < argc)
				o->cmd_index = i + 1;
			break;
		} else {
			return bad_usage("unknown option '%s'", a);
		}
	}
	if ((o->auto_mode || o->speed_given) && !o->play)
		return bad_usage("%s works only with --play FILE", o->auto_mode ? "--auto" : "--speed");
	if (o->play && o->cmd_index)
		return bad_usage("--play takes no command, got '%s'", argv[o->cmd_index]);
	return -1;
}

/* Is dir a build directory of a source checkout (build/lockstep beside
 * build/demos/manifest, with lessons/ one level up)? */
static char *checkout_path(const char *exe, const char *sub)
{
	char *manifest = xasprintf("%s/demos/manifest", exe);
	char *lessons = xasprintf("%s/../lessons", exe);
	char *res = NULL;
	if (file_exists(manifest) && dir_exists(lessons)) {
		if (!strcmp(sub, "lessons"))
			res = xstrdup(lessons);
		else if (!strcmp(sub, "themes"))
			res = xasprintf("%s/../assets/themes", exe);
		else
			res = xasprintf("%s/demos", exe);
	}
	free(manifest);
	free(lessons);
	return res;
}

static char *find_lessons(const struct options *o, const char *exe)
{
	if (o->lessons)
		return xstrdup(o->lessons);
	const char *env = getenv("LOCKSTEP_LESSONS");
	if (env && *env)
		return xstrdup(env);
	char *co = checkout_path(exe, "lessons");
	if (co)
		return co;
	if (dir_exists(LOCKSTEP_DATADIR "/lessons"))
		return xstrdup(LOCKSTEP_DATADIR "/lessons");
	return xstrdup("lessons");
}

static char *find_themes(const char *exe)
{
	char *co = checkout_path(exe, "themes");
	return co ? co : xstrdup(LOCKSTEP_DATADIR "/themes");
}

/* The full screen wants a terminal on both ends that can move its cursor. */
static bool full_screen_possible(void)
{
	const char *term = getenv("TERM");
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && *term && strcmp(term, "dumb");
}

static char *find_demos(const char *exe)
{
	const char *env = getenv("LOCKSTEP_DEMOS");
	if (env && *env)
		return xstrdup(env);
	char *co = checkout_path(exe, "demos");
	return co ? co : xstrdup(LOCKSTEP_LIBEXECDIR "/demos");
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	struct options o;
	int rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	/* In one-shot mode an unknown command is a usage error, said the way
	 * an unknown option is. */
	if (o.cmd_index) {
		struct strbuf why;
		strbuf_init(&why);
		if (!cmd_find(argv[o.cmd_index], &why)) {
			fprintf(stderr, "lockstep: %s (see lockstep --help)\n", why.buf);
			strbuf_release(&why);
			return 2;
		}
		strbuf_release(&why);
	}
	char *exe = exe_dir();
	char *lessons = find_lessons(&o, exe);
	char *demos = find_demos(exe);
	char *themes = find_themes(exe);
	free(exe);

	struct loop *loop = loop_new();
	struct session s;
	struct strbuf err;
	strbuf_init(&err);
	if (session_init(&s, loop, lessons, demos, &err) < 0) {
		fprintf(stderr, "lockstep: %s\n", err.buf);
		strbuf_release(&err);
		session_release(&s);
		loop_free(loop);
		free(lessons);
		free(demos);
		free(themes);
		return 1;
	}
	strbuf_release(&err);

	if (o.play) {
		ui_plain_attach(&s, false);
		rc = ui_plain_play(&s, o.play, o.auto_mode, o.speed);
	} else if (o.cmd_index) {
		struct strbuf line;
		strbuf_init(&line);
		for (int i = o.cmd_index; i < argc; i++)
			strbuf_addf(&line, "%s%s", i > o.cmd_index ? " " : "", argv[i]);
		ui_plain_attach(&s, true);
		rc = ui_plain_oneshot(&s, line.buf);
		strbuf_release(&line);
	} else if (!o.plain && full_screen_possible()) {
		rc = ui_tui_run(&s, themes, o.theme ? o.theme : "dark");
	} else {
		ui_plain_attach(&s, false);
		rc = ui_plain_interactive(&s);
	}
	session_release(&s);
	loop_free(loop);
	free(lessons);
	free(demos);
	free(themes);
	return rc;
}
