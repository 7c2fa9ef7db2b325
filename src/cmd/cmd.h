/*
 * cmd: the command table. Every shell command is one `struct command` in its
 * own file (cmd-NAME.c); cmd.c lists them in one sorted table, finds them
 * (exact name or alias, then a unique prefix), checks their arity, and
 * builds `help` from their usage and help lines. Nothing else parses
 * commands.
 *
 * exec gets argv[0] = the command's name and arguments within arity; it
 * reports only through the session and returns a cmd_status. It never
 * exits the process.
 */
#ifndef LOCKSTEP_CMD_H
#define LOCKSTEP_CMD_H

#include <stdbool.h>
#include <stddef.h>

struct session;
struct strvec;
struct strbuf;
struct lesson;

enum cmd_status {
	CMD_OK = 0,
	CMD_ERROR = 1,  /* a problem, reported in one line */
	CMD_USAGE = 2,  /* not a command, or wrong arguments */
};

struct command {
	const char *name;
	const char *alias;     /* or NULL */
	int min_args, max_args; /* not counting the name; max -1: any */
	const char *usage;     /* "run [DEMO] [KEY=VALUE...]" */
	const char *help;      /* one line */
	/* Candidates for word number argi (1 = first argument) starting with
	 * prefix, pushed onto out; words[0..argi-1] are the words before it.
	 * May be NULL. */
	void (*complete)(struct session *s, int argi, char **words, const char *prefix,
			 struct strvec *out);
	int (*exec)(struct session *s, int argc, char **argv);
};

/* The table, sorted by name, ending with a NULL name. */
extern const struct command *const cmd_table[];

/* Find by name, alias or unique prefix. NULL with a one-line reason in why
 * (unknown, or ambiguous with the candidates named). */
const struct command *cmd_find(const char *word, struct strbuf *why);
/* Split line into words and perform it. Empty lines and lines starting with
 * '#' do nothing. Returns a cmd_status. */
int cmd_execute(struct session *s, const char *line);
/* Check a line as a step's run block would perform it, without doing it
 * (the lesson validator's action check). */
int cmd_check_action(void *session, const struct lesson *l, const char *line, struct strbuf *why);
/* Completion candidates for the line so far (for the front ends). */
void cmd_complete(struct session *s, const char *line_before_word, const char *word,
		  struct strvec *out);

/* Helpers for completion hooks. */
void cmd_complete_lessons(struct session *s, const char *prefix, struct strvec *out);
void cmd_complete_demos(struct session *s, const char *prefix, struct strvec *out);

/* Show the open lesson's current step (cmd-nav.c): through the front end's
 * show_step hook, or printed; with_intro also prints the title and
 * introduction first (open does). */
void cmd_show_step(struct session *s, bool with_intro);

/* Every command, each in its own file. */
extern const struct command cmd_answer, cmd_check, cmd_go, cmd_help, cmd_hint, cmd_list,
	cmd_next, cmd_open, cmd_params, cmd_pause, cmd_prev, cmd_quit, cmd_rate,
	cmd_resume, cmd_run, cmd_show, cmd_step, cmd_stop, cmd_theme, cmd_tree,
	cmd_view;

#endif
