/* cmd-view: `view [NAME]`, choose the live view (or print it, in plain mode). */
#include "cmd.h"
#include "session.h"
#include "../util/strbuf.h"
#include "../view/canvas.h"
#include "../view/graph.h"
#include "../view/meters.h"
#include "../view/queueview.h"
#include "../view/timeline.h"
#include "../view/tree.h"

#include <string.h>

#define TREE_TEXT_WIDTH 100 /* wide enough for a deep tree and its CPU% */

static void complete(struct session *s, int argi, char **words, const char *prefix,
		     struct strvec *out)
{
	(void)s;
	(void)words;
	for (int v = 0; argi == 1 && v < VIEW_COUNT; v++)
		if (!strncmp(session_view_name((enum view_kind)v), prefix, strlen(prefix)))
			strvec_push(out, session_view_name((enum view_kind)v));
}

/* The tree as the full screen draws it, as text: unlike the live plain
 * tree, it keeps the processes that have just gone, with how each ended,
 * so the last run can still be read after it is over. */
static void tree_text(const struct run_model *m, struct strbuf *out)
{
	struct canvas c;
	canvas_init(&c, TREE_TEXT_WIDTH, 1);
	struct tree_drawn d = tree_draw(&c, canvas_rect(&c), m, NULL);
	if (d.rows > 1) {
		canvas_resize(&c, TREE_TEXT_WIDTH, d.rows);
		tree_draw(&c, canvas_rect(&c), m, NULL);
	}
	canvas_dump(&c, out);
	canvas_release(&c);
}

/* The view as text, for the plain front end and handouts. */
static void print_view(struct session *s)
{
	struct run_model *m = &s->model;
	struct strbuf sb;
	strbuf_init(&sb);
	switch (s->view) {
	case VIEW_TREE:
		if (m->have_snap)
			tree_text(m, &sb);
		break;
	case VIEW_METERS:
		meters_text(m, &sb);
		break;
	case VIEW_GRAPH: {
		const struct series *list[6];
		size_t n = model_graph_series(m, list, 6);
		if (n)
			graph_table_text(list, n, graph_table_step(m->now), m->now, &sb);
		break;
	}
	case VIEW_TIMELINE:
		timeline_text(m, m->now, &sb);
		break;
	case VIEW_QUEUE:
		queueview_text(m, &sb);
		break;
	case VIEW_COUNT:
		break;
	}
	if (!sb.len)
		strbuf_addf(&sb, "(nothing to show in the %s view)", session_view_name(s->view));
	session_print_text(s, OUT_TEXT, sb.buf);
	strbuf_release(&sb);
}

static int exec(struct session *s, int argc, char **argv)
{
	if (argc == 2) {
		int v = session_view_find(argv[1]);
		if (v < 0)
			return session_error(s, "unknown view '%s' (expected tree, meters, graph, timeline or queue)",
					     argv[1]);
		s->view = (enum view_kind)v;
	}
	if (!s->full_screen) {
		if (!s->have_model)
			return session_error(s, "no demo has run yet, so there is nothing to show");
		if (argc == 1)
			session_print(s, OUT_TEXT, "view: %s (views: tree, meters, graph, timeline, queue)",
				      session_view_name(s->view));
		print_view(s);
	} else if (argc == 1) {
		session_print(s, OUT_TEXT, "view: %s (views: tree, meters, graph, timeline, queue)",
			      session_view_name(s->view));
	}
	return CMD_OK;
}

const struct command cmd_view = {
	.name = "view", .min_args = 0, .max_args = 1,
	.usage = "view [NAME]",
	.help = "show a view: tree, meters, graph, timeline or queue (printed as text in plain mode)",
	.complete = complete, .exec = exec,
};
