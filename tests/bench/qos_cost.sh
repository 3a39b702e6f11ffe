#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# What per-subscriber policing costs per packet: 10000 flows of 64-byte
# UDP from 1000 static subscribers (10 flows each; configured neighbours on
# access0) replayed forever into bngd (net_pcap -> net_null, as
# scripts/bench.sh's fwd_10k), three times: without a qos section, with a
# profile on every subscriber (rates far above the offered load: every
# packet metered green, none dropped), and the same profile remarking DSCP.
# Prints one line per run and the difference:
#   BENCH name=qos_10k[_base|_dscp] mpps=<bngd> cycles_per_pkt=<pipeline>
#   QOS cost_cycles=<qos - base> cost_dscp_cycles=<dscp - base>
# The machine is shared: compare numbers of one run only. With
# BENCH_CALLGRIND=1 each run is under valgrind's callgrind instead, and
# the lines give instructions per packet of the pipeline (process_rx and
# what it calls, per packet the worker received), repeatable where cycles
# are not:
#   BENCH name=qos_10k[_base|_dscp] instr_per_pkt=<n>
#   QOS cost_instr=<qos - base> cost_dscp_instr=<dscp - base>
# Environment: BNGD, BENCH_SECONDS (per run, default 6), BENCH_LCORES (0-1),
# BENCH_CALLGRIND.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/bench/cost.sh"
cost_setup qos_cost bngqosbench "bngqosb$$"
SUBS=1000 PER_SUB=10

sub_addr() { echo "10.0.$((8 + $1 / 256)).$(($1 % 256))"; }

/usr/bin/python3 - "$work/flows.pcap" "$SUBS" "$PER_SUB" <<'PY'
import struct, sys

def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF

out, subs, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
dst = bytes([203, 0, 113, 1])
with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    # subscriber-major inside each round: a burst meets many subscribers
    for k in range(per):
        for s in range(subs):
            eth = bytes.fromhex("020000001001") + bytes([2, 0, 0, 0, 0x80 + s // 256, s % 256]) + b"\x08\x00"
            src = bytes([10, 0, 8 + s // 256, s % 256])
            ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 46, 0, 0, 64, 17, 0, src, dst))
            struct.pack_into("!H", ip, 10, csum(bytes(ip)))
            frame = eth + bytes(ip) + struct.pack("!HHHH", 1024 + k, 53, 26, 0) + b"\0" * 18
            f.write(struct.pack("<IIII", 0, 0, len(frame), len(frame)))
            f.write(frame)
PY

# conf QOS(none/plain/dscp)
conf() {
	cost_conf_head
	cat <<CONF
ports = (
  { name = "access0"; device = "net_pcap0,rx_pcap=$work/flows.pcap,infinite_rx=1"; role = "access";
    mac = "02:00:00:00:10:01"; address = [ "10.0.0.1/8" ]; },
  { name = "core0"; device = "net_null0,no-rx=1"; role = "core";
    mac = "02:00:00:00:20:01"; address = [ "198.51.100.1/24" ]; }
);
routes = ( { prefix = "0.0.0.0/0"; via = "198.51.100.2"; } );
CONF
	echo 'neighbors = ( { port = "core0"; address = "198.51.100.2"; mac = "02:00:00:00:20:02"; }'
	for s in $(seq 0 $((SUBS - 1))); do
		printf ',\n  { port = "access0"; address = "%s"; mac = "02:00:00:00:%02x:%02x"; }' \
			"$(sub_addr "$s")" $((0x80 + s / 256)) $((s % 256))
	done
	echo ' );'
	[ "$1" = none ] && return
	local dscp=
	[ "$1" = dscp ] && dscp="dscp = 10;"
	echo "qos = { profiles = ( { name = \"p\"; up = { cir_kbps = 10000000; cbs_bytes = 1000000; $dscp };"
	echo "                       down = { cir_kbps = 10000000; cbs_bytes = 1000000; }; } );"
	printf '  subscribers = ( '
	for s in $(seq 0 $((SUBS - 1))); do
		printf '%s{ address = "%s"; profile = "p"; }' "$([ "$s" = 0 ] || echo ', ')" "$(sub_addr "$s")"
	done
	echo ' ); };'
}

declare -A cyc
for mode in none plain dscp; do
	conf "$mode" >"$work/$mode.conf"
	name=qos_10k
	[ "$mode" = none ] && name=qos_10k_base
	[ "$mode" = dscp ] && name=qos_10k_dscp
	cost_run "$name" "$work/$mode.conf" flows=$((SUBS * PER_SUB)) subscribers=$SUBS
	cyc[$mode]=$COST
done
unit=cycles
[ -n "${BENCH_CALLGRIND:-}" ] && unit=instr
awk -v a="${cyc[plain]}" -v b="${cyc[none]}" -v c="${cyc[dscp]}" -v u="$unit" \
	'BEGIN { printf "QOS cost_%s=%.1f cost_dscp_%s=%.1f\n", u, a - b, u, c - b }'
