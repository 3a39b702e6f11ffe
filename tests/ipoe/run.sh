#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# IPoE test: real DHCP clients get their addresses from bngd's DHCP server
# and reach a host on the core side through it, with no static neighbour
# anywhere: bngd answers ARP for its addresses and resolves the host.
#
#  bngipoe-c1 (dhclient)   access0 10.0.0.1/24, tenant 0, pool 10.0.0.100-199
#    bngipoe-a1 --veth-- bngipoe-a0
#  bngipoe-c2 (udhcpc)     access1 10.0.1.1/24, tenant 1, pool 10.0.1.0/24
#    bngipoe-b1 --veth-- bngipoe-b0
#  bngipoe-out             core0 198.51.100.1/24; the host 198.51.100.2
#    bngipoe-o1 --veth-- bngipoe-o0      routes 10.0.0.0/15 via 198.51.100.1
#
# Checks: leases with the configured options (mask, router, DNS, domain,
# lease time), both clients ping the core host, the console's leases, pools,
# neighbours; anti-spoofing drops a source the client was not given; a
# renewal keeps the address; RELEASE frees it (and the subscriber route);
# bngd killed with SIGKILL and restarted: leases and subscribers back from
# the lease file, the client renews its address and pings again.
#
# Every check prints PASS or FAIL; exits 1 if any failed. Needs root, ip,
# ethtool, dhclient (isc-dhcp-client), busybox (udhcpc).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lab.sh"
TAG=ipoe
BNGD=${BNGD:-$top/build/app/bngd}
BNGCTL=${BNGCTL:-$top/build/cli/bngctl/bngctl}
PY=/usr/bin/python3

C1=bngipoe-c1 C2=bngipoe-c2 OUT=bngipoe-out
A0=bngipoe-a0 A1=bngipoe-a1 B0=bngipoe-b0 B1=bngipoe-b1 O0=bngipoe-o0 O1=bngipoe-o1
C1_MAC=02:00:00:00:11:02
C2_MAC=02:00:00:00:12:02
OUT_MAC=02:00:00:00:20:02
HOST=198.51.100.2

PREFIX=bngipoe_$$
work=$(mktemp -d /tmp/bngipoe.XXXXXX)
SOCK=$work/c.sock
METRICS=127.0.0.1:$((20000 + $$ % 10000))
LEASES=$work/dhcp.leases
BNGD_PID=
. "$top/tests/checks.sh"
LOG=$work/bngd.log

NAMESPACES="$C1 $C2 $OUT" LINKS="$A0 $B0 $O0"
lab_traps IPOE_KEEP

for tool in ip ethtool dhclient busybox curl; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
[ -x "$BNGD" ] || die "no bngd at $BNGD (build first)"

# ---- the lab -------------------------------------------------------------
setup() {
	local ns
	for ns in "$C1" "$C2" "$OUT"; do
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null
		in_ns "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 >/dev/null
	done
	ip link add "$A0" type veth peer name "$A1" netns "$C1" || return 1
	ip link add "$B0" type veth peer name "$B1" netns "$C2" || return 1
	ip link add "$O0" type veth peer name "$O1" netns "$OUT" || return 1
	for l in "$A0" "$B0" "$O0"; do
		lab_root_if "$l"
	done
	lab_host_if "$C1" "$A1" "$C1_MAC"
	lab_host_if "$C2" "$B1" "$C2_MAC"
	# The core host knows nothing of bngd but its address: ARP does the rest.
	lab_host_if "$OUT" "$O1" "$OUT_MAC"
	ip -n "$OUT" addr add "$HOST/24" dev "$O1"
	ip -n "$OUT" route add 10.0.0.0/15 via 198.51.100.1
	# IPv6 for c2 (SLAAC from bngd's router advertisements) and the host
	for ns in "$C2" "$OUT"; do
		in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 >/dev/null
		in_ns "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=0 >/dev/null
	done
	in_ns "$C2" sysctl -qw "net.ipv6.conf.$B1.disable_ipv6=0" "net.ipv6.conf.$B1.accept_ra=1" \
		"net.ipv6.conf.$B1.autoconf=1" "net.ipv6.conf.$B1.accept_dad=0" >/dev/null
	in_ns "$OUT" sysctl -qw "net.ipv6.conf.$O1.disable_ipv6=0" "net.ipv6.conf.$O1.accept_dad=0" >/dev/null
	ip -n "$OUT" -6 addr add 2001:db8:20::2/64 dev "$O1" nodad
	ip -n "$OUT" -6 route add 2001:db8:11::/64 via 2001:db8:20::1
}
setup || die "could not build the namespaces"

cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0"; role = "access"; tenant = 0;
    anti_spoofing = true; subscriber_vlans = true; address = [ "10.0.0.1/24" ]; },
  { name = "access1"; device = "net_af_packet1,iface=$B0"; role = "access"; tenant = 1;
    address = [ "10.0.1.1/24", "2001:db8:11::1/64" ]; ra = { interval_s = 4; }; },
  { name = "core0"; device = "net_af_packet2,iface=$O0"; role = "core";
    address = [ "198.51.100.1/24", "2001:db8:20::1/64" ]; }
);
tenants = (
  { id = 0; name = "residential"; vrf = 0; services = [ "forward", "counters" ]; },
  { id = 1; name = "business"; vrf = 0; services = [ "forward", "counters" ]; }
);
dhcp = {
  lease_file = "$LEASES";
  pools = (
    { name = "res"; tenant = 0; range = [ "10.0.0.100", "10.0.0.199" ]; mask = "255.255.255.0";
      router = "10.0.0.1"; dns = [ "192.0.2.53", "192.0.2.54" ]; domain = "isp.example";
      lease_time = 600; },
    { name = "biz"; tenant = 1; prefix = "10.0.1.0/24"; router = "10.0.1.1";
      dns = [ "192.0.2.53" ]; lease_time = 900; exclude = [ "10.0.1.2", "10.0.1.3" ]; }
  );
};
EOF
"$BNGD" --check-config -c "$work/bngd.conf" >"$work/check.log" 2>&1 ||
	die "configuration rejected: $(cat "$work/check.log")"

start_bngd() { bngd_start "$work/bngd.conf" "$SOCK"; }
ctl() { "$BNGCTL" -s "$SOCK" "$@"; }

# Client hooks: record what the server gave, configure the interface (no
# resolv.conf is written).
# (dhclient runs its hook with a clean environment: the path is written in.)
cat >"$work/dhclient-hook" <<EOF
#!/bin/sh
out="$work/c1.\$reason"
EOF
cat >>"$work/dhclient-hook" <<'EOF'
for v in reason interface new_ip_address new_subnet_mask new_routers new_domain_name \
	new_domain_name_servers new_broadcast_address new_dhcp_lease_time \
	new_dhcp_renewal_time new_dhcp_rebinding_time; do
	eval "val=\$$v"
	[ -n "$val" ] && echo "$v=$val"
done | sort >"$out"
EOF
cat >>"$work/dhclient-hook" <<'EOF'

case "$reason" in
BOUND|RENEW|REBIND|REBOOT)
	ip addr flush dev "$interface"
	ip addr add "$new_ip_address/$new_subnet_mask" dev "$interface"
	ip route replace default via "$new_routers" ;;
esac
exit 0
EOF
cat >"$work/udhcpc-hook" <<'EOF'
#!/bin/sh
env | grep -E '^(ip|subnet|router|dns|domain|lease|serverid|interface)=' | sort >"$HOOK_OUT.$1"
case "$1" in
bound|renew)
	ip addr flush dev "$interface"
	ip addr add "$ip/$subnet" dev "$interface"
	ip route replace default via "$router" ;;
esac
exit 0
EOF
chmod +x "$work/dhclient-hook" "$work/udhcpc-hook"

# dhclient_run ARGS...: until bound (then it runs on as a daemon, renewing),
# or with -x / -r: stop it (-r releasing the lease first)
dhclient_run() {
	in_ns "$C1" timeout 20 dhclient -v -1 -sf "$work/dhclient-hook" \
		-lf "$work/c1.leases" -pf "$work/c1.pid" "$@" "$A1" >>"$work/dhclient.log" 2>&1
}

