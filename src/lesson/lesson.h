/*
 * lesson: lesson files parsed (with libcmark), validated, and modelled as
 * lesson -> steps -> blocks. No terminal code lives here; the front ends
 * decide how a step looks, and lesson_render_text gives the plain form.
 *
 * The format is defined in lessons/FORMAT.md: the title is the first
 * level-1 heading, each level-2 heading starts a step, and fenced blocks
 * whose info string is run, listing, hint or quiz are lockstep's blocks.
 * Every problem is reported as "FILE:LINE: what is wrong", never printed.
 */
#ifndef LOCKSTEP_LESSON_H
#define LOCKSTEP_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"
#include "../util/strvec.h"

struct cmark_node;
struct doc;
struct manifest;

enum block_kind {
	BLOCK_RUN,     /* ```run: shell commands `run` performs for the step */
	BLOCK_LISTING, /* ```listing DEMO LINES|region=NAME: lines of a demo's source */
	BLOCK_HINT,    /* ```hint: text shown when the learner asks */
	BLOCK_QUIZ,    /* ```quiz: question, choices, answer, explanation */
};

struct quiz_choice {
	char *text;
	bool correct;
};

struct block {
	enum block_kind kind;
	int line;                 /* the opening fence's line in lesson.md */
	/* BLOCK_RUN: one command per non-empty line, and each one's line */
	struct strvec commands;
	int *command_lines;
	/* BLOCK_LISTING */
	char *demo;               /* as written: "fork-twice" or "fork/fork-twice" */
	char *region;             /* region name, or NULL for a line range */
	int first, last;          /* 1-based, inclusive; resolved from the region
				     by the validator (0 until then) */
	char *source;             /* path of the demo's .c file, once resolved */
	/* BLOCK_HINT: the text; BLOCK_QUIZ: the explanation (lines joined
	   with spaces, paragraphs separated by "\n\n") */
	char *text;
	/* BLOCK_QUIZ */
	char *question;
	struct quiz_choice *choices;
	size_t nchoices;
};

struct step {
	char *title;
	int line;                 /* the heading's line */
	struct block *blocks;
	size_t nblocks;
	/* The step's nodes in the document, after its heading: from first up
	 * to (not including) end (NULL: to the end of the document). Owned by
	 * the lesson's doc. */
	struct cmark_node *first, *end;
};

struct lesson {
	char *id;       /* folder name without the NN- prefix: "fork" */
	int number;     /* the NN prefix: 1 */
	char *dir;      /* the lesson's folder */
	char *path;     /* dir + "/lesson.md" */
	char *title;    /* the first level-1 heading */
	char *summary;  /* the first paragraph after the title, as plain text
			   on one line ("" if none): `list` shows it */
	struct step *steps;
	size_t nsteps;
	/* The introduction: the nodes after the title up to the first step
	 * (first == end when there is none). */
	struct cmark_node *intro_first, *intro_end;
	struct cmark_node *doc; /* the parsed document, owned */
};

/*
 * Check one command of a ```run block (e.g. "run fork-twice children=3"),
 * given the lesson it appears in. Returns 0, or -1 with a reason appended to
 * why (one line, no file:line: the caller adds them). The shell's command
 * layer supplies this, so the lesson module knows nothing of commands.
 */
typedef int (*lesson_action_check)(void *ctx, const struct lesson *lesson,
				   const char *command, struct strbuf *why);

/*
 * Parse the lesson in folder dir (".../NN-id"). Returns a new lesson (caller
 * frees with lesson_free), or NULL when the file cannot be used at all (not
 * found, not UTF-8, no title): then each problem has been pushed onto
 * problems as "FILE:LINE: what is wrong". Structural problems found while
 * parsing (an unknown block kind, an empty step, a malformed quiz) are
 * pushed too, but the lesson is still returned so the validator can look
 * further; lesson_check decides whether it is usable.
 */
struct lesson *lesson_parse(const char *dir, struct strvec *problems);
void lesson_free(struct lesson *l);

/*
 * Validate a parsed lesson against the demos it names: listing sources
 * exist, ranges and regions are inside them, run commands pass check (which
 * may be NULL to skip them). Pushes "FILE:LINE: what is wrong" for each
 * problem and fills in listing first/last/source. Returns the number of
 * problems it pushed.
 */
size_t lesson_validate(struct lesson *l, lesson_action_check check, void *ctx,
		       struct strvec *problems);

/* Push "PATH:LINE: message" for lesson l onto problems. */
void lesson_problem(struct strvec *problems, const struct lesson *l, int line,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Split a lesson folder's name "NN-id" into its number and id (pointing
 * into name). False when the name is not of that form. */
bool lesson_folder_name(const char *name, int *number, const char **id);
/* Sort "PATH:LINE: ..." problems by line, keeping the order of equal lines,
 * so parse and validate problems read top to bottom. */
void lesson_sort_problems(struct strvec *problems, const char *path);

/* Step index of a 1-based step number or title prefix, or -1. */
int lesson_find_step(const struct lesson *l, const char *which);

/*
 * Render step i as plain text wrapped at width columns (width < 20 means
 * 20): the heading, paragraphs, lists, block quotes, code blocks indented,
 * listings expanded from the demo source with line numbers, run blocks as
 * the commands `run` would perform, hints and quizzes announced (their
 * answers are not shown; the hint and answer commands reveal them).
 */
void lesson_render_text(const struct lesson *l, size_t i, int width, struct strbuf *out);
/* Render the title and the introduction, as `open` shows them before step 1. */
void lesson_render_intro(const struct lesson *l, int width, struct strbuf *out);
/*
 * The same layouts as styled lines, appended to out (a doc from
 * view/doc.h; the caller inits and releases it): the plain forms above are
 * exactly doc_text of these, so every front end wraps alike. Styles:
 * ST_TITLE (the lesson's title and its rule), ST_HEADING (a step's heading
 * and rule), ST_EMPH, ST_STRONG, ST_CODE, ST_LINK, ST_QUOTE, ST_RUN,
 * ST_HINT, ST_QUIZ, ST_DIM (listing captions), ST_LINENO (a listing's
 * numbers and bar), C colours for listings and ```c or ```h code. Nothing
 * is added for a step past the last.
 */
void lesson_render_doc(const struct lesson *l, size_t step, int width, struct doc *out);
void lesson_render_intro_doc(const struct lesson *l, int width, struct doc *out);
/* The listing's source lines with line numbers, as render_text shows them;
 * -1 with a reason in err if the file cannot be read. */
int lesson_listing_text(const struct block *b, struct strbuf *out, struct strbuf *err);

/*
 * A folder of lessons. Loads every NN-id/lesson.md under dir in NN order:
 * good lessons into lessons, the others into bad with their problems. Of
 * two folders with the same id, the second is reported ("duplicate lesson
 * id") and goes to bad; only the first is kept.
 */
struct bad_lesson {
	char *id;
	char *dir;
	struct strvec problems;
};

struct catalog {
	struct lesson **lessons;
	size_t nr, cap;
	struct bad_lesson *bad;
	size_t nbad, badcap;
};

void catalog_init(struct catalog *c);
void catalog_release(struct catalog *c);
/* Returns 0, or -1 with a reason in err when dir cannot be read at all. */
int catalog_load(struct catalog *c, const char *dir, lesson_action_check check,
		 void *ctx, struct strbuf *err);
/* A lesson by id ("fork"), number ("1", "01"), folder name ("01-fork") or
 * unique id prefix; NULL if none (or ambiguous: then *ambiguous is set). */
struct lesson *catalog_find(const struct catalog *c, const char *name, bool *ambiguous);

#endif
