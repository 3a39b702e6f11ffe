#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# PPPoE subscribers: clients in a namespace bring sessions up through bngd
# (discovery, LCP, PAP or CHAP-MD5 against local users, IPCP), ping a core
# host inside the session, and end with PADT; a wrong password is refused;
# rp-pppoe's own client (`pppoe -d`, discovery only) finds the concentrator.
#
#  bngppp-c (client.py, pppoe -d)  --veth--  access0 10.3.0.1/24 (PPPoE on it)
#  bngppp-out 198.51.100.2         --veth--  core0 198.51.100.1/24
#                                             pool 10.2.0.10-10.2.0.20
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
TAG=pppoe
. "$top/tests/pppoe/lab.sh"
pppoe_test bngppp
pppoe_lab 02:00:00:00:15:02

cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0"; role = "access";
    subscriber_vlans = true; address = [ "10.3.0.1/24" ]; },
  { name = "core0"; device = "net_af_packet1,iface=$O0"; role = "core";
    address = [ "198.51.100.1/24" ]; }
);
pppoe = {
  ac_name = "bng-test"; auth = [ "pap", "chap" ];
  pool = [ "10.2.0.10", "10.2.0.20" ]; dns = [ "198.51.100.53" ];
  echo_interval_s = 1; echo_failures = 3;
  users = ( { name = "alice"; password = "wonderland"; },
            { name = "bob"; password = "builder"; address = "10.2.0.99"; },
            { name = "carol"; password = "looking-glass"; } );
};
EOF
pppoe_start "$work/bngd.conf"


echo "== alice, PAP, address from the pool"
client alice wonderland "$HOST"
addr=$(sed -n 's/^ADDR //p' <<<"$LAST")
case "$addr" in
10.2.0.1[0-9] | 10.2.0.20) pass "alice got $addr from the pool" ;;
*) fail "alice's address \"$addr\"" ;;
esac

echo "== bob, his own address, behind VLAN 42, session held for the console"
# 50 UDP answers to bob: the established flow's packets go down through the
# workers' express path, into VLAN 42 and the PPPoE session
in_ns "$OUT" "$PY" "$top/tests/pppoe/udp_burst.py" 7000 50 >"$work/udp_burst.out" 2>&1 &
PPPOE_HOLD=4 in_ns "$C" "$PY" "$top/tests/pppoe/client.py" "$A1" bob builder "$HOST" --vlan 42 \
	--udp 7000 >"$work/bob.out" 2>&1 &
bob=$!
sessions=
for _ in $(seq 40); do
	sessions=$(ctl show pppoe sessions detail json 2>/dev/null)
	[ "$(jget "$sessions" '[s["address"] for s in d["sessions"] if s["ipcp"] == "Opened"]' 2>/dev/null)" = "['10.2.0.99']" ] && break
	sleep 0.1
done
[ "$(jget "$sessions" '[(s["user"], s["address"], s["cvlan"] or s["svlan"], s["lcp"]) for s in d["sessions"]]')" = "[('bob', '10.2.0.99', 42, 'Opened')]" ] &&
	pass "show pppoe sessions: bob, 10.2.0.99, VLAN 42, LCP and IPCP opened" ||
	fail "show pppoe sessions" "$sessions"
# bob's echo went out and came back through the session: the counters say so
for _ in $(seq 20); do
	t=$(jget "$(ctl show pppoe sessions detail json)" 'd["sessions"][0].get("traffic", {})' 2>/dev/null)
	[ "$(jget "$(ctl show pppoe sessions detail json)" 'd["sessions"][0]["traffic"]["packets_down"] >= 1' 2>/dev/null)" = True ] && break
	sleep 0.1
done
[ "$(jget "$(ctl show pppoe sessions detail json)" 'd["sessions"][0]["traffic"]["packets_up"] >= 1 and d["sessions"][0]["traffic"]["bytes_down"] >= 40' 2>/dev/null)" = True ] &&
	pass "session traffic counted: $t" || fail "session traffic" "$t"
wait "$bob"
verdicts "bob: " <"$work/bob.out"
xp=$(jget "$(ctl show workers json)" 'sum(w["express"] for w in d)' 2>/dev/null)
[ "${xp:-0}" -ge 50 ] 2>/dev/null && pass "the express path forwarded $xp packets (bob's UDP answers among them)" ||
	fail "express path count ${xp:-none}, expected 50 or more" "$(cat "$work/udp_burst.out")"
st=$(ctl show pppoe statistics json)
[ "$(jget "$st" 'd["counters"]["lcp_echo_rep_in"] >= 2')" = True ] &&
	pass "keepalive: bob answered $(jget "$st" 'd["counters"]["lcp_echo_rep_in"]') LCP echo requests" ||
	fail "no LCP echo replies counted" "$st"

echo "== carol asks for CHAP-MD5 (Naks PAP)"
client carol looking-glass "$HOST" --chap

echo "== a wrong password"
client alice queen "$HOST" --expect-fail

echo "== rp-pppoe's client, discovery only"
out=$(in_ns "$C" timeout 10 pppoe -I "$A1" -d 2>&1)
sid=$(sed -n 's/^\([0-9]*\):[0-9a-f:]*$/\1/p' <<<"$out" | head -1)
[ -n "$sid" ] && pass "pppoe -d: discovery through to session $sid (PADI, PADO, PADR, PADS)" ||
	fail "pppoe -d" "$out"
# that session never starts LCP: the operator ends it
if [ -n "$sid" ]; then
	r=$(ctl clear pppoe session id "$sid" json)
	[ "$(jget "$r" 'd["terminating"]')" = "$sid" ] && pass "clear pppoe session id $sid" ||
		fail "clear pppoe session" "$r"
fi

# the refused and the cleared sessions end once their LCP Terminate-Requests run out
for _ in $(seq 150); do
	[ "$(jget "$(ctl show pppoe statistics json)" 'd["sessions"]')" = 0 ] && break
	sleep 0.1
done
st=$(ctl show pppoe statistics json)
[ "$(jget "$st" 'd["sessions"] == 0 and d["down"].get("padt", 0) == 3 and d["down"].get("auth_failed", 0) == 1 and d["down"].get("admin", 0) == 1')" = True ] &&
	pass "statistics: no session left; ended by $(jget "$st" 'd["down"]')" || fail "pppoe statistics" "$st"
bngd_stop
summary
