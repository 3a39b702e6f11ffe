#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# NAT test: bngd's CGNAT (NAT44) on af_packet ports between real Linux hosts
# in network namespaces, judged by the standard NAT behaviour tools.
#
#  bngnat-in             root namespace: bngd                  bngnat-out
#  10.0.0.2/24           access0 (af_packet on bngnat-a0)      198.51.100.2/24
#  (subscriber)          10.0.0.1/24                           198.51.100.3/24
#    bngnat-a1 ---veth--- bngnat-a0                            route 192.0.2.0/30
#                        core0 (af_packet on bngnat-c0)          via 198.51.100.1
#                        198.51.100.1/24
#                        NAT instance "cgn": pool 192.0.2.0/30
#                                  bngnat-c0 ---veth--- bngnat-c1
#
# bngd runs twice, once per filtering mode:
#  1. "endpoint-independent": stun (stund outside with two addresses) and
#     turnutils_natdiscovery (turnserver -n with two addresses) must report
#     endpoint-independent mapping and endpoint-independent filtering; iperf3
#     TCP and UDP cross the NAT, the server sees a 192.0.2.x client; the
#     console's NAT statistics and subscribers show the translations.
#  2. "address-port-dependent": the same tools must report
#     endpoint-independent mapping and address-and-port-dependent filtering.
#  3. "address-dependent": ... and address-dependent filtering.
# Hairpinning: stun must see it with endpoint-independent filtering; with
# address-and-port-dependent filtering the turned-around packet is filtered.
# Event logging (tests/nat/logging.sh): run 1 exports IPFIX to nfcapd, and
# nfdump must show the subscriber's port blocks and mappings come and go;
# run 2 sends RFC 5424 syslog, read by a UDP receiver.
#
# Every check prints PASS or FAIL (with the tool's output); the script exits
# 1 if any failed. Needs root, ip, ethtool, stun, stund, turnserver,
# turnutils_natdiscovery, iperf3, nfcapd and nfdump (scripts/deps.sh test).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
TAG=nat
. "$top/scripts/lab.sh"
. "$top/tests/checks.sh"
. "$top/tests/nat/logging.sh"

IN=bngnat-in
IN2=bngnat-in2         # run 4: a subscriber of another tenant, on access1
OUT=bngnat-out
A0=bngnat-a0 A1=bngnat-a1 C0=bngnat-c0 C1=bngnat-c1
BNG_ACCESS_MAC=02:00:00:00:10:01
BNG_CORE_MAC=02:00:00:00:20:01
IN_MAC=02:00:00:00:10:02
OUT_MAC=02:00:00:00:20:02
SUB=10.0.0.2
S1=198.51.100.2
S2=198.51.100.3
POOL=192.0.2.0/30
FWD=192.0.2.8          # static address: port 15201 forwarded to the subscriber's 5201

NAMESPACES="$IN $IN2 $OUT" LINKS="$A0 $C0 bngnat-b0"
live_test bngnat_$$ bngnat NAT_KEEP

# bngd, the event log receivers, then what runs in the namespaces and the lab.
cleanup() {
	bngd_stop
	logging_stop
	lab_teardown
}
trap 'cleanup; [ -n "${NAT_KEEP:-}" ] && echo "nat: kept $work" || rm -rf "$work"' EXIT

# show NAME TEXT: print a tool's output, indented, for the record.
show() { echo "  --- $1"; printf '%s\n' "$2" | sed 's/^/    | /'; }

need ip ethtool ss stun stund turnserver turnutils_natdiscovery iperf3 nfcapd nfdump

# ---- the lab -------------------------------------------------------------


