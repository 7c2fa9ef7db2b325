/* plain: the line-mode front end (see ui.h). */
#define _GNU_SOURCE /* TIOCGWINSZ in sys/ioctl.h */
#include "ui.h"
#include "../cmd/cmd.h"
#include "../cmd/session.h"
#include "../loop/loop.h"
#include "../play/play.h"
#include "../util/strbuf.h"
#include "../util/strvec.h"
#include "../util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

static struct {
	struct session *s;
	bool oneshot;
	bool readline_on;   /* a prompt is on the screen */
	int exit_status;
	char *history_path;
} ui;

static void print_line(void *ctx, enum out_kind kind, const char *text)
{
	(void)ctx;
	/* Take the prompt and half-typed line off the screen, print, and
	 * put them back: output never lands in the middle of typing. */
	if (ui.readline_on)
		rl_clear_visible_line();
	switch (kind) {
	case OUT_ERROR:
		fflush(stdout);
		fprintf(stderr, "%s%s\n", ui.oneshot ? "lockstep: " : "error: ", text);
		break;
	case OUT_SAY:
		printf("» %s\n", text);
		break;
	default:
		printf("%s\n", text);
		break;
	}
	if (ui.readline_on) {
		fflush(stdout);
		rl_forced_update_display();
	}
}

static void on_signal(void *ctx, int sig)
{
	struct session *s = ctx;
	switch (sig) {
	case SIGCHLD:
		session_on_sigchld(s);
		break;
	case SIGINT:
		if (session_interrupt(s))
			break;
		if (ui.readline_on) { /* Ctrl-C at the prompt clears the line */
			rl_replace_line("", 0);
			rl_point = rl_end = 0;
			printf("\n");
			rl_forced_update_display();
			break;
		}
		s->quit = true;
		ui.exit_status = 130;
		break;
	case SIGWINCH:
		if (ui.readline_on)
			rl_resize_terminal();
		break;
	default: /* SIGTERM, SIGHUP: leave, cleaning up */
		s->quit = true;
		ui.exit_status = 128 + sig;
		break;
	}
}

static int terminal_width(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col > 100 ? 100 : ws.ws_col;
	return 80;
}

void ui_plain_attach(struct session *s, bool oneshot)
{
	ui.s = s;
	ui.oneshot = oneshot;
	s->out = (struct session_output){ .ctx = s, .line = print_line };
	s->live_tree = true;
	if (isatty(STDOUT_FILENO))
		s->width = terminal_width() - 2;
	/* Lines, not blocks, even into a pipe: a reader sees each line as it
	 * happens, in order with stderr. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	static const int sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGWINCH, 0 };
	loop_watch_signals(s->loop, sigs, on_signal, s);
}

/* ---- one command ---- */

int ui_plain_oneshot(struct session *s, const char *line)
{
	int rc = cmd_execute(s, line);
	while (session_busy(s) && !s->quit)
		loop_run_once(s->loop, 100);
	if (session_busy(s)) /* interrupted: clean up before leaving */
		session_shutdown(s, 5000);
	if (ui.exit_status)
		return ui.exit_status;
	return rc == CMD_OK ? s->last_status : rc;
}

/* ---- playback ---- */

static void wait_key(void *ctx)
{
	(void)ctx;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return; /* no terminal: nobody to press a key */
	struct termios saved, raw;
	if (tcgetattr(fd, &saved) == 0) {
		raw = saved;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tcsetattr(fd, TCSANOW, &raw);
		(void)!write(fd, "(press a key to go on)", 22);
		/* Wait for the key while runs go on and signals are served. */
		while (!ui.s->quit) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			if (poll(&p, 1, 0) > 0) {
				char c;
				(void)!read(fd, &c, 1);
				break;
			}
			loop_run_once(ui.s->loop, 50);
		}
		(void)!write(fd, "\r\033[K", 4);
		tcsetattr(fd, TCSANOW, &saved);
	}
	close(fd);
}

int ui_plain_play(struct session *s, const char *path, bool auto_mode, double speed)
{
	struct play_opts o = { .auto_mode = auto_mode, .speed = speed, .wait_key = wait_key };
	int rc = play_file(s, path, &o);
	session_shutdown(s, 5000);
	if (ui.exit_status)
		return ui.exit_status;
	return rc;
}

/* ---- interactive ---- */

static char *prompt_text(void)
{
	struct session *s = ui.s;
	if (s->lesson)
		return xasprintf("lockstep %s %zu/%zu> ", s->lesson->id, s->step + 1, s->lesson->nsteps);
	return xstrdup("lockstep> ");
}

static void on_readline(char *line)
{
	struct session *s = ui.s;
	if (!line) { /* Ctrl-D */
		printf("\n");
		s->quit = true;
		return;
	}
	if (*line && (!history_length || strcmp(history_get(history_base + history_length - 1)->line, line)))
		add_history(line);
	/* While the command prints, there is no prompt on the screen. */
	rl_callback_handler_remove();
	ui.readline_on = false;
	cmd_execute(s, line);
	free(line);
	if (!s->quit) {
		char *p = prompt_text();
		rl_callback_handler_install(p, on_readline);
		free(p);
		ui.readline_on = true;
	}
}

