#!/usr/bin/env bash
# Drill: a runaway fork loop is stopped by the keeper's process cap, even
# when its children leave the process group.
. "$(dirname "$0")/../lib.sh"
for escape in 0 1; do
	out=$WORK/bomb$escape.out
	timeout 60 "$LOCKSTEP" --lessons "$FAULT_LESSONS" run fault/forkbomb escape=$escape >"$out" 2>&1
	status=$?
	check "runaway fork (escape=$escape): lockstep exits 1 ($status)" test "$status" -eq 1
	check "runaway fork (escape=$escape): the message names the cap" \
		grep -q "went over its cap of 32 processes" "$out"
	assert_clean "runaway fork (escape=$escape)"
done
finish
