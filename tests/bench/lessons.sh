#!/usr/bin/env bash
# The lessons' own figures (issue 5), each beside its target or reference.
# The demos run bare, outside lockstep, as built by make; the references
# from ../shared/anchors are built and run in the same bench.
set -u
cd "$(dirname "$0")/../.."
B=${BUILD:-build}
D=$B/demos
A=../shared/anchors

echo "-- lost updates, race/balance at its defaults, 20 runs: $D/race/balance"
lost=0
for i in $(seq 20); do "$D/race/balance" | grep -q 'updates were lost' && lost=$((lost + 1)); done
echo "   lost updates in $lost of 20 runs (target: at least 19)"

anchors=""
if [ -d "$A" ] && make -s -C "$A" OUT="$PWD/$B/anchors" >/dev/null 2>&1; then anchors=$B/anchors; fi
echo "-- lock costs: $D/race/balance lock=all loops=2000000, then $A locks 2000000 (same run)"
"$D/race/balance" lock=all loops=2000000 | sed 's/^/   /'
if [ -n "$anchors" ]; then "$anchors/locks" 2000000 | sed 's/^/   anchor: /'
else echo "   (no $A to compare with)"; fi

echo "-- GIL-like lock, 2 threads, 2 s per part: $D/gil/gil seconds=2 [gil=off|mode=processes]"
echo "   targets: lock on: CPU <= ~120%, work <= 1.1x one thread; off or processes: ~200%, >= 1.8x"
for args in "" "gil=off" "mode=processes" "interval=50"; do
	out=$("$D/gil/gil" seconds=2 $args)
	echo "   ${args:-gil=on}: $(echo "$out" | sed -n 's/^2 [a-z]*: *//p' | head -1); $(echo "$out" | sed -n 's/^2 [a-z]* did \([0-9.]*x\).*/\1 the work of one thread/p')"
done
out=$("$D/gil/gil" seconds=2 io=on)
echo "   io=on, server response under the lock: $(echo "$out" | sed -n 's/^2 threads: .*server answers in \(.*\)/\1/p')"
out=$("$D/gil/gil" seconds=2 io=on gil=off)
echo "   io=on gil=off, without it:             $(echo "$out" | sed -n 's/^2 threads: .*server answers in \(.*\)/\1/p')"
if [ -n "$anchors" ]; then
	echo "   anchor: $anchors/gil 1 (K=10000 global-mutex and no-lock, N=2):"
	"$anchors/gil" 1 | grep -E '^K=10000 (global-mutex|no-lock) +N=2' | sed 's/^/   anchor: /'
fi

echo "-- pool speedup, CPU-bound tasks: $D/pool/pool-speedup max=4 (3 runs)"
for i in 1 2 3; do
	"$D/pool/pool-speedup" max=4 | sed -n 's/^\([124]\) workers\{0,1\}: *[0-9.]* s, speedup \([0-9.]*\).*/\1:\2/p' | paste -sd' ' | sed 's/^/   workers:speedup  /'
done
