#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# bngd's main job on its built-in configuration, end to end on any Linux box:
# installs what is missing, builds, starts `bngd` (no -c: the built-in copy of
# conf/bngd.conf, two TAP ports), puts a subscriber host behind the access
# port and an internet host behind the core port (network namespaces), runs
# real traffic through it (ping, ping -6, an HTTP download, UDP), shows what
# arrived on the far side and bngd's own counters.
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
lab_default_hosts "$SUB" "$NET"

echo "== subscriber 10.0.0.2 (namespace $SUB) -> bngd -> internet host 198.51.100.2 ($NET)"
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
for c in "show sessions" "show workers" "show counters"; do
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
