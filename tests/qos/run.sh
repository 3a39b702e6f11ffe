#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Policer accuracy: a subscriber behind bngd's per-subscriber policer
# (profile "lab": RATE_KBPS both ways, bursts BURST bytes) offered UDP at
# twice its rate by iperf3, upstream and downstream; the rate the receiving
# interface gets (IP bytes, less the one burst the full bucket lets through)
# must be within 5% of the configured rate. Bursts: half the burst at line
# rate passes whole, four times it passes the burst and what the rate adds,
# no more. TCP (iperf3, both ways) must get close to the rate. The
# console's per-colour counters and the policed drop reasons must agree.
# A DHCP subscriber (busybox udhcpc) on access1 gets that port's profile
# with its lease, and loses it when the lease is cleared.
#
#  bngqs-sub             root namespace: bngd               bngqs-net
#  10.0.0.2/24           access0 (af_packet on bngqs-a0)    198.51.100.2/24
#    bngqs-a1 ---veth--- bngqs-a0       core0 (bngqs-c0) ---veth--- bngqs-c1
#                        10.0.0.1/24    198.51.100.1/24
#  bngqs-dhc (udhcpc)    access1 (af_packet on bngqs-b0) 10.0.1.1/24, DHCP pool
#    bngqs-b1 ---veth--- bngqs-b0
#
# The iperf3 subscriber is a static one (a configured neighbour bound by
# qos.subscribers). Prints PASS/FAIL per check; exits 1 if any failed.
# Needs root, ip, ethtool, ss, iperf3, busybox, /usr/bin/python3.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
TAG=qos
. "$top/scripts/lab.sh"
. "$top/tests/checks.sh"

SUBNS=bngqs-sub NETNS=bngqs-net DHCNS=bngqs-dhc
A0=bngqs-a0 A1=bngqs-a1 B0=bngqs-b0 B1=bngqs-b1 C0=bngqs-c0 C1=bngqs-c1
BNG_A_MAC=02:00:00:00:10:01 BNG_C_MAC=02:00:00:00:20:01
SUB_MAC=02:00:00:00:10:02 NET_MAC=02:00:00:00:20:02
SUB=10.0.0.2 NET=198.51.100.2
RATE_KBPS=20000
BURST=500000          # 200 ms at the rate: rides out the worker being descheduled
UDP_LEN=1400          # UDP payload; IP packets of 1428 bytes
SECS=4

NAMESPACES="$SUBNS $NETNS $DHCNS" LINKS="$A0 $B0 $C0"
live_test bngqs_$$ bngqos QOS_KEEP

need ip ethtool ss iperf3 busybox

# ---- the lab -------------------------------------------------------------
setup() {
	local v6off="net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1"
	router_lab "$SUBNS" "$A0" "$A1" "$NETNS" "$C0" "$C1" $v6off || return 1
	afp_netns "$DHCNS" $v6off && afp_veth "$DHCNS" "$B0" "$B1" 02:00:00:00:11:02 || return 1
	afp_host "$SUBNS" "$A1" 10.0.0.1 "$BNG_A_MAC" default "$SUB/24"
	afp_host "$NETNS" "$C1" 198.51.100.1 "$BNG_C_MAC" 10.0.0.0/24 "$NET/24"
}
setup || die "could not build the namespaces"

cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0,framecnt=4096"; role = "access";
    mac = "$BNG_A_MAC"; address = [ "10.0.0.1/24" ]; },
  { name = "access1"; device = "net_af_packet2,iface=$B0"; role = "access";
    address = [ "10.0.1.1/24" ]; },
  { name = "core0"; device = "net_af_packet1,iface=$C0,framecnt=4096"; role = "core";
    mac = "$BNG_C_MAC"; address = [ "198.51.100.1/24" ]; }
);
neighbors = (
  { port = "access0"; address = "$SUB"; mac = "$SUB_MAC"; },
  { port = "core0"; address = "$NET"; mac = "$NET_MAC"; }
);
dhcp = {
  pools = ( { name = "lab"; tenant = 0; range = [ "10.0.1.100", "10.0.1.110" ];
              mask = "255.255.255.0"; router = "10.0.1.1"; lease_time = 600; } );
};
qos = {
  profiles = ( { name = "lab";
                 up = { cir_kbps = $RATE_KBPS; cbs_bytes = $BURST; };
                 down = { cir_kbps = $RATE_KBPS; cbs_bytes = $BURST; }; },
               { name = "ipoe"; up = { cir_kbps = 5000; cbs_bytes = 62500; dscp = 0; }; } );
  ports = ( { port = "access1"; profile = "ipoe"; } );
  subscribers = ( { address = "$SUB"; profile = "lab"; } );
};
EOF
bngd_run "$work/bngd.conf" "$SOCK"

