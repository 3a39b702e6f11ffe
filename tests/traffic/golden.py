# SPDX-License-Identifier: BSD-3-Clause
"""
The golden case model: the test topology, packet helpers, and Case, which
records input frames with their fates and replays the order in which bngd
sends what they cause (see gen.py).
"""
import argparse
import json
import logging
import os
import socket
import struct
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)

from scapy.all import (ARP, ICMP, IP, TCP, UDP, Dot1Q, Ether, ICMPv6DestUnreach,  # noqa: E402
                       ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS, ICMPv6ND_RA,
                       ICMPv6NDOptDstLLAddr, ICMPv6NDOptSrcLLAddr,
                       ICMPv6ND_RS, ICMPv6PacketTooBig, ICMPv6TimeExceeded, IPerror, IPv6,
                       IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop,
                       IPv6ExtHdrRouting, RawPcapWriter, Raw, TCPerror, UDPerror, raw)
from scapy.layers.l2 import Dot1AD  # noqa: E402
from scapy.layers.dhcp import BOOTP, DHCP  # noqa: E402
from scapy.layers.dhcp6 import DHCP6_Solicit  # noqa: E402

# ---------------------------------------------------------------- topology
A_MAC = "02:00:00:00:10:01"      # access0
C_MAC = "02:00:00:00:20:01"      # core0
GW_MAC = "02:00:00:00:20:02"     # 198.51.100.2 / 2001:db8:20::2 on core0
A_IP4, A_IP6 = "10.0.0.1", "2001:db8:10::1"
C_IP4, C_IP6 = "198.51.100.1", "2001:db8:20::1"
GW4, GW6 = "198.51.100.2", "2001:db8:20::2"
SUBS = range(2, 52)              # 50 subscribers, each a static neighbor (v4 and v6)

DEFAULT_ROUTES = [('prefix = "0.0.0.0/0"; via = "%s";' % GW4),
                  ('prefix = "::/0"; via = "%s";' % GW6)]


def sub4(i):
    return "10.0.0.%d" % i


def sub6(i):
    return "2001:db8:10::%x" % i


def sub_mac(i):
    return "02:00:00:00:10:%02x" % i


def default_neighbors():
    n = []
    for i in SUBS:
        n.append(("access0", sub4(i), sub_mac(i)))
        n.append(("access0", sub6(i), sub_mac(i)))
    n.append(("core0", GW4, GW_MAC))
    n.append(("core0", GW6, GW_MAC))
    return n


# ---------------------------------------------------------------- helpers
VLAN_TPIDS = (b"\x81\x00", b"\x88\xa8", b"\x91\x00")


def mac_bytes(m):
    return bytes(int(x, 16) for x in m.split(":"))


def csum(b):
    """Internet checksum of bytes (as stored in the header)."""
    if len(b) % 2:
        b += b"\0"
    s = sum(int.from_bytes(b[i:i + 2], "big") for i in range(0, len(b), 2))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def untag(b, smac=None, dmac=None):
    """@b without its VLAN tags (scapy knows no 0x9100), optionally with new MACs."""
    off = 12
    while b[off:off + 2] in VLAN_TPIDS:
        off += 4
    dst = mac_bytes(dmac) if dmac else b[0:6]
    src = mac_bytes(smac) if smac else b[6:12]
    return dst + src + b[off:]


def routed(frame, smac, dmac):
    """The frame a router sends for @frame: untagged, new MACs, TTL-1, checksum."""
    plain = untag(bytes(frame), smac, dmac)
    et = plain[12:14]
    p = Ether(plain)
    if et == b"\x08\x00":
        assert p[IP].ttl > 1
        p[IP].ttl -= 1
        del p[IP].chksum
        allowed = {14 + 8, 14 + 10, 14 + 11}
    elif et == b"\x86\xdd":
        assert p[IPv6].hlim > 1
        p[IPv6].hlim -= 1
        allowed = {14 + 7}
    else:
        raise ValueError("routed(): not IP")
    out = raw(p)
    # scapy must not have rebuilt anything else (lengths, padding, options...)
    assert len(out) == len(plain), "scapy changed the length"
    diff = {i for i in range(len(out)) if out[i] != plain[i]}
    assert diff <= allowed, "scapy changed bytes %s" % sorted(diff - allowed)
    if et == b"\x08\x00":
        ihl = (out[14] & 0xf) * 4
        assert csum(out[14:14 + ihl]) == 0
    return out


