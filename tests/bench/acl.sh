# SPDX-License-Identifier: BSD-3-Clause
#
# The ACL cases of scripts/bench.sh, sourced by it (its helpers and
# settings: BNGD, SECS, LCORES, WORKERS, $work, pcap_for, mbufs_for,
# run_nat_bngd, median, bench_line, stat_median, run_testpmd).
#
#   acl_1k, acl_10k   new-session cost with 1000 and 10000 rules: 1M new
#                     upstream UDP flows (tests/bench/gen_flows.py) into an
#                     empty table through services acl, forward, counters;
#                     the rules (tests/acl/rules.py) never match the flows,
#                     the last one permits them, so every new session is
#                     classified through all of them. The median rate of the
#                     0.1 s intervals while the table fills, as nat44_cps;
#                     base_rate is the same run without the acl service;
#                     classify_cycles the cycles of one classification
#                     alone with the same rules (tests/bench/acl_classify).
#   acl_est_10k       established cost: the fwd_10k flows through services
#                     acl, forward, counters with the 10000 rules (the
#                     verdict is cached: the ACL never sees these packets
#                     again); the same BENCH line as fwd_10k, to compare.

# acl_conf FLOWS MBUFS RULES(0: no acl service) PCAP
acl_conf() {
	local flows=$1 mbufs=$2 rules=$3
	cat <<CONF
eal = { args = [ "-l", "$LCORES", "--no-huge", "--no-pci", "-m", "3072",
                 "--file-prefix", "bngbench_a$$", "--log-level", "*:error" ]; };
dataplane = { mbufs = $mbufs; mbuf_data_room = 256; };
sessions = { max = $(( flows < 65536 ? 65536 : flows )); max_v6 = 1024; };
CONF
	if [ "$rules" = 0 ]; then
		echo 'tenants = ( { id = 0; name = "default"; services = [ "forward", "counters" ]; } );'
	else
		python3 "$top/tests/acl/rules.py" "$rules" 1 >"$work/acl_$rules.none"
		{ cat "$work/acl_$rules.none"; echo "permit proto udp"; } >"$work/acl_$rules.rules"
		echo 'tenants = ( { id = 0; name = "default"; services = [ "acl", "forward", "counters" ]; } );'
		echo "acl = { default = \"deny\"; file = \"$work/acl_$rules.rules\"; };"
	fi
	"$top/scripts/replay_conf.sh" "$4"
}

# acl_cps_rate LOG: sessions created per second per worker while the table filled.
acl_cps_rate() {
	awk '/^STATS/ { for (i = 1; i <= NF; i++) if ($i ~ /^sessions=/) print substr($i, 10) }' "$1" |
		awk 'NR > 1 && $1 > prev { d[++n] = $1 - prev } { prev = $1 }
		     END { for (i = 2; i < n; i++) print d[i] * 10 }' | median |
		awk -v w="$WORKERS" '{ printf "%.0f", $1 / w }'
}

acl_cps() { # case rules
	local flows=1000000 pcap rate base cls
	pcap=$(pcap_for "$flows")
	if [ ! -f "$work/bngd_acl_base.log" ]; then
		acl_conf "$flows" "$(mbufs_for "$flows")" 0 "$pcap" >"$work/acl_base.conf"
		run_nat_bngd "$work/acl_base.conf" "$work/bngd_acl_base.log" 0.1 3
	fi
	acl_conf "$flows" "$(mbufs_for "$flows")" "$2" "$pcap" >"$work/$1.conf"
	run_nat_bngd "$work/$1.conf" "$work/bngd_$1.log" 0.1 3
	rate=$(acl_cps_rate "$work/bngd_$1.log")
	base=$(acl_cps_rate "$work/bngd_acl_base.log")
	# The classification alone (the rates above are noisy on shared machines).
	cls=$("$(dirname "$BNGD")/../tests/bench/acl_classify" "$work/acl_$2.none" 2>/dev/null |
		sed -n 's/.*cycles_per_flow=\([0-9.]*\).*/\1/p')
	echo "BENCH name=$1 rate=$rate base_rate=$base ratio=$(awk -v a="$rate" -v b="$base" \
		'BEGIN { if (b > 0) printf "%.2f", a / b; else print 0 }') classify_cycles=${cls:-0} rules=$2 workers=$WORKERS flows=$flows"
	grep -q "acl_deny\|acl_reject" "$work/bngd_$1.log" &&
		echo "bench: warning: $1: the ACL refused some flows" >&2
	return 0
}

acl_est() { # case rules
	local flows=10000 pcap log="$work/bngd_$1.log" ceil
	pcap=$(pcap_for "$flows")
	ceil=$(run_testpmd "$pcap" "$flows")
	acl_conf "$flows" "$(mbufs_for "$flows")" "$2" "$pcap" >"$work/$1.conf"
	# Start-up builds the rules first (seconds for 10000): the run is
	# stopped after SECS measured STATS lines (two warm-up ones before).
	timeout -s INT $((SECS + 60)) "$BNGD" -c "$work/$1.conf" --stats 1 --console none \
		--metrics none >"$log" 2>&1 &
	local pid=$!
	while kill -0 "$pid" 2>/dev/null && [ "$(grep -c '^STATS' "$log")" -lt $((SECS + 2)) ]; do
		sleep 0.2
	done
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" || true
	bench_line "$1" "$(stat_median tx_mpps "$log")" "$ceil" "$(stat_median cycles_per_pkt "$log")" \
		"flows=$flows rules=$2"
}
