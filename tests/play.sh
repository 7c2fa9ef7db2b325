#!/usr/bin/env bash
# tests/play.sh SCRIPT: play a lesson's presenter script with --auto, as a
# test: it must pass, and leave nothing behind.
. "$(dirname "$0")/lib.sh"
play=$1
log=$WORK/play.out
if timeout 600 "$LOCKSTEP" --play "$play" --auto >"$log" 2>&1; then
	ok "$play plays with --auto"
else
	sed 's/^/#   /' "$log" | tail -n 60
	not_ok "$play plays with --auto (status $?)"
fi
assert_clean "$play"
finish
