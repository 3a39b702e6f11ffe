#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# DHCP at scale and under abuse: 10000 clients (distinct MACs) from a raw
# socket get 10000 distinct leases; option 82 is echoed and kept with the
# lease; malformed messages (truncated option, option overflow, bad magic
# cookie, wrong hlen, no end, no message type, short) get no reply and are
# counted by reason; a DISCOVER flood from one MAC is rate-limited while
# another MAC, and a real udhcpc, are still served.
#
#  bngdhcp-s (dhcp_clients.py, udhcpc)  --veth--  access0 10.64.0.1/18
#
# Prints PASS/FAIL per check and the DORA rate ("RATE" line); exits 1 if any
# check failed. Needs root, ip, ethtool, busybox, /usr/bin/python3 (scapy).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lab.sh"
TAG=dhcp
BNGD=${BNGD:-$top/build/app/bngd}
BNGCTL=${BNGCTL:-$top/build/cli/bngctl/bngctl}
PY=/usr/bin/python3
N=${DHCP_CLIENTS:-10000}

NS=bngdhcp-s
A0=bngdhcp-a0 A1=bngdhcp-a1
PREFIX=bngdhcp_$$
work=$(mktemp -d /tmp/bngdhcp.XXXXXX)
# fdatasync on tmpfs is cheap: the scale test measures the server, not the disk
leases=$(mktemp -d /dev/shm/bngdhcp.XXXXXX)
SOCK=$work/c.sock
LOG=$work/bngd.log
BNGD_PID=
. "$top/tests/checks.sh"

NAMESPACES=$NS LINKS=$A0
lab_traps DHCP_KEEP
trap 'lab_teardown; rm -rf "$leases"; [ -n "${DHCP_KEEP:-}" ] && echo "dhcp: kept $work" || rm -rf "$work"' EXIT
ctl() { "$BNGCTL" -s "$SOCK" "$@"; }
# clients WHAT...: run dhcp_clients.py in the namespace; its OK/FAIL lines count
clients() {
	local out
	out=$(in_ns "$NS" "$PY" "$top/tests/ipoe/dhcp_clients.py" "$A1" "$@" 2>&1)
	verdicts <<<"$out"
	printf '%s\n' "$out" >>"$work/clients.log"
	LAST=$out
}

for tool in ip ethtool busybox; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
ip netns add "$NS" || die "no namespace"
ip -n "$NS" link set lo up
in_ns "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null
ip link add "$A0" type veth peer name "$A1" netns "$NS" || die "no veth"
lab_root_if "$A0"
lab_host_if "$NS" "$A1" 02:00:00:00:13:02

cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; punt_rate = 500000; punt_burst = 4000; punt_ring = 4096; };
fib = { max_next_hops = 16384; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0,framecnt=4096"; role = "access";
    anti_spoofing = true; address = [ "10.64.0.1/18" ]; }
);
dhcp = {
  lease_file = "$leases/dhcp.leases";
  max_leases = 16384;
  pools = (
    { name = "big"; prefix = "10.64.0.0/18"; router = "10.64.0.1"; dns = [ "192.0.2.53" ];
      lease_time = 3600; }
  );
};
EOF
BNGD_MEM=1024 bngd_start "$work/bngd.conf" "$SOCK"

export SERVER=10.64.0.1
clients many "$N"
grep '^RATE' <<<"$LAST" | sed 's/^RATE /BENCH name=/'
if [ -n "${DHCP_BENCH_ONLY:-}" ]; then
	summary
	exit
fi
pools=$(ctl show dhcp pools json)
[ "$(jget "$pools" 'd["pools"][0]["bound"]')" = "$N" ] && pass "show dhcp pools: $N bound" ||
	fail "show dhcp pools" "$pools
$(ctl show dhcp statistics json | head -40)
$(ctl show counters json | head -30)
$(ctl show ports json | head -30)"

clients option82
a82=$(sed -n 's/^ADDR82 //p' <<<"$LAST")
l=$(ctl show dhcp leases address "$a82" json)
[ "$(jget "$l" 'd["leases"][0].get("circuit_id")')" = "$(printf 'port-7/vlan-100' | od -An -tx1 | tr -d ' \n')" ] &&
	[ "$(jget "$l" 'd["leases"][0].get("remote_id")')" = "$(printf 'cpe-0007' | od -An -tx1 | tr -d ' \n')" ] &&
	pass "option 82 circuit and remote id kept with the lease" || fail "option 82 in the lease" "$l"

clients malformed
st=$(ctl show dhcp statistics json)
bad=$(jget "$st" 'sorted(k for k, v in d["malformed"].items() if v == 1)')
[ "$bad" = "['bad_hlen', 'bad_magic_cookie', 'missing_end', 'missing_message_type', 'option_overflow', 'short_message', 'truncated_option']" ] &&
	pass "each malformation counted by name" || fail "malformed counters: $bad" "$st"

clients flood 300
st=$(ctl show dhcp statistics json)
rl=$(jget "$st" 'd["reasons"].get("rate_limited", 0)')
[ "$rl" -ge 250 ] && pass "rate_limited counted ($rl)" || fail "rate_limited $rl" "$st"
cat >"$work/udhcpc-hook" <<EOF
#!/bin/sh
[ "\$1" = bound ] && echo "\$ip" >"$work/udhcpc.ip"
exit 0
EOF
chmod +x "$work/udhcpc-hook"
if in_ns "$NS" timeout 20 busybox udhcpc -i "$A1" -f -q -n -t 5 -s "$work/udhcpc-hook" \
	>"$work/udhcpc.log" 2>&1 && [ -s "$work/udhcpc.ip" ]; then
	pass "a real client (udhcpc) still gets a lease: $(cat "$work/udhcpc.ip")"
else
	fail "udhcpc after the abuse" "$(tail -10 "$work/udhcpc.log")"
fi
kill -0 "$BNGD_PID" 2>/dev/null && pass "bngd still running" || fail "bngd died"
summary
