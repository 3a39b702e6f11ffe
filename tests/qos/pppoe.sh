#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Which QoS profile a PPPoE subscriber gets: local users carry a Filter-Id
# as RADIUS would send it. alice's ("gold") names a profile: she gets it;
# bob has none: the default ("bronze"); carol's names no profile: the
# default, and it is counted. Each session is held (client.py) while the
# console is asked; when it ends, its next hop is unbound (show qos
# profiles counts no subscriber). gold remarks upstream DSCP to 46: a
# ping through alice's session reaches the core host with TOS 0xb8. The
# metrics count subscribers by profile and the unknown Filter-Id.
#
#  bngqp-c (client.py)   --veth--  access0 10.3.0.1/24 (PPPoE)
#  bngqp-out 198.51.100.2 --veth-- core0 198.51.100.1/24, pool 10.2.0.10-20
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
TAG=qos-pppoe
. "$top/tests/pppoe/lab.sh"
pppoe_test bngqp
for tool in tshark curl; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
METRICS=127.0.0.1:$((20000 + $$ % 10000))

pppoe_lab 02:00:00:00:15:07
afp_conf "$A0" "$O0" 10.3.0.1/24 >"$work/bngd.conf"
cat >>"$work/bngd.conf" <<EOF
pppoe = {
  ac_name = "bng-test"; auth = [ "pap" ];
  pool = [ "10.2.0.10", "10.2.0.20" ];
  users = ( { name = "alice"; password = "wonderland"; filter_id = "gold"; },
            { name = "bob"; password = "builder"; },
            { name = "carol"; password = "looking-glass"; filter_id = "platinum"; } );
};
qos = {
  profiles = ( { name = "gold"; up = { cir_kbps = 100000; cbs_bytes = 125000; dscp = 46; };
                 down = { cir_kbps = 200000; cbs_bytes = 250000; }; },
               { name = "bronze"; up = { cir_kbps = 2000; cbs_bytes = 25000; };
                 down = { cir_kbps = 8000; cbs_bytes = 100000; }; } );
  default_profile = "bronze";
};
EOF
pppoe_start "$work/bngd.conf"

# held USER PASSWORD WANT_PROFILE: a session held while the console is
# asked which profile its address has
held() {
	local out addr sub i
	PPPOE_HOLD=2 in_ns "$C" "$PY" "$top/tests/pppoe/client.py" "$A1" "$1" "$2" "$HOST" \
		>"$work/held_$1.out" 2>&1 &
	local pid=$!
	addr=
	for i in $(seq 60); do
		addr=$(sed -n 's/^ADDR //p' "$work/held_$1.out")
		[ -n "$addr" ] && grep -q "^OK.*echo" "$work/held_$1.out" && break
		sleep 0.1
	done
	sub=$(ctl show qos subscriber "$addr" json 2>&1)
	if [ -n "$addr" ] && [ "$(jget "$sub" 'd["profile"]' 2>/dev/null)" = "$3" ]; then
		pass "$1 ($addr): profile $3"
	else
		fail "$1 ($addr): profile is not $3" "$sub"$'\n'"$(cat "$work/held_$1.out")"
	fi
	n=$(jget "$(ctl show qos profiles json)" "[p['subscribers'] for p in d['profiles'] if p['name'] == '$3'][0]")
	[ "$n" = 1 ] && pass "show qos profiles: $3 has 1 subscriber" ||
		fail "show qos profiles: $3 has $n subscribers (want 1)" "$(ctl show qos profiles)"
	wait "$pid"
}

# alice: her packets leave DSCP 46 (ECN kept); sniffed on the core host.
in_ns "$OUT" timeout 8 tshark -l -n -i "$O1" -c 1 -f "icmp and src net 10.2.0.0/24" \
	-T fields -e ip.dsfield >"$work/tshark.out" 2>"$work/tshark.err" &
tshark_pid=$!
for _ in $(seq 50); do
	grep -q "Capturing on" "$work/tshark.err" && break
	sleep 0.1
done
held alice wonderland gold
wait "$tshark_pid"
grep -qx "0xb8" "$work/tshark.out" &&
	pass "alice's echo request reaches the core host with DSCP 46 (DS field 0xb8)" ||
	fail "alice's echo request is not DSCP 46" "$(cat "$work/tshark.out" "$work/tshark.err")"
held bob builder bronze
held carol looking-glass bronze
p=$(ctl show qos profiles json)
if [ "$(jget "$p" 'd["unknown_filter_ids"]')" = 1 ] &&
   [ "$(jget "$p" 'sum(x["subscribers"] for x in d["profiles"])')" = 0 ]; then
	pass "show qos profiles: carol's Filter-Id counted as naming no profile; no subscriber left bound"
else
	fail "show qos profiles after the sessions" "$(ctl show qos profiles)"
fi
m=$(curl -s "http://$METRICS/metrics")
if grep -qx "bng_qos_subscribers{profile=\"gold\"} 0" <<<"$m" &&
   grep -qx "bng_qos_unknown_filter_ids_total 1" <<<"$m"; then
	pass "metrics: bng_qos_subscribers by profile, bng_qos_unknown_filter_ids_total"
else
	fail "metrics" "$(grep qos <<<"$m")"
fi
bngd_stop
summary
