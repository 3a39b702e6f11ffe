#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Print the ports, routes and neighbors of a replay configuration: PCAP
# replayed forever into access0 (net_pcap, infinite_rx), everything routed
# out of core0 (net_null) towards 198.51.100.2. Callers add eal, dataplane
# and sessions to suit (scripts/bench.sh, tests/console/capture.sh).
# With CORE_PCAP, core0 replays that file forever too (net_pcap, its TX
# dropped) and the subscribers' 100.64.0.0/10 is routed back out of access0
# via 10.0.0.2: traffic both ways (scripts/bench.sh's NAT cases).
# Usage: scripts/replay_conf.sh PCAP [CORE_PCAP]
set -euo pipefail
if [ $# -lt 2 ]; then
	cat <<CONF
ports = (
  { name = "access0"; device = "net_pcap0,rx_pcap=$1,infinite_rx=1"; role = "access";
    mac = "02:00:00:00:10:01"; address = [ "10.0.0.1/8" ]; },
  { name = "core0"; device = "net_null0,no-rx=1"; role = "core";
    mac = "02:00:00:00:20:01"; address = [ "198.51.100.1/24" ]; }
);
routes = ( { prefix = "0.0.0.0/0"; via = "198.51.100.2"; } );
neighbors = ( { port = "core0"; address = "198.51.100.2"; mac = "02:00:00:00:20:02"; } );
CONF
	exit 0
fi
cat <<CONF
ports = (
  { name = "access0"; device = "net_pcap0,rx_pcap=$1,infinite_rx=1"; role = "access";
    mac = "02:00:00:00:10:01"; address = [ "10.0.0.1/8" ]; },
  { name = "core0"; device = "net_pcap1,rx_pcap=$2,infinite_rx=1"; role = "core";
    mac = "02:00:00:00:20:01"; address = [ "198.51.100.1/24" ]; }
);
routes = (
  { prefix = "0.0.0.0/0"; via = "198.51.100.2"; },
  { prefix = "100.64.0.0/10"; via = "10.0.0.2"; }
);
neighbors = (
  { port = "core0"; address = "198.51.100.2"; mac = "02:00:00:00:20:02"; },
  { port = "access0"; address = "10.0.0.2"; mac = "02:00:00:00:10:02"; }
);
CONF
