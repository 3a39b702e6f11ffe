# SPDX-License-Identifier: BSD-3-Clause
"""
Golden cases of the ACL policy (rte_acl): rules in order (the first match
wins), on tenant, ingress side, protocol, prefixes and port ranges, IPv4
and IPv6; permit forwards and makes a session, whose later packets the ACL
never sees again (its rule's hits count sessions, not packets); deny drops
every packet of the flow (no session, each classified again); reject answers
on the wire: a TCP reset with the sequence numbers RFC 9293 3.10.7.1 gives a
closed port, ICMP port unreachable for UDP, administratively prohibited for
the rest, each quoting the packet; the default action; the answers' rate.
"""
import struct

from golden import *  # noqa: F401,F403

TENANTS = 'tenants = ( { id = 0; name = "subs"; services = [ "acl", "forward", "counters" ]; } );'


class AclCase(Case):
    """A case whose answers to rejected flows touch no "ip" counter of the router."""

    def count(self, what, name, n=1):
        if name is not None:
            Case.count(self, what, name, n)


class Unreach(IcmpErr):
    """The ICMP unreachable (@code4 / @code6) bngd answers a rejected flow with."""

    def __init__(self, orig, in_port, out_port, dmac, code4, code6):
        self.orig = orig
        self.v6 = is_v6(orig)
        self.type, self.code = (1, code6) if self.v6 else (3, code4)
        self.counter = None
        self.in_port, self.out_port, self.dmac, self.info = in_port, out_port, dmac, 0


class Reset(IcmpErr):
    """
    The TCP reset for segment @orig (an IP datagram): to its source from its
    destination, ports swapped; <SEQ=SEG.ACK><CTL=RST> when it had ACK,
    otherwise <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, SEG.LEN counting
    the data, SYN and FIN. IPv4: DF, TTL 64, the worker's identification.
    """

    def __init__(self, orig, out_port, dmac):
        self.orig, self.v6 = orig, is_v6(orig)
        self.counter = None
        self.out_port, self.dmac = out_port, dmac

    def build(self, ip_id):
        o = self.orig
        if self.v6:
            src, dst, hl, tot = o[24:40], o[8:24], 40, 40 + int.from_bytes(o[4:6], "big")
        else:
            src, dst, hl, tot = o[16:20], o[12:16], (o[0] & 0xf) * 4, int.from_bytes(o[2:4], "big")
        th = o[hl:]
        sport, dport, seq, ack = struct.unpack("!HHII", th[:12])
        doff, flags = (th[12] >> 4) * 4, th[13]
        seglen = tot - hl - doff + (1 if flags & 0x02 else 0) + (1 if flags & 0x01 else 0)
        if flags & 0x10:
            rseq, rack, rflags = ack, 0, 0x04
        else:
            rseq, rack, rflags = 0, (seq + seglen) & 0xffffffff, 0x14
        tcp = bytearray(struct.pack("!HHIIBBHHH", dport, sport, rseq, rack, 0x50, rflags, 0, 0, 0))
        if self.v6:
            tcp[16:18] = csum6(src, dst, 6, bytes(tcp)).to_bytes(2, "big")
            l3 = b"\x60\0\0\0" + (20).to_bytes(2, "big") + b"\x06\x40" + src + dst + bytes(tcp)
        else:
            ph = src + dst + b"\0\x06" + (20).to_bytes(2, "big")
            tcp[16:18] = csum(ph + bytes(tcp)).to_bytes(2, "big")
            hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, ip_id, 0x4000, 64, 6, 0, src, dst)
            l3 = ip4_fix(hdr) + bytes(tcp)
            # scapy reads the same thing (a cross-check of the builder)
            p = IP(l3)
            assert p[TCP].flags == rflags and p[TCP].seq == rseq and p[TCP].ack == rack
            assert p.flags == "DF" and p.ttl == 64 and p.id == ip_id
        return eth(self.dmac, self.out_port, l3)


def up_reset(c, i, l3, drop="acl_reject"):
    b = raw(as_l3(l3))
    c.up(i, b, drop=drop, stage="owned", out=[("access", Reset(b, "access", sub_mac(i)))])


def up_unreach(c, i, l3, code4, code6):
    b = raw(as_l3(l3))
    c.up(i, b, drop="acl_reject", stage="owned",
         out=[("access", Unreach(b, "access", "access", sub_mac(i), code4, code6))])


def acl_conf(default, rules, rate=1000, burst=1000):
    return ('acl = { default = "%s"; reject_rate = %d; reject_burst = %d; rules = (\n%s\n); };'
            % (default, rate, burst, ",\n".join('  "%s"' % r for r in rules)))


