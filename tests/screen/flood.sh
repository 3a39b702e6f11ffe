#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Rate screens against real attack tools: bngd on af_packet ports between a
# subscriber and the internet, zone "internet" (core0) enabling every rate
# screen, while an iperf3 TCP flow runs from the subscriber to a server.
#
#  bngrs-in              root namespace: bngd                bngrs-out
#  10.0.0.2 (iperf3 -c)  access0 (af_packet on bngrs-a0)     198.51.100.2 (iperf3 -s)
#  10.0.0.3 (victim)     core0 (af_packet on bngrs-c0)       198.51.100.3 (flooder)
#    bngrs-a1 --veth-- bngrs-a0        bngrs-c0 --veth-- bngrs-c1   198.51.100.4 (scanner)
#                                                                  198.51.100.5 (sweeper)
#
# During the flow: hping3 --flood SYNs from random sources, an ICMP flood
# and a UDP flood at the victim; a SYN scan of 200 ports (hping3 --scan);
# echo requests to 120 random subscriber addresses. Then: each screen's
# counter rose, the scanner and the sweeper are listed by "show screen
# blocked" and named in bngd's log, the flooder (floods do not block) is
# not listed, and the flow still delivered (iperf3, more than 2 Mbit/s).
#
# Every check prints PASS or FAIL; exits 1 if any failed. Needs root, ip,
# ethtool, iperf3, hping3 (scripts/deps.sh test).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
TAG=screen
. "$top/scripts/lab.sh"
. "$top/tests/checks.sh"

IN=bngrs-in OUT=bngrs-out
A0=bngrs-a0 A1=bngrs-a1 C0=bngrs-c0 C1=bngrs-c1
BNG_ACCESS_MAC=02:00:00:00:10:01 BNG_CORE_MAC=02:00:00:00:20:01
IN_MAC=02:00:00:00:10:02 OUT_MAC=02:00:00:00:20:02
CLIENT=10.0.0.2 VICTIM=10.0.0.3
SERVER=198.51.100.2 FLOODER=198.51.100.3 SCANNER=198.51.100.4 SWEEPER=198.51.100.5
MIN_MBPS=2

NAMESPACES="$IN $OUT" LINKS="$A0 $C0"
live_test bngrs_$$ bngrs SCREEN_KEEP

need ip ethtool iperf3 hping3

setup() {
	router_lab "$IN" "$A0" "$A1" "$OUT" "$C0" "$C1" \
		net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || return 1
	afp_host "$IN" "$A1" 10.0.0.1 "$BNG_ACCESS_MAC" default "$CLIENT/24" "$VICTIM/24"
	afp_host "$OUT" "$C1" 198.51.100.1 "$BNG_CORE_MAC" 10.0.0.0/24 \
		"$SERVER/24" "$FLOODER/24" "$SCANNER/24" "$SWEEPER/24"
}
setup || die "could not build the namespaces"

# Floods at 100 SYNs / ICMP a second per destination, 1000 UDP; a scan or
# sweep past 50 in a second blocks its source for 30 s.
afp_conf "$A0" "$C0" 10.0.0.1/24 "$BNG_ACCESS_MAC" "$BNG_CORE_MAC" >"$work/bngd.conf"
cat >>"$work/bngd.conf" <<EOF
routes = ( { prefix = "0.0.0.0/0"; via = "$SERVER"; } );
neighbors = (
  { port = "access0"; address = "$CLIENT"; mac = "$IN_MAC"; },
  { port = "access0"; address = "$VICTIM"; mac = "$IN_MAC"; },
  { port = "core0"; address = "$SERVER"; mac = "$OUT_MAC"; }
);
screens = (
  { zone = "internet"; ports = [ "core0" ];
    enable = [ "land", "syn-fin", "syn-flood", "syn-flood-src", "icmp-flood", "udp-flood",
               "ip-sweep", "port-scan" ];
    syn_flood = 100; syn_flood_src = 100; icmp_flood = 100; udp_flood = 1000;
    ip_sweep = 50; port_scan = 50; window_ms = 1000; block_s = 30; }
);
EOF
bngd_run "$work/bngd.conf" "$SOCK"

