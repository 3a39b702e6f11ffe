#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# @file
# bngctl against the fake console (fake_server.py): one-shot replies and
# exit statuses, script mode on stdin, a large body read intact, replies
# cut short or malformed, then the interactive console driven through tmux
# (completion, '?' help, history, Ctrl-C, reconnecting after bngd went
# away). Usage: run.sh [path/to/bngctl]. Exits non-zero when a check fails;
# the terminal checks are skipped when tmux is missing.

set -u

here=$(cd "$(dirname "$0")" && pwd)
bngctl=${1:-$here/../../../build/cli/bngctl/bngctl}
[ -x "$bngctl" ] || { echo "run.sh: no bngctl at $bngctl (build it, or pass its path)" >&2; exit 2; }
bngctl=$(cd "$(dirname "$bngctl")" && pwd)/$(basename "$bngctl")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bngctl-test.XXXXXX")
sock=$tmp/console.sock
log=$tmp/requests.log
srv_pid=
tmux_sock=
consoles=0
failed=0
passed=0

cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
	for t in "$tmp"/tmux.*.sock; do
		[ -S "$t" ] && tmux -S "$t" kill-server 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server() {
	rm -f "$sock"
	python3 "$here/fake_server.py" --socket "$sock" --log "$log" >/dev/null &
	srv_pid=$!
	for _ in $(seq 100); do
		[ -S "$sock" ] && return 0
		sleep 0.05
	done
	echo "run.sh: the fake server did not start" >&2
	exit 2
}

stop_server() {
	kill "$srv_pid" 2>/dev/null
	wait "$srv_pid" 2>/dev/null
	srv_pid=
}

ok() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*" >&2; failed=$((failed + 1)); }

