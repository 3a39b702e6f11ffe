#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# PPPoE with RADIUS: a real FreeRADIUS (started here, on 127.0.0.1) decides
# who gets in and which address; bngd accounts the sessions there.
#
#  bngrad-c (client.py)  --veth--  access0 10.3.0.1/24 (PPPoE)
#  bngrad-out 198.51.100.2 --veth-- core0 198.51.100.1/24
#  freeradius -X on 127.0.0.1:18150 (auth) / 18151 (acct)
#
# Checks: PAP accepted with the server's Framed-IP-Address, CHAP-MD5 checked
# by the server (address from the pool), a wrong password rejected by the
# server, accounting Start and Stop in FreeRADIUS's detail file with the
# session's octets and the terminate cause; show aaa statistics and the
# metrics agree; with the server gone an established session keeps
# forwarding and new logins fail cleanly.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
TAG=radius
. "$top/tests/pppoe/lab.sh"
pppoe_test bngrad
AUTH_PORT=18150 ACCT_PORT=18151
METRICS=127.0.0.1:$((20000 + $$ % 10000))


# ---- FreeRADIUS ---------------------------------------------------------------
cat >"$work/users" <<'EOF'
alice Cleartext-Password := "wonderland"
	Framed-IP-Address = 10.2.0.77, Session-Timeout = 3600, Filter-Id = "gold"

carol Cleartext-Password := "looking-glass"
	Reply-Message = "hello carol"

dave Cleartext-Password := "quiet"
	Idle-Timeout = 2
EOF
radius_start "$work/users"

# ---- the lab ------------------------------------------------------------------
pppoe_lab 02:00:00:00:16:02

cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0"; role = "access";
    address = [ "10.3.0.1/24" ]; },
  { name = "core0"; device = "net_af_packet1,iface=$O0"; role = "core";
    address = [ "198.51.100.1/24" ]; }
);
pppoe = { ac_name = "bng-radius"; auth = [ "pap", "chap" ]; pool = [ "10.2.0.10", "10.2.0.20" ]; };
aaa = {
  servers = ( { address = "127.0.0.1"; secret = "testing123"; auth_port = $AUTH_PORT;
                acct_port = $ACCT_PORT; } );
  timeout_ms = 2000; retries = 1; nas_identifier = "bng-test";  # FreeRADIUS delays rejects 1 s
};
EOF
pppoe_start "$work/bngd.conf"


echo "== alice: PAP, the server's Framed-IP-Address"
client alice wonderland "$HOST"
addr=$(sed -n 's/^ADDR //p' <<<"$LAST")
[ "$addr" = 10.2.0.77 ] && pass "alice has the server's Framed-IP-Address 10.2.0.77" ||
	fail "alice's address \"$addr\" (want 10.2.0.77)"

echo "== carol: CHAP-MD5 checked by the server, address from the pool"
client carol looking-glass "$HOST" --chap
addr=$(sed -n 's/^ADDR //p' <<<"$LAST")
case "$addr" in
10.2.0.1[0-9] | 10.2.0.20) pass "carol has $addr from the pool" ;;
*) fail "carol's address \"$addr\"" ;;
esac

echo "== dave: Idle-Timeout 2 from the server, then silence"
PPPOE_HOLD=7 client dave quiet "$HOST"
st=$(ctl show pppoe statistics json)
[ "$(jget "$st" 'd["down"].get("idle_timeout", 0)')" = 1 ] &&
	pass "dave's silent session ended by its Idle-Timeout" || fail "Idle-Timeout" "$st"

echo "== a wrong password, refused by the server"
client alice queen "$HOST" --expect-fail

