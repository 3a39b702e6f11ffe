# SPDX-License-Identifier: BSD-3-Clause
#
# Helpers for live labs around bngd's TAP ports, sourced by scripts/demo.sh
# and tests/live/run.sh. Hosts use the addresses and MACs that
# conf/bngd.conf lists as static neighbors.

# lab_start_bngd LOG [bngd args...]: start bngd in the background (pid in
# $BNGD_PID) and wait until it has configured its ports: the TAPs exist
# from EAL start but must not move into namespaces before that.
lab_start_bngd() {
	local log=$1
	shift
	"$LAB_BNGD" "$@" >"$log" 2>&1 &
	BNGD_PID=$!
	for _ in $(seq 150); do
		grep -q "^bngd .* workers" "$log" && return 0
		kill -0 "$BNGD_PID" 2>/dev/null || break
		sleep 0.2
	done
	cat "$log" >&2
	echo "lab: bngd did not start" >&2
	return 1
}

# lab_host NS IF MAC ADDR4 GW4 GWMAC ADDR6 GW6 [ROUTE4 ROUTE6]: move TAP IF
# into a new namespace NS as a host with static neighbor entries for its
# gateway (the appliance answers no ARP/ND yet).
lab_host() {
	local ns=$1 ifn=$2
	ip netns add "$ns"
	ip link set "$ifn" netns "$ns"
	ip -n "$ns" link set lo up
	ip -n "$ns" link set "$ifn" address "$3" up
	ip netns exec "$ns" ethtool -K "$ifn" tx off >/dev/null 2>&1 || true
	ip -n "$ns" addr add "$4" dev "$ifn"
	ip -n "$ns" -6 addr add "$7" dev "$ifn" nodad
	ip -n "$ns" neigh add "$5" lladdr "$6" dev "$ifn" nud permanent
	ip -n "$ns" -6 neigh add "$8" lladdr "$6" dev "$ifn" nud permanent
	ip -n "$ns" route add "${9:-default}" via "$5"
	ip -n "$ns" -6 route add "${10:-default}" via "$8"
}

# lab_default_hosts SUB NET: the subscriber and internet hosts of conf/bngd.conf.
lab_default_hosts() {
	lab_host "$1" bng-access 02:00:00:00:10:02 10.0.0.2/24 10.0.0.1 02:00:00:00:10:01 \
		2001:db8:10::2/64 2001:db8:10::1
	lab_host "$2" bng-core 02:00:00:00:20:02 198.51.100.2/24 198.51.100.1 02:00:00:00:20:01 \
		2001:db8:20::2/64 2001:db8:20::1 10.0.0.0/24 2001:db8:10::/64
}

# lab_cleanup NS...: stop bngd (SIGINT), kill what runs in the namespaces, delete them.
lab_cleanup() {
	if [ -n "${BNGD_PID:-}" ]; then
		kill -INT "$BNGD_PID" 2>/dev/null && wait "$BNGD_PID" 2>/dev/null || true
		BNGD_PID=
	fi
	for ns in "$@"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
}

# Helpers for labs on af_packet ports (tests/router, nat, acl, qos, screen,
# pppoe): the hosts' veth ends live in namespaces, the other ends stay in
# the root namespace for bngd's net_af_packet.

# in_ns NS CMD...: run CMD in namespace NS.
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# lab_host_if NS IF MAC: bring IF up in NS with MAC, offloads off (or UDP/TCP
# checksums arrive partial).
lab_host_if() {
	ip -n "$1" link set "$2" address "$3" up
	in_ns "$1" ethtool -K "$2" tx off tso off gso off >/dev/null 2>&1 || true
}

# lab_root_if IF: a root-side veth end for af_packet: up, no addresses, no
# IPv6 (so the kernel does not chatter on it), offloads off.
lab_root_if() {
	sysctl -qw "net.ipv6.conf.$1.disable_ipv6=1" >/dev/null
	ip link set "$1" up
	ethtool -K "$1" tx off tso off gso off >/dev/null 2>&1 || true
}

# afp_netns NS [SYSCTL...]: a new namespace NS, lo up, these sysctls
# (net.ipv6.conf.all.disable_ipv6=1 ...) set in it.
afp_netns() {
	local ns=$1 s
	shift
	ip netns add "$ns" || return 1
	ip -n "$ns" link set lo up
	for s in "$@"; do
		in_ns "$ns" sysctl -qw "$s" >/dev/null
	done
}

# afp_veth NS ROOT_IF NS_IF MAC: a veth pair, ROOT_IF in the root namespace
# for bngd's net_af_packet, NS_IF in NS with MAC.
afp_veth() {
	ip link add "$2" type veth peer name "$3" netns "$1" || return 1
	lab_root_if "$2"
	lab_host_if "$1" "$3" "$4"
}

# afp_host NS IF GW GWMAC ROUTE ADDR...: the addresses on IF, bngd's port
# GW (MAC GWMAC) a permanent neighbor, ROUTE ("default" or a prefix) via it.
# An IPv6 GW makes it all IPv6 (the addresses without DAD).
afp_host() {
	local ns=$1 ifn=$2 gw=$3 mac=$4 route=$5 a fam=-4 nodad=
	shift 5
	case $gw in *:*) fam=-6 nodad=nodad ;; esac
	for a in "$@"; do
		ip -n "$ns" $fam addr add "$a" dev "$ifn" $nodad
	done
	ip -n "$ns" $fam neigh add "$gw" lladdr "$mac" dev "$ifn" nud permanent
	ip -n "$ns" $fam route add "$route" via "$gw"
}

# router_lab SUBNS A0 A1 NETNS C0 C1 [SYSCTL...]: the two-namespace lab of
# the af_packet tests: the subscriber SUBNS on A1 (MAC 02:00:00:00:10:02)
# facing bngd's access0 on A0, the core host NETNS on C1 (MAC
# 02:00:00:00:20:02) facing core0 on C0; both namespaces get the sysctls.
# The hosts' addresses and routes are the test's (afp_host).
router_lab() {
	local sub=$1 a0=$2 a1=$3 net=$4 c0=$5 c1=$6
	shift 6
	afp_netns "$sub" "$@" && afp_netns "$net" "$@" || return 1
	afp_veth "$sub" "$a0" "$a1" 02:00:00:00:10:02 || return 1
	afp_veth "$net" "$c0" "$c1" 02:00:00:00:20:02
}

# afp_conf ACCESS_IF CORE_IF ACCESS_ADDR [ACCESS_MAC CORE_MAC]: the start of
# bngd's configuration for such a lab: access0 (ACCESS_ADDR) on
# net_af_packet0 over ACCESS_IF, core0 (198.51.100.1/24) on net_af_packet1
# over CORE_IF, with these MACs if given.
afp_conf() {
	local amac= cmac=
	[ -n "${4:-}" ] && amac="mac = \"$4\"; "
	[ -n "${5:-}" ] && cmac="mac = \"$5\"; "
	cat <<EOF
dataplane = { idle_sleep_us = 20; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$1"; role = "access";
    ${amac}address = [ "$3" ]; },
  { name = "core0"; device = "net_af_packet1,iface=$2"; role = "core";
    ${cmac}address = [ "198.51.100.1/24" ]; }
);
EOF
}
