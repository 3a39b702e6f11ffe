#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The benchmark must keep working: a short fwd_1 run has to print a BENCH
# line with a non-zero rate. (Numbers are not judged here; see scripts/bench.sh.)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$(BENCH_SECONDS=3 "$top/scripts/bench.sh" fwd_1)
echo "$out"
awk '/^BENCH name=fwd_1 / { for (i = 2; i <= NF; i++) { split($i, kv, "=");
	if (kv[1] == "mpps" && kv[2] + 0 > 0) m = 1; if (kv[1] == "ceiling_mpps" && kv[2] + 0 > 0) c = 1 } }
	END { exit !(m && c) }' <<<"$out"