start_bngd

# ---- 1. dhclient: DORA and options ---------------------------------------
if dhclient_run; then
	pass "dhclient got a lease"
else
	fail "dhclient got no lease" "$(tail -20 "$work/dhclient.log")"
fi
got=$(cat "$work/c1.BOUND" 2>/dev/null)
want="new_domain_name=isp.example
new_domain_name_servers=192.0.2.53 192.0.2.54
new_routers=10.0.0.1
new_subnet_mask=255.255.255.0"
missing=$(grep -vxFf <(printf '%s\n' "$got") <<<"$want")
[ -z "$missing" ] && pass "dhclient options: mask, router, DNS, domain" ||
	fail "dhclient options" "missing: $missing; got: $got"
c1_ip=$(sed -n 's/^new_ip_address=//p' "$work/c1.BOUND")
case "$c1_ip" in
10.0.0.1[0-9][0-9]) pass "dhclient address $c1_ip from pool res" ;;
*) fail "dhclient address \"$c1_ip\" not in 10.0.0.100-199" ;;
esac
lt=$(sed -n 's/^new_dhcp_lease_time=//p' "$work/c1.BOUND")
t1=$(sed -n 's/^new_dhcp_renewal_time=//p' "$work/c1.BOUND")
t2=$(sed -n 's/^new_dhcp_rebinding_time=//p' "$work/c1.BOUND")
[ "$lt" = 600 ] && [ "$t1" = 300 ] && [ "$t2" = 525 ] &&
	pass "lease 600 s, T1 300 s, T2 525 s" || fail "lease/T1/T2: $lt/$t1/$t2 (want 600/300/525)"

# ---- 2. udhcpc on the other tenant's port ---------------------------------
if in_ns "$C2" env HOOK_OUT="$work/c2" timeout 20 busybox udhcpc -i "$B1" -f -q -n -t 5 \
	-s "$work/udhcpc-hook" >"$work/udhcpc.log" 2>&1; then
	pass "udhcpc got a lease"
else
	fail "udhcpc got no lease" "$(tail -20 "$work/udhcpc.log")"
fi
c2_ip=$(sed -n 's/^ip=//p' "$work/c2.bound" 2>/dev/null)
case "$c2_ip" in
10.0.1.[0-9]*)
	[ "$c2_ip" != 10.0.1.2 ] && [ "$c2_ip" != 10.0.1.3 ] && [ "$c2_ip" != 10.0.1.1 ] &&
		pass "udhcpc address $c2_ip from pool biz (router and exclusions never given)" ||
		fail "udhcpc got an excluded address $c2_ip" ;;
*) fail "udhcpc address \"$c2_ip\" not in 10.0.1.0/24" "$(cat "$work/c2.bound" 2>/dev/null)" ;;
esac
grep -qx "lease=900" "$work/c2.bound" 2>/dev/null && grep -qx "router=10.0.1.1" "$work/c2.bound" &&
	pass "udhcpc options: lease 900 s, router" || fail "udhcpc options" "$(cat "$work/c2.bound" 2>/dev/null)"

# ---- 3. through bngd, no static neighbours --------------------------------
check "c1 pings the core host (ARP both sides)" in_ns "$C1" ping -c 3 -i 0.2 -W 2 "$HOST"
check "c2 pings the core host" in_ns "$C2" ping -c 3 -i 0.2 -W 2 "$HOST"
check "the core host pings c1 back" in_ns "$OUT" ping -c 2 -i 0.2 -W 2 "$c1_ip"

# IPv6: c2 forms its address from bngd's RA (SLAAC), routes via bngd's
# link-local address, and both ends are found by ND (no static neighbour)
v6=
for _ in $(seq 100); do
	v6=$(ip -n "$C2" -6 -o addr show dev "$B1" scope global | awk '{ print $4 }' | cut -d/ -f1 | head -1)
	[ -n "$v6" ] && ip -n "$C2" -6 route show default | grep -q "via fe80::" && break
	sleep 0.2