def l4_after_ext(l3):
    """First layer after IPv6 extension headers."""
    p = l3.payload
    while isinstance(p, (IPv6ExtHdrDestOpt, IPv6ExtHdrHopByHop, IPv6ExtHdrRouting,
                         IPv6ExtHdrFragment)):
        p = p.payload
    return p


def flow_key(frame):
    """
    The flow a packet belongs to, direction-independent, the way bngd keys
    sessions: protocol + the two (address, port) endpoints; ICMP echo uses
    its identifier as both ports. None for ICMP errors (they create nothing).
    """
    p = Ether(untag(bytes(frame)))
    if IP in p:
        l3 = p[IP]
        proto = l3.proto
        l4 = l3.payload
    else:
        l3 = p[IPv6]
        l4 = l4_after_ext(l3)
        proto = None
    sp = dp = 0
    if isinstance(l4, (TCP, UDP)) and not isinstance(l4, (TCPerror, UDPerror)):
        proto = 6 if isinstance(l4, TCP) else 17
        sp, dp = l4.sport, l4.dport
    elif isinstance(l4, ICMP):
        if l4.type in (3, 4, 5, 11, 12):
            return None
        proto = 1
        if l4.type in (0, 8, 13, 14):
            sp = dp = l4.id
        else:
            sp = l4.type
    elif isinstance(l4, (ICMPv6EchoRequest, ICMPv6EchoReply)):
        proto = 58
        sp = dp = l4.id
    elif l4.__class__.__name__.startswith("ICMPv6"):
        t = bytes(l4)[0]
        if 1 <= t <= 4:
            return None
        proto = 58
        sp = t
    elif proto is None:
        proto = l4.underlayer.nh if l4.underlayer is not None else l3.nh
    return (proto, frozenset([(l3.src, sp), (l3.dst, dp)]))



# ---------------------------------------------------------------- the router's own packets
BURST = 32                       # dataplane.burst of every case
PORT_MAC = {"access": A_MAC, "core": C_MAC}
PORT_IP4 = {"access": A_IP4, "core": C_IP4}
PORT_IP6 = {"access": A_IP6, "core": C_IP6}
ICMP4_ERR_MAX, ICMP6_ERR_MAX = 576, 1280


def ip4b(a):
    return socket.inet_pton(socket.AF_INET, a)


def ip6b(a):
    return socket.inet_pton(socket.AF_INET6, a)


def ip4_fix(hdr):
    """@hdr (IPv4 header bytes) with its checksum computed from scratch."""
    h = bytearray(hdr)
    h[10:12] = b"\0\0"
    h[10:12] = csum(bytes(h)).to_bytes(2, "big")
    return bytes(h)


def csum6(src, dst, nh, payload):
    """Checksum of an upper-layer @payload under IPv6 @src -> @dst (RFC 8200 8.1)."""
    ph = src + dst + len(payload).to_bytes(4, "big") + b"\0\0\0" + bytes([nh])
    return csum(ph + payload)


def l3_of(frame):
    """The IP datagram of an Ethernet frame: tags skipped, padding cut off."""
    plain = untag(bytes(frame))
    et = plain[12:14]
    if et == b"\x08\x00":
        return plain[14:14 + int.from_bytes(plain[16:18], "big")]
    assert et == b"\x86\xdd", "not IP"
    return plain[14:14 + 40 + int.from_bytes(plain[18:20], "big")]


def is_v6(l3):
    return l3[0] >> 4 == 6


def eth(dmac, port, l3):
    """A frame the router sends out of @port to @dmac."""
    et = b"\x86\xdd" if is_v6(l3) else b"\x08\x00"
    return mac_bytes(dmac) + mac_bytes(PORT_MAC[port]) + et + l3


def ip4_copied_options(opts):
    """The options of an IPv4 header that go into every fragment (copied flag set)."""
    out, i = b"", 0
    while i < len(opts):
        t = opts[i]
        if t == 0:
            break
        if t == 1:
            i += 1
            continue
        n = opts[i + 1]
        if t & 0x80:
            out += opts[i:i + n]
        i += n
    assert len(out) % 4 == 0, "copied options would need padding"
    return out


