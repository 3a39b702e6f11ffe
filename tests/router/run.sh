#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Router test: bngd on af_packet ports between real Linux hosts in network
# namespaces, checked with the standard tools (ping, traceroute, tracepath).
#
#  bngrt-sub          root namespace: bngd               bngrt-net            bngrt-far
#  10.0.0.2/24        access0 (af_packet on bngrt-a0)    198.51.100.2/24      203.0.113.2/24
#  2001:db8:10::2/64  10.0.0.1/24, 2001:db8:10::1/64     2001:db8:20::2/64    2001:db8:30::2/64
#    bngrt-a1 ---veth--- bngrt-a0                          forwards:
#                     core0 (af_packet on bngrt-c0)      203.0.113.1/24
#                     198.51.100.1/24, 2001:db8:20::1/64 2001:db8:30::1/64
#                     mtu 1400   bngrt-c0 ---veth--- bngrt-c1   bngrt-f0 ---veth--- bngrt-f1
#
# bngd has static routes to the far network via bngrt-net and NO default
# route, so unrouted destinations get ICMP net unreachable. The core port's
# MTU of 1400 makes the path MTU visible (frag needed, packet too big,
# tracepath) and makes bngd fragment IPv4 packets sent with DF clear.
#
# Every check prints PASS or FAIL (with the tool's output); the script exits
# 1 if any failed. Needs root, ip, ethtool, ping, traceroute, tracepath.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
TAG=router
. "$top/scripts/lab.sh"
. "$top/tests/checks.sh"

SUB=bngrt-sub
NET=bngrt-net
FAR=bngrt-far
# veth pairs: a0 (root, bngd access0) - a1 (sub); c0 (root, bngd core0) - c1 (net);
# f0 (net) - f1 (far).
A0=bngrt-a0 A1=bngrt-a1 C0=bngrt-c0 C1=bngrt-c1 F0=bngrt-f0 F1=bngrt-f1
BNG_ACCESS_MAC=02:00:00:00:10:01
BNG_CORE_MAC=02:00:00:00:20:01
SUB_MAC=02:00:00:00:10:02
NET_MAC=02:00:00:00:20:02
FAR4=203.0.113.2
FAR6=2001:db8:30::2

# Deleting the namespaces deletes their veth ends and so the pairs; the
# root ends go too in case a namespace never got its peer.
NAMESPACES="$SUB $NET $FAR" LINKS="$A0 $C0"
# The namespaces' names already keep this test from running twice at once.
live_test bngrouter bngrouter ROUTER_KEEP

# quiet: a namespace's sysctl.
nsctl() { ip netns exec "$1" sysctl -qw "$2" >/dev/null; }

need ip ethtool ping traceroute tracepath

# ---- the lab -------------------------------------------------------------

# No ICMP error rate limiting on the Linux hosts: traceroute and tracepath
# send bursts of probes. No router solicitations and no DAD: fewer
# packets, no waiting.
HOST_SYSCTLS="net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
	net.ipv6.conf.default.router_solicitations=0 net.ipv6.conf.default.accept_dad=0"

setup() {
	router_lab "$SUB" "$A0" "$A1" "$NET" "$C0" "$C1" $HOST_SYSCTLS || return 1
	afp_netns "$FAR" $HOST_SYSCTLS || return 1
	ip -n "$NET" link add "$F0" type veth peer name "$F1" netns "$FAR" || return 1

	# The subscriber: default routes via bngd, static neighbors for bngd.
	afp_host "$SUB" "$A1" 10.0.0.1 "$BNG_ACCESS_MAC" default 10.0.0.2/24
	afp_host "$SUB" "$A1" 2001:db8:10::1 "$BNG_ACCESS_MAC" default 2001:db8:10::2/64

	# The net host, a Linux router: the link to bngd's core port has the
	# core port's MTU (1400) on both ends, as a link must.
	nsctl "$NET" net.ipv4.ip_forward=1
	nsctl "$NET" net.ipv6.conf.all.forwarding=1
	ip -n "$NET" link set "$C1" mtu 1400
	afp_host "$NET" "$C1" 198.51.100.1 "$BNG_CORE_MAC" 10.0.0.0/24 198.51.100.2/24
	afp_host "$NET" "$C1" 2001:db8:20::1 "$BNG_CORE_MAC" 2001:db8:10::/64 2001:db8:20::2/64
	# The link to the far host has MTU 1400 too: the far host's fragmented
	# IPv6 replies then cross the Linux router without a packet too big.
	lab_host_if "$NET" "$F0" 02:00:00:00:30:01
	ip -n "$NET" link set "$F0" mtu 1400
	ip -n "$NET" addr add 203.0.113.1/24 dev "$F0"
	ip -n "$NET" -6 addr add 2001:db8:30::1/64 dev "$F0" nodad

	# The far host, behind the net host (Linux ARP/ND on that link).
	lab_host_if "$FAR" "$F1" 02:00:00:00:30:02
	ip -n "$FAR" link set "$F1" mtu 1400
	ip -n "$FAR" addr add "$FAR4/24" dev "$F1"
	ip -n "$FAR" -6 addr add "$FAR6/64" dev "$F1" nodad
	ip -n "$FAR" route add default via 203.0.113.1
	ip -n "$FAR" -6 route add default via 2001:db8:30::1
}
setup || die "could not build the namespaces"

