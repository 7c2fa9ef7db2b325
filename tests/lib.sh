# tests/lib.sh: helpers for the shell-level tests (cli, fault drills).
# Each test prints TAP-style lines, "ok - what" or "not ok - what", which
# tests/run-tests.sh counts; a script that dies without saying counts as one
# failure.
#
# Every script gets its own TMPDIR, so the runs it starts make their temp
# dirs there and their processes carry it in their environment: that is how
# assert_clean finds anything a run left behind. Scratch files go in WORK.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$ROOT/${BUILD:-build}
LOCKSTEP=$BUILD_DIR/lockstep
export LOCKSTEP_DEMOS=$BUILD_DIR/test-demos:$BUILD_DIR/demos
export LOCKSTEP_LESSONS=$ROOT/lessons
FAULT_LESSONS=$ROOT/tests/fixtures/lessons-fault
# WORK holds the test's own files; TMPDIR, inside it, only what runs make.
WORK=$(mktemp -d /tmp/lockstep-test.XXXXXX)
export TMPDIR=$WORK/tmp
mkdir "$TMPDIR"
export XDG_STATE_HOME=$WORK/state
unset LOCKSTEP_EVENTS
failures=0

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failures=$((failures + 1)); }

# check NAME COMMAND...: ok if the command succeeds
check() {
	local name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# Processes of this test's runs: their binary is under the build dir and
# their environment has this test's TMPDIR.
run_procs() {
	local p exe
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		case $exe in "$BUILD_DIR"/*) ;; *) continue ;; esac
		tr '\0' '\n' < "$p/environ" 2>/dev/null | grep -qx "TMPDIR=$TMPDIR" || continue
		echo "${p#/proc/} $(cat "$p/comm" 2>/dev/null)"
	done
}

# Zombies of demos and keepers anywhere (their exe can no longer be read).
run_zombies() {
	local f
	for f in /proc/[0-9]*/stat; do
		read -r line < "$f" 2>/dev/null || continue
		case $line in
		*") Z "*) ;;
		*) continue ;;
		esac
		case $line in
		*"(keeper)"*|*"(fork-"*|*"(orphan)"*|*"(crash)"*|*"(forkbomb)"*|*"(ipc-hog)"*|*"(stubborn)"*)
			echo "${line%% *}" ;;
		esac
	done
}

# assert_clean NAME [SHELL_PID]: within 5 s, no process, zombie, temp dir or
# IPC object of this test's runs is left.
assert_clean() {
	local name=$1 shellpid=${2:-} i procs zombies files ipc
	for i in $(seq 50); do
		procs=$(run_procs)
		zombies=$(run_zombies)
		files=$(ls -A "$TMPDIR")
		ipc=
		[ -n "$shellpid" ] && ipc=$(ls /dev/shm 2>/dev/null | grep -E "^(sem\.)?lockstep-$shellpid-")
		[ -z "$procs$zombies$files$ipc" ] && { ok "$name: nothing left behind"; return 0; }
		sleep 0.1
	done
	not_ok "$name: left behind: processes [$procs] zombies [$zombies] files [$files] ipc [$ipc]"
}

# wait_for FILE REGEX [SECONDS]: until a line of FILE matches.
wait_for() {
	local file=$1 re=$2 secs=${3:-10} i
	for i in $(seq $((secs * 20))); do
		grep -Eq "$re" "$file" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "# timed out waiting for /$re/ in $file:" >&2
	sed 's/^/#   /' "$file" >&2
	return 1
}

finish() {
	rm -rf "$WORK"
	exit $((failures > 0))
}
