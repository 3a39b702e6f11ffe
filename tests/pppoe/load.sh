#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Many PPPoE sessions at once: tests/pppoe/load.py brings N sessions (N
# MACs, default 10000) through discovery, LCP, PAP against a local user and
# IPCP, interleaved, from one raw socket; bngd must give every one its own
# address and show them all; PADT then ends every one and the pool and
# the FIB are empty again. Prints BENCH name=pppoe_setup_local (sessions
# brought up per second, end to end through the client) and
# name=pppoe_down (sessions ended per second). With PPPOE_LOAD_RADIUS=1 the
# sessions authenticate against a FreeRADIUS of the test's own and are
# accounted there (Start and Stop for each): BENCH name=pppoe_setup_radius.
#
#  bngpld-c (load.py)  --veth--  access0 (PPPoE)   pool 10.2.16.0-10.2.63.255
#  bngpld-out          --veth--  core0 198.51.100.1/24
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
TAG=pppoe-load
. "$top/tests/pppoe/lab.sh"
pppoe_test bngpld
N=${PPPOE_LOAD_N:-10000}
AUTH_PORT=18170 ACCT_PORT=18171

pppoe_lab 02:00:00:00:16:02
# the client's socket sees every session's frames
ip link set "$A0" txqueuelen 10000
in_ns "$C" ip link set "$A1" txqueuelen 10000

cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; punt_rate = 100000; punt_burst = 10000; };
fib = { max_routes = 16384; max_next_hops = 16384; tbl8s = 256; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0"; role = "access";
    address = [ "10.3.0.1/24" ]; },
  { name = "core0"; device = "net_af_packet1,iface=$O0"; role = "core";
    address = [ "198.51.100.1/24" ]; }
);
pppoe = {
  ac_name = "bng-load"; auth = [ "pap" ];
  max_sessions = 16384; max_per_mac = 1;
  echo_interval_s = 0;
  padi_rate_port = 0;
  pool = [ "10.2.16.0", "10.2.63.255" ];
  users = ( { name = "load"; password = "generator"; } );
};
EOF
bench=pppoe_setup_local
if [ "${PPPOE_LOAD_RADIUS:-0}" = 1 ]; then
	bench=pppoe_setup_radius
	printf 'load Cleartext-Password := "generator"\n' >"$work/users"
	RADIUS_QUIET=1 radius_start "$work/users"
	cat >>"$work/bngd.conf" <<EOF
aaa = {
  servers = ( { address = "127.0.0.1"; secret = "testing123"; auth_port = $AUTH_PORT;
                acct_port = $ACCT_PORT; } );
  timeout_ms = 3000; retries = 3; nas_identifier = "bng-load";
  threads = ${PPPOE_LOAD_RADIUS_THREADS:-4};
};
EOF
fi
BNGD_MEM=1024 pppoe_start "$work/bngd.conf"

routes0=$(jget "$(ctl show memory json)" 'd["fib"]["routes"]')
echo "== $N sessions"
mkfifo "$work/go"
in_ns "$C" "$PY" "$top/tests/pppoe/load.py" "$A1" "$N" load generator <"$work/go" \
	>"$work/load.out" 2>&1 &
loader=$!
exec 3>"$work/go"
for _ in $(seq 1200); do
	grep -q '^BENCH' "$work/load.out" && break
	kill -0 "$loader" 2>/dev/null || break
	sleep 0.1
done
out=$(cat "$work/load.out")
echo "$out" | grep -v '^BENCH' | sed 's/^/  /'
grep -q "^OK " <<<"$out" && pass "$(sed -n 's/^OK //p' <<<"$out")" ||
	fail "load" "$(ctl show pppoe statistics 2>&1)"
grep '^BENCH' <<<"$out" | sed "s/name=pppoe_setup_local/name=$bench/"
up=$(jget "$(ctl show memory json)" 'd["fib"]["routes"]')
[ "$up" -ge $((routes0 + N)) ] && pass "the FIB holds a route per session ($up routes)" ||
	fail "FIB: $up routes with $N sessions up, $routes0 before"

st=$(ctl show pppoe statistics json)
[ "$(jget "$st" 'd["sessions"]')" = "$N" ] && pass "show pppoe statistics: $N sessions" ||
	fail "show pppoe statistics" "$st"
# (too big for an argument: read from a pipe)
n=$(ctl show pppoe sessions json | "$PY" -c 'import json,sys; d=json.load(sys.stdin)
print(sum(1 for s in d["sessions"] if s["ipcp"] == "Opened"))')
[ "$n" = "$N" ] && pass "show pppoe sessions: $N with IPCP opened" || fail "show pppoe sessions: $n opened"
t0=$(date +%s.%N)
echo go >&3
exec 3>&-
wait "$loader"
for _ in $(seq 300); do
	[ "$(jget "$(ctl show pppoe statistics json)" 'd["sessions"]')" = 0 ] && break
	sleep 0.1
done
t1=$(date +%s.%N)
st=$(ctl show pppoe statistics json)
[ "$(jget "$st" 'd["sessions"] == 0 and d["down"].get("padt", 0) == '"$N")" = True ] &&
	pass "every session ended by PADT: $(jget "$st" 'd["down"]')" || fail "sessions left" "$st"
"$PY" -c 'import sys; n, s = int(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2])
print("BENCH name=pppoe_down rate=%.0f sessions=%d seconds=%.2f (PADT paced at 20k/s)" % (n / s, n, s))' "$N" "$t0" "$t1"
routes=$(jget "$(ctl show memory json)" 'd["fib"]["routes"]')
[ "$routes" = "$routes0" ] && pass "no session route left in the FIB ($routes routes)" ||
	fail "session routes left: $routes routes, $routes0 before"
if [ -n "$RAD_PID" ]; then
	for _ in $(seq 100); do
		[ "$(radius_acct | grep -c ' Stop ')" -ge "$N" ] && break
		sleep 0.2
	done
	radius_acct >"$work/acct.txt"
	starts=$(grep -c ' Start ' "$work/acct.txt") stops=$(grep -c ' Stop ' "$work/acct.txt")
	[ "$starts" = "$N" ] && [ "$stops" = "$N" ] &&
		pass "FreeRADIUS accounted every session: $starts Start, $stops Stop" ||
		fail "accounting: $starts Start, $stops Stop for $N sessions"
fi
bngd_stop
summary
