#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""
@file
A stand-in for bngd's console socket, speaking the protocol of cli/cli.h, so
bngctl can be tested without a running bngd. Besides a small command tree it
answers a few test hooks that bngd never would: "big N" (an N byte body),
"cut N M" (announce N bytes, send M, close), "die" (close without a reply),
"garbage" (a reply that is not the protocol), "trickle" (a reply sent a byte
at a time), "noeol" (a body without a final newline), "empty" and "sleep".
With --full it refuses every client the way bngd does when it has too many.
Every request line is appended to --log, so tests can check what bngctl
actually sent.
"""
import argparse
import json
import os
import signal
import socket
import sys
import threading
import time

TREE = [
    ("show version", "", "bngd version and build"),
    ("show ports", "[port P]", "ports and their counters"),
    ("show sessions", "[tenant N] [address A] [port P] [protocol P] [detail] [limit N]",
     "list sessions"),
    ("show sessions summary", "[tenant N]", "session counts per tenant"),
    ("show stats", "[worker W]", "packet and drop counters"),
    ("clear sessions", "[tenant N] [all]", "drop sessions"),
    ("set log level", "debug|info|notice|warning|error", "change the log level"),
    ("help", "[WORDS...]", "list commands, or those starting with WORDS"),
]

PATTERN = b"".join(b"%07d abcdefghijklmnopqrstuvwxyz0123456789\n" % i for i in range(1000))


def pattern(n):
    """The body of "big N": PATTERN repeated, cut at n bytes (run.sh rebuilds it)."""
    reps = n // len(PATTERN) + 1
    return (PATTERN * reps)[:n]


def find(words):
    best = None
    for path, args, help_ in TREE:
        p = path.split()
        if len(p) <= len(words) and words[:len(p)] == p and (best is None or len(p) > len(best[0].split())):
            best = (path, args, help_)
    return best


def reply(conn, ok, body):
    if isinstance(body, str):
        body = body.encode()
    conn.sendall(b"%s %d\n" % (b"ok" if ok else b"error", len(body)) + body)


def answer(conn, line):
    """Answer one request; return False to close the connection."""
    words = line.split()
    if line == "@tree":
        tree = {"commands": [{"path": p, "args": a, "help": h} for p, a, h in TREE]}
        reply(conn, True, json.dumps(tree, indent=2) + "\n")
    elif words[:1] == ["big"] and len(words) == 2:
        reply(conn, True, pattern(int(words[1])))
    elif words[:1] == ["cut"] and len(words) == 3:
        conn.sendall(b"ok %d\n" % int(words[1]) + pattern(int(words[2])))
        return False
    elif line == "die":
        return False
    elif line == "garbage":
        conn.sendall(b"hello there\n")
        return False
    elif line == "trickle":
        for b in b"ok 12\ntrickled ok\n":
            conn.sendall(bytes([b]))
            time.sleep(0.002)
    elif line == "noeol":
        reply(conn, True, "no newline")
    elif line == "empty":
        reply(conn, True, "")
    elif line == "sleep":
        time.sleep(30)
        reply(conn, True, "woke\n")
    elif not words:
        reply(conn, False, "empty command (\"help\" lists all)\n")
    else:
        json_out = len(words) > 1 and words[-1] == "json"
        cmd = find(words[:-1] if json_out else words)
        if cmd is None:
            reply(conn, False, "unknown command \"%s\" (\"help\" lists all)\n" % words[0])
        elif cmd[0] == "clear sessions" and "fail" in words:
            reply(conn, False, "clear sessions: failed\n")
        elif json_out:
            reply(conn, True, json.dumps({"ran": line}) + "\n")
        else:
            reply(conn, True, "ran: %s\n" % line)
    return True


def serve(conn, log):
    buf = b""
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                return
            buf += data
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                line = raw.decode(errors="replace")
                if log:
                    with open(log, "a") as f:
                        f.write(line + "\n")
                try:
                    if not answer(conn, line):
                        return
                except (BrokenPipeError, ConnectionResetError):
                    return


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[2])
    ap.add_argument("--socket", required=True)
    ap.add_argument("--log")
    ap.add_argument("--full", action="store_true",
                    help="refuse every client at once, as bngd does when it has too many")
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so "finally" removes the socket
    if os.path.exists(a.socket):
        os.unlink(a.socket)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(a.socket)
    s.listen(16)
    print("listening on %s" % a.socket, flush=True)
    try:
        while True:
            conn, _ = s.accept()
            if a.full:
                reply(conn, False, "too many console clients; try later\n")
                conn.close()
                continue
            threading.Thread(target=serve, args=(conn, a.log), daemon=True).start()
    except KeyboardInterrupt:
        pass
    finally:
        os.unlink(a.socket)


if __name__ == "__main__":
    sys.exit(main())
