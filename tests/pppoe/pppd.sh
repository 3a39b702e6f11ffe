#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# A real pppd (rp-pppoe plugin) against bngd and a real FreeRADIUS. The host
# kernel has no PPP, so pppd runs in a User-Mode Linux guest
# (tests/pppoe/uml-init.sh) whose network device is one end of the test's
# veth, in the subscriber namespace.
#
#  UML guest: pppd on vec0        (bngppd-c, veth bngppd-a1)
#     --veth--  access0 (PPPoE)   bngd   core0 198.51.100.1/24  --veth--  bngppd-out 198.51.100.2
#  freeradius -X on 127.0.0.1:18160 (auth) / 18161 (acct)
#
# Checks, for PAP (alice: the server's Framed-IP-Address) and for CHAP-MD5
# (carol: pppd refuses PAP and Naks for CHAP; an address from the pool):
# ppp0 comes up with the address, pings reach the core host through the
# session (one of them a full 1492-byte packet), bngctl shows the session
# with its user, address and LCP/IPCP opened, pppd's own stop (LCP
# Terminate, PADT) ends it in bngd, and FreeRADIUS's detail file has
# Start and Stop with octets both ways. A wrong password: pppd gives up
# with "authentication failed" and no session is left. bngd has IPv6CP on
# (pppoe.ipv6): alice's pppd has +ipv6, and IPv6CP opens: pppd's log and
# ppp0's link-local address carry the interface identifiers bngctl shows;
# carol's has not, Protocol-Rejects IPv6CP, and IPv4 goes on regardless.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
TAG=pppd
. "$top/tests/pppoe/lab.sh"
pppoe_test bngppd
AUTH_PORT=18160 ACCT_PORT=18161
UML_PID=
# the guest goes first (its end of the veth holds the lab up); PPPD_KEEP as
# well as PPPOE_KEEP keeps the work directory
trap 'uml_kill; lab_teardown; [ -n "$RAD_PID" ] && kill "$RAD_PID" 2>/dev/null
      [ -n "${PPPD_KEEP:-}${PPPOE_KEEP:-}" ] && echo "pppd: kept $work" || rm -rf "$work"' EXIT