# DPDK's af_packet PMD joins its sockets to a fanout group with
# PACKET_FANOUT_FLAG_DEFRAG: the kernel reassembles IPv4 fragments before
# bngd sees them (IPv6 fragments arrive as they are). With the default
# 2048-byte frames a reassembled datagram over 1982 bytes arrives truncated
# (and bngd rightly drops it as ip4_bad_total_length); 4096-byte frames and
# mbufs to match let the 3000-byte pings below through.
AFP=framesz=4096,blocksz=4096
cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; mbuf_data_room = 4224; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0,$AFP"; role = "access";
    mac = "$BNG_ACCESS_MAC";
    address = [ "10.0.0.1/24", "2001:db8:10::1/64" ]; },
  { name = "core0"; device = "net_af_packet1,iface=$C0,$AFP"; role = "core";
    mac = "$BNG_CORE_MAC"; mtu = 1400;
    address = [ "198.51.100.1/24", "2001:db8:20::1/64" ]; }
);
# No default route: anything else is unreachable.
routes = (
  { prefix = "203.0.113.0/24"; via = "198.51.100.2"; },
  { prefix = "2001:db8:30::/64"; via = "2001:db8:20::2"; }
);
neighbors = (
  { port = "access0"; address = "10.0.0.2"; mac = "$SUB_MAC"; },
  { port = "access0"; address = "2001:db8:10::2"; mac = "$SUB_MAC"; },
  { port = "core0"; address = "198.51.100.2"; mac = "$NET_MAC"; },
  { port = "core0"; address = "2001:db8:20::2"; mac = "$NET_MAC"; }
);
EOF
bngd_run "$work/bngd.conf" "$SOCK"

# counter NAME: a counter of `show counters json` (the "ip" or "drops"
# object, which list only counters that are not zero); -1: no answer.
counter() {
	"$BNGCTL" -s "$SOCK" show counters json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
try:
    j = json.load(sys.stdin)
except ValueError:
    print(-1); sys.exit()
print(j.get("ip", {}).get(sys.argv[1], j.get("drops", {}).get(sys.argv[1], 0)))' "$1"
}

# run_check NAME REGEX... -- CMD...: run CMD, PASS when it printed a line
# matching every REGEX (grep -E), whatever its exit status.
run_check() {
	local name=$1 out
	shift
	local res=()
	while [ "$1" != "--" ]; do res+=("$1"); shift; done
	shift
	out=$("$@" 2>&1)
	local re
	for re in "${res[@]}"; do
		if ! grep -qE -- "$re" <<<"$out"; then
			fail "$name (no line matching /$re/)" "\$ $*"$'\n'"$out"
			return 0
		fi
	done
	pass "$name"
}

# ---- fragmentation by bngd (first: before any PMTU is learned) -----------

frag0=$(counter fragmented)
run_check "ping -M dont -s 1450 198.51.100.2 (bngd fragments to mtu 1400)" \
	'^3 packets transmitted, 3 received' 'bytes from 198.51.100.2: icmp_seq=1 ttl=63' -- \
	in_ns "$SUB" ping -n -M dont -s 1450 -c 3 -i 0.2 -W 2 198.51.100.2
