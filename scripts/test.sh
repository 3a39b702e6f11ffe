#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The whole test suite: installs what is missing (Debian apt), builds, then
# runs the unit tests (CUnit, via meson test), the configuration checks, the
# golden traffic tests (scapy pcaps through bngd over net_pcap, including
# the multi-worker handoff test), the live namespace tests (TAP, and the
# router checked with ping/traceroute/tracepath over af_packet), the console
# (bngctl, metrics, trace, telemetry) and capture tests, and a short
# benchmark smoke run that must print its BENCH lines.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh test
scripts/build.sh

fail=0
step() {
	local name=$1
	shift
	echo "=== $name"
	if "$@"; then
		echo "=== $name: PASS"
	else
		echo "=== $name: FAIL"
		fail=1
	fi
}

step "unit tests" meson test -C build --print-errorlogs
step "configuration checks" tests/config/run.sh
step "golden traffic tests" tests/traffic/run.sh
step "live namespace test" tests/live/run.sh
step "router with Linux tools (af_packet)" tests/router/run.sh
step "NAT with Linux tools: stun, natdiscovery, iperf3 (af_packet)" tests/nat/run.sh
step "rate screens: hping3 SYN, ICMP and UDP floods, a port scan and a sweep beside iperf3 (af_packet)" tests/screen/flood.sh
step "QoS: per-subscriber policer within 5% of its rate, bursts, TCP, both ways (iperf3, af_packet)" tests/qos/run.sh
step "QoS: PPPoE subscribers' profiles by Filter-Id, port or default; DSCP on the wire" tests/qos/pppoe.sh
step "ACL: curl refused by its TCP reset, UDP by its port unreachable, 6 reloads of 4005 rules under traffic without a loss (af_packet)" tests/acl/run.sh
step "IPoE: dhclient and udhcpc leases, ARP, anti-spoofing, restart (af_packet)" tests/ipoe/run.sh
step "DHCP: 10000 clients, option 82, malformed messages, a DISCOVER flood" tests/ipoe/hostile.sh
step "DHCP relay mode against dnsmasq" tests/ipoe/relay.sh
step "kernel exception path (TUN): TCP and UDP to the box's own address" tests/host/run.sh
step "PPPoE: discovery, LCP, PAP and CHAP, IPCP, data in the session, PADT" tests/pppoe/run.sh
step "PPPoE: TCP MSS clamped to the session MTU, both ways" tests/pppoe/mss.sh
step "PPPoE: hostile frames beside a working session" tests/pppoe/hostile.sh
step "PPPoE: 10000 sessions at once, all ended by PADT" tests/pppoe/load.sh
step "PPPoE: a real pppd in User-Mode Linux, PAP and CHAP against FreeRADIUS" tests/pppoe/pppd.sh
step "PPPoE with RADIUS: FreeRADIUS authenticates, assigns, accounts" tests/pppoe/radius.sh
step "console, metrics, trace, telemetry" tests/console/run.sh
step "packet capture (dpdk-dumpcap)" tests/console/capture.sh
step "benchmark smoke" tests/bench/smoke.sh
exit $fail
