# SPDX-License-Identifier: BSD-3-Clause
"""
Golden cases of the stateless screens (lib/screen): every screened packet
kind dropped under its own reason on a zone that enables it, the same
packets forwarded untouched where the zone leaves that screen off, normal
traffic (fragmented UDP, SYNs, echoes, harmless options) through every
screen, and the per-zone counters of "show screen".
"""
from scapy.all import IPOption_LSRR, IPOption_SSRR  # noqa: E402

from cases_router import pat
from golden import *  # noqa: F401,F403

ALL_SCREENS = ["land", "source-route", "record-route", "ping-of-death", "teardrop",
               "icmp-fragment", "winnuke", "syn-fin", "tcp-no-flag"]


class Zones:
    """The case's screens section and the drops each zone must count."""

    def __init__(self, c, zones):
        self.c = c
        self.zones = zones          # [(name, [ports], [screens])]
        self.drops = {z: {s: 0 for s in en} for z, _, en in zones}
        self.port_zone = {p: z for z, ports, _ in zones for p in ports}
        c.conf.append("screens = (\n%s\n);" % ",\n".join(
            '  { zone = "%s"; ports = [ %s ]; enable = [ %s ]; }'
            % (z, ", ".join('"%s"' % p for p in ports), ", ".join('"%s"' % s for s in en))
            for z, ports, en in zones))

    def drop(self, port, frame_fn, screen):
        """@frame_fn(drop=...) adds a packet on @port that @screen drops."""
        zone = self.port_zone[port + "0"]
        assert screen in self.drops[zone], "%s is off in zone %s" % (screen, zone)
        self.drops[zone][screen] += 1
        frame_fn(drop="screen_" + screen.replace("-", "_"))

    def up(self, i, l3, screen, **kw):
        self.drop("access", lambda **d: self.c.up(i, l3, **kw, **d), screen)

    def down(self, i, l3, screen):
        self.drop("core", lambda **d: self.c.down(i, l3, **d), screen)

    def step(self):
        """The console step checking "show screen" against the drops counted."""
        exp = {}
        for n, (z, ports, en) in enumerate(self.zones):
            exp["%d.zone" % n] = z
            exp["%d.ports" % n] = ports
            exp["%d.enabled" % n] = en
            exp["%d.total" % n] = sum(self.drops[z].values())
            for s in en:
                exp["%d.drops.%s" % (n, s)] = self.drops[z][s]
        return {"cmd": "show screen", "expect": exp}


def icmp_echo(src, dst, size, ident=7, typ=8, **kw):
    """IPv4 ICMP echo (@typ) of @size bytes in all, as bytes."""
    return raw(IP(src=src, dst=dst, **kw) / ICMP(type=typ, id=ident, seq=1) / Raw(pat(size - 28)))


def icmp6_echo(src, dst, size, ident=7):
    return raw(IPv6(src=src, dst=dst) / ICMPv6EchoRequest(id=ident, seq=1, data=pat(size - 48)))


def lsrr(*hops):
    return IPOption_LSRR(routers=list(hops), pointer=4)


