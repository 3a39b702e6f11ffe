#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
Many PPPoE sessions at once from one raw socket (run in the subscriber's
namespace): every session is a MAC of its own going through discovery,
LCP, PAP and IPCP, all of them interleaved, driven by what comes back.

  load.py [--sessions FILE] IFACE N USER PASSWORD [WINDOW]

Prints "OK n sessions up, m distinct addresses" (or FAIL) and
"BENCH name=pppoe_setup_local rate=<sessions per second> sessions=N", waits
for a line on its standard input (the caller looks at bngd meanwhile), then
ends every session with PADT.

With --sessions FILE it also writes, before it waits, the sessions that are
up to FILE (created whole, by a rename, so its presence means complete), one
line each: client MAC, session id, IPCP address, the AC's MAC
("02:55:00:00:00:00 1 10.2.16.0 02:00:00:00:16:01"); the benchmark
tests/bench/pppoe_dp.sh builds its traffic from it.
"""
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from client import parse_opts, parse_tags  # noqa: E402  (the same TLV walks)

ETH_DISC, ETH_SESS = 0x8863, 0x8864
PADI, PADO, PADR, PADS, PADT = 0x09, 0x07, 0x19, 0x65, 0xA7
LCP, PAP, IPCP = 0xC021, 0xC023, 0x8021
BCAST = b"\xff" * 6


def mac_of(i):
    return bytes([0x02, 0x55, (i >> 24) & 0xff, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff])


class Sess:
    __slots__ = ("mac", "ac", "sid", "state", "addr", "lcp_ack", "lcp_peer", "ipcp_ack",
                 "ipcp_peer", "ident", "cookie", "t")

    def __init__(self, mac):
        self.mac, self.ac, self.sid, self.state = mac, None, 0, "padi"
        self.addr, self.ident, self.cookie, self.t = b"\0" * 4, 1, None, 0.0
        self.lcp_ack = self.lcp_peer = self.ipcp_ack = self.ipcp_peer = False


class Load:
    def __init__(self, ifname, user, password):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        self.s.bind((ifname, 0))
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
        self.s.setblocking(False)
        self.auth = bytes([len(user)]) + user.encode() + bytes([len(password)]) + password.encode()
        self.by_mac = {}

    def disc(self, s, code, dst, tl, sid=0):
        body = b"".join(struct.pack("!HH", t, len(v)) + v for t, v in tl)
        self.s.send(dst + s.mac + struct.pack("!HBBHH", ETH_DISC, 0x11, code, sid, len(body)) + body)

    def ctrl(self, s, proto, code, ident, data):
        body = struct.pack("!HBBH", proto, code, ident, 4 + len(data)) + data
        self.s.send(s.ac + s.mac + struct.pack("!HBBHH", ETH_SESS, 0x11, 0, s.sid, len(body)) + body)

    def send_padr(self, s):
        self.disc(s, PADR, s.ac, [(0x0101, b"")] + ([(0x0104, s.cookie)] if s.cookie else []))

    def resend(self, s):
        """What a real client's restart timer sends again for a lost frame."""
        if s.state == "padi":
            self.disc(s, PADI, BCAST, [(0x0101, b"")])
        elif s.state == "padr":
            self.send_padr(s)
        elif s.state == "lcp" and not s.lcp_ack:
            self.lcp_req(s)
        elif s.state == "auth":
            self.ctrl(s, PAP, 1, 1, self.auth)
        elif s.state == "ipcp" and not s.ipcp_ack:
            self.ipcp_req(s)
        self.resends += 1

    def lcp_req(self, s):
        self.ctrl(s, LCP, 1, 1, struct.pack("!BBH", 1, 4, 1492) +
                  struct.pack("!BBI", 5, 6, 0x10000 + int.from_bytes(s.mac[2:], "big")))

    def ipcp_req(self, s):
        self.ctrl(s, IPCP, 1, s.ident, struct.pack("!BB", 3, 6) + s.addr)

    def handle(self, f):
        s = self.by_mac.get(f[0:6])
        if s is None or len(f) < 20:
            return
        s.t = self.now
        et = struct.unpack("!H", f[12:14])[0]
        p = f[14:]
        if et == ETH_DISC:
            if p[1] == PADO and s.state == "padi":
                s.ac, s.state = f[6:12], "padr"
                s.cookie = parse_tags(p).get(0x0104)
                self.send_padr(s)
            elif p[1] == PADS and s.state == "padr":
                s.sid, s.state = struct.unpack("!H", p[2:4])[0], "lcp"
                self.lcp_req(s)
            return
        if et != ETH_SESS or struct.unpack("!H", p[2:4])[0] != s.sid:
            return
        proto = struct.unpack("!H", p[6:8])[0]
        c = p[8:]
        code, ident = c[0], c[1]
        if proto == LCP:
            if code == 1:
                self.ctrl(s, LCP, 2, ident, c[4:struct.unpack("!H", c[2:4])[0]])
                s.lcp_peer = True
            elif code == 2:
                s.lcp_ack = True
            elif code == 9:       # keepalive
                self.ctrl(s, LCP, 10, ident, b"\0\0\0\0")
            if s.lcp_ack and s.lcp_peer and s.state == "lcp":
                s.state = "auth"
                self.ctrl(s, PAP, 1, 1, self.auth)
        elif proto == PAP and code == 2 and s.state == "auth":
            s.state = "ipcp"
            self.ipcp_req(s)
        elif proto == IPCP:
            if code == 1:
                self.ctrl(s, IPCP, 2, ident, c[4:struct.unpack("!H", c[2:4])[0]])
                s.ipcp_peer = True
            elif code == 3 and ident == s.ident:
                s.addr = parse_opts(c[4:]).get(3, s.addr)
                s.ident += 1
                self.ipcp_req(s)
            elif code == 2 and ident == s.ident:
                s.ipcp_ack = True
            if s.ipcp_ack and s.ipcp_peer and s.state == "ipcp":
                s.state = "up"
                self.up += 1

    def run(self, n, window, timeout=float(os.environ.get("LOAD_TIMEOUT", "60"))):
        sess = [Sess(mac_of(i)) for i in range(n)]
        for s in sess:
            self.by_mac[s.mac] = s
        self.up, self.resends, started, i = 0, 0, 0, 0
        t0 = self.now = time.time()
        deadline, next_scan = t0 + timeout, t0 + 1.0
        while self.up < n and self.now < deadline:
            # keep @window sessions in flight
            while i < n and started - self.up < window:
                sess[i].t = self.now
                self.disc(sess[i], PADI, BCAST, [(0x0101, b"")])
                i += 1
                started += 1
            if self.now >= next_scan:
                # a second with no answer: send again, as a restart timer would
                for s in sess[:i]:
                    if s.state != "up" and self.now - s.t >= 1.0:
                        s.t = self.now
                        self.resend(s)
                next_scan = self.now + 0.25
            r, _, _ = select.select([self.s], [], [], 0.01)
            self.now = time.time()
            while r:
                try:
                    self.handle(self.s.recv(2048))
                except BlockingIOError:
                    break
        t1 = time.time()
        return sess, t1 - t0