for tool in linux.uml insmod pppd; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
[ -f /usr/lib/pppd/*/pppoe.so ] || die "pppd's rp-pppoe plugin (pppoe.so) is missing"

uml_kill() {
	[ -n "$UML_PID" ] || return 0
	kill -KILL "$UML_PID" 2>/dev/null
	wait "$UML_PID" 2>/dev/null
	UML_PID=
}

# ---- FreeRADIUS and the lab ---------------------------------------------------
cat >"$work/users" <<'EOF'
alice Cleartext-Password := "wonderland"
	Framed-IP-Address = 10.2.0.77, Session-Timeout = 3600, Filter-Id = "gold"

carol Cleartext-Password := "looking-glass"
EOF
radius_start "$work/users"
pppoe_lab 02:00:00:00:17:02

cat >"$work/bngd.conf" <<EOF
dataplane = { idle_sleep_us = 20; };
ports = (
  { name = "access0"; device = "net_af_packet0,iface=$A0"; role = "access";
    address = [ "10.3.0.1/24" ]; },
  { name = "core0"; device = "net_af_packet1,iface=$O0"; role = "core";
    address = [ "198.51.100.1/24" ]; }
);
pppoe = { ac_name = "bng-pppd"; auth = [ "pap", "chap" ]; pool = [ "10.2.0.10", "10.2.0.20" ];
          dns = [ "198.51.100.53" ]; echo_interval_s = 1; ipv6 = true; };
aaa = {
  servers = ( { address = "127.0.0.1"; secret = "testing123"; auth_port = $AUTH_PORT;
                acct_port = $ACCT_PORT; } );
  timeout_ms = 2000; retries = 1; nas_identifier = "bng-pppd";  # FreeRADIUS delays rejects 1 s
};
EOF
pppoe_start "$work/bngd.conf"

# guest USER PASSWORD PPPD_OPTS: boot the guest with a fresh report directory
# $G; returns once ppp0 is up (0) or the guest has stopped (1)
guest() {
	G=$work/guest.$1.$RANDOM
	mkdir -p "$G/ppp"
	: >"$G/ppp/options"
	printf '"%s" * "%s" *\n' "$1" "$2" >"$G/ppp/pap-secrets"
	cp "$G/ppp/pap-secrets" "$G/ppp/chap-secrets"
	printf 'PPP_USER=%s\nPPP_PASS=%s\nPPPD_OPTS="%s"\nPING=%s\n' "$1" "$2" "$3" "$HOST" >"$G/guest.env"
	in_ns "$C" linux.uml mem=128M root=/dev/root rootfstype=hostfs rootflags=/ rw \
		init="$top/tests/pppoe/uml-init.sh" "vec0:transport=raw,ifname=$A1" \
		con=null con0=null,fd:1 "BNG_DIR=$G" >"$G/console.log" 2>&1 &
	UML_PID=$!
	for _ in $(seq 600); do
		[ -e "$G/up" ] && return 0
		kill -0 "$UML_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# guest_stop: let pppd end its session and wait for the guest to power off
guest_stop() {
	: >"$G/go"
	for _ in $(seq 300); do
		kill -0 "$UML_PID" 2>/dev/null || break
		sleep 0.1
	done
	uml_kill
}

guest_log() { printf '%s\n' "pppd:" "$(cat "$G/pppd.log" 2>/dev/null)" "console:" "$(tail -15 "$G/console.log")"; }

# ifid ADDR: the interface identifier of the link-local ADDR as bngctl
# writes it (xxxx:xxxx:xxxx:xxxx); nothing when ADDR is not in fe80::/64
ifid() {
	$PY -c 'import ipaddress, sys
p = ipaddress.IPv6Address(sys.argv[1]).packed
if p[:8] == bytes.fromhex("fe80000000000000"):
    print(":".join(p[i:i + 2].hex() for i in range(8, 16, 2)))' "$1" 2>/dev/null
}

# ipv6cp USER WANT: IPv6CP of the session as bngctl shows it, WANT Opened
# (then pppd's log and ppp0's link-local address carry the identifiers
# bngd agreed) or Stopped (pppd without +ipv6 Protocol-Rejected it)
ipv6cp() {
	local s peer ours ll pl pr ok=""
	for _ in $(seq 30); do
		s=$(ctl show pppoe sessions detail json)
		[ "$(jget "$s" 'd["sessions"][0]["ipv6cp"]')" = "$2" ] && break
		sleep 0.1
	done
	[ "$(jget "$s" 'd["sessions"][0]["ipv6cp"]')" = "$2" ] &&
		pass "$1: bngctl shows IPv6CP $2" || fail "$1: IPv6CP not $2" "$s"
	[ "$2" = Opened ] || return 0
	peer=$(jget "$s" 'd["sessions"][0]["ifid_peer"]')
	ours=$(jget "$s" 'd["sessions"][0]["ifid_local"]')
	pl=$(sed -n 's/.*local  LL address \([0-9a-f:]*\).*/\1/p' "$G/pppd.log")
	pr=$(sed -n 's/.*remote LL address \([0-9a-f:]*\).*/\1/p' "$G/pppd.log")
	[ -n "$pl" ] && [ "$(ifid "$pl")" = "$peer" ] && [ "$(ifid "$pr")" = "$ours" ] &&
		pass "$1: pppd says IPv6CP is up, local $pl, remote $pr: as bngd agreed" ||
		fail "$1: pppd's IPv6CP addresses, want fe80::$peer and fe80::$ours" "$(guest_log)"
	for ll in $(sed -n 's/.*inet6 \(fe80:[0-9a-f:]*\).*/\1/p' "$G/addr6.txt" 2>/dev/null); do
		[ "$(ifid "$ll")" = "$peer" ] && ok=$ll
	done
	[ -n "$ok" ] && pass "$1: ppp0 has $ok, the interface identifier bngctl shows as ifid_peer" ||
		fail "$1: no link-local fe80::$peer on ppp0" "$(cat "$G/addr6.txt" 2>/dev/null)"
}

