#!/usr/bin/env bash
# make bench: figures, not pass/fail. Each line says what was measured and
# against what; run it again to see the spread on a shared machine.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
export LOCKSTEP_DEMOS=$PWD/$B/demos
echo "== lockstep benchmarks ($(nproc) CPUs, $(uname -r))"
echo "-- start to prompt: $B/bench/bench_start $B/lockstep 20"
"$B/bench/bench_start" "$B/lockstep" 20
echo "-- one full sample of a 1,000-thread demo tree: $B/bench/bench_sample"
"$B/bench/bench_sample"
echo "-- sampling + drawing the tree at 10 Hz against htop -d 1: $B/bench/bench_live $B/test-demos/fault/tree-load"
if command -v htop >/dev/null; then :; else echo "(htop is not installed: make bench installs it when run as root)"; fi
"$B/bench/bench_live" "$B/test-demos/fault/tree-load"
echo "-- probe event throughput through the runner, 4 processes: $B/bench/bench_events 4 250000"
for i in 1 2 3; do "$B/bench/bench_events" 4 250000; done
echo "-- start to first screen, keystroke to echo (200 keys) through tmux, against bash's readline:"
echo "   $B/bench/bench_keys '$B/lockstep' 'run fault/spin threads=2' 'bash --norc'"
LS="env LOCKSTEP_DEMOS=$PWD/$B/test-demos:$PWD/$B/demos LOCKSTEP_LESSONS=$PWD/tests/fixtures/lessons-fault $PWD/$B/lockstep"
"$B/bench/bench_keys" "$LS" "run fault/spin threads=2" \
	"env -i TERM=tmux-256color PS1='ready> ' bash --norc --noprofile -i"
echo "-- the lessons (issue 5): tests/bench/lessons.sh"
BUILD=$B bash tests/bench/lessons.sh
