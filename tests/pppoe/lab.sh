# SPDX-License-Identifier: BSD-3-Clause
#
# The PPPoE tests' lab, sourced after tests/checks.sh: a subscriber
# namespace $C on veth $A1 (bngd's access side $A0) and a core host $HOST
# in $OUT on $O1 (bngd's core side $O0) that routes the session pool
# 10.2.0.0/24 back through bngd; and a FreeRADIUS of the test's own.

. "$top/scripts/lab.sh"
. "$top/tests/checks.sh"

# pppoe_test NAME: what every PPPoE test sets up first. Its lab's
# namespaces are NAME-c (the subscriber side) and NAME-out (the core host
# $HOST), its veths NAME-a0/a1 (access) and NAME-o0/o1 (core); bngd's
# console, log and configuration go in a fresh $work, removed at the end
# unless PPPOE_KEEP is set; everything the test started is stopped on exit.
pppoe_test() {
	C=$1-c OUT=$1-out
	A0=$1-a0 A1=$1-a1 O0=$1-o0 O1=$1-o1
	HOST=198.51.100.2
	RAD_PID=
	NAMESPACES="$C $OUT" LINKS="$A0 $O0"
	live_test "$1_$$" "$1" PPPOE_KEEP
	# ... and FreeRADIUS (radius_start) stopped too
	trap 'lab_teardown; [ -n "$RAD_PID" ] && kill "$RAD_PID" 2>/dev/null
	      [ -n "${PPPOE_KEEP:-}" ] && echo "$TAG: kept $work" || rm -rf "$work"' EXIT
	for tool in ip ethtool; do
		command -v "$tool" >/dev/null || die "$tool is not installed"
	done
}

# pppoe_lab CLIENT_MAC: build it
pppoe_lab() {
	local ns
	for ns in "$C" "$OUT"; do
		afp_netns "$ns" net.ipv6.conf.all.disable_ipv6=1 || die "no namespace"
	done
	afp_veth "$C" "$A0" "$A1" "$1" || die "no veth"
	afp_veth "$OUT" "$O0" "$O1" 02:00:00:00:20:02 || die "no veth"
	ip -n "$OUT" addr add "$HOST/24" dev "$O1"
	ip -n "$OUT" route add 10.2.0.0/24 via 198.51.100.1
}

# pppoe_start CONF: check the configuration, start bngd on it
pppoe_start() {
	bngd_run "$1" "$SOCK"
}

# client ARGS...: tests/pppoe/client.py in $C; its OK/FAIL lines are the
# test's (the sessions' state shown on a failure), its output in $LAST
client() {
	local out
	out=$(in_ns "$C" "$PY" "$top/tests/pppoe/client.py" "$A1" "$@" 2>&1)
	verdicts "" "ctl show pppoe sessions detail 2>&1 | tail -20" <<<"$out"
	LAST=$out
}

# radius_start USERS: FreeRADIUS on 127.0.0.1 ports $AUTH_PORT/$ACCT_PORT
# with the users file USERS and its configuration, logs and accounting
# under $work; its pid in RAD_PID. In debug mode (-X, every request in
# $work/radius.log) unless RADIUS_QUIET is set (load tests: no per-request
# logging).
radius_start() {
	command -v freeradius >/dev/null || die "freeradius is not installed"
	"$PY" "$top/tests/pppoe/raddb.py" "$work" "$AUTH_PORT" "$ACCT_PORT" "$1" ||
		die "cannot prepare the FreeRADIUS configuration"
	if [ -n "${RADIUS_QUIET:-}" ]; then
		freeradius -f -l stdout -d "$work/raddb" >"$work/radius.log" 2>&1 &
	else
		freeradius -X -d "$work/raddb" >"$work/radius.log" 2>&1 &
	fi
	RAD_PID=$!
	for _ in $(seq 100); do
		grep -q "Ready to process requests" "$work/radius.log" && return 0
		kill -0 "$RAD_PID" 2>/dev/null || break
		sleep 0.1
	done
	die "freeradius did not start: $(tail -20 "$work/radius.log")"
}

# radius_acct [STOPS]: wait until the detail file holds STOPS Stop records
# (default 0: no wait), then print one line per accounting record:
# user type address in-octets out-octets cause NAS-Identifier
radius_acct() {
	local n
	for _ in $(seq 50); do
		n=$(cat "$work"/log/radacct/*/detail-* 2>/dev/null | grep -c 'Acct-Status-Type = Stop')
		[ "$n" -ge "${1:-0}" ] && break
		sleep 0.1
	done
	cat "$work"/log/radacct/*/detail-* 2>/dev/null | "$PY" -c '
import re, sys
for r in re.split(r"\n\s*\n", sys.stdin.read()):
    if "Acct-Status-Type" not in r:
        continue
    f = dict(re.findall(r"^\s*([\w-]+) = (.*)$", r, re.M))
    print(f.get("User-Name", "").strip("\""), f.get("Acct-Status-Type"), f.get("Framed-IP-Address"),
          f.get("Acct-Input-Octets", "-"), f.get("Acct-Output-Octets", "-"),
          f.get("Acct-Terminate-Cause", "-"), f.get("NAS-Identifier", "").strip("\""))'
}
