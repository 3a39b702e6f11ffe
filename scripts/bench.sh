#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Replay benchmark: 64-byte UDP pcaps with 1, 10k and 1M flows through bngd
# (net_pcap infinite_rx in, net_null out) and, in the same run, through
# dpdk-testpmd --forward-mode=io on the same vdevs (the ceiling). Prints
#   BENCH name=<case> mpps=<bngd> ceiling_mpps=<testpmd> ratio=<bngd/testpmd> cycles_per_pkt=<pipeline>
#   BENCH name=session_memory bytes_per_session=<session table bytes / sessions at 1M sessions>
# and the CGNAT cases (NAT44 service, tests/nat/gen_nat_flows.py pcaps):
#   nat44_est_10k, nat44_est_1m: established 64-byte UDP flows through the NAT,
#     half inside-to-outside (access0 replays the upstream pcap) and half
#     outside-to-inside (core0 replays the replies, addressed to the external
#     address and port bngd gives each flow); same BENCH line as fwd_*, the
#     ceiling being testpmd io on the same two net_pcap ports. Only intervals
#     after the session count stopped growing are measured.
#   BENCH name=nat44_cps rate=<sessions created per second per worker>
#     (1M new upstream flows, each a new session and a new NAT mapping, into an
#     empty table: the median rate of the 0.1 s intervals while it fills)
#   BENCH name=dhcp_dora rate=<DORA exchanges per second> (10000 raw-socket
#     clients in a namespace, tests/ipoe/hostile.sh; needs root)
#   BENCH name=pppoe_setup_local rate=<PPPoE sessions brought up per second>
#     and name=pppoe_down rate=<sessions ended by PADT per second> (10000
#     sessions, discovery + LCP + PAP against a local user + IPCP, from one
#     raw-socket client in a namespace, tests/pppoe/load.sh; needs root)
#   BENCH name=pppoe_setup_radius rate=<...> the same, authenticated and
#     accounted (Start, Stop) by a FreeRADIUS on loopback
#   BENCH name=nat44_memory bytes_per_session=<(session table bytes + NAT state bytes) / sessions at 1M>
#     (session table: both keys of every session; NAT state: heap used by bngd
#     with the NAT minus heap used by the same configuration without it)
#   pppoe_up_10k, pppoe_down_10k, pppoe_up_10k_nat: 64-byte UDP in 10000 real
#     PPPoE sessions (brought up by tests/pppoe/load.py), upstream
#     decapsulated (and translated by the NAT: _nat) to the core port,
#     downstream encapsulated into the sessions; live traffic from
#     tests/bench/pcap_send on net_af_packet veths, the ceiling testpmd io on
#     the same ports and traffic (tests/bench/pppoe_dp.sh; needs root). Same
#     BENCH line as fwd_*, ending in sessions=N.
#   BENCH name=acl_1k, acl_10k rate=<new sessions per second per worker> with
#     1000 / 10000 ACL rules (base_rate: without the acl service), and
#     acl_est_10k: fwd_10k's flows through the acl service and 10000 rules
#     (tests/bench/acl.sh)
#   chain_full: nat44_est_10k's traffic through the whole chain: stateless
#     screens (all), a policer each way, NAT, forward, counters (chain_more
#     below). Same BENCH line as fwd_*.
# Usage: scripts/bench.sh [fwd_1] [fwd_10k] [fwd_1m] [session_memory]
#        [nat44_est_10k] [nat44_est_1m] [nat44_cps] [nat44_memory] [dhcp_dora]
#        [pppoe_setup_local] [pppoe_setup_radius] [pppoe_up_10k] [pppoe_down_10k]
#        [pppoe_up_10k_nat] [acl_1k] [acl_10k] [acl_est_10k] [chain_full]   (none: all)
# Environment: BNGD (binary), BENCH_SECONDS (per run, default 6), BENCH_LCORES
# (default 0-1), BENCH_KEEP (set: keep the work directory, logs and pcaps),
# BENCH_EXPRESS (0: the fwd_* and nat44_* cases with the workers' express path
# off, every packet through the general pipeline, to compare), BENCH_HUGE (1: bngd and
# testpmd on 2 MiB hugepages, reserved for the run, instead of --no-huge).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
case "${1:-}" in
-h|--help) sed -n '4,/^set -e/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
BNGD=${BNGD:-$top/build/app/bngd}
BNGCTL=${BNGCTL:-$top/build/cli/bngctl/bngctl}
SECS=${BENCH_SECONDS:-6}
LCORES=${BENCH_LCORES:-0-1}
EXPRESS_CONF=
[ "${BENCH_EXPRESS:-1}" = 0 ] && EXPRESS_CONF="express = false;"
# Memory: anonymous 4 KiB pages (--no-huge) unless BENCH_HUGE=1, which
# reserves 2 MiB hugepages for the run (and gives them back after).
NOHUGE=--no-huge
NOHUGE_CONF='"--no-huge",'
huge_undo=:
if [ "${BENCH_HUGE:-0}" = 1 ]; then
	hp_before=$(cat /proc/sys/vm/nr_hugepages)
	if [ "$hp_before" -lt 1800 ]; then
		echo 1800 >/proc/sys/vm/nr_hugepages
		huge_undo="echo $hp_before >/proc/sys/vm/nr_hugepages"
	fi
	if ! grep -q ' /dev/hugepages hugetlbfs' /proc/mounts; then
		mkdir -p /dev/hugepages
		mount -t hugetlbfs -o pagesize=2M nodev /dev/hugepages
		huge_undo="umount /dev/hugepages; $huge_undo"
	fi
	NOHUGE=--huge-unlink
	NOHUGE_CONF='"--huge-unlink",'