run_check "ping -M dont -s 1450 $FAR4 (bngd fragments to mtu 1400)" \
	'^2 packets transmitted, 2 received' "bytes from $FAR4: icmp_seq=1 ttl=62" -- \
	in_ns "$SUB" ping -n -M dont -s 1450 -c 2 -i 0.2 -W 2 "$FAR4"
frag1=$(counter fragmented)
if [ "$frag1" -ge $((frag0 + 5)) ] 2>/dev/null; then
	pass "ip.fragmented counted the 5 requests ($frag0 -> $frag1)"
else
	fail "ip.fragmented did not count the 5 requests ($frag0 -> $frag1)"
fi

# ---- the appliance's own addresses ----------------------------------------

for a in 10.0.0.1 198.51.100.1 2001:db8:10::1 2001:db8:20::1; do
	run_check "ping $a (bngd's address, ttl 64)" \
		'^3 packets transmitted, 3 received' "bytes from $a: icmp_seq=1 ttl=64" -- \
		in_ns "$SUB" ping -n -c 3 -i 0.2 -W 2 "$a"
done

run_check "ping 10.0.0.1 from the core side (bngd's access address, ttl 64)" \
	'^2 packets transmitted, 2 received' 'bytes from 10.0.0.1: icmp_seq=1 ttl=64' -- \
	in_ns "$NET" ping -n -c 2 -i 0.2 -W 2 10.0.0.1

# ---- forwarding -------------------------------------------------------------

run_check "ping 198.51.100.2 across bngd (ttl 63)" \
	'^3 packets transmitted, 3 received' 'bytes from 198.51.100.2: icmp_seq=1 ttl=63' -- \
	in_ns "$SUB" ping -n -c 3 -i 0.2 -W 2 198.51.100.2
run_check "ping -6 2001:db8:20::2 across bngd (hop limit 63)" \
	'^3 packets transmitted, 3 received' 'bytes from 2001:db8:20::2: icmp_seq=1 ttl=63' -- \
	in_ns "$SUB" ping -6 -n -c 3 -i 0.2 -W 2 2001:db8:20::2
run_check "ping $FAR4 across bngd and a Linux router (ttl 62)" \
	'^3 packets transmitted, 3 received' "bytes from $FAR4: icmp_seq=1 ttl=62" -- \
	in_ns "$SUB" ping -n -c 3 -i 0.2 -W 2 "$FAR4"
run_check "ping -6 $FAR6 across bngd and a Linux router (hop limit 62)" \
	'^3 packets transmitted, 3 received' "bytes from $FAR6: icmp_seq=1 ttl=62" -- \
	in_ns "$SUB" ping -6 -n -c 3 -i 0.2 -W 2 "$FAR6"
run_check "ping from the far host to the subscriber (ttl 62)" \
	'^2 packets transmitted, 2 received' 'bytes from 10.0.0.2: icmp_seq=1 ttl=62' -- \
	in_ns "$FAR" ping -n -c 2 -i 0.2 -W 2 10.0.0.2

# ---- traceroute -------------------------------------------------------------

# trace_check NAME HOP1 HOP2 HOP3 -- CMD...: hop lines 1-3 name these
# addresses, and there is no hop 4.
trace_check() {
	local name=$1 h1=$2 h2=$3 h3=$4 out
	shift 5
	out=$("$@" 2>&1)
	if grep -qE "^ *1 +$h1 " <<<"$out" && grep -qE "^ *2 +$h2 " <<<"$out" &&
		grep -qE "^ *3 +$h3 " <<<"$out" && ! grep -qE '^ *4 ' <<<"$out"; then
		pass "$name: $h1, $h2, $h3"
	else
		fail "$name (want hops $h1, $h2, $h3)" "\$ $*"$'\n'"$out"
	fi
}
trace_check "traceroute (UDP) $FAR4" 10.0.0.1 198.51.100.2 "$FAR4" -- \
	in_ns "$SUB" traceroute -n -w 2 -m 6 "$FAR4"
trace_check "traceroute -I (ICMP) $FAR4" 10.0.0.1 198.51.100.2 "$FAR4" -- \
	in_ns "$SUB" traceroute -I -n -w 2 -m 6 "$FAR4"
