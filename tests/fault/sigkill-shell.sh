#!/usr/bin/env bash
# Drill: the shell is killed by SIGKILL mid-run; its keepers must clean up.
. "$(dirname "$0")/../lib.sh"

# fork-tree depth=6: 64 processes, then the shell dies without a word.
out=$WORK/tree.out
"$LOCKSTEP" run fork/fork-tree depth=6 hold=30 >"$out" 2>&1 &
shell=$!
if wait_for "$out" "one of 64|64 processes" 20; then
	sleep 0.3
	kill -9 "$shell"
	wait "$shell" 2>/dev/null
	ok "SIGKILL during fork-tree depth=6: 64 processes ran, shell killed"
else
	kill -9 "$shell"
	not_ok "SIGKILL during fork-tree depth=6: the processes never showed"
fi
assert_clean "SIGKILL of the shell during fork-tree depth=6" "$shell"

# A demo holding shared memory, a semaphore, a message queue, a temp file
# and a child in a session of its own.
out=$WORK/ipc.out
"$LOCKSTEP" --lessons "$FAULT_LESSONS" run fault/ipc-hog >"$out" 2>&1 &
shell=$!
if wait_for "$out" "ipc-hog: ready" 10; then
	runid=$(sed -n 's/.*(run \([0-9-]*\),.*/\1/p' "$out" | head -n 1)
	check "ipc-hog made its shared memory" test -e "/dev/shm/lockstep-$runid-shm"
	kill -9 "$shell"
	wait "$shell" 2>/dev/null
	assert_clean "SIGKILL of the shell during ipc-hog" "$shell"
	check "the run's message queue, semaphore and shared memory are gone" \
		env LOCKSTEP_RUN_ID="$runid" "$BUILD_DIR/test-demos/fault/ipc-hog" mode=check
else
	kill -9 "$shell"
	not_ok "ipc-hog never became ready"
fi
finish