def write_sessions(path, up):
    """The sessions that are up, one line each: MAC, session id, address, AC's MAC."""
    def mac(b):
        return ":".join("%02x" % x for x in b)
    with open(path + ".tmp", "w") as f:
        for s in up:
            f.write("%s %d %s %s\n" % (mac(s.mac), s.sid, socket.inet_ntoa(s.addr), mac(s.ac)))
    os.replace(path + ".tmp", path)


def main():
    args, sessions_file = sys.argv[1:], None
    if len(args) > 1 and args[0] == "--sessions":
        sessions_file, args = args[1], args[2:]
    ifname, n, user, password = args[0], int(args[1]), args[2], args[3]
    window = int(args[4]) if len(args) > 4 else 256
    ld = Load(ifname, user, password)
    sess, secs = ld.run(n, window)
    up = [s for s in sess if s.state == "up"]
    addrs = {s.addr for s in up}
    ok = len(up) == n and len(addrs) == n
    print("%s %d sessions up, %d distinct addresses, in %.2f s (%d frames sent again)" %
          ("OK" if ok else "FAIL", len(up), len(addrs), secs, ld.resends), flush=True)
    if not ok:
        states = {}
        for s in sess:
            states[s.state] = states.get(s.state, 0) + 1
        print("  sessions by client state: %s" % states, flush=True)
    print("BENCH name=pppoe_setup_local rate=%.0f sessions=%d seconds=%.2f" %
          (len(up) / secs, len(up), secs), flush=True)
    if sessions_file:
        write_sessions(sessions_file, up)
    sys.stdin.readline()
    # PADT is never sent again: pace them (at most 20k a second) so none is
    # lost to a full punt ring
    for k, s in enumerate(sess):
        if s.sid:
            ld.disc(s, PADT, s.ac, [], s.sid)
        if k % 200 == 199:
            time.sleep(0.01)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
