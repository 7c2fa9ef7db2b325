# tests/e2e/lib.sh: drive the full-screen front end in a private tmux server.
# A test starts lockstep in a detached tmux window of a fixed size, with a
# clean environment, sends keys, and reads the screen back with
# capture-pane. The wrapper records `stty -a` before and after, and the exit
# status, so a test can check the terminal came back sane.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

SOCK=lockstep-e2e-$$
tmx() { tmux -L "$SOCK" -f /dev/null "$@"; }
# tmux leaves its socket file behind when the server is killed: remove it.
trap 'tmx kill-server 2>/dev/null; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"' EXIT

# start_tui [ARGS...]: lockstep in a 100x30 window.
start_tui() {
	cat >"$WORK/wrap.sh" <<WRAP
stty -a >"$WORK/stty.before"
env -i TERM="\$TERM" HOME="$WORK" LANG=C.UTF-8 LC_ALL=C.UTF-8 PATH=/usr/bin:/bin \
	TMPDIR="$TMPDIR" XDG_STATE_HOME="$WORK/state" \
	LOCKSTEP_DEMOS="$LOCKSTEP_DEMOS" LOCKSTEP_LESSONS="$LOCKSTEP_LESSONS" \
	"$LOCKSTEP" $* 2>"$WORK/stderr"
status=\$?
stty -a >"$WORK/stty.after"
echo \$status >"$WORK/status" # last: the test reads stty.after once this is there
sleep 600
WRAP
	rm -f "$WORK/status"
	tmx new-session -d -x "${E2E_W:-100}" -y "${E2E_H:-30}" "bash $WORK/wrap.sh"
}

screen() { tmx capture-pane -p; }

# wait_screen REGEX [SECONDS]: until the screen shows REGEX.
wait_screen() {
	local re=$1 secs=${2:-10} i
	for i in $(seq $((secs * 20))); do
		screen | grep -Eq -- "$re" && return 0
		sleep 0.05
	done
	echo "# timed out waiting for /$re/ on the screen:" >&2
	screen | sed 's/^/#   |/' >&2
	return 1
}

# expect_screen NAME REGEX [SECONDS]
expect_screen() {
	if wait_screen "$2" "${3:-10}"; then ok "$1"; else not_ok "$1"; fi
}

keys() { tmx send-keys "$@"; }
# type_line TEXT: type it and press Enter
type_line() { tmx send-keys -l "$1"; tmx send-keys Enter; }

# wait_exit [SECONDS]: until lockstep has exited; its status on stdout.
wait_exit() {
	local secs=${1:-10} i
	for i in $(seq $((secs * 20))); do
		[ -s "$WORK/status" ] && { cat "$WORK/status"; return 0; }
		sleep 0.05
	done
	echo "timeout"
	return 1
}
