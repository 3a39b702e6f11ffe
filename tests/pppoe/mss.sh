#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# TCP MSS clamping in PPPoE sessions: a client brings a session up and
# opens a TCP connection to the core host with a SYN carrying MSS 1460;
# the core host (a 1500-byte link: its SYN-ACK says 1460 too) sees the SYN
# arrive clamped to the session's MRU - 40, with a correct checksum, and
# the client sees the SYN-ACK clamped the same way, with a correct
# checksum. A smaller negotiated MRU gives a smaller MSS; mss_clamp = false
# lets 1460 through both ways.
#
#  bngmss-c (client.py --syn)         --veth--  access0 10.3.0.1/24 (PPPoE on it)
#  bngmss-out 198.51.100.2            --veth--  core0 198.51.100.1/24
#    (mss_listen.py: TCP port 8080, sniffer)     pool 10.2.0.10-10.2.0.20
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
TAG=pppoe-mss
. "$top/tests/pppoe/lab.sh"
pppoe_test bngmss
PORT=8080

pppoe_lab 02:00:00:00:15:03
in_ns "$OUT" ip link set "$O1" mtu 1500

# conf CLAMP: bngd's configuration with pppoe.mss_clamp = CLAMP
conf() {
	cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0"; role = "access";
    address = [ "10.3.0.1/24" ]; },
  { name = "core0"; device = "net_af_packet1,iface=$O0"; role = "core";
    address = [ "198.51.100.1/24" ]; }
);
pppoe = {
  ac_name = "bng-test"; auth = [ "pap" ];
  pool = [ "10.2.0.10", "10.2.0.20" ];
  mss_clamp = $1;
  users = ( { name = "alice"; password = "wonderland"; } );
};
EOF
}

# listen_start: the core host's listener and sniffer, its output in $work/listen.out
listen_start() {
	: >"$work/listen.out"
	# not in_ns: a function in the background would leave $! a subshell's
	ip netns exec "$OUT" "$PY" "$top/tests/pppoe/mss_listen.py" "$O1" "$PORT" \
		>"$work/listen.out" 2>&1 &
	LISTEN_PID=$!
	for _ in $(seq 50); do
		grep -q '^READY' "$work/listen.out" && return 0
		sleep 0.1
	done
	die "the core host's listener did not start: $(cat "$work/listen.out")"
}

listen_stop() {
	kill "$LISTEN_PID" 2>/dev/null
	wait "$LISTEN_PID" 2>/dev/null
}

# expect_clamped N WHAT: the console's ip.mss_clamped is N
expect_clamped() {
	local n
	n=$(jget "$(ctl show counters json)" 'd["ip"].get("mss_clamped", 0)')
	[ "$n" = "$1" ] && pass "show counters: ip.mss_clamped = $1 ($2)" ||
		fail "ip.mss_clamped = $n (want $1)" "$(ctl show counters)"
}

# connect WHAT WANT [client options]: a session whose SYN and SYN-ACK must
# both carry MSS WANT on the far side
connect() {
	local what=$1 want=$2 syn_in synack_out synack_in
	shift 2
	echo "== $what"
	listen_start
	client alice wonderland "$HOST" --syn "$PORT" "$@"
	sleep 0.2
	listen_stop
	syn_in=$(sed -n 's/^SYN_IN //p' "$work/listen.out" | head -1)
	synack_out=$(sed -n 's/^SYNACK_OUT //p' "$work/listen.out" | head -1)
	synack_in=$(sed -n 's/^SYNACK_MSS //p' <<<"$LAST")
	[ "$syn_in" = "$want ok" ] &&
		pass "upstream: the SYN sent with MSS 1460 reached the core host with MSS $want, checksum correct" ||
		fail "upstream SYN at the core host: \"$syn_in\" (want \"$want ok\")" "$(cat "$work/listen.out")"
	[ "$synack_out" = 1460 ] && pass "the core host's SYN-ACK left it with MSS 1460" ||
		fail "the core host's SYN-ACK: MSS \"$synack_out\"" "$(cat "$work/listen.out")"
	[ "$synack_in" = "$want" ] &&
		pass "downstream: the client got the SYN-ACK with MSS $want" ||
		fail "downstream SYN-ACK at the client: MSS \"$synack_in\" (want $want)" "$LAST"
}

conf true
pppoe_start "$work/bngd.conf"
connect "mss_clamp = true, MRU 1492" 1452
expect_clamped 2 "the SYN and the SYN-ACK"
connect "mss_clamp = true, MRU 1400 negotiated" 1360 --mru 1400
expect_clamped 4 "two more"
bngd_stop

conf false
pppoe_start "$work/bngd.conf"
connect "mss_clamp = false" 1460
expect_clamped 0 "nothing clamped"
bngd_stop
summary
