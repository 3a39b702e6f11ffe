#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# DHCP relay mode against a real server: dnsmasq on the core side hands out
# the addresses, bngd relays (giaddr, option 82 with circuit id "access0" and
# remote id "bng-test", stripped from the replies).
#
#  bngrly-c (dhclient, raw client)  --veth--  access0 10.0.0.1/24
#  bngrly-out (dnsmasq 198.51.100.53) --veth-- core0 198.51.100.1/24
#
# Checks: the server matched our circuit id (it sends a domain only to
# "access0"), the client sees no option 82, dhclient's lease comes from
# dnsmasq's range, the relayed ACK made a subscriber (anti-spoofing passes
# it; it pings the server's side), RELEASE ends it; relay counters.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lab.sh"
TAG=relay
BNGD=${BNGD:-$top/build/app/bngd}
BNGCTL=${BNGCTL:-$top/build/cli/bngctl/bngctl}
PY=/usr/bin/python3

C=bngrly-c OUT=bngrly-out
A0=bngrly-a0 A1=bngrly-a1 O0=bngrly-o0 O1=bngrly-o1
SERVER=198.51.100.53
PREFIX=bngrly_$$
work=$(mktemp -d /tmp/bngrly.XXXXXX)
SOCK=$work/c.sock
LOG=$work/bngd.log
BNGD_PID=
. "$top/tests/checks.sh"

NAMESPACES="$C $OUT" LINKS="$A0 $O0"
lab_traps RELAY_KEEP
ctl() { "$BNGCTL" -s "$SOCK" "$@"; }

for tool in ip ethtool dhclient dnsmasq; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
for ns in "$C" "$OUT"; do
	ip netns add "$ns" || die "no namespace"
	ip -n "$ns" link set lo up
	in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null
done
ip link add "$A0" type veth peer name "$A1" netns "$C" || die "no veth"
ip link add "$O0" type veth peer name "$O1" netns "$OUT" || die "no veth"
lab_root_if "$A0"
lab_root_if "$O0"
lab_host_if "$C" "$A1" 02:00:00:00:14:02
lab_host_if "$OUT" "$O1" 02:00:00:00:20:02
ip -n "$OUT" addr add "$SERVER/24" dev "$O1"
ip -n "$OUT" route add 10.0.0.0/24 via 198.51.100.1

# The server: a range for the relay's subnet, and a domain name only for
# requests whose circuit id is "access0".
in_ns "$OUT" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --bind-interfaces \
	--interface="$O1" --dhcp-range=10.0.0.100,10.0.0.150,255.255.255.0,600 \
	--dhcp-option=3,10.0.0.1 --dhcp-option=6,192.0.2.53 \
	--dhcp-circuitid=set:ours,access0 --dhcp-option=tag:ours,15,relayed.example \
	--dhcp-leasefile="$work/dnsmasq.leases" --log-dhcp --log-facility="$work/dnsmasq.log" \
	--pid-file="$work/dnsmasq.pid" >/dev/null 2>&1 &

cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0"; role = "access";
    anti_spoofing = true; address = [ "10.0.0.1/24" ]; },
  { name = "core0"; device = "net_af_packet1,iface=$O0"; role = "core";
    address = [ "198.51.100.1/24" ]; }
);
dhcp = { mode = "relay"; servers = [ "$SERVER" ]; remote_id = "bng-test"; };
EOF
"$BNGD" --check-config -c "$work/bngd.conf" >"$work/check.log" 2>&1 ||
	die "configuration rejected: $(cat "$work/check.log")"
bngd_start "$work/bngd.conf" "$SOCK"

# 1. a raw client: what comes back, byte by byte
out=$(in_ns "$C" "$PY" "$top/tests/ipoe/dhcp_clients.py" "$A1" relayed 2>&1)
verdicts "" 'tail -5 "$work/dnsmasq.log" 2>/dev/null' <<<"$out"

# 2. dhclient through the relay
cat >"$work/hook" <<EOF
#!/bin/sh
[ "\$reason" = BOUND ] || [ "\$reason" = RELEASE ] || exit 0
echo "\$reason \$new_ip_address \$new_domain_name" >>"$work/hook.out"
[ "\$reason" = BOUND ] && ip addr add "\$new_ip_address/\$new_subnet_mask" dev "\$interface" &&
	ip route replace default via "\$new_routers"
exit 0
EOF
chmod +x "$work/hook"
if in_ns "$C" timeout 30 dhclient -v -1 -sf "$work/hook" -lf "$work/c.leases" -pf "$work/c.pid" \
	"$A1" >"$work/dhclient.log" 2>&1; then
	ip_c=$(awk '$1 == "BOUND" { print $2 }' "$work/hook.out" | tail -1)
	case "$ip_c" in
	10.0.0.1[0-4][0-9] | 10.0.0.150) pass "dhclient: $ip_c from dnsmasq's range, through the relay" ;;
	*) fail "dhclient address \"$ip_c\"" "$(cat "$work/hook.out")" ;;
	esac
else
	fail "dhclient got no lease through the relay" "$(tail -10 "$work/dhclient.log"; tail -10 "$work/dnsmasq.log")"
fi
check_sub=$(ctl show subscribers json)
[ "$(jget "$check_sub" '[s["address"] for s in d["subscribers"]]')" = "['${ip_c:-none}']" ] &&
	pass "show subscribers: the relayed ACK made $ip_c a subscriber" || fail "show subscribers" "$check_sub"
if in_ns "$C" ping -c 3 -i 0.2 -W 2 "$SERVER" >/dev/null 2>&1; then
	pass "the relayed subscriber reaches the server's side (anti-spoofing on)"
else
	fail "relayed subscriber cannot ping $SERVER" "$(ctl show counters json)"
fi
in_ns "$C" timeout 20 dhclient -r -sf "$work/hook" -lf "$work/c.leases" -pf "$work/c.pid" "$A1" \
	>>"$work/dhclient.log" 2>&1
sleep 0.3
n=$(jget "$(ctl show subscribers json)" 'len(d["subscribers"])')
[ "$n" = 0 ] && pass "RELEASE relayed: the subscriber is gone" || fail "after RELEASE: $n subscribers"
st=$(ctl show dhcp relay json)
[ "$(jget "$st" 'd["counters"]["to_server"] >= 4 and d["counters"]["to_client"] >= 3 and d["counters"]["bound"] >= 1')" = True ] &&
	pass "relay counters: $(jget "$st" 'd["counters"]')" || fail "relay counters" "$st"
summary
