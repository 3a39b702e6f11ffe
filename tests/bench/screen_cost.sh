#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# What the screens cost per packet: 10000 flows replayed forever into bngd
# (net_pcap -> net_null, as scripts/bench.sh's fwd_10k), three times each:
# without screens, with every stateless screen on access0's zone, and with
# every stateless and every rate screen (thresholds far above the offered
# load: nothing dropped, every packet through the whole check). Two kinds
# of traffic:
#   udp: fwd_10k's 64-byte UDP, 10000 sources to one destination (block
#        table and udp-flood bucket per packet);
#   syn: 64-byte TCP SYNs, 10000 sources to 10000 destinations (block
#        table, sweep and scan sets, both SYN buckets per packet: the most
#        a packet costs).
# Prints one line per run and the differences:
#   BENCH name=screen_<kind>_{none|stateless|rate} mpps=<bngd> cycles_per_pkt=<pipeline>
#   SCREEN kind=<kind> stateless_cycles=<stateless - none> rate_cycles=<rate - stateless>
# With BENCH_CALLGRIND=1 each run is under valgrind's callgrind instead,
# counting instructions of the pipeline (process_rx and what it calls) per
# packet received, repeatable where cycles are not (the machine is shared):
#   BENCH name=screen_<kind>_<mode> instr_per_pkt=<n>
#   SCREEN kind=<kind> stateless_instr=<...> rate_instr=<...>
# Environment: BNGD, BENCH_SECONDS (per run, default 6), BENCH_LCORES (0-1),
# BENCH_CALLGRIND, SCREEN_KINDS (default "udp syn").
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/bench/cost.sh"
cost_setup screen_cost bngscrbench "bngscrb$$"

python3 "$top/tests/bench/gen_flows.py" "$work/udp.pcap" 10000
/usr/bin/python3 - "$work/syn.pcap" 10000 <<'PY'
import struct, sys

def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF

out, n = sys.argv[1], int(sys.argv[2])
eth = bytes.fromhex("020000001001" "020000001002" "0800")
with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for i in range(n):
        src = struct.pack("!I", (10 << 24) | i)
        dst = struct.pack("!I", (203 << 24) | (1 << 16) | i)
        ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 46, 0, 0, 64, 6, 0, src, dst))
        struct.pack_into("!H", ip, 10, csum(bytes(ip)))
        tcp = struct.pack("!HHIIBBHHH", 1024 + i % 50000, 80, 1000, 0, 5 << 4, 0x02, 65535, 0, 0)
        frame = eth + bytes(ip) + tcp + b"\0" * 6
        f.write(struct.pack("<IIII", 0, 0, len(frame), len(frame)))
        f.write(frame)
PY

# conf PCAP MODE(none/stateless/rate)
conf() {
	cost_conf_head
	"$top/scripts/replay_conf.sh" "$1"
	case $2 in
	stateless) echo 'screens = ( { zone = "subscribers"; ports = [ "access0" ]; enable = "all"; } );' ;;
	rate) cat <<CONF
screens = ( { zone = "subscribers"; ports = [ "access0" ];
    enable = [ "land", "source-route", "record-route", "ping-of-death", "teardrop", "icmp-fragment",
               "winnuke", "syn-fin", "tcp-no-flag", "syn-flood", "syn-flood-src", "icmp-flood",
               "udp-flood", "ip-sweep", "port-scan" ];
    syn_flood = 100000000; syn_flood_src = 100000000; icmp_flood = 100000000;
    udp_flood = 100000000; ip_sweep = 96; port_scan = 96; block_s = 60; } );
CONF
	;;
	esac
}

for kind in ${SCREEN_KINDS:-udp syn}; do
	declare -A v=()
	for mode in none stateless rate; do
		conf "$work/$kind.pcap" "$mode" >"$work/$mode.conf"
		name=screen_${kind}_$mode
		cost_run "$name" "$work/$mode.conf" flows=10000
		v[$mode]=$COST
		# nothing may be dropped by a screen: the comparison is of passing packets
		if grep -q 'screen_' "$work/$mode.log"; then
			echo "screen_cost: $name dropped packets: $(grep -o 'screen_[a-z_]*=[0-9]*' "$work/$mode.log" | tr '\n' ' ')" >&2
		fi
	done
	unit=cycles
	[ -n "${BENCH_CALLGRIND:-}" ] && unit=instr
	awk -v k="$kind" -v u="$unit" -v n="${v[none]}" -v s="${v[stateless]}" -v r="${v[rate]}" \
		'BEGIN { printf "SCREEN kind=%s stateless_%s=%.1f rate_%s=%.1f\n", k, u, s - n, u, r - s }'
done
