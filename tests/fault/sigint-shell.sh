#!/usr/bin/env bash
# Drill: SIGINT (Ctrl-C) to the shell during a run stops the run, not
# (in a session) the shell.
. "$(dirname "$0")/../lib.sh"

# One-shot: the run stops, lockstep exits 130.
out=$WORK/oneshot.out
"$LOCKSTEP" run fork/fork-tree depth=4 hold=30 >"$out" 2>&1 &
shell=$!
if wait_for "$out" "one of 16|16 processes" 10; then
	kill -INT "$shell"
	wait "$shell"
	status=$?
	check "SIGINT during a one-shot run: exit status 130 ($status)" test "$status" -eq 130
	check "SIGINT during a one-shot run: it says it stopped" grep -q "stopped fork/fork-tree" "$out"
else
	kill -9 "$shell"
	not_ok "SIGINT during a one-shot run: fork-tree never started"
fi
assert_clean "SIGINT during a one-shot run" "$shell"

# A session reading commands: the run stops and the next command still runs.
out=$WORK/session.out
fifo=$WORK/in.fifo
mkfifo "$fifo"
"$LOCKSTEP" --plain <"$fifo" >"$out" 2>&1 &
shell=$!
exec 3>"$fifo"
echo "run fork/fork-tree depth=4 hold=30" >&3
if wait_for "$out" "one of 16|16 processes" 10; then
	kill -INT "$shell"
	wait_for "$out" "stopped fork/fork-tree" 10
	echo "params fork/fork-wait" >&3
	check "SIGINT in a session: the shell goes on to the next command" wait_for "$out" "^children " 10
fi
exec 3>&-
rm -f "$fifo"
wait "$shell"
status=$?
check "SIGINT in a session: the shell ends normally at end of input ($status)" test "$status" -eq 0
assert_clean "SIGINT in a session" "$shell"
finish