# A server on each side: each direction's sender is a client (iperf3's
# reverse mode does not keep to -n).
in_ns "$NETNS" iperf3 -s -B "$NET" -p 5201 >"$work/iperf_net.log" 2>&1 &
in_ns "$SUBNS" iperf3 -s -B "$SUB" -p 5201 >"$work/iperf_sub.log" 2>&1 &
for _ in $(seq 30); do
	in_ns "$NETNS" ss -H -ltn "src $NET:5201" 2>/dev/null | grep -q . &&
		in_ns "$SUBNS" ss -H -ltn "src $SUB:5201" 2>/dev/null | grep -q . && break
	sleep 0.1
done
# send DIR IPERF3-ARGS...: iperf3 from the sending side of DIR to the other.
send() {
	if [ "$1" = up ]; then
		shift
		in_ns "$SUBNS" timeout 20 iperf3 -c "$NET" -p 5201 "$@"
	else
		shift
		in_ns "$NETNS" timeout 20 iperf3 -c "$SUB" -p 5201 "$@"
	fi
}
in_ns "$SUBNS" ping -c 1 -W 2 "$NET" >/dev/null 2>&1 || fail "no ping through bngd" "$(ctl show counters 2>&1)"

# rx_ip NS IF: IP bytes and packets IF received so far ("bytes packets").
rx_ip() {
	local b p
	b=$(in_ns "$1" cat "/sys/class/net/$2/statistics/rx_bytes")
	p=$(in_ns "$1" cat "/sys/class/net/$2/statistics/rx_packets")
	echo "$((b - 14 * p)) $p"
}
# js FILE EXPR: a value of an iperf3 JSON result (j: the document).
js() { $PY -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
# qos DIR COLOUR WHAT: a counter of the subscriber's ("packets" or "bytes").
qos() { ctl show qos subscriber "$SUB" json | $PY -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]][sys.argv[2]][sys.argv[3]])' "$@"; }

# Accuracy: UDP at twice the rate for SECS seconds, up then down. What the
# receiving interface got (IP bytes: the socket may still lose some on a
# busy machine), less the one burst a full bucket lets through at the
# start, over the sender's time.
for dir in up down; do
	ns=$NETNS ifn=$C1
	[ "$dir" = down ] && ns=$SUBNS ifn=$A1
	sleep 0.5   # the bucket full again
	read -r b0 _ < <(rx_ip "$ns" "$ifn")
	if ! send "$dir" -u -b $((RATE_KBPS * 2))K -l "$UDP_LEN" -t "$SECS" -J \
		>"$work/udp_$dir.json" 2>&1; then
		fail "iperf3 UDP $dir did not complete" "$(head -c 2000 "$work/udp_$dir.json")"
		continue
	fi
	read -r b1 _ < <(rx_ip "$ns" "$ifn")
	secs=$(js "$work/udp_$dir.json" 'j["end"]["sum_sent"]["seconds"]')
	offered=$(js "$work/udp_$dir.json" 'int(j["end"]["sum_sent"]["bits_per_second"] / 1000)')
	kbps=$($PY -c "print(int(($b1 - $b0 - $BURST) * 8 / $secs / 1000))")
	if [ "$kbps" -ge $((RATE_KBPS * 95 / 100)) ] && [ "$kbps" -le $((RATE_KBPS * 105 / 100)) ]; then
		pass "UDP $dir, $offered kbit/s offered: $kbps kbit/s delivered against $RATE_KBPS configured (within 5%)"
	else
		fail "UDP $dir, $offered kbit/s offered: $kbps kbit/s delivered against $RATE_KBPS configured (not within 5%)"
	fi
done

# What the console counted: red both ways, and the drop reasons.
sub=$(ctl show qos subscriber "$SUB" json 2>&1)
ctr=$(ctl show counters json 2>&1)
if $PY - "$sub" "$ctr" <<'PY'
import json, sys
s, c = json.loads(sys.argv[1]), json.loads(sys.argv[2])
d = c["drops"]
assert s["profile"] == "lab", s
for k in ("up", "down"):
    assert s[k]["green"]["packets"] > 1000 and s[k]["red"]["packets"] > 1000, (k, s[k])
    assert s[k]["yellow"]["packets"] == 0, (k, s[k])   # pir = cir, pbs = cbs: no yellow
assert d.get("qos_policed_up") == s["up"]["red"]["packets"], (d, s["up"])
assert d.get("qos_policed_down") == s["down"]["red"]["packets"], (d, s["down"])
PY
then
	pass "show qos subscriber: profile lab, green and red both ways, red = qos_policed_up/down drops"
else
	fail "console counters do not agree" "$sub"$'\n'"$ctr"
fi

