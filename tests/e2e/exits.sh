#!/usr/bin/env bash
# Every way out of the full screen while a demo runs: end of input, SIGTERM,
# SIGHUP, and a crash of the shell itself (SIGSEGV, SIGABRT). Each time the
# terminal's modes must be as they were, the shell must end the way that
# signal says, and the keeper must still clean up the demo.
. "$(dirname "$0")/lib.sh"

# The pid of lockstep in the pane: the wrapper script's child.
shell_pid() {
	local pane
	pane=$(tmx display-message -p '#{pane_pid}')
	pgrep -P "$pane" -x lockstep
}

# way NAME ACTION EXPECTED_STATUS: start, run a demo, leave by ACTION.
way() {
	local name=$1 action=$2 want=$3 pid status
	start_tui
	wait_screen "F1 help" 10 || { not_ok "$name: the shell did not start"; tmx kill-server; return; }
	type_line "run fork/fork-tree depth=3 hold=30"
	wait_screen "fork-tree\\([0-9]+\\) sleeping" 10
	pid=$(shell_pid)
	case $action in
	eof) keys C-d ;;
	*) kill -s "$action" "$pid" ;;
	esac
	status=$(wait_exit 10)
	check "$name: the shell ends with status $want ($status)" test "$status" = "$want"
	sed -i 's/rows [0-9]*; columns [0-9]*;//' "$WORK/stty.before" "$WORK/stty.after"
	if cmp -s "$WORK/stty.before" "$WORK/stty.after"; then
		ok "$name: the terminal modes are as they were"
	else
		not_ok "$name: the terminal modes changed:"
		diff "$WORK/stty.before" "$WORK/stty.after" | sed 's/^/#   /'
	fi
	# The screen was left: rmcup brought back what was there before.
	check "$name: the full screen is gone" bash -c "! tmux -L '$SOCK' capture-pane -p | grep -q 'F1 help'"
	tmx kill-server 2>/dev/null
	assert_clean "$name" "$pid"
}

way "end of input (Ctrl-D) during a run" eof 0
way "SIGTERM during a run" TERM 143
way "SIGHUP during a run" HUP 129
way "a crash of the shell (SIGSEGV)" SEGV 139
way "a failed assertion in the shell (SIGABRT)" ABRT 134
finish