fi
work=$(mktemp -d /tmp/bngbench.XXXXXX)
trap '[ -n "${BENCH_KEEP:-}" ] && echo "bench: kept $work" >&2 || rm -rf "$work"; rm -rf /var/run/dpdk/bngbench_{b,n,tp,pd}$$; eval "$huge_undo"' EXIT

[ -x "$BNGD" ] || { echo "bench: $BNGD not built (run: meson setup build && ninja -C build)" >&2; exit 1; }
command -v dpdk-testpmd >/dev/null || { echo "bench: dpdk-testpmd missing (apt-get install dpdk)" >&2; exit 1; }

cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(fwd_1 fwd_10k fwd_1m session_memory
	nat44_est_10k nat44_est_1m nat44_cps nat44_memory dhcp_dora pppoe_setup_local
	pppoe_setup_radius pppoe_up_10k pppoe_down_10k pppoe_up_10k_nat acl_1k acl_10k acl_est_10k
	chain_full)

flows_of() {
	case "$1" in
	fwd_1) echo 1 ;;
	fwd_10k|nat44_est_10k|chain_full) echo 10000 ;;
	fwd_1m|session_memory|nat44_est_1m|nat44_cps|nat44_memory) echo 1000000 ;;
	dhcp_dora|pppoe_setup_local|pppoe_setup_radius) echo 10000 ;;
	pppoe_up_10k|pppoe_down_10k|pppoe_up_10k_nat) echo 10000 ;;
	acl_1k) echo 1000 ;;
	acl_10k|acl_est_10k) echo 10000 ;;
	*) echo "bench: unknown case $1 (fwd_1 fwd_10k fwd_1m session_memory" \
		"nat44_est_10k nat44_est_1m nat44_cps nat44_memory dhcp_dora pppoe_setup_local" \
			"pppoe_setup_radius pppoe_up_10k pppoe_down_10k pppoe_up_10k_nat acl_1k acl_10k" \
			"acl_est_10k chain_full;" \
			"-h: help)" >&2
		exit 2 ;;
	esac
}

# Median of the numbers on stdin (the steady state, robust to a noisy second).
median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print 0}'; }

pcap_for() {
	local f="$work/flows_$1.pcap"
	[ -f "$f" ] || python3 "$top/tests/bench/gen_flows.py" "$f" "$1"
	echo "$f"
}

# mbufs: the pcap PMD keeps every packet of the file in the pool.
mbufs_for() { echo $(( $1 + 65536 )); }