# The burst: with the bucket full, half the burst at line rate passes
# whole; four times the burst passes the burst and what the rate adds
# while it is sent, no more, the rest red.
for dir in up down; do
	sleep 0.5
	r0=$(qos "$dir" red packets)
	send "$dir" -u -b 1G -l "$UDP_LEN" -n $((BURST / 2)) -J >"$work/burst1_$dir.json" 2>&1
	r1=$(qos "$dir" red packets)
	lost=$(js "$work/burst1_$dir.json" 'j["end"]["sum_received"]["lost_packets"]' 2>/dev/null)
	if [ "$r1" = "$r0" ]; then
		pass "burst $dir: $((BURST / 2)) bytes at once, half the burst: none policed (receiver lost ${lost:-?})"
	else
		fail "burst $dir: $((BURST / 2)) bytes at once, half the burst: $((r1 - r0)) policed"
	fi
	sleep 0.5
	g0=$(qos "$dir" green bytes)
	r0=$(qos "$dir" red packets)
	t0=$(date +%s.%N)
	send "$dir" -u -b 1G -l "$UDP_LEN" -n $((BURST * 4)) -J >"$work/burst2_$dir.json" 2>&1
	t1=$(date +%s.%N)
	g1=$(qos "$dir" green bytes)
	r1=$(qos "$dir" red packets)
	# At most the burst and what the rate adds over the whole run (iperf3's
	# start and its control connection's packets included).
	max=$($PY -c "print(int($BURST + $RATE_KBPS * 1000 / 8 * ($t1 - $t0) + 8192))")
	got=$((g1 - g0))
	if [ $((r1 - r0)) -gt 0 ] && [ "$got" -ge "$BURST" ] && [ "$got" -le "$max" ]; then
		pass "burst $dir: $((BURST * 4)) bytes at once: $got bytes green (the $BURST-byte burst + rate x run time: at most $max), $((r1 - r0)) red"
	else
		fail "burst $dir: $((BURST * 4)) bytes at once: $got bytes green (want $BURST..$max), $((r1 - r0)) red"
	fi
done

# TCP through the policer: the burst (200 ms at the rate) lets TCP keep
# close to the rate in spite of the lab's sub-millisecond RTT, with which
# its window always outruns any rate. At least 80% of the rate, and no more
# than the rate plus one burst over the run (payload counted: a little
# below the IP rate the policer meters).
for dir in up down; do
	if send "$dir" -t 3 -J >"$work/tcp_$dir.json" 2>&1; then
		kbps=$(js "$work/tcp_$dir.json" 'int(j["end"]["sum_received"]["bits_per_second"] / 1000)')
		max=$((RATE_KBPS + BURST * 8 / 3 / 1000))
		if [ "$kbps" -ge $((RATE_KBPS * 80 / 100)) ] && [ "$kbps" -le "$max" ]; then
			pass "TCP $dir: $kbps kbit/s of payload against $RATE_KBPS configured (80%..rate + burst: $max)"
		else
			fail "TCP $dir: $kbps kbit/s of payload against $RATE_KBPS configured (want 80%..$max)"
		fi
	else
		fail "iperf3 TCP $dir did not complete" "$(head -c 2000 "$work/tcp_$dir.json")"
	fi
done

# A DHCP subscriber on access1: bound to its port's profile with its
# lease, unbound when the lease ends.
printf '%s\n' '#!/bin/sh' 'case "$1" in' 'bound|renew)' \
	'	ip addr flush dev "$interface"' '	ip addr add "$ip/$subnet" dev "$interface"' \
	'	echo "$ip" >"$HOOK_OUT" ;;' 'esac' 'exit 0' >"$work/udhcpc-hook"
chmod +x "$work/udhcpc-hook"
HOOK_OUT=$work/lease in_ns "$DHCNS" timeout 15 busybox udhcpc -i "$B1" -f -q -n -t 5 \
	-s "$work/udhcpc-hook" >"$work/udhcpc.log" 2>&1
lease=$(cat "$work/lease" 2>/dev/null)
prof=$(ctl show qos subscriber "$lease" json 2>&1)
if [ -n "$lease" ] &&
   $PY -c 'import json,sys; assert json.loads(sys.argv[1])["profile"] == "ipoe"' "$prof" 2>/dev/null; then
	pass "DHCP subscriber $lease on access1: its port's profile (ipoe)"
else
	fail "DHCP subscriber ${lease:-(no lease)}: not profile ipoe" "$prof"$'\n'"$(cat "$work/udhcpc.log")"
fi
ctl clear dhcp lease address "$lease" >/dev/null 2>&1
n=$(ctl show qos profiles json |
	$PY -c 'import json,sys; print([p["subscribers"] for p in json.load(sys.stdin)["profiles"] if p["name"] == "ipoe"][0])')
[ "$n" = 0 ] && pass "lease cleared: profile ipoe has no subscriber left" ||
	fail "lease cleared: profile ipoe still has $n subscribers" "$(ctl show qos profiles)"

kill -0 "$BNGD_PID" 2>/dev/null || fail "bngd died" "$(tail -20 "$LOG")"
[ "$failures" = 0 ]
