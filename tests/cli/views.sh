#!/usr/bin/env bash
# The views as text in line mode, fed by a real run: a pool of two worker
# threads on a bounded queue (tests/fixtures/lessons-fault/01-fault/pool.c)
# reports its tasks, the queue's depth and a metric.
. "$(dirname "$0")/../lib.sh"

# has NAME REGEX: a line of the output matches
has() { check "$1" grep -Eq -- "$2" "$WORK/out"; }

"$LOCKSTEP" --lessons "$FAULT_LESSONS" run fault/pool workers=2 jobs=6 ms=50 >"$WORK/out" 2>&1 </dev/null
check "a pool run exits 0 ($?)" test $? -eq 0
has "the run ends with its metrics table" "^time +done$"
has "... and their summary" "^done +1 jobs +3\.50 jobs +6 jobs +6 jobs +6$"
has "worker 1's tasks, in order" "^worker 1 \(tid [0-9]+\): task [12] [0-9]+\.[0-9]{2}–[0-9]+\.[0-9]{2} s, task [0-9] "
has "worker 2's tasks" "^worker 2 \(tid [0-9]+\): task [0-9] "
has "how long the tasks waited in the queue" "^waited: task 1 0\.00–[0-9]+\.[0-9]{2} s, .*task 6 [0-9]+\.[0-9]{2}–[0-9]+\.[0-9]{2} s$"
has "the queue is empty at the end" "^queue jobs: 0 of 4  \[\.\.\.\.\]  max [1-4]$"
n=$(grep -Eo "task [0-9]+ [0-9.]+–[0-9.]+ s" "$WORK/out" | grep -c .)
check "six tasks ran and six waited ($n spans)" test "$n" -eq 12
assert_clean "a pool run"

# In a session the last run's views can be printed one by one, and a view
# that does not exist is refused with what would have been right.
printf 'run fault/pool workers=2 jobs=6 ms=100\nview timeline\nview queue\nview meters\nview graph\nview tree\nview gantt\nview\n' |
	"$LOCKSTEP" --plain --lessons "$FAULT_LESSONS" >"$WORK/out" 2>&1
has "view timeline prints the lanes" "^worker 2 \(tid [0-9]+\): task"
has "view queue prints the queue" "^queue jobs: 0 of 4"
has "view meters prints the cores" "^cpu0 +([0-9]+%|not measured yet)"
has "... and says the run's threads are gone" "^demo: no threads \([0-9]+ cores?\)$"
has "view graph prints the metric over time, every 0.1 s" "^0\.2s +[0-9] jobs$"
has "view tree prints the last run's tree" "^└─ pool\([0-9]+\) exited with status 0$"
has "an unknown view is refused in one line" "unknown view 'gantt' \(expected tree, meters, graph, timeline or queue\)"
has "view alone names the current one, then prints it" "^view: tree \(views: tree, meters, graph, timeline, queue\)$"
assert_clean "a session's views"
finish
