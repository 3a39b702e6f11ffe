#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Install, from Debian 12's apt, whatever bng needs and is missing.
#   scripts/deps.sh          build and run-time packages
#   scripts/deps.sh test     ... plus what the test suite and the demo use
set -euo pipefail

build_pkgs="dpdk dpdk-dev libdpdk-dev meson ninja-build pkg-config gcc python3
libconfig-dev libedit-dev libcunit1-dev libpcap-dev libjansson-dev libmicrohttpd-dev
libradcli-dev libssl-dev"
test_pkgs="python3-scapy iproute2 iputils-ping ethtool tshark procps curl tmux
traceroute iputils-tracepath stun-client stun-server coturn iperf3 nfdump
isc-dhcp-client busybox dnsmasq pppoe ppp user-mode-linux kmod freeradius
freeradius-utils hping3"

want=$build_pkgs
[ "${1:-}" = test ] && want="$build_pkgs $test_pkgs"

missing=()
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages: ${missing[*]} (run as root to install them)" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
