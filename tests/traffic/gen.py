#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
Golden traffic cases for bngd.

    /usr/bin/python3 gen.py OUTDIR [--prefix TAG] [--case NAME ...] [--list]

For every case, OUTDIR/<case>/ receives:
  access_in.pcap, core_in.pcap      what bngd reads on each port
  access_exp.pcap, core_exp.pcap    what bngd must write on each port
  case.conf                         bngd configuration (absolute pcap paths)
  expect.json                       output files to compare, the summary
                                    counters and the console's "ip" counters
                                    to check (read by console.py, compare.py)

Each input packet is added with its fate ("fwd" to a port and next hop,
"drop" with a drop reason, "punt" with a punt kind, "err" refused with an
ICMP error, "echo" answered, or explicit expected outputs); the expected
pcaps, the drop/punt/ip counters and the number of sessions all follow from
those fates. Expected packets are made from the input's raw bytes the way a
router rewrites them: VLAN tags removed, source MAC = egress port MAC,
destination MAC = next hop's MAC, TTL / hop limit minus one, IPv4 header
checksum recomputed. Nothing else may change (asserted while generating).
The router's own packets (ICMP errors, echo replies, fragments) are built
here from the input bytes, with checksums computed from scratch.

Output order with one worker: bngd reads up to BURST packets from access0,
then up to BURST from core0, and so on. Within one burst, what the router
answers or refuses itself (L3 input: errors, echo replies) is sent while the
burst is read; forwarded packets follow after the session stage. The IPv4
identification of ICMP errors is a per-worker counter starting at 0,
advanced for every error built. Case.write() replays that order.
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
                       ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6ND_NS, ICMPv6ND_RA,
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
        self.stage = stage      # "l3": while the burst is read; "owned": after sessions


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
        self.nat = None                  # NatState: expected NAT counters
        self.steps = []                  # console steps after the input (console.py)

    def count(self, what, name, n=1):
        d = {"drops": self.drops, "punts": self.punts, "ip": self.ipc}[what]
        d[name] = d.get(name, 0) + n

    def add(self, port, frame, fwd=None, drop=None, punt=None, session=None, out=(),
            stage=None, ip=None, held=False):
        """
        One input frame on @port ("access"/"core") and its fate: fwd=(port,
        next-hop MAC), drop="reason" (or a list of reasons), punt="kind",
        out=[(port, frame bytes or IcmpErr)] for what the router itself sends
        (port None: built but not sent), held=True for a fragment kept for
        reassembly. ip={counter: n}: console ip counters it adds. stage: "l3"
        (answered while the burst is read; default unless forwarded) or
        "owned". session: whether it creates/uses a session (default: when
        forwarded).
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
        ip_id = 0
        while any(pos[p] < len(self.inp[p]) for p in pos):
            for p in ("access", "core"):
                burst = self.inp[p][pos[p]:pos[p] + BURST]
                pos[p] += len(burst)
                order = [f for _, f in burst if f.stage == "l3"] + \
                        [f for _, f in burst if f.stage == "owned"]
                for fate in order:
                    for port, o in fate.outputs:
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
        ]
        if self.ip_conf:
            lines.append("ip = { %s };" % " ".join("%s = %s;" % (k, ipval(v))
                                                   for k, v in sorted(self.ip_conf.items())))
        lines += [
            "ports = (",
            '  { name = "access0"; device = "%s"; role = "access"; mtu = %d;'
            % (dev(0, "access"), self.mtu["access"]),
            '    mac = "%s"; address = [ %s ]; },' % (A_MAC, ", ".join(
                '"%s"' % a for a in ["%s/24" % A_IP4, "%s/64" % A_IP6] + self.addrs["access"])),
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


# ---------------------------------------------------------------- cases
def case_fwd_v4():
    c = Case("fwd_v4", "IPv4 forwarding both ways: UDP, TCP handshake/data/FIN, ICMP echo "
             "both ways, padding, options, max-size frame; one session per flow")
    r = REMOTE4 % 10
    # UDP request / response
    c.up(2, IP(src=sub4(2), dst=r, id=1) / UDP(sport=40000, dport=53) / Raw(b"query"))
    c.down(2, IP(src=r, dst=sub4(2), id=2) / UDP(sport=53, dport=40000) / Raw(b"answer!"))
    c.up(2, IP(src=sub4(2), dst=r, id=3) / UDP(sport=40000, dport=53) / Raw(b"query2"))
    # TCP: handshake, data both ways, FIN both ways
    s, d, sp = sub4(3), REMOTE4 % 20, 40001
    c.up(3, IP(src=s, dst=d, id=10) / TCP(sport=sp, dport=80, flags="S", seq=1000))
    c.down(3, IP(src=d, dst=s, id=20) / TCP(sport=80, dport=sp, flags="SA", seq=5000, ack=1001))
    c.up(3, IP(src=s, dst=d, id=11) / TCP(sport=sp, dport=80, flags="A", seq=1001, ack=5001))
    c.up(3, IP(src=s, dst=d, id=12, flags="DF") /
         TCP(sport=sp, dport=80, flags="PA", seq=1001, ack=5001) / Raw(b"GET / HTTP/1.0\r\n\r\n"))
    c.down(3, IP(src=d, dst=s, id=21, flags="DF") /
           TCP(sport=80, dport=sp, flags="PA", seq=5001, ack=1019) / Raw(b"HTTP/1.0 200 OK\r\n"))
    c.up(3, IP(src=s, dst=d, id=13) / TCP(sport=sp, dport=80, flags="FA", seq=1019, ack=5018))
    c.down(3, IP(src=d, dst=s, id=22) / TCP(sport=80, dport=sp, flags="FA", seq=5018, ack=1020))
    c.up(3, IP(src=s, dst=d, id=14) / TCP(sport=sp, dport=80, flags="A", seq=1020, ack=5019))
    # TCP with options (MSS, SACK-perm, timestamps, wscale) and TOS/ECN bits
    c.up(3, IP(src=s, dst=d, id=15, tos=0xb9) /
         TCP(sport=sp + 1, dport=443, flags="S", seq=77,
             options=[("MSS", 1460), ("SAckOK", b""), ("Timestamp", (1, 0)),
                      ("NOP", None), ("WScale", 7)]))
    # ICMP echo from the subscriber, reply from the internet
    c.up(4, IP(src=sub4(4), dst=REMOTE4 % 30, id=30) / ICMP(type=8, id=0x1234, seq=1) / Raw(b"ping" * 8))
    c.down(4, IP(src=REMOTE4 % 30, dst=sub4(4), id=31) / ICMP(type=0, id=0x1234, seq=1) / Raw(b"ping" * 8))
    # ICMP echo from the internet to a subscriber, reply from the subscriber
    c.down(5, IP(src=REMOTE4 % 40, dst=sub4(5), id=40) / ICMP(type=8, id=0x4321, seq=7))
    c.up(5, IP(src=sub4(5), dst=REMOTE4 % 40, id=41) / ICMP(type=0, id=0x4321, seq=7))
    # downstream-initiated UDP
    c.down(6, IP(src=REMOTE4 % 50, dst=sub4(6), ttl=3) / UDP(sport=5060, dport=5060) / Raw(b"INVITE"))
    c.up(6, IP(src=sub4(6), dst=REMOTE4 % 50, ttl=128) / UDP(sport=5060, dport=5060) / Raw(b"200"))
    # short UDP padded to the 60-byte Ethernet minimum: padding kept as is
    f = Ether(src=sub_mac(7), dst=A_MAC) / IP(src=sub4(7), dst=REMOTE4 % 60) / UDP(sport=1, dport=9) / Raw(b"x")
    c.add("access", raw(f) + b"\xaa" * (60 - len(f)), fwd=("core", GW_MAC))
    # IPv4 options (record route + NOP/EOL) are carried untouched
    c.up(8, IP(src=sub4(8), dst=REMOTE4 % 70, options=[b"\x07\x07\x04\x00\x00\x00\x00", b"\x01"]) /
         UDP(sport=7000, dport=7001) / Raw(b"opts"))
    # a full 1500-byte IP packet, and a first fragment (MF set, offset 0)
    c.up(9, IP(src=sub4(9), dst=REMOTE4 % 80, flags="DF") / TCP(sport=2000, dport=80, flags="A") /
         Raw(bytes(range(256)) * 5 + b"z" * 180))
    c.down(9, IP(src=REMOTE4 % 80, dst=sub4(9), flags="MF", id=999) / UDP(sport=4500, dport=4500, len=1200) /
           Raw(b"f" * 600))
    # the other subscribers' traffic, one flow each
    for i in range(10, 52):
        c.up(i, IP(src=sub4(i), dst=REMOTE4 % (100 + i)) / UDP(sport=10000 + i, dport=123) / Raw(b"ntp"))
        c.down(i, IP(src=REMOTE4 % (100 + i), dst=sub4(i)) / UDP(sport=123, dport=10000 + i) / Raw(b"NTP"))
    return c


def case_fwd_v6():
    c = Case("fwd_v6", "IPv6 forwarding both ways: UDP, TCP handshake/data/FIN, ICMPv6 echo "
             "both ways, extension headers, flow label; hop limit minus one")
    r = REMOTE6 % 10
    c.up(2, IPv6(src=sub6(2), dst=r) / UDP(sport=40000, dport=53) / Raw(b"query"))
    c.down(2, IPv6(src=r, dst=sub6(2)) / UDP(sport=53, dport=40000) / Raw(b"answer!"))
    c.up(2, IPv6(src=sub6(2), dst=r, hlim=2) / UDP(sport=40000, dport=53) / Raw(b"q2"))
    s, d, sp = sub6(3), REMOTE6 % 20, 40001
    c.up(3, IPv6(src=s, dst=d, fl=0x12345) / TCP(sport=sp, dport=80, flags="S", seq=1000))
    c.down(3, IPv6(src=d, dst=s) / TCP(sport=80, dport=sp, flags="SA", seq=5000, ack=1001))
    c.up(3, IPv6(src=s, dst=d, fl=0x12345) / TCP(sport=sp, dport=80, flags="A", seq=1001, ack=5001))
    c.up(3, IPv6(src=s, dst=d, fl=0x12345, tc=0x28) /
         TCP(sport=sp, dport=80, flags="PA", seq=1001, ack=5001) / Raw(b"GET / HTTP/1.0\r\n\r\n"))
    c.down(3, IPv6(src=d, dst=s) / TCP(sport=80, dport=sp, flags="PA", seq=5001, ack=1019) /
           Raw(b"HTTP/1.0 200 OK\r\n"))
    c.up(3, IPv6(src=s, dst=d) / TCP(sport=sp, dport=80, flags="FA", seq=1019, ack=5018))
    c.down(3, IPv6(src=d, dst=s) / TCP(sport=80, dport=sp, flags="FA", seq=5018, ack=1020))
    c.up(3, IPv6(src=s, dst=d) / TCP(sport=sp, dport=80, flags="A", seq=1020, ack=5019))
    c.up(4, IPv6(src=sub6(4), dst=REMOTE6 % 30) / ICMPv6EchoRequest(id=0x1234, seq=1, data=b"ping" * 8))
    c.down(4, IPv6(src=REMOTE6 % 30, dst=sub6(4)) / ICMPv6EchoReply(id=0x1234, seq=1, data=b"ping" * 8))
    c.down(5, IPv6(src=REMOTE6 % 40, dst=sub6(5)) / ICMPv6EchoRequest(id=0x4321, seq=7))
    c.up(5, IPv6(src=sub6(5), dst=REMOTE6 % 40) / ICMPv6EchoReply(id=0x4321, seq=7))
    # extension headers before the transport header: still one flow with the UDP ports
    c.up(6, IPv6(src=sub6(6), dst=REMOTE6 % 50) / IPv6ExtHdrDestOpt() / UDP(sport=6000, dport=6001) / Raw(b"dst"))
    c.down(6, IPv6(src=REMOTE6 % 50, dst=sub6(6)) / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() /
           UDP(sport=6001, dport=6000) / Raw(b"hbh+dst"))
    c.up(6, IPv6(src=sub6(6), dst=REMOTE6 % 50) / IPv6ExtHdrFragment(m=1, offset=0, id=77) /
         UDP(sport=6000, dport=6001, len=1000) / Raw(b"frag0"))
    # large frame
    c.up(7, IPv6(src=sub6(7), dst=REMOTE6 % 60) / TCP(sport=2000, dport=80, flags="A") /
         Raw(bytes(range(256)) * 5 + b"z" * 160))
    for i in range(8, 52):
        c.up(i, IPv6(src=sub6(i), dst=REMOTE6 % (100 + i)) / UDP(sport=10000 + i, dport=123) / Raw(b"ntp"))
        c.down(i, IPv6(src=REMOTE6 % (100 + i), dst=sub6(i)) / UDP(sport=123, dport=10000 + i) / Raw(b"NTP"))
    return c


def case_vlan():
    c = Case("vlan", "802.1Q, QinQ (0x88a8 and 0x9100 outer) tagged IPv4/IPv6 leave untagged")
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    q = Dot1Q(vlan=100, prio=5)
    c.up(2, IP(src=sub4(2), dst=r4) / UDP(sport=1000, dport=2000) / Raw(b"dot1q v4"), tag=q)
    c.up(2, IPv6(src=sub6(2), dst=r6) / UDP(sport=1000, dport=2000) / Raw(b"dot1q v6"), tag=Dot1Q(vlan=100))
    c.up(3, IP(src=sub4(3), dst=r4) / TCP(sport=1001, dport=80, flags="S"), tag=Dot1AD(vlan=200) / Dot1Q(vlan=300))
    c.up(3, IPv6(src=sub6(3), dst=r6) / TCP(sport=1001, dport=80, flags="S"), tag=Dot1AD(vlan=200) / Dot1Q(vlan=300))
    c.up(4, IP(src=sub4(4), dst=r4) / ICMP(type=8, id=9, seq=1), tag=Dot1AD(vlan=4094) / Dot1Q(vlan=1, prio=7))
    # 0x9100 outer tag (old QinQ)
    e = Ether(src=sub_mac(5), dst=A_MAC, type=0x9100) / Dot1Q(vlan=10) / Dot1Q(vlan=20)
    c.add("access", e / IP(src=sub4(5), dst=r4) / UDP(sport=5, dport=5) / Raw(b"9100"), fwd=("core", GW_MAC))
    # tagged, padded to 64 bytes: tags go, padding stays
    f = raw(Ether(src=sub_mac(6), dst=A_MAC) / Dot1Q(vlan=7) / IP(src=sub4(6), dst=r4) / UDP(sport=6, dport=6))
    c.add("access", f + b"\0" * (64 - len(f)), fwd=("core", GW_MAC))
    # replies from the core (untagged in, untagged out)
    c.down(2, IP(src=r4, dst=sub4(2)) / UDP(sport=2000, dport=1000) / Raw(b"reply v4"))
    c.down(2, IPv6(src=r6, dst=sub6(2)) / UDP(sport=2000, dport=1000) / Raw(b"reply v6"))
    # a tagged frame from the core side also leaves untagged
    e = Ether(src=GW_MAC, dst=C_MAC) / Dot1Q(vlan=42)
    c.add("core", e / IP(src=r4, dst=sub4(3)) / TCP(sport=80, dport=1001, flags="SA"), fwd=("access", sub_mac(3)))
    # interleaved untagged
    c.up(7, IP(src=sub4(7), dst=r4) / UDP(sport=7, dport=7))
    return c


def ip4_with_csum(want, out_ttl, in_ttl, **kw):
    """
    IPv4/UDP whose header checksum is @want when its TTL is @out_ttl, found
    by varying the ID; returned with TTL @in_ttl and its checksum recomputed.
    """
    def build(ident, ttl):
        return raw(IP(id=ident, ttl=ttl, **kw) / UDP(sport=4242, dport=4242) / Raw(b"csum"))

    h = build(0, out_ttl)
    for ident in range(65536):
        hdr = h[:4] + ident.to_bytes(2, "big") + h[6:10] + b"\0\0" + h[12:20]
        if csum(hdr) == want:
            return IP(build(ident, in_ttl))
    raise RuntimeError("no id gives checksum %#x" % want)


def case_ttl():
    c = Case("ttl", "TTL/hop limit 0 and 1 refused (ttl_exceeded) with ICMP time exceeded "
             "back out of the ingress port, from its first address, quoting the datagram; "
             "2 leaves as 1; refused packets create no session; the appliance's own "
             "address beats TTL; incremental checksum corner cases")
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    for ttl in (1, 0):
        c.up(2, IP(src=sub4(2), dst=r4, ttl=ttl) / UDP(sport=1, dport=2), err="ttl_exceeded")
        c.up(2, IPv6(src=sub6(2), dst=r6, hlim=ttl) / UDP(sport=1, dport=2), err="ttl_exceeded")
        c.down(2, IP(src=r4, dst=sub4(2), ttl=ttl) / UDP(sport=2, dport=1), err="ttl_exceeded")
        c.down(2, IPv6(src=r6, dst=sub6(2), hlim=ttl) / UDP(sport=2, dport=1), err="ttl_exceeded")
    c.up(2, IP(src=sub4(2), dst=r4, ttl=2) / UDP(sport=1, dport=2))
    c.up(2, IPv6(src=sub6(2), dst=r6, hlim=2) / UDP(sport=1, dport=2))
    c.down(2, IP(src=r4, dst=sub4(2), ttl=2) / UDP(sport=2, dport=1))
    c.down(2, IPv6(src=r6, dst=sub6(2), hlim=2) / UDP(sport=2, dport=1))
    c.up(3, IP(src=sub4(3), dst=r4, ttl=1) / TCP(sport=3, dport=80, flags="S"), err="ttl_exceeded")
    c.up(3, IP(src=sub4(3), dst=r4, ttl=255) / TCP(sport=3, dport=80, flags="S"))
    c.up(3, IPv6(src=sub6(3), dst=r6, hlim=255) / TCP(sport=3, dport=80, flags="S"))
    # TTL 1 to the appliance's own address is for it, not expired: UDP is
    # not served there, an echo request is answered
    c.up(4, IP(src=sub4(4), dst=A_IP4, ttl=1) / UDP(sport=4, dport=7), drop="to_appliance_unhandled")
    c.up(4, IPv6(src=sub6(4), dst=A_IP6, hlim=1) / UDP(sport=4, dport=7), drop="to_appliance_unhandled")
    c.up(4, IP(src=sub4(4), dst=A_IP4, ttl=1) / ICMP(type=8, id=4, seq=1), echo=True)
    c.up(4, IPv6(src=sub6(4), dst=A_IP6, hlim=0) / ICMPv6EchoRequest(id=4, seq=1), echo=True)
    # incremental checksum corner cases: 0x0000 after the decrement, 0x0000
    # before it, carries out of either byte, and an input carrying 0xffff
    # (the other one's-complement zero, accepted by the checksum test)
    r = REMOTE4 % 11
    c.up(5, ip4_with_csum(0x0000, 64, 65, src=sub4(5), dst=r))
    c.up(5, ip4_with_csum(0x0000, 64, 64, src=sub4(5), dst=r))
    c.up(5, ip4_with_csum(0xffff - 0x0100, 64, 64, src=sub4(5), dst=r))
    c.up(5, ip4_with_csum(0x00ff, 64, 64, src=sub4(5), dst=r))
    c.up(5, ip4_with_csum(0x0100, 64, 64, src=sub4(5), dst=r))
    c.up(5, ip4_with_csum(0xfffe, 2, 2, src=sub4(5), dst=r))
    z = raw(ip4_with_csum(0x0000, 64, 64, src=sub4(5), dst=r, tos=4))
    c.up(5, IP(z[:10] + b"\xff\xff" + z[12:]))
    return c


def case_malformed():
    c = Case("malformed", "one frame per parser drop reason, each counted under its name; "
             "good frames in between still forwarded")
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    eth = Ether(src=sub_mac(2), dst=A_MAC)
    good_n = [0]

    def good():
        good_n[0] += 1
        c.up(3, IP(src=sub4(3), dst=r4, id=good_n[0]) / UDP(sport=3000, dport=3000) / Raw(b"good %d" % good_n[0]))

    def bad(frame, reason, port="access"):
        good()
        c.add(port, frame, drop=reason)

    udp4 = IP(src=sub4(2), dst=r4) / UDP(sport=1, dport=2) / Raw(b"payload")
    udp6 = IPv6(src=sub6(2), dst=r6) / UDP(sport=1, dport=2) / Raw(b"payload")
    bad(raw(eth)[:10], "runt")
    bad(raw(eth)[:13], "runt", port="core")
    bad(raw(Ether(src=sub_mac(2), dst=A_MAC, type=0x8100)) + b"\x00\x64", "vlan_truncated")
    bad(eth / Dot1AD(vlan=1) / Dot1Q(vlan=2) / Dot1Q(vlan=3) / udp4, "vlan_too_deep")
    bad(Ether(src=sub_mac(2), dst=A_MAC, type=0x88b5) / Raw(b"\0" * 46), "unsupported_ethertype")
    bad(Ether(src=sub_mac(2), dst=A_MAC, type=0x88cc) / Raw(b"\0" * 46), "unsupported_ethertype", port="core")
    bad(eth / Dot1Q(vlan=5, type=0x0842) / Raw(b"\0" * 40), "unsupported_ethertype")
    bad(raw(eth / ARP(pdst=A_IP4))[:14 + 20], "arp_truncated")
    bad(raw(Ether(src=sub_mac(2), dst=A_MAC, type=0x8863)) + b"\x11\x09\x00", "pppoe_truncated")
    bad(raw(Ether(src=sub_mac(2), dst=A_MAC, type=0x8864)) + b"\x11\x00\x00\x01\x00", "pppoe_truncated")
    ppp_ip = b"\x00\x21" + raw(udp4)
    pl = len(ppp_ip).to_bytes(2, "big")
    e64 = raw(Ether(src=sub_mac(2), dst=A_MAC, type=0x8864))
    bad(e64 + b"\x12\x00\x00\x01" + pl + ppp_ip, "pppoe_bad_header")
    bad(e64 + b"\x11\x01\x00\x01" + pl + ppp_ip, "pppoe_bad_header")
    bad(e64 + b"\x11\x00\x00\x01" + (len(ppp_ip) + 1).to_bytes(2, "big") + ppp_ip, "pppoe_bad_length")
    bad(e64 + b"\x11\x00\x00\x01\x00\x01" + ppp_ip, "pppoe_bad_length")
    bad(raw(eth / udp4)[:14 + 19], "ip4_truncated")
    bad(eth / IP(version=6, src=sub4(2), dst=r4) / UDP(), "ip4_bad_version")
    bad(eth / IP(ihl=4, src=sub4(2), dst=r4) / UDP(), "ip4_bad_ihl")
    bad(raw(eth / IP(ihl=15, src=sub4(2), dst=r4, len=20, proto=17))[:14 + 40], "ip4_bad_ihl")
    bad(eth / IP(len=len(udp4) + 1, src=sub4(2), dst=r4) / UDP(sport=1, dport=2) / Raw(b"payload"),
        "ip4_bad_total_length")
    bad(eth / IP(len=19, src=sub4(2), dst=r4) / UDP(sport=1, dport=2), "ip4_bad_total_length")
    bad(eth / IP(chksum=0x1234, src=sub4(2), dst=r4) / UDP(sport=1, dport=2), "ip4_bad_checksum")
    bad(eth / IP(chksum=0x1234, src=REMOTE4 % 10, dst=sub4(2)) / UDP(sport=1, dport=2),
        "ip4_bad_checksum", port="core")
    bad(raw(eth / udp6)[:14 + 39], "ip6_truncated")
    bad(eth / IPv6(version=4, src=sub6(2), dst=r6) / UDP(), "ip6_bad_version")
    bad(eth / IPv6(plen=len(udp6) - 40 + 1, src=sub6(2), dst=r6) / UDP(sport=1, dport=2) / Raw(b"payload"),
        "ip6_bad_payload_length")
    # hop-by-hop not first; an extension header longer than the packet; 9 headers
    bad(eth / IPv6(src=sub6(2), dst=r6) / IPv6ExtHdrDestOpt() / IPv6ExtHdrHopByHop() / UDP(),
        "ip6_bad_ext_chain")
    bad(eth / IPv6(src=sub6(2), dst=r6, nh=60) / Raw(b"\x11\x05" + b"\x01\x04\0\0\0\0"),
        "ip6_bad_ext_chain")
    x = IPv6(src=sub6(2), dst=r6)
    for _ in range(9):
        x = x / IPv6ExtHdrDestOpt()
    bad(eth / x / UDP(sport=1, dport=2), "ip6_bad_ext_chain")
    bad(eth / IPv6(src=sub6(2), dst=r6, nh=44) / Raw(b"\x11\x00\x00"), "ip6_bad_ext_chain")
    # transport headers cut short (the IP lengths agree with the frame)
    bad(eth / IP(src=sub4(2), dst=r4, proto=6) / Raw(raw(TCP(sport=1, dport=2))[:19]), "l4_truncated")
    bad(eth / IP(src=sub4(2), dst=r4, proto=17) / Raw(b"\0\1\0\2\0\x08\0"), "l4_truncated")
    bad(eth / IP(src=sub4(2), dst=r4, proto=1) / Raw(b"\x08\0\0\0\0\1\0"), "l4_truncated")
    bad(eth / IPv6(src=sub6(2), dst=r6, nh=6) / Raw(raw(TCP(sport=1, dport=2))[:12]), "l4_truncated")
    bad(eth / IPv6(src=sub6(2), dst=r6, nh=58) / Raw(b"\x80\0\0"), "l4_truncated")
    # the IPv4 total length ends the datagram before the TCP header (frame padded)
    f = raw(eth / IP(src=sub4(2), dst=r4, proto=6, len=20 + 12) / Raw(raw(TCP(sport=1, dport=2))))
    bad(f, "l4_truncated")
    bad(eth / IP(src=sub4(2), dst=r4) / TCP(sport=1, dport=2, dataofs=4), "tcp_bad_data_offset")
    bad(eth / IP(src=sub4(2), dst=r4) / TCP(sport=1, dport=2, dataofs=15), "tcp_bad_data_offset")
    bad(eth / IPv6(src=sub6(2), dst=r6) / TCP(sport=1, dport=2, dataofs=6), "tcp_bad_data_offset")
    good()
    return c


def case_v6_ext_limit():
    c = Case("v6_ext_limit", "IPv6 extension header chain length: 7 and 8 headers before "
             "UDP forwarded (the parser walks 8), 9 dropped as ip6_bad_ext_chain")
    r6 = REMOTE6 % 10
    for n, fate in ((1, None), (7, None), (8, None), (9, "ip6_bad_ext_chain")):
        x = IPv6(src=sub6(2), dst=r6)
        for _ in range(n):
            x = x / IPv6ExtHdrDestOpt()
        x = x / UDP(sport=n, dport=9) / Raw(b"%d ext headers" % n)
        if fate is None:
            c.up(2, x)
        else:
            c.up(2, x, drop=fate)
    return c


def case_fragments():
    c = Case("fragments", "IPv4 and IPv6 fragments (first, middle, last) forwarded both "
             "ways with TTL/hop limit minus one; fragment contents untouched")
    c.check_sessions = False  # how non-first fragments are keyed is bngd's business
    r4, r6 = REMOTE4 % 90, REMOTE6 % 90
    data = bytes(range(256)) * 12
    udp = raw(UDP(sport=5000, dport=5001, len=8 + len(data), chksum=0x1234) / Raw(data))
    # IPv4: 3 fragments of 1480/1480/rest bytes, from the subscriber and to it
    for i, (src, dst) in enumerate(((sub4(2), r4), (r4, sub4(2)))):
        for off, mf in ((0, 1), (1480, 1), (2960, 0)):
            chunk = udp[off:off + 1480]
            p = IP(src=src, dst=dst, id=0x5150 + i, flags="MF" if mf else 0, frag=off // 8,
                   proto=17) / Raw(chunk)
            (c.up if i == 0 else c.down)(2, p)
    # IPv6: the same with a fragment header
    for i, (src, dst) in enumerate(((sub6(2), r6), (r6, sub6(2)))):
        for off, mf in ((0, 1), (1448, 1), (2896, 0)):
            chunk = udp[off:off + 1448]
            p = IPv6(src=src, dst=dst) / IPv6ExtHdrFragment(nh=17, m=mf, offset=off // 8,
                                                            id=0xabc0 + i) / Raw(chunk)
            (c.up if i == 0 else c.down)(2, p)
    # a later fragment alone, and one whose offset makes it look like TCP ports
    c.up(3, IP(src=sub4(3), dst=r4, frag=100, proto=6) / Raw(b"\x00\x50" * 20))
    c.up(3, IPv6(src=sub6(3), dst=r6) / IPv6ExtHdrFragment(nh=6, offset=100, id=9) / Raw(b"\x00\x50" * 20))
    return c


def case_routing():
    routes = [
        'prefix = "100.64.0.0/10"; via = "%s";' % GW4,
        'prefix = "192.0.2.0/24"; blackhole = true;',
        'prefix = "203.0.113.0/24"; via = "198.51.100.3";',  # on core0, no neighbor
        'prefix = "2001:db8:64::/48"; via = "%s";' % GW6,
        'prefix = "2001:db8:99::/48"; blackhole = true;',
        'prefix = "2001:db8:30::/48"; via = "2001:db8:20::3";',
    ]
    c = Case("routing", "no default route: no_route answered with ICMP net unreachable / "
             "ICMPv6 no route; blackhole: route_blackhole, silent; gateway without "
             "neighbor and connected host without neighbor: neighbor_unresolved, silent; "
             "own addresses: echo answered, the rest to_appliance_unhandled", routes=routes)
    c.up(2, IP(src=sub4(2), dst="100.64.1.1") / UDP(sport=1, dport=2) / Raw(b"routed"))
    c.up(2, IPv6(src=sub6(2), dst="2001:db8:64::1") / UDP(sport=1, dport=2) / Raw(b"routed"))
    c.down(2, IP(src="100.64.1.1", dst=sub4(2)) / UDP(sport=2, dport=1) / Raw(b"back"))
    c.up(2, IP(src=sub4(2), dst="8.8.8.8") / UDP(sport=3, dport=53), err="no_route")
    c.up(2, IPv6(src=sub6(2), dst="2001:4860::8888") / UDP(sport=3, dport=53), err="no_route")
    c.up(2, IP(src=sub4(2), dst="192.0.2.55") / UDP(sport=4, dport=53), drop="route_blackhole")
    c.up(2, IPv6(src=sub6(2), dst="2001:db8:99::1") / UDP(sport=4, dport=53), drop="route_blackhole")
    c.up(2, IP(src=sub4(2), dst="203.0.113.9") / TCP(sport=5, dport=80, flags="S"), drop="neighbor_unresolved")
    c.up(2, IPv6(src=sub6(2), dst="2001:db8:30::9") / TCP(sport=5, dport=80, flags="S"),
         drop="neighbor_unresolved")
    # connected prefixes, host without a neighbor entry
    c.up(2, IP(src=sub4(2), dst="198.51.100.77") / UDP(sport=6, dport=6), drop="neighbor_unresolved")
    c.down(2, IP(src="100.64.1.1", dst="10.0.0.99") / UDP(sport=6, dport=6), drop="neighbor_unresolved")
    c.down(2, IPv6(src="2001:db8:64::1", dst="2001:db8:10::99") / UDP(sport=6, dport=6),
           drop="neighbor_unresolved")
    # from the core to a destination without a route: answered towards the core
    c.down(2, IP(src="100.64.1.1", dst="8.8.4.4") / UDP(sport=9, dport=9), err="no_route")
    c.down(2, IPv6(src="2001:db8:64::1", dst="2001:4860::8844") / UDP(sport=9, dport=9), err="no_route")
    # the appliance's own addresses, from both sides
    u = "to_appliance_unhandled"
    c.up(3, IP(src=sub4(3), dst=A_IP4) / UDP(sport=7, dport=7) / Raw(b"me"), drop=u)
    c.up(3, IP(src=sub4(3), dst=C_IP4) / ICMP(type=8, id=3, seq=1), echo=True)
    c.up(3, IPv6(src=sub6(3), dst=A_IP6) / ICMPv6EchoRequest(id=3, seq=1), echo=True)
    c.up(3, IPv6(src=sub6(3), dst=C_IP6) / TCP(sport=7, dport=22, flags="S"), drop=u)
    c.down(3, IP(src="100.64.1.1", dst=C_IP4) / ICMP(type=8, id=4, seq=1), echo=True)
    c.down(3, IPv6(src="2001:db8:64::1", dst=C_IP6) / UDP(sport=8, dport=8), drop=u)
    c.up(4, IP(src=sub4(4), dst="100.64.1.2") / UDP(sport=1, dport=2) / Raw(b"still routed"))
    return c


def case_punt():
    c = Case("punt", "control traffic punted by kind (arp, pppoe_discovery, ppp_control, "
             "dhcp, nd); PPPoE session data without a session dropped")
    bc = "ff:ff:ff:ff:ff:ff"
    c.add("access", Ether(src=sub_mac(2), dst=bc) / ARP(op=1, hwsrc=sub_mac(2), psrc=sub4(2), pdst=A_IP4),
          punt="arp")
    c.add("access", Ether(src=sub_mac(2), dst=A_MAC) / ARP(op=2, hwsrc=sub_mac(2), psrc=sub4(2),
                                                         hwdst=A_MAC, pdst=A_IP4), punt="arp")
    c.add("core", Ether(src=GW_MAC, dst=bc) / ARP(op=1, hwsrc=GW_MAC, psrc=GW4, pdst=C_IP4), punt="arp")
    # tagged ARP
    c.add("access", Ether(src=sub_mac(3), dst=bc) / Dot1Q(vlan=100) /
          ARP(op=1, hwsrc=sub_mac(3), psrc=sub4(3), pdst=A_IP4), punt="arp")
    # PPPoE discovery: PADI (broadcast, Service-Name + Host-Uniq tags), PADR
    tags = b"\x01\x01\x00\x00" + b"\x01\x03\x00\x04\xde\xad\xbe\xef"
    padi = b"\x11\x09\x00\x00" + len(tags).to_bytes(2, "big") + tags
    c.add("access", raw(Ether(src=sub_mac(4), dst=bc, type=0x8863)) + padi, punt="pppoe_discovery")
    padr = b"\x11\x19\x00\x00" + len(tags).to_bytes(2, "big") + tags
    c.add("access", raw(Ether(src=sub_mac(4), dst=A_MAC, type=0x8863)) + padr, punt="pppoe_discovery")
    # PPPoE session: LCP Configure-Request (MRU 1492, magic), then PAP, IPCP
    e64 = raw(Ether(src=sub_mac(4), dst=A_MAC, type=0x8864))

    def sess(ppp):
        return e64 + b"\x11\x00\x12\x34" + len(ppp).to_bytes(2, "big") + ppp
    lcp = b"\x01\x01\x00\x0e" + b"\x01\x04\x05\xd4" + b"\x05\x06\x12\x34\x56\x78"
    c.add("access", sess(b"\xc0\x21" + lcp), punt="ppp_control")
    c.add("access", sess(b"\xc0\x23" + b"\x01\x01\x00\x0a\x02ab\x02cd"), punt="ppp_control")
    c.add("access", sess(b"\x80\x21" + b"\x01\x01\x00\x0a\x03\x06\x00\x00\x00\x00"), punt="ppp_control")
    # PPPoE session data (IPv4, IPv6) with no such session
    c.add("access", sess(b"\x00\x21" + raw(IP(src="100.64.0.9", dst=REMOTE4 % 1) / UDP(sport=1, dport=2))),
          drop="pppoe_unknown_session")
    c.add("access", sess(b"\x00\x57" + raw(IPv6(src="2001:db8:77::9", dst=REMOTE6 % 1) / UDP(sport=1, dport=2))),
          drop="pppoe_unknown_session")
    # DHCPv4 DISCOVER and DHCPv6 SOLICIT from a subscriber
    c.add("access", Ether(src=sub_mac(5), dst=bc) / IP(src="0.0.0.0", dst="255.255.255.255") /
          UDP(sport=68, dport=67) / BOOTP(chaddr=mac_bytes(sub_mac(5)), xid=0x1234) /
          DHCP(options=[("message-type", "discover"), "end"]), punt="dhcp")
    c.add("access", Ether(src=sub_mac(5), dst="33:33:00:01:00:02") /
          IPv6(src="fe80::5", dst="ff02::1:2") / UDP(sport=546, dport=547) / DHCP6_Solicit(trid=7),
          punt="dhcp")
    # Router/neighbor solicitation, neighbor advertisement-free: RS, NS, and an RA from the core
    c.add("access", Ether(src=sub_mac(6), dst="33:33:00:00:00:02") /
          IPv6(src="fe80::6", dst="ff02::2", hlim=255) / ICMPv6ND_RS(), punt="nd")
    c.add("access", Ether(src=sub_mac(6), dst="33:33:ff:00:00:01") /
          IPv6(src=sub6(6), dst="ff02::1:ff00:1", hlim=255) / ICMPv6ND_NS(tgt=A_IP6), punt="nd")
    c.add("core", Ether(src=GW_MAC, dst="33:33:00:00:00:01") /
          IPv6(src="fe80::2", dst="ff02::1", hlim=255) / ICMPv6ND_RA(), punt="nd")
    # ordinary traffic in between still flows
    c.up(7, IP(src=sub4(7), dst=REMOTE4 % 7) / UDP(sport=68, dport=68) / Raw(b"not dhcp"))
    c.up(7, IPv6(src=sub6(7), dst=REMOTE6 % 7) / UDP(sport=546, dport=546) / Raw(b"not dhcp"))
    c.down(7, IP(src=REMOTE4 % 7, dst=sub4(7)) / UDP(sport=67, dport=68) / Raw(b"core dhcp is not punted"))
    return c


def case_icmp_error():
    c = Case("icmp_error", "ICMP errors quoting a known flow reach the subscriber; quoting an "
             "unknown flow: icmp_error_no_session; errors create no session")
    s4, r4 = sub4(2), REMOTE4 % 50
    s6, r6 = sub6(2), REMOTE6 % 50
    # the flows, from the subscriber first (access is polled before core)
    u4 = IP(src=s4, dst=r4, ttl=64) / UDP(sport=33000, dport=33434) / Raw(b"probe")
    t4 = IP(src=s4, dst=r4, ttl=64, flags="DF") / TCP(sport=40000, dport=443, flags="PA", seq=1, ack=1) / Raw(b"x" * 1400)
    e4 = IP(src=s4, dst=r4, ttl=64) / ICMP(type=8, id=77, seq=1)
    u6 = IPv6(src=s6, dst=r6) / UDP(sport=33000, dport=33434) / Raw(b"probe")
    t6 = IPv6(src=s6, dst=r6) / TCP(sport=40000, dport=443, flags="PA", seq=1, ack=1) / Raw(b"x" * 1400)
    for p in (u4, t4, e4, u6, t6):
        c.up(2, p)

    def quote4(p):
        return raw(p)[:28]  # IP header + 8 bytes, as routers quote

    def quote6(p):
        return raw(p)[:48 + 8]

    # errors from the far host and from a router on the way
    c.down(2, IP(src=r4, dst=s4) / ICMP(type=3, code=3) / Raw(quote4(u4)))
    c.down(2, IP(src="192.0.2.1", dst=s4) / ICMP(type=11, code=0) / Raw(quote4(u4)))
    c.down(2, IP(src="192.0.2.1", dst=s4) / ICMP(type=3, code=4, nexthopmtu=1280) / Raw(quote4(t4)))
    c.down(2, IP(src="192.0.2.1", dst=s4) / ICMP(type=11, code=0) / Raw(quote4(e4)))
    # a full quote, dissected by scapy as IPerror/UDPerror
    c.down(2, IP(src=r4, dst=s4) / ICMP(type=3, code=3) / IPerror(raw(u4)))
    c.down(2, IPv6(src=r6, dst=s6) / ICMPv6DestUnreach(code=4) / Raw(quote6(u6)))
    c.down(2, IPv6(src="2001:db8:ee::1", dst=s6) / ICMPv6PacketTooBig(mtu=1280) / Raw(raw(t6)[:1232]))
    c.down(2, IPv6(src="2001:db8:ee::1", dst=s6) / ICMPv6TimeExceeded() / Raw(quote6(u6)))
    # quoting flows never seen
    n4 = IP(src=sub4(3), dst=r4) / UDP(sport=33001, dport=33434)
    n6 = IPv6(src=sub6(3), dst=r6) / UDP(sport=33001, dport=33434)
    c.down(3, IP(src=r4, dst=sub4(3)) / ICMP(type=3, code=3) / Raw(quote4(n4)), drop="icmp_error_no_session")
    c.down(3, IPv6(src=r6, dst=sub6(3)) / ICMPv6DestUnreach(code=4) / Raw(quote6(n6)), drop="icmp_error_no_session")
    # a known address pair but other ports: still no session
    other = IP(src=s4, dst=r4) / UDP(sport=33000, dport=33435)
    c.down(2, IP(src=r4, dst=s4) / ICMP(type=3, code=3) / Raw(quote4(other)), drop="icmp_error_no_session")
    # the quote cut before the transport ports: cannot be keyed
    c.down(2, IP(src=r4, dst=s4) / ICMP(type=3, code=3) / Raw(raw(u4)[:24]), drop="l4_truncated")
    # the subscriber answers the flow afterwards: same session
    c.down(2, IP(src=r4, dst=s4) / UDP(sport=33434, dport=33000) / Raw(b"late reply"))
    return c


def case_handoff():
    c = Case("handoff", "two workers: 200 flows from 50 subscribers both ways; each flow's "
             "directions meet on one owner worker (one session per flow)", workers=2)
    n = 0
    v4 = list(range(2, 42))          # 40 IPv4 subscribers
    v6 = list(range(42, 52))         # 10 IPv6 subscribers (one /64: one owner)
    for i in v4 + v6:
        for k in range(4):
            n += 1
            rem = REMOTE4 % (1 + (n % 200)) if i in v4 else REMOTE6 % (1 + n)
            if i in v4:
                s = sub4(i)
                mk = IP
            else:
                s = sub6(i)
                mk = IPv6
            sp = 20000 + n
            if k == 0:
                c.up(i, mk(src=s, dst=rem) / UDP(sport=sp, dport=53) / Raw(b"q%d" % n))
                c.down(i, mk(src=rem, dst=s) / UDP(sport=53, dport=sp) / Raw(b"a%d" % n))
            elif k == 1:
                c.up(i, mk(src=s, dst=rem) / TCP(sport=sp, dport=443, flags="S", seq=n))
                c.down(i, mk(src=rem, dst=s) / TCP(sport=443, dport=sp, flags="SA", seq=7, ack=n + 1))
                c.up(i, mk(src=s, dst=rem) / TCP(sport=sp, dport=443, flags="A", seq=n + 1, ack=8))
            elif k == 2:
                if mk is IP:
                    c.up(i, IP(src=s, dst=rem) / ICMP(type=8, id=sp, seq=1))
                    c.down(i, IP(src=rem, dst=s) / ICMP(type=0, id=sp, seq=1))
                else:
                    c.up(i, IPv6(src=s, dst=rem) / ICMPv6EchoRequest(id=sp, seq=1))
                    c.down(i, IPv6(src=rem, dst=s) / ICMPv6EchoReply(id=sp, seq=1))
            else:
                # initiated from the core side
                c.down(i, mk(src=rem, dst=s) / UDP(sport=sp, dport=5000) / Raw(b"in%d" % n))
                c.up(i, mk(src=s, dst=rem) / UDP(sport=5000, dport=sp) / Raw(b"out%d" % n))
    assert n == 200
    assert len(c.flows) == 200
    c.extra["handoff_out_min_per_worker"] = 1
    return c


# ---------------------------------------------------------------- the router's own answers
def pat(n, seed=0):
    """@n bytes of a recognisable pattern."""
    return bytes((seed + i * 7) & 0xff for i in range(n))


def udp4(src, dst, size, sport=5000, dport=9, seed=0, **kw):
    """IPv4/UDP of @size bytes in all (IP header included)."""
    return IP(src=src, dst=dst, **kw) / UDP(sport=sport, dport=dport) / Raw(pat(size - 28, seed))


def udp6(src, dst, size, sport=5000, dport=9, seed=0, **kw):
    return IPv6(src=src, dst=dst, **kw) / UDP(sport=sport, dport=dport) / Raw(pat(size - 48, seed))


NO_DEFAULT_ROUTES = [
    'prefix = "203.0.113.0/24"; via = "%s";' % GW4,
    'prefix = "2001:db8:ffff::/48"; via = "%s";' % GW6,
    'prefix = "192.0.2.0/24"; prohibit = true;',
    'prefix = "2001:db8:99::/48"; prohibit = true;',
    'prefix = "198.18.0.0/15"; blackhole = true;',
    'prefix = "2001:db8:98::/48"; blackhole = true;',
]


# A second address of each family on each port: errors still come from the first.
SECOND_ADDRS = {"access": ["10.9.9.1/24", "2001:db8:19::1/64"],
                "core": ["100.64.200.1/24", "2001:db8:29::1/64"]}


def case_icmp_errors():
    c = Case("icmp_errors", "ICMP errors byte for byte: time exceeded (TTL/hop limit 1 and 0; "
             "UDP, TCP, echo; from access and core), net unreachable / no route, "
             "administratively prohibited; blackhole silent; error source = first address "
             "of the ingress port; TOS; quote cut at 576 / 1280 bytes; tagged, padded, "
             "options; route checked before TTL, TTL before the neighbor",
             routes=NO_DEFAULT_ROUTES, ip={"icmp_burst": 1000, "icmp_rate": 1000},
             addrs=SECOND_ADDRS)
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    te = "ttl_exceeded"
    s4, s6 = sub4(2), sub6(2)
    for ttl in (1, 0):
        c.up(2, IP(src=s4, dst=r4, ttl=ttl, id=100 + ttl) / UDP(sport=1000, dport=33434) /
             Raw(b"udp probe"), err=te)
        c.up(2, IP(src=s4, dst=r4, ttl=ttl, flags="DF") / TCP(sport=1001, dport=443, flags="S", seq=7),
             err=te)
        c.up(2, IP(src=s4, dst=r4, ttl=ttl) / ICMP(type=8, id=0x77, seq=ttl) / Raw(b"ping"), err=te)
        c.up(2, IPv6(src=s6, dst=r6, hlim=ttl) / UDP(sport=1000, dport=33434) / Raw(b"udp probe"), err=te)
        c.up(2, IPv6(src=s6, dst=r6, hlim=ttl) / TCP(sport=1001, dport=443, flags="S", seq=7), err=te)
        c.up(2, IPv6(src=s6, dst=r6, hlim=ttl) / ICMPv6EchoRequest(id=0x77, seq=ttl, data=b"ping"),
             err=te)
    # TOS: precedence becomes internetwork control, the TOS bits stay, ECN goes;
    # the IPv6 error has traffic class 0 and flow label 0 whatever the original
    for tos in (0xff, 0x03, 0xb8):
        c.up(3, IP(src=sub4(3), dst=r4, ttl=1, tos=tos) / UDP(sport=3, dport=3), err=te)
    c.up(3, IPv6(src=sub6(3), dst=r6, hlim=1, tc=0xb8, fl=0x12345) / UDP(sport=3, dport=3), err=te)
    # quote lengths: the error is at most 576 (IPv4) / 1280 (IPv6) bytes
    for size in (1400, 548, 549):
        c.up(4, udp4(sub4(4), r4, size, ttl=1, seed=size), err=te)
    for size in (1400, 1232, 1233):
        c.up(4, udp6(sub6(4), r6, size, hlim=1, seed=size), err=te)
    # tagged (the error leaves untagged), Ethernet padding (not quoted),
    # IPv4 options (quoted), a first fragment (answered)
    c.up(5, IP(src=sub4(5), dst=r4, ttl=1) / UDP(sport=5, dport=5) / Raw(b"tagged"),
         tag=Dot1Q(vlan=100), err=te)
    c.up(5, IPv6(src=sub6(5), dst=r6, hlim=1) / UDP(sport=5, dport=5) / Raw(b"tagged"),
         tag=Dot1AD(vlan=200) / Dot1Q(vlan=300), err=te)
    f = raw(Ether(src=sub_mac(5), dst=A_MAC) / IP(src=sub4(5), dst=r4, ttl=1) / UDP(sport=5, dport=6) / Raw(b"x"))
    c.in_frame("access", f + b"\xaa" * (60 - len(f)), err=te)
    c.up(5, IP(src=sub4(5), dst=r4, ttl=1, options=[b"\x07\x07\x04\x00\x00\x00\x00", b"\x01"]) /
         UDP(sport=5, dport=7) / Raw(b"opts"), err=te)
    c.up(5, IP(src=sub4(5), dst=r4, ttl=1, flags="MF", id=555, proto=17) /
         Raw(raw(UDP(sport=5, dport=8, len=1000)) + pat(200)), err=te)
    # order of the checks: route, then TTL, then the neighbor
    c.up(6, IP(src=sub4(6), dst="8.8.8.8", ttl=1) / UDP(sport=6, dport=6), err="no_route")
    c.up(6, IP(src=sub4(6), dst="198.18.0.1", ttl=1) / UDP(sport=6, dport=6), drop="route_blackhole")
    c.up(6, IP(src=sub4(6), dst="192.0.2.1", ttl=1) / UDP(sport=6, dport=6), err="administratively_prohibited")
    c.up(6, IP(src=sub4(6), dst="198.51.100.77", ttl=1) / UDP(sport=6, dport=6), err=te)
    c.up(6, IP(src=sub4(6), dst="198.51.100.77", ttl=64) / UDP(sport=6, dport=6), drop="neighbor_unresolved")
    # no route, prohibited, blackhole
    c.up(7, IP(src=sub4(7), dst="8.8.8.8") / UDP(sport=7, dport=53), err="no_route")
    c.up(7, IPv6(src=sub6(7), dst="2001:4860::8888") / UDP(sport=7, dport=53), err="no_route")
    c.up(7, IP(src=sub4(7), dst="8.8.8.8") / ICMP(type=8, id=7, seq=7), err="no_route")
    c.up(7, IP(src=sub4(7), dst="192.0.2.1") / TCP(sport=7, dport=80, flags="S"),
         err="administratively_prohibited")
    c.up(7, IPv6(src=sub6(7), dst="2001:db8:99::1") / TCP(sport=7, dport=80, flags="S"),
         err="administratively_prohibited")
    c.up(7, IP(src=sub4(7), dst="198.18.0.1") / UDP(sport=7, dport=53), drop="route_blackhole")
    c.up(7, IPv6(src=sub6(7), dst="2001:db8:98::1") / UDP(sport=7, dport=53), drop="route_blackhole")
    # forwarding goes on
    c.up(8, IP(src=sub4(8), dst=r4) / UDP(sport=8, dport=8) / Raw(b"fine"))
    c.up(8, IPv6(src=sub6(8), dst=r6) / UDP(sport=8, dport=8) / Raw(b"fine"))
    # from the core: answered from core0's addresses, towards the gateway
    c.down(2, IP(src=r4, dst=s4, ttl=1) / UDP(sport=33434, dport=1000), err=te)
    c.down(2, IPv6(src=r6, dst=s6, hlim=1) / UDP(sport=33434, dport=1000), err=te)
    c.down(2, IP(src=r4, dst=s4, ttl=0, tos=0x28) / TCP(sport=443, dport=1001, flags="SA"), err=te)
    c.down(2, IPv6(src=r6, dst=s6, hlim=1) / ICMPv6EchoRequest(id=9, seq=9), err=te)
    c.down(2, udp4(r4, s4, 1400, ttl=1, seed=3), err=te)
    c.down(2, udp6(r6, s6, 1400, hlim=0, seed=3), err=te)
    c.down(2, IP(src=r4, dst="8.8.4.4") / UDP(sport=9, dport=9), err="no_route")
    c.down(2, IPv6(src=r6, dst="2001:db8:99::5") / UDP(sport=9, dport=9), err="administratively_prohibited")
    c.down(2, IP(src=r4, dst="198.18.0.9") / UDP(sport=9, dport=9), drop="route_blackhole")
    c.down(8, IP(src=r4, dst=sub4(8)) / UDP(sport=8, dport=8) / Raw(b"fine too"))
    return c


def case_icmp_unreach_off():
    c = Case("icmp_unreach_off", "ip.unreachable = false: no route and prohibited routes drop "
             "silently (no_route / administratively_prohibited still counted); time exceeded "
             "still sent", routes=NO_DEFAULT_ROUTES, ip={"unreachable": False, "icmp_burst": 1000})
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    c.up(2, IP(src=sub4(2), dst="8.8.8.8") / UDP(sport=1, dport=53), drop="no_route")
    c.up(2, IPv6(src=sub6(2), dst="2001:4860::8888") / UDP(sport=1, dport=53), drop="no_route")
    c.up(2, IP(src=sub4(2), dst="192.0.2.1") / TCP(sport=2, dport=80, flags="S"),
         drop="administratively_prohibited")
    c.up(2, IPv6(src=sub6(2), dst="2001:db8:99::1") / TCP(sport=2, dport=80, flags="S"),
         drop="administratively_prohibited")
    c.up(2, IP(src=sub4(2), dst="198.18.0.1") / UDP(sport=3, dport=53), drop="route_blackhole")
    c.up(2, IP(src=sub4(2), dst=r4, ttl=1) / UDP(sport=4, dport=4), err="ttl_exceeded")
    c.up(2, IPv6(src=sub6(2), dst=r6, hlim=1) / UDP(sport=4, dport=4), err="ttl_exceeded")
    c.down(2, IP(src=r4, dst="8.8.4.4") / UDP(sport=9, dport=9), drop="no_route")
    c.down(2, IPv6(src=r6, dst="2001:db8:99::5") / UDP(sport=9, dport=9), drop="administratively_prohibited")
    c.up(3, IP(src=sub4(3), dst=r4) / UDP(sport=5, dport=5) / Raw(b"fine"))
    return c


def case_mtu():
    c = Case("mtu", "core0 mtu 1400: IPv4 DF larger -> ICMP fragmentation needed (MTU 1400 in "
             "the header); IPv4 without DF larger -> fragments of 1376 bytes (offsets and MF "
             "of fragments kept); IPv6 larger -> packet too big; exactly 1400 untouched; "
             "TTL checked before the MTU", mtu={"core": 1400},
             ip={"icmp_burst": 1000, "icmp_rate": 1000})
    c.check_sessions = False  # fragments forwarded: how they are keyed is bngd's business
    r4, r6 = REMOTE4 % 20, REMOTE6 % 20
    fn, tb = "fragmentation_needed", "packet_too_big"

    def frag_fwd(i, p):
        """Forwarded out of core0 in fragments of the MTU."""
        frame = Ether(src=sub_mac(i), dst=A_MAC) / p
        pieces = ip4_split(hop(l3_of(frame)), mtu=1400)
        c.add("access", frame, out=[("core", eth(GW_MAC, "core", f)) for f in pieces],
              stage="owned", session=True, ip={"fragmented": 1, "fragments_out": len(pieces)})

    s4, s6 = sub4(2), sub6(2)
    for size in (1500, 1401):
        c.up(2, udp4(s4, r4, size, flags="DF", id=size, seed=size), err=fn, info=1400)
        c.up(2, udp6(s6, r6, size, seed=size), err=tb, info=1400)
    c.up(2, udp4(s4, r4, 1400, flags="DF", seed=1))
    c.up(2, udp4(s4, r4, 1400, seed=2))
    c.up(2, udp6(s6, r6, 1400, seed=3))
    c.up(2, IP(src=s4, dst=r4, flags="DF") / TCP(sport=2, dport=80, flags="A") / Raw(pat(1460)),
         err=fn, info=1400)
    # TTL before MTU
    c.up(2, udp4(s4, r4, 1500, flags="DF", ttl=1, seed=4), err="ttl_exceeded")
    c.up(2, udp6(s6, r6, 1500, hlim=1, seed=4), err="ttl_exceeded")
    # DF clear: fragmented (1376 + 104, 1376 + 5)
    frag_fwd(3, udp4(sub4(3), r4, 1500, id=0x4242, tos=0x20, seed=5))
    frag_fwd(3, udp4(sub4(3), r4, 1401, id=0x4243, seed=6))
    # fragments that are too big are fragmented again: first, middle, last
    frag_fwd(3, IP(src=sub4(3), dst=r4, id=0x4244, flags="MF", frag=0, proto=17) / Raw(pat(1480, 7)))
    frag_fwd(3, IP(src=sub4(3), dst=r4, id=0x4244, flags="MF", frag=185, proto=17) / Raw(pat(1480, 8)))
    frag_fwd(3, IP(src=sub4(3), dst=r4, id=0x4244, frag=370, proto=17) / Raw(pat(1480, 9)))
    # options: all in the first fragment, only the copied ones (router alert)
    # in the others, whose header is shorter (RFC 791)
    frag_fwd(4, IP(src=sub4(4), dst=r4, id=0x4245, options=[b"\x94\x04\x00\x00",
                                                           b"\x07\x07\x04\x00\x00\x00\x00", b"\x01"]) /
             UDP(sport=4, dport=4) / Raw(pat(1400, 10)))
    # towards access0 (mtu 1500) a 1500-byte DF packet passes
    c.down(2, udp4(r4, s4, 1500, flags="DF", seed=10))
    c.down(2, udp6(r6, s6, 1500, seed=11))
    return c


def case_echo():
    c = Case("echo", "echo requests to each of the appliance's addresses (both ports, both "
             "families, from both sides) answered exactly; tagged and padded requests; "
             "fragmented requests (in order, out of order) reassembled and answered, a reply "
             "larger than the MTU fragmented; anything else to the appliance dropped as "
             "to_appliance_unhandled", ip={"icmp_burst": 1000}, addrs=SECOND_ADDRS)
    r4, r6 = REMOTE4 % 30, REMOTE6 % 30
    u = "to_appliance_unhandled"
    n = 0
    for dst in (A_IP4, C_IP4, "10.9.9.1", "100.64.200.1"):
        n += 1
        c.up(2, IP(src=sub4(2), dst=dst, id=0x1100 + n, flags="DF", tos=0x10) /
             ICMP(type=8, id=0x42, seq=n) / Raw(b"echo %d" % n), echo=True)
        c.down(2, IP(src=r4, dst=dst, id=0x2200 + n, ttl=3) / ICMP(type=8, id=0x43, seq=n) /
               Raw(pat(56)), echo=True)
    for dst in (A_IP6, C_IP6, "2001:db8:19::1", "2001:db8:29::1"):
        n += 1
        c.up(2, IPv6(src=sub6(2), dst=dst, tc=0x20, fl=0xabcde) /
             ICMPv6EchoRequest(id=0x42, seq=n, data=b"echo %d" % n), echo=True)
        c.down(2, IPv6(src=r6, dst=dst, hlim=3) / ICMPv6EchoRequest(id=0x43, seq=n, data=pat(56)),
               echo=True)
    # tagged; padded to the Ethernet minimum (the reply carries no padding);
    # a full-size request
    c.up(3, IP(src=sub4(3), dst=A_IP4) / ICMP(type=8, id=3, seq=1), tag=Dot1Q(vlan=9), echo=True)
    c.up(3, IPv6(src=sub6(3), dst=A_IP6) / ICMPv6EchoRequest(id=3, seq=1), tag=Dot1Q(vlan=9), echo=True)
    f = raw(Ether(src=sub_mac(3), dst=A_MAC) / IP(src=sub4(3), dst=A_IP4) / ICMP(type=8, id=3, seq=2))
    c.in_frame("access", f + b"\0" * (60 - len(f)), echo=True)
    c.up(3, IP(src=sub4(3), dst=C_IP4) / ICMP(type=8, id=3, seq=3) / Raw(pat(1472)), echo=True)
    c.up(3, IPv6(src=sub6(3), dst=C_IP6) / ICMPv6EchoRequest(id=3, seq=3, data=pat(1452)), echo=True)
    # checksum corner: the reply's checksum is 0x0000 (the sequence number
    # that makes it so is the checksum the reply would have with 0 there)
    for mk, off in ((lambda s: IP(src=sub4(3), dst=A_IP4) / ICMP(type=8, id=0x99, seq=s), 22),
                    (lambda s: IPv6(src=sub6(3), dst=A_IP6) / ICMPv6EchoRequest(id=0x99, seq=s), 42)):
        seq = int.from_bytes(echo_reply(raw(mk(0)))[off:off + 2], "big")
        assert echo_reply(raw(mk(seq)))[off:off + 2] == b"\0\0"
        c.up(3, mk(seq), echo=True)

    # fragmented requests: reassembled (whatever ip.reassembly says), answered
    def frag_echo(i, whole, frags, order):
        for k, j in enumerate(order):
            last = k == len(order) - 1
            c.up(i, frags[j], held=not last, echo=whole if last else False,
                 ip={"reass_fragments": 1, "reassembled": 1 if last else 0})

    for k, order in enumerate(((0, 1), (1, 0), (2, 0, 1))):
        w = raw(IP(src=sub4(4), dst=A_IP4, id=0x3300 + k) / ICMP(type=8, id=4, seq=k) / Raw(pat(1000, k)))
        frag_echo(4, w, ip4_split(w, sizes=[504] if len(order) == 2 else [304, 304]), order)
        w6 = raw(IPv6(src=sub6(4), dst=C_IP6) / ICMPv6EchoRequest(id=4, seq=k, data=pat(1000, k)))
        frag_echo(4, w6, ip6_split(w6, [504] if len(order) == 2 else [304, 304], 0x6600 + k), order)
    # 2500 bytes: the reply does not fit access0's MTU; without DF it is fragmented
    w = raw(IP(src=sub4(5), dst=C_IP4, id=0x3400) / ICMP(type=8, id=5, seq=1) / Raw(pat(2472, 5)))
    frag_echo(5, w, ip4_split(w, mtu=1500), (0, 1))
    # not an echo request
    c.up(6, IP(src=sub4(6), dst=A_IP4) / UDP(sport=6, dport=7) / Raw(b"udp"), drop=u)
    c.up(6, IP(src=sub4(6), dst=C_IP4) / TCP(sport=6, dport=22, flags="S"), drop=u)
    c.up(6, IP(src=sub4(6), dst=A_IP4) / ICMP(type=0, id=6, seq=1), drop=u)
    c.up(6, IP(src=sub4(6), dst=A_IP4) / ICMP(type=13, id=6, seq=1), drop=u)
    c.up(6, IP(src=sub4(6), dst=A_IP4) / ICMP(type=3, code=3) /
         Raw(raw(IP(src=A_IP4, dst=sub4(6)) / UDP(sport=7, dport=6))), drop=u)
    c.up(6, IPv6(src=sub6(6), dst=A_IP6) / ICMPv6EchoReply(id=6, seq=1), drop=u)
    c.up(6, IPv6(src=sub6(6), dst=A_IP6) / UDP(sport=6, dport=7), drop=u)
    c.down(6, IPv6(src=r6, dst=C_IP6) / TCP(sport=6, dport=179, flags="S"), drop=u)
    # a fragmented UDP datagram to the appliance: reassembled, then dropped
    w = raw(IP(src=sub4(7), dst=A_IP4, id=0x3500) / UDP(sport=7, dport=7) / Raw(pat(600)))
    p0, p1 = ip4_split(w, sizes=[304])
    c.up(7, p0, held=True, ip={"reass_fragments": 1})
    c.up(7, p1, drop=u, ip={"reass_fragments": 1, "reassembled": 1})
    return c


def case_icmp_limits():
    c = Case("icmp_limits", "ICMP errors over ip.icmp_burst 5 (rate 1/s) not sent "
             "(icmp_rate_limited) but the packets still counted; echo replies over "
             "ip.echo_burst 3 (rate 0) dropped as icmp_rate_limited; no error about an ICMP "
             "error, a non-first fragment or a non-unicast source (icmp_suppressed), and those "
             "take no token", ip={"icmp_rate": 1, "icmp_burst": 5, "echo_rate": 0, "echo_burst": 3})
    r4, r6 = REMOTE4 % 40, REMOTE6 % 40
    te = "ttl_exceeded"
    sup = {"icmp_suppressed": 1}
    # suppressed first: they must not use up the burst
    c.up(2, IP(src=sub4(2), dst=r4, ttl=1) / ICMP(type=3, code=3) /
         Raw(raw(IP(src=r4, dst=sub4(2)) / UDP(sport=53, dport=1000))), drop=te, ip=sup)
    c.up(2, IP(src=sub4(2), dst=r4, ttl=1) / ICMP(type=11, code=0) /
         Raw(raw(IP(src=r4, dst=sub4(2), ttl=1) / UDP(sport=53, dport=1000))), drop=te, ip=sup)
    c.up(2, IPv6(src=sub6(2), dst=r6, hlim=1) / ICMPv6TimeExceeded() /
         Raw(raw(IPv6(src=r6, dst=sub6(2)) / UDP(sport=53, dport=1000))), drop=te, ip=sup)
    c.up(2, IPv6(src=sub6(2), dst=r6, hlim=0) / ICMPv6PacketTooBig(mtu=1280) /
         Raw(raw(IPv6(src=r6, dst=sub6(2)) / UDP(sport=53, dport=1000))), drop=te, ip=sup)
    c.up(2, IP(src=sub4(2), dst=r4, ttl=1, frag=100, id=7, proto=17) / Raw(pat(64)), drop=te, ip=sup)
    c.up(2, IPv6(src=sub6(2), dst=r6, hlim=1) / IPv6ExtHdrFragment(nh=17, offset=100, id=7) /
         Raw(pat(64)), drop=te, ip=sup)
    for src in ("0.0.0.0", "127.0.0.1", "224.1.2.3", "240.0.0.1", "255.255.255.255"):
        c.up(2, IP(src=src, dst=r4, ttl=1) / UDP(sport=9, dport=9), drop=te, ip=sup)
    c.up(2, IPv6(src="::", dst=r6, hlim=1) / UDP(sport=9, dport=9), drop=te, ip=sup)
    c.up(2, IPv6(src="ff0e::1", dst=r6, hlim=1) / UDP(sport=9, dport=9), drop=te, ip=sup)
    # 10 refused: 5 answered (ids 0-4), 5 not
    for k in range(10):
        if k % 2:
            p = IPv6(src=sub6(3), dst=r6, hlim=1) / UDP(sport=100 + k, dport=33434)
        else:
            p = IP(src=sub4(3), dst=r4, ttl=1) / UDP(sport=100 + k, dport=33434)
        if k < 5:
            c.up(3, p, err=te)
        else:
            c.up(3, p, drop=te, ip={"icmp_rate_limited": 1})
    # echo: 3 answered, 2 dropped
    for k in range(5):
        p = IP(src=sub4(4), dst=A_IP4) / ICMP(type=8, id=4, seq=k)
        if k < 3:
            c.up(4, p, echo=True)
        else:
            c.up(4, p, drop="icmp_rate_limited")
    # forwarding is not limited
    c.up(5, IP(src=sub4(5), dst=r4) / UDP(sport=5, dport=5) / Raw(b"fine"))
    return c


def case_reassembly():
    c = Case("reassembly", "ip.reassembly = true: fragments forwarded as the whole datagram "
             "(in order, out of order, IPv4 and IPv6, both ways), fragmented again when larger "
             "than core0's MTU 1400; overlapping fragments and a lone fragment (timeout 100 ms) "
             "dropped as reassembly_failed", mtu={"core": 1400},
             ip={"reassembly": True, "reassembly_timeout_ms": 100, "icmp_burst": 1000})
    r4, r6 = REMOTE4 % 50, REMOTE6 % 50

    def frags_in(port, i, whole, frags, order, pieces=None):
        """@frags of @whole in @order; the last one completes it."""
        src_mac = sub_mac(i) if port == "access" else GW_MAC
        out_port, dmac = ("core", GW_MAC) if port == "access" else ("access", sub_mac(i))
        fwd = hop(whole)
        if pieces is None:
            outs = [(out_port, eth(dmac, out_port, fwd))]
            ip_extra = {}
        else:
            outs = [(out_port, eth(dmac, out_port, f)) for f in ip4_split(fwd, mtu=pieces)]
            ip_extra = {"fragmented": 1, "fragments_out": len(outs)}
        whole_frame = Ether(src=src_mac, dst=PORT_MAC[port]) / as_l3(whole)
        send = (lambda l3, **kw: c.up(i, l3, **kw)) if port == "access" else \
            (lambda l3, **kw: c.down(i, l3, **kw))
        for k, j in enumerate(order):
            if k < len(order) - 1:
                send(frags[j], held=True, ip={"reass_fragments": 1})
            else:
                ip = {"reass_fragments": 1, "reassembled": 1}
                ip.update(ip_extra)
                send(frags[j], out=outs, stage="owned", ip=ip, session=whole_frame)

    w = raw(udp4(sub4(2), r4, 628, sport=2001, id=0x7001, seed=1))
    frags_in("access", 2, w, ip4_split(w, sizes=[304]), (0, 1))
    w = raw(udp4(sub4(2), r4, 628, sport=2002, id=0x7002, seed=2))
    frags_in("access", 2, w, ip4_split(w, sizes=[200, 200]), (2, 0, 1))
    # 3028 bytes in three fragments: out of core0 in pieces of 1376
    w = raw(udp4(sub4(2), r4, 3028, sport=2003, id=0x7003, seed=3))
    frags_in("access", 2, w, ip4_split(w, sizes=[1000, 1000]), (1, 0, 2), pieces=1400)
    w6 = raw(udp6(sub6(2), r6, 1048, sport=2004, seed=4))
    frags_in("access", 2, w6, ip6_split(w6, [504], 0x7004), (1, 0))
    w = raw(udp4(r4, sub4(3), 1028, sport=53, dport=2005, id=0x7005, seed=5))
    frags_in("core", 3, w, ip4_split(w, sizes=[504]), (1, 0))
    w6 = raw(udp6(r6, sub6(3), 1448, sport=53, dport=2006, seed=6))
    frags_in("core", 3, w6, ip6_split(w6, [704], 0x7006), (0, 1))
    # overlapping: the same first fragment twice; a middle one overlapping the first
    rf = "reassembly_failed"
    w = raw(udp4(sub4(4), r4, 828, sport=2007, id=0x7007, seed=7))
    a, b = ip4_split(w, sizes=[400])
    c.up(4, a, held=True, ip={"reass_fragments": 1})
    c.up(4, a, drop=[rf, rf], ip={"reass_fragments": 1, "reass_invalid": 2})
    w = raw(udp4(sub4(4), r4, 1228, sport=2008, id=0x7008, seed=8))
    c.up(4, ip4_piece(w, 0, 800, True), held=True, ip={"reass_fragments": 1})
    c.up(4, ip4_piece(w, 400, 1200, True), held=True, ip={"reass_fragments": 1})
    c.up(4, ip4_piece(w, 1200, 1208, False), drop=[rf, rf, rf],
         ip={"reass_fragments": 1, "reass_invalid": 3})
    # a lone fragment: gone after the timeout
    w = raw(udp4(sub4(5), r4, 828, sport=2009, id=0x7009, seed=9))
    c.up(5, ip4_split(w, sizes=[400])[0], drop=rf, ip={"reass_fragments": 1, "reass_timeouts": 1})
    # whole datagrams are not held
    c.up(6, IP(src=sub4(6), dst=r4) / UDP(sport=6, dport=6) / Raw(b"whole"))
    return c


def case_router_rfc():
    c = Case("router_rfc", "RFC 1812 5.3.4: frames sent to a link-layer broadcast or "
             "multicast address are not routed (so never answered with ICMP either); a "
             "connected subnet's broadcast address is not routed (directed broadcast); "
             "RFC 1812 4.3.2.7 / RFC 4443 2.4(e): no ICMP error about a packet from a "
             "broadcast source (icmp_suppressed); RFC 8200 4.5: the "
             "fragments of different IPv6 packets the router sends carry different "
             "Identifications", ip={"icmp_burst": 1000})
    r4, r6 = REMOTE4 % 60, REMOTE6 % 60
    te = "ttl_exceeded"
    sup = {"icmp_suppressed": 1}
    # answered, as a reference (the first error: id 0)
    c.up(2, IP(src=sub4(2), dst=r4, ttl=1) / UDP(sport=2, dport=2), err=te)

    def bcast(dmac, l3):
        c.add("access", Ether(src=sub_mac(3), dst=dmac) / l3, drop="multicast_not_routed")

    bcast("ff:ff:ff:ff:ff:ff", IP(src=sub4(3), dst=r4, ttl=1) / UDP(sport=3, dport=1))
    bcast("01:00:5e:00:00:01", IP(src=sub4(3), dst=r4, ttl=1) / UDP(sport=3, dport=2))
    bcast("ff:ff:ff:ff:ff:ff", IPv6(src=sub6(3), dst=r6, hlim=1) / UDP(sport=3, dport=3))
    bcast("33:33:00:00:00:01", IPv6(src=sub6(3), dst=r6, hlim=1) / UDP(sport=3, dport=4))
    # with a good TTL too: a unicast IP destination in a broadcast frame is not forwarded
    bcast("ff:ff:ff:ff:ff:ff", IP(src=sub4(3), dst=r4) / UDP(sport=3, dport=5))
    # from a subnet broadcast source; to access0's subnet broadcast (from the core)
    c.up(4, IP(src="10.0.0.255", dst=r4, ttl=1) / UDP(sport=4, dport=4), drop=te, ip=sup)
    c.down(4, IP(src=r4, dst="10.0.0.255", ttl=1) / UDP(sport=4, dport=4),
           drop="multicast_not_routed")
    c.down(4, IP(src=r4, dst="10.0.0.255") / UDP(sport=4, dport=5), drop="multicast_not_routed")
    # two echo replies larger than access0's MTU: fragmented, each its own Identification
    for k in range(2):
        w6 = raw(IPv6(src=sub6(5), dst=A_IP6) / ICMPv6EchoRequest(id=5, seq=k, data=pat(2452, k)))
        f = ip6_split(w6, [1448], 0x5500 + k)
        c.up(5, f[0], held=True, ip={"reass_fragments": 1})
        c.up(5, f[1], echo=w6, ip={"reass_fragments": 1, "reassembled": 1})
    return c


# ---------------------------------------------------------------- CGNAT (lib/nat)
#
# What a NAT must send is computed here from the input bytes: addresses and
# ports (ICMP query identifiers) rewritten, TTL minus one, every checksum
# computed from scratch (bngd updates them incrementally: the bytes agree
# when both are right), a zero UDP checksum left zero.
#
# External ports are predictable where the NAT must preserve them (RFC 4787
# REQ-3 as the design puts it: the inside port is kept when it lies in one
# of the subscriber's port blocks and is free), so the cases choose inside
# ports inside the subscriber's first block and know every byte. Which
# address and block that is follows from the design too: paired pooling by
# hash of the subscriber (rte_hash_crc_4byte(address, tenant) % addresses,
# the addresses sorted), block b of every address owned by worker
# b % workers, a worker handing out its lowest free block first, the
# subscriber's worker computed from its address
# (rte_hash_crc_4byte(address, 0) * workers >> 32). NatPool is that model.
# Where the NAT picks a port itself (not preservable), the expected frame is
# a Flex: compare.py checks the rules (range, parity, one port per mapping,
# checksums) instead of the bytes.

NAT_POOL4 = ["192.0.2.70", "192.0.2.64/31"]   # 3 addresses, listed unsorted


def crc32c(data, init):
    """DPDK's rte_hash_crc (CRC-32C, no final inversion) of @data bytes."""
    crc = init & 0xffffffff
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc


def ip4_int(a):
    return int.from_bytes(ip4b(a), "big")


def ip4_str(v):
    return socket.inet_ntop(socket.AF_INET, v.to_bytes(4, "big"))


class NatPool:
    """One NAT instance: its configuration, and where its subscribers land."""

    def __init__(self, name="cgn", addrs=None, port_min=1024, port_max=65535, block_size=512,
                 blocks_per_sub=8, max_sessions=0, quarantine_s=0, filtering=None,
                 workers=1, tenant=0):
        self.name, self.addrs_conf = name, list(addrs or NAT_POOL4)
        self.port_min, self.port_max, self.block_size = port_min, port_max, block_size
        self.blocks_per_sub, self.max_sessions = blocks_per_sub, max_sessions
        self.quarantine_s, self.filtering = quarantine_s, filtering
        self.workers, self.tenant = workers, tenant
        addrs = []
        for a in self.addrs_conf:
            base, _, ln = a.partition("/")
            n = 1 << (32 - int(ln)) if ln else 1
            b = ip4_int(base) & ~(n - 1)
            addrs += [b + k for k in range(n)]
        self.addrs = [ip4_str(v) for v in sorted(addrs)]
        self.next_block = {}             # (worker, address index) -> next local block
        self.first_block = {}            # subscriber -> port range of its first block

    def conf(self, max_subs=64, max_mappings=4096):
        f = '' if self.filtering is None else ' filtering = "%s";' % self.filtering
        return ['nat = { max_subscribers = %d; max_mappings = %d; instances = (' %
                (max_subs, max_mappings),
                '  { name = "%s"; addresses = [ %s ]; port_min = %d; port_max = %d;' %
                (self.name, ", ".join('"%s"' % a for a in self.addrs_conf), self.port_min,
                 self.port_max),
                '    block_size = %d; blocks_per_subscriber = %d; '
                'max_sessions_per_subscriber = %d; quarantine_s = %d;%s }' %
                (self.block_size, self.blocks_per_sub, self.max_sessions, self.quarantine_s, f),
                '); };',
                'tenants = ( { id = %d; name = "subs"; services = [ "nat", "forward", "counters" ];'
                ' nat = "%s"; } );' % (self.tenant, self.name)]

    def ext(self, sub):
        """Paired pooling: the subscriber's one external address."""
        return self.addrs[crc32c(ip4b(sub), self.tenant) % len(self.addrs)]

    def owner(self, sub):
        if self.workers == 1:
            return 0
        return (crc32c(ip4b(sub), 0) * self.workers) >> 32

    def block(self, sub):
        """(first, last) port of the subscriber's first block; allocated on the first call."""
        if sub not in self.first_block:
            w, a = self.owner(sub), self.addrs.index(self.ext(sub))
            local = self.next_block.get((w, a), 0)
            self.next_block[(w, a)] = local + 1
            g = local * self.workers + w
            lo = self.port_min + g * self.block_size
            assert lo + self.block_size - 1 <= self.port_max, "pool model: out of blocks"
            self.first_block[sub] = (lo, lo + self.block_size - 1)
        return self.first_block[sub]

    def port(self, sub, k):
        """The k-th port of the subscriber's first block (preserved when the inside port)."""
        lo, hi = self.block(sub)
        assert lo + k <= hi
        return lo + k

    def owner_of_port(self, port):
        return ((port - self.port_min) // self.block_size) % self.workers


def l4_info(l3):
    """(protocol, header length, source port or id, destination port or id) of an IPv4 datagram."""
    ihl = (l3[0] & 0xf) * 4
    proto = l3[9]
    l4 = l3[ihl:]
    if proto in (6, 17):
        return proto, ihl, int.from_bytes(l4[0:2], "big"), int.from_bytes(l4[2:4], "big")
    assert proto == 1 and l4[0] in (0, 8, 13, 14), "NAT cases: TCP, UDP, ICMP queries"
    i = int.from_bytes(l4[4:6], "big")
    return proto, ihl, i, i


def nat_rewrite(l3, src=None, sport=None, dst=None, dport=None):
    """
    @l3 (an IPv4 datagram, not a fragment) as a NAT forwards it: source /
    destination address and port (ICMP query: identifier, given as sport or
    dport) replaced, TTL minus one, IP and L4 checksums computed from scratch
    (a zero UDP checksum stays zero: RFC 768 "no checksum").
    """
    b = bytearray(l3)
    proto, ihl, _, _ = l4_info(l3)
    assert int.from_bytes(b[6:8], "big") & 0x3fff == 0, "not for fragments"
    if src is not None:
        b[12:16] = ip4b(src)
    if dst is not None:
        b[16:20] = ip4b(dst)
    b[8] -= 1
    l4 = bytearray(b[ihl:])
    if proto == 1:
        new = sport if sport is not None else dport
        if new is not None:
            l4[4:6] = new.to_bytes(2, "big")
        l4[2:4] = b"\0\0"
        l4[2:4] = csum(bytes(l4)).to_bytes(2, "big")
    else:
        if sport is not None:
            l4[0:2] = sport.to_bytes(2, "big")
        if dport is not None:
            l4[2:4] = dport.to_bytes(2, "big")
        co = 16 if proto == 6 else 6
        if proto == 6 or l4[6:8] != b"\0\0":
            l4[co:co + 2] = b"\0\0"
            ph = bytes(b[12:20]) + bytes([0, proto]) + len(l4).to_bytes(2, "big")
            c = csum(ph + bytes(l4))
            if proto == 17 and c == 0:
                c = 0xffff
            l4[co:co + 2] = c.to_bytes(2, "big")
    return ip4_fix(bytes(b[:ihl])) + bytes(l4)


class NatState:
    """
    What a NAT that follows RFC 4787/5382/6888 holds after each packet:
    endpoint-independent mappings, sessions, the counters of "show nat
    statistics". Cases feed it through Case.nat_up() / nat_down().
    """

    def __init__(self, pool):
        self.pool = pool
        self.maps = {}      # (sub, proto, inside port) -> [external address, port or None, group]
        self.rev = {}       # (external address, proto, port) -> mapping key
        self.sess = {}      # (sub, proto, iport, remote, rport) -> subscriber
        self.permits = set()  # (sub, proto, iport, remote): sent to (address-dependent filtering)
        self.subs = set()
        self.ctr = {}
        self.fixed = {}     # expectations set by the case (e.g. after console steps)

    def count(self, k, n=1):
        self.ctr[k] = self.ctr.get(k, 0) + n

    def sub_sessions(self, sub):
        return sum(1 for s in self.sess.values() if s == sub)

    def expect(self):
        e = {"counters": {k: v for k, v in sorted(self.ctr.items()) if v},
             "subscribers": len(self.subs), "mappings": len(self.maps),
             "quarantined_ports": 0}
        e.update(self.fixed)
        return e


def _nat_up(self, i, l3, eport=None, err=None, src=None, pad=b""):
    """
    Subscriber @i sends @l3 (IPv4 from sub4(i), or @src) upstream through the
    NAT. New mapping: @eport is its external port (the preserved inside port,
    normally) or "flex" for a port the NAT chooses (checked by rules). err:
    refused ("nat_ports_exhausted" / "nat_session_limit"), answered with host
    unreachable from access0's address. pad: Ethernet padding after the
    datagram (kept as is).
    """
    st = self.nat
    b = bytes(as_l3(l3))
    sub, remote = socket.inet_ntoa(b[12:16]), socket.inet_ntoa(b[16:20])
    assert sub == (src or sub4(i))
    proto, ihl, sp, dp = l4_info(b)
    key, skey = (sub, proto, sp), (sub, proto, sp, remote, dp)
    frame = bytes(Ether(src=sub_mac(i), dst=A_MAC) / as_l3(b)) + pad
    if err is not None:
        st.count({"nat_ports_exhausted": "ports_exhausted",
                  "nat_session_limit": "quota_exceeded"}[err])
        self.in_frame("access", frame, err=err, stage="owned", session=False)
        return
    if skey not in st.sess and st.pool.max_sessions:
        assert st.sub_sessions(sub) < st.pool.max_sessions, "use err= for this flow"
    if key not in st.maps:
        assert eport is not None, "a new mapping needs its external port"
        ext = st.pool.ext(sub)
        if sub not in st.subs:
            st.count("blocks_allocated")
        lo, hi = st.pool.block(sub)
        if eport == "flex":
            st.maps[key] = [ext, None, "%s/%d/%d" % key]
        else:
            assert lo <= eport <= hi, "pool model: %d not in %s's block %d-%d" % (eport, sub, lo, hi)
            assert (ext, proto, eport) not in st.rev
            st.maps[key] = [ext, eport, None]
            st.rev[(ext, proto, eport)] = key
            if eport == sp:
                st.count("ports_preserved")
        st.subs.add(sub)
        st.count("mappings_created")
    ext, ep, group = st.maps[key]
    assert eport in (None, "flex") or eport == ep, "one mapping, one port (EIM)"
    if skey not in st.sess:
        st.sess[skey] = sub
        st.permits.add((sub, proto, sp, remote))
        st.count("sessions_out")
        self.flows.add(("nat",) + skey)
    st.count("translated_out")
    new = nat_rewrite(b, src=ext, sport=ep if ep is not None else 0)
    out = eth(GW_MAC, "core", new) + pad
    if ep is None:
        lo, hi = st.pool.block(sub)
        co = {1: 2, 6: 16, 17: 6}[proto]
        udp0 = proto == 17 and b[ihl + 6:ihl + 8] == b"\0\0"
        out = Flex(out, 14 + ihl + (4 if proto == 1 else 0),
                   None if udp0 else 14 + ihl + co, group, [[lo, hi]],
                   parity=(sp & 1) if proto == 17 else None, ext_off=14 + 12)
    self.add("access", frame, out=[("core", out)], stage="owned", session=False)


def _nat_down(self, i, l3, drop=None, err=None):
    """
    A remote host sends @l3 to an external address and port (ICMP: the
    external identifier); translated back to subscriber @i, or dropped
    (drop="nat_no_mapping" / "nat_filtered"), or refused (err=).
    """
    st = self.nat
    b = bytes(as_l3(l3))
    remote, ext = socket.inet_ntoa(b[12:16]), socket.inet_ntoa(b[16:20])
    proto, ihl, sp, dp = l4_info(b)
    frame = Ether(src=GW_MAC, dst=C_MAC) / as_l3(b)
    key = st.rev.get((ext, proto, dp))
    if drop is not None or err is not None:
        why = drop or err
        st.count({"nat_no_mapping": "no_mapping", "nat_filtered": "filtered",
                  "nat_session_limit": "quota_exceeded"}[why])
        assert (key is None) == (why == "nat_no_mapping")
        if err is not None:
            self.in_frame("core", frame, err=err, stage="owned", session=False)
        else:
            self.add("core", frame, drop=drop, session=False)
        return
    assert key is not None, "no mapping for %s %d/%d" % (ext, proto, dp)
    sub, _, iport = key
    assert sub == sub4(i)
    skey = (sub, proto, iport, remote, iport if proto == 1 else sp)
    if skey not in st.sess:
        assert st.pool.filtering in (None, "endpoint-independent") or (
            st.pool.filtering == "address-dependent" and (sub, proto, iport, remote) in st.permits), \
            "filtered: use drop="
        st.sess[skey] = sub
        st.count("sessions_in")
        self.flows.add(("nat",) + skey)
    st.count("translated_in")
    new = nat_rewrite(b, dst=sub, dport=iport)
    self.add("core", frame, out=[("access", eth(sub_mac(i), "access", new))], stage="owned",
             session=False)


def _sync(self):
    """
    Fill both inputs up to a whole burst (with frames of an EtherType bngd
    drops), so that what is added next is read after everything added so
    far on either port (one worker reads a burst of access0, then one of
    core0).
    """
    for port in ("access", "core"):
        while len(self.inp[port]) % BURST:
            self.add(port, Ether(src=GW_MAC, dst=PORT_MAC[port], type=0x88b5) / Raw(b"fill" * 12),
                     drop="unsupported_ethertype")


def _nat_setup(self, pool):
    self.nat = NatState(pool)
    self.conf += pool.conf()
    return pool


Case.nat_up = _nat_up
Case.nat_down = _nat_down
Case.nat_setup = _nat_setup
Case.sync = _sync


R1, R2, R3, R4 = (REMOTE4 % n for n in (10, 20, 30, 40))


def case_nat_basic():
    c = Case("nat_basic", "CGNAT: UDP, TCP (handshake, data, FIN both ways), ICMP echo of four "
             "subscribers through a pool of 3 addresses: source rewritten to the subscriber's "
             "one external address (paired pooling), replies translated back, ports "
             "preserved, every checksum right (UDP zero checksum kept), TTL - 1; NAT counters")
    p = c.nat_setup(NatPool())
    a, b, d, e = 2, 5, 4, 3           # a, e: first address; b: second; d: third
    assert p.ext(sub4(a)) == p.ext(sub4(e)) == p.addrs[0] and p.ext(sub4(b)) == p.addrs[1]
    assert p.ext(sub4(d)) == p.addrs[2]
    sa = sub4(a)
    xa = p.ext(sa)
    pu, pz, pt, pi = (p.port(sa, k) for k in (10, 11, 20, 30))   # 1034, 1035, 1044, 1054
    # UDP request / answer / request
    c.nat_up(a, IP(src=sa, dst=R1, id=1) / UDP(sport=pu, dport=53) / Raw(b"query"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R1, id=2) / UDP(sport=pu, dport=53) / Raw(b"query again"))
    # UDP without checksum (0 stays 0), both ways
    c.nat_up(a, IP(src=sa, dst=R1, id=3) / UDP(sport=pz, dport=123, chksum=0) / Raw(b"ntp?"),
             eport=pz)
    # TCP: handshake, data both ways, FIN both ways
    c.nat_up(a, IP(src=sa, dst=R2, id=10) / TCP(sport=pt, dport=80, flags="S", seq=1000,
                                                 options=[("MSS", 1460), ("SAckOK", b"")]),
             eport=pt)
    c.nat_up(a, IP(src=sa, dst=R2, id=11) / TCP(sport=pt, dport=80, flags="A", seq=1001, ack=5001))
    c.nat_up(a, IP(src=sa, dst=R2, id=12, flags="DF") /
             TCP(sport=pt, dport=80, flags="PA", seq=1001, ack=5001) / Raw(b"GET / HTTP/1.0\r\n\r\n"))
    c.nat_up(a, IP(src=sa, dst=R2, id=13) / TCP(sport=pt, dport=80, flags="FA", seq=1019, ack=5018))
    c.nat_up(a, IP(src=sa, dst=R2, id=14) / TCP(sport=pt, dport=80, flags="A", seq=1020, ack=5019))
    # ICMP echo (the identifier is the "port")
    c.nat_up(a, IP(src=sa, dst=R3, id=20) / ICMP(type=8, id=pi, seq=1) / Raw(b"ping" * 8), eport=pi)
    # IPv4 options and TOS: the L4 header is found after them
    c.nat_up(a, IP(src=sa, dst=R1, id=21, tos=0x28, options=[b"\x07\x07\x04\x00\x00\x00\x00", b"\x01"]) /
             UDP(sport=pu, dport=53) / Raw(b"opts"))
    # a short frame padded to 60 bytes: the padding stays
    c.nat_up(a, IP(src=sa, dst=R4, id=22) / UDP(sport=p.port(sa, 12), dport=9) / Raw(b"x"),
             eport=p.port(sa, 12), pad=b"\xaa" * 17)
    # the second subscriber: another address
    sb = sub4(b)
    qu, qt, qi = (p.port(sb, k) for k in (76, 77, 78))
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=qu, dport=53) / Raw(b"b query"), eport=qu)
    c.nat_up(b, IP(src=sb, dst=R2) / TCP(sport=qt, dport=443, flags="S", seq=7), eport=qt)
    c.nat_up(b, IP(src=sb, dst=R3) / ICMP(type=8, id=qi, seq=9), eport=qi)
    c.nat_up(b, IP(src=sb, dst=R2) / TCP(sport=qt, dport=443, flags="A", seq=8, ack=101))
    # a third on the third address, a fourth sharing the first: its own (second) block
    sd, se = sub4(d), sub4(e)
    c.nat_up(d, IP(src=sd, dst=R1) / ICMP(type=8, id=p.port(sd, 5), seq=1), eport=p.port(sd, 5))
    lo_e, _ = p.block(se)
    assert lo_e == p.block(sa)[0] + p.block_size
    c.nat_up(e, IP(src=se, dst=R4) / UDP(sport=p.port(se, 1), dport=5353) / Raw(b"e"),
             eport=p.port(se, 1))
    # ---- from the internet: replies, back to the subscribers
    c.nat_down(a, IP(src=R1, dst=xa, id=100) / UDP(sport=53, dport=pu) / Raw(b"answer!"))
    c.nat_down(a, IP(src=R1, dst=xa, id=101) / UDP(sport=123, dport=pz, chksum=0) / Raw(b"ntp!"))
    c.nat_down(a, IP(src=R2, dst=xa, id=102) / TCP(sport=80, dport=pt, flags="SA", seq=5000, ack=1001,
                                                   options=[("MSS", 1400)]))
    c.nat_down(a, IP(src=R2, dst=xa, id=103, flags="DF") /
               TCP(sport=80, dport=pt, flags="PA", seq=5001, ack=1019) / Raw(b"HTTP/1.0 200 OK\r\n"))
    c.nat_down(a, IP(src=R2, dst=xa, id=104) / TCP(sport=80, dport=pt, flags="FA", seq=5018, ack=1020))
    c.nat_down(a, IP(src=R3, dst=xa, id=105) / ICMP(type=0, id=pi, seq=1) / Raw(b"ping" * 8))
    xb = p.ext(sb)
    c.nat_down(b, IP(src=R1, dst=xb) / UDP(sport=53, dport=qu) / Raw(b"b answer"))
    c.nat_down(b, IP(src=R2, dst=xb) / TCP(sport=443, dport=qt, flags="SA", seq=100, ack=8))
    c.nat_down(b, IP(src=R3, dst=xb) / ICMP(type=0, id=qi, seq=9))
    c.nat_down(d, IP(src=R1, dst=p.ext(sd), ttl=2) / ICMP(type=0, id=p.port(sd, 5), seq=1))
    c.nat_down(e, IP(src=R4, dst=p.ext(se)) / UDP(sport=5353, dport=p.port(se, 1)) / Raw(b"E"))
    assert len(c.nat.subs) == 4
    return c