def case_screen():
    c = Case("screen", "stateless screens: zone subscribers (access0) enables all nine, "
             "zone internet (core0) land, source-route, winnuke, syn-fin, tcp-no-flag; "
             "each attack kind dropped under its reason (IPv4, IPv6, tagged, to the "
             "appliance), the ones internet leaves off forwarded from the core untouched, "
             "normal traffic (fragmented UDP both families, SYN, SYN to 139, URG to 80, "
             "echo, router alert option, the classic teardrop's harmless second fragment) "
             "forwarded; show screen counts per zone", ip={"icmp_burst": 1000})
    z = Zones(c, [("subscribers", ["access0"], ALL_SCREENS),
                  ("internet", ["core0"], ["land", "source-route", "winnuke", "syn-fin",
                                           "tcp-no-flag"])])
    r4, r6 = REMOTE4 % 10, REMOTE6 % 10
    s4, s6 = sub4(2), sub6(2)

    # ---- subscribers: every kind, dropped
    z.up(2, IP(src=r4, dst=r4) / TCP(sport=1000, dport=80, flags="S"), "land")
    z.up(2, IP(src=s4, dst=s4) / UDP(sport=7, dport=7) / Raw(b"land udp"), "land")
    z.up(2, IPv6(src=s6, dst=s6) / TCP(sport=1000, dport=80, flags="S"), "land")
    z.up(2, IP(src=s4, dst=r4, options=[lsrr("192.0.2.1", "192.0.2.2")]) /
         UDP(sport=1, dport=2) / Raw(b"lsrr"), "source-route")
    z.up(2, IP(src=s4, dst=r4, options=[IPOption_SSRR(routers=["192.0.2.1"], pointer=4)]) /
         TCP(sport=1001, dport=80, flags="S"), "source-route")
    z.up(2, IPv6(src=s6, dst=r6) / IPv6ExtHdrRouting(type=0, addresses=["2001:db8:ffff::99"]) /
         UDP(sport=1, dport=2) / Raw(b"rh0"), "source-route")
    z.up(2, IP(src=s4, dst=r4, options=[b"\x07\x07\x04\x00\x00\x00\x00", b"\x01"]) /
         UDP(sport=1, dport=2) / Raw(b"record route"), "record-route")
    # ping of death: the last fragment of a 65,600-byte echo (offset 65512)
    z.up(2, IP(src=s4, dst=r4, id=0x0d0d, frag=8189, proto=1) / Raw(pat(68)), "ping-of-death")
    z.up(2, IPv6(src=s6, dst=r6) / IPv6ExtHdrFragment(nh=58, offset=8189, id=0xd0d) /
         Raw(pat(68)), "ping-of-death")
    # teardrop: the classic first fragment (36 bytes, MF), TCP at offset 8,
    # IPv6 with M set and 20 bytes
    tear = raw(UDP(sport=53, dport=53, len=36)) + pat(28)
    z.up(2, IP(src=s4, dst=r4, id=0x7ea, flags="MF", proto=17) / Raw(tear), "teardrop")
    z.up(2, IP(src=s4, dst=r4, id=0x7eb, frag=1, proto=6) / Raw(pat(40)), "teardrop")
    z.up(2, IPv6(src=s6, dst=r6) / IPv6ExtHdrFragment(nh=17, m=1, id=0x7ec) / Raw(tear[:20]),
         "teardrop")
    # ... its second fragment (offset 24, 4 bytes, the last) overlaps only
    # what was dropped: nothing to see alone, forwarded
    c.up(2, IP(src=s4, dst=r4, id=0x7ea, frag=3, proto=17) / Raw(b"boom"))
    # fragmented pings, both families, every fragment
    for f in ip4_split(icmp_echo(s4, r4, 1600, id=0x1c), mtu=1500):
        z.up(2, f, "icmp-fragment")
    for f in ip6_split(icmp6_echo(s6, r6, 1600), [1232], 0x1c):
        z.up(2, f, "icmp-fragment")
    z.up(2, IP(src=s4, dst=r4) / TCP(sport=1002, dport=139, flags="UA", urgptr=1) / Raw(b"!"),
         "winnuke")
    z.up(2, IPv6(src=s6, dst=r6) / TCP(sport=1002, dport=139, flags="U", urgptr=1) / Raw(b"!"),
         "winnuke")
    # WinNuke to the appliance itself: screened before local delivery
    z.up(2, IP(src=s4, dst=A_IP4) / TCP(sport=1003, dport=139, flags="UA", urgptr=1) /
         Raw(b"!"), "winnuke")
    z.up(2, IP(src=s4, dst=r4) / TCP(sport=1004, dport=80, flags="SF"), "syn-fin")
    z.up(2, IPv6(src=s6, dst=r6) / TCP(sport=1004, dport=80, flags="SFPU"), "syn-fin")
    z.up(2, IP(src=s4, dst=r4) / TCP(sport=1005, dport=80, flags="SF"), "syn-fin",
         tag=Dot1Q(vlan=42))
    z.up(2, IP(src=s4, dst=r4) / TCP(sport=1006, dport=80, flags=0), "tcp-no-flag")
    z.up(2, IPv6(src=s6, dst=r6) / TCP(sport=1006, dport=80, flags="EC"), "tcp-no-flag")

    # ---- subscribers: normal traffic passes every screen
    s3 = sub4(3)
    for f in ip4_split(raw(udp4_bytes(s3, r4, 3000, id=0x3000)), mtu=1500):
        c.up(3, f)
    for f in ip6_split(raw(IPv6(src=sub6(3), dst=r6) / UDP(sport=5000, dport=9) /
                           Raw(pat(2952))), [1448, 1448], 0x3001):
        c.up(3, f)
    c.up(3, IP(src=s3, dst=r4) / TCP(sport=2000, dport=80, flags="S", seq=100))
    c.down(3, IP(src=r4, dst=s3) / TCP(sport=80, dport=2000, flags="SA", seq=900, ack=101))
    c.up(3, IP(src=s3, dst=r4) / TCP(sport=2001, dport=139, flags="S", seq=100))
    c.up(3, IP(src=s3, dst=r4) / TCP(sport=2002, dport=80, flags="UA", urgptr=1) / Raw(b"u"))
    c.up(3, IPv6(src=sub6(3), dst=r6) / TCP(sport=2000, dport=443, flags="S"))
    c.up(3, icmp_echo(s3, r4, 84, ident=0x33))
    c.down(3, icmp_echo(r4, s3, 84, ident=0x33, typ=0))
    c.up(3, icmp6_echo(sub6(3), r6, 104, ident=0x33))
    c.up(3, IP(src=s3, dst=r4, options=[b"\x94\x04\x00\x00"]) / UDP(sport=3, dport=4) /
         Raw(b"router alert"))
    c.up(3, IP(src=s3, dst=A_IP4) / ICMP(type=8, id=0x34, seq=1) / Raw(b"to the box"),
         echo=True)

    # ---- internet: its screens drop
    s4 = sub4(4)
    z.down(4, IP(src=s4, dst=s4) / TCP(sport=80, dport=1000, flags="S"), "land")
    z.down(4, IPv6(src=sub6(4), dst=sub6(4)) / UDP(sport=7, dport=7), "land")
    z.down(4, IP(src=r4, dst=s4, options=[lsrr("192.0.2.1")]) / UDP(sport=1, dport=2),
           "source-route")
    z.down(4, IP(src=r4, dst=s4) / TCP(sport=1, dport=139, flags="UA", urgptr=1) / Raw(b"!"),
           "winnuke")
    z.down(4, IP(src=r4, dst=s4) / TCP(sport=80, dport=1004, flags="SF"), "syn-fin")
    z.down(4, IP(src=r4, dst=s4) / TCP(sport=80, dport=1006, flags=0), "tcp-no-flag")
    # ---- internet: what it leaves off is forwarded untouched
    c.down(4, IP(src=r4, dst=s4, options=[b"\x07\x07\x04\x00\x00\x00\x00", b"\x01"]) /
           UDP(sport=1, dport=2) / Raw(b"record route"))
    c.down(4, IP(src=r4, dst=s4, id=0x0d0e, frag=8189, proto=1) / Raw(pat(68)))
    c.down(4, IP(src=r4, dst=s4, id=0x7ed, flags="MF", proto=17) / Raw(tear))
    for f in ip4_split(icmp_echo(r4, s4, 1600, ident=0x4c, typ=0, id=0x4c), mtu=1500):
        c.down(4, f)
    c.down(4, IPv6(src=r6, dst=sub6(4)) / IPv6ExtHdrFragment(nh=58, offset=8189, id=0xd0e) /
           Raw(pat(68)))
    c.steps = [z.step()]
    return c