# testpmd_io LOG MBUFS VDEV VDEV [MBUF_SIZE]: dpdk-testpmd --forward-mode=io
# between two ports, MBUFS mbufs of MBUF_SIZE bytes (default 256); prints
# the sum of both ports' Tx-pps in Mpps. Interactive, driven once its prompt
# shows (ports started, pcap files loaded; no mlockall, which takes seconds
# here): Tx-pps of "show port stats" is the rate since the previous show, so
# the second show measures SECS of steady state.
testpmd_io() {
	local out=$1 in="$work/testpmd.in" pid fd
	rm -f "$in"
	mkfifo "$in"
	timeout $((SECS + 120)) dpdk-testpmd $NOHUGE --no-pci -m 3072 -l "$LCORES" \
		--file-prefix "bngbench_tp$$" --log-level '*:error' --vdev "$3" --vdev "$4" -- \
		-i --forward-mode=io --mbuf-size="${5:-256}" --total-num-mbufs="$2" \
		--no-flush-rx --no-mlockall <"$in" >"$out" 2>&1 &
	pid=$!
	exec {fd}>"$in"
	for _ in $(seq 900); do
		grep -q 'testpmd>' "$out" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	{ echo start; sleep 2; echo "show port stats all"; sleep "$SECS"
	  echo "show port stats all"; echo stop; echo quit; } >&"$fd" 2>/dev/null
	exec {fd}>&-
	wait "$pid" || true
	# The second "show port stats all": its two Tx-pps (rates since the first).
	awk '/Tx-pps/ { v[++n] = $2 } END { printf "%.3f", (n >= 2 ? v[n - 1] + v[n] : 0) / 1e6 }' "$out"
}

run_testpmd() {
	testpmd_io "$work/testpmd.log" "$(mbufs_for "$2")" \
		"net_pcap0,rx_pcap=$1,infinite_rx=1" net_null0,no-rx=1
}

run_bngd() {
	local pcap=$1 flows=$2 out=$3
	local max=$(( flows < 65536 ? 65536 : flows ))
	{
		cat <<CONF
eal = { args = [ "-l", "$LCORES", $NOHUGE_CONF "--no-pci", "-m", "3072",
                 "--file-prefix", "bngbench_b$$", "--log-level", "*:error" ]; };
dataplane = { mbufs = $(mbufs_for "$flows"); mbuf_data_room = 256; $EXPRESS_CONF };
sessions = { max = $max; max_v6 = 1024; };
CONF
		"$top/scripts/replay_conf.sh" "$pcap"
	} >"$work/bench.conf"
	# Two warm-up seconds are dropped by stat_median; SECS are measured.
	timeout -s INT $((SECS + 3)) "$BNGD" -c "$work/bench.conf" --stats 1 --console none --metrics none >"$out" 2>&1 || true
}

# stat_median KEY LOG [FIRST [COUNT]]: median of KEY over the STATS lines of
# LOG from the FIRST (default 3: the first two are warm-up), COUNT of them
# (default: all).
stat_median() {
	grep '^STATS' "$2" | tail -n +"${3:-3}" | head -n "${4:-1000000000}" | tr ' ' '\n' |
		awk -F= -v k="$1" '$1 == k {print $2}' | median
}

# bench_line CASE MPPS CEILING CYCLES TAIL: the BENCH line of a forwarding
# case (ratio = bngd / testpmd), TAIL (flows=N, sessions=N) at its end.
bench_line() {
	echo "BENCH name=$1 mpps=$2 ceiling_mpps=$3 ratio=$(awk -v a="$2" -v b="$3" \
		'BEGIN { if (b > 0) printf "%.2f", a / b; else print 0 }') cycles_per_pkt=$4 $5"
}

# ---- NAT44 ------------------------------------------------------------------
#
# Subscribers 100.64.0.0+s, NAT_PER_SUB flows each, behind one NAT instance
# with one port block of NAT_BLOCK ports per subscriber (so every inside port
# the generator picks is preserved and the replies' destinations are known,
# see tests/nat/gen_nat_flows.py), on as many pool addresses as fit about 48
# subscribers each (a power of two, from 192.0.2.0).
NAT_PER_SUB=1000
NAT_BLOCK=1024

