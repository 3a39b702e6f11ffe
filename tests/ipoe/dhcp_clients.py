#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
Many DHCP clients, hostile ones too, against bngd's DHCP server, from a raw
socket on the subscriber side of an access port (run inside its namespace).

  dhcp_clients.py IFACE many N        N clients (distinct MACs) each DISCOVER,
                                      OFFER, REQUEST, ACK; every address
                                      distinct and in the pool
  dhcp_clients.py IFACE option82      a relayed-style DISCOVER/REQUEST with
                                      option 82: echoed unchanged
  dhcp_clients.py IFACE malformed     one of each malformation: no reply
  dhcp_clients.py IFACE flood N       N DISCOVERs from one MAC at once, then
                                      a DORA from another MAC: served
  dhcp_clients.py IFACE relayed       a DISCOVER through bngd in relay mode:
                                      the OFFER without option 82
  dhcp_clients.py IFACE vlan HOST     a subscriber in S-VLAN 100 / C-VLAN 7:
                                      lease, ARP and an echo to HOST in its tags

Frames are built by hand (struct) so that thousands go by in a second;
scapy builds one reference DISCOVER at start to check the hand-built bytes.
Prints one line per result ("OK ..." or "FAIL ..."), plus a "RATE" line with
the DORA rate measured; exits 1 on any failure.
"""
import os
import select
import socket
import struct
import sys
import time

BCAST = b"\xff" * 6
SOL_PACKET, PACKET_AUXDATA = 263, 8
TP_STATUS_VLAN_VALID, TP_STATUS_VLAN_TPID_VALID = 0x10, 0x40
COOKIE = b"\x63\x82\x53\x63"
failures = 0


def say(ok, what):
    global failures
    print(("OK " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures += 1


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def mac_of(i):
    return bytes([0x02, 0x42, (i >> 24) & 0xff, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff])


def opt(code, data):
    return bytes([code, len(data)]) + data


def bootp(mac, xid, options, hlen=6, cookie=COOKIE, flags=0x8000):
    """A BOOTREQUEST with @options (bytes, END included by the caller)."""
    return (struct.pack("!BBBBIHHIIII", 1, 1, hlen, 0, xid, 0, flags, 0, 0, 0, 0) +
            mac + b"\0" * 10 + b"\0" * 192 + cookie + options)


def frame(mac, payload):
    """Ethernet / IPv4 0.0.0.0 -> 255.255.255.255 / UDP 68 -> 67 / payload."""
    udp_len = 8 + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 0, 0, 64, 17, 0,
                     b"\0\0\0\0", b"\xff\xff\xff\xff")
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    ph = b"\0\0\0\0" + b"\xff\xff\xff\xff" + struct.pack("!BBH", 0, 17, udp_len)
    udp = struct.pack("!HHHH", 68, 67, udp_len, 0) + payload
    c = csum(ph + udp) or 0xffff
    udp = udp[:6] + struct.pack("!H", c) + udp[8:]
    return BCAST + mac + b"\x08\x00" + ip + udp


def discover(mac, xid, extra=b""):
    return frame(mac, bootp(mac, xid, opt(53, b"\x01") + extra + b"\xff"))


def request(mac, xid, yiaddr, server, extra=b""):
    return frame(mac, bootp(mac, xid, opt(53, b"\x03") + opt(50, yiaddr) + opt(54, server) +
                            extra + b"\xff"))


def untag(f):
    """(VLAN ids, the frame without its tags)."""
    vids = []
    while f[12:14] in (b"\x81\x00", b"\x88\xa8") and len(f) >= 18:
        vids.append(struct.unpack("!H", f[14:16])[0] & 0xfff)
        f = f[:12] + f[16:]
    return vids, f


def tag(f, vids):
    """Frame @f with VLAN tags @vids (outer first) after its MACs."""
    return f[:12] + b"".join(struct.pack("!HH", 0x8100, v) for v in vids) + f[12:]


def parse_reply(f, vids=None):
    """(xid, type, yiaddr, options dict) of a DHCP reply frame, or None; with
    @vids, only a frame in exactly those tags."""
    got, f = untag(f)
    if got != (vids or []):
        return None
    if len(f) < 14 + 20 + 8 + 240 or f[12:14] != b"\x08\x00" or f[23] != 17:
        return None
    ihl = (f[14] & 0xf) * 4
    u = 14 + ihl
    if struct.unpack("!H", f[u:u + 2])[0] != 67:
        return None
    b = f[u + 8:]
    if b[0] != 2 or b[236:240] != COOKIE:
        return None
    xid = struct.unpack("!I", b[4:8])[0]
    opts, i = {}, 240
    while i < len(b) and b[i] != 255:
        if b[i] == 0:
            i += 1
            continue
        opts[b[i]] = b[i + 2:i + 2 + b[i + 1]]
        i += 2 + b[i + 1]
    return xid, opts.get(53, b"\0")[0], b[16:20], opts


class Port:
    def __init__(self, ifname):
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        self.s.bind((ifname, 0))
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        # The kernel takes a frame's (outer) VLAN tag off into metadata:
        # ask for it back (PACKET_AUXDATA) to see frames as they were sent.
        self.s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        self.s.setblocking(False)

    def recv1(self):
        f, anc, _, _ = self.s.recvmsg(4096, socket.CMSG_SPACE(32))
        for level, kind, data in anc:
            if level == SOL_PACKET and kind == PACKET_AUXDATA and len(data) >= 20:
                status, _, _, _, _, tci, tpid = struct.unpack("IIIHHHH", data[:20])
                if status & TP_STATUS_VLAN_VALID:
                    if not status & TP_STATUS_VLAN_TPID_VALID:
                        tpid = 0x8100
                    f = f[:12] + struct.pack("!HH", tpid, tci) + f[12:]
        return f

    def send(self, f):
        self.s.send(f)

    def raw(self, until):
        """Every frame received before time @until."""
        out = []
        while time.time() < until:
            try:
                out.append(self.recv1())
            except BlockingIOError:
                select.select([self.s], [], [], max(0.0, min(until - time.time(), 0.01)))
        return out

    vids = None

    def replies(self, until):
        """Every DHCP reply received before time @until (returns early once
        some came and the socket is drained)."""
        out = []
        while True:
            try:
                f = self.recv1()
            except BlockingIOError:
                left = until - time.time()
                if out or left <= 0:
                    return out
                select.select([self.s], [], [], min(left, 0.002))
                continue
            r = parse_reply(f, self.vids)
            if r is not None:
                out.append(r)

    def exchange(self, frames, want, timeout=5.0, window=int(os.environ.get("DHCP_WINDOW", 256))):
        """Send @frames, at most @window unanswered; collect replies until @want came."""
        got, sent, i, deadline = {}, 0, 0, time.time() + timeout
        while len(got) < want and time.time() < deadline:
            while i < len(frames) and sent - len(got) < window:
                self.send(frames[i])
                i += 1
                sent += 1
            for r in self.replies(time.time() + 0.005):
                got.setdefault(r[0], r)
            if i < len(frames):
                deadline = time.time() + timeout
        return got


def check_reference():
    """The hand-built DISCOVER is what scapy builds."""
    from scapy.all import BOOTP, DHCP, IP, UDP, Ether, raw
    mac = mac_of(7)
    ref = raw(Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") /
              IP(src="0.0.0.0", dst="255.255.255.255", ttl=64, id=0) / UDP(sport=68, dport=67) /
              BOOTP(chaddr=mac, xid=7, flags=0x8000) / DHCP(options=[("message-type", "discover"), "end"]))
    say(ref == discover(mac, 7), "hand-built DISCOVER equals scapy's")


def many(port, n, server):
    t0 = time.time()
    offers = port.exchange([discover(mac_of(i), 0x10000 + i) for i in range(n)], n)
    good = {x: r for x, r in offers.items() if r[1] == 2}
    say(len(good) == n, "%d DISCOVERs, %d OFFERs" % (n, len(good)))
    acks = port.exchange([request(mac_of(x - 0x10000), x, r[2], server)
                          for x, r in sorted(good.items())], len(good))
    t1 = time.time()
    ok = [r for r in acks.values() if r[1] == 5]
    addrs = {r[2] for r in ok}
    say(len(ok) == n, "%d REQUESTs, %d ACKs" % (n, len(ok)))
    say(len(addrs) == len(ok), "%d distinct addresses" % len(addrs))
    print("RATE dhcp_dora rate=%.0f clients=%d seconds=%.2f" % (n / (t1 - t0), n, t1 - t0))


def option82(port, server):
    a82 = opt(1, b"port-7/vlan-100") + opt(2, b"cpe-0007")
    mac = mac_of(0x820082)
    r = port.exchange([discover(mac, 0x8282, opt(82, a82))], 1).get(0x8282)
    say(r is not None and r[1] == 2 and r[3].get(82) == a82,
        "option 82 echoed in the OFFER unchanged")
    if r is not None:
        a = port.exchange([request(mac, 0x8283, r[2], server, opt(82, a82))], 1).get(0x8283)
        say(a is not None and a[1] == 5 and a[3].get(82) == a82, "option 82 echoed in the ACK")
        print("ADDR82 %s" % socket.inet_ntoa(r[2]))


def malformed(port):
    mac = mac_of(0x66000000)
    d = opt(53, b"\x01")
    cases = {
        "truncated_option": bootp(mac, 1, d + b"\x3d"),               # code, no length
        "option_overflow": bootp(mac, 2, d + b"\x0c\x40abc"),         # 64 bytes claimed
        "bad_magic_cookie": bootp(mac, 3, d + b"\xff", cookie=b"\x63\x82\x53\x64"),
        "bad_hlen": bootp(mac, 4, d + b"\xff", hlen=16),
        "missing_end": bootp(mac, 5, d),
        "missing_message_type": bootp(mac, 6, opt(12, b"host") + b"\xff"),
        "short_message": bootp(mac, 7, b"")[:100],
    }
    for k, p in cases.items():
        port.send(frame(mac, p))
    rs = port.replies(time.time() + 1.0)
    say(not rs, "7 malformed messages, %d replies" % len(rs))
    print("MALFORMED " + " ".join(sorted(cases)))


def flood(port, n, server):
    mac = mac_of(0x77000000)
    t0 = time.time()
    for i in range(n):
        port.send(discover(mac, 0x7700 + i))
    rs = [r for r in port.replies(time.time() + 0.5) if r[0] >> 8 == 0x77]
    print("FLOOD sent=%d offered=%d in %.2f s" % (n, len(rs), time.time() - t0))
    say(0 < len(rs) < n // 4, "a DISCOVER flood from one MAC mostly refused (%d of %d answered)"
        % (len(rs), n))
    other = mac_of(0x78000000)
    r = port.exchange([discover(other, 0x7800)], 1).get(0x7800)
    ok = r is not None and r[1] == 2
    if ok:
        a = port.exchange([request(other, 0x7801, r[2], server)], 1).get(0x7801)
        ok = a is not None and a[1] == 5
    say(ok, "another MAC still served during the flood")


def relayed(port):
    """Through a relay: the OFFER carries what the server matched on our
    circuit id (domain "relayed.example"), and no option 82."""
    mac = mac_of(0x5e000001)
    r = port.exchange([discover(mac, 0x5e01)], 1, timeout=8.0).get(0x5e01)
    say(r is not None and r[1] == 2, "OFFER through the relay")
    if r is not None:
        say(82 not in r[3], "no option 82 towards the client")
        say(r[3].get(15) == b"relayed.example", "the server saw our circuit id (its tagged option came)")


def icmp_echo(mac, dmac, src, dst, ident):
    icmp = struct.pack("!BBHHH", 8, 0, 0, ident, 1) + b"bng vlan"
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 0, 0, 64, 1, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return dmac + mac + b"\x08\x00" + ip + icmp


def vlan(port, server, host):
    """A subscriber behind S-VLAN 100 / C-VLAN 7: DHCP, ARP for its gateway and
    its traffic all in its tags; the same source in another VLAN is refused."""
    vids, mac = [100, 7], mac_of(0x7a000007)
    port.vids = vids
    port.send(tag(discover(mac, 0x7a01), vids))
    frames = port.raw(time.time() + 2.0)
    offer = [r for r in (parse_reply(f, vids) for f in frames) if r and r[0] == 0x7a01]
    if not offer:
        for f in frames:
            print("  seen: %d bytes %s" % (len(f), f[:24].hex()))
    say(bool(offer), "OFFER in the subscriber's tags (the replies are matched by tags)")
    if not offer:
        return
    yi = offer[0][2]
    port.send(tag(request(mac, 0x7a02, yi, server), vids))
    deadline, ack = time.time() + 2.0, None
    while ack is None and time.time() < deadline:
        for fr in port.raw(deadline):
            v, f = untag(fr)
            r = parse_reply(fr, vids) if v == vids else None
            if r is not None and r[0] == 0x7a02 and r[1] == 5:
                ack = r
    say(ack is not None, "ACK in the subscriber's tags")
    # ARP for the gateway, in the tags
    arp = (BCAST + mac + b"\x08\x06" + struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac + yi +
           b"\0" * 6 + server)
    port.send(tag(arp, vids))
    gw = None
    for fr in port.raw(time.time() + 1.0):
        v, f = untag(fr)
        if v == vids and f[12:14] == b"\x08\x06" and f[20:22] == b"\x00\x02" and f[32:38] == mac:
            gw = f[22:28]
    say(gw is not None, "ARP reply for the gateway in the subscriber's tags")
    if gw is None:
        return
    addr = socket.inet_ntoa(yi)
    port.send(tag(icmp_echo(mac, gw, addr, host, 0x77), vids))
    got = [untag(fr) for fr in port.raw(time.time() + 2.0)]
    ok = [v for v, f in got if f[12:14] == b"\x08\x00" and f[23] == 1 and f[34] == 0 and
          f[0:6] == mac and f[30:34] == yi]
    say(ok and ok[0] == vids, "echo reply from %s back in the tags %s (got %s)" % (host, vids, ok))
    port.send(tag(icmp_echo(mac, gw, addr, host, 0x78), [100, 8]))
    got = [untag(fr) for fr in port.raw(time.time() + 1.0)]
    stray = [v for v, f in got if f[12:14] == b"\x08\x00" and f[23] == 1 and f[34] == 0 and
             f[0:6] == mac]
    say(not stray, "the same source in C-VLAN 8 is refused")


def main():
    ifname, what = sys.argv[1], sys.argv[2]
    server = socket.inet_aton(os.environ.get("SERVER", "10.0.0.1"))
    port = Port(ifname)
    if what == "many":
        check_reference()
        many(port, int(sys.argv[3]), server)
    elif what == "option82":
        option82(port, server)
    elif what == "malformed":
        malformed(port)
    elif what == "relayed":
        relayed(port)
    elif what == "vlan":
        vlan(port, server, sys.argv[3])
    elif what == "flood":
        flood(port, int(sys.argv[3]), server)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