def udp4_bytes(src, dst, size, **kw):
    """IPv4/UDP of @size bytes in all."""
    return IP(src=src, dst=dst, **kw) / UDP(sport=5000, dport=9) / Raw(pat(size - 28))


def case_screen_workers():
    c = Case("screen_workers", "one zone over access0 and core0 with two workers (one port "
             "each): land and SYN-FIN from both sides dropped, normal flows forwarded (and "
             "handed off); show screen sums the zone's drops over the workers",
             workers=2)
    z = Zones(c, [("edge", ["access0", "core0"], ["land", "syn-fin"])])
    r4 = REMOTE4 % 20
    for i in range(2, 8):
        z.up(i, IP(src=sub4(i), dst=sub4(i)) / UDP(sport=7, dport=7), "land")
        z.down(i, IP(src=r4, dst=r4) / UDP(sport=7, dport=7), "land")
        z.down(i, IP(src=r4, dst=sub4(i)) / TCP(sport=80, dport=1000 + i, flags="SF"), "syn-fin")
        c.up(i, IP(src=sub4(i), dst=r4) / UDP(sport=4000 + i, dport=53) / Raw(b"q"))
        c.down(i, IP(src=r4, dst=sub4(i)) / UDP(sport=53, dport=4000 + i) / Raw(b"a"))
        # off in this zone
        c.up(i, IP(src=sub4(i), dst=r4) / TCP(sport=5000 + i, dport=80, flags=0))
    c.steps = [z.step()]
    return c


def case_screen_none():
    c = Case("screen_none", "no screens section (the default): the packets the screens "
             "drop are forwarded like any others")
    r4, s = REMOTE4 % 30, sub4(5)
    c.up(5, IP(src=r4, dst=r4) / TCP(sport=1000, dport=80, flags="S"))
    c.up(5, IP(src=s, dst=r4, options=[lsrr("192.0.2.1")]) / UDP(sport=1, dport=2))
    c.up(5, IP(src=s, dst=r4, id=0x0d0d, frag=8189, proto=1) / Raw(pat(68)))
    c.up(5, IP(src=s, dst=r4, flags="MF", proto=17) / Raw(raw(UDP(len=36)) + pat(28)))
    c.up(5, IP(src=s, dst=r4) / TCP(sport=1, dport=139, flags="UA", urgptr=1) / Raw(b"!"))
    c.up(5, IP(src=s, dst=r4) / TCP(sport=2, dport=80, flags="SF"))
    c.up(5, IP(src=s, dst=r4) / TCP(sport=3, dport=80, flags=0))
    c.down(5, IP(src=s, dst=s) / UDP(sport=7, dport=7))
    c.steps = [{"cmd": "show screen", "expect": {"0": None}}]
    return c