def case_nat_eim():
    c = Case("nat_eim", "CGNAT endpoint-independent mapping (one external port for one inside "
             "endpoint, whatever the remote; preserved and NAT-chosen ports) and filtering "
             "(a third host reaches the subscriber through the mapping: sessions_in); "
             "inbound with no mapping dropped (nat_no_mapping)")
    p = c.nat_setup(NatPool())
    a, b = 2, 5
    sa, sb = sub4(a), sub4(b)
    xa = p.ext(sa)
    pu, pt = p.port(sa, 6), p.port(sa, 7)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=pu, dport=3478) / Raw(b"binding 1"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=pu, dport=3479) / Raw(b"binding 2"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R1) / TCP(sport=pt, dport=80, flags="S", seq=1), eport=pt)
    c.nat_up(a, IP(src=sa, dst=R2) / TCP(sport=pt, dport=8080, flags="S", seq=2), eport=pt)
    # a port the NAT chooses (outside the subscriber's block): still one per endpoint
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=40000, dport=3478) / Raw(b"far 1"), eport="flex")
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=40000, dport=3479) / Raw(b"far 2"))
    c.nat_up(a, IP(src=sa, dst=R3) / UDP(sport=40000, dport=3480) / Raw(b"far 3"))
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=p.port(sb, 6), dport=3478) / Raw(b"b"),
             eport=p.port(sb, 6))
    # replies from both remotes
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"mapped 1"))
    c.nat_down(a, IP(src=R2, dst=xa) / UDP(sport=3479, dport=pu) / Raw(b"mapped 2"))
    c.nat_down(a, IP(src=R2, dst=xa) / TCP(sport=8080, dport=pt, flags="SA", seq=9, ack=3))
    # endpoint-independent filtering: hosts never contacted reach the mapping
    c.nat_down(a, IP(src=R3, dst=xa) / UDP(sport=5000, dport=pu) / Raw(b"hello from 3"))
    c.nat_down(a, IP(src=R4, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"hello from 4"))
    c.nat_down(a, IP(src=R3, dst=xa) / TCP(sport=6000, dport=pt, flags="S", seq=77))
    # no mapping: free port, other protocol, port below port_min, address
    # with no subscriber, ICMP id with no mapping
    c.nat_down(a, IP(src=R4, dst=xa) / UDP(sport=5000, dport=pu + 1) / Raw(b"x"), drop="nat_no_mapping")
    c.nat_down(a, IP(src=R4, dst=xa) / UDP(sport=5000, dport=pt) / Raw(b"x"), drop="nat_no_mapping")
    c.nat_down(a, IP(src=R4, dst=xa) / TCP(sport=5000, dport=pu, flags="S"), drop="nat_no_mapping")
    c.nat_down(a, IP(src=R4, dst=xa) / UDP(sport=5000, dport=80) / Raw(b"x"), drop="nat_no_mapping")
    c.nat_down(a, IP(src=R4, dst=p.addrs[2]) / UDP(sport=5000, dport=pu) / Raw(b"x"),
               drop="nat_no_mapping")
    c.nat_down(a, IP(src=R4, dst=xa) / ICMP(type=8, id=pu, seq=1), drop="nat_no_mapping")
    # ---- after those: the subscriber answers the third host through the
    # session the third host started
    c.sync()
    c.nat_up(a, IP(src=sa, dst=R3) / UDP(sport=pu, dport=5000) / Raw(b"hi 3"))
    return c


