# SPDX-License-Identifier: BSD-3-Clause
#
# What the live tests share, sourced after setting TAG (the test's name in
# its PASS/FAIL lines) and LOG (bngd's output): counting checks, giving up
# with bngd's last words, reading JSON replies.

passes=0
failures=0

# pass WHAT / fail WHAT [DETAILS]: one check's verdict
pass() { passes=$((passes + 1)); echo "PASS $TAG: $1"; }
fail() {
	failures=$((failures + 1))
	echo "FAIL $TAG: $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /'
	return 0
}

# check NAME CMD...: PASS when CMD succeeds (its output shown when it fails)
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$out"; fi
}

# verdicts [PREFIX [DETAILS]]: the "OK ..." / "FAIL ..." lines a helper
# program printed (on stdin) become this test's checks, PREFIX before each;
# DETAILS, a command, tells more on a FAIL; other lines are shown indented.
verdicts() {
	local l
	while IFS= read -r l; do
		case "$l" in
		"OK "*) pass "${1:-}${l#OK }" ;;
		"FAIL "*)
			if [ -n "${2:-}" ]; then fail "${1:-}${l#FAIL }" "$(eval "$2")"
			else fail "${1:-}${l#FAIL }"; fi ;;
		*) [ -n "$l" ] && echo "  $l" ;;
		esac
	done
	return 0
}

# ctl ARGS...: bngctl on bngd's console $SOCK
ctl() { "$BNGCTL" -s "$SOCK" "$@"; }

# die WHY: the test cannot go on
die() {
	echo "FAIL $TAG: $*"
	[ -f "${LOG:-}" ] && grep -v '^EAL' "$LOG" | tail -20 | sed 's/^/    bngd: /'
	exit 1
}

# jget JSON EXPR: a Python expression over the parsed reply d
jget() { /usr/bin/python3 -c "import json,sys; d=json.loads(sys.argv[1]); print($2)" "$1"; }

# wait_bngd SOCK: until bngd's console socket is there and it has started
wait_bngd() {
	for _ in $(seq 150); do
		[ -S "$1" ] && grep -q "^bngd .* workers" "$LOG" && return 0
		kill -0 "$BNGD_PID" 2>/dev/null || break
		sleep 0.1
	done
	die "bngd did not start"
}

# need TOOL...: die unless every TOOL is installed and bngd and bngctl are
# built
need() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || die "$tool is not installed"
	done
	[ -x "$BNGD" ] || die "no bngd at $BNGD (build first)"
	[ -x "$BNGCTL" ] || die "no bngctl at $BNGCTL (build first)"
}

# summary: the last line, and the exit status
summary() {
	echo "$TAG: $passes passed, $failures failed"
	[ "$failures" -eq 0 ]
}

# The lab's own namespaces and root-side links ($NAMESPACES, $LINKS), bngd
# ($BNGD_PID, EAL file prefix $PREFIX).

# bngd_start CONF SOCK: bngd on CONF, its console on SOCK, metrics on
# $METRICS (default none); two lcores, no hugepages; waits until it serves.
bngd_start() {
	rm -f "$2"
	"$BNGD" -c "$1" --console "$2" --metrics "${METRICS:-none}" -- \
		-l 0-1 --no-huge --no-pci -m "${BNGD_MEM:-512}" --file-prefix "$PREFIX" \
		--log-level '*:notice' >>"$LOG" 2>&1 &
	BNGD_PID=$!
	wait_bngd "$2"
}

# bngd_run CONF SOCK: bngd_start once bngd --check-config accepts CONF
# (its verdict in $work/check.log).
bngd_run() {
	"$BNGD" --check-config -c "$1" >"$work/check.log" 2>&1 ||
		die "configuration rejected: $(cat "$work/check.log")"
	bngd_start "$1" "$2"
}

# bngd_stop [SIGNAL]: INT by default (an orderly stop), KILL after 5 s.
bngd_stop() {
	[ -n "${BNGD_PID:-}" ] || return 0
	kill -"${1:-INT}" "$BNGD_PID" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$BNGD_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$BNGD_PID" 2>/dev/null
	wait "$BNGD_PID" 2>/dev/null
	BNGD_PID=
	rm -rf "/var/run/dpdk/$PREFIX"
}

# lab_teardown: bngd, what runs in the namespaces, the namespaces, the links.
lab_teardown() {
	local ns l pids
	bngd_stop
	for ns in $NAMESPACES; do
		pids=$(ip netns pids "$ns" 2>/dev/null)
		[ -n "$pids" ] && kill $pids 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	for l in $LINKS; do
		ip link del "$l" 2>/dev/null
	done
	return 0
}

# live_test PREFIX WORKNAME KEEPVAR: what a lab test sets up first, once
# its $NAMESPACES and $LINKS are set: bngd and bngctl (./build's unless
# $BNGD and $BNGCTL say otherwise), $PY, EAL file prefix PREFIX, a fresh
# $work (/tmp/WORKNAME.XXXXXX) for bngd's log $LOG and console $SOCK, kept
# at the end when $KEEPVAR is set; the lab torn down now and on exit.
live_test() {
	BNGD=${BNGD:-$top/build/app/bngd}
	BNGCTL=${BNGCTL:-$top/build/cli/bngctl/bngctl}
	PY=/usr/bin/python3
	PREFIX=$1
	work=$(mktemp -d "/tmp/$2.XXXXXX")
	LOG=$work/bngd.log
	SOCK=$work/c.sock
	BNGD_PID=
	lab_traps "$3"
}

# lab_traps KEEPVAR: tear down on exit; keep the work directory when $KEEPVAR is set.
lab_traps() {
	trap "lab_teardown; [ -n \"\${$1:-}\" ] && echo \"$TAG: kept \$work\" || rm -rf \"\$work\"" EXIT
	trap 'exit 130' INT TERM
	lab_teardown
}
