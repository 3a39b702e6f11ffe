#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""
Golden traffic cases for bngd.

    /usr/bin/python3 gen.py OUTDIR [--prefix TAG] [--case NAME ...] [--list]

For every case, OUTDIR/<case>/ receives:
  access_in.pcap, core_in.pcap      what bngd reads on each port
  access_exp.pcap, core_exp.pcap    what bngd must write on each port
  case.conf                         bngd configuration (absolute pcap paths)
  expect.json                       output files to compare and the summary
                                    counters to check (read by compare.py)

Each input packet is added with its fate ("fwd" to a port and next hop,
"drop" with a drop reason, "punt" with a punt kind); the expected pcaps, the
drop/punt counters and the number of sessions all follow from those fates.
Expected packets are made from the input's raw bytes the way a router
rewrites them: VLAN tags removed, source MAC = egress port MAC, destination
MAC = next hop's MAC, TTL / hop limit minus one, IPv4 header checksum
recomputed. Nothing else may change (asserted while generating).
"""
import argparse
import json
import logging
import os
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


# Drop reasons decided after the session was created (by the service chain).
SESSION_STAGE_DROPS = {"ttl_exceeded", "no_route", "neighbor_unresolved"}


class Case:
    def __init__(self, name, doc, workers=1, routes=None, neighbors=None):
        self.name = name
        self.doc = doc
        self.workers = workers
        self.routes = DEFAULT_ROUTES if routes is None else routes
        self.neighbors = default_neighbors() if neighbors is None else neighbors
        self.inp = {"access": [], "core": []}
        self.exp = {"access": [], "core": []}
        self.drops = {}
        self.punts = {}
        self.flows = set()
        self.extra = {}
        self.check_sessions = True

    def add(self, port, frame, fwd=None, drop=None, punt=None, session=None):
        """
        One input frame on @port ("access"/"core") and its fate: fwd=(port,
        next-hop MAC), drop="reason" or punt="kind". session: whether it
        creates/uses a session (default: derived from the fate).
        """
        b = bytes(frame)
        assert sum(x is not None for x in (fwd, drop, punt)) == 1
        self.inp[port].append(b)
        if fwd is not None:
            out_port, dmac = fwd
            smac = A_MAC if out_port == "access" else C_MAC
            self.exp[out_port].append(routed(b, smac, dmac))
            if session is None:
                session = True
        elif drop is not None:
            self.drops[drop] = self.drops.get(drop, 0) + 1
            if session is None:
                session = drop in SESSION_STAGE_DROPS
        else:
            self.punts[punt] = self.punts.get(punt, 0) + 1
            if session is None:
                session = punt == "local"
        if session:
            k = flow_key(b)
            if k is not None:
                self.flows.add(k)

    # Shorthands: subscriber i upstream (leaves on core0 to the gateway) and
    # downstream to subscriber i (leaves on access0 to the subscriber).
    def up(self, i, l3, tag=None, **kw):
        e = Ether(src=sub_mac(i), dst=A_MAC)
        f = e / tag / l3 if tag is not None else e / l3
        if not kw:
            kw = {"fwd": ("core", GW_MAC)}
        self.add("access", f, **kw)

    def down(self, i, l3, **kw):
        f = Ether(src=GW_MAC, dst=C_MAC) / l3
        if not kw:
            kw = {"fwd": ("access", sub_mac(i))}
        self.add("core", f, **kw)

    # ------------------------------------------------------------ output
    def write(self, outdir, prefix):
        d = os.path.abspath(os.path.join(outdir, self.name))
        os.makedirs(d, exist_ok=True)
        files = {}
        for port in ("access", "core"):
            write_pcap(os.path.join(d, port + "_in.pcap"), self.inp[port])
            write_pcap(os.path.join(d, port + "_exp.pcap"), self.exp[port])
            files[port] = {
                "in": port + "_in.pcap",
                "expected": port + "_exp.pcap",
                "out": ["%s_out%d.pcap" % (port, q) for q in range(self.workers)],
                "rx": len(self.inp[port]),
                "tx": len(self.exp[port]),
            }
        expect = {
            "name": self.name,
            "doc": self.doc,
            "workers": self.workers,
            "ordered": self.workers == 1,
            "ports": files,
            "drops": self.drops,
            "punts": self.punts,
        }
        if self.check_sessions:
            expect["sessions_created"] = len(self.flows)
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

        eal = lcore_args(self.workers) + [
            "--no-huge", "--no-pci", "-m", "512", "--file-prefix",
            "%s_%s" % (prefix, self.name), "--log-level", "*:warning"]
        lines = [
            "# generated by tests/traffic/gen.py: case %s" % self.name,
            "# %s" % self.doc,
            "eal = { args = [ %s ]; };" % ", ".join('"%s"' % a for a in eal),
            "dataplane = { mbufs = 8191; mbuf_cache = 64; idle_sleep_us = 20; };",
            "sessions = { max = 4096; max_v6 = 1024; };",
            "ports = (",
            '  { name = "access0"; device = "%s"; role = "access";' % dev(0, "access"),
            '    mac = "%s"; address = [ "%s/24", "%s/64" ]; },' % (A_MAC, A_IP4, A_IP6),
            '  { name = "core0"; device = "%s"; role = "core";' % dev(1, "core"),
            '    mac = "%s"; address = [ "%s/24", "%s/64" ]; }' % (C_MAC, C_IP4, C_IP6),
            ");",
            "routes = (",
            ",\n".join("  { %s }" % r for r in self.routes),
            ");",
            "neighbors = (",
            ",\n".join('  { port = "%s"; address = "%s"; mac = "%s"; }' % n
                       for n in self.neighbors),
            ");",
            "",
        ]
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
    c = Case("ttl", "TTL/hop limit 0 and 1 dropped (ttl_exceeded), 2 leaves as 1; local "
             "address beats TTL; incremental checksum corner cases")
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    for ttl in (1, 0):
        c.up(2, IP(src=sub4(2), dst=r4, ttl=ttl) / UDP(sport=1, dport=2), drop="ttl_exceeded")
        c.up(2, IPv6(src=sub6(2), dst=r6, hlim=ttl) / UDP(sport=1, dport=2), drop="ttl_exceeded")
        c.down(2, IP(src=r4, dst=sub4(2), ttl=ttl) / UDP(sport=2, dport=1), drop="ttl_exceeded")
        c.down(2, IPv6(src=r6, dst=sub6(2), hlim=ttl) / UDP(sport=2, dport=1), drop="ttl_exceeded")
    c.up(2, IP(src=sub4(2), dst=r4, ttl=2) / UDP(sport=1, dport=2))
    c.up(2, IPv6(src=sub6(2), dst=r6, hlim=2) / UDP(sport=1, dport=2))
    c.down(2, IP(src=r4, dst=sub4(2), ttl=2) / UDP(sport=2, dport=1))
    c.down(2, IPv6(src=r6, dst=sub6(2), hlim=2) / UDP(sport=2, dport=1))
    c.up(3, IP(src=sub4(3), dst=r4, ttl=1) / TCP(sport=3, dport=80, flags="S"), drop="ttl_exceeded")
    c.up(3, IP(src=sub4(3), dst=r4, ttl=255) / TCP(sport=3, dport=80, flags="S"))
    c.up(3, IPv6(src=sub6(3), dst=r6, hlim=255) / TCP(sport=3, dport=80, flags="S"))
    # TTL 1 to the appliance's own address is for it, not expired
    c.up(4, IP(src=sub4(4), dst=A_IP4, ttl=1) / UDP(sport=4, dport=7), punt="local")
    c.up(4, IPv6(src=sub6(4), dst=A_IP6, hlim=1) / UDP(sport=4, dport=7), punt="local")
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
    c = Case("routing", "no default route: no_route; blackhole: no_route; gateway without "
             "neighbor and connected host without neighbor: neighbor_unresolved; own "
             "addresses: punted local", routes=routes)
    c.up(2, IP(src=sub4(2), dst="100.64.1.1") / UDP(sport=1, dport=2) / Raw(b"routed"))
    c.up(2, IPv6(src=sub6(2), dst="2001:db8:64::1") / UDP(sport=1, dport=2) / Raw(b"routed"))
    c.down(2, IP(src="100.64.1.1", dst=sub4(2)) / UDP(sport=2, dport=1) / Raw(b"back"))
    c.up(2, IP(src=sub4(2), dst="8.8.8.8") / UDP(sport=3, dport=53), drop="no_route")
    c.up(2, IPv6(src=sub6(2), dst="2001:4860::8888") / UDP(sport=3, dport=53), drop="no_route")
    c.up(2, IP(src=sub4(2), dst="192.0.2.55") / UDP(sport=4, dport=53), drop="no_route")
    c.up(2, IPv6(src=sub6(2), dst="2001:db8:99::1") / UDP(sport=4, dport=53), drop="no_route")
    c.up(2, IP(src=sub4(2), dst="203.0.113.9") / TCP(sport=5, dport=80, flags="S"), drop="neighbor_unresolved")
    c.up(2, IPv6(src=sub6(2), dst="2001:db8:30::9") / TCP(sport=5, dport=80, flags="S"),
         drop="neighbor_unresolved")
    # connected prefixes, host without a neighbor entry
    c.up(2, IP(src=sub4(2), dst="198.51.100.77") / UDP(sport=6, dport=6), drop="neighbor_unresolved")
    c.down(2, IP(src="100.64.1.1", dst="10.0.0.99") / UDP(sport=6, dport=6), drop="neighbor_unresolved")
    c.down(2, IPv6(src="2001:db8:64::1", dst="2001:db8:10::99") / UDP(sport=6, dport=6),
           drop="neighbor_unresolved")
    # the appliance's own addresses, from both sides
    c.up(3, IP(src=sub4(3), dst=A_IP4) / UDP(sport=7, dport=7) / Raw(b"me"), punt="local")
    c.up(3, IP(src=sub4(3), dst=C_IP4) / ICMP(type=8, id=3, seq=1), punt="local")
    c.up(3, IPv6(src=sub6(3), dst=A_IP6) / ICMPv6EchoRequest(id=3, seq=1), punt="local")
    c.up(3, IPv6(src=sub6(3), dst=C_IP6) / TCP(sport=7, dport=22, flags="S"), punt="local")
    c.down(3, IP(src="100.64.1.1", dst=C_IP4) / ICMP(type=8, id=4, seq=1), punt="local")
    c.down(3, IPv6(src="2001:db8:64::1", dst=C_IP6) / UDP(sport=8, dport=8), punt="local")
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


CASES = [case_fwd_v4, case_fwd_v6, case_vlan, case_ttl, case_malformed, case_v6_ext_limit,
         case_fragments, case_routing, case_punt, case_icmp_error, case_handoff]


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
