#!/usr/bin/env bash
# Runs every test of every kind and ends with one line: "N passed, N failed".
#   unit      tests/unit (cmocka), each binary's summary counted
#   playback  every lessons/*/present.play, played with --auto
#   cli       tests/cli/*.sh (the command line, bad input)
#   fault     tests/fault/*.sh (kill and crash drills)
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
passed=0
failed=0
summary=()

# Under `make asan`, every sanitizer report from any test goes to a file,
# so one in a shell-level test cannot pass unseen.
if [ "${ASAN:-0}" = 1 ]; then
	sanlogs=$(mktemp -d /tmp/lockstep-asan.XXXXXX)
	export ASAN_OPTIONS="log_path=$sanlogs/asan:detect_leaks=1"
	export UBSAN_OPTIONS="log_path=$sanlogs/ubsan:print_stacktrace=1"
fi

# count_tap NAME OUTPUT STATUS: count "ok"/"not ok" lines of a script test.
count_tap() {
	local name=$1 out=$2 status=$3 p f
	p=$(grep -c '^ok ' <<<"$out")
	f=$(grep -c '^not ok ' <<<"$out")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # it died without saying why
		echo "not ok - $name exited with status $status"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	summary+=("$(printf '%-28s %3d passed, %d failed' "$name" "$p" "$f")")
}

echo "== unit tests (cmocka)"
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	out=$(timeout 300 "$t" 2>&1)
	status=$?
	echo "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' <<<"$out" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p))
	failed=$((failed + f))
	summary+=("$(grep -E '^\[  (PASSED|FAILED)  \] [0-9]+ test' <<<"$out" | sed "s|^|$(basename "$t"): |" | tr '\n' ' ')")
done

echo "== lesson playback (--auto)"
for play in lessons/*/present.play; do
	[ -f "$play" ] || continue
	out=$(bash tests/play.sh "$play" 2>&1)
	status=$?
	echo "$out"
	count_tap "$play" "$out" "$status"
done

for kind in cli fault e2e; do
	echo "== $kind tests"
	for t in tests/$kind/*.sh; do
		[ -f "$t" ] && [ "$(basename "$t")" != lib.sh ] || continue
		out=$(timeout 600 bash "$t" 2>&1)
		status=$?
		echo "$out"
		count_tap "$t" "$out" "$status"
	done
done

if [ "${ASAN:-0}" = 1 ]; then
	echo "== sanitizer reports"
	if [ -z "$(ls -A "$sanlogs")" ]; then
		count_tap "sanitizers" "ok - no sanitizer reports" 0
		echo "ok - no sanitizer reports"
	else
		head -n 60 "$sanlogs"/* | sed 's/^/#   /'
		count_tap "sanitizers" "not ok - sanitizer reports in $sanlogs" 1
		echo "not ok - sanitizer reports (kept in $sanlogs)"
	fi
	[ -z "$(ls -A "$sanlogs")" ] && rmdir "$sanlogs"
fi

echo
echo "== summary"
for line in "${summary[@]}"; do
	echo "$line"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
