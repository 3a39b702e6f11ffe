#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Hostile PPPoE cannot disturb other sessions: tests/pppoe/hostile.py keeps
# a victim session up while other MACs on its link send missing, repeated
# and forged tags, wrong AC-Cookies, frames of sessions not theirs or
# unknown, malformed lengths and headers, odd LCP options, a PADI flood and
# a session that falls silent. The victim keeps pinging through bngd; each
# refusal is counted under its reason; unknown sessions get PADT.
#
#  bngpho-c (hostile.py)  --veth--  access0 (PPPoE, service "internet")
#  bngpho-out 198.51.100.2 --veth-- core0 198.51.100.1/24
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
TAG=pppoe-hostile
. "$top/tests/pppoe/lab.sh"
pppoe_test bngpho

pppoe_lab 02:00:00:00:18:02
cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0"; role = "access";
    address = [ "10.3.0.1/24" ]; },
  { name = "core0"; device = "net_af_packet1,iface=$O0"; role = "core";
    address = [ "198.51.100.1/24" ]; }
);
pppoe = {
  ac_name = "bng-hostile"; services = [ "internet" ]; auth = [ "pap" ];
  pool = [ "10.2.0.10", "10.2.0.20" ];
  echo_interval_s = 1; echo_failures = 5;
  users = ( { name = "alice"; password = "wonderland"; } );
};
EOF
pppoe_start "$work/bngd.conf"

out=$(in_ns "$C" "$PY" "$top/tests/pppoe/hostile.py" "$A1" alice wonderland "$HOST" 2>&1)
verdicts <<<"$out"

st=$(ctl show pppoe statistics json)
want="missing_service_name missing_cookie bad_cookie service_not_offered eth_dst_not_ours
length_beyond_frame tag_truncated bad_version_type wrong_code bad_session_id
bad_code unknown_session cp_truncated padi_rate_mac"
missing=$(jget "$st" '" ".join(r for r in "'"$(echo $want)"'".split() if d["refused"].get(r, 0) < 1)')
[ -z "$missing" ] && pass "every attack counted under its reason: $(jget "$st" 'd["refused"]')" ||
	fail "reasons not counted: $missing" "$(jget "$st" 'd["refused"]')"
[ "$(jget "$st" 'd["counters"]["padt_unknown_out"] >= 2 and d["down"].get("echo_timeout", 0) == 1')" = True ] &&
	pass "PADT for unknown sessions ($(jget "$st" 'd["counters"]["padt_unknown_out"]')), one session ended by echo timeout" ||
	fail "unknown-session PADTs / echo timeout" "$st"
c=$(ctl show counters json)
[ "$(jget "$c" 'd["drops"].get("pppoe_unknown_session", 0) >= 1 and d["drops"].get("pppoe_truncated", 0) >= 1')" = True ] &&
	pass "the data plane dropped the foreign session data (pppoe_unknown_session) and the cut header (pppoe_truncated)" ||
	fail "pppoe_unknown_session not counted" "$(jget "$c" 'd["drops"]')"
kill -0 "$BNGD_PID" 2>/dev/null && pass "bngd still serving" || fail "bngd died"
bngd_stop
summary