trace_check "traceroute -T -p 80 (TCP SYN) $FAR4" 10.0.0.1 198.51.100.2 "$FAR4" -- \
	in_ns "$SUB" traceroute -T -p 80 -n -w 2 -m 6 "$FAR4"
trace_check "traceroute -6 (UDP) $FAR6" 2001:db8:10::1 2001:db8:20::2 "$FAR6" -- \
	in_ns "$SUB" traceroute -6 -n -w 2 -m 6 "$FAR6"
trace_check "traceroute -6 -I (ICMPv6) $FAR6" 2001:db8:10::1 2001:db8:20::2 "$FAR6" -- \
	in_ns "$SUB" traceroute -6 -I -n -w 2 -m 6 "$FAR6"

# ---- path MTU ---------------------------------------------------------------

run_check "tracepath $FAR4: pmtu 1400 at bngd" \
	'^ *1: +10\.0\.0\.1 ' '^ *[12]: +10\.0\.0\.1 .*pmtu 1400' '^ *2: +198\.51\.100\.2 ' \
	'^ *3: +203\.0\.113\.2 .*reached' 'Resume: pmtu 1400 hops 3 back 3' -- \
	in_ns "$SUB" tracepath -n "$FAR4"
run_check "tracepath -6 $FAR6: pmtu 1400 at bngd" \
	'^ *1: +2001:db8:10::1 ' '^ *[12]: +2001:db8:10::1 .*pmtu 1400' '^ *2: +2001:db8:20::2 ' \
	'^ *3: +2001:db8:30::2 .*reached' 'Resume: pmtu 1400 hops 3 back 3' -- \
	in_ns "$SUB" tracepath -6 -n "$FAR6"
# IPv4 with DF to the net host (tracepath taught the kernel only the far
# host's PMTU): the first request gets frag needed from bngd's access address.
run_check "ping -M do -s 1450 198.51.100.2: frag needed (mtu 1400) from 10.0.0.1" \
	'^From 10\.0\.0\.1 icmp_seq=1 Frag needed and DF set \(mtu = 1400\)' -- \
	in_ns "$SUB" ping -n -M do -s 1450 -c 1 -W 2 198.51.100.2
run_check "ping -6 -s 1450 2001:db8:20::2: packet too big (mtu 1400) from 2001:db8:10::1, then replies" \
	'^From 2001:db8:10::1 icmp_seq=1 Packet too big: mtu=1400' \
	'bytes from 2001:db8:20::2: icmp_seq=[23] ttl=63' -- \
	in_ns "$SUB" ping -6 -n -s 1450 -c 3 -i 0.3 -W 2 2001:db8:20::2

# ---- fragmented requests to the appliance and across it --------------------

# IPv6 fragments reach bngd as they are: it reassembles the requests to its
# own address and fragments its replies (access0's MTU is 1500). IPv4
# fragments are reassembled by the af_packet socket (see AFP above), so bngd
# gets whole 3028-byte datagrams and fragments only its replies.
reass0=$(counter reassembled)
frag0=$(counter fragmented)
run_check "ping -6 -s 3000 2001:db8:10::1 (bngd reassembles, fragments its reply)" \
	'^3 packets transmitted, 3 received' '^3008 bytes from 2001:db8:10::1: icmp_seq=1 ttl=64' -- \
	in_ns "$SUB" ping -6 -n -s 3000 -c 3 -i 0.2 -W 2 2001:db8:10::1
reass1=$(counter reassembled)
if [ "$reass1" -ge $((reass0 + 3)) ] 2>/dev/null; then
	pass "ip.reassembled counted the 3 IPv6 requests ($reass0 -> $reass1)"
else
	fail "ip.reassembled did not count the 3 IPv6 requests ($reass0 -> $reass1)" \
		"$("$BNGCTL" -s "$SOCK" show counters json 2>&1)"
fi
run_check "ping -s 3000 10.0.0.1 (bngd fragments its reply)" \
	'^3 packets transmitted, 3 received' '^3008 bytes from 10\.0\.0\.1: icmp_seq=1 ttl=64' -- \
	in_ns "$SUB" ping -n -s 3000 -c 3 -i 0.2 -W 2 10.0.0.1