def case_nat_apdf():
    c = Case("nat_apdf", "CGNAT with filtering = address-port-dependent: replies from the "
             "remote endpoints contacted pass; anyone else (another host, or the same host "
             "from another port) is dropped as nat_filtered; no mapping: nat_no_mapping")
    p = c.nat_setup(NatPool(filtering="address-port-dependent"))
    a = 2
    sa = sub4(a)
    xa = p.ext(sa)
    pu, pt = p.port(sa, 6), p.port(sa, 7)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=pu, dport=3478) / Raw(b"binding 1"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=pu, dport=3479) / Raw(b"binding 2"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R1) / TCP(sport=pt, dport=80, flags="S", seq=1), eport=pt)
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"mapped 1"))
    c.nat_down(a, IP(src=R2, dst=xa) / UDP(sport=3479, dport=pu) / Raw(b"mapped 2"))
    c.nat_down(a, IP(src=R1, dst=xa) / TCP(sport=80, dport=pt, flags="SA", seq=9, ack=2))
    c.nat_down(a, IP(src=R3, dst=xa) / UDP(sport=5000, dport=pu) / Raw(b"unsolicited"),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=9999, dport=pu) / Raw(b"other port"),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R2, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"other pair"),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R3, dst=xa) / TCP(sport=80, dport=pt, flags="S", seq=5),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R3, dst=xa) / UDP(sport=5000, dport=pu + 1) / Raw(b"x"),
               drop="nat_no_mapping")
    return c