# run WORDS...: bngctl one-shot; sets $rc, $out, $err.
run() {
	"$bngctl" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# expect NAME RC [STDOUT-SUBSTRING [STDERR-SUBSTRING]]
expect() {
	local name=$1 want=$2 o=${3:-} e=${4:-}

	if [ "$rc" != "$want" ]; then
		fail "$name: exit status $rc, expected $want (stderr: $err)"
	elif [ -n "$o" ] && [[ "$out" != *"$o"* ]]; then
		fail "$name: stdout lacks \"$o\": $out"
	elif [ -n "$e" ] && [[ "$err" != *"$e"* ]]; then
		fail "$name: stderr lacks \"$e\": $err"
	else
		ok
	fi
}

pattern_sha() {
	python3 -B -c "import sys; sys.path.insert(0, '$here'); import fake_server, hashlib; \
print(hashlib.sha256(fake_server.pattern($1)).hexdigest())"
}

# ---- one-shot and script mode ----------------------------------------------

run -h
expect "-h" 0 "usage: bngctl"
run -x
expect "unknown option" 2 "" "unknown option -x"
run -i show version
expect "-i with words" 2 "" "-i takes no command words"

run -s "$tmp/absent.sock" show version
expect "no server" 2 "" "cannot connect to $tmp/absent.sock: No such file or directory"
[[ "$err" == *"is bngd running? (socket path from console.socket in its configuration)"* ]] && ok ||
	fail "no server: hint missing: $err"

start_server
run -s "$sock" show version
expect "one-shot" 0 "ran: show version"
[ -z "$err" ] && ok || fail "one-shot: unexpected stderr: $err"

run -s "$sock" show sessions tenant 5
expect "words joined" 0
[ "$(tail -n1 "$log")" = "show sessions tenant 5" ] && ok ||
	fail "words joined: sent \"$(tail -n1 "$log")\""

run -s "$sock" show sessions limit -1
expect "option-like word" 0 "ran: show sessions limit -1"

run -s "$sock" bogus
expect "error reply" 1 "" 'bngctl: unknown command "bogus"'
[ -z "$out" ] && ok || fail "error reply: stdout not empty: $out"

BNGCTL_SOCKET=$sock run show stats
expect "BNGCTL_SOCKET" 0 "ran: show stats"
BNGCTL_SOCKET=$tmp/absent.sock run -s "$sock" show stats
expect "-s over BNGCTL_SOCKET" 0 "ran: show stats"

run -s "$sock" @tree
expect "@tree" 0
python3 -c 'import json, sys; t = json.load(open(sys.argv[1])); assert t["commands"]' "$tmp/out" &&
	ok || fail "@tree: body is not the tree"

for size in 5000000 50000000; do
	"$bngctl" -s "$sock" big "$size" 2>"$tmp/err" | sha256sum | cut -d' ' -f1 >"$tmp/sha"
	[ "$(cat "$tmp/sha")" = "$(pattern_sha "$size")" ] && ok ||
		fail "big body of $size bytes did not arrive intact: $(cat "$tmp/err")"
done

run -s "$sock" cut 1000000 300000
expect "reply cut short" 1 "" "reply cut short: bngd closed the connection after 300000 of 1000000 bytes"
run -s "$sock" die
expect "no reply" 1 "" "closed the connection without replying"
run -s "$sock" garbage
expect "malformed header" 1 "" "malformed reply header"
run -s "$sock" trickle
expect "short reads" 0 "trickled ok"
run -s "$sock" noeol
[ "$rc" = 0 ] && [ "$(od -c "$tmp/out" | head -n1)" = "$(printf 'no newline' | od -c | head -n1)" ] &&
	ok || fail "body without newline: not printed as is"
run -s "$sock" empty
expect "empty body" 0
[ ! -s "$tmp/out" ] && ok || fail "empty body: printed something"
run -s "$sock" show "$(head -c 5000 /dev/zero | tr '\0' x)"
expect "overlong line" 1 "" "longer than 4096 bytes"
run -s "$sock" show "$(printf 'version\nbogus')"
expect "line break in a word" 1 "" "cannot contain a line break"

python3 "$here/fake_server.py" --socket "$tmp/full.sock" --full >/dev/null &
full_pid=$!
for _ in $(seq 100); do [ -S "$tmp/full.sock" ] && break; sleep 0.05; done
for _ in 1 2 3 4 5; do
	run -s "$tmp/full.sock" show version
	expect "bngd refusing clients" 1 "" "bngctl: too many console clients; try later"
done
kill "$full_pid"
wait "$full_pid" 2>/dev/null

printf 'show version\n\n# a comment\n  show ports json  \n' | "$bngctl" -s "$sock" >"$tmp/out" 2>"$tmp/err"
rc=$? out=$(cat "$tmp/out") err=$(cat "$tmp/err")
expect "script mode" 0 "ran: show version"
[[ "$out" == *'{"ran": "show ports json"}'* ]] && ok || fail "script mode: second command: $out"

printf 'bogus\nshow version\nquit\nshow stats\n' | "$bngctl" -s "$sock" >"$tmp/out" 2>"$tmp/err"
rc=$? out=$(cat "$tmp/out") err=$(cat "$tmp/err")
expect "script mode, a failure" 1 "ran: show version" 'unknown command "bogus"'
[[ "$out" != *"show stats"* ]] && ok || fail "script mode: ran past quit"

echo "show version" | "$bngctl" -s "$tmp/absent.sock" >/dev/null 2>&1
rc=$?
[ "$rc" = 2 ] && ok || fail "script mode without a server: exit status $rc, expected 2"

# ---- interactive, through tmux ----------------------------------------------

if ! command -v tmux >/dev/null; then
	echo "run.sh: tmux not found, terminal checks skipped" >&2
	echo "bngctl tests: $passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit
fi

tm() { tmux -S "$tmux_sock" "$@"; }
screen() { tm capture-pane -p -t bt -S -200 | sed '/^$/d'; }
prompt_line() { screen | tail -n1; }

# wait_for TEXT: until the screen shows TEXT (3 s at most).
wait_for() {
	for _ in $(seq 60); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	return 1
}

# wait_prompt LINE: until the last line is exactly LINE.
wait_prompt() {
	for _ in $(seq 60); do
		[ "$(prompt_line)" = "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

keys() { tm send-keys -t bt "$@"; sleep 0.15; }

# Later checks must not match what earlier ones left on the screen.
clear_screen() {
	keys C-l
	tm clear-history -t bt
}

# check NAME COMMAND...: one interactive check.
check() {
	local name=$1

	shift
	if "$@"; then ok; else fail "interactive: $name; screen:"; screen | tail -n 12 >&2; fi
}

start_console() {
	rm -f "$tmp/exit"
	# A tmux server of its own each time: one just killed may still be exiting.
	[ -n "$tmux_sock" ] && tm kill-server 2>/dev/null
	consoles=$((consoles + 1))
	tmux_sock=$tmp/tmux.$consoles.sock
	tm -f /dev/null new-session -d -s bt -x 120 -y 50 \
		"env -u EDITRC HOME='$tmp/home' TERM=xterm '$bngctl' -s '$sock'; echo \$? >'$tmp/exit'; sleep 60"
	wait_prompt "bngctl>" || { fail "interactive: no prompt"; screen >&2; return 1; }
}

mkdir -p "$tmp/home"
if start_console; then
	keys 'sh' Tab
	check "sh<TAB> completes show" wait_prompt "bngctl> show"
	keys 'se' Tab
	# "showse" here would mean the first completion forgot its blank.
	check "show se<TAB> completes sessions" wait_prompt "bngctl> show sessions"
	keys C-u 'show s' Tab
	check "show s<TAB> lists the candidates" wait_for "sessions  stats"
	check "... and redraws the line" wait_prompt "bngctl> show s"
	keys C-u 'show sessions te' Tab
	check "arguments complete" wait_prompt "bngctl> show sessions tenant"
	keys '5 ' Tab
	check "used keyword not offered again" wait_for "address   port      protocol  detail    limit     json"
	keys 'd?'
	check "? shows the command" wait_for "show sessions [tenant N] [address A] [port P] [protocol P] [detail] [limit N]"
	check "? shows what comes next" wait_for "next: detail"
	check "? is not inserted" wait_prompt "bngctl> show sessions tenant 5 d"
	keys Tab Enter
	check "completed command runs" wait_for "ran: show sessions tenant 5 detail"
	keys 'show ?'
	check "? lists commands" wait_for "show sessions summary [tenant N]  session counts per tenant"
	keys C-u 'set log level ?'
	check "? after a command needing arguments" wait_for "next: debug info notice warning error"
	keys C-u 'show stats' Enter
	check "command output" wait_for "ran: show stats"
	keys Up
	check "up-arrow recalls" wait_prompt "bngctl> show stats"
	keys C-u 'show ver'
	keys C-c
	keys 'show ports' Enter
	check "Ctrl-C drops the line" wait_for "ran: show ports"
	grep -q "vershow" "$log" && fail "interactive: Ctrl-C kept the line"
	grep -q "?" "$log" && fail "interactive: a '?' was sent"

	keys 'sleep' Enter
	sleep 0.3
	keys C-c
	check "Ctrl-C ends a wait for a reply" wait_for "interrupted; the reply is dropped"
	keys 'show version' Enter
	check "... and the next command reconnects" wait_for "reconnected to $sock"

	clear_screen
	stop_server
	keys 'show version' Enter
	check "server gone: message" wait_for "bngd closed the connection"
	check "server gone: hint" wait_for "is bngd running?"
	start_server
	keys 'show version' Enter
	check "reconnects" wait_for "reconnected to $sock"
	check "... and runs the command" wait_for "ran: show version"
	keys 'die' Enter
	check "reply lost" wait_for "without replying; the next command reconnects"
	keys 'show ports json' Enter
	check "reconnects after a lost reply" wait_for '{"ran": "show ports json"}'
	keys 'quit' Enter
	for _ in $(seq 60); do [ -s "$tmp/exit" ] && break; sleep 0.05; done
	[ "$(cat "$tmp/exit" 2>/dev/null)" = 0 ] && ok || fail "interactive: quit did not exit 0"
	grep -qx 'show\\040ports\\040json' "$tmp/home/.bngctl_history" && ok ||
		fail "interactive: history not saved"
	[ "$(stat -c %a "$tmp/home/.bngctl_history")" = 600 ] && ok ||
		fail "interactive: history file is not private"
fi

if start_console; then
	keys Up
	check "history survives a restart" wait_prompt "bngctl> show ports json"
	keys C-u C-d
	for _ in $(seq 60); do [ -s "$tmp/exit" ] && break; sleep 0.05; done
	[ "$(cat "$tmp/exit" 2>/dev/null)" = 0 ] && ok || fail "interactive: EOF did not exit 0"
fi

echo "bngctl tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
