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
#include "complete.h"
#include "history.h"

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
	history_note(line);
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

static int interactive_tty(struct session *s)
{
	rl_catch_signals = 0;   /* signals come through the loop's signalfd */
	rl_catch_sigwinch = 0;
	rl_readline_name = "lockstep";
	complete_install(s);
	history_load();
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
	history_store();
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
