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

# summary: the last line, and the exit status
summary() {
	echo "$TAG: $passes passed, $failures failed"
	[ "$failures" -eq 0 ]
}
