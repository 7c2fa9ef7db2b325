#!/usr/bin/env bash
# The full-screen front end, end to end, through tmux: open a lesson, run a
# demo, watch the tree, pause and resume with F2, resize during the run,
# complete a parameter with Tab, Ctrl-C, quit; then the terminal is as it
# was and nothing is left running.
. "$(dirname "$0")/lib.sh"

start_tui
expect_screen "the shell starts full-screen" "lockstep>.*$|F1 help"
type_line "open fork"
expect_screen "open shows the lesson in its pane" "fork: one process becomes two"
expect_screen "the prompt names the lesson and step" "fork 1/8>"

type_line "run fork-tree depth=3 hold=30"
expect_screen "the tree shows the demo" "fork-tree\\([0-9]+\\)" 10
# All eight appear within a few samples; count until they have (or 10 s).
for i in $(seq 100); do
	n=$(screen | grep -Ec "fork-tree\\([0-9]+\\)")
	[ "$n" -ge 8 ] && break
	sleep 0.1
done
check "the tree lists 8 fork-tree processes ($n)" test "$n" -ge 8

keys F2
expect_screen "F2 pauses: the states read stopped" "fork-tree\\([0-9]+\\) stopped" 5
expect_screen "the view says it is paused" "paused"
keys F2
expect_screen "F2 again resumes" "fork-tree\\([0-9]+\\) sleeping" 5

tmx resize-window -x 60 -y 20
expect_screen "a narrow window still draws the panes" "fork 1/8>" 5
tmx resize-window -x 40 -y 10
expect_screen "too small a window says so" "needs at least" 5
tmx resize-window -x 160 -y 50
expect_screen "a large window draws side by side" "fork-tree\\([0-9]+\\)" 5

keys C-c
expect_screen "Ctrl-C stops the demo" "stopped fork/fork-tree" 10

tmx send-keys -l "run fork-wait ch"
keys Tab
expect_screen "Tab completes a parameter name" "run fork-wait children=" 5
keys C-u
keys C-c
type_line "quit"
status=$(wait_exit 10)
check "quit exits with status 0 ($status)" test "$status" = 0
# The window was resized on purpose: compare the modes, not the size.
sed -i 's/rows [0-9]*; columns [0-9]*;//' "$WORK/stty.before" "$WORK/stty.after"
if cmp -s "$WORK/stty.before" "$WORK/stty.after"; then
	ok "the terminal modes are as they were (stty -a)"
else
	not_ok "the terminal modes changed:"; diff "$WORK/stty.before" "$WORK/stty.after" | sed 's/^/#   /'
fi
check "nothing on stderr" test ! -s "$WORK/stderr"
tmx kill-server 2>/dev/null
assert_clean "the full-screen session"
finish