# ---- accounting in FreeRADIUS's detail file ----------------------------------
radius_acct 3 >"$work/acct.txt"
detail=$(cat "$work"/log/radacct/*/detail-* 2>/dev/null)
show() { echo "  --- $1"; printf '%s\n' "$2" | sed 's/^/    | /'; }
show "accounting records (user, type, address, in, out, cause, NAS)" "$(cat "$work/acct.txt")"
grep -q "^alice Start 10.2.0.77 .* bng-test$" "$work/acct.txt" && pass "accounting Start for alice" ||
	fail "no Start for alice" "$detail"
if awk '$1 == "alice" && $2 == "Stop" && $3 == "10.2.0.77" && $4 > 0 && $5 > 0 && $6 == "User-Request" { ok = 1 } END { exit !ok }' "$work/acct.txt"; then
	pass "accounting Stop for alice: octets both ways, terminate cause User-Request"
else
	fail "alice's Stop" "$(cat "$work/acct.txt")"
fi
grep -q "^carol Stop" "$work/acct.txt" && pass "accounting Stop for carol" || fail "no Stop for carol"
grep -q "^dave Stop .* Idle-Timeout" "$work/acct.txt" && pass "accounting Stop for dave: Idle-Timeout" ||
	fail "no Idle-Timeout Stop for dave"

st=$(ctl show aaa statistics json)
[ "$(jget "$st" 'd["counters"]["accepts"] == 3 and d["counters"]["rejects"] == 1 and d["counters"]["acct_ok"] == 6 and d["refused"] == 0 and d["pending"] == 0 and d["threads"] == 4')" = True ] &&
	pass "show aaa statistics: 3 accepts, 1 reject, 6 accounting answers, nothing refused or pending, 4 RADIUS threads" ||
	fail "show aaa statistics" "$st"
m=$(curl -s "http://$METRICS/metrics")
if grep -q '^bng_radius_accepts_total 3$' <<<"$m" && grep -q '^bng_pppoe_sessions_ended_total{cause="padt"} 2$' <<<"$m" &&
	grep -q '^bng_pppoe_pads_out_total ' <<<"$m"; then
	pass "metrics: RADIUS answers, PPPoE session ends by cause, discovery counters"
else
	fail "metrics" "$(grep -E 'radius|pppoe' <<<"$m" | head -30)"
fi

# ---- the server gone ---------------------------------------------------------
echo "== RADIUS down: an established session keeps forwarding"
PPPOE_HOLD=8 PPPOE_HOLD_PING="$work/cue" in_ns "$C" "$PY" "$top/tests/pppoe/client.py" "$A1" \
	carol looking-glass "$HOST" >"$work/held.out" 2>&1 &
held=$!
for _ in $(seq 50); do
	[ "$(jget "$(ctl show pppoe sessions json)" '[s["ipcp"] for s in d["sessions"]]' 2>/dev/null)" = "['Opened']" ] && break
	sleep 0.1
done
kill "$RAD_PID" 2>/dev/null
wait "$RAD_PID" 2>/dev/null
RAD_PID=
: >"$work/cue"
wait "$held"
grep -q "^OK 3 of 3 echoes answered through the held session" "$work/held.out" &&
	pass "with FreeRADIUS gone, carol's session still forwards (3 of 3 echoes)" ||
	fail "the held session after FreeRADIUS went" "$(cat "$work/held.out")"
echo "== RADIUS down: new logins"
client alice wonderland "$HOST" --expect-fail
for _ in $(seq 150); do
	[ "$(jget "$(ctl show pppoe statistics json)" 'd["sessions"]')" = 0 ] && break
	sleep 0.1
done
st=$(ctl show pppoe statistics json)
[ "$(jget "$st" 'd["sessions"] == 0 and d["down"].get("auth_failed", 0) == 2')" = True ] &&
	pass "the refused sessions ended (wrong password, no server): $(jget "$st" 'd["down"]')" ||
	fail "pppoe statistics" "$st"
grep -q "RADIUS: no server answers authentication requests" "$LOG" &&
	pass "event: bngd logged that no RADIUS server answers" || fail "no event in bngd's log"
kill -0 "$BNGD_PID" 2>/dev/null && pass "bngd still serving" || fail "bngd died"
bngd_stop
summary
