# SPDX-License-Identifier: BSD-3-Clause
#
# NAT event logging checks for tests/nat/run.sh (sourced): bngd's IPFIX
# events received by a real collector (nfcapd, read back with nfdump), and
# its RFC 5424 syslog messages received over UDP.

NFPORT=47390
SYSLOG_PORT=47391
NFCAPD_PID=
SYSLOG_PID=

# The "logging" group for the NAT section of bngd.conf.
ipfix_conf() {
	echo "logging = { format = \"ipfix\"; collector = \"127.0.0.1:$NFPORT\"; events = [ \"blocks\", \"mappings\" ]; };"
}
syslog_conf() {
	echo "logging = { format = \"syslog\"; collector = \"127.0.0.1:$SYSLOG_PORT\"; events = [ \"blocks\", \"sessions\" ]; };"
}

# wait_udp PORT: until something listens on 127.0.0.1:PORT (up to 3 s).
wait_udp() {
	for _ in $(seq 30); do
		ss -Hlun "src 127.0.0.1:$1" | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

ipfix_start() {
	mkdir -p "$work/nf"
	nfcapd -w "$work/nf" -b 127.0.0.1 -p "$NFPORT" >"$work/nfcapd.log" 2>&1 &
	NFCAPD_PID=$!
	wait_udp "$NFPORT" || fail "nfcapd did not start" "$(cat "$work/nfcapd.log")"
}

logging_stop() {
	[ -n "$NFCAPD_PID" ] && kill -TERM "$NFCAPD_PID" 2>/dev/null && wait "$NFCAPD_PID" 2>/dev/null
	[ -n "$SYSLOG_PID" ] && kill "$SYSLOG_PID" 2>/dev/null && wait "$SYSLOG_PID" 2>/dev/null
	NFCAPD_PID= SYSLOG_PID=
	return 0
}

# Once traffic is done: end every session, let the ports' quarantine pass
# so the blocks go back (release events), and note what bngd says it sent.
logging_drain() {
	ctl clear sessions all >/dev/null 2>&1
	sleep 3.5
	ctl show nat logging json >"$work/logging_$1.json" 2>&1
}

# After bngd stopped (it flushes its log on the way out).
ipfix_check() {
	local sent lost verdict
	read -r sent lost < <($PY -c 'import json,sys
j = json.load(open(sys.argv[1])); c = j["counters"]
print(c["records"], j["lost"] + c["send_errors"])' "$work/logging_eif.json" 2>/dev/null)
	kill -TERM "$NFCAPD_PID" 2>/dev/null
	wait "$NFCAPD_PID" 2>/dev/null
	NFCAPD_PID=
	nfdump -R "$work/nf" -o json >"$work/nf.json" 2>"$work/nfdump.err"
	verdict=$($PY "$top/tests/nat/check_ipfix.py" "$work/nf.json" "$SUB" "$POOL" "${sent:-0}" 2>&1)
	if [ "${verdict%% *}" = ok ] && [ "${lost:-1}" = 0 ]; then
		pass "IPFIX: nfcapd/nfdump got bngd's NAT events: ${verdict#ok }, none lost"
	else
		fail "IPFIX: $verdict (bngd: sent ${sent:-?}, lost ${lost:-?})" \
			"$(cat "$work/logging_eif.json" "$work/nfdump.err"; head -c 3000 "$work/nf.json")"
	fi
}

SYSLOG_RECV='
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
with open(sys.argv[2], "w") as f:
    while True:
        f.write(s.recv(4096).decode(errors="replace") + "\n")
        f.flush()
'
syslog_start() {
	"$PY" -c "$SYSLOG_RECV" "$SYSLOG_PORT" "$work/syslog.txt" >"$work/syslog.err" 2>&1 &
	SYSLOG_PID=$!
	wait_udp "$SYSLOG_PORT" || fail "syslog receiver did not start" "$(cat "$work/syslog.err")"
}

# RFC 5424: <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG.
syslog_check() {
	local hdr='^<134>1 [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z [^ ]+ bngd [0-9]+'
	local ext='192\.0\.2\.[0-3]'
	local n_alloc n_rel n_sc n_sd
	n_alloc=$(grep -cE "$hdr block-alloc - instance=cgn vrf=0 inside=$SUB outside=$ext ports=[0-9]+-[0-9]+\$" "$work/syslog.txt")
	n_rel=$(grep -cE "$hdr block-release - instance=cgn vrf=0 inside=$SUB outside=$ext ports=[0-9]+-[0-9]+\$" "$work/syslog.txt")
	n_sc=$(grep -cE "$hdr session-create - instance=cgn vrf=0 proto=(6|17|1) inside=$SUB:[0-9]+ outside=$ext:[0-9]+\$" "$work/syslog.txt")
	n_sd=$(grep -cE "$hdr session-delete - instance=cgn vrf=0 proto=(6|17|1) inside=$SUB:[0-9]+ outside=$ext:[0-9]+\$" "$work/syslog.txt")
	if [ "$n_alloc" -gt 0 ] && [ "$n_rel" -gt 0 ] && [ "$n_sc" -gt 0 ] && [ "$n_sd" -gt 0 ] &&
		! grep -q "$S1\|$S2" "$work/syslog.txt"; then
		pass "syslog: $n_alloc block-alloc, $n_rel block-release, $n_sc session-create, $n_sd session-delete (RFC 5424), no destinations"
	else
		fail "syslog: want block-alloc/release and session-create/delete for $SUB, no destination (got $n_alloc/$n_rel/$n_sc/$n_sd)" \
			"$(head -20 "$work/syslog.txt")"
	fi
}
