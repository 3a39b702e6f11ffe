#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The kernel exception path: a core host talks TCP and UDP to the
# appliance's own address; bngd answers pings itself and hands the rest to
# its TUN interface, where a Linux network stack (a namespace here) runs the
# services; the kernel's answers leave through bngd's FIB.
#
#  bnghost-out 198.51.100.2  --veth--  core0 198.51.100.1/24, 2001:db8:20::1/64
#  bnghost-k: the TUN "bnghost0", given 198.51.100.1/32 and 2001:db8:20::1/128,
#             an HTTP server on 198.51.100.1:8080
#
# Checks: an HTTP download from the box's address (TCP through the kernel),
# a UDP datagram to a closed port answered by the kernel's port unreachable,
# IPv6 the same way, ping still answered by bngd, the counters.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lab.sh"
TAG=host
BNGD=${BNGD:-$top/build/app/bngd}
BNGCTL=${BNGCTL:-$top/build/cli/bngctl/bngctl}
PY=/usr/bin/python3

OUT=bnghost-out K=bnghost-k
O0=bnghost-o0 O1=bnghost-o1 TUN=bnghost0
PREFIX=bnghost_$$
work=$(mktemp -d /tmp/bnghost.XXXXXX)
SOCK=$work/c.sock
LOG=$work/bngd.log
BNGD_PID=
. "$top/tests/checks.sh"

NAMESPACES="$OUT $K" LINKS=$O0
lab_traps HOST_KEEP
ctl() { "$BNGCTL" -s "$SOCK" "$@"; }

for tool in ip ethtool curl; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
[ -c /dev/net/tun ] || die "no /dev/net/tun"
for ns in "$OUT" "$K"; do
	ip netns add "$ns" || die "no namespace"
	ip -n "$ns" link set lo up
done
ip link add "$O0" type veth peer name "$O1" netns "$OUT" || die "no veth"
lab_root_if "$O0"
lab_host_if "$OUT" "$O1" 02:00:00:00:20:02
in_ns "$OUT" sysctl -qw "net.ipv6.conf.$O1.accept_dad=0" >/dev/null
ip -n "$OUT" addr add 198.51.100.2/24 dev "$O1"
ip -n "$OUT" -6 addr add 2001:db8:20::2/64 dev "$O1" nodad

cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; };
ports = (
  { name = "core0"; device = "net_af_packet0,iface=$O0"; role = "core";
    address = [ "198.51.100.1/24", "2001:db8:20::1/64" ]; }
);
exception_path = { interface = "$TUN"; };
EOF
bngd_start "$work/bngd.conf" "$SOCK"

# The kernel side: the TUN moves to its own namespace (bngd keeps its file
# descriptor) and gets the box's addresses, where the services listen.
ip link set "$TUN" netns "$K" || die "cannot move $TUN"
ip -n "$K" link set "$TUN" up
ip -n "$K" addr add 198.51.100.1/32 dev "$TUN"
in_ns "$K" sysctl -qw "net.ipv6.conf.$TUN.accept_dad=0" >/dev/null 2>&1
ip -n "$K" -6 addr add 2001:db8:20::1/128 dev "$TUN" nodad
ip -n "$K" route add default dev "$TUN"
ip -n "$K" -6 route add default dev "$TUN"
head -c 300000 /dev/urandom >"$work/file.bin"
# (not http.server: it looks its address up in the DNS, through bngd, first)
SERVE='
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 8080))
s.listen(5)
data = open(sys.argv[2], "rb").read()
while True:
    c, _ = s.accept()
    c.recv(4096)
    c.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(data) + data)
    c.close()
'
ip netns exec "$K" "$PY" -c "$SERVE" 198.51.100.1 "$work/file.bin" >"$work/http.log" 2>&1 &
for _ in $(seq 50); do
	in_ns "$K" ss -Hltn 'sport = :8080' | grep -q . && break
	sleep 0.1
done
in_ns "$K" ss -Hltn 'sport = :8080' | grep -q . || fail "the kernel side's HTTP server did not start" "$(cat "$work/http.log")"

[ -n "${HOST_DEBUG:-}" ] && { in_ns "$OUT" tshark -i "$O1" -n -a duration:6 >"$work/out.cap.txt" 2>/dev/null & in_ns "$K" tshark -i "$TUN" -n -a duration:6 >"$work/k.cap.txt" 2>/dev/null & sleep 2; }
got=$(in_ns "$OUT" curl -s --max-time 10 http://198.51.100.1:8080/file.bin | sha256sum | cut -c1-16)
want=$(sha256sum <"$work/file.bin" | cut -c1-16)
[ "$got" = "$want" ] && pass "HTTP download from the box's address: 300000 bytes through the kernel" ||
	fail "HTTP download through the exception path (sha $got, want $want)" "$(ctl show exception-path)"

UDP_PROBE='
import socket, sys
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.settimeout(2)
s.connect((sys.argv[1], 9))
s.send(b"anyone?")
try:
    s.recv(100)
    print("answered")
except ConnectionRefusedError:
    print("refused")
except socket.timeout:
    print("silence")
'
for a in 198.51.100.1 2001:db8:20::1; do
	r=$(in_ns "$OUT" "$PY" -c "$UDP_PROBE" "$a")
	[ "$r" = refused ] && pass "UDP to a closed port of $a: the kernel's port unreachable came back" ||
		fail "UDP to $a: $r"
done
if in_ns "$OUT" ping -c 2 -i 0.2 -W 2 198.51.100.1 >/dev/null 2>&1; then pass "ping 198.51.100.1: bngd itself answers"; else fail "ping 198.51.100.1"; fi
st=$(ctl show exception-path json)
[ "$(jget "$st" 'd["to_kernel"] > 10 and d["from_kernel"] > 10 and d["to_kernel_failed"] == 0')" = True ] &&
	pass "show exception-path: $(jget "$st" 'd["to_kernel"]') to the kernel, $(jget "$st" 'd["from_kernel"]') from it" ||
	fail "show exception-path" "$st"
unhandled=$(jget "$(ctl show counters json)" 'd["drops"].get("to_appliance_unhandled", 0)')
[ "$unhandled" = 0 ] && pass "nothing for the box dropped as unhandled" ||
	fail "to_appliance_unhandled=$unhandled"
summary
