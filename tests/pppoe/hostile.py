#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
Hostile PPPoE beside a working session (run in the subscriber's namespace).
A victim session comes up first (tests/pppoe/client.py's Client); then
other MACs on the same link send missing, repeated and forged tags, wrong
AC-Cookies, frames of sessions that are not theirs or do not exist,
malformed headers and lengths, odd LCP options, a PADI flood, and a session
that stops answering keepalives. Between the attacks the victim must go on
answering its keepalives and pinging the core host through its session.

  hostile.py IFACE USER PASSWORD PING_TARGET

bngd is expected to offer the service "internet" (only), PAP, a keepalive
every second, and to give up after 5 missed echoes. Prints OK/FAIL lines
and "VICTIM_SID n"; exit status 1 on a failure.
"""
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import client as pc  # noqa: E402
from client import ETH_DISC, ETH_SESS, PADI, PADO, PADR, PADS, PADT, LCP, IPV4, say  # noqa: E402

BCAST = b"\xff" * 6
SVC, HU, COOKIE = 0x0101, 0x0103, 0x0104


def attacker(ifname, n):
    return pc.Client(ifname, mac=bytes([0x02, 0x66, 0, 0, 0, n]))


def answers(c, secs, et=None, code=None):
    """What came back to @c within @secs: [(ethertype, code, session id, payload)]."""
    out = []
    for t, src, p in c.recv(time.time() + secs):
        if len(p) >= 6 and (et is None or t == et) and (code is None or p[1] == code):
            out.append((t, p[1], struct.unpack("!H", p[2:4])[0], p))
    return out


class Victim:
    def __init__(self, ifname, user, password, target):
        self.c = pc.Client(ifname)
        self.target = target
        ok = self.c.discovery() and self.c.lcp() is not None
        ok = ok and self.c.auth(pc.PAP, user, password) is True
        self.addr = self.c.ipcp() if ok else None
        if self.addr is None:
            say(False, "the victim's session did not come up")
            sys.exit(1)
        print("VICTIM_SID %d" % self.c.sid, flush=True)

    def serve(self, secs):
        """Answer keepalives for @secs."""
        for p, cc in self.c.ppp_frames(time.time() + secs):
            if p == LCP and cc[0] == 9:
                self.c.send(self.c.ctrl(LCP, 10, cc[1], struct.pack("!I", self.c.magic) + cc[8:]))

    def check(self, after):
        self.serve(0.1)
        say(self.c.ping(self.addr, self.target), "the victim still pings after: " + after)


def discover(a, tags=None):
    """PADI -> PADO for attacker @a; @return the PADO's tags or None."""
    a.send(a.disc(PADI, BCAST, tags or [(SVC, b"")]))
    for t, code, sid, p in answers(a, 1.0, ETH_DISC, PADO):
        return pc.parse_tags(p)
    return None


def main():
    ifname, user, password, target = sys.argv[1:5]
    v = Victim(ifname, user, password, target)
    say(v.c.ping(v.addr, target), "victim session up, pings %s" % target)
    ac = v.c.ac

    # --- discovery ------------------------------------------------------------
    a = attacker(ifname, 1)
    a.send(a.disc(PADI, BCAST, [(HU, b"no-service")]))
    say(not answers(a, 0.5, ETH_DISC, PADO), "PADI without a Service-Name: no PADO")
    v.check("a PADI without Service-Name")

    t = discover(a, [(SVC, b"internet"), (SVC, b"bogus")])
    say(t is not None and t.get(SVC) == b"internet",
        "PADI with two Service-Names, the offered one first: PADO for it (%r)" % (t and t.get(SVC)))
    a2 = attacker(ifname, 2)
    say(discover(a2, [(SVC, b"bogus"), (SVC, b"internet")]) is None,
        "PADI with two Service-Names, an unknown one first: no PADO (the first counts)")
    t = discover(attacker(ifname, 3), [(SVC, b""), (HU, b"first"), (HU, b"second")])
    say(t is not None and t.get(HU) == b"first", "repeated Host-Uniq: the first one echoed (%r)" %
        (t and t.get(HU)))
    v.check("repeated tags")

    t = discover(a)
    cookie = t.get(COOKIE, b"") if t else b""
    say(len(cookie) > 0, "PADO carries an AC-Cookie")
    a.send(a.disc(PADR, ac, [(SVC, b"")]))
    say(not answers(a, 0.5, ETH_DISC, PADS), "PADR without the AC-Cookie: no PADS")
    bad = bytes([cookie[0] ^ 0xff]) + cookie[1:] if cookie else b"x"
    a.send(a.disc(PADR, ac, [(SVC, b""), (COOKIE, bad)]))
    say(not answers(a, 0.5, ETH_DISC, PADS), "PADR with a forged AC-Cookie: no PADS")
    a2.send(a2.disc(PADR, ac, [(SVC, b""), (COOKIE, cookie)]))
    say(not answers(a2, 0.5, ETH_DISC, PADS), "PADR with another MAC's AC-Cookie: no PADS")
    a.send(a.disc(PADR, BCAST, [(SVC, b""), (COOKIE, cookie)]))
    say(not answers(a, 0.5, ETH_DISC, PADS), "PADR sent to broadcast: no PADS")
    v.check("forged, missing and borrowed AC-Cookies")

    # --- malformed ------------------------------------------------------------
    hdr = lambda vt, code, sid, ln: struct.pack("!BBHH", vt, code, sid, ln)
    frames = {
        "PPPoE length beyond the frame": hdr(0x11, PADI, 0, 200) + struct.pack("!HH", SVC, 0),
        "a tag running past the payload": hdr(0x11, PADI, 0, 6) + struct.pack("!HH", SVC, 50) + b"ab",
        "version/type 2": hdr(0x21, PADI, 0, 4) + struct.pack("!HH", SVC, 0),
        "a PPPoE header cut short": b"\x11\x09\x00",
        "a PADO from a client": hdr(0x11, PADO, 0, 4) + struct.pack("!HH", SVC, 0),
        "a PADI with a session id": hdr(0x11, PADI, 7, 4) + struct.pack("!HH", SVC, 0),
        "an unknown discovery code": hdr(0x11, 0x33, 0, 4) + struct.pack("!HH", SVC, 0),
    }
    for what, body in frames.items():
        a.send(BCAST + a.mac + struct.pack("!H", ETH_DISC) + body)
        say(not answers(a, 0.3, ETH_DISC), "%s: not answered" % what)
    # an LCP header whose length runs past the payload, in the victim's own session
    raw = struct.pack("!HBBH", LCP, 1, 9, 200) + b"\x01\x04\x05\xd4"
    v.c.send(v.c.eth(ac, ETH_SESS, hdr(0x11, 0, v.c.sid, len(raw)) + raw))
    v.check("malformed discovery frames and an LCP length beyond its packet")

    # --- sessions that are not theirs -----------------------------------------
    a.ac, a.sid = ac, v.c.sid
    a.send(a.disc(PADT, ac, [], v.c.sid))
    v.check("a PADT for its session id from another MAC")
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 0, 0, 64, 17, 0, v.addr, bytes([198, 51, 100, 2]))
    ip = ip[:10] + struct.pack("!H", pc.csum(ip)) + ip[12:] + struct.pack("!HHHH", 9, 9, 8, 0)
    a.send(a.ppp(IPV4, ip))
    got = answers(a, 1.0, ETH_DISC, PADT)
    say(any(sid == v.c.sid for _, _, sid, _ in got),
        "data in the victim's session id from another MAC: dropped, PADT back to that MAC")
    v.check("data in its session id from another MAC")
    a.sid = 4242
    a.send(a.ctrl(LCP, 9, 1, b"\0\0\0\0"))
    got = answers(a, 1.0, ETH_DISC, PADT)
    say(any(sid == 4242 for _, _, sid, _ in got), "LCP Echo-Request in unknown session 4242: PADT back")

    # --- a session of its own with odd LCP, then silence ---------------------
    s = attacker(ifname, 4)
    t = discover(s)
    s.ac = ac
    s.send(s.disc(PADR, ac, [(SVC, b"")] + ([(COOKIE, t[COOKIE])] if t and COOKIE in t else [])))
    pads = answers(s, 1.0, ETH_DISC, PADS)
    s.sid = pads[0][2] if pads else 0
    say(s.sid != 0, "a second client's own session %d" % s.sid)
    rej = nak = None
    s.send(s.ctrl(LCP, 1, 1, struct.pack("!BBH", 99, 4, 0) + struct.pack("!BBI", 5, 6, 0x1234)))
    s.send(s.ctrl(LCP, 1, 2, struct.pack("!BBH", 1, 4, 64) + struct.pack("!BBI", 5, 6, 0x1234)))
    for p, c in s.ppp_frames(time.time() + 1.0):
        if p == LCP and c[0] == 4 and c[1] == 1:
            rej = pc.parse_opts(c[4:])
        if p == LCP and c[0] == 3 and c[1] == 2:
            nak = pc.parse_opts(c[4:])
    say(rej is not None and list(rej) == [99], "LCP: an unknown option Configure-Rejected alone (%r)" %
        (rej and list(rej)))
    say(nak is not None and 1 in nak and struct.unpack("!H", nak[1])[0] > 64,
        "LCP: MRU 64 Configure-Nak'd up to %s" % (nak and 1 in nak and struct.unpack("!H", nak[1])[0]))
    v.check("another session's LCP negotiation")
    s.magic = 0x1234
    if s.lcp() is not None and s.auth(pc.PAP, user, password):
        # ... and now it falls silent: keepalives unanswered end it
        deadline, gone = time.time() + 20, False
        while time.time() < deadline and not gone:
            v.serve(0.2)
            gone = bool([x for x in answers(s, 0.05, ETH_DISC, PADT) if x[2] == s.sid])
        say(gone, "a session that stops answering keepalives is ended (PADT)")
    else:
        say(False, "the second client's session did not authenticate")
    v.check("another session's keepalive timeout")

    # --- a PADI flood from one MAC ---------------------------------------------
    f = attacker(ifname, 5)
    for _ in range(200):
        f.send(f.disc(PADI, BCAST, [(SVC, b"")]))
    n = len(answers(f, 1.0, ETH_DISC, PADO))
    say(0 < n <= 6, "200 PADIs from one MAC: %d PADOs (the per-MAC rate)" % n)
    v.check("a PADI flood")
    say(discover(attacker(ifname, 6)) is not None, "a new client is still offered a session")

    v.serve(0.2)
    say(v.c.ping(v.addr, target), "victim: a last ping")
    return 1 if pc.failures else 0


if __name__ == "__main__":
    sys.exit(main())