def case_nat_adf():
    c = Case("nat_adf", "CGNAT with filtering = address-dependent: the hosts a mapping has "
             "sent to reach it from any of their ports (new inbound sessions); other hosts "
             "are dropped as nat_filtered, per mapping and protocol")
    p = c.nat_setup(NatPool(filtering="address-dependent"))
    a, b = 2, 5
    sa, sb = sub4(a), sub4(b)
    xa = p.ext(sa)
    pu, pt = p.port(sa, 6), p.port(sa, 7)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=pu, dport=3478) / Raw(b"binding"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R2) / TCP(sport=pt, dport=80, flags="S", seq=1), eport=pt)
    c.nat_up(b, IP(src=sb, dst=R3) / UDP(sport=p.port(sb, 6), dport=53) / Raw(b"q"),
             eport=p.port(sb, 6))
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"reply"))
    # the same host from other ports: let in (STUN's "change port" test)
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=3479, dport=pu) / Raw(b"changed port"))
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=40000, dport=pu) / Raw(b"another"))
    c.nat_down(a, IP(src=R2, dst=xa) / TCP(sport=8080, dport=pt, flags="S", seq=9))
    # other hosts: dropped; a host contacted by another mapping or protocol too
    c.nat_down(a, IP(src=R2, dst=xa) / UDP(sport=3478, dport=pu) / Raw(b"other host"),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R3, dst=xa) / UDP(sport=53, dport=pu) / Raw(b"b's host"),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R1, dst=xa) / TCP(sport=3478, dport=pt, flags="S", seq=5),
               drop="nat_filtered")
    c.nat_down(a, IP(src=R4, dst=xa) / UDP(sport=5000, dport=pu + 1) / Raw(b"x"),
               drop="nat_no_mapping")
    return c


