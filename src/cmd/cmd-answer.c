/* cmd-answer: `answer [N] LETTER`, answer a quiz of the current step. */
#include "cmd.h"
#include "session.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int exec(struct session *s, int argc, char **argv)
{
	if (!s->lesson)
		return session_error(s, "no lesson is open (open one with: open LESSON)");
	const struct step *st = &s->lesson->steps[s->step];
	const struct block *quiz[32];
	size_t nquiz = 0;
	for (size_t i = 0; i < st->nblocks && nquiz < 32; i++)
		if (st->blocks[i].kind == BLOCK_QUIZ)
			quiz[nquiz++] = &st->blocks[i];
	if (!nquiz)
		return session_error(s, "step %zu has no quiz", s->step + 1);
	size_t which = 0;
	const char *letter = argv[argc - 1];
	if (argc == 3) {
		char *end;
		long n = strtol(argv[1], &end, 10);
		if (*end || n < 1 || (size_t)n > nquiz)
			return session_error(s, "quiz number: expected a whole number from 1 to %zu, got '%s'",
					     nquiz, argv[1]);
		which = (size_t)n - 1;
	}
	const struct block *q = quiz[which];
	int c = tolower((unsigned char)letter[0]);
	if (strlen(letter) != 1 || c < 'a' || (size_t)(c - 'a') >= q->nchoices)
		return session_error(s, "answer: expected a letter from a to %c, got '%s'",
				     (char)('a' + q->nchoices - 1), letter);
	size_t pick = (size_t)(c - 'a'), right = 0;
	for (size_t i = 0; i < q->nchoices; i++)
		if (q->choices[i].correct)
			right = i;
	if (pick == right)
		session_print(s, OUT_TEXT, "Right: %c) %s", c, q->choices[pick].text);
	else
		session_print(s, OUT_TEXT, "Not quite: you chose %c) %s; the answer is %c) %s", c,
			      q->choices[pick].text, (char)('a' + right), q->choices[right].text);
	session_print_text(s, OUT_TEXT, q->text);
	return CMD_OK;
}

const struct command cmd_answer = {
	.name = "answer", .min_args = 1, .max_args = 2,
	.usage = "answer [N] LETTER",
	.help = "answer the step's quiz (N picks among several quizzes)",
	.exec = exec,
};