setup() {
	local v6off="net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1"
	router_lab "$IN" "$A0" "$A1" "$OUT" "$C0" "$C1" $v6off || return 1
	# The other tenant's subscriber (run 4): it finds bngd by ARP.
	afp_netns "$IN2" $v6off || return 1
	afp_veth "$IN2" bngnat-b0 bngnat-b1 02:00:00:00:11:02 || return 1
	ip -n "$IN2" addr add 10.0.1.2/24 dev bngnat-b1
	ip -n "$IN2" route add default via 10.0.1.1

	# The subscriber: default route via bngd, static neighbor for bngd.
	afp_host "$IN" "$A1" 10.0.0.1 "$BNG_ACCESS_MAC" default "$SUB/24"

	# The outside host: two addresses (STUN's primary and alternate), the
	# NAT pool routed back via bngd. It never sees 10.0.0.0/24.
	afp_host "$OUT" "$C1" 198.51.100.1 "$BNG_CORE_MAC" "$POOL" "$S1/24" "$S2/24"
	ip -n "$OUT" route add "$FWD/32" via 198.51.100.1
	# Bypassed flows (RFC 6888 REQ-6) come back to the inside address itself.
	ip -n "$OUT" route add 10.0.0.0/24 via 198.51.100.1
}
setup || die "could not build the namespaces"

# start_bngd FILTERING [LOGGING]: bngd with NAT instance "cgn" in that
# filtering mode, and the NAT section's "logging" group.
start_bngd() {
	afp_conf "$A0" "$C0" 10.0.0.1/24 "$BNG_ACCESS_MAC" "$BNG_CORE_MAC" >"$work/bngd.conf"
	cat >>"$work/bngd.conf" <<EOF
nat = {
  instances = (
    { name = "cgn"; addresses = [ "$POOL" ]; block_size = 256; blocks_per_subscriber = 4;
      quarantine_s = 2; filtering = "$1"; bypass = [ "$S2:7778" ];
      static = ( { inside = "$SUB:5201"; outside = "$FWD:15201"; proto = "tcp"; } ); }
  );
  ${2:-}
};
tenants = (
  { id = 0; name = "default"; services = [ "nat", "forward", "counters" ]; nat = "cgn"; }
);
routes = ( { prefix = "0.0.0.0/0"; via = "$S1"; } );
neighbors = (
  { port = "access0"; address = "$SUB"; mac = "$IN_MAC"; },
  { port = "core0"; address = "$S1"; mac = "$OUT_MAC"; },
  { port = "core0"; address = "$S2"; mac = "$OUT_MAC"; }
);
EOF
	LOG=$work/bngd_$1.log
	bngd_run "$work/bngd.conf" "$SOCK"
}