RULES = [
    "deny from access proto tcp dst 203.0.113.10 dport 23",          # 1
    "reject from access proto tcp dport 25",                          # 2: RST, v4 and v6
    "reject proto udp dst 203.0.113.11 dport 53",                     # 3: port unreachable
    "permit from access proto tcp src 10.0.0.5 dport 25",             # 4: shadowed by 2
    "permit proto udp src 10.0.0.6 dport 5000-5999",                  # 5: before 6
    "deny proto udp dport 5000-5999",                                 # 6
    "deny tenant 1 proto udp dport 7000",                             # 7: another tenant's
    "deny tenant 0 proto udp dport 7001",                             # 8
    "reject from core proto icmp",                                    # 9: admin prohibited
    "reject proto udp dst 2001:db8:ffff::b dport 53",                 # 10: ICMPv6 port unreachable
    "deny src 2001:db8:10::8/128",                                    # 11: an IPv6 source, any protocol
    "reject proto 47",                                                # 12: GRE: admin prohibited
]


def case_acl():
    c = AclCase("acl", "ACL rules in order: deny telnet to one host (twice: both packets "
                "dropped, the rule hit twice), reject SMTP with TCP resets (SYN, SYN with "
                "data, a mid-stream ACK segment, IPv6; a reset itself not answered), UDP to a "
                "resolver with port unreachable (IPv4 and IPv6), a later permit shadowed by an "
                "earlier reject, a permit before a deny of the same ports, tenant match, ICMP "
                "from the core and GRE with administratively prohibited, an IPv6 source denied; "
                "permitted flows forwarded both ways, their rule hit once per session")
    c.conf += [TENANTS, acl_conf("permit", RULES)]
    r10, r11, r12 = REMOTE4 % 10, REMOTE4 % 11, REMOTE4 % 12
    s2, s5, s6, s7 = sub4(2), sub4(5), sub4(6), sub4(7)

    # rule 1: denied, every packet (no session is made for it)
    c.up(2, IP(src=s2, dst=r10) / TCP(sport=40000, dport=23, flags="S", seq=1), drop="acl_deny")
    c.up(2, IP(src=s2, dst=r10) / TCP(sport=40000, dport=23, flags="S", seq=1), drop="acl_deny")
    # ... telnet elsewhere: permitted by default, both directions forwarded
    c.up(2, IP(src=s2, dst=r12) / TCP(sport=40001, dport=23, flags="S", seq=1))
    c.down(2, IP(src=r12, dst=s2) / TCP(sport=23, dport=40001, flags="SA", seq=77, ack=2))
    c.up(2, IP(src=s2, dst=r12) / TCP(sport=40001, dport=23, flags="A", seq=2, ack=78))

    # rule 2: resets
    up_reset(c, 2, IP(src=s2, dst=r12) / TCP(sport=40002, dport=25, flags="S", seq=1000))
    up_reset(c, 2, IP(src=s2, dst=r12) / TCP(sport=40003, dport=25, flags="S", seq=0xfffffffe) /
             Raw(b"early"))
    up_reset(c, 2, IP(src=s2, dst=r12) / TCP(sport=40004, dport=25, flags="PA", seq=5000,
                                             ack=7000) / Raw(b"MAIL FROM:<a@b>\r\n"))
    up_reset(c, 2, IP(src=s2, dst=r12) / TCP(sport=40005, dport=25, flags="FA", seq=9, ack=10))
    up_reset(c, 3, IPv6(src=sub6(3), dst=REMOTE6 % 12) / TCP(sport=40006, dport=25, flags="S",
                                                             seq=31337))
    # a reset is never answered (RFC 9293): dropped under the rule all the same
    c.up(2, IP(src=s2, dst=r12) / TCP(sport=40007, dport=25, flags="R", seq=1), drop="acl_reject",
         stage="owned")
    # rule 4 comes after rule 2: subscriber 5's SMTP is rejected too
    up_reset(c, 5, IP(src=s5, dst=r12) / TCP(sport=40008, dport=25, flags="S", seq=1))

    # rule 3 / 10: UDP to the resolver, port unreachable quoting the query
    up_unreach(c, 2, IP(src=s2, dst=r11) / UDP(sport=5353, dport=53) / Raw(b"query"), 3, 4)
    up_unreach(c, 3, IPv6(src=sub6(3), dst=REMOTE6 % 11) / UDP(sport=5353, dport=53) /
               Raw(b"query6"), 3, 4)
    # ... another resolver: permitted
    c.up(2, IP(src=s2, dst=r12) / UDP(sport=5353, dport=53) / Raw(b"query"))

    # rules 5 and 6: subscriber 6 permitted (twice: one session), 7 denied
    c.up(6, IP(src=s6, dst=r12) / UDP(sport=6000, dport=5001) / Raw(b"game"))
    c.up(6, IP(src=s6, dst=r12) / UDP(sport=6000, dport=5001) / Raw(b"game"))
    c.down(6, IP(src=r12, dst=s6) / UDP(sport=5001, dport=6000) / Raw(b"back"))
    c.up(7, IP(src=s7, dst=r12) / UDP(sport=6000, dport=5001) / Raw(b"game"), drop="acl_deny")

    # rules 7 and 8: tenant 0's packets, not tenant 1's rule
    c.up(2, IP(src=s2, dst=r12) / UDP(sport=1, dport=7000) / Raw(b"t"))
    c.up(2, IP(src=s2, dst=r12) / UDP(sport=1, dport=7001) / Raw(b"t"), drop="acl_deny")

    # rule 9: an echo from the core, administratively prohibited from core0's address
    ping = raw(IP(src=r12, dst=s2) / ICMP(type=8, id=9, seq=1) / Raw(b"ping"))
    c.down(2, ping, drop="acl_reject", stage="owned",
           out=[("core", Unreach(ping, "core", "core", GW_MAC, 13, 1))])
    # ... an echo from the subscriber: permitted, and its reply (same session)
    c.up(2, IP(src=s2, dst=r12) / ICMP(type=8, id=10, seq=1) / Raw(b"ping"))
    c.down(2, IP(src=r12, dst=s2) / ICMP(type=0, id=10, seq=1) / Raw(b"ping"))

    # rule 11: every packet of an IPv6 source; its IPv4 flows are permitted
    c.up(8, IPv6(src=sub6(8), dst=REMOTE6 % 12) / UDP(sport=1, dport=2) / Raw(b"x"),
         drop="acl_deny")
    c.up(8, IPv6(src=sub6(8), dst=REMOTE6 % 12) / ICMPv6EchoRequest(id=1), drop="acl_deny")
    c.up(8, IP(src=sub4(8), dst=r12) / UDP(sport=1, dport=2) / Raw(b"x"))

    # rule 12: GRE
    gre = raw(IP(src=s2, dst=r12, proto=47) / Raw(b"\x00\x00\x08\x00gre"))
    up_unreach(c, 2, gre, 13, 1)

    hits = [2, 7, 1, 0, 1, 1, 0, 1, 1, 1, 2, 1]
    exp = {"enabled": True, "rules": len(RULES), "default": "permit",
           "default_hits": 5}
    for n, h in enumerate(hits):
        exp["list.%d.hits" % n] = h
        exp["list.%d.index" % n] = n + 1
    # the canonical text of a few rules
    exp["list.0.rule"] = "deny from access proto tcp dst 203.0.113.10/32 dport 23"
    exp["list.10.rule"] = "deny src 2001:db8:10::8/128"
    exp["list.11.rule"] = "reject proto 47"
    c.steps = [{"cmd": "show acl", "expect": exp},
               {"cmd": "show acl statistics",
                "expect": {"new_flows.permitted": 6, "new_flows.denied": 6,
                           "new_flows.rejected": 11, "answers.tcp_resets": 6,
                           "answers.icmp_unreachables": 4, "answers.suppressed": 1,
                           "answers.rate_limited": 0}}]
    return c