# drops SCREEN: zone internet's drops under SCREEN
drops() {
	ctl show screen json | $PY -c 'import json,sys
z = json.load(sys.stdin)[0]; print(z["drops"].get(sys.argv[1], 0))' "$1"
}

in_ns "$OUT" iperf3 -s -B "$SERVER" -1 >"$work/iperf3_s.log" 2>&1 &
for _ in $(seq 30); do
	in_ns "$OUT" ss -H -ltn "src $SERVER:5201" 2>/dev/null | grep -q . && break
	sleep 0.1
done
in_ns "$IN" timeout 30 iperf3 -c "$SERVER" -B "$CLIENT" -t 10 -J >"$work/iperf3.json" 2>&1 &
IPERF=$!
sleep 1

# SYNs from random sources at the victim's port 80, as fast as hping3 can.
in_ns "$OUT" timeout 2 hping3 --flood -q -S -p 80 --rand-source "$VICTIM" >/dev/null 2>&1
in_ns "$OUT" timeout 1.5 hping3 --flood -q --icmp -a "$FLOODER" "$VICTIM" >/dev/null 2>&1
in_ns "$OUT" timeout 1.5 hping3 --flood -q --udp -p 9 -a "$FLOODER" "$VICTIM" >/dev/null 2>&1
# A SYN scan of ports 1-200 (hping3's scan mode waits for the answers it gets).
in_ns "$OUT" timeout 8 hping3 --scan 1-200 -S -a "$SCANNER" "$VICTIM" >"$work/scan.log" 2>&1
# Echo requests to 120 random subscriber addresses, one per millisecond.
in_ns "$OUT" timeout 5 hping3 -1 -q --rand-dest -a "$SWEEPER" -I "$C1" -i u1000 -c 120 \
	10.0.0.x >/dev/null 2>&1
wait "$IPERF"

for s in syn-flood icmp-flood udp-flood port-scan ip-sweep; do
	n=$(drops "$s")
	if [ "${n:-0}" -gt 0 ]; then
		pass "$s dropped $n packets"
	else
		fail "$s dropped nothing" "$(ctl show screen)"
	fi
done
blocked=$(ctl show screen blocked json)
for who in "$SCANNER:port-scan" "$SWEEPER:ip-sweep"; do
	if $PY -c 'import json,sys
b = json.loads(sys.argv[1]); a, s = sys.argv[2].split(":")
sys.exit(0 if any(e["source"] == a and e["screen"] == s and e["zone"] == "internet" for e in b) else 1)' \
		"$blocked" "$who"; then
		pass "show screen blocked lists ${who%%:*} (${who##*:})"
	else
		fail "show screen blocked does not list ${who%%:*} (${who##*:})" "$(ctl show screen blocked)"
	fi
done
if grep -q "$FLOODER" <<<"$blocked"; then
	fail "the flooder is blocked (floods only drop)" "$(ctl show screen blocked)"
else
	pass "the flooder is not blocked"
fi
if grep -q "port scan from $SCANNER" "$LOG" && grep -q "IP sweep from $SWEEPER" "$LOG"; then
	pass "bngd's log names the scanner and the sweeper"
else
	fail "bngd's log does not name the scanner and the sweeper" "$(grep screen "$LOG")"
fi
mbps=$($PY -c 'import json,sys
print(int(json.load(open(sys.argv[1]))["end"]["sum_received"]["bits_per_second"] / 1e6))' \
	"$work/iperf3.json" 2>/dev/null)
if [ "${mbps:-0}" -gt "$MIN_MBPS" ]; then
	pass "iperf3 delivered $mbps Mbit/s through the attacks (more than $MIN_MBPS)"
else
	fail "iperf3 delivered ${mbps:-nothing} Mbit/s" "$(tail -20 "$work/iperf3.json")"
fi
echo "screen: show screen after the attacks:"
ctl show screen | sed 's/^/    /'
ctl show screen blocked | sed 's/^/    /'
[ "$failures" = 0 ]