# wait_port NS PROTO PORT ADDR: until a server listens there (up to 3 s).
wait_port() {
	local opt=-ltn
	[ "$2" = udp ] && opt=-lun
	for _ in $(seq 30); do
		in_ns "$1" ss -H "$opt" "src $4:$3" 2>/dev/null | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

# ---- STUN (RFC 3489 classic: mapping, filtering, hairpin) ------------------

# stun_check MODE WANT_FILTER_REGEX
stun_check() {
	local mode=$1 want=$2 ns=${3:-$IN} out
	ip netns exec "$OUT" stund -v -h "$S1" -a "$S2" >"$work/stund.log" 2>&1 &
	local spid=$!
	wait_port "$OUT" udp 3478 "$S1" || fail "stund did not start" "$(cat "$work/stund.log")"
	out=$(in_ns "$ns" timeout 20 stun "$S1" -v 2>&1)
	local rc=$?
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	show "stun $S1 -v (bngd $mode, exit $rc): responses and verdict" \
		"$(grep -E '^(MappedAddress|SourceAddress|test I|is nat|mapped IP|hairpin|preserver|Primary|Return)' <<<"$out")"
	echo "$out" >"$work/stun_$mode.out"
	if grep -q 'Independent Mapping' <<<"$out"; then
		pass "stun ($mode): independent mapping"
	else
		fail "stun ($mode): no \"Independent Mapping\" verdict" "$out"
	fi
	if grep -qE "$want" <<<"$out"; then
		pass "stun ($mode): filtering verdict /$want/"
	else
		fail "stun ($mode): filtering verdict is not /$want/" "$out"
	fi
	# Mapped to the pool: stun prints "MappedAddress = 192.0.2.x:port".
	if grep -qE 'MappedAddress = 192\.0\.2\.[0-3]:' <<<"$out"; then
		pass "stun ($mode): mapped address in $POOL"
	else
		fail "stun ($mode): no MappedAddress in $POOL" "$out"
	fi
	if [ "$mode" = endpoint-independent ] && [ "$ns" = "$IN" ]; then
		if grep -qE 'will hairpin' <<<"$out"; then
			pass "stun ($mode): hairpin verdict \"will hairpin\""
		else
			fail "stun ($mode): no \"will hairpin\" verdict" "$out"
		fi
	else
		echo "  hairpin verdict ($mode, not judged): $(grep -oiE '(no )?hairpin[a-z ]*' <<<"$out" | tail -1)"
	fi
}

# ---- RFC 5780 (turnserver -n + turnutils_natdiscovery) ---------------------

# Until turnserver listens on both addresses and both ports (RFC 5780 needs
# the alternates) and has created its servers.
wait_turn() {
	for _ in $(seq 50); do
		if [ "$(in_ns "$OUT" ss -Hlun | awk '{print $4}' | grep -cE "^($S1|$S2):347[89]$")" -ge 4 ] &&
			grep -q 'Total General servers' "$work/turn.log"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# rfc5780_check MODE WANT_FILTER_REGEX
rfc5780_check() {
	local mode=$1 want=$2 out
	ip netns exec "$OUT" turnserver -n -L "$S1" -L "$S2" -z --no-tls --no-dtls --no-cli --realm x \
		--log-file=stdout --pidfile "$work/turn.pid" --userdb "$work/turndb" \
		>"$work/turn.log" 2>&1 &
	local tpid=$!
	wait_turn || fail "turnserver did not start" "$(tr -d '\000' <"$work/turn.log" | tail -20)"
	out=$(in_ns "$IN" timeout 20 turnutils_natdiscovery -m -f "$S1" 2>&1)
	local rc=$?
	kill "$tpid" 2>/dev/null
	wait "$tpid" 2>/dev/null
	echo "$out" >"$work/natdiscovery_$mode.out"
	show "turnutils_natdiscovery -m -f $S1 (bngd $mode, exit $rc)" "$out"
	if grep -qiE 'endpoint.independent mapping|independent mapping' <<<"$out"; then
		pass "natdiscovery ($mode): endpoint-independent mapping"
	else
		fail "natdiscovery ($mode): no endpoint-independent mapping verdict" "$out"
	fi
	if grep -qiE "$want" <<<"$out"; then
		pass "natdiscovery ($mode): filtering verdict /$want/"
	else
		fail "natdiscovery ($mode): filtering verdict is not /$want/" "$out"
	fi
}

# ---- port preservation -------------------------------------------------------

# A UDP datagram from the subscriber's port 1100 (inside its first port
# block, 1024-1279, free on a fresh bngd) must leave as 192.0.2.x:1100, and
# the outside host's reply must come back to it.
UDP_ECHO='
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(5)
data, peer = s.recvfrom(2048)
print("from %s:%d" % peer, flush=True)
s.sendto(data, peer)
'
UDP_SEND='
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", int(sys.argv[3])))
s.settimeout(2)
s.sendto(b"bngnat", (sys.argv[1], int(sys.argv[2])))
try:
    data, peer = s.recvfrom(2048)
    print("reply %r from %s:%d" % ((data,) + peer))
except socket.timeout:
    print("no reply")
'
preserve_check() {
	local out echo
	ip netns exec "$OUT" "$PY" -c "$UDP_ECHO" "$S1" 7777 >"$work/echo.out" 2>&1 &
	local epid=$!
	wait_port "$OUT" udp 7777 "$S1" || fail "UDP echo server did not start" "$(cat "$work/echo.out")"
	out=$(in_ns "$IN" "$PY" -c "$UDP_SEND" "$S1" 7777 1100 2>&1)
	wait "$epid" 2>/dev/null
	echo=$(cat "$work/echo.out")
	if grep -qE '^from 192\.0\.2\.[0-3]:1100$' <<<"$echo" && grep -q "^reply b'bngnat' from $S1:7777" <<<"$out"; then
		pass "UDP port 1100 preserved: outside saw ${echo#from }, reply came back"
	else
		fail "UDP from port 1100: want 192.0.2.x:1100 outside and a reply inside" \
			"outside: $echo"$'\n'"inside: $out"
	fi
}

# A bypass destination (RFC 6888 REQ-6) sees the inside address, untranslated,
# and its reply comes back.
bypass_check() {
	local out echo
	ip netns exec "$OUT" "$PY" -c "$UDP_ECHO" "$S2" 7778 >"$work/echo2.out" 2>&1 &
	local epid=$!
	wait_port "$OUT" udp 7778 "$S2" || fail "UDP echo server did not start" "$(cat "$work/echo2.out")"
	out=$(in_ns "$IN" "$PY" -c "$UDP_SEND" "$S2" 7778 1101 2>&1)
	wait "$epid" 2>/dev/null
	echo=$(cat "$work/echo2.out")
	if grep -qE "^from $SUB:1101\$" <<<"$echo" && grep -q "^reply b'bngnat' from $S2:7778" <<<"$out"; then
		pass "bypass $S2:7778: outside saw the inside address ${echo#from }, reply came back"
	else
		fail "bypass $S2:7778: want $SUB:1101 outside and a reply inside" \
			"outside: $echo"$'\n'"inside: $out"
	fi
}

# ---- iperf3 through the NAT -------------------------------------------------

iperf_check() {
	local out bps
	ip netns exec "$OUT" iperf3 -s -B "$S1" -p 5201 >"$work/iperf_srv.log" 2>&1 &
	local ipid=$!
	wait_port "$OUT" tcp 5201 "$S1" || fail "iperf3 server did not start" "$(cat "$work/iperf_srv.log")"
	# TCP: also watch the server's sockets while the test runs.
	(sleep 1; in_ns "$OUT" ss -Htn "src $S1:5201" >"$work/ss.out" 2>&1) &
	local sspid=$!
	out=$(in_ns "$IN" timeout 20 iperf3 -c "$S1" -p 5201 -t 2 -J 2>&1)
	wait "$sspid"
	bps=$($PY -c 'import json,sys
try: print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))
except Exception: print(0)' <<<"$out")
	if [ "$bps" -gt 0 ] 2>/dev/null; then
		pass "iperf3 TCP through the NAT: $((bps / 1000000)) Mbit/s"
	else
		fail "iperf3 TCP through the NAT did not complete" "$out"$'\n'"$(cat "$work/iperf_srv.log")"
	fi
	if grep -qE "^ *ESTAB.* $S1:5201 +192\.0\.2\.[0-3]:[0-9]+" "$work/ss.out" &&
		grep -qE 'Accepted connection from 192\.0\.2\.[0-3]' "$work/iperf_srv.log"; then
		pass "iperf3 server sees its TCP client as $(grep -oE 'Accepted connection from 192\.0\.2\.[0-3], port [0-9]+' "$work/iperf_srv.log" | head -1 | cut -d' ' -f4-) (ss: $(awk '{print $5}' "$work/ss.out" | head -1))"
	else
		fail "iperf3 server does not see a client in $POOL" \
			"ss:"$'\n'"$(cat "$work/ss.out")"$'\n'"server:"$'\n'"$(cat "$work/iperf_srv.log")"
	fi
	# UDP: 2 s at 20 Mbit/s; the server's report of what arrived.
	out=$(in_ns "$IN" timeout 20 iperf3 -c "$S1" -p 5201 -u -b 20M -t 2 -J 2>&1)
	local udp
	udp=$($PY -c 'import json,sys
try:
    s = json.load(sys.stdin)["end"]["sum"]
    print(int(s["bits_per_second"]), s["packets"], s["lost_packets"])
except Exception: print(0, 0, 0)' <<<"$out")
	read -r bps pk lost <<<"$udp"
	if [ "$bps" -gt 0 ] 2>/dev/null && [ "$pk" -gt 0 ] && [ "$lost" -lt "$pk" ]; then
		pass "iperf3 UDP through the NAT: $((bps / 1000000)) Mbit/s, $pk datagrams, $lost lost"
	else
		fail "iperf3 UDP through the NAT did not complete ($udp)" "$out"
	fi
	if [ "$(grep -cE 'Accepted connection from 192\.0\.2\.[0-3]' "$work/iperf_srv.log")" -ge 2 ]; then
		pass "iperf3 server sees the UDP test's control connection from $POOL too"
	else
		fail "iperf3 server: second client not from $POOL" "$(cat "$work/iperf_srv.log")"
	fi
	kill "$ipid" 2>/dev/null
	wait "$ipid" 2>/dev/null
}

# A port forward (static rule): an outside client reaches the subscriber's
# server through the static address; the server sees the real client.
portfwd_check() {
	local out bps
	ip netns exec "$IN" iperf3 -s -B "$SUB" -p 5201 -1 >"$work/iperf_fwd.log" 2>&1 &
	local ipid=$!
	wait_port "$IN" tcp 5201 "$SUB" || fail "inside iperf3 server did not start" "$(cat "$work/iperf_fwd.log")"
	out=$(in_ns "$OUT" timeout 20 iperf3 -c "$FWD" -p 15201 -t 1 -J 2>&1)
	wait "$ipid" 2>/dev/null
	bps=$($PY -c 'import json,sys
try: print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))
except Exception: print(0)' <<<"$out")
	local rules
	rules=$(ctl show nat static json 2>&1)
	if $PY -c 'import json,sys; r = json.load(sys.stdin)["static"]; sys.exit(0 if r == [{"instance": "cgn", "tenant": 0, "inside": sys.argv[1], "outside": sys.argv[2], "proto": "tcp"}] else 1)' \
		"$SUB:5201" "$FWD:15201" <<<"$rules"; then
		pass "show nat static lists the port forward"
	else
		fail "show nat static" "$rules"
	fi
	if [ "$bps" -gt 0 ] 2>/dev/null && grep -qE "Accepted connection from $S1" "$work/iperf_fwd.log"; then
		pass "port forward $FWD:15201 -> $SUB:5201: iperf3 from outside $((bps / 1000000)) Mbit/s, the server saw $S1"
	else
		fail "port forward $FWD:15201 -> $SUB:5201 did not work" "$out"$'\n'"$(cat "$work/iperf_fwd.log")"
	fi
}

# ---- the console ------------------------------------------------------------

console_check() {
	local st subs verdict
	st=$(ctl show nat statistics json 2>&1)
	verdict=$($PY -c 'import json,sys
j = json.load(sys.stdin); c = j["counters"]
bad = [k for k in ("mappings_created", "translated_out", "translated_in", "sessions_out") if c.get(k, 0) <= 0]
print("bad:" + ",".join(bad) if bad else "ok mappings_created=%d translated_out=%d translated_in=%d sessions_out=%d sessions_in=%d ports_preserved=%d mappings=%d" %
      (c["mappings_created"], c["translated_out"], c["translated_in"], c["sessions_out"], c.get("sessions_in", 0), c.get("ports_preserved", 0), j["mappings"]))' <<<"$st" 2>&1)
	if [ "${verdict%% *}" = ok ]; then
		pass "show nat statistics: ${verdict#ok }"
	else
		fail "show nat statistics: $verdict" "$st"
	fi
	subs=$(ctl show nat subscribers json 2>&1)
	verdict=$($PY -c 'import json,sys,ipaddress
j = json.load(sys.stdin)
net = ipaddress.ip_network(sys.argv[1])
for s in j["subscribers"]:
    if s["subscriber"] == sys.argv[2] and ipaddress.ip_address(s["external"]) in net:
        print("ok %s -> %s blocks %s" % (s["subscriber"], s["external"], " ".join(s["blocks"]))); break
else:
    print("bad")' "$POOL" "$SUB" <<<"$subs" 2>&1)
	if [ "${verdict%% *}" = ok ]; then
		pass "show nat subscribers: ${verdict#ok }"
	else
		fail "show nat subscribers: $SUB has no external address in $POOL" "$subs"
	fi
}

# Drops only for reasons this test provokes: filtered (address-and-port-
# dependent mode, stun's hairpin test included), no mapping (late packets).
drops_check() {
	local mode=$1 unexpected
	unexpected=$(ctl show counters json 2>/dev/null | $PY -c '
import json, sys
want = {"nat_filtered", "nat_no_mapping", "multicast_not_routed"}
j = json.load(sys.stdin)
print(" ".join("%s=%s" % kv for kv in sorted(j.get("drops", {}).items()) if kv[0] not in want))' 2>&1)
	if [ -z "$unexpected" ]; then
		pass "drops ($mode): none but the expected ones ($(ctl show counters json 2>/dev/null |
			$PY -c 'import json,sys; print(" ".join("%s=%s" % kv for kv in sorted(json.load(sys.stdin).get("drops", {}).items())) or "none")'))"
	else
		fail "drops ($mode): unexpected $unexpected" "$(ctl show counters json 2>&1)"
	fi
}

# Run 4: tenant 0 (access0) on instance "cgn", endpoint-independent;
# tenant 1 (access1) on instance "biz", address-and-port-dependent, drawing
# from cgn's pool (pool = "cgn").
start_shared() {
	cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0"; role = "access"; tenant = 0;
    mac = "$BNG_ACCESS_MAC"; address = [ "10.0.0.1/24" ]; },
  { name = "access1"; device = "net_af_packet2,iface=bngnat-b0"; role = "access"; tenant = 1;
    address = [ "10.0.1.1/24" ]; },
  { name = "core0"; device = "net_af_packet1,iface=$C0"; role = "core";
    mac = "$BNG_CORE_MAC"; address = [ "198.51.100.1/24" ]; }
);
nat = {
  instances = (
    { name = "cgn"; addresses = [ "192.0.2.0" ]; block_size = 256; blocks_per_subscriber = 4;
      quarantine_s = 2; },
    { name = "biz"; pool = "cgn"; filtering = "address-port-dependent"; blocks_per_subscriber = 1; }
  );
};
tenants = (
  { id = 0; name = "residential"; services = [ "nat", "forward", "counters" ]; nat = "cgn"; },
  { id = 1; name = "business"; services = [ "nat", "forward", "counters" ]; nat = "biz"; }
);
routes = ( { prefix = "0.0.0.0/0"; via = "$S1"; } );
EOF
	LOG=$work/bngd_shared.log
	bngd_run "$work/bngd.conf" "$SOCK"
}