def ip4_piece(l3, start, end, more):
    """
    The IPv4 fragment carrying payload bytes [start, end) of datagram @l3
    (which may itself be a fragment: offsets add up, its MF is kept on the
    last piece): header copied (after the first piece only the options with
    the copied flag, RFC 791), total length, MF, offset and checksum set.
    """
    ihl = (l3[0] & 0xf) * 4
    fo = int.from_bytes(l3[6:8], "big")
    assert start % 8 == 0
    h = bytearray(l3[:ihl] if start == 0 else l3[:20] + ip4_copied_options(l3[20:ihl]))
    h[0] = 0x40 | len(h) // 4
    chunk = l3[ihl + start:ihl + end]
    h[2:4] = (len(h) + len(chunk)).to_bytes(2, "big")
    h[6:8] = ((fo & 0x4000) | (0x2000 if more or fo & 0x2000 else 0) |
              ((fo & 0x1fff) + start // 8)).to_bytes(2, "big")
    return ip4_fix(bytes(h)) + chunk


def ip4_split(l3, sizes=None, mtu=None):
    """
    @l3 cut into fragments with payloads of @sizes bytes (the rest in the
    last), or as a router does for an MTU: as much as fits, in multiples of
    8 ((mtu - that fragment's header) & ~7).
    """
    ihl = (l3[0] & 0xf) * 4
    n = len(l3) - ihl
    if sizes is None:
        sizes, pos = [], 0
        later = 20 + len(ip4_copied_options(l3[20:ihl]))
        while True:
            step = (mtu - (ihl if pos == 0 else later)) & ~7
            if pos + step >= n:
                break
            sizes.append(step)
            pos += step
    out, pos = [], 0
    for s in list(sizes) + [n - sum(sizes)]:
        out.append(ip4_piece(l3, pos, pos + s, pos + s < n))
        pos += s
    return out


def ip6_piece(l3, start, end, more, ident):
    """IPv6 fragment of @l3 (no extension headers) with payload [start, end)."""
    assert start % 8 == 0
    chunk = l3[40 + start:40 + end]
    h = bytearray(l3[:40])
    h[4:6] = (8 + len(chunk)).to_bytes(2, "big")
    h[6] = 44
    fh = bytes([l3[6], 0]) + (start | (1 if more else 0)).to_bytes(2, "big") + \
        ident.to_bytes(4, "big")
    return bytes(h) + fh + chunk


def ip6_split(l3, sizes, ident):
    n = len(l3) - 40
    out, pos = [], 0
    for s in list(sizes) + [n - sum(sizes)]:
        out.append(ip6_piece(l3, pos, pos + s, pos + s < n, ident))
        pos += s
    return out


def hop(l3):
    """@l3 as forwarded: TTL / hop limit minus one (IPv4 checksum recomputed)."""
    b = bytearray(l3)
    if is_v6(l3):
        b[7] -= 1
        return bytes(b)
    b[8] -= 1
    ihl = (b[0] & 0xf) * 4
    return ip4_fix(bytes(b[:ihl])) + bytes(b[ihl:])


def echo_reply(l3):
    """
    The echo reply for echo request @l3, built from scratch: addresses
    swapped, TTL / hop limit 64, type 0 / 129, every checksum recomputed;
    everything else (TOS, id, flags, flow label, identifier, data) kept.
    """
    b = bytearray(l3)
    if is_v6(l3):
        assert b[6] == 58 and b[40] == 128
        b[8:24], b[24:40] = l3[24:40], l3[8:24]
        b[7] = 64
        b[40] = 129
        b[42:44] = b"\0\0"
        b[42:44] = csum6(bytes(b[8:24]), bytes(b[24:40]), 58, bytes(b[40:])).to_bytes(2, "big")
        return bytes(b)
    ihl = (b[0] & 0xf) * 4
    assert b[9] == 1 and b[ihl] == 8
    b[12:16], b[16:20] = l3[16:20], l3[12:16]
    b[8] = 64
    b[ihl] = 0
    b[ihl + 2:ihl + 4] = b"\0\0"
    b[ihl + 2:ihl + 4] = csum(bytes(b[ihl:])).to_bytes(2, "big")
    return ip4_fix(bytes(b[:ihl])) + bytes(b[ihl:])


# Drop reason -> (IPv4 type, code), (IPv6 type, code), ip counter of the error sent.
ICMP_FOR = {
    "ttl_exceeded": ((11, 0), (3, 0), "icmp_time_exceeded"),
    "no_route": ((3, 0), (1, 0), "icmp_unreachable"),
    "administratively_prohibited": ((3, 13), (1, 1), "icmp_unreachable"),
    "fragmentation_needed": ((3, 4), None, "icmp_frag_needed"),
    "packet_too_big": (None, (2, 0), "icmp_too_big"),
    # RFC 6888 REQ-11: a flow the NAT cannot map (ports, quota): host unreachable
    "nat_ports_exhausted": ((3, 1), None, "icmp_unreachable"),
    "nat_session_limit": ((3, 1), None, "icmp_unreachable"),
}


class IcmpErr:
    """
    The ICMP error the router sends about datagram @orig (bytes, as received)
    that came in on @in_port: from that port's first address, to the
    datagram's source, out of @out_port to @dmac. Its IPv4 identification is
    only known once the case's packets are put in bngd's order (build()).
    """

    def __init__(self, orig, in_port, why, out_port, dmac, info=0):
        self.orig = orig
        self.v6 = is_v6(orig)
        t4, t6, self.counter = ICMP_FOR[why]
        self.type, self.code = t6 if self.v6 else t4
        self.in_port, self.out_port, self.dmac, self.info = in_port, out_port, dmac, info

    def build(self, ip_id):
        o = self.orig
        head = struct.pack("!BBHI", self.type, self.code, 0, self.info)
        if self.v6:
            quote = o[:ICMP6_ERR_MAX - 48]
            src, dst = ip6b(PORT_IP6[self.in_port]), o[8:24]
            msg = bytearray(head + quote)
            msg[2:4] = csum6(src, dst, 58, bytes(msg)).to_bytes(2, "big")
            # traffic class 0, flow label 0, next header 58, hop limit 64
            l3 = b"\x60\0\0\0" + len(msg).to_bytes(2, "big") + b"\x3a\x40" + src + dst + msg
            assert len(l3) <= ICMP6_ERR_MAX
        else:
            quote = o[:ICMP4_ERR_MAX - 28]
            msg = bytearray(head + quote)
            msg[2:4] = csum(bytes(msg)).to_bytes(2, "big")
            tos = (o[1] & 0x1e) | 0xc0
            hdr = struct.pack("!BBHHHBBH4s4s", 0x45, tos, 20 + len(msg), ip_id, 0, 64, 1, 0,
                              ip4b(PORT_IP4[self.in_port]), o[12:16])
            l3 = ip4_fix(hdr) + bytes(msg)
            assert len(l3) <= ICMP4_ERR_MAX
            # scapy reads the same thing (a cross-check of the builder)
            p = IP(l3)
            assert p.tos == tos and p.id == ip_id and p.ttl == 64 and p.flags == 0
            assert p[ICMP].type == self.type and p[ICMP].code == self.code
        return eth(self.dmac, self.out_port, l3)


def as_l3(l3):
    """A scapy layer for an IP datagram given as bytes, serialised unchanged."""
    if isinstance(l3, (bytes, bytearray)):
        p = (IPv6 if is_v6(l3) else IP)(bytes(l3))
        assert raw(p) == bytes(l3), "scapy changed a datagram"
        return p
    return l3


class Async:
    """
    A frame the management lcore sends (an ARP reply, a DHCP offer): it
    leaves through a worker's inject ring whenever the management lcore
    gets to it, so it is expected anywhere in its port's output.
    """

    def __init__(self, frame):
        self.frame = bytes(frame)


def arp_reply(port, to_mac, to_ip, our_ip=None):
    """Our ARP reply out of @port to (@to_mac, @to_ip), padded to 60 bytes."""
    f = bytes(Ether(src=PORT_MAC[port], dst=to_mac) /
              ARP(op=2, hwsrc=PORT_MAC[port], psrc=our_ip or PORT_IP4[port], hwdst=to_mac,
                  pdst=to_ip))
    return Async(f + b"\0" * (60 - len(f)))


def na_reply(port, to_mac, to_ip, target):
    """Our solicited neighbour advertisement for @target (router, override)."""
    return Async(Ether(src=PORT_MAC[port], dst=to_mac) /
                 IPv6(src=target, dst=to_ip, hlim=255) /
                 ICMPv6ND_NA(tgt=target, R=1, S=1, O=1) / ICMPv6NDOptDstLLAddr(lladdr=PORT_MAC[port]))


def arp_request(port, target):
    """Our broadcast ARP request for @target out of @port."""
    f = bytes(Ether(src=PORT_MAC[port], dst="ff:ff:ff:ff:ff:ff") /
              ARP(op=1, hwsrc=PORT_MAC[port], psrc=PORT_IP4[port], hwdst="00:00:00:00:00:00",
                  pdst=target))
    return Async(f + b"\0" * (60 - len(f)))


def ns_request(port, target):
    """Our neighbour solicitation for @target, to its solicited-node group."""
    t = socket.inet_pton(socket.AF_INET6, target)
    group = socket.inet_ntop(socket.AF_INET6, bytes.fromhex("ff0200000000000000000001ff") + t[13:])
    mac = "33:33:ff:%02x:%02x:%02x" % tuple(t[13:])
    return Async(Ether(src=PORT_MAC[port], dst=mac) /
                 IPv6(src=PORT_IP6[port], dst=group, hlim=255) / ICMPv6ND_NS(tgt=target) /
                 ICMPv6NDOptSrcLLAddr(lladdr=PORT_MAC[port]))


class Masked:
    """An expected frame whose bytes in @ranges are not compared; frames of the
    same @group must agree there, frames of different groups must not."""

    def __init__(self, frame, ranges, group):
        self.frame, self.ranges, self.group = frame, ranges, group


class Flex:
    """
    An expected translated frame whose external port (or ICMP identifier)
    is the NAT's random choice: the 2 bytes at @port_off and the L4 checksum
    at @csum_off are not compared; compare.py checks instead that the
    checksum is right for the bytes bngd sent, that the port lies in one of
    @ranges (inclusive, host order) with the inside port's @parity (None: any),
    that the packets of one @group (one mapping) carry one port and that
    different groups never share (external address at @ext_off, protocol,
    port).
    """

    def __init__(self, frame, port_off, csum_off, group, ranges, parity=None, ext_off=None):
        self.frame = frame
        self.check = {"port_off": port_off, "csum_off": csum_off, "group": group,
                      "ranges": ranges, "parity": parity, "ext_off": ext_off}


class Fate:
    """What happens to one input packet."""

    def __init__(self, outputs, stage):
        self.outputs = outputs  # [(port or None, bytes or IcmpErr)]; None: built, not sent
        self.stage = stage      # "l3": while the burst is read; "owned": after sessions;
                                # "express": forwarded by the express path, in place


class Case:
    def __init__(self, name, doc, workers=1, routes=None, neighbors=None, ip=None, mtu=None,
                 addrs=None):
        self.name = name
        self.doc = doc
        self.workers = workers
        self.routes = DEFAULT_ROUTES if routes is None else routes
        self.neighbors = default_neighbors() if neighbors is None else neighbors
        self.ip_conf = ip or {}          # the ip = { } group
        self.mtu = {"access": 1500, "core": 1500}
        self.mtu.update(mtu or {})
        # more addresses after each port's first two ("a.b.c.d/len", "x::y/len")
        self.addrs = {"access": [], "core": []}
        self.addrs.update(addrs or {})
        self.inp = {"access": [], "core": []}   # [(bytes, Fate)]
        self.drops = {}
        self.punts = {}
        self.ipc = {}                    # console "ip" counters
        self.flows = set()
        self.extra = {}
        self.check_sessions = True
        self.n_id_groups = 0
        self.conf = []                   # more configuration lines (nat, tenants)
        self.sessions_conf = ""          # more settings of the sessions group
        # a third, idle port between access0 and core0, so that with two
        # workers one worker reads both input pcaps (queues are spread round
        # robin over the workers): the order between them is then fixed
        self.idle_port = False
        self.neigh_conf = "announce = false; retrans_ms = 60000;"
        self.access_opts = ""            # more settings of access0
        self.nat = None                  # NatState: expected NAT counters
        self.steps = []                  # console steps after the input (console.py)
        self.express = 0                 # packets marked express=True

    def count(self, what, name, n=1):
        d = {"drops": self.drops, "punts": self.punts, "ip": self.ipc}[what]
        d[name] = d.get(name, 0) + n

    def add(self, port, frame, fwd=None, drop=None, punt=None, session=None, out=(),
            stage=None, ip=None, held=False, express=False):
        """
        One input frame on @port ("access"/"core") and its fate: fwd=(port,
        next-hop MAC), drop="reason" (or a list of reasons), punt="kind",
        out=[(port, frame bytes or IcmpErr)] for what the router itself sends
        (port None: built but not sent), held=True for a fragment kept for
        reassembly. ip={counter: n}: console ip counters it adds. stage: "l3"
        (answered while the burst is read; default unless forwarded) or
        "owned". session: whether it creates/uses a session (default: when
        forwarded). express=True: forwarded by the worker's express path (an
        established plain IPv4 TCP/UDP flow, its session made in an earlier
        burst): sent at its place in the burst, and counted.
        """
        b = bytes(frame)
        drops = [drop] if isinstance(drop, str) else list(drop or [])
        outs = list(out)
        assert fwd is not None or drops or punt is not None or outs or held
        if fwd is not None:
            out_port, dmac = fwd
            outs.append((out_port, routed(b, PORT_MAC[out_port], dmac)))
        for r in drops:
            self.count("drops", r)
        if punt is not None:
            self.count("punts", punt)
        for _, o in outs:
            if isinstance(o, IcmpErr):
                self.count("ip", o.counter)
        for k, v in (ip or {}).items():
            self.count("ip", k, v)
        if express:
            assert fwd is not None and stage is None
            stage = "express"
            self.express += 1
        if stage is None:
            stage = "owned" if fwd is not None else "l3"
        if session is None:
            session = fwd is not None
        if session is not False:
            # True: this packet's flow; or the packet whose flow it is (the
            # whole datagram of a fragment that completes it)
            k = flow_key(b if session is True else session)
            if k is not None:
                self.flows.add(k)
        self.inp[port].append((b, Fate(outs, stage)))

    # Shorthands: subscriber i upstream (leaves on core0 to the gateway) and
    # downstream to subscriber i (leaves on access0 to the subscriber).
    # err="reason": refused and answered with the ICMP error for it, back to
    # the sender (its MAC is the frame's source MAC here); echo=True: answered
    # with an echo reply. @l3 may be bytes (an IP datagram, sent as is).
    def up(self, i, l3, tag=None, **kw):
        e = Ether(src=sub_mac(i), dst=A_MAC)
        f = e / tag / as_l3(l3) if tag is not None else e / as_l3(l3)
        if not kw:
            kw = {"fwd": ("core", GW_MAC)}
        self.in_frame("access", f, **kw)

    def down(self, i, l3, **kw):
        f = Ether(src=GW_MAC, dst=C_MAC) / as_l3(l3)
        if not kw:
            kw = {"fwd": ("access", sub_mac(i))}
        self.in_frame("core", f, **kw)

    def in_frame(self, port, frame, err=None, echo=False, info=0, to=None, **kw):
        """add(), plus err= and echo= fates (answered back to the sender)."""
        b = bytes(frame)
        back = to or (port, "%02x:%02x:%02x:%02x:%02x:%02x" % tuple(b[6:12]))
        if err is not None:
            kw.setdefault("drop", err)
            kw["out"] = list(kw.get("out", ())) + [
                (back[0], IcmpErr(l3_of(b), port, err, back[0], back[1], info))]
        if echo:
            # a reassembled request: echo=whole datagram
            req = l3_of(b) if echo is True else echo
            frames = self.own(back[0], back[1], echo_reply(req))
            kw["out"] = list(kw.get("out", ())) + frames
            ip = kw["ip"] = dict(kw.get("ip") or {})
            ip["echo_replies"] = ip.get("echo_replies", 0) + 1
            if len(frames) > 1:
                ip["fragmented"] = ip.get("fragmented", 0) + 1
                ip["fragments_out"] = ip.get("fragments_out", 0) + len(frames)
        self.add(port, b, **kw)

    def own(self, port, dmac, l3):
        """
        The frames of a packet the router sends out of @port: fragmented to
        the port's MTU when larger (the ip counters are the caller's). The
        Identification of IPv6 fragments is the router's choice: masked in
        the comparison, checked the same within the packet and different
        from that of any other packet (RFC 8200 4.5).
        """
        mtu = self.mtu[port]
        if len(l3) <= mtu:
            return [(port, eth(dmac, port, l3))]
        if not is_v6(l3):
            return [(port, eth(dmac, port, f)) for f in ip4_split(l3, mtu=mtu)]
        step = (mtu - 48) & ~7
        frags = ip6_split(l3, [step] * ((len(l3) - 41) // step), 0)
        self.n_id_groups += 1
        return [(port, Masked(eth(dmac, port, f), [(14 + 44, 14 + 48)], self.n_id_groups))
                for f in frags]

    # ------------------------------------------------------------ output
    def replay(self):
        """
        The expected output frames per port, in the order bngd sends them
        with one worker (see the module's doc), ICMP errors numbered.
        """
        exp = {"access": [], "core": []}
        masks = {"access": {}, "core": {}}
        groups = {"access": {}, "core": {}}
        self.flex = {"access": {}, "core": {}}
        pos = {"access": 0, "core": 0}
        late = {"access": [], "core": []}
        ip_id = 0
        while any(pos[p] < len(self.inp[p]) for p in pos):
            order = []
            for p in ("access", "core"):
                burst = self.inp[p][pos[p]:pos[p] + BURST]
                pos[p] += len(burst)
                # runs of packets for the general pipeline, each answered
                # at L3 first, then forwarded; express packets in between
                run = []
                for _, f in burst + [(None, None)]:
                    if f is None or f.stage == "express":
                        order += [g for g in run if g.stage == "l3"] + \
                                 [g for g in run if g.stage == "owned"]
                        run = []
                        if f is not None:
                            order.append(f)
                    else:
                        run.append(f)
            for fate in order:
                for port, o in fate.outputs:
                    if isinstance(o, Async):
                        late[port].append(o.frame)
                        continue
                    if isinstance(o, IcmpErr):
                        assert self.workers == 1, "ICMP error ids need one worker"
                        o = o.build(ip_id)
                        ip_id = (ip_id + 1) & 0xffff
                    if isinstance(o, Masked):
                        assert self.workers == 1
                        masks[port][len(exp[port])] = o.ranges
                        groups[port].setdefault(o.group, []).append(len(exp[port]))
                        o = o.frame
                    if isinstance(o, Flex):
                        assert self.workers == 1, "random NAT ports need one worker"
                        self.flex[port][len(exp[port])] = o.check
                        o = o.frame
                    if port is not None:
                        exp[port].append(o)
        # the management lcore's frames after the workers' (any order, see compare.py)
        self.async_idx = {}
        for port in exp:
            self.async_idx[port] = list(range(len(exp[port]), len(exp[port]) + len(late[port])))
            exp[port] += late[port]
        return exp, masks, groups

    def write(self, outdir, prefix):
        d = os.path.abspath(os.path.join(outdir, self.name))
        os.makedirs(d, exist_ok=True)
        exp, masks, groups = self.replay()
        files = {}
        for port in ("access", "core"):
            write_pcap(os.path.join(d, port + "_in.pcap"), [b for b, _ in self.inp[port]])
            write_pcap(os.path.join(d, port + "_exp.pcap"), exp[port])
            files[port] = {
                "in": port + "_in.pcap",
                "expected": port + "_exp.pcap",
                "out": ["%s_out%d.pcap" % (port, q) for q in range(self.workers)],
                "rx": len(self.inp[port]),
                "tx": len(exp[port]),
            }
            if masks[port]:
                # packet index -> byte ranges not compared; groups of packets
                # that must agree there (and differ from the other groups)
                files[port]["masks"] = {str(i): r for i, r in masks[port].items()}
                files[port]["mask_groups"] = list(groups[port].values())
            if self.async_idx[port]:
                files[port]["async"] = self.async_idx[port]
            if self.flex[port]:
                # packet index -> the NAT's own port choice, checked by rules
                files[port]["flex"] = {str(i): f for i, f in self.flex[port].items()}
        if self.idle_port:
            write_pcap(os.path.join(d, "idle_in.pcap"), [])
        expect = {
            "name": self.name,
            "doc": self.doc,
            "workers": self.workers,
            "ordered": self.workers == 1,
            "ports": files,
            "drops": self.drops,
            "punts": self.punts,
            "ip": self.ipc,
        }
        if self.check_sessions:
            expect["sessions_created"] = len(self.flows)
        if self.express:
            expect["express"] = self.express
        if self.nat is not None:
            expect["nat"] = self.nat.expect()
        if self.steps:
            expect["steps"] = self.steps
        expect.update(self.extra)
        with open(os.path.join(d, "expect.json"), "w") as f:
            json.dump(expect, f, indent=1, sort_keys=True)
        with open(os.path.join(d, "case.conf"), "w") as f:
            f.write(self.config(d, prefix))

    def config(self, d, prefix):
        def dev(idx, port):
            s = "net_pcap%d,rx_pcap=%s/%s_in.pcap" % (idx, d, port)
            for q in range(self.workers):
                s += ",tx_pcap=%s/%s_out%d.pcap" % (d, port, q)
            return s

        def ipval(v):
            return ("true" if v else "false") if isinstance(v, bool) else str(v)

        eal = lcore_args(self.workers) + [
            "--no-huge", "--no-pci", "-m", "512", "--file-prefix",
            "%s_%s" % (prefix, self.name), "--log-level", "*:warning"]
        lines = [
            "# generated by tests/traffic/gen.py: case %s" % self.name,
            "# %s" % self.doc,
            "eal = { args = [ %s ]; };" % ", ".join('"%s"' % a for a in eal),
            "dataplane = { mbufs = 8191; mbuf_cache = 64; idle_sleep_us = 20; burst = %d; };"
            % BURST,
            "sessions = { max = 4096; max_v6 = 1024; %s};" % self.sessions_conf,
            # no start-up announcements, one solicitation per unresolved
            # neighbour within a case's run: a deterministic output
            "neighbor_table = { %s };" % self.neigh_conf,
        ]
        if self.ip_conf:
            lines.append("ip = { %s };" % " ".join("%s = %s;" % (k, ipval(v))
                                                   for k, v in sorted(self.ip_conf.items())))
        lines += [
            "ports = (",
            '  { name = "access0"; device = "%s"; role = "access"; mtu = %d;'
            % (dev(0, "access"), self.mtu["access"]),
            '    mac = "%s"; address = [ %s ];%s },' % (A_MAC, ", ".join(
                '"%s"' % a for a in ["%s/24" % A_IP4, "%s/64" % A_IP6] + self.addrs["access"]),
                self.access_opts),
        ]
        if self.idle_port:
            lines.append('  { name = "idle0"; device = "%s"; role = "core"; },' % dev(2, "idle"))
        lines += [
            '  { name = "core0"; device = "%s"; role = "core"; mtu = %d;'
            % (dev(1, "core"), self.mtu["core"]),
            '    mac = "%s"; address = [ %s ]; }' % (C_MAC, ", ".join(
                '"%s"' % a for a in ["%s/24" % C_IP4, "%s/64" % C_IP6] + self.addrs["core"])),
            ");",
            "routes = (",
            ",\n".join("  { %s }" % r for r in self.routes),
            ");",
            "neighbors = (",
            ",\n".join('  { port = "%s"; address = "%s"; mac = "%s"; }' % n
                       for n in self.neighbors),
            ");",
        ] + self.conf + [""]
        return "\n".join(lines)

def lcore_args(workers):
    """Main lcore + one lcore per worker; lcores share CPUs when there are few."""
    cpus = sorted(os.sched_getaffinity(0))
    n = workers + 1
    if len(cpus) >= n:
        return ["-l", ",".join(str(c) for c in cpus[:n])]
    # 0 alone on the first CPU when possible, the workers share the rest
    m = ["0@%d" % cpus[0]]
    rest = cpus[1:] or cpus
    for i in range(1, n):
        m.append("%d@%d" % (i, rest[(i - 1) % len(rest)]))
    return ["--lcores", ",".join(m)]


def write_pcap(path, frames):
    w = RawPcapWriter(path, linktype=1, sync=False)
    w._write_header(None)
    for i, b in enumerate(frames):
        w.write_packet(b, sec=1700000000 + i // 1000, usec=(i % 1000) * 1000)
    w.close()


REMOTE4 = "203.0.113.%d"
REMOTE6 = "2001:db8:ffff::%x"