static void on_tty_input(void *ctx, int fd)
{
	(void)ctx;
	(void)fd;
	rl_callback_read_char();
}

static char **completer(const char *text, int start, int end);

static char *generator(const char *text, int state)
{
	static struct strvec cands;
	static size_t next;
	if (!state) {
		strvec_clear(&cands);
		next = 0;
		char *before = xstrndup(rl_line_buffer, (size_t)(rl_point - (int)strlen(text)));
		cmd_complete(ui.s, before, text, &cands);
		free(before);
	}
	if (next < cands.nr)
		return xstrdup(cands.items[next++]);
	return NULL;
}

static char **completer(const char *text, int start, int end)
{
	(void)end;
	/* check takes paths: leave those to readline's filename completion */
	if (start > 0 && !strncmp(rl_line_buffer + strspn(rl_line_buffer, " "), "check ", 6))
		return NULL;
	rl_attempted_completion_over = 1;
	char **m = rl_completion_matches(text, generator);
	/* "children=" wants its value typed right after, not a space */
	if (m && m[0] && !m[1] && m[0][strlen(m[0]) - 1] == '=')
		rl_completion_suppress_append = 1;
	return m;
}

static void history_open(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char *dir = state && *state ? xasprintf("%s/lockstep", state) :
		    home && *home ? xasprintf("%s/.local/state/lockstep", home) : NULL;
	if (!dir)
		return;
	/* mkdir -p, quietly: no history is better than no shell */
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	mkdir(dir, 0700);
	ui.history_path = xasprintf("%s/history", dir);
	free(dir);
	read_history(ui.history_path);
}

static void history_save(void)
{
	if (!ui.history_path)
		return;
	/* Write aside and rename, so a crash never leaves half a file. */
	char *tmp = xasprintf("%s.tmp.%d", ui.history_path, (int)getpid());
	stifle_history(1000);
	if (write_history(tmp) == 0)
		rename(tmp, ui.history_path);
	else
		unlink(tmp);
	free(tmp);
	free(ui.history_path);
	ui.history_path = NULL;
}

static int interactive_tty(struct session *s)
{
	rl_catch_signals = 0;   /* signals come through the loop's signalfd */
	rl_catch_sigwinch = 0;
	rl_readline_name = "lockstep";
	rl_attempted_completion_function = completer;
	history_open();
	session_print(s, OUT_TEXT, "lockstep: type list to see the lessons, open LESSON to start, help for commands.");
	char *p = prompt_text();
	rl_callback_handler_install(p, on_readline);
	free(p);
	ui.readline_on = true;
	loop_watch_fd(s->loop, STDIN_FILENO, on_tty_input, NULL);
	while (!s->quit)
		loop_run_once(s->loop, -1);
	if (ui.readline_on)
		rl_callback_handler_remove();
	ui.readline_on = false;
	loop_unwatch_fd(s->loop, STDIN_FILENO);
	session_shutdown(s, 5000);
	history_save();
	return ui.exit_status;
}

/* Lines from a pipe or file: each is performed once the one before it,
 * and any run it started, is done, like a script. */
static struct {
	struct strbuf buf;
	bool eof;
	bool watching;
} in;

static void on_pipe_input(void *ctx, int fd)
{
	(void)ctx;
	char chunk[4096];
	ssize_t n = read(fd, chunk, sizeof chunk);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		in.eof = true;
		loop_unwatch_fd(ui.s->loop, fd);
		in.watching = false;
		return;
	}
	strbuf_add(&in.buf, chunk, (size_t)n);
}

static void perform_buffered(struct session *s)
{
	while (!session_busy(s) && !s->quit) {
		char *nl = memchr(in.buf.buf, '\n', in.buf.len);
		if (!nl && !(in.eof && in.buf.len))
			return;
		size_t n = nl ? (size_t)(nl - in.buf.buf) : in.buf.len;
		char *line = xstrndup(in.buf.buf, n);
		size_t used = nl ? n + 1 : n;
		memmove(in.buf.buf, in.buf.buf + used, in.buf.len - used);
		in.buf.len -= used;
		in.buf.buf[in.buf.len] = '\0';
		cmd_execute(s, line);
		free(line);
	}
}

static int interactive_pipe(struct session *s)
{
	strbuf_init(&in.buf);
	while (!s->quit) {
		perform_buffered(s);
		if (s->quit)
			break;
		bool want = !in.eof && !session_busy(s);
		if (want && !in.watching)
			loop_watch_fd(s->loop, STDIN_FILENO, on_pipe_input, NULL);
		else if (!want && in.watching)
			loop_unwatch_fd(s->loop, STDIN_FILENO);
		in.watching = want;
		if (in.eof && !in.buf.len && !session_busy(s))
			break;
		loop_run_once(s->loop, -1);
	}
	strbuf_release(&in.buf);
	session_shutdown(s, 5000);
	if (ui.exit_status)
		return ui.exit_status;
	return s->last_status;
}

int ui_plain_interactive(struct session *s)
{
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return interactive_tty(s);
	return interactive_pipe(s);
}