# Workers: the lcores of BENCH_LCORES but the first (the management lcore).
n_workers() {
	local n=0 part a b
	for part in ${LCORES//,/ }; do
		if [[ $part == *-* ]]; then
			a=${part%-*} b=${part#*-}
			n=$((n + b - a + 1))
		else
			n=$((n + 1))
		fi
	done
	echo $((n - 1))
}
WORKERS=$(n_workers)

# nat_pool_for FLOWS [PER_SUB]: the pool for FLOWS flows, PER_SUB (default
# NAT_PER_SUB) a subscriber.
nat_pool_for() {
	local per=${2:-$NAT_PER_SUB} len=32
	local subs=$(( ($1 + per - 1) / per ))
	while [ $(( (1 << (32 - len)) * 48 )) -lt "$subs" ]; do len=$((len - 1)); done
	echo "192.0.2.0/$len"
}

# nat_pcaps_for FLOWS: "UP DOWN" (generated once per run).
nat_pcaps_for() {
	local up="$work/nat_up_$1.pcap" down="$work/nat_down_$1.pcap"
	[ -f "$down" ] || python3 "$top/tests/nat/gen_nat_flows.py" "$up" "$down" "$1" \
		--per-sub "$NAT_PER_SUB" --block-size "$NAT_BLOCK" --pool "$(nat_pool_for "$1")" \
		--workers "$WORKERS" 2>"$work/gen_$1.log" ||
		{ cat "$work/gen_$1.log" >&2; exit 1; }
	echo "$up $down"
}

# nat_conf FLOWS MBUFS NAT(1/0) PCAP [CORE_PCAP]: a replay configuration with
# the NAT sized for FLOWS sessions (or the same without the NAT: services
# forward and counters, the same session table).
nat_conf() {
	local flows=$1 mbufs=$2 nat=$3
	shift 3
	cat <<CONF
eal = { args = [ "-l", "$LCORES", $NOHUGE_CONF "--no-pci", "-m", "3072",
                 "--file-prefix", "bngbench_n$$", "--log-level", "*:error" ]; };
dataplane = { mbufs = $mbufs; mbuf_data_room = 256; $EXPRESS_CONF };
sessions = { max = $flows; max_v6 = 1024; secondary = $flows; };
CONF
	nat_tenant_conf "$flows" "$nat"
	"$top/scripts/replay_conf.sh" "$@"
}

# nat_tenant_conf FLOWS NAT(1/0) [PER_SUB]: the default tenant's services,
# with NAT: nat, forward, counters and the NAT sized for FLOWS sessions,
# PER_SUB (default NAT_PER_SUB) a subscriber; without: forward, counters.
nat_tenant_conf() {
	local flows=$1 per=${3:-$NAT_PER_SUB}
	local subs=$(( (flows + per - 1) / per ))
	if [ "$2" = 1 ]; then
		cat <<CONF
nat = {
  max_subscribers = $(( subs < 64 ? 64 : subs ));
  max_mappings = $flows;
  instances = ( { name = "cgn"; addresses = [ "$(nat_pool_for "$flows" "$per")" ];
                  block_size = $NAT_BLOCK; blocks_per_subscriber = 1;
                  max_sessions_per_subscriber = $NAT_PER_SUB; } );
};
tenants = ( { id = 0; name = "default"; services = [ "nat", "forward", "counters" ]; nat = "cgn"; } );
CONF
	else
		echo 'tenants = ( { id = 0; name = "default"; services = [ "forward", "counters" ]; } );'
	fi
}

# The heap bngd uses (show memory json: heap.used; everything bngd allocates,
# session table and NAT state included, is allocated at start-up); empty
# when no answer.
heap_used() {
	local h
	for _ in 1 2 3 4 5; do
		h=$("$BNGCTL" -s "$1" show memory json 2>/dev/null |
			python3 -c 'import json, sys; print(json.load(sys.stdin)["heap"]["used"])' 2>/dev/null) &&
			[ -n "$h" ] && { echo "$h"; return 0; }
		sleep 0.2
	done
}

# run_nat_bngd CONF LOG STATS_SECS STEADY: bngd with a console; stop it
# (SIGINT: exit summary) once STEADY STATS lines after the first two showed
# an unchanged session count (STEADY 0: at the first STATS line), or after a
# generous time limit. Before stopping, the heap in use goes to LOG.heap.
run_nat_bngd() {
	local conf=$1 log=$2 every=$3 steady=$4 sock="$work/nat.sock" pid n
	rm -f "$sock" "$log.heap"
	timeout -s INT $((SECS + 90)) "$BNGD" -c "$conf" --stats "$every" --console "$sock" --metrics none \
		>"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$steady" = 0 ]; then
			grep -q '^STATS' "$log" && break
		else
			n=$(steady_stats "$log" | wc -l)
			[ "$n" -ge "$steady" ] && break
		fi
		sleep 0.2
	done
	heap_used "$sock" >"$log.heap"
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" || true
}

# The STATS lines of LOG after the first two whose session count equals the
# previous line's (the table no longer growing).
steady_stats() {
	awk '/^STATS/ { s = ""; for (i = 1; i <= NF; i++) if ($i ~ /^sessions=/) s = $i
	                if (++n > 2 && s == prev && s != "") print; prev = s }' "$1"
}