def case_acl_default():
    c = AclCase("acl_default", "default reject: only DNS from the subscribers is permitted; "
                "its answers ride the session (no rule for them); a SYN from the core is "
                "reset, UDP from the core port unreachable, UDP from a subscriber elsewhere "
                "too; with default deny in acl_deny_default")
    c.conf += [TENANTS, acl_conf("reject", ["permit from access proto udp dport 53"])]
    r = REMOTE4 % 20
    c.up(2, IP(src=sub4(2), dst=r) / UDP(sport=5000, dport=53) / Raw(b"q"))
    c.down(2, IP(src=r, dst=sub4(2)) / UDP(sport=53, dport=5000) / Raw(b"a"))
    syn = raw(IP(src=r, dst=sub4(2)) / TCP(sport=80, dport=5000, flags="S", seq=5))
    c.down(2, syn, drop="acl_reject", stage="owned", out=[("core", Reset(syn, "core", GW_MAC))])
    u = raw(IP(src=r, dst=sub4(2)) / UDP(sport=1, dport=2) / Raw(b"u"))
    c.down(2, u, drop="acl_reject", stage="owned",
           out=[("core", Unreach(u, "core", "core", GW_MAC, 3, 4))])
    up_unreach(c, 3, IP(src=sub4(3), dst=r) / UDP(sport=5000, dport=54) / Raw(b"q"), 3, 4)
    c.steps = [{"cmd": "show acl", "expect": {"list.0.hits": 1, "default_hits": 3,
                                              "default": "reject"}}]
    return c


