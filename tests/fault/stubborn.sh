#!/usr/bin/env bash
# Drill: stop a demo that ignores SIGINT and SIGTERM: SIGKILL must follow.
. "$(dirname "$0")/../lib.sh"
cat > "$WORK/stubborn.play" <<'PLAY'
$ run fault/stubborn
expect /ignoring SIGINT and SIGTERM/ within 5
$ stop
expect /sending SIGTERM/ within 2
expect /sending SIGKILL/ within 2
wait within 5
PLAY
out=$WORK/stubborn.out
timeout 30 "$LOCKSTEP" --lessons "$FAULT_LESSONS" --play "$WORK/stubborn.play" --auto >"$out" 2>&1
status=$?
check "stop escalates from SIGINT to SIGTERM to SIGKILL (status $status)" test "$status" -eq 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$out"
assert_clean "a demo that ignores SIGINT and SIGTERM"
finish
