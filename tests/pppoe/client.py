#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
A PPPoE client on a raw socket (run inside the subscriber's namespace), as
far as a test needs one: discovery (RFC 2516), LCP (RFC 1661), PAP (RFC
1334) or CHAP-MD5 (RFC 1994), IPCP (RFC 1332/1877), then IPv4 in the
session, and PADT.

  client.py IFACE USER PASSWORD PING_TARGET [--vlan N] [--chap] [--expect-fail]
            [--mru N] [--syn PORT] [--udp PORT]

(--chap: Nak the server's PAP for CHAP-MD5. --mru: the MRU LCP asks for,
1492 by default. --syn: after the ping, open a TCP connection to PORT of
the ping target inside the session with a SYN carrying MSS 1460, check
the SYN-ACK's checksum, print "SYNACK_MSS n" (its MSS option), reset.
--udp: after the ping, send one UDP datagram to PORT of the ping target
(udp_burst.py PORT 50 there) and count its 50 answers through the
session, each whole: PPPoE length equal to the IP length, IPv4 and UDP
checksums right.)

Prints one line per step ("OK ..." / "FAIL ...") and "ADDR a.b.c.d",
"SESSION n"; exits 1 on a failure (with --expect-fail: when the login
does not fail, PAP/CHAP Nak being the expected end).
"""
import hashlib
import os
import random
import select
import socket
import struct
import sys
import time

ETH_DISC, ETH_SESS = 0x8863, 0x8864
PADI, PADO, PADR, PADS, PADT = 0x09, 0x07, 0x19, 0x65, 0xA7
LCP, PAP, CHAP, IPCP, IPV4 = 0xC021, 0xC023, 0xC223, 0x8021, 0x0021
TCP_SYN, TCP_RST = 0x02, 0x04
failures = 0


def say(ok, what):
    global failures
    print(("OK " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures += 1
    return ok


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


class Client:
    def __init__(self, ifname, vlan=None, mac=None):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        self.s.bind((ifname, 0))
        self.s.setsockopt(263, 8, 1)   # PACKET_AUXDATA: see VLAN tags the kernel takes off
        # a MAC of its own lets several clients share the interface
        self.mac = mac or self.s.getsockname()[4]
        self.vlan = vlan
        self.ac = None
        self.sid = 0
        self.magic = random.getrandbits(32) or 1
        self.ident = 1
        self.chap = False
        self.mru = 1492

    # -- frames
    def eth(self, dst, etype, payload):
        tag = struct.pack("!HH", 0x8100, self.vlan) if self.vlan else b""
        return dst + self.mac + tag + struct.pack("!H", etype) + payload

    def recv(self, until):
        """Frames received before @until: (ethertype, source MAC, payload) with tags removed."""
        while time.time() < until:
            r, _, _ = select.select([self.s], [], [], max(0.0, until - time.time()))
            if not r:
                break
            f, anc, _, _ = self.s.recvmsg(4096, socket.CMSG_SPACE(32))
            vids = []
            for level, kind, data in anc:
                if level == 263 and kind == 8 and len(data) >= 20:
                    status, _, _, _, _, tci, _ = struct.unpack("IIIHHHH", data[:20])
                    if status & 0x10:
                        vids.append(tci & 0xfff)
            while f[12:14] in (b"\x81\x00", b"\x88\xa8"):
                vids.append(struct.unpack("!H", f[14:16])[0] & 0xfff)
                f = f[:12] + f[16:]
            if f[6:12] == self.mac:
                continue                 # our own, looped back by the socket
            if f[0:6] != self.mac and f[0:6] != b"\xff" * 6:
                continue                 # another client's
            if (vids or None) != ([self.vlan] if self.vlan else None):
                continue
            yield struct.unpack("!H", f[12:14])[0], f[6:12], f[14:]

    def disc(self, code, dst, tags, sid=0):
        body = b"".join(struct.pack("!HH", t, len(v)) + v for t, v in tags)
        return self.eth(dst, ETH_DISC, struct.pack("!BBHH", 0x11, code, sid, len(body)) + body)

    def ppp(self, proto, payload):
        body = struct.pack("!H", proto) + payload
        return self.eth(self.ac, ETH_SESS, struct.pack("!BBHH", 0x11, 0, self.sid, len(body)) + body)

    def send(self, f):
        self.s.send(f)

    # -- discovery
    def discovery(self):
        uniq = os.urandom(4)
        self.send(self.disc(PADI, b"\xff" * 6, [(0x0101, b""), (0x0103, uniq)]))
        offer = None
        for et, src, p in self.recv(time.time() + 3):
            if et == ETH_DISC and p[1] == PADO:
                offer = (src, parse_tags(p))
                break
        if not say(offer is not None, "PADO"):
            return False
        self.ac, tags = offer
        say(tags.get(0x0103) == uniq, "PADO echoes Host-Uniq")
        say(0x0102 in tags, "PADO names the AC (%r)" % tags.get(0x0102))
        want = [(0x0101, b""), (0x0103, uniq)]
        if 0x0104 in tags:
            want.append((0x0104, tags[0x0104]))
        self.send(self.disc(PADR, self.ac, want))
        for et, src, p in self.recv(time.time() + 3):
            if et == ETH_DISC and p[1] == PADS:
                self.sid = struct.unpack("!H", p[2:4])[0]
                break
        if not say(self.sid != 0, "PADS, session %d" % self.sid):
            return False
        print("SESSION %d" % self.sid, flush=True)
        return True

    # -- PPP control
    def ctrl(self, proto, code, ident, data):
        return self.ppp(proto, struct.pack("!BBH", code, ident, 4 + len(data)) + data)

    def ppp_frames(self, until):
        for et, src, p in self.recv(until):
            if et == ETH_SESS and struct.unpack("!H", p[2:4])[0] == self.sid:
                proto = struct.unpack("!H", p[6:8])[0]
                yield proto, p[8:6 + struct.unpack("!H", p[4:6])[0]]

    def lcp(self):
        """Both directions of LCP to Opened; @return the auth protocol asked for."""
        mine = struct.pack("!BBH", 1, 4, self.mru) + struct.pack("!BBI", 5, 6, self.magic)
        self.send(self.ctrl(LCP, 1, self.ident, mine))
        acked, peer_ok, auth, deadline = False, False, None, time.time() + 5
        while not (acked and peer_ok) and time.time() < deadline:
            for proto, c in self.ppp_frames(time.time() + 0.5):
                if proto != LCP:
                    continue
                code, ident = c[0], c[1]
                if code == 1:           # the server's Configure-Request
                    opts = parse_opts(c[4:])
                    if 3 in opts:
                        auth = struct.unpack("!H", opts[3][:2])[0]
                    if self.chap and auth == PAP:
                        # RFC 1661 5.3: Nak with the protocol we would rather use
                        self.send(self.ctrl(LCP, 3, ident, struct.pack("!BBHB", 3, 5, CHAP, 5)))
                        continue
                    self.send(self.ctrl(LCP, 2, ident, c[4:]))
                    peer_ok = True
                elif code == 2 and ident == self.ident:
                    acked = True
                elif code in (3, 4):
                    say(False, "LCP: our request %s" % ("Nak'd" if code == 3 else "rejected"))
                    return None
            if not acked:
                self.send(self.ctrl(LCP, 1, self.ident, mine))
        say(acked and peer_ok, "LCP opened (auth %s)" % {PAP: "PAP", CHAP: "CHAP"}.get(auth, auth))
        return auth

    def auth(self, proto, user, password):
        u, pw = user.encode(), password.encode()
        if proto == PAP:
            self.send(self.ctrl(PAP, 1, 7, bytes([len(u)]) + u + bytes([len(pw)]) + pw))
            for p, c in self.ppp_frames(time.time() + 5):
                if p == PAP and c[0] in (2, 3):
                    return c[0] == 2
            return None
        for p, c in self.ppp_frames(time.time() + 5):
            if p == CHAP and c[0] == 1:      # Challenge
                ident, vlen = c[1], c[4]
                chal = c[5:5 + vlen]
                resp = hashlib.md5(bytes([ident]) + pw + chal).digest()
                self.send(self.ctrl(CHAP, 2, ident, bytes([16]) + resp + u))
            elif p == CHAP and c[0] in (3, 4):
                return c[0] == 3
        return None

    def ipcp(self):
        """Ask for 0.0.0.0, take the Nak'd address; @return it."""
        addr, dns = b"\0" * 4, b"\0" * 4
        peer_ok, acked, deadline = False, False, time.time() + 5
        ident, want_dns = 1, True
        req = lambda: self.ctrl(IPCP, 1, ident, struct.pack("!BB", 3, 6) + addr +
                                (struct.pack("!BB", 129, 6) + dns if want_dns else b""))
        self.send(req())
        while not (peer_ok and acked) and time.time() < deadline:
            for p, c in self.ppp_frames(time.time() + 0.5):
                if p == LCP and c[0] == 9:   # echo request: answer it
                    self.send(self.ctrl(LCP, 10, c[1], struct.pack("!I", self.magic) + c[8:]))
                if p != IPCP:
                    continue
                if c[0] == 1:
                    self.send(self.ctrl(IPCP, 2, c[1], c[4:]))
                    peer_ok = True
                elif c[0] == 3 and c[1] == ident:
                    opts = parse_opts(c[4:])
                    addr = opts.get(3, addr)
                    dns = opts.get(129, dns)
                    ident += 1
                    self.send(req())
                elif c[0] == 4 and c[1] == ident:
                    # Configure-Reject: no DNS from this server (RFC 1661 5.4)
                    want_dns = 129 not in parse_opts(c[4:])
                    ident += 1
                    self.send(req())
                elif c[0] == 2 and c[1] == ident:
                    acked = True
            if not acked:
                self.send(req())
        say(acked and peer_ok, "IPCP opened: %s (DNS %s)" % (socket.inet_ntoa(addr),
                                                             socket.inet_ntoa(dns)))
        return addr if acked and peer_ok else None

    def ping(self, src, dst):
        icmp = struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1) + b"through the session"
        icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
        self.send(self.ppp(IPV4, self.ip4(src, socket.inet_aton(dst), 1, icmp)))
        for p, c in self.ppp_frames(time.time() + 3):
            if p == IPV4 and c[9] == 1 and c[20] == 0 and c[16:20] == src:
                return True
        return False

    def ip4(self, src, dst, proto, payload):
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0, 64, proto, 0, src,
                         dst)
        return ip[:10] + struct.pack("!H", csum(ip)) + ip[12:] + payload

    def tcp(self, src, dst, sport, dport, seq, ack, flags, opts=b""):
        h = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, (20 + len(opts)) // 4 << 4, flags,
                        64240, 0, 0) + opts
        ck = csum(src + dst + struct.pack("!BBH", 0, 6, len(h)) + h)
        return self.ip4(src, dst, 6, h[:16] + struct.pack("!H", ck) + h[18:])

    def syn(self, src, dst, port):
        """A SYN with MSS 1460 (then window scale and SACK-permitted, as
        Linux sends them) to @dst:@port; @return the SYN-ACK's MSS option
        (0: none), or None without a SYN-ACK. The server gets a reset."""
        dst = socket.inet_aton(dst)
        sport, seq = random.randint(20000, 60000), random.getrandbits(32)
        opts = struct.pack("!BBH", 2, 4, 1460) + b"\x01\x03\x03\x07" + b"\x04\x02\x01\x01"
        self.send(self.ppp(IPV4, self.tcp(src, dst, sport, port, seq, 0, TCP_SYN, opts)))
        for p, c in self.ppp_frames(time.time() + 3):
            if p != IPV4 or c[9] != 6 or c[12:16] != dst or c[16:20] != src:
                continue
            ihl, tot = (c[0] & 0xf) * 4, struct.unpack("!H", c[2:4])[0]
            t = c[ihl:tot]
            if struct.unpack("!HH", t[:4]) != (port, sport) or t[13] & 0x12 != 0x12:
                continue
            say(csum(src + dst + struct.pack("!BBH", 0, 6, len(t)) + t) == 0,
                "SYN-ACK from %s:%d through the session, TCP checksum correct" %
                (socket.inet_ntoa(dst), port))
            ack = struct.unpack("!I", t[4:8])[0]
            self.send(self.ppp(IPV4, self.tcp(src, dst, sport, port, ack, 0, TCP_RST)))
            return tcp_mss(t)
        return None

    def udp_burst(self, src, dst, port, n):
        """One UDP datagram to @dst:@port; @return how many of the @n
        answers came back through the session whole (PPPoE length equal to
        the IP total length, IPv4 and UDP checksums right)."""
        dst = socket.inet_aton(dst)
        sport = random.randint(20000, 60000)
        u = struct.pack("!HHHH", sport, port, 8 + 5, 0) + b"burst"
        ck = csum(src + dst + struct.pack("!BBH", 0, 17, len(u)) + u)
        self.send(self.ppp(IPV4, self.ip4(src, dst, 17, u[:6] + struct.pack("!H", ck) + u[8:])))
        got = 0
        for p, c in self.ppp_frames(time.time() + 3):
            if p != IPV4 or len(c) < 28 or c[9] != 17 or c[12:16] != dst or c[16:20] != src:
                continue
            tot = struct.unpack("!H", c[2:4])[0]
            t = c[20:tot]
            if (len(c) != tot or c[0] != 0x45 or csum(c[:20]) != 0 or
                    struct.unpack("!HH", t[:4]) != (port, sport) or
                    csum(src + dst + struct.pack("!BBH", 0, 17, len(t)) + t) != 0):
                continue
            got += 1
            if got == n:
                break
        return got

    def padt(self):
        self.send(self.disc(PADT, self.ac, [], self.sid))