def case_acl_deny_default():
    c = AclCase("acl_deny_default", "default deny with one permit: permitted flows pass both "
                "ways, the rest dropped silently")
    c.conf += [TENANTS, acl_conf("deny", ["permit from access proto tcp dport 443"])]
    r = REMOTE4 % 21
    c.up(2, IP(src=sub4(2), dst=r) / TCP(sport=5000, dport=443, flags="S"))
    c.down(2, IP(src=r, dst=sub4(2)) / TCP(sport=443, dport=5000, flags="SA"))
    c.up(2, IP(src=sub4(2), dst=r) / TCP(sport=5001, dport=80, flags="S"), drop="acl_deny")
    c.down(2, IP(src=r, dst=sub4(2)) / TCP(sport=443, dport=5002, flags="S"), drop="acl_deny")
    c.steps = [{"cmd": "show acl", "expect": {"list.0.hits": 1, "default_hits": 2}}]
    return c


def case_acl_reject_rate():
    c = AclCase("acl_reject_rate", "reject_rate 0, reject_burst 2: the first two rejected "
                "SYNs are reset, the next three only dropped (rate limited)")
    c.conf += [TENANTS, acl_conf("permit", ["reject proto tcp dport 25"], rate=0, burst=2)]
    r = REMOTE4 % 22
    for k in range(5):
        syn = IP(src=sub4(2), dst=r) / TCP(sport=6000 + k, dport=25, flags="S", seq=k)
        if k < 2:
            up_reset(c, 2, syn)
        else:
            c.up(2, syn, drop="acl_reject", stage="owned")
    c.steps = [{"cmd": "show acl statistics",
                "expect": {"answers.tcp_resets": 2, "answers.rate_limited": 3,
                           "new_flows.rejected": 5}}]
    return c


def case_acl_workers():
    c = AclCase("acl_workers", "two workers (one port each), each judging the new flows it "
                "owns: subscribers' DNS permitted both ways (whichever direction reaches the owner "
                "first makes the session, the other is handed to it), their telnet denied, "
                "telnet from the core denied too; show acl sums every worker's hits", workers=2)
    c.conf += [TENANTS, acl_conf("permit", ["deny proto tcp dport 23",
                                            "permit proto udp"])]
    r = REMOTE4 % 23
    for i in range(2, 8):
        c.up(i, IP(src=sub4(i), dst=r) / UDP(sport=4000 + i, dport=53) / Raw(b"q"))
        c.down(i, IP(src=r, dst=sub4(i)) / UDP(sport=53, dport=4000 + i) / Raw(b"a"))
        c.up(i, IP(src=sub4(i), dst=r) / TCP(sport=5000 + i, dport=23, flags="S"), drop="acl_deny")
        c.down(i, IP(src=r, dst=sub4(i)) / TCP(sport=5000 + i, dport=23, flags="S"),
               drop="acl_deny")
    c.steps = [{"cmd": "show acl", "expect": {"list.0.hits": 12, "list.1.hits": 6,
                                              "default_hits": 0}},
               {"cmd": "show acl statistics", "expect": {"new_flows.permitted": 6,
                                                         "new_flows.denied": 12}}]
    return c


def case_acl_nat():
    """nat_basic with the ACL before the NAT: the same packets out, the same NAT state."""
    from cases_nat import case_nat_basic
    c = case_nat_basic()
    c.__class__ = AclCase
    c.name = "acl_nat"
    c.doc = ("nat_basic's traffic with services acl, nat, forward, counters: the ACL judges "
             "each new flow before the NAT maps it (permitted flows translated exactly as "
             "without it), a denied subscriber's flow gets neither a session nor a mapping")
    c.conf = [line.replace('services = [ "nat", "forward", "counters" ]',
                           'services = [ "acl", "nat", "forward", "counters" ]') for line in c.conf]
    assert any('"acl", "nat"' in line for line in c.conf)
    c.conf.append(acl_conf("permit", ["deny src 10.0.0.40"]))
    c.up(40, IP(src=sub4(40), dst=REMOTE4 % 24) / UDP(sport=1, dport=2) / Raw(b"x"), drop="acl_deny")
    c.steps = list(c.steps) + [
        {"cmd": "show acl statistics", "expect": {"new_flows.permitted": len(c.flows),
                                                  "new_flows.denied": 1}}]
    return c
