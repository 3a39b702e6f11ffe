#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Capture from a running bngd with dpdk-dumpcap (rte_pdump). The capture
# tool is a DPDK secondary process and needs a primary on hugepages, so the
# test takes 512 x 2 MB pages for its run and gives them back; where none
# can be had it says so and skips.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
BNGD=${BNGD:-$top/build/app/bngd}
work=$(mktemp -d /tmp/bngcap.XXXXXX)
old_pages=$(cat /proc/sys/vm/nr_hugepages 2>/dev/null || echo 0)
mounted=0
pid=
cleanup() {
	[ -n "$pid" ] && kill -INT "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	[ "$mounted" = 1 ] && umount /dev/hugepages 2>/dev/null
	echo "$old_pages" >/proc/sys/vm/nr_hugepages 2>/dev/null
	rm -rf "$work" /dev/hugepages/bngcap* 2>/dev/null
}
trap cleanup EXIT

command -v dpdk-dumpcap >/dev/null || { echo "SKIP capture: dpdk-dumpcap not installed"; exit 0; }
echo 512 >/proc/sys/vm/nr_hugepages 2>/dev/null
mkdir -p /dev/hugepages
if ! mountpoint -q /dev/hugepages; then
	mount -t hugetlbfs -o pagesize=2M nodev /dev/hugepages 2>/dev/null && mounted=1
fi
free=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
if [ "${free:-0}" -lt 200 ] || ! mountpoint -q /dev/hugepages; then
	echo "SKIP capture: no hugepages could be had here (HugePages_Free=${free:-0})"
	exit 0
fi

python3 "$top/tests/bench/gen_flows.py" "$work/in.pcap" 100
{
	cat <<CONF
eal = { args = [ "-l", "0-1", "--no-pci", "-m", "256", "--file-prefix", "bngcap",
                 "--log-level", "*:error" ]; };
dataplane = { idle_sleep_us = 20; };
CONF
	"$top/scripts/replay_conf.sh" "$work/in.pcap"
} >"$work/cap.conf"
"$BNGD" -c "$work/cap.conf" --console "$work/c.sock" --metrics none >"$work/bngd.log" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q "^bngd .* workers" "$work/bngd.log" && break; sleep 0.2; done
if ! timeout 20 dpdk-dumpcap --file-prefix=bngcap -i net_null0 -c 30 -w "$work/core.pcapng" -q \
	>"$work/dumpcap.log" 2>&1; then
	echo "FAIL capture: dpdk-dumpcap: $(cat "$work/dumpcap.log")"
	exit 1
fi
n=$(tshark -r "$work/core.pcapng" -Y "udp.dstport == 53 && eth.src == 02:00:00:00:20:01 && ip.ttl == 63" 2>/dev/null | wc -l)
if [ "$n" -ge 30 ]; then
	echo "PASS capture: dpdk-dumpcap took $n forwarded frames off core0 of a running bngd"
else
	echo "FAIL capture: $n matching frames in the capture"
	tshark -r "$work/core.pcapng" 2>/dev/null | head -5
	exit 1
fi
