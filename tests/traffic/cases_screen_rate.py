# SPDX-License-Identifier: BSD-3-Clause
"""
Golden cases of the rate screens (lib/screen screen_rate.h): SYN, ICMP and
UDP floods per destination and SYNs per source cut at their bucket's depth,
an IP sweep and a port scan stopped at their threshold and their sources
blocked (and listed), normal traffic beside them untouched, and the same
attacks forwarded where the zone leaves the rate screens off.

Deterministic by construction: every flood bucket holds 10 packets and
refills 1 a second (rate 1, burst_ms 10000), sweep and scan windows last
10 s, and a case's input is read in milliseconds, so nothing refills or
rolls over while it runs.
"""
from golden import *  # noqa: F401,F403

DEPTH = 10   # packets a flood bucket holds: rate 1/s * burst_ms 10000


def rate_zone(zone, ports, enable, **settings):
    """One zone of the screens section, with rate screen settings."""
    return '  { zone = "%s"; ports = [ %s ]; enable = [ %s ];%s }' % (
        zone, ", ".join('"%s"' % p for p in ports), ", ".join('"%s"' % s for s in enable),
        "".join(" %s = %d;" % kv for kv in settings.items()))


def screens(c, *zones):
    c.conf.append("screens = (\n%s\n);" % ",\n".join(zones))


def syn(src, dst, sport, dport=80, v6=False):
    ip = IPv6(src=src, dst=dst) if v6 else IP(src=src, dst=dst)
    return ip / TCP(sport=sport, dport=dport, flags="S", seq=1000)


def echo(src, dst, ident=9):
    return IP(src=src, dst=dst) / ICMP(type=8, id=ident, seq=1) / Raw(b"ping")


def udp(src, dst, sport=5000, dport=53):
    return IP(src=src, dst=dst) / UDP(sport=sport, dport=dport) / Raw(b"datagram")


def case_screen_flood():
    c = Case("screen_flood", "rate screens, floods: zone internet (core0) enables land, "
             "syn-flood, icmp-flood and udp-flood, zone subscribers (access0) syn-flood-src, "
             "each bucket 10 packets deep: 50 SYNs from 50 sources to one subscriber (10 pass), "
             "15 IPv6 SYNs to another, 30 echo requests and 30 UDP datagrams to one destination "
             "each, 25 SYNs from one subscriber to 25 hosts: the first 10 of each pass, the "
             "rest dropped under the screen's reason; an established TCP flow both ways, SYNs "
             "to other destinations and SYN-ACKs pass throughout; show screen counts")
    screens(c, rate_zone("internet", ["core0"], ["land", "syn-flood", "icmp-flood", "udp-flood"],
                         syn_flood=1, icmp_flood=1, udp_flood=1, burst_ms=10000),
            rate_zone("subscribers", ["access0"], ["syn-flood-src"], syn_flood_src=1,
                      burst_ms=10000))
    r4 = REMOTE4 % 10
    drops = {"syn-flood": 0, "icmp-flood": 0, "udp-flood": 0, "syn-flood-src": 0}

    def attack(send, i, n, screen):
        if n < DEPTH:
            send(i)
        else:
            send(i, drop="screen_" + screen.replace("-", "_"))
            drops[screen] += 1

    def flow(k):
        """The established flow of subscriber 9, both ways (ACKs: no screen counts them)."""
        c.up(9, IP(src=sub4(9), dst=r4) / TCP(sport=3000, dport=443, flags="A", seq=k) /
             Raw(b"up"))
        c.down(9, IP(src=r4, dst=sub4(9)) / TCP(sport=443, dport=3000, flags="A", ack=k) /
               Raw(b"down"))

    for n in range(50):
        attack(lambda i, **kw: c.down(i, syn(REMOTE4 % (150 + n), sub4(2), 1000 + n), **kw),
               2, n, "syn-flood")
        if n % 5 == 0:
            flow(n)
    for n in range(15):
        attack(lambda i, **kw: c.down(i, syn(REMOTE6 % (0x100 + n), sub6(3), 1000 + n, v6=True),
                                      **kw), 3, n, "syn-flood")
    for n in range(30):
        attack(lambda i, **kw: c.down(i, IP(src=REMOTE4 % 7, dst=sub4(4)) /
                                      ICMP(type=8, id=0x44, seq=n) / Raw(b"flood"), **kw),
               4, n, "icmp-flood")
        attack(lambda i, **kw: c.down(i, udp(REMOTE4 % 8, sub4(5), sport=53, dport=2000 + n),
                                      **kw), 5, n, "udp-flood")
        if n % 5 == 0:
            flow(100 + n)
    for n in range(25):
        attack(lambda i, **kw: c.up(i, syn(sub4(6), REMOTE4 % (100 + n), 2000 + n), **kw),
               6, n, "syn-flood-src")
    # other destinations and sources keep their own buckets; SYN-ACKs are no SYN flood
    for n in range(5):
        c.down(7, syn(REMOTE4 % 150, sub4(7), 4000 + n))
        c.up(8, syn(sub4(8), r4, 4000 + n))
        c.down(8, IP(src=r4, dst=sub4(8)) / TCP(sport=80, dport=4000 + n, flags="SA", seq=9,
                                                 ack=1001))
        flow(200 + n)
    c.steps = [{"cmd": "show screen", "expect": {
        "0.zone": "internet", "0.enabled": ["land", "syn-flood", "icmp-flood", "udp-flood"],
        "0.drops.land": 0, "0.drops.syn-flood": drops["syn-flood"],
        "0.drops.icmp-flood": drops["icmp-flood"], "0.drops.udp-flood": drops["udp-flood"],
        "0.drops.blocked": None,
        "0.total": drops["syn-flood"] + drops["icmp-flood"] + drops["udp-flood"],
        "0.rate.thresholds.syn-flood": 1, "0.rate.burst_ms": 10000, "0.rate.block_s": None,
        "1.zone": "subscribers", "1.enabled": ["syn-flood-src"],
        "1.drops.syn-flood-src": drops["syn-flood-src"], "1.total": drops["syn-flood-src"],
        "2": None}}]
    return c


