#!/usr/bin/env bash
# Bad input to commands: one line saying what was expected, status 1 or 2,
# and nothing runs.
. "$(dirname "$0")/../lib.sh"

expect_error() {
	local name=$1 want=$2 line=$3; shift 3
	local err=$WORK/err status
	"$LOCKSTEP" "$@" >"$WORK/out" 2>"$err" </dev/null
	status=$?
	if [ "$status" -ne "$want" ]; then
		not_ok "$name: exit status $status, expected $want"; sed 's/^/#   /' "$err"; return
	fi
	if [ "$(cat "$err")" != "lockstep: $line" ]; then
		not_ok "$name: expected 'lockstep: $line', got:"; sed 's/^/#   /' "$err"; return
	fi
	ok "$name"
}

expect_error "unknown demo" 1 "unknown demo 'fork/nope' (see list for the demos)" run fork/nope
expect_error "unknown short demo" 1 "unknown demo 'nope' (see list for the demos)" run nope
expect_error "unknown parameter" 1 "unknown parameter 'kids' for fork-wait (expected one of children, delay, crash)" run fork/fork-wait kids=3
expect_error "value out of range" 1 "children: expected a whole number from 1 to 16, got '99'" run fork/fork-wait children=99
expect_error "value not a number" 1 "children: expected a whole number from 1 to 16, got 'three'" run fork/fork-wait children=three
expect_error "not KEY=VALUE" 1 "expected KEY=VALUE, got 'fast' (try: params fork-wait)" run fork/fork-wait fast
expect_error "depth past the cap" 1 "depth: expected a whole number from 1 to 6, got '7'" run fork/fork-tree depth=7
# The list is every lesson folder's id, in order.
ids=$(ls -d lessons/[0-9][0-9]-*/ | sed 's|lessons/[0-9]*-||; s|/$||' | paste -sd, | sed 's/,/, /g')
expect_error "unknown lesson" 1 "unknown lesson 'sockets' (expected one of: $ids)" open sockets
expect_error "params of an unknown demo" 1 "unknown demo 'fork/x' (see list for the demos)" params fork/x
expect_error "too many arguments" 2 "usage: open LESSON" open fork extra
expect_error "stop with nothing running" 1 "no demo is running, so there is nothing to stop" stop
expect_error "tree with nothing running" 1 "no demo is running (start one with run)" tree
expect_error "next with no lesson" 1 "no lesson is open (open one with: open LESSON; list shows them)" next
expect_error "run with no lesson" 1 "no lesson is open, so there is no step to run (run DEMO, or open LESSON)" run
assert_clean "bad input started nothing"

# The malformed lessons: check reports every problem as file:line, exit 1.
cd "$ROOT"
"$LOCKSTEP" check tests/fixtures/lessons-bad >"$WORK/out" 2>&1
status=$?
check "check of malformed lessons exits 1 ($status)" test "$status" -eq 1
grep -v '^checked ' "$WORK/out" >"$WORK/got"
if diff -u tests/fixtures/lessons-bad/expected.txt "$WORK/got" >"$WORK/diff"; then
	ok "check prints exactly the expected file:line messages"
else
	not_ok "check prints exactly the expected file:line messages"; sed 's/^/#   /' "$WORK/diff"
fi
# Run lines naming real demos wrongly, as the shell's own checker sees them.
"$LOCKSTEP" check tests/fixtures/lessons-badrun >"$WORK/out" 2>&1
check "check of bad run lines exits 1 ($?)" test $? -eq 1
grep -v '^checked ' "$WORK/out" >"$WORK/got"
if diff -u tests/fixtures/lessons-badrun/expected.txt "$WORK/got" >"$WORK/diff"; then
	ok "check names the bad parameter, value, demo or command of each run line"
else
	not_ok "check names the bad parameter, value, demo or command of each run line"; sed 's/^/#   /' "$WORK/diff"
fi
"$LOCKSTEP" check lessons >"$WORK/out" 2>&1
check "the shipped lessons check clean" test $? -eq 0
# The shell still starts with bad lessons and lists them with their errors.
"$LOCKSTEP" --lessons tests/fixtures/lessons-bad list >"$WORK/out" 2>&1
check "list with malformed lessons still works" test $? -eq 0
check "list names the lessons that did not load" grep -q "did not load" "$WORK/out"
finish