frag1=$(counter fragmented)
if [ "$frag1" -ge $((frag0 + 6)) ] 2>/dev/null; then
	pass "ip.fragmented counted the 6 replies ($frag0 -> $frag1)"
else
	fail "ip.fragmented did not count the 6 replies ($frag0 -> $frag1)"
fi
# Across bngd: fragmented datagrams both ways (IPv6 fragments are forwarded
# as they are, IPv4 ones are refragmented to the egress MTU).
run_check "ping -s 3000 $FAR4 across bngd" \
	'^2 packets transmitted, 2 received' "^3008 bytes from $FAR4: icmp_seq=1 ttl=62" -- \
	in_ns "$SUB" ping -n -s 3000 -c 2 -i 0.2 -W 2 "$FAR4"
run_check "ping -6 -s 3000 $FAR6 across bngd" \
	'^2 packets transmitted, 2 received' "^3008 bytes from $FAR6: icmp_seq=1 ttl=62" -- \
	in_ns "$SUB" ping -6 -n -s 3000 -c 2 -i 0.2 -W 2 "$FAR6"
run_check "ping -s 3000 from the far host to the subscriber" \
	'^2 packets transmitted, 2 received' '^3008 bytes from 10\.0\.0\.2: icmp_seq=1 ttl=62' -- \
	in_ns "$FAR" ping -n -s 3000 -c 2 -i 0.2 -W 2 10.0.0.2
run_check "ping -6 -s 3000 from the far host to the subscriber" \
	'^2 packets transmitted, 2 received' '^3008 bytes from 2001:db8:10::2: icmp_seq=1 ttl=62' -- \
	in_ns "$FAR" ping -6 -n -s 3000 -c 2 -i 0.2 -W 2 2001:db8:10::2

# ---- no route ---------------------------------------------------------------

run_check "ping 192.0.2.1 (no route): net unreachable from 10.0.0.1" \
	'^From 10\.0\.0\.1 icmp_seq=1 Destination Net Unreachable' -- \
	in_ns "$SUB" ping -n -c 1 -W 2 192.0.2.1
run_check "ping -6 2001:db8:99::1 (no route): no route from 2001:db8:10::1" \
	'^From 2001:db8:10::1 icmp_seq=1 Destination unreachable: No route' -- \
	in_ns "$SUB" ping -6 -n -c 1 -W 2 2001:db8:99::1

# ---- counters ---------------------------------------------------------------

"$BNGCTL" -s "$SOCK" show counters json >"$work/counters.json" 2>&1
for c in icmp_time_exceeded icmp_frag_needed icmp_too_big icmp_unreachable echo_replies \
	fragmented reassembled; do
	v=$(counter "$c")
	if [ "$v" -gt 0 ] 2>/dev/null; then
		pass "counter ip.$c = $v"
	else
		fail "counter ip.$c is ${v} (want > 0)" "$(cat "$work/counters.json")"
	fi
done

# Every packet bngd dropped was dropped for a reason this test provoked
# (multicast: the hosts' MLD reports).
unexpected=$(/usr/bin/python3 -c '
import json, sys
want = {"multicast_not_routed", "ttl_exceeded", "no_route", "fragmentation_needed",
        "packet_too_big"}
j = json.load(open(sys.argv[1]))
print(" ".join("%s=%s" % kv for kv in sorted(j.get("drops", {}).items()) if kv[0] not in want))
' "$work/counters.json" 2>&1)
if [ -z "$unexpected" ]; then
	pass "no drops but the expected ones"
else
	fail "unexpected drops: $unexpected" "$(cat "$work/counters.json")"
fi

# ---- clean stop -------------------------------------------------------------

kill -INT "$BNGD_PID"
rc=0
wait "$BNGD_PID" || rc=$?
BNGD_PID=
rm -rf "/var/run/dpdk/$PREFIX"
if [ "$rc" = 0 ]; then
	pass "bngd stopped cleanly on SIGINT"
else
	fail "bngd exited $rc on SIGINT" "$(grep -v '^EAL' "$work/bngd.log")"
fi

echo "router: $passes passed, $failures failed"
[ "$failures" = 0 ] || { grep -v '^EAL' "$work/bngd.log" | sed 's/^/    bngd: /'; exit 1; }
exit 0