# Both tenants' subscribers send from inside port 1100 at once: one
# allocator, so never the same external address and port.
shared_check() {
	local a b pools
	local e1 e2
	ip netns exec "$OUT" "$PY" -c "$UDP_ECHO" "$S1" 7781 >"$work/echo1.out" 2>&1 &
	e1=$!
	ip netns exec "$OUT" "$PY" -c "$UDP_ECHO" "$S1" 7782 >"$work/echo2.out" 2>&1 &
	e2=$!
	wait_port "$OUT" udp 7781 "$S1"
	wait_port "$OUT" udp 7782 "$S1"
	in_ns "$IN" "$PY" -c "$UDP_SEND" "$S1" 7781 1100 >/dev/null 2>&1
	in_ns "$IN2" "$PY" -c "$UDP_SEND" "$S1" 7782 1100 >/dev/null 2>&1
	wait "$e1" "$e2" 2>/dev/null
	a=$(sed -n 's/^from //p' "$work/echo1.out")
	b=$(sed -n 's/^from //p' "$work/echo2.out")
	case "$a/$b" in
	192.0.2.0:*/192.0.2.0:*)
		[ "$a" != "$b" ] && pass "shared pool of one address: the tenants' port 1100 left as $a and $b (one allocator)" ||
			fail "shared pool: both left as $a" ;;
	*) fail "shared pool: external endpoints \"$a\" and \"$b\"" ;;
	esac
	pools=$("$BNGCTL" -s "$SOCK" show nat pools json)
	if "$PY" -c 'import json,sys; p=json.loads(sys.argv[1]); sys.exit(not (len(p) == 1 and all(x["instance"] == "cgn" and x["shared_by"] == ["biz"] for x in p) and sum(x["blocks_used"] for x in p) >= 2))' "$pools"; then
		pass "show nat pools: the pool once, shared_by biz, both tenants' blocks in it"
	else
		fail "show nat pools (shared)" "$pools"
	fi
}