# steady_median KEY LOG: median of KEY over steady_stats.
steady_median() {
	steady_stats "$2" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}' | median
}

# run_testpmd2 UP DOWN PACKETS: testpmd io between two net_pcap ports, each
# replaying its file.
run_testpmd2() {
	testpmd_io "$work/testpmd2.log" "$(mbufs_for "$3")" \
		"net_pcap0,rx_pcap=$1,infinite_rx=1" "net_pcap1,rx_pcap=$2,infinite_rx=1"
}

# nat_est CASE FLOWS [MORE]: established NAT flows both ways; MORE, a
# function, prints configuration added to the case's.
nat_est() {
	local c=$1 flows=$2 up down log="$work/bngd_$1.log" ceil
	read -r up down <<<"$(nat_pcaps_for "$flows")"
	ceil=$(run_testpmd2 "$up" "$down" $((2 * flows)))
	nat_conf "$flows" "$(mbufs_for $((2 * flows)))" 1 "$up" "$down" >"$work/$c.conf"
	[ -z "${3:-}" ] || "$3" >>"$work/$c.conf"
	run_nat_bngd "$work/$c.conf" "$log" 1 "$SECS"
	bench_line "$c" "$(steady_median tx_mpps "$log")" "$ceil" \
		"$(steady_median cycles_per_pkt "$log")" "flows=$flows"
	nat_sanity "$log" "$flows"
}

# chain_full's stages beyond nat44_est_10k's: every stateless screen on
# both ports, and a policer each way (RFC 2698 marker, rte_meter) on the
# subscribers' next hop (their CPE, 10.0.0.2, which the replies are routed
# to), at rates the traffic never reaches: every packet is metered, none
# dropped. The rate-based screens stay off: this traffic is a flood by
# their measure (10000 flows to one UDP port of one host).
chain_more() {
	cat <<'CONF'
screens = ( { zone = "bench"; ports = [ "access0", "core0" ]; enable = "all"; } );
qos = {
  profiles = ( { name = "bench";
                 up = { cir_kbps = 100000000; cbs_bytes = 100000000; };
                 down = { cir_kbps = 100000000; cbs_bytes = 100000000; }; } );
  subscribers = ( { address = "10.0.0.2"; profile = "bench"; } );
};
CONF
}

# A warning (stderr) when the run did not do what the numbers claim: fewer
# sessions than flows, or many packets dropped (replies finding no mapping
# means the generator's prediction of bngd's ports went wrong).
nat_sanity() {
	awk -v flows="$2" '
		/^sessions:/ { for (i = 1; i <= NF; i++) if ($i == "active") a = $(i + 1) }
		/^[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ / { tx += $4 }  # worker lines: worker lcore rx tx ...
		/^drops:/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); d += kv[2]; txt = txt " " $i } }
		END { if (a != flows) printf "bench: warning: %d sessions, not %d\n", a, flows > "/dev/stderr";
		      if (tx > 0 && d > 0.05 * tx) printf "bench: warning: %d of %d packets dropped:%s\n", d, tx, txt > "/dev/stderr" }' "$1"
}