def case_screen_scan():
    c = Case("screen_scan", "rate screens, sweep and scan: zone subscribers (access0) enables "
             "ip-sweep and port-scan (20 in 10 s, block 60 s): a subscriber pinging 40 hosts "
             "(a repeat in between) and one sending SYNs to 40 ports of a host: 20 pass, the "
             "21st is dropped as the sweep / scan, then the source is blocked (a later UDP "
             "datagram too); SYNs to one port from many source ports, UDP to 40 hosts, other "
             "subscribers' flows and the internet's replies pass; show screen counts; show "
             "screen blocked lists both sources with their drops")
    screens(c, rate_zone("subscribers", ["access0"], ["ip-sweep", "port-scan"], ip_sweep=20,
                         port_scan=20, window_ms=10000, block_s=60))
    r4 = REMOTE4 % 50
    sweeper, scanner = sub4(2), sub4(3)
    blocked = {sweeper: 0, scanner: 0}

    def probe(who, i, pkt, n, screen):
        if n < 20:
            c.up(i, pkt)
        elif n == 20:
            c.up(i, pkt, drop="screen_" + screen.replace("-", "_"))
        else:
            c.up(i, pkt, drop="screen_blocked")
            blocked[who] += 1

    for n in range(40):
        probe(sweeper, 2, echo(sweeper, REMOTE4 % (100 + n)), n, "ip-sweep")
        if n == 10:
            # a destination seen already in the window is not a new one
            c.up(2, echo(sweeper, REMOTE4 % 100, ident=10))
        probe(scanner, 3, syn(scanner, r4, 40000 + n, dport=1 + n), n, "port-scan")
        # beside them: one port from many source ports, UDP to many hosts, replies
        c.up(4, syn(sub4(4), r4, 30000 + n, dport=443))
        c.up(5, udp(sub4(5), REMOTE4 % (100 + n), sport=6000 + n))
        if n % 4 == 0:
            c.down(4, IP(src=r4, dst=sub4(4)) / TCP(sport=443, dport=30000 + n, flags="SA",
                                                     seq=5, ack=1001))
    c.up(2, udp(sweeper, r4), drop="screen_blocked")
    blocked[sweeper] += 1
    c.up(3, echo(scanner, REMOTE4 % 60), drop="screen_blocked")
    blocked[scanner] += 1
    c.steps = [
        {"cmd": "show screen", "expect": {
            "0.zone": "subscribers", "0.enabled": ["ip-sweep", "port-scan"],
            "0.drops.ip-sweep": 1, "0.drops.port-scan": 1,
            "0.drops.blocked": blocked[sweeper] + blocked[scanner],
            "0.total": 2 + blocked[sweeper] + blocked[scanner],
            "0.rate.thresholds.ip-sweep": 20, "0.rate.window_ms": 10000, "0.rate.block_s": 60,
            "0.rate.sources_blocked": 2, "0.rate.events_lost": 0,
            "0.rate.events_unlogged": 0}},
        {"cmd": "show screen blocked", "expect": {
            "0.source": sweeper, "0.zone": "subscribers", "0.screen": "ip-sweep",
            "0.dropped": blocked[sweeper],
            "1.source": scanner, "1.screen": "port-scan", "1.dropped": blocked[scanner],
            "2": None}},
        {"cmd": "show screen blocked zone subscribers", "expect": {"1.source": scanner}},
    ]
    return c


def case_screen_rate_off():
    c = Case("screen_rate_off", "the floods, sweep and scan of screen_flood and screen_scan "
             "through zones that enable only stateless screens: every packet forwarded, no "
             "rate section in show screen, nobody blocked")
    screens(c, rate_zone("internet", ["core0"], ["land"]),
            rate_zone("subscribers", ["access0"], ["syn-fin"]))
    for n in range(30):
        c.down(2, syn(REMOTE4 % (150 + n), sub4(2), 1000 + n))
        c.down(4, IP(src=REMOTE4 % 7, dst=sub4(4)) / ICMP(type=8, id=0x44, seq=n))
        c.down(5, udp(REMOTE4 % 8, sub4(5), sport=53, dport=2000 + n))
        c.up(6, syn(sub4(6), REMOTE4 % (100 + n), 2000 + n))
        c.up(3, syn(sub4(3), REMOTE4 % 50, 40000 + n, dport=1 + n))
        c.up(2, echo(sub4(2), REMOTE4 % (100 + n)))
    c.steps = [{"cmd": "show screen", "expect": {"0.rate": None, "1.rate": None,
                                                 "0.total": 0, "1.total": 0}},
               {"cmd": "show screen blocked", "expect": {"0": None}}]
    return c
