#!/usr/bin/env bash
# Drill: `stop` while fork-tree's processes are all alive.
. "$(dirname "$0")/../lib.sh"
cat > "$WORK/stop.play" <<'PLAY'
$ run fork/fork-tree depth=5 hold=30
expect /fork-tree: .*32 processes|one of 32/ within 10
sleep 0.5
$ stop
wait within 10
PLAY
out=$WORK/stop.out
timeout 60 "$LOCKSTEP" --play "$WORK/stop.play" --auto >"$out" 2>&1
check "stop during fork-tree: the script passes" test $? -eq 0
check "stop during fork-tree: the run says it was stopped" grep -q "stopped fork/fork-tree" "$out"
n=$(grep -c "pid=" "$out")
check "stop during fork-tree: all 32 processes had started ($n)" test "$n" -ge 32
assert_clean "stop during fork-tree"
finish