done
case "$v6" in
2001:db8:11:*) pass "c2 took $v6 from the RA's prefix, default route $(ip -n "$C2" -6 route show default | awk '{ print $3 }')" ;;
*) fail "no SLAAC address from bngd's RA" "$(ip -n "$C2" -6 addr; ip -n "$C2" -6 route; ctl show neighbor statistics)" ;;
esac
check "c2 pings6 the core host (ND both sides, learned hosts)" in_ns "$C2" ping -6 -c 3 -i 0.2 -W 2 2001:db8:20::2
nb=$(ctl show neighbors json)
jget "$nb" '[n for n in d if n["address"] == "'"$v6"'" and n["state"] != "INCOMPLETE"][0]' >/dev/null 2>&1 &&
	pass "show neighbors: $v6 learned by ND" || fail "show neighbors (IPv6)" "$nb"
leases=$(ctl show dhcp leases json)
n=$(jget "$leases" 'len([l for l in d["leases"] if l["state"] == "bound"])')
[ "$n" = 2 ] && pass "show dhcp leases: 2 bound" || fail "show dhcp leases: $n bound" "$leases"
l1=$(jget "$leases" '[l for l in d["leases"] if l["address"] == "'"$c1_ip"'"][0]')
case "$l1" in
*"$C1_MAC"*access0*|*access0*"$C1_MAC"*) pass "lease of $c1_ip: MAC $C1_MAC on access0" ;;
*) fail "lease of $c1_ip" "$l1" ;;
esac
pools=$(ctl show dhcp pools json)
[ "$(jget "$pools" '[p["bound"] for p in d["pools"]]')" = "[1, 1]" ] &&
	[ "$(jget "$pools" '[p["size"] - p["fixed"] for p in d["pools"]]')" = "[100, 251]" ] &&
	pass "show dhcp pools: one bound each, 100 and 251 to give" || fail "show dhcp pools" "$pools"
nb=$(ctl show neighbors json)
jget "$nb" '[n for n in d if n["address"] == "'"$HOST"'" and n.get("mac") == "'"$OUT_MAC"'"][0]' \
	>/dev/null 2>&1 && pass "show neighbors: $HOST resolved to $OUT_MAC" || fail "show neighbors" "$nb"

m=$(curl -s "http://$METRICS/metrics")
grep -q '^bng_dhcp_sent_total{type="ack"} 2$' <<<"$m" &&
	grep -q '^bng_dhcp_pool_bound{pool="res"} 1$' <<<"$m" &&
	grep -q '^bng_neighbor_arp_replies_out_total [1-9]' <<<"$m" &&
	pass "metrics: DHCP acks, pool use, ARP replies" ||
	fail "metrics" "$(grep -E '^bng_(dhcp|neighbor)' <<<"$m")"

ifs=$(ctl show interfaces json)
[ "$(jget "$ifs" '[(i["interface"], i["vlans"], i["anti_spoofing"], i["addresses"]) for i in d][0]')" = "('access0', 'any (subscribers)', True, ['10.0.0.1/24'])" ] &&
	pass "show interfaces: access0 with VLAN subscribers, anti-spoofing, its address" ||
	fail "show interfaces" "$ifs"

# ---- 3b. a subscriber behind S-VLAN 100 / C-VLAN 7 (raw frames: no 8021q here)
out=$(in_ns "$C1" env SERVER=10.0.0.1 "$PY" "$top/tests/ipoe/dhcp_clients.py" "$A1" vlan "$HOST" 2>&1)
verdicts "vlan: " <<<"$out"
leases=$(ctl show dhcp leases json)
[ "$(jget "$leases" '[(l["svlan"], l["cvlan"]) for l in d["leases"] if l.get("svlan")]')" = "[(100, 7)]" ] &&
	pass "the VLAN subscriber's lease keeps S-VLAN 100 and C-VLAN 7" || fail "VLAN lease" "$leases"

