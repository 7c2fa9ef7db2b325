/* highlight: a line-at-a-time C tokenizer that appends styled spans to a doc (see highlight.h). */
#include "highlight.h"

#include <string.h>

#include "canvas.h"
#include "doc.h"

static const char *const keywords[] = {
	"auto", "break", "case", "const", "continue", "default", "do", "else", "enum",
	"extern", "for", "goto", "if", "inline", "register", "restrict", "return",
	"sizeof", "static", "struct", "switch", "typedef", "union", "volatile", "while",
	"_Alignas", "_Alignof", "_Atomic", "_Generic", "_Noreturn", "_Static_assert",
	"_Thread_local", "alignas", "alignof", "constexpr", "static_assert",
	"thread_local", "typeof", "typeof_unqual", "true", "false", "nullptr",
	"__attribute__", NULL
};

/* Besides these, any identifier ending in _t (size_t, pthread_mutex_t). */
static const char *const types[] = {
	"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned",
	"_Bool", "bool", "_Complex", "_Imaginary", "FILE", "DIR", "va_list", "jmp_buf",
	"atomic_bool", "atomic_char", "atomic_int", "atomic_uint", "atomic_long",
	"atomic_ulong", "atomic_llong", "atomic_ullong", "atomic_flag", NULL
};

void hl_init(struct hl_state *state)
{
	state->in_comment = false;
}

/* ASCII only, whatever the locale says. */
static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_word(char c)
{
	return is_alpha(c) || is_digit(c);
}

static bool word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && !memcmp(s, word, n);
}

static bool in_list(const char *const *list, const char *s, size_t n)
{
	for (size_t i = 0; list[i]; i++)
		if (word_is(s, n, list[i]))
			return true;
	return false;
}

static enum style classify(const char *s, size_t n)
{
	if (in_list(keywords, s, n))
		return ST_KEYWORD;
	if (in_list(types, s, n) || (n > 2 && s[n - 2] == '_' && s[n - 1] == 't'))
		return ST_TYPE;
	return ST_CODE;
}

static void emit(struct doc *out, const char *s, size_t n, enum style st)
{
	if (out)
		doc_add(out, s, n, st);
}

/* Index just past the end of a block comment, looking from i on; n and
 * *open set when the comment goes on past the line. */
static size_t comment_end(const char *s, size_t n, size_t i, bool *open)
{
	*open = false;
	for (; i + 1 < n; i++)
		if (s[i] == '*' && s[i + 1] == '/')
			return i + 2;
	*open = true;
	return n;
}

/* Index just past the string or character literal opening at i; an
 * unterminated one ends with the line. */
static size_t quoted_end(const char *s, size_t n, size_t i)
{
	char q = s[i];
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == q)
			return i + 1;
	}
	return n;
}

/* A preprocessing number (C11 6.4.8): digits, letters, '.', and a sign
 * after an exponent letter; it covers 0x1F, 10UL, 1.5e-3f. */
static size_t number_end(const char *s, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if ((s[i] == '+' || s[i] == '-') && strchr("eEpP", s[i - 1]))
			continue;
		if (!is_word(s[i]) && s[i] != '.')
			break;
	}
	return i;
}

static size_t word_end(const char *s, size_t n, size_t i)
{
	while (i < n && is_word(s[i]))
		i++;
	return i;
}

static size_t blank_end(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* "#", the directive word and, for #include, its <file>; returns where the
 * ordinary tokens of the line start. */
static size_t directive(const char *s, size_t n, size_t i, struct doc *out)
{
	size_t w = blank_end(s, n, i + 1), e = word_end(s, n, w);

	emit(out, s + i, e - i, ST_PREPROC);
	if (!word_is(s + w, e - w, "include") && !word_is(s + w, e - w, "include_next"))
		return e;
	i = blank_end(s, n, e);
	if (i < n && s[i] == '<') {
		const char *gt = memchr(s + i, '>', n - i);
		size_t end = gt ? (size_t)(gt - s) + 1 : n;
		emit(out, s + e, i - e, ST_CODE);
		emit(out, s + i, end - i, ST_PREPROC);
		return end;
	}
	return e;
}

void highlight_c(const char *s, size_t n, struct hl_state *state, struct doc *out)
{
	size_t i = 0, k;

	if (state->in_comment) {
		i = comment_end(s, n, 0, &state->in_comment);
		emit(out, s, i, ST_COMMENT);
		if (state->in_comment)
			return;
	} else {
		k = blank_end(s, n, 0);
		if (k < n && s[k] == '#') {
			emit(out, s, k, ST_CODE);
			i = directive(s, n, k, out);
		}
	}
	while (i < n) {
		char c = s[i], next = i + 1 < n ? s[i + 1] : '\0';
		enum style st = ST_CODE;

		if (c == '/' && next == '/') {
			k = n;
			st = ST_COMMENT;
		} else if (c == '/' && next == '*') {
			k = comment_end(s, n, i + 2, &state->in_comment);
			st = ST_COMMENT;
		} else if (c == '"' || c == '\'') {
			k = quoted_end(s, n, i);
			st = ST_STRING;
		} else if (is_digit(c) || (c == '.' && is_digit(next))) {
			k = number_end(s, n, i);
			st = ST_NUMBER;
		} else if (is_alpha(c)) {
			k = word_end(s, n, i);
			/* L"wide", u8"utf-8", U'c': the prefix belongs to the literal */
			if (k < n && (s[k] == '"' || s[k] == '\'') &&
			    (word_is(s + i, k - i, "L") || word_is(s + i, k - i, "u") ||
			     word_is(s + i, k - i, "U") || word_is(s + i, k - i, "u8"))) {
				k = quoted_end(s, n, k);
				st = ST_STRING;
			} else {
				st = classify(s + i, k - i);
			}
		} else {
			k = i + 1;
		}
		emit(out, s + i, k - i, st);
		i = k;
	}
}

bool highlight_is_c(const char *info)
{
	size_t n;

	if (!info)
		return false;
	info += strspn(info, " \t");
	n = strcspn(info, " \t");
	return n == 1 && strchr("cChH", info[0]);
}
