#!/usr/bin/env bash
# The command line: --help, --version, bad options and unknown commands.
. "$(dirname "$0")/../lib.sh"

# expect_line NAME STATUS PATTERN COMMAND...: the command exits STATUS and
# prints exactly one line on stderr, matching PATTERN.
expect_line() {
	local name=$1 want=$2 pat=$3; shift 3
	local err=$WORK/err out=$WORK/out status
	"$@" >"$out" 2>"$err" </dev/null
	status=$?
	if [ "$status" -ne "$want" ]; then
		not_ok "$name: exit status $status, expected $want"; sed 's/^/#   /' "$err"; return
	fi
	if [ "$(wc -l <"$err")" -ne 1 ] || ! grep -Eq -- "$pat" "$err"; then
		not_ok "$name: expected one line like /$pat/ on stderr, got:"; sed 's/^/#   /' "$err"; return
	fi
	ok "$name"
}

"$LOCKSTEP" --help >"$WORK/help" 2>&1
check "--help exits 0" test $? -eq 0
check "--help gives the synopsis" grep -q "lockstep \[OPTIONS\] --play FILE \[--auto\] \[--speed X\]" "$WORK/help"
check "--version prints the version" bash -c "'$LOCKSTEP' --version | grep -Eq '^lockstep [0-9]+\.[0-9]+\.[0-9]+$'"

expect_line "unknown option" 2 "^lockstep: unknown option '--frobnicate' \(see lockstep --help\)$" "$LOCKSTEP" --frobnicate
expect_line "unknown command" 2 "^lockstep: unknown command 'dance' \(type help for the list\) \(see lockstep --help\)$" "$LOCKSTEP" dance
expect_line "ambiguous command" 2 "^lockstep: ambiguous command 's' \(could be show, step, stop\)" "$LOCKSTEP" s
expect_line "--lessons without a value" 2 "^lockstep: --lessons needs a value" "$LOCKSTEP" --lessons
expect_line "--auto without --play" 2 "^lockstep: --auto works only with --play FILE" "$LOCKSTEP" --auto list
expect_line "--speed out of range" 2 "^lockstep: --speed: expected a number from 0.1 to 10, got '99'" "$LOCKSTEP" --play x --speed 99
expect_line "--play with a command" 2 "^lockstep: --play takes no command, got 'list'" "$LOCKSTEP" --play x list
expect_line "a missing lessons folder" 1 "^lockstep: cannot (open|read) .*nowhere" "$LOCKSTEP" --lessons "$WORK/nowhere" list
expect_line "a missing play script" 2 "cannot open '.*/none.play'" "$LOCKSTEP" --play "$WORK/none.play" --auto

# A bad play script is reported as file:line before anything runs.
printf '$ list\nexpect /x/ within soon\ndance\n' >"$WORK/bad.play"
"$LOCKSTEP" --play "$WORK/bad.play" --auto >"$WORK/out" 2>"$WORK/err"
status=$?
check "a bad play script exits 2 ($status)" test "$status" -eq 2
check "a bad play script: the bad within is located" \
	grep -q "bad.play:2: expect: expected 'within SECONDS' after the pattern, got ' within soon'" "$WORK/err"
check "a bad play script: the unknown directive is located" \
	grep -q "bad.play:3: unknown directive 'dance' (expected \$ COMMAND, \$! COMMAND, say, pause, sleep, speed, expect, rewind or wait)" "$WORK/err"
check "a bad play script: nothing ran" test ! -s "$WORK/out"

# A failed expect: file:line: expected ... got ..., status 1.
printf '$ help\nexpect /no such text/ within 0.2\n' >"$WORK/fail.play"
"$LOCKSTEP" --play "$WORK/fail.play" --auto >"$WORK/out" 2>"$WORK/err"
status=$?
check "a failed expect exits 1 ($status)" test "$status" -eq 1
check "a failed expect says file:line: expected ... got ..." \
	grep -Eq "fail.play:2: expected /no such text/ within 0.2 s, got '.+'" "$WORK/err"
finish
