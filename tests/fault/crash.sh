#!/usr/bin/env bash
# Drill: a demo that crashes, in its main process and in a child.
. "$(dirname "$0")/../lib.sh"
out=$WORK/crash.out
"$LOCKSTEP" --lessons "$FAULT_LESSONS" run fault/crash >"$out" 2>&1
status=$?
check "a crashed demo: lockstep exits 128+SIGSEGV ($status)" test "$status" -eq 139
check "a crashed demo: the crash is said plainly" \
	grep -Eq "process [0-9]+ \(crash\) was killed by SIGSEGV \(segmentation fault\)" "$out"
assert_clean "a crashed demo"

"$LOCKSTEP" --lessons "$FAULT_LESSONS" run fault/crash in=child >"$out" 2>&1
status=$?
check "a crashed child: the demo itself exits 0 ($status)" test "$status" -eq 0
check "a crashed child: its parent saw the signal" grep -q "was killed by signal 11" "$out"
assert_clean "a crashed child"
finish
