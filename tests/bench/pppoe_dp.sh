# SPDX-License-Identifier: BSD-3-Clause
#
# The PPPoE data-plane cases of scripts/bench.sh, sourced by it (its helpers
# and settings: BNGD, SECS, LCORES, $work, stat_median, bench_line,
# testpmd_io, nat_tenant_conf, nat_sanity). Needs root.
#
#   pppoe_up_10k      upstream: PPPoE session frames, each from its session's
#                     MAC with its session id and its IPCP address as source,
#                     decapsulated and forwarded to the core port
#   pppoe_down_10k    downstream: UDP from the core side to the session
#                     addresses, encapsulated into their sessions
#   pppoe_up_10k_nat  upstream with the NAT (services nat, forward, counters)
#
#  bngpdp-c (load.py, pcap_send)  --veth--  access0 (PPPoE, net_af_packet)
#  bngpdp-out (pcap_send)         --veth--  core0 (net_af_packet)
#
# The sessions are real: tests/pppoe/load.py brings them up through bngd's
# discovery, LCP, PAP and IPCP and writes what it holds (MAC, session id,
# address, the AC's MAC); tests/bench/pppoe_dp.py turns that into one UDP
# flow a session, which tests/bench/pcap_send (AF_PACKET TX ring) sends as
# fast as the kernel takes it, from the subscriber namespace (upstream) or
# the core one (downstream, to core0's MAC), pinned to the management
# lcore's CPU. What bngd forwards is discarded on arrival: the core host
# has another MAC than bngd's next hop; the subscriber namespace has no
# PPPoE in its kernel (load.py's socket, no longer read, fills and drops).
# bngd is measured over SECS one-second STATS lines once the traffic has
# run two seconds; then load.py ends the sessions (PADT), bngd stops, and
# testpmd io forwards the same traffic between the same two net_af_packet
# ports: the ceiling. Both are bounded by the kernel's veth and af_packet
# path (about 0.2-0.4 Mpps a CPU here, generator and forwarder alike), so
# cycles_per_pkt is the figure that measures bngd. The worker sleeps
# PDP_IDLE_US (default 100) when a loop found nothing, so packets wait in
# the af_packet ring and come in full bursts, as on a loaded port.
#
# For diagnosis: PDP_CORE_DEV replaces core0's device (net_null0,no-rx=1:
# upstream without the kernel's TX work on the worker's CPU); PDP_HOOK is a
# shell command run three seconds into bngd's measurement, with BNGD_PID
# set (perf record -t, gdb), its output in the case's work directory.

PDP_SEND=${PDP_SEND:-$top/build/tests/bench/pcap_send}
PDP_IDLE_US=${PDP_IDLE_US:-100}
# af_packet rings: 64 frames a 128 KiB block, 8192 frames in all (about 25
# ms of this traffic, held while the worker sleeps or is busy sending).
PDP_RING=${PDP_RING:-blocksz=131072,framesz=2048,framecnt=8192}

# pppoe_dp CASE SESSIONS: one case in a lab of its own, torn down on return.
pppoe_dp() (
	set +e
	local c=$1 n=$2 way=up nat=0 k cpu ceil conf sender loader
	case "$c" in *down*) way=down ;; esac
	case "$c" in *_nat) nat=1 ;; esac
	local cdir=$work/$c
	mkdir -p "$cdir"
	TAG=$c LOG=$cdir/bngd.log PY=/usr/bin/python3
	C=bngpdp-c OUT=bngpdp-out A0=bngpdp-a0 A1=bngpdp-a1 O0=bngpdp-o0 O1=bngpdp-o1
	HOST=198.51.100.2 NAMESPACES="$C $OUT" LINKS="$A0 $O0" PREFIX=bngbench_pd$$
	SOCK=$cdir/c.sock BNGD_PID=
	. "$top/scripts/lab.sh"
	. "$top/tests/checks.sh"
	. "$top/tests/pppoe/lab.sh"
	trap lab_teardown EXIT
	[ -x "$PDP_SEND" ] || die "$PDP_SEND not built (ninja -C build)"
	lab_teardown
	pppoe_lab 02:00:00:00:16:02
	# the client's socket sees every session's frames while they come up
	ip link set "$A0" txqueuelen 10000
	in_ns "$C" ip link set "$A1" txqueuelen 10000
	cpu=${LCORES%%[-,]*}

	# One worker's sessions and FIB sized for the sessions; PPPoE against a
	# local user, no keepalive (the client only answers while coming up).
	conf=$cdir/bngd.conf
	cat >"$conf" <<EOF
eal = { args = [ "-l", "$LCORES", "--no-huge", "--no-pci", "-m", "1024",
                 "--file-prefix", "$PREFIX", "--log-level", "*:error" ]; };
