#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Live test: bngd on its built-in configuration (TAP ports) between a
# subscriber namespace and an internet namespace. Real Linux traffic must
# cross it both ways (ping, ping -6, a TCP download checked byte for byte),
# the hosts must see TTL/hop limit decremented by one, and SIGINT must stop
# bngd cleanly (exit 0) with its counters showing the sessions.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
LAB_BNGD=${BNGD:-$top/build/app/bngd}
. "$top/scripts/lab.sh"
SUB=bngtest-sub
NET=bngtest-net
work=$(mktemp -d /tmp/bnglive.XXXXXX)
trap 'lab_cleanup "$SUB" "$NET"; rm -rf "$work"' EXIT
lab_cleanup "$SUB" "$NET"

fail() { echo "FAIL live: $*"; [ -f "$work/bngd.log" ] && grep -v '^EAL' "$work/bngd.log"; exit 1; }

lab_start_bngd "$work/bngd.log"
lab_default_hosts "$SUB" "$NET"

out=$(ip netns exec "$SUB" ping -c 3 -i 0.2 -W 2 198.51.100.2) || fail "ping 198.51.100.2: $out"
# The reply crossed bngd once: 64 - 1.
grep -q "ttl=63" <<<"$out" || fail "IPv4 reply TTL is not 63: $out"
out=$(ip netns exec "$SUB" ping -6 -c 3 -i 0.2 -W 2 2001:db8:20::2) || fail "ping -6: $out"
grep -q "ttl=63" <<<"$out" || fail "IPv6 reply hop limit is not 63: $out"
out=$(ip netns exec "$NET" ping -c 2 -i 0.2 -W 2 10.0.0.2) || fail "ping from the internet side: $out"

head -c 2000000 /dev/urandom >"$work/blob"
(cd "$work" && exec ip netns exec "$NET" python3 -m http.server 8080 --bind 198.51.100.2 \
	>/dev/null 2>&1) &
for _ in $(seq 50); do
	ip netns exec "$NET" ss -ltn 2>/dev/null | grep -q ':8080' && break
	sleep 0.1
done
ip netns exec "$SUB" python3 - "$work/blob" <<'PY' || fail "TCP download"
import sys, urllib.request
want = open(sys.argv[1], "rb").read()
got = urllib.request.urlopen("http://198.51.100.2:8080/blob", timeout=20).read()
sys.exit(0 if got == want else 1)
PY

kill -INT "$BNGD_PID"
rc=0
wait "$BNGD_PID" || rc=$?
BNGD_PID=
[ "$rc" = 0 ] || fail "bngd exited $rc on SIGINT"
# ping x2 families, ping from the core side, one TCP connection: at least 4 sessions.
created=$(awk '/^sessions:/ {for (i = 1; i <= NF; i++) if ($i == "created") print $(i+1)}' "$work/bngd.log")
[ "${created:-0}" -ge 4 ] || fail "expected at least 4 sessions created, got ${created:-none}"
grep -q "^bngd summary" "$work/bngd.log" || fail "no final summary"
echo "PASS live: ping, ping -6, TCP download through bngd; $created sessions; clean stop"
