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
BNGD=${BNGD:-$top/build/app/bngd}
SECS=${BENCH_SECONDS:-6}
LCORES=${BENCH_LCORES:-0-1}
SUBS=1000 PER_SUB=10
work=$(mktemp -d /tmp/bngqosbench.XXXXXX)
trap 'rm -rf "$work" /var/run/dpdk/bngqosb$$' EXIT
[ -x "$BNGD" ] || { echo "qos_cost: no bngd at $BNGD" >&2; exit 1; }

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
	cat <<CONF
eal = { args = [ "-l", "$LCORES", "--no-huge", "--no-pci", "-m", "2048",
                 "--file-prefix", "bngqosb$$", "--log-level", "*:error" ]; };
dataplane = { mbufs = 81920; mbuf_data_room = 256; };
sessions = { max = 65536; max_v6 = 1024; };
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

median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print 0}'; }
stat() { grep '^STATS' "$2" | tail -n +3 | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}' | median; }

declare -A cyc
if [ -n "${BENCH_CALLGRIND:-}" ]; then
	for mode in none plain dscp; do
		conf "$mode" >"$work/$mode.conf"
		"$BNGD" --check-config -c "$work/$mode.conf" >/dev/null
		timeout -s INT $((SECS + 20)) valgrind --tool=callgrind --toggle-collect=process_rx \
			--callgrind-out-file="$work/$mode.cg" "$BNGD" -c "$work/$mode.conf" --console none \
			--metrics none >"$work/$mode.log" 2>&1 || true
		ir=$(callgrind_annotate "$work/$mode.cg" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
		# the summary's worker line: worker lcore rx tx ...
		rx=$(awk '$1 == "0" && NF >= 4 {print $3; exit}' "$work/$mode.log")
		name=qos_10k
		[ "$mode" = none ] && name=qos_10k_base
		[ "$mode" = dscp ] && name=qos_10k_dscp
		cyc[$mode]=$(awk -v a="$ir" -v b="$rx" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print 0 }')
		echo "BENCH name=$name instr_per_pkt=${cyc[$mode]} packets=$rx"
	done
	awk -v a="${cyc[plain]}" -v b="${cyc[none]}" -v c="${cyc[dscp]}" \
		'BEGIN { printf "QOS cost_instr=%.1f cost_dscp_instr=%.1f\n", a - b, c - b }'
	exit 0
fi
for mode in none plain dscp; do
	conf "$mode" >"$work/$mode.conf"
	"$BNGD" --check-config -c "$work/$mode.conf" >/dev/null
	timeout -s INT $((SECS + 3)) "$BNGD" -c "$work/$mode.conf" --stats 1 --console none \
		--metrics none >"$work/$mode.log" 2>&1 || true
	name=qos_10k
	[ "$mode" = none ] && name=qos_10k_base
	[ "$mode" = dscp ] && name=qos_10k_dscp
	cyc[$mode]=$(stat cycles_per_pkt "$work/$mode.log")
	echo "BENCH name=$name mpps=$(stat tx_mpps "$work/$mode.log") cycles_per_pkt=${cyc[$mode]} flows=$((SUBS * PER_SUB)) subscribers=$SUBS"
done
awk -v a="${cyc[plain]}" -v b="${cyc[none]}" -v c="${cyc[dscp]}" \
	'BEGIN { printf "QOS cost_cycles=%.1f cost_dscp_cycles=%.1f\n", a - b, c - b }'
