#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# bngd's main job on its built-in configuration, end to end on any Linux box:
# installs what is missing, builds, starts `bngd` (no -c: the built-in copy of
# conf/bngd.conf, two TAP ports), puts a subscriber behind the access port
# that gets its address from bngd's DHCP server with a real dhclient, and an
# internet host behind the core port (network namespaces; neither needs a
# static neighbour: bngd answers ARP/ND), runs real traffic through it
# (ping, ping -6, an HTTP download, UDP), shows what arrived on the far side,
# the subscriber, its lease and sessions through bngctl, and bngd's counters.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh test
scripts/build.sh >/dev/null

SUB=bngdemo-sub
NET=bngdemo-net
LAB_BNGD=build/app/bngd
. scripts/lab.sh
work=$(mktemp -d /tmp/bngdemo.XXXXXX)
trap 'lab_cleanup "$SUB" "$NET"; rm -rf "$work"' EXIT
lab_cleanup "$SUB" "$NET"

echo "== starting bngd on its built-in configuration (bngd --print-config shows it)"
lab_start_bngd "$work/bngd.log"
lab_host "$NET" bng-core 02:00:00:00:20:02 198.51.100.2/24 198.51.100.1 02:00:00:00:20:01 \
	2001:db8:20::2/64 2001:db8:20::1 10.0.0.0/24 2001:db8:10::/64

echo "== subscriber (namespace $SUB): dhclient asks bngd for an address"
ip netns add "$SUB"
ip link set bng-access netns "$SUB"
ip -n "$SUB" link set lo up
ip -n "$SUB" link set bng-access address 02:00:00:00:10:02 up
ip netns exec "$SUB" ethtool -K bng-access tx off >/dev/null 2>&1 || true
ip -n "$SUB" -6 addr add 2001:db8:10::2/64 dev bng-access nodad
ip -n "$SUB" -6 route add default via 2001:db8:10::1
cat >"$work/dhclient-hook" <<'EOF'
#!/bin/sh
case "$reason" in
BOUND|RENEW|REBIND|REBOOT)
	ip addr add "$new_ip_address/$new_subnet_mask" dev "$interface"
	ip route replace default via "$new_routers"
	echo "dhclient: $reason $new_ip_address/$new_subnet_mask router $new_routers" \
		"dns $new_domain_name_servers domain $new_domain_name lease ${new_dhcp_lease_time}s" ;;
esac
exit 0
EOF
chmod +x "$work/dhclient-hook"
ip netns exec "$SUB" dhclient -1 -sf "$work/dhclient-hook" -lf "$work/dhclient.leases" \
	-pf "$work/dhclient.pid" bng-access
addr=$(ip -n "$SUB" -4 -o addr show dev bng-access | awk '{ print $4 }')

echo "== subscriber $addr (namespace $SUB) -> bngd -> internet host 198.51.100.2 ($NET)"
ip netns exec "$NET" tshark -i bng-core -n -q -a duration:12 -w "$work/core.pcap" 2>/dev/null &
tshark_pid=$!
head -c 1000000 /dev/urandom >"$work/file.bin"
(cd "$work" && exec ip netns exec "$NET" python3 -m http.server 8080 --bind 198.51.100.2 \
	>/dev/null 2>&1) &
sleep 2
ip netns exec "$SUB" ping -c 3 -i 0.3 198.51.100.2
ip netns exec "$SUB" ping -6 -c 3 -i 0.3 2001:db8:20::2
ip netns exec "$SUB" python3 - <<'PY'
import hashlib, socket, urllib.request
data = urllib.request.urlopen("http://198.51.100.2:8080/file.bin", timeout=10).read()
print("HTTP download through bngd: %d bytes, sha256 %s" % (len(data), hashlib.sha256(data).hexdigest()[:16]))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(5):
    s.sendto(b"subscriber datagram %d" % i, ("198.51.100.2", 40000 + i))
print("UDP: 5 datagrams to 5 ports sent")
PY
wait "$tshark_pid" || true

echo "== what arrived on the internet side (TTL/hop limit already decremented by bngd)"
tshark -n -r "$work/core.pcap" -Y "icmp || icmpv6.type == 128 || udp || tcp.flags.syn == 1" \
	-T fields -e frame.number -e eth.src -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst \
	-e ip.ttl -e ipv6.hlim -e _ws.col.Protocol -e _ws.col.Info 2>/dev/null | head -20

echo "== the operator's view: bngctl (console on /run/bngd.sock) and the metrics endpoint"
for c in "show subscribers" "show dhcp leases" "show dhcp pools" "show neighbors" \
	"show sessions" "show workers" "show counters"; do
	echo "bngctl> $c"
	build/cli/bngctl/bngctl "$c" | sed 's/^/  /' || true
	echo
done
echo "curl -s http://127.0.0.1:9110/metrics | grep -E 'bng_port_(rx|tx)_packets_total|bng_sessions '"
curl -s http://127.0.0.1:9110/metrics | grep -E 'bng_port_(rx|tx)_packets_total|bng_sessions ' | sed 's/^/  /' || true

echo "== bngd's counters (SIGINT: orderly stop)"
kill -INT "$BNGD_PID"
wait "$BNGD_PID" || true
BNGD_PID=
grep -v -E '^(EAL|TELEMETRY|tap_|qdisc|eth_dev_tap)' "$work/bngd.log"