def case_nat_ports():
    c = Case("nat_ports", "CGNAT port allocation, block_size 64 and one block per subscriber: "
             "64 preserved ports (ports_preserved), the 65th refused with host unreachable "
             "(nat_ports_exhausted) while existing mappings still serve new remotes; ports "
             "the NAT chooses lie in the subscriber's block and keep UDP parity; the next "
             "subscriber on the address gets the next block")
    p = c.nat_setup(NatPool(block_size=64, blocks_per_sub=1))
    a, b, e = 2, 5, 3
    sa, sb, se = sub4(a), sub4(b), sub4(e)
    lo, hi = p.block(sa)
    assert (lo, hi) == (1024, 1087)
    for port in range(lo, hi + 1):
        c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=port, dport=53) / Raw(b"q%d" % port), eport=port)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=hi + 1, dport=53) / Raw(b"one too many"),
             err="nat_ports_exhausted")
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=30001, dport=53) / Raw(b"and another"),
             err="nat_ports_exhausted")
    # an existing mapping still reaches a new remote (no new port needed)
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=lo + 6, dport=53) / Raw(b"new remote"))
    # the next subscriber on that address: the next block, port preserved
    lo_e = p.block(se)[0]
    assert lo_e == hi + 1
    c.nat_up(e, IP(src=se, dst=R1) / UDP(sport=lo_e + 3, dport=53) / Raw(b"e"), eport=lo_e + 3)
    # ports the NAT chooses: in the block, UDP parity kept (RFC 4787 REQ-6)
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=p.port(sb, 2), dport=53) / Raw(b"b"),
             eport=p.port(sb, 2))
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=40001, dport=53) / Raw(b"odd"), eport="flex")
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=40002, dport=53) / Raw(b"even"), eport="flex")
    c.nat_up(b, IP(src=sb, dst=R2) / UDP(sport=40001, dport=53) / Raw(b"odd again"))
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=50003, dport=53, chksum=0) / Raw(b"odd, no cksum"),
             eport="flex")
    c.nat_up(b, IP(src=sb, dst=R1) / TCP(sport=40003, dport=80, flags="S"), eport="flex")
    c.nat_up(b, IP(src=sb, dst=R1) / ICMP(type=8, id=40004, seq=1), eport="flex")
    # replies to the first burst's mappings (read after it)
    xa = p.ext(sa)
    for port in (lo, lo + 1, lo + 31):
        c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=53, dport=port) / Raw(b"a%d" % port))
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=53, dport=hi + 1) / Raw(b"x"), drop="nat_no_mapping")
    return c