# session USER PASSWORD PPPD_OPTS WANT_ADDR PPPD_AUTH BNGD_AUTH FILTER_ID
# IPV6CP: one session through pppd, checked end to end (PPPD_AUTH as
# pppd's log names the protocol, BNGD_AUTH as bngctl does; FILTER_ID the
# server's; IPV6CP the state bngctl should show)
session() {
	local user=$1 pass=$2 opts=$3 want=$4 auth=$6 addr s
	if ! guest "$user" "$pass" "$opts"; then
		fail "$user: ppp0 never came up" "$(guest_log)"
		uml_kill
		return
	fi
	addr=$(sed -n 's/.*inet \([0-9.]*\) .*/\1/p' "$G/addr.txt")
	case "$addr" in
	$want) pass "$user: pppd brought ppp0 up with $addr" ;;
	*) fail "$user: ppp0 address \"$addr\", want $want" "$(cat "$G/addr.txt")" ;;
	esac
	grep -q "auth$5 succeeded\|$5 authentication succeeded" "$G/pppd.log" &&
		pass "$user: pppd says $5 authentication succeeded" ||
		fail "$user: no $5 authentication in pppd's log" "$(guest_log)"
	if grep -q "^3 packets transmitted, 3 received" "$G/ping.txt" &&
		grep -q "^1 packets transmitted, 1 received" "$G/ping.txt"; then
		pass "$user: pings through the session to $HOST, one of 1492 bytes"
	else
		fail "$user: pings" "$(cat "$G/ping.txt")"
	fi
	s=$(ctl show pppoe sessions detail json)
	[ "$(jget "$s" '[(x["user"], x["address"], x["lcp"], x["ipcp"], x["auth"]) for x in d["sessions"]] == [("'"$user"'", "'"$addr"'", "Opened", "Opened", "'"$auth"'")]')" = True ] &&
		pass "bngctl show pppoe sessions: $user, $addr, LCP and IPCP opened, $auth" ||
		fail "show pppoe sessions" "$s"
	[ "$(jget "$s" 'd["sessions"][0]["filter_id"]')" = "$7" ] &&
		pass "$user: Filter-Id \"$7\" kept with the session" ||
		fail "$user: Filter-Id" "$s"
	[ "$(jget "$s" 'd["sessions"][0]["traffic"]["packets_up"] >= 4 and d["sessions"][0]["traffic"]["packets_down"] >= 4')" = True ] &&
		pass "$user: the session's traffic counted both ways" || fail "$user: session traffic" "$s"
	ipv6cp "$user" "$8"
	guest_stop
	for _ in $(seq 50); do
		[ "$(jget "$(ctl show pppoe statistics json)" 'd["sessions"]')" = 0 ] && break
		sleep 0.1
	done
	s=$(ctl show pppoe statistics json)
	[ "$(jget "$s" 'd["sessions"]')" = 0 ] &&
		pass "$user: pppd's own stop ended the session ($(jget "$s" 'd["down"]'))" ||
		fail "$user: session left after pppd stopped" "$s"
}

echo "== alice: PAP, the server's Framed-IP-Address; pppd +ipv6: IPv6CP too"
session alice wonderland "+ipv6" 10.2.0.77 PAP pap gold Opened
echo "== carol: pppd refuses PAP, CHAP-MD5 instead; an address from the pool; no IPv6CP"
session carol looking-glass "refuse-pap refuse-mschap refuse-mschap-v2 refuse-eap" \
	"10.2.0.1[0-9]" CHAP chap-md5 "" Stopped

echo "== a wrong password"
if guest alice queen ""; then
	fail "a wrong password brought ppp0 up"
	guest_stop
else
	rc=$(cat "$G/pppd.rc" 2>/dev/null)
	# pppd's exit status 19: authentication failed
	[ "$rc" = 19 ] && pass "pppd: authentication failed (exit status 19)" ||
		fail "pppd's exit status \"$rc\" (want 19)" "$(guest_log)"
fi
uml_kill
for _ in $(seq 100); do
	[ "$(jget "$(ctl show pppoe statistics json)" 'd["sessions"]')" = 0 ] && break
	sleep 0.1
done
s=$(ctl show pppoe statistics json)
[ "$(jget "$s" 'd["sessions"] == 0 and d["down"].get("auth_failed", 0) == 1')" = True ] &&
	pass "the refused session is gone, counted as auth_failed" || fail "after the refusal" "$s"

# ---- accounting -----------------------------------------------------------------
radius_acct 2 >"$work/acct.txt"
sed 's/^/    | /' "$work/acct.txt"
for who in alice carol; do
	grep -q "^$who Start " "$work/acct.txt" && pass "accounting Start for $who" ||
		fail "no Start for $who"
	awk -v u="$who" '$1 == u && $2 == "Stop" && $4 > 0 && $5 > 0 { ok = 1 } END { exit !ok }' \
		"$work/acct.txt" && pass "accounting Stop for $who with octets both ways" ||
		fail "no Stop with octets for $who"
done
bngd_stop
summary
