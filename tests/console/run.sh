#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The console, the metrics endpoint and packet trace, driven the way an
# operator drives them: bngd on its built-in configuration (TAP ports)
# between two namespaces with real traffic, and bngctl against it: one-shot
# commands with checked output, JSON parsed, filters, clear, log levels,
# trace, bad commands and their exit codes, an idle second client, clients
# that hang up mid-reply, an interactive session in tmux (completion,
# history, ? help), Prometheus counters that move with traffic, and DPDK
# telemetry.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
LAB_BNGD=${BNGD:-$top/build/app/bngd}
BNGCTL=${BNGCTL:-$top/build/cli/bngctl/bngctl}
. "$top/scripts/lab.sh"
SUB=bngcons-sub
NET=bngcons-net
work=$(mktemp -d /tmp/bngcons.XXXXXX)
SOCK=$work/bngd.sock
METRICS=127.0.0.1:19110
PY=/usr/bin/python3
trap 'tmux kill-session -t bngcons 2>/dev/null || true; lab_cleanup "$SUB" "$NET"; rm -rf "$work"' EXIT
lab_cleanup "$SUB" "$NET"

fails=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
ctl() { "$BNGCTL" -s "$SOCK" "$@"; }
# jq-like checks with python: jcheck 'expression over j' < json
jcheck() { $PY -c "import json,sys; j=json.load(sys.stdin); sys.exit(0 if ($1) else 1)"; }

lab_start_bngd "$work/bngd.log" --console "$SOCK" --metrics "$METRICS"
lab_default_hosts "$SUB" "$NET"

# --- one-shot commands --------------------------------------------------------
out=$(ctl show version) && grep -q "^bngd: " <<<"$out" && pass "show version" || fail "show version: $out"
ctl show ports json | jcheck '[p["port"] for p in j] == ["access0", "core0"] and all(p["role"] in ("access", "core") for p in j)' &&
	pass "show ports json" || { fail "show ports json"; ctl show ports; }
ctl show workers json | jcheck 'len(j) == 1 and j[0]["rx_queues"] == "access0/0 core0/0"' &&
	pass "show workers json" || fail "show workers json"
ctl show routes json | jcheck 'any(r["prefix"] == "0.0.0.0/0" and r["via"] == "198.51.100.2" for r in j)' &&
	pass "show routes" || fail "show routes"
ctl show neighbors json | jcheck 'any(n["address"] == "10.0.0.2" and n["mac"] == "02:00:00:00:10:02" for n in j)' &&
	pass "show neighbors" || fail "show neighbors"
ctl show config | grep -q 'device = "net_tap0,iface=bng-access"' && pass "show config" || fail "show config"
ctl show memory json | jcheck 'j["mbufs"]["size"] == 16383 and j["sessions"][0]["capacity"] == 65536' &&
	pass "show memory" || fail "show memory"
ctl help | grep -q "show sessions" && pass "help" || fail "help"

# --- traffic, sessions, filters, clear ------------------------------------------
before=$(curl -fsS "http://$METRICS/metrics" | awk '$1 == "bng_port_rx_packets_total{port=\"access0\"}" {print $2}')
ip netns exec "$SUB" ping -c 5 -i 0.2 -W 2 198.51.100.2 >/dev/null || fail "ping through bngd"
ip netns exec "$SUB" $PY -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); [s.sendto(b"x", ("198.51.100.2", 40000 + i)) for i in range(3)]'
sleep 1.2
after=$(curl -fsS "http://$METRICS/metrics" | awk '$1 == "bng_port_rx_packets_total{port=\"access0\"}" {print $2}')
[ "${after:-0}" -ge $(( ${before:-0} + 8 )) ] && pass "metrics move with traffic ($before -> $after)" ||
	fail "metrics: access0 rx $before -> $after"
curl -fsS "http://$METRICS/metrics" >"$work/metrics"
grep -q '^bng_drops_total{reason="ttl_exceeded"} ' "$work/metrics" && pass "metrics drop reasons" ||
	fail "metrics drop reasons"
grep -q '^bng_worker_cycles_per_packet{worker="0"} ' "$work/metrics" && pass "metrics workers" ||
	fail "metrics workers"

ctl show sessions protocol icmp json | jcheck 'j["matched"] >= 1 and j["sessions"][0]["from"] == "10.0.0.2" and j["sessions"][0]["to"] == "198.51.100.2" and j["sessions"][0]["packets"] >= 10' &&
	pass "show sessions protocol icmp" || fail "show sessions protocol icmp"
ctl show sessions protocol udp port 40001 json | jcheck 'j["matched"] == 1 and j["sessions"][0]["to"] == "198.51.100.2:40001"' &&
	pass "show sessions port filter" || fail "show sessions port filter"
ctl show sessions address 192.0.2.99 json | jcheck 'j["matched"] == 0' && pass "show sessions no match" ||
	fail "show sessions no match"
ctl show sessions detail limit 1 json | jcheck '"bytes_out" in j["sessions"][0] and j["sessions"][0]["services"] == ["forward", "counters"]' &&
	pass "show sessions detail" || fail "show sessions detail"
ctl show sessions summary json | jcheck 'j["ipv4"] >= 4 and j["protocols"]["udp"] >= 3 and j["protocols"]["icmp"] >= 1' &&
	pass "show sessions summary" || fail "show sessions summary"
