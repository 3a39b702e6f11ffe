#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Print the ports, routes and neighbors of a replay configuration: PCAP
# replayed forever into access0 (net_pcap, infinite_rx), everything routed
# out of core0 (net_null) towards 198.51.100.2. Callers add eal, dataplane
# and sessions to suit (scripts/bench.sh, tests/console/capture.sh).
# Usage: scripts/replay_conf.sh PCAP
set -euo pipefail
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
