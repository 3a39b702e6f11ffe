#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
Wait until bngd has handled a case's input, then save its counters.

    /usr/bin/python3 console.py CASEDIR SOCKET [PID]

Talks to bngd's console (one request line; reply "ok <n>\\n" + n bytes) on
SOCKET. Polls "show ports json" and "show counters json" until every input
packet was read and the counters are those expect.json names (drops, punts,
ip, port tx), then keeps polling for SETTLE seconds more so that anything
extra shows too; when they never match, it gives up once nothing has moved
for QUIET seconds (or expect.json's "quiet_ms"). Writes CASEDIR/counters.json
({"counters": ..., "ports": ...}) for compare.py, and exits 0; 2 when the
console could not be reached (or PID, bngd's, went away first). The caller
stops bngd afterwards.

Cases with a NAT ("nat" in expect.json) also read "show nat statistics
json" (compared like the counters, and saved as "nat"). expect.json's
"steps" run after that, in order: each sends a console command ("cmd"),
polling it while "until" ({path: value}) does not hold (at most "timeout"
seconds), and records the reply and its time in seconds since the last step
marked "mark" (compare.py checks "expect", "before" and "after").
"""
import json
import os
import socket
import sys
import time

POLL = 0.01
SETTLE = 0.1
QUIET = 0.3
DEADLINE = 15.0


class Console:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(5)
        self.s.connect(path)
        self.f = self.s.makefile("rwb")

    def ask(self, cmd):
        self.f.write(cmd.encode() + b"\n")
        self.f.flush()
        hdr = self.f.readline().split()
        if len(hdr) != 2:
            raise RuntimeError("console: bad reply header %r" % hdr)
        body = self.f.read(int(hdr[1]))
        if hdr[0] != b"ok":
            raise RuntimeError("console: %s: %s" % (cmd, body.decode(errors="replace")))
        return json.loads(body)


def alive(pid):
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def connect(path, deadline, pid):
    while True:
        try:
            return Console(path)
        except OSError:
            if time.monotonic() > deadline or not alive(pid):
                raise
            time.sleep(0.02)


def snapshot(con, nat=False):
    counters = con.ask("show counters json")
    ports = {p["port"]: {"rx": p["rx_packets"], "tx": p["tx_packets"]}
             for p in con.ask("show ports json")}
    snap = {"counters": counters, "ports": ports}
    if nat:
        snap["nat"] = con.ask("show nat statistics json")
    return snap


def path_get(obj, path):
    """@obj's member at dotted @path ("counters.sessions_in", "0.ports_used"), or None."""
    for k in path.split("."):
        if isinstance(obj, list):
            try:
                obj = obj[int(k)]
            except (ValueError, IndexError):
                return None
        elif isinstance(obj, dict) and k in obj:
            obj = obj[k]
        else:
            return None
    return obj


def nat_matches(want, got):
    """The NAT expectation of expect.json: counters (every non-zero one, exactly) and totals."""
    if got is None:
        return False
    if {k: v for k, v in got.get("counters", {}).items() if v} != want.get("counters", {}):
        return False
    return all(got.get(k) == v for k, v in want.items() if k != "counters")


def run_steps(con, steps):
    out, mark = [], time.monotonic()
    for st in steps:
        t0 = time.monotonic()
        if st.get("mark"):
            mark = t0
        while True:
            now = time.monotonic()
            try:
                reply, err = con.ask(st["cmd"] + " json"), None
            except RuntimeError as e:
                reply, err = None, str(e)
            until = st.get("until")
            if (err is not None or until is None or
                    all(path_get(reply, k) == v for k, v in until.items()) or
                    now - t0 > st.get("timeout", 0)):
                break
            time.sleep(POLL)
        out.append({"cmd": st["cmd"], "reply": reply, "error": err,
                    "t": round(now - mark, 3)})
    return out


def matches(exp, snap):
    c = snap["counters"]
    for kind in ("drops", "punts", "ip"):
        if {k: v for k, v in c.get(kind, {}).items() if v} != exp.get(kind, {}):
            return False
    for port, p in exp["ports"].items():
        got = snap["ports"].get(port + "0")
        if got is None or got["tx"] != p["tx"]:
            return False
    if "nat" in exp and not nat_matches(exp["nat"], snap.get("nat")):
        return False
    return True


def comparable(snap):
    """What must stay still: everything but rates and lookups."""
    c = dict(snap["counters"])
    s = dict(c.get("sessions", {}))
    s.pop("lookups", None)
    s.pop("hits", None)
    c["sessions"] = s
    return json.dumps([c, snap["ports"], snap.get("nat")], sort_keys=True)


def main():
    if len(sys.argv) not in (3, 4):
        print("usage: console.py CASEDIR SOCKET [PID]", file=sys.stderr)
        return 2
    d, path = sys.argv[1], sys.argv[2]
    pid = int(sys.argv[3]) if len(sys.argv) == 4 else None
    with open(os.path.join(d, "expect.json")) as f:
        exp = json.load(f)
    quiet = exp.get("quiet_ms", QUIET * 1000) / 1000.0
    start = time.monotonic()
    try:
        con = connect(path, start + DEADLINE, pid)
    except OSError as e:
        print("console.py: cannot reach %s: %s" % (path, e), file=sys.stderr)
        return 2
    last, last_change, matched_at = None, time.monotonic(), None
    snap = None
    while time.monotonic() - start < DEADLINE:
        snap = snapshot(con, "nat" in exp)
        now = time.monotonic()
        key = comparable(snap)
        if key != last:
            last, last_change = key, now
            matched_at = None
        read_all = all(snap["ports"].get(p + "0", {}).get("rx") == v["rx"]
                       for p, v in exp["ports"].items())
        if read_all:
            if matched_at is None and matches(exp, snap):
                matched_at = now
            if matched_at is not None and now - matched_at >= SETTLE:
                break
            if matched_at is None and now - last_change >= quiet:
                break
        time.sleep(POLL)
    snap["waited_s"] = round(time.monotonic() - start, 3)
    if exp.get("steps"):
        snap["steps"] = run_steps(con, exp["steps"])
    with open(os.path.join(d, "counters.json"), "w") as f:
        json.dump(snap, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