# show nat sessions: translated sessions only, with their translation;
# clear nat sessions: one tenant's subscriber's go.
nat_sessions_check() {
	local j n
	j=$("$BNGCTL" -s "$SOCK" show nat sessions detail json)
	if "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); s=d["sessions"]
sys.exit(not (s and all(x["nat"]["outside"].startswith("192.0.2.0:") and "nat" in x["services"] for x in s)
    and {x["nat"]["inside"].split(":")[0] for x in s} >= {"10.0.0.2", "10.0.1.2"}))' "$j"; then
		pass "show nat sessions detail: $(jcount "$j") sessions, each with its inside and outside endpoint"
	else
		fail "show nat sessions detail" "$j"
	fi
	n=$("$BNGCTL" -s "$SOCK" clear nat sessions address 10.0.1.2 json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["cleared"])')
	j=$("$BNGCTL" -s "$SOCK" show nat sessions address 10.0.1.2 json)
	if [ "${n:-0}" -ge 1 ] && [ "$(jcount "$j")" = 0 ]; then
		pass "clear nat sessions address 10.0.1.2: $n cleared, none left"
	else
		fail "clear nat sessions: cleared ${n:-?}" "$j"
	fi
}
jcount() { "$PY" -c 'import json,sys; print(json.loads(sys.argv[1])["matched"])' "$1"; }

