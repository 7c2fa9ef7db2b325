#!/usr/bin/env bash
# Step gates: `go N` lets one real thread of a demo run with step=on past
# the gate it waits at, so a lost update can be played out by hand; bad
# uses of go are refused in one line; a stepped run can still be stopped.
. "$(dirname "$0")/../lib.sh"

has() { check "$1" grep -Eq -- "$2" "$WORK/out"; }

"$LOCKSTEP" --lessons "$FAULT_LESSONS" --play "$ROOT/tests/fixtures/play/lost-update.play" --auto \
	>"$WORK/out" 2>&1 </dev/null
check "a lost update played by hand passes its script ($?)" test $? -eq 0
has "both threads loaded 0 before either stored" "^counter = 1 after 2 increments: 1 lost$"
assert_clean "a stepped run"

# Without step=on the gates cost nothing and stop nothing.
"$LOCKSTEP" --lessons "$FAULT_LESSONS" run fault/gates >"$WORK/out" 2>&1 </dev/null
has "without step=on the run goes straight through" "^counter = [12] after 2 increments"
check "... and no thread waits" bash -c "! grep -q 'waits at' '$WORK/out'"

# Misuses, each one line; then stop a run whose threads wait at gates.
cat >"$WORK/bad.play" <<'PLAY'
$! go
expect /^no demo is running, so no thread waits at a gate$/
$ run fault/gates step=on
expect /waits at load/ within 5
expect /^· thread 2 .*waits at load/ within 5
$! go
expect /^several threads wait at gates: say which, go N$/
$! go 3
expect /^go: expected a thread number from 1 to 2, got '3'$/
$! go x
expect /^go: expected a thread number from 1 to 2, got 'x'$/
$ go 1
expect /^· thread 1 goes past load$/
expect /^· thread 1 \(tid [0-9]+\) waits at add/ within 5
$ go 1
expect /^· thread 1 goes past add$/
expect /^· thread 1 \(tid [0-9]+\) waits at store/ within 5
$ go 1
expect /^tid [0-9]+: stored 1$/ within 5
$! go 1
expect /^thread 1 is not waiting at a gate$/
$ stop
expect /^■ stopped fault\/gates/ within 5
PLAY
"$LOCKSTEP" --lessons "$FAULT_LESSONS" --play "$WORK/bad.play" --auto >"$WORK/out" 2>&1 </dev/null
check "go's misuses are refused in one line, and stop ends a stepped run ($?)" test $? -eq 0
grep -q "bad.play:[0-9]*: expected" "$WORK/out" && sed 's/^/#   /' "$WORK/out"
assert_clean "a stepped run stopped while its threads wait"
finish