def tcp_mss(t):
    """The MSS option of TCP header @t (bytes), 0 when it has none."""
    i, end = 20, min((t[12] >> 4) * 4, len(t))
    while i < end and t[i] != 0:
        if t[i] == 1:
            i += 1
            continue
        if i + 4 <= end and t[i] == 2 and t[i + 1] == 4:
            return struct.unpack("!H", t[i + 2:i + 4])[0]
        i += max(2, t[i + 1] if i + 1 < end else 2)
    return 0


def parse_tags(p):
    tags, i, end = {}, 6, 6 + struct.unpack("!H", p[4:6])[0]
    while i + 4 <= end:
        t, n = struct.unpack("!HH", p[i:i + 4])
        tags[t] = p[i + 4:i + 4 + n]
        i += 4 + n
    return tags


def parse_opts(b):
    opts, i = {}, 0
    while i + 2 <= len(b) and b[i + 1] >= 2:
        opts[b[i]] = b[i + 2:i + b[i + 1]]
        i += b[i + 1]
    return opts


def main():
    args = sys.argv[1:]
    expect_fail = "--expect-fail" in args
    chap = "--chap" in args
    opt = {}
    for name in ("--vlan", "--mru", "--syn", "--udp"):
        if name in args:
            k = args.index(name)
            opt[name] = int(args[k + 1])
            del args[k:k + 2]
    vlan = opt.get("--vlan")
    args = [a for a in args if a not in ("--expect-fail", "--chap")]
    ifname, user, password, target = args[:4]
    c = Client(ifname, vlan)
    c.chap = chap
    c.mru = opt.get("--mru", c.mru)
    if not c.discovery():
        return 1
    proto = c.lcp()
    if proto is None:
        return 1
    ok = c.auth(proto, user, password)
    if expect_fail:
        say(ok is False, "login refused (%s Nak / Failure)" % ("PAP" if proto == PAP else "CHAP"))
        return 1 if failures else 0
    if not say(ok is True, "authenticated"):
        return 1
    addr = c.ipcp()
    if addr is None:
        return 1
    print("ADDR %s" % socket.inet_ntoa(addr), flush=True)
    say(c.ping(addr, target), "echo to %s and its reply through the session" % target)
    if "--syn" in opt:
        mss = c.syn(addr, target, opt["--syn"])
        if say(mss is not None, "TCP SYN to %s:%d answered" % (target, opt["--syn"])):
            print("SYNACK_MSS %d" % mss, flush=True)
    if "--udp" in opt:
        n = c.udp_burst(addr, target, opt["--udp"], 50)
        say(n == 50, "%d of 50 UDP answers from %s:%d through the session, whole" %
            (n, target, opt["--udp"]))
    if os.environ.get("PPPOE_HOLD"):
        # keep the session for the caller's checks, answering echo requests;
        # once the file $PPPOE_HOLD_PING names exists, ping again, 3 times
        end = time.time() + float(os.environ["PPPOE_HOLD"])
        cue = os.environ.get("PPPOE_HOLD_PING")
        while time.time() < end:
            if cue and os.path.exists(cue):
                n = sum(c.ping(addr, target) for _ in range(3))
                say(n == 3, "%d of 3 echoes answered through the held session" % n)
                cue = None
            for p, cc in c.ppp_frames(min(end, time.time() + 0.5)):
                if p == LCP and cc[0] == 9:
                    c.send(c.ctrl(LCP, 10, cc[1], struct.pack("!I", c.magic) + cc[8:]))
    c.padt()
    time.sleep(0.5)                  # the management lcore takes the session down
    say(not c.ping(addr, target), "after PADT the session's data is refused")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
