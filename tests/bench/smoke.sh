#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The benchmark must keep working: a short fwd_1 run has to print a BENCH
# line with a non-zero rate for bngd and for the testpmd ceiling. (Numbers
# are not judged here; see scripts/bench.sh.) One more try when a run
# measured nothing: testpmd's interactive timing can miss its window on a
# loaded machine.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
for try in 1 2; do
	out=$(BENCH_SECONDS=3 "$top/scripts/bench.sh" fwd_1)
	echo "$out"
	awk '/^BENCH name=fwd_1 / { for (i = 2; i <= NF; i++) { split($i, kv, "=");
		if (kv[1] == "mpps" && kv[2] + 0 > 0) m = 1; if (kv[1] == "ceiling_mpps" && kv[2] + 0 > 0) c = 1 } }
		END { exit !(m && c) }' <<<"$out" && exit 0
	echo "try $try measured nothing"
done
exit 1