ctl show counters json | jcheck 'j["sessions"]["created"] >= 4 and "drops" in j' &&
	pass "show counters" || fail "show counters"
ctl clear sessions protocol udp json | jcheck 'j["cleared"] == 3' && pass "clear sessions protocol udp" ||
	fail "clear sessions protocol udp"
ctl show sessions protocol udp json | jcheck 'j["matched"] == 0' && pass "cleared sessions gone" || fail "cleared sessions gone"

# --- trace ------------------------------------------------------------------------
ctl trace add 4 >/dev/null || fail "trace add"
ip netns exec "$SUB" ping -c 2 -i 0.2 -W 2 198.51.100.2 >/dev/null || true
sleep 0.3
ctl show trace json >"$work/trace.json" || fail "show trace"
jcheck 'len(j) >= 2 and all(any(e["event"].startswith(s) for e in p["events"]) for p in j if "icmp" in p["frame"] or "proto 1 " in p["frame"] for s in ("rx:", "parse: ipv4", "session lookup:", "service forward: continue", "service counters: continue", "l3: next hop", "tx: port"))' <"$work/trace.json" &&
	pass "trace shows every stage" || { fail "trace stages"; cat "$work/trace.json"; }
ctl show trace | grep -q "^Packet 1 (worker 0): " && pass "trace text" || fail "trace text"
ctl clear trace >/dev/null && ctl show trace json | jcheck 'j == []' && pass "clear trace" || fail "clear trace"

# --- log levels, bad commands, exit codes -------------------------------------------
ctl set log level 'bng.*' debug >/dev/null && pass "set log level" || fail "set log level"
ctl set log level 'bng.*' loud 2>"$work/err" && fail "bad level accepted" ||
	{ [ $? = 1 ] && grep -q 'unknown level "loud"' "$work/err" && pass "bad log level"; } || fail "bad log level message"
set +e
ctl shw ports 2>"$work/err"; rc=$?
set -e
[ "$rc" = 1 ] && grep -q 'did you mean "show ports"' "$work/err" && pass "typo suggests" || fail "typo: rc=$rc $(cat "$work/err")"
set +e
ctl show sessions tenant x 2>"$work/err"; rc=$?
"$BNGCTL" -s "$work/nope.sock" show version 2>"$work/err2"; rc2=$?
set -e
[ "$rc" = 1 ] && grep -q 'tenant: "x" is not a number' "$work/err" && pass "bad argument" || fail "bad argument: $(cat "$work/err")"
[ "$rc2" = 2 ] && pass "no bngd: exit 2" || fail "no bngd: rc=$rc2"
echo "show version" | ctl | grep -q "^bngd: " && pass "commands from stdin" || fail "commands from stdin"

# --- several clients, idle and vanishing ones ---------------------------------------
$PY - "$SOCK" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); time.sleep(4)
PY
idle=$!
sleep 0.3
ctl show version >/dev/null && pass "second client served while the first idles" || fail "second client"
$PY - "$SOCK" <<'PY' && pass "clients hanging up mid-reply" || fail "clients hanging up mid-reply"
import socket, sys
for i in range(50):
    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
    s.sendall(b"show config\nshow log\nhelp json\n")
    s.recv(10)          # read a little of the first reply, then vanish
    s.close()
PY
ctl show version >/dev/null && pass "bngd serves after them" || fail "bngd after vanished clients"
kill "$idle" 2>/dev/null || true

# --- interactive session: completion, ? help, history ----------------------------------
tmux kill-session -t bngcons 2>/dev/null || true
tmux new-session -d -s bngcons -x 200 -y 50 "$BNGCTL -s $SOCK"
sleep 0.5
tmux send-keys -t bngcons 'sh' Tab 've' Tab Enter
sleep 0.5
tmux send-keys -t bngcons 'show sess' Tab '?'
sleep 0.5
tmux send-keys -t bngcons C-u 'show rou' Tab Enter
sleep 0.5
tmux send-keys -t bngcons Up Up Enter
sleep 0.5
tmux capture-pane -p -t bngcons -S -100 >"$work/pane"
grep -q "bngctl> show version" "$work/pane" && grep -q "^bngd: " "$work/pane" && pass "interactive: TAB completes show version" ||
	{ fail "interactive completion"; cat "$work/pane"; }
grep -q "\[tenant N\]" "$work/pane" && pass "interactive: ? shows arguments" || fail "interactive ? help"
grep -q "0.0.0.0/0" "$work/pane" && pass "interactive: show routes" || fail "interactive show routes"
[ "$(grep -c '^bngd: ' "$work/pane")" -ge 2 ] && pass "interactive: history recalls show version" ||
	fail "interactive history"
tmux kill-session -t bngcons

# --- DPDK telemetry ------------------------------------------------------------------
if command -v dpdk-telemetry.py >/dev/null; then
	out=$(echo /ethdev/list | timeout 10 dpdk-telemetry.py -f bngd 2>&1 || true)
	grep -q '"/ethdev/list": \[' <<<"$out" && pass "dpdk-telemetry.py /ethdev/list" || fail "telemetry: $out"
fi

kill -INT "$BNGD_PID"
wait "$BNGD_PID" || fail "bngd exit status"
BNGD_PID=
[ -e "$SOCK" ] && fail "console socket left behind" || pass "socket removed at exit"
echo "console tests: $fails failed"
[ "$fails" = 0 ]
