# SPDX-License-Identifier: BSD-3-Clause
#
# What the per-packet cost benchmarks (qos_cost.sh, screen_cost.sh) share,
# sourced after setting top: bngd replayed a pcap forever (net_pcap ->
# net_null) per configuration, cycles per packet from its --stats lines or,
# with BENCH_CALLGRIND=1, instructions per packet of the pipeline.

# cost_setup NAME WORKNAME EAL_PREFIX: BNGD, SECS, LCORES from the
# environment, a fresh $work (/tmp/WORKNAME.XXXXXX) removed on exit with
# bngd's EAL files (prefix EAL_PREFIX); NAME in the error messages
cost_setup() {
	BNGD=${BNGD:-$top/build/app/bngd}
	SECS=${BENCH_SECONDS:-6}
	LCORES=${BENCH_LCORES:-0-1}
	EAL_PREFIX=$3
	work=$(mktemp -d "/tmp/$2.XXXXXX")
	trap 'rm -rf "$work" "/var/run/dpdk/$EAL_PREFIX"' EXIT
	[ -x "$BNGD" ] || { echo "$1: no bngd at $BNGD" >&2; exit 1; }
}

# cost_conf_head: the start of every run's configuration (EAL on $LCORES,
# mbufs and sessions for 10000 flows)
cost_conf_head() {
	cat <<CONF
eal = { args = [ "-l", "$LCORES", "--no-huge", "--no-pci", "-m", "2048",
                 "--file-prefix", "$EAL_PREFIX", "--log-level", "*:error" ]; };
dataplane = { mbufs = 81920; mbuf_data_room = 256; };
sessions = { max = 65536; max_v6 = 1024; };
CONF
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print 0}'; }
# stat KEY LOG: the median of KEY over bngd's STATS lines, the first two left out
stat() { grep '^STATS' "$2" | tail -n +3 | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}' | median; }

# cost_run NAME CONF [WHAT...]: bngd on CONF for $SECS seconds, its log
# in ${CONF%.conf}.log; prints the BENCH line (WHAT after the cycles) and
# leaves the cost per packet in $COST
cost_run() {
	local name=$1 conf=$2 base=${2%.conf} ir rx
	shift 2
	"$BNGD" --check-config -c "$conf" >/dev/null
	if [ -n "${BENCH_CALLGRIND:-}" ]; then
		timeout -s INT $((SECS + 20)) valgrind --tool=callgrind --toggle-collect='process_rx*' \
			--callgrind-out-file="$base.cg" "$BNGD" -c "$conf" \
			--console none --metrics none >"$base.log" 2>&1 || true
		ir=$(callgrind_annotate "$base.cg" 2>/dev/null |
			awk '/PROGRAM TOTALS/ && !n++ {gsub(",", "", $1); print $1}')  # reads it all: no SIGPIPE
		# the summary's worker line: worker lcore rx tx ...
		rx=$(awk '$1 == "0" && NF >= 4 {print $3; exit}' "$base.log")
		COST=$(awk -v a="$ir" -v b="$rx" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print 0 }')
		echo "BENCH name=$name instr_per_pkt=$COST packets=$rx"
	else
		timeout -s INT $((SECS + 3)) "$BNGD" -c "$conf" --stats 1 --console none \
			--metrics none >"$base.log" 2>&1 || true
		COST=$(stat cycles_per_pkt "$base.log")
		echo "BENCH name=$name mpps=$(stat tx_mpps "$base.log") cycles_per_pkt=$COST $*"
	fi
}