stop_check() {
	local mode=$1 rc=0
	kill -INT "$BNGD_PID"
	wait "$BNGD_PID" || rc=$?
	BNGD_PID=
	rm -rf "/var/run/dpdk/$PREFIX"
	if [ "$rc" = 0 ]; then
		pass "bngd ($mode) stopped cleanly on SIGINT"
	else
		fail "bngd ($mode) exited $rc on SIGINT" "$(grep -v '^EAL' "$LOG")"
	fi
}

t0=$(date +%s)

echo "== endpoint-independent filtering"
ipfix_start
start_bngd endpoint-independent "$(ipfix_conf)"
preserve_check
bypass_check
stun_check endpoint-independent 'Independent Filter'
rfc5780_check endpoint-independent 'endpoint.independent filtering'
iperf_check
portfwd_check
console_check
drops_check endpoint-independent
logging_drain eif
stop_check endpoint-independent
ipfix_check

echo "== address-and-port-dependent filtering"
syslog_start
start_bngd address-port-dependent "$(syslog_conf)"
stun_check address-port-dependent 'Port Dependent Filter'
rfc5780_check address-port-dependent 'address and port dependent filtering'
console_check
drops_check address-port-dependent
logging_drain apdf
stop_check address-port-dependent
syslog_check
logging_stop

echo "== address-dependent filtering"
start_bngd address-dependent
stun_check address-dependent 'Address Dependent Filter'
rfc5780_check address-dependent 'address dependent filtering'
drops_check address-dependent
stop_check address-dependent

echo "== two instances sharing one pool"
start_shared
stun_check shared-cgn 'Independent Filter'
stun_check shared-biz 'Port Dependent Filter' "$IN2"
shared_check
nat_sessions_check
stop_check shared

echo "nat: $passes passed, $failures failed ($(( $(date +%s) - t0 )) s)"
if [ "$failures" != 0 ]; then
	for f in "$work"/bngd_*.log; do
		echo "    --- $(basename "$f")"
		grep -v '^EAL' "$f" | sed 's/^/    bngd: /'
	done
	exit 1
fi
exit 0
