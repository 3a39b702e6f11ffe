#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Replay benchmark: 64-byte UDP pcaps with 1, 10k and 1M flows through bngd
# (net_pcap infinite_rx in, net_null out) and, in the same run, through
# dpdk-testpmd --forward-mode=io on the same vdevs (the ceiling). Prints
#   BENCH name=<case> mpps=<bngd> ceiling_mpps=<testpmd> ratio=<bngd/testpmd> cycles_per_pkt=<pipeline>
#   BENCH name=session_memory bytes_per_session=<session table bytes / sessions at 1M sessions>
# Usage: scripts/bench.sh [fwd_1] [fwd_10k] [fwd_1m] [session_memory]   (none: all)
# Environment: BNGD (binary), BENCH_SECONDS (per run, default 6), BENCH_LCORES (default 0-1).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BNGD=${BNGD:-$top/build/app/bngd}
SECS=${BENCH_SECONDS:-6}
LCORES=${BENCH_LCORES:-0-1}
work=$(mktemp -d /tmp/bngbench.XXXXXX)
trap 'rm -rf "$work"' EXIT

[ -x "$BNGD" ] || { echo "bench: $BNGD not built (run: meson setup build && ninja -C build)" >&2; exit 1; }
command -v dpdk-testpmd >/dev/null || { echo "bench: dpdk-testpmd missing (apt-get install dpdk)" >&2; exit 1; }

cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(fwd_1 fwd_10k fwd_1m session_memory)

flows_of() {
	case "$1" in
	fwd_1) echo 1 ;;
	fwd_10k) echo 10000 ;;
	fwd_1m|session_memory) echo 1000000 ;;
	*) echo "bench: unknown case $1 (fwd_1 fwd_10k fwd_1m session_memory)" >&2; exit 2 ;;
	esac
}

# Median of the numbers on stdin (the steady state, robust to a noisy second).
median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print 0}'; }

pcap_for() {
	local f="$work/flows_$1.pcap"
	[ -f "$f" ] || python3 "$top/tests/bench/gen_flows.py" "$f" "$1"
	echo "$f"
}

# mbufs: the pcap PMD keeps every packet of the file in the pool.
mbufs_for() { echo $(( $1 + 65536 )); }

run_testpmd() {
	local pcap=$1 flows=$2 out="$work/testpmd.log"
	local load=$((1 + flows / 250000))
	# Interactive: Tx-pps of "show port stats" is the rate since the previous
	# show, so the second show measures SECS of steady state.
	(sleep "$load"; echo start; sleep 2; echo "show port stats 1"; sleep "$SECS"
	 echo "show port stats 1"; echo stop; echo quit) |
		timeout $((SECS + load + 30)) dpdk-testpmd --no-huge --no-pci -m 3072 -l "$LCORES" \
		--file-prefix "bngbench_tp$$" --log-level '*:error' \
		--vdev "net_pcap0,rx_pcap=$pcap,infinite_rx=1" --vdev net_null0,no-rx=1 -- \
		-i --forward-mode=io --mbuf-size=256 --total-num-mbufs="$(mbufs_for "$flows")" \
		--no-flush-rx >"$out" 2>&1 || true
	awk '/Tx-pps/ {v = $2} END {printf "%.3f", v / 1e6}' "$out"
}

run_bngd() {
	local pcap=$1 flows=$2 out=$3
	local max=$(( flows < 65536 ? 65536 : flows ))
	{
		cat <<CONF
eal = { args = [ "-l", "$LCORES", "--no-huge", "--no-pci", "-m", "3072",
                 "--file-prefix", "bngbench_b$$", "--log-level", "*:error" ]; };
dataplane = { mbufs = $(mbufs_for "$flows"); mbuf_data_room = 256; };
sessions = { max = $max; max_v6 = 1024; };
CONF
		"$top/scripts/replay_conf.sh" "$pcap"
	} >"$work/bench.conf"
	# Two warm-up seconds are dropped by stat_median; SECS are measured.
	timeout -s INT $((SECS + 3)) "$BNGD" -c "$work/bench.conf" --stats 1 --console none --metrics none >"$out" 2>&1 || true
}

stat_median() { # key, log: median of STATS key=value after the first two lines
	grep '^STATS' "$2" | tail -n +3 | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}' | median
}

for c in "${cases[@]}"; do
	flows=$(flows_of "$c")
	pcap=$(pcap_for "$flows")
	log="$work/bngd_$c.log"
	if [ "$c" = session_memory ]; then
		[ -f "$work/bngd_fwd_1m.log" ] || run_bngd "$pcap" "$flows" "$work/bngd_fwd_1m.log"
		awk '/^sessions:/ { for (i = 1; i <= NF; i++) { if ($i == "active") a = $(i+1);
			if ($i == "table-bytes") b = $(i+1) } }
			END { if (a > 0) printf "BENCH name=session_memory bytes_per_session=%.1f sessions=%d table_bytes=%d\n", b / a, a, b;
			      else print "BENCH name=session_memory error=no_sessions" }' "$work/bngd_fwd_1m.log"
		continue
	fi
	ceil=$(run_testpmd "$pcap" "$flows")
	run_bngd "$pcap" "$flows" "$log"
	mpps=$(stat_median tx_mpps "$log")
	cyc=$(stat_median cycles_per_pkt "$log")
	ratio=$(awk -v a="$mpps" -v b="$ceil" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print 0 }')
	echo "BENCH name=$c mpps=$mpps ceiling_mpps=$ceil ratio=$ratio cycles_per_pkt=$cyc flows=$flows"
done