nat_cps() {
	local flows=$1 up down log="$work/bngd_nat44_cps.log" rate
	read -r up down <<<"$(nat_pcaps_for "$flows")"
	nat_conf "$flows" "$(mbufs_for "$flows")" 1 "$up" >"$work/nat44_cps.conf"
	run_nat_bngd "$work/nat44_cps.conf" "$log" 0.1 3
	# Session count deltas of the 0.1 s intervals while the table filled,
	# less the first and last (partial) ones.
	rate=$(awk '/^STATS/ { for (i = 1; i <= NF; i++) if ($i ~ /^sessions=/) print substr($i, 10) }' "$log" |
		awk 'NR > 1 && $1 > prev { d[++n] = $1 - prev } { prev = $1 }
		     END { for (i = 2; i < n; i++) print d[i] * 10 }' | median)
	echo "BENCH name=nat44_cps rate=$(awk -v r="$rate" -v w="$WORKERS" 'BEGIN { printf "%.0f", r / w }') workers=$WORKERS flows=$flows"
	nat_sanity "$log" "$flows"
}

nat_memory() {
	local flows=$1 up down log="$work/bngd_nat44_est_1m.log" base="$work/bngd_nat_base.log"
	read -r up down <<<"$(nat_pcaps_for "$flows")"
	if [ ! -f "$log" ]; then
		nat_conf "$flows" "$(mbufs_for $((2 * flows)))" 1 "$up" "$down" >"$work/nat44_est_1m.conf"
		run_nat_bngd "$work/nat44_est_1m.conf" "$log" 1 1
	fi
	# The same configuration without the NAT: what the NAT adds to the heap.
	nat_conf "$flows" "$(mbufs_for $((2 * flows)))" 0 "$up" "$down" >"$work/nat_base.conf"
	run_nat_bngd "$work/nat_base.conf" "$base" 1 0
	awk -v h1="$(cat "$log.heap")" -v h0="$(cat "$base.heap")" '
		/^sessions:/ { for (i = 1; i <= NF; i++) { if ($i == "active") a = $(i+1);
			if ($i == "table-bytes") b = $(i+1) } }
		END { if (a > 0 && h1 > 0 && h0 > 0)
			printf "BENCH name=nat44_memory bytes_per_session=%.1f sessions=%d table_bytes=%d nat_bytes=%d\n", (b + h1 - h0) / a, a, b, h1 - h0;
		      else print "BENCH name=nat44_memory error=no_sessions_or_heap" }' "$log"
}

# The PPPoE data-plane cases (pppoe_dp CASE SESSIONS).
. "$top/tests/bench/pppoe_dp.sh"
# The ACL cases (acl_cps CASE RULES, acl_est CASE RULES).
. "$top/tests/bench/acl.sh"

for c in "${cases[@]}"; do
	flows=$(flows_of "$c")
	case "$c" in
	nat44_est_*) nat_est "$c" "$flows"; continue ;;
	chain_full) nat_est "$c" "$flows" chain_more; continue ;;
	nat44_cps) nat_cps "$flows"; continue ;;
	nat44_memory) nat_memory "$flows"; continue ;;
	# DORA exchanges through the management lcore: tests/ipoe/hostile.sh's
	# raw-socket clients (needs root and network namespaces)
	dhcp_dora) DHCP_CLIENTS=$flows DHCP_BENCH_ONLY=1 DHCP_WINDOW=1024 \
			"$top/tests/ipoe/hostile.sh" | grep '^BENCH'
		continue ;;
	pppoe_setup_local) PPPOE_LOAD_N=$flows "$top/tests/pppoe/load.sh" | grep '^BENCH'
		continue ;;
	pppoe_setup_radius) PPPOE_LOAD_N=$flows PPPOE_LOAD_RADIUS=1 "$top/tests/pppoe/load.sh" |
			grep '^BENCH name=pppoe_setup'
		continue ;;
	pppoe_up_*|pppoe_down_*) pppoe_dp "$c" "$flows" || true; continue ;;
	acl_est_*) acl_est "$c" "$flows"; continue ;;
	acl_*) acl_cps "$c" "$flows"; continue ;;
	esac
	pcap=$(pcap_for "$flows")
	log="$work/bngd_$c.log"
	if [ "$c" = session_memory ]; then
		[ -f "$work/bngd_fwd_1m.log" ] || run_bngd "$pcap" "$flows" "$work/bngd_fwd_1m.log"
		awk '/^sessions:/ { for (i = 1; i <= NF; i++) { if ($i == "active") a = $(i+1);
			if ($i == "table-bytes") b = $(i+1) } }
			END { if (a > 0) printf "BENCH name=session_memory bytes_per_session=%.1f sessions=%d table_bytes=%d\n", b / a, a, b;
			      else print "BENCH name=session_memory error=no_sessions" }' "$work/bngd_fwd_1m.log"
		continue
	fi
	ceil=$(run_testpmd "$pcap" "$flows")
	run_bngd "$pcap" "$flows" "$log"
	bench_line "$c" "$(stat_median tx_mpps "$log")" "$ceil" "$(stat_median cycles_per_pkt "$log")" \
		"flows=$flows"
done