dataplane = { idle_sleep_us = $PDP_IDLE_US; punt_rate = 100000; punt_burst = 10000; };
sessions = { max = 65536; max_v6 = 1024; secondary = $((nat ? 65536 : 0)); };
fib = { max_routes = 16384; max_next_hops = 16384; tbl8s = 256; };
ports = ( { name = "access0"; role = "access"; address = [ "10.3.0.1/24" ];
            device = "net_af_packet0,iface=$A0,$PDP_RING"; },
          { name = "core0"; role = "core"; address = [ "198.51.100.1/24" ];
            device = "${PDP_CORE_DEV:-net_af_packet1,iface=$O0,$PDP_RING}"; } );
routes = ( { prefix = "0.0.0.0/0"; via = "198.51.100.2"; } );
neighbors = ( { port = "core0"; address = "198.51.100.2"; mac = "02:00:00:00:20:fe"; } );
pppoe = { ac_name = "bng-bench"; auth = [ "pap" ]; max_sessions = $((n + 1024));
          echo_interval_s = 0; padi_rate_port = 0; pool = [ "10.2.16.0", "10.2.63.255" ];
          users = ( { name = "bench"; password = "bench"; } ); };
EOF
	nat_tenant_conf "$n" "$nat" 1 >>"$conf"
	"$BNGD" -c "$conf" --stats 1 --console "$SOCK" --metrics none >"$LOG" 2>&1 &
	BNGD_PID=$!
	wait_bngd "$SOCK"

	# The sessions; load.py then waits on its standard input (kept open
	# until the measurement is over).
	mkfifo "$cdir/go"
	in_ns "$C" "$PY" "$top/tests/pppoe/load.py" --sessions "$cdir/sessions" "$A1" "$n" \
		bench bench <"$cdir/go" >"$cdir/load.out" 2>&1 &
	loader=$!
	exec 3>"$cdir/go"
	for _ in $(seq 1200); do
		[ -f "$cdir/sessions" ] && break
		kill -0 "$loader" 2>/dev/null || break
		sleep 0.1
	done
	grep -q '^OK ' "$cdir/load.out" ||
		die "sessions: $(cat "$cdir/load.out"; "$BNGCTL" -s "$SOCK" show pppoe statistics)"
	"$PY" "$top/tests/bench/pppoe_dp.py" "$cdir/sessions" "$cdir/up.pcap" \
		"$cdir/down.pcap" "$(cat "/sys/class/net/$O0/address")" 2>/dev/null ||
		die "no pcaps from $cdir/sessions"

	# bngd: SECS STATS lines after two of warm-up.
	k=$(grep -c '^STATS' "$LOG")
	pdp_send "$way" $((SECS + 4)) "$cpu" >"$cdir/send.out" &
	sender=$!
	[ -n "${PDP_HOOK:-}" ] && (sleep 3; BNGD_PID=$BNGD_PID bash -c "$PDP_HOOK" >"$cdir/hook.out" 2>&1) &
	wait "$sender"
	# PADT for every session, then bngd's exit summary.
	exec 3>&-
	wait "$loader"
	bngd_stop
	nat_sanity "$LOG" "$n"

	# The ceiling: the same traffic through testpmd, for as long as it takes.
	pdp_send "$way" 600 "$cpu" >"$cdir/send_testpmd.out" &
	sender=$!
	ceil=$(testpmd_io "$cdir/testpmd.log" 16384 "net_af_packet0,iface=$A0,$PDP_RING" \
		"net_af_packet1,iface=$O0,$PDP_RING" 2176)
	kill "$sender"
	wait "$sender"
	bench_line "$c" "$(stat_median tx_mpps "$LOG" $((k + 3)) "$SECS")" "$ceil" \
		"$(stat_median cycles_per_pkt "$LOG" $((k + 3)) "$SECS")" "sessions=$n"
	# What the generator offered (it runs longer than the measurement).
	echo "bench: $c: pcap_send offered $(pdp_offered "$cdir/send.out") Mpps to bngd," \
		"$(pdp_offered "$cdir/send_testpmd.out") Mpps to testpmd" >&2
)

pdp_offered() { awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^pps=/) printf "%.3f", substr($i, 5) / 1e6 }' "$1"; }

# pdp_send up|down SECONDS CPU: the case's traffic from the subscriber or the
# core namespace, pinned to CPU; run it in the background (it execs, so $!
# is the sender itself).
pdp_send() {
	if [ "$1" = up ]; then
		exec ip netns exec "$C" taskset -c "$3" "$PDP_SEND" -t "$2" "$A1" "$cdir/up.pcap"
	fi
	exec ip netns exec "$OUT" taskset -c "$3" "$PDP_SEND" -t "$2" "$O1" "$cdir/down.pcap"
}