def case_nat_parity():
    c = Case("nat_parity", "CGNAT UDP parity with an odd port_min (1025): ports the NAT chooses "
             "have the inside port's parity (RFC 4787 REQ-6), the port's own, not its offset "
             "in the block")
    p = c.nat_setup(NatPool(port_min=1025, block_size=64, blocks_per_sub=1))
    a = 2
    sa = sub4(a)
    assert p.block(sa) == (1025, 1088)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=1027, dport=53) / Raw(b"kept"), eport=1027)
    for k in range(4):
        c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=40001 + 2 * k, dport=53) / Raw(b"odd"),
                 eport="flex")
        c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=50000 + 2 * k, dport=53) / Raw(b"even"),
                 eport="flex")
    return c


def case_nat_quota():
    c = Case("nat_quota", "CGNAT max_sessions_per_subscriber = 3 (RFC 6888 REQ-4): the 4th "
             "session of a subscriber is refused with host unreachable (nat_session_limit) "
             "whether it needs a new mapping or reuses one, and the refusal leaves the "
             "subscriber's mappings and their sessions as they were; other subscribers "
             "unaffected")
    p = c.nat_setup(NatPool(max_sessions=3, quarantine_s=120))
    a, b = 2, 5
    sa, sb = sub4(a), sub4(b)
    xa = p.ext(sa)
    p1, p2, p3, p4, p5 = (p.port(sa, k) for k in range(6, 11))
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=p1, dport=53) / Raw(b"1"), eport=p1)
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=p2, dport=53) / Raw(b"2"), eport=p2)
    c.nat_up(a, IP(src=sa, dst=R1) / TCP(sport=p3, dport=80, flags="S"), eport=p3)
    # over the limit: a new inside port, then a port whose mapping exists
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=p4, dport=53) / Raw(b"4"), err="nat_session_limit")
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=p1, dport=53) / Raw(b"5"), err="nat_session_limit")
    c.nat_up(a, IP(src=sa, dst=R1) / ICMP(type=8, id=p5, seq=1), err="nat_session_limit")
    # the sessions it has go on
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=p1, dport=53) / Raw(b"1 again"))
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=p.port(sb, 6), dport=53) / Raw(b"b"),
             eport=p.port(sb, 6))
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=53, dport=p1) / Raw(b"r1"))
    c.nat_down(a, IP(src=R1, dst=xa) / UDP(sport=53, dport=p2) / Raw(b"r2"))
    c.nat_down(a, IP(src=R1, dst=xa) / TCP(sport=80, dport=p3, flags="SA", ack=1))
    # a new inbound session through an existing mapping is over the limit too
    c.nat_down(a, IP(src=R3, dst=xa) / UDP(sport=7000, dport=p1) / Raw(b"unsolicited"),
               err="nat_session_limit")
    c.nat_down(b, IP(src=R1, dst=p.ext(sb)) / UDP(sport=53, dport=p.port(sb, 6)) / Raw(b"rb"))
    return c


