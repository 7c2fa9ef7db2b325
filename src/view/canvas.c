/* canvas: cells, styles and UTF-8 text measured with wcwidth (see canvas.h). */
#define _XOPEN_SOURCE 700 /* wcwidth is X/Open, not plain POSIX */
#include "canvas.h"
#include "../util/strbuf.h"
#include "../util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

void canvas_init(struct canvas *c, int w, int h)
{
	c->w = c->h = 0;
	c->cells = NULL;
	canvas_resize(c, w, h);
}

void canvas_release(struct canvas *c)
{
	free(c->cells);
	c->cells = NULL;
	c->w = c->h = 0;
}

void canvas_resize(struct canvas *c, int w, int h)
{
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	free(c->cells);
	c->w = w;
	c->h = h;
	c->cells = xcalloc((size_t)w * (size_t)h + 1, sizeof *c->cells);
	canvas_clear(c, canvas_rect(c), ST_TEXT);
}

struct rect canvas_rect(const struct canvas *c)
{
	return (struct rect){ 0, 0, c->w, c->h };
}

struct rect rect_inset(struct rect r, int n)
{
	r.x += n;
	r.y += n;
	r.w = r.w > 2 * n ? r.w - 2 * n : 0;
	r.h = r.h > 2 * n ? r.h - 2 * n : 0;
	return r;
}

static struct cell *at(struct canvas *c, struct rect r, int x, int y)
{
	if (x < 0 || y < 0 || x >= r.w || y >= r.h)
		return NULL;
	x += r.x;
	y += r.y;
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return NULL;
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

void canvas_clear(struct canvas *c, struct rect r, enum style st)
{
	for (int y = 0; y < r.h; y++)
		for (int x = 0; x < r.w; x++) {
			struct cell *cl = at(c, r, x, y);
			if (cl)
				*cl = (struct cell){ ' ', (uint8_t)st };
		}
}

void canvas_set(struct canvas *c, struct rect r, int x, int y, uint32_t ch, enum style st)
{
	struct cell *cl = at(c, r, x, y);
	if (cl)
		*cl = (struct cell){ ch, (uint8_t)st };
}

void canvas_restyle(struct canvas *c, struct rect r, int x, int y, int n, enum style st)
{
	for (int i = 0; i < n; i++) {
		struct cell *cl = at(c, r, x + i, y);
		if (cl)
			cl->style = (uint8_t)st;
	}
}

uint32_t text_decode(const char *str, size_t n, size_t *len)
{
	const unsigned char *s = (const unsigned char *)str;
	*len = 1;
	if (!n)
		return '?';
	unsigned c = s[0];
	if (c < 0x80)
		return (c < 0x20 || c == 0x7f) ? '?' : c;
	size_t need;
	uint32_t cp;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		cp = c & 0x07;
	} else {
		return '?';
	}
	if (need > n)
		return '?';
	for (size_t k = 1; k < need; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return '?';
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || (cp >= 0x80 && cp < 0xA0))
		return '?';
	*len = need;
	return cp;
}

int text_cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);
	/* Unknown to the locale (or a C locale): assume one column, as
	 * terminals do for most of what wcwidth cannot classify. */
	return w < 0 ? 1 : w > 2 ? 2 : w;
}

int text_width_n(const char *s, size_t n)
{
	int w = 0;
	size_t i = 0;
	while (i < n && s[i]) {
		size_t len;
		uint32_t cp = text_decode(s + i, n - i, &len);
		w += text_cp_width(cp);
		i += len;
	}
	return w;
}

int text_width(const char *s)
{
	return text_width_n(s, strlen(s));
}

size_t text_fit(const char *s, int cols)
{
	size_t i = 0, n = strlen(s);
	int w = 0;
	while (i < n) {
		size_t len;
		int cw = text_cp_width(text_decode(s + i, n - i, &len));
		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	return i;
}

int canvas_textn(struct canvas *c, struct rect r, int x, int y, const char *s, size_t n,
		 enum style st)
{
	int col = x;
	size_t i = 0;
	while (i < n && s[i]) {
		size_t len;
		uint32_t cp = text_decode(s + i, n - i, &len);
		i += len;
		int cw = text_cp_width(cp);
		if (cw == 0) /* a combining mark rides on the cell before; drop it */
			continue;
		if (cw == 2) {
			if (col + 1 < r.w && col >= 0) {
				canvas_set(c, r, col, y, cp, st);
				canvas_set(c, r, col + 1, y, CANVAS_WIDE_TAIL, st);
			} else {
				canvas_set(c, r, col, y, ' ', st); /* half would not fit */
			}
		} else {
			canvas_set(c, r, col, y, cp, st);
		}
		col += cw;
	}
	return col - x;
}

int canvas_text(struct canvas *c, struct rect r, int x, int y, const char *s, enum style st)
{
	return canvas_textn(c, r, x, y, s, strlen(s), st);
}

static void put_utf8(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 4);
	}
}

char *canvas_row(const struct canvas *c, int y)
{
	struct strbuf sb;
	strbuf_init(&sb);
	for (int x = 0; y >= 0 && y < c->h && x < c->w; x++) {
		uint32_t ch = c->cells[(size_t)y * (size_t)c->w + (size_t)x].ch;
		if (ch != CANVAS_WIDE_TAIL)
			put_utf8(&sb, ch);
	}
	strbuf_rtrim(&sb);
	return strbuf_detach(&sb);
}

void canvas_dump(const struct canvas *c, struct strbuf *out)
{
	for (int y = 0; y < c->h; y++) {
		char *row = canvas_row(c, y);
		strbuf_addstr(out, row);
		strbuf_addch(out, '\n');
		free(row);
	}
}

char *canvas_row_styles(const struct canvas *c, int y)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	_Static_assert(sizeof letters - 1 >= ST_COUNT, "a letter for every style");
	char *s = xmalloc((size_t)c->w + 1);
	for (int x = 0; x < c->w; x++)
		s[x] = letters[y >= 0 && y < c->h ? c->cells[(size_t)y * (size_t)c->w + (size_t)x].style : 0];
	s[c->w] = '\0';
	return s;
}

int canvas_text_cut(struct canvas *c, struct rect r, int x, int y, const char *s, enum style st)
{
	int room = r.w - x;
	if (room <= 0)
		return 0;
	if (text_width(s) <= room)
		return canvas_text(c, r, x, y, s, st);
	size_t n = text_fit(s, room - 1);
	while (n > 0 && s[n - 1] == ' ') /* "a…", not "a …" */
		n--;
	int w = canvas_textn(c, r, x, y, s, n, st);
	return w + canvas_text(c, r, x + w, y, "…", st);
}