# ---- 4. anti-spoofing -----------------------------------------------------
before=$(jget "$(ctl show counters json)" 'd["drops"].get("spoofed_source", 0)')
ip -n "$C1" addr add 10.0.0.250/24 dev "$A1"
if in_ns "$C1" ping -c 3 -i 0.2 -W 1 -I 10.0.0.250 "$HOST" >/dev/null 2>&1; then
	fail "a source c1 was not given passed"
else
	pass "a source c1 was not given gets no answer"
fi
ip -n "$C1" addr del 10.0.0.250/24 dev "$A1"
after=$(jget "$(ctl show counters json)" 'd["drops"].get("spoofed_source", 0)')
[ "$after" -ge $((before + 3)) ] && pass "spoofed_source counted ($before -> $after)" ||
	fail "spoofed_source $before -> $after"

# ---- 5. renewal (INIT-REBOOT) keeps the address, RELEASE frees it ---------
dhclient_run -x
rm -f "$work/c1.REBOOT" "$work/c1.BOUND"
dhclient_run
re_ip=$(sed -n 's/^new_ip_address=//p' "$work/c1.REBOOT" "$work/c1.BOUND" 2>/dev/null | tail -1)
[ "$re_ip" = "$c1_ip" ] && pass "dhclient again: same address $c1_ip" ||
	fail "dhclient again got \"$re_ip\", had $c1_ip"
dhclient_run -r
sleep 0.3
leases=$(ctl show dhcp leases json)
gone=$(jget "$leases" 'len([l for l in d["leases"] if l["address"] == "'"$c1_ip"'"])')
[ "$gone" = 0 ] && pass "RELEASE: the lease of $c1_ip is gone" || fail "RELEASE" "$leases"
ip -n "$C1" addr add "$c1_ip/24" dev "$A1" 2>/dev/null
ip -n "$C1" route replace default via 10.0.0.1
if in_ns "$C1" ping -c 2 -i 0.2 -W 1 "$HOST" >/dev/null 2>&1; then
	fail "released address still passes anti-spoofing"
else
	pass "released address no longer passes"
fi
ip -n "$C1" addr flush dev "$A1"

# ---- 6. SIGKILL and restart: the lease file brings the leases back -------
bngd_stop KILL
start_bngd
leases=$(ctl show dhcp leases json)
back=$(jget "$leases" 'sorted(l["address"] for l in d["leases"] if l["state"] == "bound" and not l.get("svlan"))')
vl=$(jget "$leases" '[(l["svlan"], l["cvlan"]) for l in d["leases"] if l.get("svlan")]')
[ "$back" = "['$c2_ip']" ] && [ "$vl" = "[(100, 7)]" ] &&
	pass "after kill -9: the leases of $c2_ip and of the VLAN subscriber (tags kept) restored" ||
	fail "after kill -9: leases $back, VLANs $vl (want ['$c2_ip'], [(100, 7)])" "$leases"
check "after restart: c2 pings (subscriber back in the FIB)" in_ns "$C2" ping -c 3 -i 0.2 -W 2 "$HOST"
rm -f "$work/c2.renew"
pid=$(ip netns pids "$C2" | head -1)
if in_ns "$C2" env HOOK_OUT="$work/c2" timeout 20 busybox udhcpc -i "$B1" -f -q -n -t 5 \
	-r "$c2_ip" -s "$work/udhcpc-hook" >>"$work/udhcpc.log" 2>&1; then
	new=$(sed -n 's/^ip=//p' "$work/c2.bound")
	[ "$new" = "$c2_ip" ] && pass "udhcpc after restart: same address $c2_ip" ||
		fail "udhcpc after restart got $new, had $c2_ip"
else
	fail "udhcpc after restart got no lease" "$(tail -20 "$work/udhcpc.log")"
fi
st=$(ctl show dhcp statistics json)
[ "$(jget "$st" 'd["stats"]["replay_leases"]')" = 2 ] && pass "statistics: 2 leases replayed" ||
	fail "dhcp statistics" "$st"

bngd_stop
summary
