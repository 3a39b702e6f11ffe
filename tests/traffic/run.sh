#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Golden pcap tests: generate every case (gen.py), run bngd on it over
# net_pcap ports, read its counters through the console once the input is
# handled (console.py), stop it, compare its output pcaps, summary and
# counters (compare.py).
#
#   tests/traffic/run.sh [CASE...]
#
# BNGD=path/to/bngd (default: build/app/bngd of this checkout); builds nothing.
# KEEP=1 keeps the work directory (printed) for a look at the pcaps.
# Prints "PASS name" or "FAIL name: reason" (+ details) per case; exits 1 if
# any case failed, 2 if the tests could not run at all.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BNGD=${BNGD:-$HERE/../../build/app/bngd}
PY=/usr/bin/python3
KEEP=${KEEP:-0}

if [ ! -x "$BNGD" ]; then
	echo "run.sh: no bngd at $BNGD (build it, or set BNGD=)" >&2
	exit 2
fi
if ! $PY -c 'import scapy' 2>/dev/null; then
	echo "run.sh: $PY cannot import scapy (apt install python3-scapy)" >&2
	exit 2
fi

WORK=$(mktemp -d /tmp/bngd-traffic.XXXXXX)
PREFIX=bngt$$
PID=

cleanup() {
	if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
		kill "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
	fi
	# EAL runtime directories of our file prefixes (root: /var/run/dpdk)
	for d in /var/run/dpdk "${XDG_RUNTIME_DIR:-/nonexistent}/dpdk"; do
		[ -d "$d" ] && rm -rf "$d/${PREFIX}_"*
	done
	if [ "$KEEP" = 1 ]; then
		echo "work directory kept: $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

case_args=()
for c in "$@"; do
	case_args+=(--case "$c")
done
if ! $PY "$HERE/gen.py" "$WORK" --prefix "$PREFIX" "${case_args[@]}"; then
	echo "run.sh: gen.py failed" >&2
	exit 2
fi

start=$(date +%s.%N)
pass=0
fail=0
for dir in "$WORK"/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	# Run bngd in the background; console.py waits on its console until the
	# input is handled and saves its counters; then bngd is stopped (SIGTERM,
	# passed on by timeout) and prints its summary.
	rm -f "$dir/counters.json"
	timeout -k 5 60 "$BNGD" -c "$dir/case.conf" --console "$dir/c.sock" --metrics none \
		>"$dir/summary.txt" 2>"$dir/stderr.txt" </dev/null &
	PID=$!
	$PY "$HERE/console.py" "$dir" "$dir/c.sock" "$PID" >"$dir/console.txt" 2>&1
	kill -TERM "$PID" 2>/dev/null
	wait "$PID"
	rc=$?
	PID=
	if [ "$rc" -ne 0 ]; then
		what="bngd exited with status $rc"
		[ "$rc" -eq 124 ] && what="bngd did not stop within 60 s"
		echo "FAIL $name: $what"
		tail -n 15 "$dir/stderr.txt" "$dir/summary.txt" "$dir/console.txt" | sed 's/^/    /'
		fail=$((fail + 1))
		continue
	fi
	if out=$($PY "$HERE/compare.py" "$dir" "$dir/summary.txt" 2>&1); then
		echo "PASS $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name: $(printf '%s\n' "$out" | head -n 1)"
		printf '%s\n' "$out" | tail -n +2 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
done
end=$(date +%s.%N)
printf '%d passed, %d failed (%.1f s)\n' "$pass" "$fail" "$(echo "$end - $start" | bc)"
[ "$fail" -eq 0 ]