def case_nat_quarantine():
    c = Case("nat_quarantine", "CGNAT quarantine (quarantine_s = 1, RFC 6888 REQ-8): "
             "sessions cleared from the console release their mappings, whose ports rest "
             "(quarantined_ports) about a second before their blocks go back and the "
             "subscribers are freed")
    p = c.nat_setup(NatPool(quarantine_s=1))
    a, b = 2, 5
    sa, sb = sub4(a), sub4(b)
    pu, pt, pi = (p.port(sa, k) for k in (1, 2, 3))
    c.nat_up(a, IP(src=sa, dst=R1) / UDP(sport=pu, dport=53) / Raw(b"u"), eport=pu)
    c.nat_up(a, IP(src=sa, dst=R2) / UDP(sport=pu, dport=53) / Raw(b"u2"))
    c.nat_up(a, IP(src=sa, dst=R1) / TCP(sport=pt, dport=80, flags="S"), eport=pt)
    c.nat_up(a, IP(src=sa, dst=R1) / ICMP(type=8, id=pi, seq=1), eport=pi)
    c.nat_up(b, IP(src=sb, dst=R1) / UDP(sport=p.port(sb, 1), dport=53) / Raw(b"b"),
             eport=p.port(sb, 1))
    c.nat_down(a, IP(src=R1, dst=p.ext(sa)) / UDP(sport=53, dport=pu) / Raw(b"r"))
    n_maps, n_sess = len(c.nat.maps), len(c.nat.sess)
    assert (n_maps, n_sess) == (4, 5)
    # after the input: the console clears every session; each mapping's
    # last session goes, its port rests for quarantine_s, then the blocks
    # go back and the subscribers with them
    c.steps = [
        {"cmd": "clear sessions all", "expect": {"cleared": n_sess}, "mark": True},
        {"cmd": "show nat statistics",
         "expect": {"mappings": 0, "quarantined_ports": n_maps, "subscribers": 2,
                    "counters.mappings_released": n_maps, "counters.blocks_released": 0},
         "before": 0.8},
        {"cmd": "show nat pools", "expect": {"0.ports_used": 3, "1.ports_used": 1,
                                              "0.blocks_used": 1, "1.blocks_used": 1},
         "before": 0.8},
        {"cmd": "show nat statistics", "until": {"quarantined_ports": 0}, "timeout": 3.0,
         "expect": {"quarantined_ports": 0, "mappings": 0, "subscribers": 0,
                    "counters.blocks_released": 2, "counters.mappings_released": n_maps},
         "after": 0.9},
        {"cmd": "show nat pools", "expect": {"0.ports_used": 0, "0.blocks_used": 0,
                                              "1.ports_used": 0, "1.blocks_used": 0}},
    ]
    assert p.ext(sa) == p.addrs[0] and p.ext(sb) == p.addrs[1]
    return c


def case_nat_owner():
    c = Case("nat_owner", "CGNAT with two workers: 40 subscribers' UDP, TCP and ICMP flows "
             "and unsolicited inbound (endpoint-independent filtering) all translated by the "
             "worker owning the subscriber, inbound packets reaching it from their external "
             "port alone (nat_owner); handoffs happen; one session per flow", workers=2)
    c.idle_port = True
    p = c.nat_setup(NatPool(addrs=["192.0.2.80/30"], block_size=256, workers=2))
    subs = list(range(2, 42))
    assert {p.owner(sub4(i)) for i in subs} == {0, 1}
    for i in subs:
        s = sub4(i)
        x = p.ext(s)
        pu, pt, pi = p.port(s, 11), p.port(s, 12), p.port(s, 13)
        assert p.owner_of_port(pu) == p.owner(s)
        r = REMOTE4 % (100 + i)
        ups = [
            (IP(src=s, dst=r) / UDP(sport=pu, dport=53) / Raw(b"q%d" % i), pu),
            (IP(src=s, dst=r) / TCP(sport=pt, dport=443, flags="S", seq=i), pt),
            (IP(src=s, dst=r) / ICMP(type=8, id=pi, seq=i), pi),
            (IP(src=s, dst=r) / TCP(sport=pt, dport=443, flags="A", seq=i + 1, ack=8), None),
        ]
        for l3, ep in ups:
            c.nat_up(i, l3, eport=ep)
        # in the same position of core0's input: read after them
        c.nat_down(i, IP(src=r, dst=x) / UDP(sport=53, dport=pu) / Raw(b"a%d" % i))
        c.nat_down(i, IP(src=r, dst=x) / TCP(sport=443, dport=pt, flags="SA", seq=7, ack=i + 1))
        c.nat_down(i, IP(src=r, dst=x) / ICMP(type=0, id=pi, seq=i))
        c.nat_down(i, IP(src=R4, dst=x) / UDP(sport=6000 + i, dport=pu) / Raw(b"in%d" % i))
    assert len(c.inp["access"]) == len(c.inp["core"])
    c.extra["handoff_min_total"] = 1
    # each worker holds its own subscribers' state
    c.nat.fixed["workers"] = [
        {"worker": w, "quarantined_ports": 0,
         "subscribers": sum(1 for s in c.nat.subs if p.owner(s) == w),
         "mappings": sum(1 for k in c.nat.maps if p.owner(k[0]) == w)} for w in range(2)]
    assert all(x["subscribers"] for x in c.nat.fixed["workers"])
    return c


CASES = [case_fwd_v4, case_fwd_v6, case_vlan, case_ttl, case_malformed, case_v6_ext_limit,
         case_fragments, case_routing, case_punt, case_icmp_error, case_handoff,
         case_icmp_errors, case_icmp_unreach_off, case_mtu, case_echo, case_icmp_limits,
         case_reassembly, case_router_rfc, case_nat_basic, case_nat_eim, case_nat_apdf, case_nat_adf,
         case_nat_ports, case_nat_parity, case_nat_quota, case_nat_quarantine, case_nat_owner]
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", nargs="?")
    ap.add_argument("--prefix", default="bngt%d" % os.getpid(),
                    help="EAL --file-prefix stem (unique per run)")
    ap.add_argument("--case", action="append", help="only these cases")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    a = ap.parse_args()
    names = [f.__name__[len("case_"):] for f in CASES]
    if a.list:
        print("\n".join(names))
        return 0
    if a.outdir is None:
        ap.error("OUTDIR is required")
    for f, name in zip(CASES, names):
        if a.case and name not in a.case:
            continue
        f().write(a.outdir, a.prefix)
    if a.case:
        unknown = set(a.case) - set(names)
        if unknown:
            print("gen.py: unknown case(s): %s" % " ".join(sorted(unknown)), file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
